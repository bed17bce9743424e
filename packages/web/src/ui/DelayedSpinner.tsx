import { Loader2 } from 'lucide-react';
import { useEffect, useState } from 'react';

/** Most sends finish at once; a spinner flashed for 100 ms only makes the chat flicker. */
const SPINNER_DELAY_MS = 500;

type Props = { label: string };

/** A spinner that appears only once the wait has lasted longer than half a second. */
export function DelayedSpinner({ label }: Props) {
  const [shown, setShown] = useState(false);
  useEffect(() => {
    const timer = setTimeout(() => setShown(true), SPINNER_DELAY_MS);
    return () => clearTimeout(timer);
  }, []);
  if (!shown) return null;
  return <Loader2 size={14} className="spin" role="status" aria-label={label} />;
}
