// The peers of issue 16, for `npm run bench -- --peers`: ejabberd and Prosody started from the
// configurations kept here and measured over XMPP in the shapes of Liao's own scenarios.
export { measureXmppDirect } from './direct';
export { type EjabberdOptions, startEjabberd } from './ejabberd';
export { measureXmppFanout } from './fanout';
export { measureXmppIdle } from './idle';
export type { XmppPeer } from './peerProcess';
export { type ProsodyOptions, startProsody } from './prosody';
