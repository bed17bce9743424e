// The layering rules `npm test` checks (npm run lint:deps, scripts/checkLayers.mjs). A broken
// rule fails with its name. The folder dependencies on cycles that existed when the rules came
// in are listed in scripts/knownFolderCycles.json, to be removed; no new one may join them.
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-cycles-between-server-folders',
      comment:
        'A server folder (a domain, or the platform under it) may use another only if that one does not use it back: what flows upward travels as a bus event or a registered hook.',
      severity: 'error',
      scope: 'folder',
      from: { path: '^packages/server/src/[^/]+' },
      to: { path: '^packages/server/src/[^/]+', circular: true },
    },
    {
      name: 'protocol-imports-nothing-of-ours',
      comment: 'The protocol is what both sides share: it depends on no other package of Liao.',
      severity: 'error',
      from: { path: '^packages/protocol/' },
      to: { path: '^(packages/(client|server|web)|bench)/' },
    },
    {
      name: 'sdk-knows-no-server-or-app',
      comment: 'The SDK depends on the protocol only, so that every client can use it.',
      severity: 'error',
      from: { path: '^packages/client/src/' },
      to: { path: '^packages/(server|web)/' },
    },
    {
      name: 'web-reaches-the-server-only-through-the-sdk',
      comment: 'The app talks to the server through @liao/client; only its end-to-end tests start a server.',
      severity: 'error',
      from: { path: '^packages/web/src/' },
      to: { path: '^packages/server/' },
    },
    {
      name: 'server-knows-no-client',
      comment: 'The server depends on the protocol, never on the SDK or the app (its tests may use the SDK).',
      severity: 'error',
      from: { path: '^packages/server/src/' },
      to: { path: '^packages/(client|web)/' },
    },
    {
      name: 'ui-components-are-pure',
      comment:
        "components/ take props and call callbacks: no store and no SDK (screens/ connect them); the state's pure models they may use.",
      severity: 'error',
      from: { path: '^packages/web/src/components/' },
      to: { path: '^(packages/web/src/state/(store|createAppStore|[^/]+Slice)[.]ts$|packages/client/)' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)(dist|node_modules)/' },
    tsConfig: { fileName: 'tsconfig.base.json' },
    tsPreCompilationDeps: true,
    combinedDependencies: false,
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.tsx', '.mts', '.js', '.mjs', '.cjs', '.json'],
    },
  },
};
