// The layering rules `npm test` checks (npm run lint:deps, scripts/checkLayers.mjs). A broken
// rule fails with its name. docs/architecture.md explains the layers.
//
// The server's layers, from the bottom: platform/ (knows no domain), identity/, social/, chat/,
// features/; above them the operator's tools (ops/, admin/) and the composition (app.ts,
// main.ts). A layer uses only those below it; what flows upward travels as a bus message or a
// hook that the higher layer registers.
const SERVER = '^packages/server/src/';
const DOMAIN = `${SERVER}(identity|social|chat|features)/[^/]+/`;
// The web app's, from the bottom: ui/ (pure components), entities/ (how people and chats show,
// which several features share), features/ (no two using each other), layouts/ and app/.
const WEB = '^packages/web/src/';

/** A rule that `layer` uses nothing of the layers named in `above`. */
function below(name, layer, above, comment) {
  return {
    name,
    comment,
    severity: 'error',
    from: { path: `${SERVER}${layer}/` },
    to: { path: `${SERVER}(${above.join('|')})(/|[.]ts$)` },
  };
}

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    below(
      'platform-knows-no-domain',
      'platform',
      ['identity', 'social', 'chat', 'features', 'ops', 'admin', 'app', 'main'],
      'db, bus, jobs, http, sockets, media storage and the backplane serve every domain and know none: a domain plugs in through a hook, a bus kind it adds, or its module.',
    ),
    below(
      'identity-uses-only-the-platform',
      'identity',
      ['social', 'chat', 'features', 'ops', 'admin', 'app', 'main'],
      'Accounts, sessions and QR sign-in know nothing of friends or chats: those register for profile changes (ProfileHooks).',
    ),
    below(
      'social-knows-no-chat-or-feature',
      'social',
      ['chat', 'features', 'ops', 'admin', 'app', 'main'],
      'Friends and presence know no chat: chat registers for friendships starting and ending (FriendHooks).',
    ),
    below(
      'chat-knows-no-feature',
      'chat',
      ['features', 'ops', 'admin', 'app', 'main'],
      'Chat knows no feature: a feature registers its kind of message (ContentKind) and its bus kinds.',
    ),
    below(
      'features-know-no-operator-tool',
      'features',
      ['ops', 'admin', 'app', 'main'],
      'A feature is mounted by app.ts and measured by ops/; it uses neither.',
    ),
    {
      name: 'domains-meet-through-their-index',
      comment:
        "A domain uses another only through that domain's index.ts, which says what it offers; its other files are its own.",
      severity: 'error',
      from: { path: `${SERVER}((identity|social|chat|features)/[^/]+)/` },
      to: { path: DOMAIN, pathNot: [`${SERVER}$1/`, `${DOMAIN}index[.]ts$`] },
    },
    {
      name: 'no-cycles-between-server-folders',
      comment:
        'A server folder (a domain, or a part of the platform) may use another only if that one does not use it back: what flows upward travels as a bus event or a registered hook. Judged by scripts/checkLayers.mjs over domains (chat/messages) and platform parts (platform/db).',
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
        "ui/ takes props and calls callbacks: no store and no SDK (a feature's screens connect it); pure helpers from lib/ it may use.",
      severity: 'error',
      from: { path: '^packages/web/src/ui/' },
      to: {
        path: '^(packages/web/src/(app/state/(store|createAppStore)|.+Slice)[.]ts$|packages/client/|node_modules/@liao/client/)',
      },
    },
    {
      name: 'ui-imports-no-feature-or-app',
      comment:
        'ui/ is shared by every feature and the shell: it imports nothing from entities/, features/ or app/.',
      severity: 'error',
      from: { path: '^packages/web/src/ui/' },
      to: { path: '^packages/web/src/(entities|features|app)/' },
    },
    {
      name: 'entities-know-no-feature',
      comment:
        "entities/ holds how people and chats show (names, faces, preview text, the avatar), which several features share: it may read the store (app/state/) and the strings (app/i18n/), and use ui/ and lib/, but imports no feature, layout or other part of the shell. What a feature needs of another's people goes down here.",
      severity: 'error',
      from: { path: `${WEB}entities/` },
      to: { path: `${WEB}(features|layouts|app)/`, pathNot: `${WEB}app/(state|i18n)/` },
    },
    {
      name: 'web-features-meet-through-their-index',
      comment:
        "A web feature, a layout or the shell uses a feature only through that feature's index.ts, which says what it offers; its other files are its own. The store (app/state/) and the strings (app/i18n/) take each feature's slice and strings from their own files: through the index they would load every screen.",
      severity: 'error',
      from: {
        path: `${WEB}(features/[^/]+/|layouts/|app/)`,
        pathNot: `${WEB}app/(state|i18n)/`,
      },
      to: { path: `${WEB}features/[^/]+/`, pathNot: [`${WEB}$1`, `${WEB}features/[^/]+/index[.]ts$`] },
    },
    {
      name: 'no-cycles-between-web-features',
      comment:
        "A web feature may use another only if that one does not use it back (entities/ counts as one more folder): what both need goes down into entities/, and where a lower feature shows a higher one's part, the higher one passes it in as a prop. Judged by scripts/checkLayers.mjs over features/<name> and entities/; the store (app/state/), which knows every slice, is no feature.",
      severity: 'error',
      scope: 'folder',
      from: { path: `${WEB}(features/[^/]+|entities)` },
      to: { path: `${WEB}(features/[^/]+|entities)`, circular: true },
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
