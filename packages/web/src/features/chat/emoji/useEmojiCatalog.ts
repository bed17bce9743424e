import { useCallback, useEffect, useState } from 'react';
import type { Locale } from '../../../app/i18n';
import { type EmojiCatalog, loadEmojiCatalog, readRecentEmoji, rememberEmoji } from './emoji';

/**
 * The picker's data: the catalog in the app's language, loaded on first use (`load`), and this
 * browser's recent emoji.
 */
export function useEmojiCatalog(locale: Locale) {
  const [wanted, setWanted] = useState(false);
  const [catalog, setCatalog] = useState<EmojiCatalog | null>(null);
  const [failed, setFailed] = useState(false);
  const [recent, setRecent] = useState(readRecentEmoji);

  useEffect(() => {
    if (!wanted) return;
    let live = true;
    setFailed(false);
    loadEmojiCatalog(locale).then(
      (loaded) => live && setCatalog(loaded),
      () => {
        if (!live) return;
        setFailed(true);
        // Try again on the next opening.
        setWanted(false);
      },
    );
    return () => {
      live = false;
    };
  }, [wanted, locale]);

  const load = useCallback(() => setWanted(true), []);
  const remember = useCallback((unicode: string) => setRecent(rememberEmoji(unicode)), []);
  return { catalog, failed, recent, load, remember };
}
