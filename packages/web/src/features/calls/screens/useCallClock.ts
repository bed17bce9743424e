import { useEffect, useState } from 'react';
import { callDuration } from '../../../entities/callLine';

/** "01:05" since the call was answered, ticking each second; null before. */
export function useCallClock(since: number | null): string | null {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (since === null) return;
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [since]);
  return since === null ? null : callDuration(Math.max(0, now - since));
}
