import type { Config } from '@vladmandic/human';

/**
 * How human is set up for stickers: the face detector and the face mesh, nothing else, with
 * every file from our own origin. Pure, so the test can check that nothing else is switched on.
 */

/**
 * The tfjs backends the tracker uses: WebGL where there is a real GPU, WebAssembly otherwise,
 * and tfjs' plain JavaScript kernels only when neither would start.
 */
export type TrackerBackend = 'webgl' | 'wasm' | 'cpu';

/**
 * Software renderers (SwiftShader in Chromium without a GPU, Mesa's llvmpipe, Windows' basic
 * driver) run WebGL on the CPU, slower than tfjs' WebAssembly kernels for these small models.
 */
const SOFTWARE_RENDERER = /swiftshader|llvmpipe|softpipe|software|basic render driver/i;

/** The backend to try first, from the name of the WebGL renderer the filters got. */
export function chooseBackend(rendererName: string): TrackerBackend {
  return rendererName && !SOFTWARE_RENDERER.test(rendererName) ? 'webgl' : 'wasm';
}

/**
 * The backends to try in order, starting with `first`: a backend that fails to start (the .wasm
 * cannot be fetched or compiled, WebGL is lost) gives way to the next one, down to the CPU.
 */
export function backendsFrom(first: TrackerBackend): TrackerBackend[] {
  const order: TrackerBackend[] = ['webgl', 'wasm', 'cpu'];
  return order.slice(order.indexOf(first));
}

/**
 * `modelBaseUrl` and `wasmBaseUrl` are absolute URLs on our origin, ending in '/': the worker
 * resolves relative ones against its own script, and human's default wasmPath is a CDN.
 */
export function humanConfig(
  backend: TrackerBackend,
  modelBaseUrl: string,
  wasmBaseUrl: string,
): Partial<Config> {
  return {
    backend,
    modelBasePath: modelBaseUrl,
    // Set for every backend, so that nothing could ever fetch the .wasm files from elsewhere.
    wasmPath: wasmBaseUrl,
    // Our server sends .wasm as application/wasm, so tfjs may compile while it downloads.
    wasmPlatformFetch: false,
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
