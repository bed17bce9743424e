import type { Config } from '@vladmandic/human';

/**
 * How human is set up for stickers: the face detector and the face mesh, nothing else, with
 * every file from our own origin. Pure, so the test can check that nothing else is switched on.
 */

/** The tfjs backends the tracker uses: the GPU where there is a real one, the CPU otherwise. */
export type TrackerBackend = 'webgl' | 'cpu';

/**
 * Software renderers (SwiftShader in Chromium without a GPU, Mesa's llvmpipe, Windows' basic
 * driver) run WebGL on the CPU, slower than tfjs' own CPU kernels for these small models.
 */
const SOFTWARE_RENDERER = /swiftshader|llvmpipe|softpipe|software|basic render driver/i;

export function chooseBackend(rendererName: string): TrackerBackend {
  return rendererName && !SOFTWARE_RENDERER.test(rendererName) ? 'webgl' : 'cpu';
}

export function humanConfig(backend: TrackerBackend, modelBaseUrl: string): Partial<Config> {
  return {
    backend,
    modelBasePath: modelBaseUrl,
    // Set although no wasm backend runs, so that a stray wasm load would still stay on our origin.
    wasmPath: modelBaseUrl,
    debug: false,
    // The browser's HTTP cache keeps the files; human's own IndexedDB copy would be one more
    // store on the device that sign-out does not know about.
    cacheModels: false,
    warmup: 'none',
    // Human's image filters run in a WebGL context of their own: not needed for landmarks.
    filter: { enabled: false },
    gesture: { enabled: false },
    face: {
      enabled: true,
      detector: {
        enabled: true,
        modelPath: 'blazeface.json',
        maxDetected: 1,
        rotation: false,
        return: false,
      },
      mesh: { enabled: true, modelPath: 'facemesh.json' },
      iris: { enabled: false },
      attention: { enabled: false },
      emotion: { enabled: false },
      description: { enabled: false },
      antispoof: { enabled: false },
      liveness: { enabled: false },
      gear: { enabled: false },
    },
    body: { enabled: false },
    hand: { enabled: false },
    object: { enabled: false },
    segmentation: { enabled: false },
  };
}
