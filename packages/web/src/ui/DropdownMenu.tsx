import * as Menu from '@radix-ui/react-dropdown-menu';
import type { ReactElement } from 'react';
import { type MenuItems, MenuRows, useMenuActions } from './menuItems';
import { useOverlayContainer } from './OverlayHost';
import './ContextMenu.css';

export type { MenuItem, MenuItems } from './menuItems';

type Props = {
  /** Names the menu for screen readers. */
  label: string;
  items: MenuItems;
  /** The button that opens it (it gets aria-haspopup and aria-expanded). */
  children: ReactElement;
};

/** Keep this far from the window's edges. */
const EDGE = 8;

/**
 * The menu under a button ("+" atop the chat list, "…" on a video), drawn as the right-click
 * menu is (Radix's DropdownMenu): from the keyboard it opens on its first item, and focus goes
 * back to the button when it closes.
 */
export function DropdownMenu({ label, items, children }: Props) {
  const container = useOverlayContainer();
  const actions = useMenuActions();
  return (
    // Not modal: a modal menu's scroll lock adds a <style> the app's CSP refuses. A click
    // elsewhere closes it and still lands, as desktop menus do.
    <Menu.Root modal={false}>
      <Menu.Trigger asChild>{children}</Menu.Trigger>
      <Menu.Portal container={container}>
        <Menu.Content
          className="menu"
          aria-label={label}
          align="start"
          sideOffset={4}
          collisionPadding={EDGE}
          onCloseAutoFocus={actions.onCloseAutoFocus}
        >
          <MenuRows items={items} Item={Menu.Item} pick={actions.pick} />
        </Menu.Content>
      </Menu.Portal>
    </Menu.Root>
  );
}
