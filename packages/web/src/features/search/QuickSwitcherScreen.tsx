import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { QuickSwitcher } from './QuickSwitcher';
import { useListSearch } from './useListSearch';

type Props = { onClose: () => void };

/** Ctrl/Cmd+K's switcher over the chats and contacts; picking one opens it and closes this. */
export function QuickSwitcherScreen({ onClose }: Props) {
  const { t } = useTranslation();
  const [query, setQuery] = useState('');
  const sections = useListSearch(query, onClose, true);
  return (
    <QuickSwitcher
      label={t('list.switcherLabel')}
      placeholder={t('list.searchLabel')}
      hint={t('list.switcherHint')}
      emptyText={query.trim() === '' ? t('messages.emptyTitle') : t('list.noResults', { query })}
      query={query}
      onQuery={setQuery}
      sections={sections}
      onClose={onClose}
    />
  );
}
