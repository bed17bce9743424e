import assets from './humanAssets.json';

/**
 * Where the app serves @vladmandic/human's model files: on its own origin, copied from the npm
 * package by the build (vite.config.ts reads the same JSON), so that nothing is fetched from
 * any other host. The end-to-end test serves them under the same path.
 */
export const HUMAN_BASE_PATH: string = assets.basePath;

/**
 * Only what stickers need: the face detector (BlazeFace) and the face mesh. Iris, emotion,
 * description, body and hand models stay out of the build (another 20 MB).
 */
export const HUMAN_MODEL_FILES: readonly string[] = assets.modelFiles;

/**
 * Where the app serves the binaries of tfjs' WebAssembly backend, which human bundles the
 * JavaScript of but not the .wasm files: copied by the build from @tensorflow/tfjs-backend-wasm
 * (the version human 3.3.6 bundles, 4.22.0). Human's default is a CDN; ours is our own origin.
 */
export const WASM_BASE_PATH: string = assets.wasmBasePath;

/**
 * The plain build (browsers without WebAssembly SIMD) and the SIMD one. Not the threaded one:
 * it needs SharedArrayBuffer, so cross-origin isolation (COEP), which the app does not have, so
 * tfjs never asks for it.
 */
export const WASM_FILES: readonly string[] = assets.wasmFiles;
