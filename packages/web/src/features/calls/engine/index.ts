// The call engine's module, loaded on the first call or ring (load.ts), not with the app.
export { createCallEngine } from './CallEngine';
