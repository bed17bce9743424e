import { useEffect, useState } from 'react';

/**
 * An object URL for `blob` while it is given: made when it comes, revoked when it changes, goes
 * (null) or the caller unmounts, so a preview never holds a file's bytes after it is closed.
 */
export function useObjectUrl(blob: Blob | null): string | null {
  const [made, setMade] = useState<{ blob: Blob; url: string } | null>(null);
  useEffect(() => {
    if (!blob) return;
    const url = URL.createObjectURL(blob);
    setMade({ blob, url });
    return () => URL.revokeObjectURL(url);
  }, [blob]);
  // Between a new blob and its effect, the old URL (about to be revoked) is not handed out.
  return made && made.blob === blob ? made.url : null;
}
