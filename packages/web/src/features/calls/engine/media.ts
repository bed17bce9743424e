import type { CallMedia } from '@liao/protocol';
import type { DeviceChoice, MediaAccess } from './types';

/** 720p where the camera gives it: sharp on the desktop's large view, and the link adapts down. */
const CAMERA_IDEAL = { width: { ideal: 1280 }, height: { ideal: 720 }, frameRate: { ideal: 30 } };

export function microphoneConstraints(deviceId: string | null): MediaTrackConstraints | boolean {
  return deviceId ? { deviceId: { exact: deviceId } } : true;
}

export function cameraConstraints(
  deviceId: string | null,
  facing: 'user' | 'environment',
): MediaTrackConstraints {
  return deviceId
    ? { ...CAMERA_IDEAL, deviceId: { exact: deviceId } }
    : { ...CAMERA_IDEAL, facingMode: facing };
}

/**
 * Opens the microphone, and the camera for a video call. A chosen device that is gone (unplugged
 * since) falls back to the default rather than failing the call.
 */
export async function openLocalMedia(
  access: MediaAccess,
  media: CallMedia,
  devices: DeviceChoice,
): Promise<MediaStream> {
  const wanted = (choice: DeviceChoice) => ({
    audio: microphoneConstraints(choice.microphone),
    video: media === 'video' ? cameraConstraints(choice.camera, 'user') : false,
  });
  try {
    return await access.getUserMedia(wanted(devices));
  } catch (error) {
    const gone = error instanceof DOMException && error.name === 'OverconstrainedError';
    if (!gone || (devices.camera === null && devices.microphone === null)) throw error;
    return access.getUserMedia(wanted({ camera: null, microphone: null, speaker: null }));
  }
}

/**
 * The seam for the video filters (features/calls/filters, coming): the camera's track goes
 * through here before it is sent, so that a filtered canvas track can take its place. Identity
 * until the filters land.
 */
export function outgoingVideo(track: MediaStreamTrack): MediaStreamTrack {
  return track;
}

/** The browser's own media functions, bound (they throw "Illegal invocation" when detached). */
export function browserMedia(): MediaAccess {
  const devices = navigator.mediaDevices;
  return {
    getUserMedia: (constraints) => devices.getUserMedia(constraints),
    getDisplayMedia: (constraints) => devices.getDisplayMedia(constraints),
  };
}
