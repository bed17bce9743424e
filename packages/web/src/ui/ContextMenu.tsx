import * as Menu from '@radix-ui/react-context-menu';
import type { ReactElement } from 'react';
import { type MenuItems, MenuRows, useMenuActions } from './menuItems';
import { useOverlayContainer } from './OverlayHost';
import './ContextMenu.css';

export type { MenuItem, MenuItems } from './menuItems';

type Props = {
  /** Names the menu for screen readers ("聊天操作"). */
  label: string;
  items: MenuItems;
  /** The element it belongs to: its right-click, long press or menu key opens the menu. */
  children: ReactElement;
  /** No menu here: the browser's own shows instead. */
  disabled?: boolean;
};

/** Keep this far from the window's edges. */
const EDGE = 8;

/**
 * A small menu at the pointer, as desktop apps show on right-click (Radix's ContextMenu): a
 * long press opens it on touch screens, Shift+F10 or the menu key from the keyboard; arrows
 * move, Enter picks, Esc or a click elsewhere closes it and focus goes back where it was.
 */
export function ContextMenu({ label, items, children, disabled = false }: Props) {
  const container = useOverlayContainer();
  const actions = useMenuActions();
  return (
    // Not modal: a modal menu's scroll lock adds a <style> the app's CSP refuses. A click
    // elsewhere closes it and still lands, as desktop menus do.
    <Menu.Root modal={false}>
      <Menu.Trigger asChild disabled={disabled}>
        {children}
      </Menu.Trigger>
      <Menu.Portal container={container}>
        <Menu.Content
          className="menu"
          aria-label={label}
          collisionPadding={EDGE}
          onCloseAutoFocus={actions.onCloseAutoFocus}
        >
          <MenuRows items={items} Item={Menu.Item} pick={actions.pick} />
        </Menu.Content>
      </Menu.Portal>
    </Menu.Root>
  );
}
