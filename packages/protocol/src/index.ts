export * from './accounts';
export * from './common';
export * from './errors';
export * from './events';
export * from './frames';
export * from './friends';
export * from './sessions';
export * from './text';
