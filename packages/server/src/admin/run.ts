// Each command loads its modules when it runs: usage errors and help answer without loading
// the store drivers.
import path from 'node:path';
import { parseArgs } from 'node:util';
import { ZodError } from 'zod';
import { type Config, loadConfig } from '../platform/config';
import { AppError } from '../platform/errors';
import { createOutput, type Output } from './output';
import type { AdminTools } from './tools';
import { USAGE, UsageError } from './usage';
import type { PasswordSource } from './users';

const OPTIONS = {
  json: { type: 'boolean' },
  name: { type: 'string' },
  'password-stdin': { type: 'boolean' },
  all: { type: 'boolean' },
  force: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;
type OptionName = keyof typeof OPTIONS;
type Options = Partial<Record<OptionName, string | boolean>>;

interface Invocation {
  args: string[];
  options: Options;
  config: Config;
  out: Output;
  /** The store and bus, opened on first use and closed when the command ends. */
  tools(): Promise<AdminTools>;
  /** A path as the operator typed it, from the folder they ran npm in. */
  file(name: string): string;
  password(): PasswordSource;
}

interface Command {
  words: string[];
  /** Names of the positional arguments, for the usage check. */
  args: string[];
  options: OptionName[];
  run(call: Invocation): Promise<void>;
}

const COMMANDS: Command[] = [
  {
    words: ['user', 'create'],
    args: ['username'],
    options: ['name', 'password-stdin'],
    run: async (c) =>
      (await import('./users')).createUser(
        await c.tools(),
        c.args[0] ?? '',
        c.options.name as string | undefined,
        c.password(),
      ),
  },
  {
    words: ['user', 'reset-password'],
    args: ['username'],
    options: ['password-stdin'],
    run: async (c) => (await import('./users')).resetPassword(await c.tools(), c.args[0] ?? '', c.password()),
  },
  {
    words: ['user', 'disable'],
    args: ['username'],
    options: [],
    run: async (c) => (await import('./users')).disableUser(await c.tools(), c.args[0] ?? ''),
  },
  {
    words: ['user', 'enable'],
    args: ['username'],
    options: [],
    run: async (c) => (await import('./users')).enableUser(await c.tools(), c.args[0] ?? ''),
  },
  {
    words: ['sessions', 'list'],
    args: ['username'],
    options: ['json'],
    run: async (c) =>
      (await import('./sessions')).listSessions(await c.tools(), c.args[0] ?? '', c.options.json === true),
  },
  {
    words: ['sessions', 'revoke'],
    args: ['sessionId or username'],
    options: ['all'],
    run: async (c) =>
      c.options.all
        ? (await import('./sessions')).revokeAllSessions(await c.tools(), c.args[0] ?? '')
        : (await import('./sessions')).revokeSession(await c.tools(), c.args[0] ?? ''),
  },
  {
    words: ['stats'],
    args: [],
    options: ['json'],
    run: async (c) => (await import('./stats')).showStats(await c.tools(), c.options.json === true),
  },
  {
    words: ['push', 'rotate-keys'],
    args: [],
    options: ['json'],
    run: async (c) => (await import('./push')).rotatePushKeys(await c.tools(), c.options.json === true),
  },
  {
    words: ['backup'],
    args: ['file'],
    options: ['force'],
    run: async (c) =>
      (await import('./backup')).backupStore(
        c.config,
        c.out,
        c.file(c.args[0] ?? ''),
        c.options.force === true,
      ),
  },
  {
    words: ['restore'],
    args: ['file'],
    options: ['force'],
    run: async (c) =>
      (await import('./backup')).restoreStore(
        c.config,
        c.out,
        c.file(c.args[0] ?? ''),
        c.options.force === true,
      ),
  },
];

export interface CliIo {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  stdin: NodeJS.ReadableStream;
  env: NodeJS.ProcessEnv;
}

/** Runs one command line; resolves to the exit code (0 done, 1 failed, 2 bad usage). */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  const out = createOutput(io.stdout, io.stderr);
  let parsed: { command: Command; args: string[]; options: Options } | 'help';
  try {
    parsed = parseCommandLine(argv);
  } catch (error) {
    if (!(error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS'))) {
      throw error;
    }
    out.note(`${(error as Error).message}\n\n${USAGE}`);
    return 2;
  }
  if (parsed === 'help') {
    out.line(USAGE);
    return 0;
  }

  let tools: Promise<AdminTools> | undefined;
  try {
    const config = loadConfig(io.env);
    // npm runs scripts from the repository's root; INIT_CWD is where the operator typed.
    const cwd = io.env.INIT_CWD ?? process.cwd();
    await parsed.command.run({
      args: parsed.args,
      options: parsed.options,
      config,
      out,
      tools: () => {
        tools ??= import('./tools').then(({ openTools }) => openTools(config, out));
        return tools;
      },
      file: (name) => path.resolve(cwd, name),
      password: () => (parsed.options['password-stdin'] ? () => readAll(io.stdin) : null),
    });
    return 0;
  } catch (error) {
    out.note(`error: ${describeError(error)}`);
    return 1;
  } finally {
    if (tools) await (await tools.catch(() => undefined))?.close();
  }
}

function parseCommandLine(argv: string[]): { command: Command; args: string[]; options: Options } | 'help' {
  const { values, positionals } = parseArgs({
    args: argv,
    options: OPTIONS,
    allowPositionals: true,
    strict: true,
  });
  if (values.help || positionals[0] === 'help') return 'help';
  if (positionals.length === 0) throw new UsageError('No command given.');
  const command = COMMANDS.find((c) => c.words.every((word, i) => positionals[i] === word));
  if (!command) throw new UsageError(`Unknown command: ${positionals.slice(0, 2).join(' ')}`);
  const args = positionals.slice(command.words.length);
  const name = command.words.join(' ');
  if (args.length !== command.args.length) {
    const expected = command.args.map((a) => `<${a}>`).join(' ') || 'no arguments';
    throw new UsageError(`${name} takes ${expected}.`);
  }
  for (const option of Object.keys(values) as OptionName[]) {
    if (!command.options.includes(option)) throw new UsageError(`${name} has no --${option} option.`);
  }
  return { command, args, options: values };
}

function describeError(error: unknown): string {
  if (error instanceof AppError) return `${error.message} (${error.code})`;
  if (error instanceof ZodError) {
    return `the LIAO_* environment is not valid: ${error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`;
  }
  if (error instanceof Error && error.name === 'BackupError') return error.message;
  return error instanceof Error ? (error.stack ?? error.message) : String(error);
}

async function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk as Buffer));
  return Buffer.concat(chunks).toString('utf8');
}
