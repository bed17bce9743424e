import type { ComponentType, ReactNode } from 'react';
import { useRef } from 'react';

export interface MenuItem {
  id: string;
  label: string;
  icon?: ReactNode;
  danger?: boolean;
  onSelect: () => void;
}

/** A menu's items, or a function that makes them when the menu opens (rows that are rarely asked). */
export type MenuItems = readonly MenuItem[] | (() => readonly MenuItem[]);

/** Radix's Item of either menu: a context menu's or a dropdown's. */
type ItemComponent = ComponentType<{ className: string; onSelect: () => void; children: ReactNode }>;

/**
 * A picked item's action waits until the menu has closed and given focus back to where it was
 * (the row, the "…" button): a dialog the action opens then returns focus there when it
 * closes, and focus the action moves (the composer, for Reply) is not taken back by the menu.
 */
export function useMenuActions() {
  const pending = useRef<(() => void) | null>(null);
  return {
    pick: (item: MenuItem) => () => {
      pending.current = item.onSelect;
    },
    /** The menu content's onCloseAutoFocus: Radix moves focus back right after it, then this runs. */
    onCloseAutoFocus: () => {
      const run = pending.current;
      pending.current = null;
      if (run) queueMicrotask(run);
    },
  };
}

type Props = {
  items: MenuItems;
  Item: ItemComponent;
  pick: (item: MenuItem) => () => void;
};

/** The rows of a menu, drawn only while it is open (a function's items are made then). */
export function MenuRows({ items, Item, pick }: Props) {
  const list = typeof items === 'function' ? items() : items;
  return list.map((item) => (
    <Item
      key={item.id}
      className={`menu__item${item.danger ? ' menu__item--danger' : ''}`}
      onSelect={pick(item)}
    >
      {item.icon && <span className="menu__icon">{item.icon}</span>}
      {item.label}
    </Item>
  ));
}
