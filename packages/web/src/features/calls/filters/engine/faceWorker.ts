/// <reference lib="webworker" />
import { Human } from '@vladmandic/human';
import { anchorsFromMesh, type FaceAnchors } from '../model/stickerPlacement';
import type { TrackerReply, TrackerRequest } from './faceMessages';
import { humanConfig, type TrackerBackend } from './humanConfig';

/**
 * The face tracker, in a worker of its own: human's models take tens of milliseconds a look
 * (far more on the CPU backend), which on the page's thread would stall the frames being sent.
 */

const scope = self as unknown as DedicatedWorkerGlobalScope;
let human: Human | null = null;

function reply(message: TrackerReply): void {
  scope.postMessage(message);
}

/**
 * Starts human on the first of the backends that comes up, then loads the two models. tfjs does
 * not fail when a backend will not start: it quietly takes the best other one it has (WebGL on a
 * software renderer, say). So each backend is checked to be the one running, and the ones that
 * failed are said in the reply.
 */
async function start(request: Extract<TrackerRequest, { kind: 'start' }>): Promise<void> {
  const fellBack: { backend: TrackerBackend; reason: string }[] = [];
  for (const backend of request.backends) {
    try {
      const instance = new Human(humanConfig(backend, request.modelBaseUrl, request.wasmBaseUrl));
      await instance.init();
      const running = instance.tf.getBackend();
      if (running !== backend) {
        fellBack.push({ backend, reason: `did not start (tfjs runs ${running || 'nothing'})` });
        continue;
      }
      await instance.load();
      const loaded = instance.models.loaded();
      if (!loaded.includes('blazeface') || !loaded.includes('facemesh')) {
        return reply({ kind: 'failed', reason: `models not loaded (have: ${loaded.join(', ') || 'none'})` });
      }
      human = instance;
      return reply({ kind: 'ready', backend, fellBack });
    } catch (error) {
      fellBack.push({ backend, reason: String(error) });
    }
  }
  const reasons = fellBack.map((f) => `${f.backend}: ${f.reason}`).join('; ');
  reply({ kind: 'failed', reason: `no backend started (${reasons})` });
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
