// Bundles the server into dist/main.js for `npm start`, and the message writer's thread on
// SQLite into dist/sqliteWriterWorker.js beside it. Workspace packages (@liao/protocol)
// are bundled in; npm dependencies stay external and load from node_modules.
import { readFileSync } from 'node:fs';
import { build } from 'esbuild';

const pkg = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8'));
const external = Object.keys(pkg.dependencies).filter((name) => !name.startsWith('@liao/'));

await build({
  entryPoints: {
    main: 'src/main.ts',
    sqliteWriterWorker: 'src/chat/messages/sqliteWriterWorker.ts',
  },
  outdir: 'dist',
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  sourcemap: true,
  external,
  logLevel: 'warning',
});
