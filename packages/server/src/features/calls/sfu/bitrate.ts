import { ReceiverEstimatedMaxBitrate, RtcpPayloadSpecificFeedback } from 'werift';

/**
 * The most a participant's camera should send, by how many people are in the call: each
 * receiver's downlink carries everyone else's video, so the per-sender share shrinks as the
 * grid grows (a 3×3 grid's tiles are small anyway). Audio is left alone: Opus is cheap.
 */
export function videoBitrateFor(participants: number): number {
  if (participants <= 2) return 1_500_000;
  if (participants <= 4) return 800_000;
  return 400_000;
}

/**
 * A REMB (draft-alvestrand-rmcat-remb) capping `ssrc` at `bitrate`: what browsers' senders obey
 * when goog-remb is negotiated, as werift's VP8 offers it. werift sends no REMB of its own.
 */
export function rembPacket(senderSsrc: number, ssrc: number, bitrate: number): RtcpPayloadSpecificFeedback {
  // The bitrate travels as an 18-bit mantissa and a 6-bit exponent.
  let mantissa = Math.floor(bitrate);
  let exp = 0;
  while (mantissa >= 1 << 18) {
    mantissa = Math.floor(mantissa / 2);
    exp++;
  }
  return new RtcpPayloadSpecificFeedback({
    feedback: new ReceiverEstimatedMaxBitrate({
      senderSsrc,
      mediaSsrc: 0,
      ssrcNum: 1,
      brExp: exp,
      brMantissa: mantissa,
      bitrate: BigInt(mantissa) << BigInt(exp),
      ssrcFeedbacks: [ssrc],
    }),
  });
}
