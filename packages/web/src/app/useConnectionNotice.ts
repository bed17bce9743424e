import { useTranslation } from 'react-i18next';
import { useAppStore } from './state/store';

export interface ConnectionNotice {
  text: string | null;
  reason?: 'offline' | 'displaced';
  actionLabel?: string;
  onAction?: () => void;
}

/** What the connection banner shows about the live link: nothing (text null) while it is fine. */
export function useConnectionNotice(): ConnectionNotice {
  const { t } = useTranslation();
  const connection = useAppStore((s) => s.connection);
  const reconnect = useAppStore((s) => s.reconnect);
  switch (connection) {
    case 'reconnecting':
      return { text: t('connection.reconnecting'), reason: 'offline' };
    case 'displaced':
      // The SDK waits for the person here: reconnecting by itself would close another device.
      return {
        text: t('connection.displaced'),
        reason: 'displaced',
        actionLabel: t('connection.reconnectHere'),
        onAction: reconnect,
      };
    default:
      return { text: null };
  }
}
