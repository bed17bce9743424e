import path from 'node:path';
import { VIDEO_MAX_BYTES, VIDEO_MAX_DURATION_MS } from '@liao/protocol';
import { z } from 'zod';

const Bool = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');

/** Every setting comes from an environment variable; the README's table lists them. */
const Env = z.object({
  LIAO_PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  LIAO_HOST: z.string().default('0.0.0.0'),
  LIAO_DATA_DIR: z.string().default('./data'),
  LIAO_DATABASE_URL: z.string().optional(),
  LIAO_LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  LIAO_TRUST_PROXY: Bool.default(false),
  LIAO_ALLOWED_ORIGINS: z.string().optional(),
  LIAO_WEB_DIR: z.string().optional(),
  LIAO_REGISTRATIONS_PER_HOUR: z.coerce.number().int().positive().default(20),
  LIAO_PUBLIC_URL: z.url({ protocol: /^https?$/ }).optional(),
  LIAO_TRANSCODE_CONCURRENCY: z.coerce.number().int().min(0).max(64).default(1),
});

export interface RateRule {
  limit: number;
  windowMs: number;
}

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  /** postgres://… selects PostgreSQL; unset means SQLite in the data folder. */
  databaseUrl: string | undefined;
  /** PostgreSQL schema to use (tests give each server a fresh one). */
  databaseSchema: string | undefined;
  logLevel: z.infer<typeof Env>['LIAO_LOG_LEVEL'];
  trustProxy: boolean;
  /** Origins besides the server's own that browsers may call from (e.g. a dev server). */
  allowedOrigins: string[];
  /** The built web app; served at / when present. */
  webDir: string;
  /**
   * Where people reach this server ('https://chat.example.com'), for links it hands out such
   * as QR sign-in codes. Unset: the origin each request came to (its Host header).
   */
  publicUrl: string | undefined;
  rateLimits: {
    signInFailuresPerAccount: RateRule;
    signInFailuresPerAddress: RateRule;
    registrationsPerAddress: RateRule;
    searchesPerUser: RateRule;
    friendRequestsPerUser: RateRule;
    imageUploadsPerUser: RateRule;
    qrTicketsPerAddress: RateRule;
    qrScansPerUser: RateRule;
  };
  videos: {
    /** Largest upload accepted (tus Upload-Length and the bytes themselves). */
    maxBytes: number;
    maxDurationMs: number;
    /** Transcodes at once on this node; 0 runs none (a node that only serves). */
    transcodeConcurrency: number;
    /** How long a claimed job stays this node's without a heartbeat before another takes it. */
    jobLeaseMs: number;
    /** How often an idle runner looks for jobs (it is also woken at once by new ones). */
    jobPollMs: number;
  };
  /** argon2id cost; never below OWASP's minimum (19 MiB, 2 passes). */
  passwordHash: { memoryKiB: number; passes: number };
}

const MINUTE = 60_000;

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const e = Env.parse(env);
  return {
    port: e.LIAO_PORT,
    host: e.LIAO_HOST,
    dataDir: path.resolve(e.LIAO_DATA_DIR),
    databaseUrl: e.LIAO_DATABASE_URL || undefined,
    databaseSchema: undefined,
    logLevel: e.LIAO_LOG_LEVEL,
    trustProxy: e.LIAO_TRUST_PROXY,
    allowedOrigins: (e.LIAO_ALLOWED_ORIGINS ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
    webDir: path.resolve(e.LIAO_WEB_DIR ?? path.join(import.meta.dirname, '../../web/dist')),
    publicUrl: e.LIAO_PUBLIC_URL?.replace(/\/+$/, ''),
    rateLimits: {
      // Enough for a person who mistypes; far too few to guess a password.
      signInFailuresPerAccount: { limit: 10, windowMs: 15 * MINUTE },
      // Higher, because many people can share one address (an office, a campus NAT).
      signInFailuresPerAddress: { limit: 50, windowMs: 15 * MINUTE },
      registrationsPerAddress: { limit: e.LIAO_REGISTRATIONS_PER_HOUR, windowMs: 60 * MINUTE },
      // Exact-username search: plenty for adding friends, too slow to enumerate usernames.
      searchesPerUser: { limit: 30, windowMs: MINUTE },
      // Adding friends one by one stays well inside this; spamming strangers does not.
      friendRequestsPerUser: { limit: 60, windowMs: 60 * MINUTE },
      // Pasting a whole album goes through; filling the disk with uploads never sent does not.
      imageUploadsPerUser: { limit: 200, windowMs: 10 * MINUTE },
      // A sign-in page makes one code each 2 minutes (refreshes count too); a few pages behind
      // one address (an office) fit, a script minting codes to phish with does not.
      qrTicketsPerAddress: { limit: 20, windowMs: MINUTE },
      // Scanning is a person pointing a camera; this only stops a phone sweeping codes.
      qrScansPerUser: { limit: 30, windowMs: MINUTE },
    },
    videos: {
      maxBytes: VIDEO_MAX_BYTES,
      maxDurationMs: VIDEO_MAX_DURATION_MS,
      transcodeConcurrency: e.LIAO_TRANSCODE_CONCURRENCY,
      jobLeaseMs: MINUTE,
      jobPollMs: 2000,
    },
    passwordHash: { memoryKiB: 19_456, passes: 2 },
  };
}
