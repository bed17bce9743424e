import { useEffect, useRef } from 'react';

type Props = {
  stream: MediaStream | null;
  className: string;
  /** Which side it shows: the e2e suite finds the videos by it. */
  side: 'local' | 'remote';
  /** The own camera is shown as a mirror, as people expect to see themselves. */
  mirrored?: boolean;
};

/**
 * A stream's picture, always muted: the other side's sound plays through RemoteAudio, so that
 * it goes on while the screen changes between full size and the small window.
 */
export function StreamVideo({ stream, className, side, mirrored = false }: Props) {
  const ref = useRef<HTMLVideoElement>(null);
  useEffect(() => {
    const video = ref.current;
    if (video && video.srcObject !== stream) video.srcObject = stream;
  }, [stream]);
  return (
    <video
      ref={ref}
      className={`${className}${mirrored ? ' call-video--mirrored' : ''}`}
      data-call-video={side}
      autoPlay
      playsInline
      muted
    />
  );
}

type AudioProps = { stream: MediaStream | null; sinkId: string | null };

/** The other side's voice, on the chosen speaker where the browser lets a page choose. */
export function RemoteAudio({ stream, sinkId }: AudioProps) {
  const ref = useRef<HTMLAudioElement>(null);
  useEffect(() => {
    const audio = ref.current;
    if (audio && audio.srcObject !== stream) audio.srcObject = stream;
  }, [stream]);
  useEffect(() => {
    const audio = ref.current;
    // Safari has no setSinkId: its sound goes where the system sends it.
    if (audio && 'setSinkId' in audio && sinkId) audio.setSinkId(sinkId).catch(() => {});
  }, [sinkId]);
  // biome-ignore lint/a11y/useMediaCaption: a live call's voice has no caption track to give.
  return <audio ref={ref} autoPlay hidden />;
}
