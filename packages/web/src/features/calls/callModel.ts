import type { Call, CallParticipant } from '@liao/protocol';
import type { DeviceChoice } from './engine/types';

/**
 * Whether this device should ring for the call: the person is being rung and has not taken the
 * call on any device yet (the first device that answers takes it; the others stop).
 */
export function ringsHere(call: Call, meId: string): boolean {
  return (
    call.endedAt === null && call.ringing.includes(meId) && !call.participants.some((p) => p.userId === meId)
  );
}

/** The other person's device in a one-to-one call, once they are in it. */
export function otherParticipant(call: Call, meId: string): CallParticipant | null {
  return call.participants.find((p) => p.userId !== meId) ?? null;
}

/** The running group calls among `calls`, by conversation (the bars in the group chats). */
export function runningGroupCalls(calls: Call[]): Record<string, Call> {
  const running: Record<string, Call> = {};
  for (const call of calls)
    if (call.topology === 'sfu' && call.endedAt === null) running[call.conversationId] = call;
  return running;
}

/** The person on the other side of a one-to-one call (the caller, or the one rung). */
export function otherPerson(call: Call, meId: string): string | null {
  if (call.startedBy !== meId) return call.startedBy;
  return call.ringing[0] ?? otherParticipant(call, meId)?.userId ?? null;
}

/** Per device, not per account: a laptop's headset is not a phone's (app/state/localData.ts). */
export const CALL_DEVICES_KEY = 'liao.callDevices';

export const NO_DEVICE_CHOICE: DeviceChoice = { camera: null, microphone: null, speaker: null };

type Storage = Pick<globalThis.Storage, 'getItem' | 'setItem'>;

function storage(): Storage | null {
  try {
    return globalThis.localStorage ?? null;
  } catch {
    return null;
  }
}

export function readDeviceChoice(store: Storage | null = storage()): DeviceChoice {
  try {
    const saved: unknown = JSON.parse(store?.getItem(CALL_DEVICES_KEY) ?? 'null');
    if (!saved || typeof saved !== 'object') return NO_DEVICE_CHOICE;
    const pick = (key: keyof DeviceChoice) => {
      const value = (saved as Record<string, unknown>)[key];
      return typeof value === 'string' ? value : null;
    };
    return { camera: pick('camera'), microphone: pick('microphone'), speaker: pick('speaker') };
  } catch {
    return NO_DEVICE_CHOICE;
  }
}

export function writeDeviceChoice(choice: DeviceChoice, store: Storage | null = storage()): void {
  try {
    store?.setItem(CALL_DEVICES_KEY, JSON.stringify(choice));
  } catch {
    // Not kept: the next call starts on the default devices.
  }
}
