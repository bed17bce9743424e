// What the other features and the shells (app/, layouts/) may use of calls; the rest of the
// folder is its own. The screens and the engine load lazily (CallLayer, engine/load.ts).
export { CallButtons, useCallMenuItems } from './CallButtons';
export { CallLayer } from './CallLayer';
export { GroupCallBar } from './GroupCallBar';
