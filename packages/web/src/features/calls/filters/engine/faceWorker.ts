/// <reference lib="webworker" />
import { Human } from '@vladmandic/human';
import { anchorsFromMesh, type FaceAnchors } from '../model/stickerPlacement';
import type { TrackerReply, TrackerRequest } from './faceMessages';
import { humanConfig } from './humanConfig';

/**
 * The face tracker, in a worker of its own: human's models take tens of milliseconds a look
 * (far more on the CPU backend), which on the page's thread would stall the frames being sent.
 */

const scope = self as unknown as DedicatedWorkerGlobalScope;
let human: Human | null = null;

function reply(message: TrackerReply): void {
  scope.postMessage(message);
}

async function start(request: Extract<TrackerRequest, { kind: 'start' }>): Promise<void> {
  try {
    const instance = new Human(humanConfig(request.backend, request.modelBaseUrl));
    await instance.load();
    const loaded = instance.models.loaded();
    if (!loaded.includes('blazeface') || !loaded.includes('facemesh')) {
      reply({ kind: 'failed', reason: `models not loaded (have: ${loaded.join(', ') || 'none'})` });
      return;
    }
    human = instance;
    reply({ kind: 'ready', backend: instance.tf.getBackend() });
  } catch (error) {
    reply({ kind: 'failed', reason: String(error) });
  }
}

async function look(request: Extract<TrackerRequest, { kind: 'look' }>): Promise<void> {
  const { image } = request;
  try {
    if (!human) return reply({ kind: 'faces', faces: [] });
    const result = await human.detect(image);
    const faces: FaceAnchors[] = [];
    for (const face of result.face) {
      const anchors = anchorsFromMesh(
        face.mesh,
        request.frameWidth / image.width,
        request.frameHeight / image.height,
      );
      if (anchors) faces.push(anchors);
    }
    reply({ kind: 'faces', faces });
  } catch {
    // One failed look is no reason to stop: the next frame is looked at afresh.
    reply({ kind: 'faces', faces: [] });
  } finally {
    image.close();
  }
}

scope.onmessage = (event: MessageEvent<TrackerRequest>) => {
  const request = event.data;
  if (request.kind === 'start') void start(request);
  else void look(request);
};
