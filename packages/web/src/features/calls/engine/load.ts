import type { CreateCallEngine } from './types';

/**
 * The engine (WebRTC, media) is fetched on the first call or ring, not with the app. Tests of
 * the calls slice put a fake engine in its place: the slice is made by the store, which takes
 * no arguments but the SDK.
 */
let load: () => Promise<CreateCallEngine> = () => import('./index').then((m) => m.createCallEngine);

export function loadCallEngine(): Promise<CreateCallEngine> {
  return load();
}

export function replaceCallEngineForTests(create: CreateCallEngine): void {
  load = async () => create;
}
