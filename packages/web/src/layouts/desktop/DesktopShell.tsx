import { useTranslation } from 'react-i18next';
import { ShellHabits } from '../../app/ShellHabits';
import type { Route } from '../../app/state/routes';
import { useAppStore } from '../../app/state/store';
import { useConnectionNotice } from '../../app/useConnectionNotice';
import { CallLayer } from '../../features/calls';
import { ChatScreen, MessagesScreen } from '../../features/chat';
import {
  AddFriendScreen,
  BlockedScreen,
  ContactScreen,
  FriendsListScreen,
  NewFriendsScreen,
} from '../../features/contacts';
import { CreateGroupDialog, GroupsListScreen } from '../../features/groups';
import {
  DevicesScreen,
  GeneralScreen,
  PasswordScreen,
  ProfileSettingsScreen,
  SettingsMenuScreen,
} from '../../features/settings';
import { ShareVideoDialog, VideosMenuScreen, VideosScreen } from '../../features/videos';
import { ConnectionBanner } from '../../ui/ConnectionBanner';
import { OverlayHost } from '../../ui/OverlayHost';
import { PanePlaceholder } from '../../ui/PanePlaceholder';
import './desktop.css';
import { NavRail } from './NavRail';
import { useListWidth } from './useListWidth';

/**
 * Wide windows: rail, list column and the pane beside it, as in WeChat for Windows/Mac; a lost
 * connection is a strip across the whole window above them, not a line in one column.
 */
export function DesktopShell() {
  const { t } = useTranslation();
  const route = useAppStore((s) => s.route);
  const notice = useConnectionNotice();
  const { width, handleProps } = useListWidth(t('common.resize'));
  const { list, pane } = useColumns(route);
  return (
    <OverlayHost
      className="desktop"
      style={{ gridTemplateColumns: `var(--rail-w) ${width}px minmax(0, 1fr)` }}
    >
      <ConnectionBanner {...notice} />
      <NavRail />
      <aside className="desktop__list">
        <div className="desktop__list-body">{list}</div>
        <div className="desktop__resize" {...handleProps} />
      </aside>
      <main className="desktop__pane">{pane}</main>
      <ShellHabits />
      <CreateGroupDialog />
      <ShareVideoDialog />
      <CallLayer layout="desktop" />
    </OverlayHost>
  );
}

function useColumns(route: Route): { list: React.ReactNode; pane: React.ReactNode } {
  const { t } = useTranslation();
  switch (route.name) {
    case 'friends': {
      const pane = route.pane;
      let content: React.ReactNode;
      if (pane.kind === 'new') content = <NewFriendsScreen />;
      else if (pane.kind === 'add') content = <AddFriendScreen />;
      else if (pane.kind === 'groups') content = <GroupsListScreen />;
      else if (pane.kind === 'contact') content = <ContactScreen key={pane.userId} userId={pane.userId} />;
      else content = <PanePlaceholder text={t('friends.selectHint')} />;
      return { list: <FriendsListScreen />, pane: content };
    }
    case 'videos':
      return { list: <VideosMenuScreen selected={route.tab} />, pane: <VideosScreen tab={route.tab} /> };
    case 'settings': {
      const section = route.section ?? 'profile';
      const panes = {
        profile: <ProfileSettingsScreen />,
        devices: <DevicesScreen />,
        blocked: <BlockedScreen />,
        password: <PasswordScreen />,
        general: <GeneralScreen />,
      };
      return {
        list: <SettingsMenuScreen title={t('nav.settings')} selected={section} />,
        pane: panes[section],
      };
    }
    default: {
      const openId = route.name === 'messages' ? route.conversationId : undefined;
      return {
        list: <MessagesScreen />,
        pane: openId ? (
          <ChatScreen key={openId} conversationId={openId} />
        ) : (
          <PanePlaceholder text={t('messages.selectHint')} />
        ),
      };
    }
  }
}
