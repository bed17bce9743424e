import type {
  RTCDataChannel,
  RTCIceCandidatePairStats,
  RTCIceCandidateStats,
  RTCPeerConnection,
  RTCTransportStats,
} from 'werift';

/**
 * Connects two werift peers of this process through `signal`; resolves once both are
 * connected, fails at once if either fails, or past `timeoutMs`.
 */
export async function connectPeers(
  a: RTCPeerConnection,
  b: RTCPeerConnection,
  timeoutMs = 10_000,
): Promise<void> {
  const connected = Promise.all([
    reachState(a, 'connected', timeoutMs),
    reachState(b, 'connected', timeoutMs),
  ]);
  await signal(a, b);
  await connected;
}

/**
 * Offer, answer and trickled candidates carried from `a` to `b` and back, as call signalling
 * carries them between two devices. werift keeps candidates that come before the remote
 * description and applies them after it.
 */
export async function signal(a: RTCPeerConnection, b: RTCPeerConnection): Promise<void> {
  a.onIceCandidate.subscribe((candidate) => {
    if (candidate) void b.addIceCandidate(candidate);
  });
  b.onIceCandidate.subscribe((candidate) => {
    if (candidate) void a.addIceCandidate(candidate);
  });
  await a.setLocalDescription(await a.createOffer());
  await b.setRemoteDescription(a.localDescription ?? fail('no offer'));
  await b.setLocalDescription(await b.createAnswer());
  await a.setRemoteDescription(b.localDescription ?? fail('no answer'));
}

type ConnectionState = RTCPeerConnection['connectionState'];

/** Resolves when `pc` reaches `state`; rejects if it fails or closes first, or past `timeoutMs`. */
export function reachState(pc: RTCPeerConnection, state: ConnectionState, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const check = (now: ConnectionState) => {
      if (now === state) settle();
      else if (now === 'failed' || now === 'closed') settle(new Error(`${now} while waiting for ${state}`));
    };
    const { unSubscribe } = pc.connectionStateChange.subscribe(check);
    const timer = setTimeout(
      () => settle(new Error(`still ${pc.connectionState} after ${timeoutMs} ms, waiting for ${state}`)),
      timeoutMs,
    );
    function settle(error?: Error) {
      clearTimeout(timer);
      unSubscribe();
      if (error) reject(error);
      else resolve();
    }
    check(pc.connectionState);
  });
}

/** The next message on `channel`, as text. */
export async function nextMessage(channel: RTCDataChannel, timeoutMs = 5000): Promise<string> {
  const [data] = await channel.onMessage.asPromise(timeoutMs).catch((why: unknown) => {
    throw new Error(`no message on ${channel.label}: ${String(why)}`);
  });
  if (data === undefined) throw new Error(`${channel.label} closed before a message came`);
  return typeof data === 'string' ? data : data.toString('utf8');
}

/** Resolves once `channel` is open. */
export async function opened(channel: RTCDataChannel, timeoutMs = 5000): Promise<void> {
  if (channel.readyState === 'open') return;
  await channel.stateChanged
    .watch((state) => state === 'open', timeoutMs)
    .catch((why: unknown) => {
      throw new Error(`${channel.label} did not open: ${String(why)}`);
    });
}

/**
 * The candidate types ('host', 'srflx', 'prflx', 'relay') of the pair `pc` selected, from its
 * stats as a browser reports them: the transport's selected pair, and that pair's candidates.
 */
export async function selectedCandidateTypes(
  pc: RTCPeerConnection,
): Promise<{ local: string; remote: string }> {
  const stats = await pc.getStats();
  const all = [...stats.values()];
  const transport = all.find((s): s is RTCTransportStats => s.type === 'transport');
  const pairId = transport?.selectedCandidatePairId ?? fail('no selected candidate pair');
  const pair = stats.get(pairId) as RTCIceCandidatePairStats | undefined;
  const candidate = (id: string | undefined) =>
    (stats.get(id ?? '') as RTCIceCandidateStats | undefined)?.candidateType ?? fail(`no candidate ${id}`);
  return { local: candidate(pair?.localCandidateId), remote: candidate(pair?.remoteCandidateId) };
}

function fail(why: string): never {
  throw new Error(why);
}
