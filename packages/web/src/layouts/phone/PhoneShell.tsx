import { useTranslation } from 'react-i18next';
import { ShellHabits } from '../../app/ShellHabits';
import type { Route } from '../../app/state/routes';
import { useAppStore } from '../../app/state/store';
import { useConnectionNotice } from '../../app/useConnectionNotice';
import { QrConfirmScreen, ScanScreen } from '../../features/auth';
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
import { ShareVideoDialog, VideosScreen } from '../../features/videos';
import { ConnectionBanner } from '../../ui/ConnectionBanner';
import { OverlayHost } from '../../ui/OverlayHost';
import './phone.css';
import { TabBar } from './TabBar';

/**
 * Narrow screens and /m: one full-screen page at a time. The three top pages have the tab
 * bar; the pages under them cover it and have a back button.
 */
export function PhoneShell() {
  const route = useAppStore((s) => s.route);
  const navigate = useAppStore((s) => s.navigate);
  const { t } = useTranslation();
  const notice = useConnectionNotice();
  const { screen, topLevel } = pickScreen(route, navigate, t('nav.me'));
  return (
    <OverlayHost className="phone">
      <ConnectionBanner {...notice} />
      <div className="phone__screen">{screen}</div>
      {topLevel && <TabBar />}
      <ShellHabits />
      <CreateGroupDialog />
      <ShareVideoDialog />
      <CallLayer layout="phone" />
    </OverlayHost>
  );
}

interface Page {
  screen: React.ReactNode;
  /** A top page: the tab bar shows under it. */
  topLevel: boolean;
}

function pickScreen(route: Route, navigate: (route: Route) => void, meTitle: string): Page {
  const sub = (screen: React.ReactNode): Page => ({ screen, topLevel: false });
  const top = (screen: React.ReactNode): Page => ({ screen, topLevel: true });
  const scan = () => navigate({ name: 'qrScan' });
  switch (route.name) {
    case 'qrScan':
      return sub(<ScanScreen onBack={() => navigate({ name: 'messages' })} />);
    case 'qrConfirm':
      return sub(
        <QrConfirmScreen key={route.code} code={route.code} onDone={() => navigate({ name: 'messages' })} />,
      );
    case 'friends': {
      const back = () => navigate({ name: 'friends', pane: { kind: 'none' } });
      const pane = route.pane;
      if (pane.kind === 'new') return sub(<NewFriendsScreen onBack={back} />);
      if (pane.kind === 'add') return sub(<AddFriendScreen onBack={back} />);
      if (pane.kind === 'groups') return sub(<GroupsListScreen onBack={back} />);
      if (pane.kind === 'contact')
        return sub(<ContactScreen key={pane.userId} userId={pane.userId} onBack={back} />);
      return top(<FriendsListScreen />);
    }
    case 'videos':
      return top(<VideosScreen tab={route.tab} showTabs />);
    case 'settings': {
      const back = () => navigate({ name: 'settings', section: null });
      if (route.section === 'profile') return sub(<ProfileSettingsScreen onBack={back} />);
      if (route.section === 'devices') return sub(<DevicesScreen onBack={back} />);
      if (route.section === 'blocked') return sub(<BlockedScreen onBack={back} />);
      if (route.section === 'password') return sub(<PasswordScreen onBack={back} />);
      if (route.section === 'general') return sub(<GeneralScreen onBack={back} />);
      return top(<SettingsMenuScreen title={meTitle} selected={null} chevrons onScan={scan} />);
    }
    default:
      if (route.name === 'messages' && route.conversationId)
        return sub(
          <ChatScreen
            key={route.conversationId}
            conversationId={route.conversationId}
            onBack={() => navigate({ name: 'messages' })}
          />,
        );
      return top(<MessagesScreen onScan={scan} />);
  }
}
