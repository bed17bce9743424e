/**
 * Where a sample of the server's CPU profile belongs, for issue 16's breakdown of the time a
 * message costs. Judged from the innermost frame and the frames above it: the first rule that
 * matches the stack, from the top of the list down, wins. A commit's fsync runs inside
 * better-sqlite3's native call on the main thread, so a profile cannot tell it from the SQL
 * around it: it is counted with it ('SQL, commit and fsync').
 */
export const CATEGORIES = [
  'SQL, commit and fsync',
  'JSON',
  'validation',
  'socket writes',
  'socket reads',
  'writer thread hand-off',
  'event bus',
  'metrics',
  'logging',
  'garbage collection',
  'idle',
  'other',
] as const;
export type Category = (typeof CATEGORIES)[number];

export interface Frame {
  functionName: string;
  url: string;
}

type Rule = { category: Category; test: (frame: Frame) => boolean };

const inPackage = (name: string) => (f: Frame) => f.url.includes(`/node_modules/${name}/`);
const inSource = (part: string) => (f: Frame) => f.url.includes(`/packages/server/`) && f.url.includes(part);

/** Rules over the innermost frame alone (the leaf). */
const LEAF_RULES: Rule[] = [
  { category: 'garbage collection', test: (f) => f.functionName === '(garbage collector)' },
  { category: 'idle', test: (f) => f.functionName === '(idle)' || f.functionName === '(program)' },
  // JSON.parse and JSON.stringify are builtins: no script URL (zod's own parse has one).
  {
    category: 'JSON',
    test: (f) => f.url === '' && (f.functionName === 'stringify' || f.functionName === 'parse'),
  },
  // Handing a batch to the SQLite writer's thread and taking its verdicts back: the structured
  // clone happens inside postMessage (native) or Node's worker messaging.
  {
    category: 'writer thread hand-off',
    test: (f) =>
      f.functionName === 'postMessage' ||
      f.url.startsWith('node:internal/worker') ||
      f.url.startsWith('node:internal/per_context/messageport'),
  },
];

/** Rules over every frame of the stack, innermost first. */
const STACK_RULES: Rule[] = [
  {
    category: 'SQL, commit and fsync',
    test: (f) => inPackage('better-sqlite3')(f) || inPackage('kysely')(f) || inPackage('pg')(f),
  },
  { category: 'validation', test: (f) => inPackage('zod')(f) },
  { category: 'metrics', test: (f) => inPackage('prom-client')(f) || inSource('/ops/')(f) },
  { category: 'logging', test: (f) => inPackage('pino')(f) || inPackage('sonic-boom')(f) },
  {
    category: 'event bus',
    test: (f) => inSource('/platform/bus/')(f) || inSource('/platform/backplane/')(f),
  },
  {
    category: 'socket writes',
    test: (f) => inPackage('ws')(f) && /send|sendFrame|frame|doWrite|write/i.test(f.functionName),
  },
  { category: 'socket reads', test: (f) => inPackage('ws')(f) },
];

/** The category of one sample, given its stack from the innermost frame outwards. */
export function categorise(stack: readonly Frame[]): Category {
  const leaf = stack[0];
  if (leaf) for (const rule of LEAF_RULES) if (rule.test(leaf)) return rule.category;
  for (const rule of STACK_RULES) if (stack.some(rule.test)) return rule.category;
  return 'other';
}
