/**
 * Tells the connection whenever the device says its network went or came back; returns a stop.
 * The connection drops its socket at once on `false` (no need to wait for a heartbeat to find
 * out) and reconnects at once on `true` (no need to wait out the backoff).
 */
export type NetworkWatch = (onChange: (online: boolean) => void) => () => void;

type EventHost = {
  addEventListener?: (type: string, listener: () => void) => void;
  removeEventListener?: (type: string, listener: () => void) => void;
};

/** The browser's `offline` and `online` events; elsewhere (Node: bots, tests) it never calls. */
export const browserNetwork: NetworkWatch = (onChange) => {
  const host = globalThis as EventHost;
  if (typeof host.addEventListener !== 'function') return () => {};
  const offline = () => onChange(false);
  const online = () => onChange(true);
  host.addEventListener('offline', offline);
  host.addEventListener('online', online);
  return () => {
    host.removeEventListener?.('offline', offline);
    host.removeEventListener?.('online', online);
  };
};
