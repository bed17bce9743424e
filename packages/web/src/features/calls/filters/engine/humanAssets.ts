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
