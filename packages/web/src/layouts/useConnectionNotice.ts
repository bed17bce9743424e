import { useTranslation } from 'react-i18next';
import { useAppStore } from '../state/store';

/** The line to show about the live connection, or null while it is fine. */
export function useConnectionNotice(): string | null {
  const { t } = useTranslation();
  const connection = useAppStore((s) => s.connection);
  return connection === 'reconnecting' ? t('connection.reconnecting') : null;
}
