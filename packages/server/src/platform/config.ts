import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  CALL_ALONE_MS,
  CALL_RING_MS,
  decimalInt,
  VIDEO_MAX_BYTES,
  VIDEO_MAX_DURATION_MS,
} from '@liao/protocol';
import { z } from 'zod';

const Bool = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');

/** Every setting comes from an environment variable; the README's table lists them. */
const Env = z.object({
  LIAO_PORT: decimalInt({ max: 65535 }).default(8080),
  LIAO_HOST: z.string().default('0.0.0.0'),
  LIAO_DATA_DIR: z.string().default('./data'),
  LIAO_DATABASE_URL: z.string().optional(),
  LIAO_DATABASE_SCHEMA: z
    .string()
    .regex(/^[a-z_][a-z0-9_]{0,62}$/, 'a lower-case PostgreSQL identifier')
    .optional(),
  LIAO_LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  LIAO_TRUST_PROXY: Bool.default(false),
  LIAO_ALLOWED_ORIGINS: z.string().optional(),
  LIAO_WEB_DIR: z.string().optional(),
  LIAO_REGISTRATION: z.enum(['open', 'closed']).default('open'),
  LIAO_REGISTRATIONS_PER_HOUR: decimalInt({ min: 1 }).default(20),
  LIAO_SOCKETS_PER_ACCOUNT: decimalInt({ min: 1 }).default(20),
  LIAO_ANONYMOUS_SOCKETS_PER_ADDRESS: decimalInt({ min: 1 }).default(50),
  LIAO_CHAT_IMAGES_PER_MINUTE: decimalInt({ min: 1 }).default(30),
  LIAO_VIDEO_UPLOADS_PER_ACCOUNT: decimalInt({ min: 1 }).default(5),
  LIAO_VIDEO_UPLOAD_BYTES_PER_ACCOUNT: decimalInt({ min: 1 }).default(2 * 1024 * 1024 * 1024),
  LIAO_PUBLIC_URL: z.url({ protocol: /^https?$/ }).optional(),
  LIAO_TRANSCODE_CONCURRENCY: decimalInt({ max: 64 }).default(1),
  LIAO_REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\//, 'must start with redis:// or rediss://')
    .optional(),
  LIAO_REDIS_PREFIX: z
    .string()
    .regex(/^[\w:.-]{1,64}$/)
    .default('liao:'),
  LIAO_NODE_ID: z
    .string()
    .regex(/^[\w.-]{1,64}$/)
    .optional(),
  LIAO_STORAGE: z.enum(['folder', 's3']).default('folder'),
  LIAO_MEDIA_DIR: z.string().optional(),
  LIAO_S3_ENDPOINT: z.url({ protocol: /^https?$/ }).optional(),
  LIAO_S3_REGION: z.string().default('us-east-1'),
  LIAO_S3_BUCKET: z.string().optional(),
  LIAO_S3_ACCESS_KEY_ID: z.string().optional(),
  LIAO_S3_SECRET_ACCESS_KEY: z.string().optional(),
  LIAO_S3_FORCE_PATH_STYLE: Bool.optional(),
  LIAO_SHUTDOWN_GRACE_MS: decimalInt({ max: 600_000 }).default(10_000),
  LIAO_METRICS_TOKEN: z.string().min(16).optional(),
  LIAO_PUSH_SUBJECT: z
    .string()
    .regex(/^(mailto:\S+@\S+|https:\/\/\S+)$/, 'a mailto: address or an https: URL')
    .optional(),
  LIAO_TURN_URLS: z
    .string()
    .optional()
    .transform((list) =>
      (list ?? '')
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean),
    )
    .pipe(z.array(z.string().superRefine(checkIceUrl))),
  LIAO_TURN_SECRET: z
    .string()
    .min(16, 'at least 16 characters (`openssl rand -hex 32` makes a good one)')
    .optional(),
  // Floor: a ring lasts up to 45 s and the callee allocates only once it answers, and the
  // clocks of the node and of coturn may differ a little; shorter would fail calls at random.
  LIAO_TURN_TTL_SECONDS: decimalInt({ min: 300, max: 86_400 }).default(3600),
  LIAO_ICE_RELAY_ONLY: Bool.default(false),
  LIAO_SFU_ADDRESS: z.ipv4().optional(),
});

/**
 * A STUN or TURN server as RFC 7064 and RFC 7065 write it (what browsers take in iceServers):
 * `stun:host[:port]`, `turn:host[:port][?transport=udp|tcp]`, `turns:host[:port][?transport=tcp]`.
 * The host is a DNS name, an IPv4 address or an IPv6 address in brackets.
 */
const ICE_URL =
  /^(stun|turns?):(\[[0-9a-f:.]+\]|[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*)(?::(\d{1,5}))?(?:\?transport=(udp|tcp))?$/i;

function checkIceUrl(url: string, ctx: z.RefinementCtx): void {
  const problem = iceUrlProblem(url);
  if (problem) ctx.addIssue({ code: 'custom', message: `${url}: ${problem}` });
}

function iceUrlProblem(url: string): string | undefined {
  const m = ICE_URL.exec(url);
  if (!m) return 'not a stun:, turn: or turns: URL (scheme:host[:port][?transport=udp|tcp])';
  const [, scheme, , port, transport] = m;
  if (port !== undefined && (Number(port) < 1 || Number(port) > 65535)) return 'port out of range';
  if (scheme?.toLowerCase() === 'stun' && transport) return 'a stun: URL takes no transport';
  // TURN over DTLS: no browser speaks it.
  if (scheme?.toLowerCase() === 'turns' && transport?.toLowerCase() === 'udp')
    return 'turns: runs over TLS, on TCP';
  return undefined;
}

/** Where media bytes live: a folder (shared by every node of a cluster) or an S3 bucket. */
export type StorageConfig =
  | { driver: 'folder'; dir: string }
  | {
      driver: 's3';
      /** Unset: AWS itself; set for MinIO, Ceph, R2 and the like. */
      endpoint: string | undefined;
      region: string;
      bucket: string;
      /** Unset: the SDK's own chain (environment, instance role). */
      credentials: { accessKeyId: string; secretAccessKey: string } | undefined;
      forcePathStyle: boolean;
    };

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
  /** PostgreSQL schema to use, created if missing (tests give each server a fresh one); unset: public. */
  databaseSchema: string | undefined;
  /**
   * redis://… moves the event bus, presence, rate limits and QR tickets to Redis, so that
   * several nodes can share the work; unset means they live in this process.
   */
  redisUrl: string | undefined;
  /** Put before every Redis key and channel (tests give each server its own). */
  redisPrefix: string;
  /** This process's name among the cluster's nodes (logs, metrics, presence). */
  nodeId: string;
  storage: StorageConfig;
  /** How long SIGTERM waits for in-flight work before the process exits anyway. */
  shutdownGraceMs: number;
  /** When set, GET /metrics requires `Authorization: Bearer <token>`. */
  metricsToken: string | undefined;
  /**
   * How often a node checks that the sessions of its live connections still exist and are
   * enabled: the backstop for revocations it did not hear on the bus (the admin command line
   * without Redis, a bus outage).
   */
  sessionCheckMs: number;
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
  /**
   * `open`: anyone who reaches the server may make an account (/signup, /m/signup); `closed`:
   * sign-up is refused with REGISTRATION_CLOSED and the operator makes the accounts
   * (`npm run liao -- user create`).
   */
  registration: 'open' | 'closed';
  sockets: {
    /**
     * Live WebSockets per account, across the cluster with Redis (per node without it, or
     * while Redis is away); one more closes the oldest with CloseCodes.TOO_MANY_CONNECTIONS.
     */
    perAccount: number;
    /** Sockets opened without a session (the desktop sign-in page's /ws/qr) per client address, per node. */
    anonymousPerAddress: number;
  };
  rateLimits: {
    signInFailuresPerAccount: RateRule;
    signInFailuresPerAddress: RateRule;
    registrationsPerAddress: RateRule;
    searchesPerUser: RateRule;
    friendRequestsPerUser: RateRule;
    imageUploadsPerUser: RateRule;
    /** Chat images in a burst: the 10-minute rule alone would let all of them come in one second. */
    imageUploadsPerUserPerMinute: RateRule;
    qrTicketsPerAddress: RateRule;
    qrScansPerUser: RateRule;
    pushSubscriptionChangesPerUser: RateRule;
    /** Calls started: ringing someone is loud, and a loop of it is harassment. */
    callStartsPerUser: RateRule;
  };
  push: {
    /**
     * Who runs this server, in the VAPID claims the push services see (a mailto: address or
     * an https: URL): LIAO_PUSH_SUBJECT, else LIAO_PUBLIC_URL when it is https.
     */
    subject: string;
    /**
     * Lets subscriptions name http://127.0.0.1 and http://[::1] endpoints, and connect to
     * loopback addresses: for the tests' own push service only. No variable sets it.
     */
    allowLoopbackEndpoints: boolean;
    /** Pushes sent at once by this node (each is one HTTPS request to a push service). */
    concurrency: number;
    /** How long a claimed push job stays this node's without a heartbeat. */
    jobLeaseMs: number;
    /** How often an idle node looks for push jobs (the node that enqueues one wakes at once). */
    jobPollMs: number;
    /** A push service that has not answered by then is tried again later. */
    sendTimeoutMs: number;
    /** Sends of one notification to one device before it is given up (a push service that keeps failing). */
    maxAttempts: number;
    /** The pause before the first retry of a failed send; each next one waits four times longer. */
    retryBaseMs: number;
    /**
     * How often a node reads the stored VAPID public key to see whether it was rotated: the
     * backstop for a rotation it did not hear on the bus (the admin command line without
     * Redis, a bus outage). Until then it hands out the old key, which devices would subscribe
     * with again, so this is short; the read is one row by its primary key.
     */
    keyCheckMs: number;
  };
  videos: {
    /** Largest upload accepted (tus Upload-Length and the bytes themselves). */
    maxBytes: number;
    maxDurationMs: number;
    /** Uploads begun and neither finished, cancelled nor expired, per account. */
    unfinishedUploadsPerUser: number;
    /** What those uploads may declare (Upload-Length) together, per account. */
    unfinishedBytesPerUser: number;
    /** Transcodes at once on this node; 0 runs none (a node that only serves). */
    transcodeConcurrency: number;
    /** Where ffmpeg and ffprobe are looked for: the PATH the server was started with. */
    toolPath: string;
    /** How long a claimed job stays this node's without a heartbeat before another takes it. */
    jobLeaseMs: number;
    /** How often an idle runner looks for jobs (it is also woken at once by new ones). */
    jobPollMs: number;
    /** How often unfinished uploads past their day are dropped. */
    uploadSweepMs: number;
  };
  calls: CallsConfig;
  /** argon2id cost; never below OWASP's minimum (19 MiB, 2 passes). */
  passwordHash: { memoryKiB: number; passes: number };
}

/**
 * Calls: their timers, and what they hand browsers for ICE (features/calls/turn.ts mints the
 * TURN credentials).
 */
export interface CallsConfig {
  /** Callees ring this long before the call counts as missed (CALL_RING_MS). */
  ringMs: number;
  /** A call with nobody else connected ends after this long (CALL_ALONE_MS). */
  aloneMs: number;
  /** How often an idle node looks for call timers that came due (rings, lone callers). */
  jobPollMs: number;
  jobLeaseMs: number;
  /**
   * STUN and TURN servers (LIAO_TURN_URLS). Empty: no server at all, and calls connect with
   * the addresses the devices have, which is enough on one LAN.
   */
  turnUrls: string[];
  /**
   * coturn's `static-auth-secret` (its `use-auth-secret` mode): each call's credentials are an
   * HMAC of an expiry and the account, so coturn checks them without knowing our accounts and
   * no password lasts. Set whenever turnUrls holds a turn: or turns: URL.
   */
  turnSecret: string | undefined;
  /**
   * How long minted credentials may open an allocation. coturn checks the expiry only when a
   * client first authenticates an allocation: a call that outlasts it keeps its relay (the
   * client's refreshes go on), and only a new allocation (an ICE restart, another call) needs
   * credentials minted again.
   */
  turnTtlSeconds: number;
  /**
   * Clients gather relay candidates only, so that no participant learns another's addresses
   * (LIAO_ICE_RELAY_ONLY; the tests set it to prove a path through TURN). Needs a TURN server.
   */
  relayOnly: boolean;
  /**
   * An address the group calls' SFU offers besides its interfaces' own (LIAO_SFU_ADDRESS), for
   * one werift leaves out (loopback) or a public address the host is reached at. The tests set
   * 127.0.0.1, the one address a relay bound to loopback can send to.
   */
  sfuAddress: string | undefined;
}

const MINUTE = 60_000;

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const e = Env.parse(env);
  const dataDir = path.resolve(e.LIAO_DATA_DIR);
  return {
    port: e.LIAO_PORT,
    host: e.LIAO_HOST,
    dataDir,
    databaseUrl: e.LIAO_DATABASE_URL || undefined,
    databaseSchema: e.LIAO_DATABASE_SCHEMA || undefined,
    redisUrl: e.LIAO_REDIS_URL || undefined,
    redisPrefix: e.LIAO_REDIS_PREFIX,
    nodeId: e.LIAO_NODE_ID ?? `${os.hostname()}-${process.pid}`,
    storage: storageOf(e, dataDir),
    shutdownGraceMs: e.LIAO_SHUTDOWN_GRACE_MS,
    metricsToken: e.LIAO_METRICS_TOKEN,
    sessionCheckMs: 15_000,
    logLevel: e.LIAO_LOG_LEVEL,
    trustProxy: e.LIAO_TRUST_PROXY,
    allowedOrigins: (e.LIAO_ALLOWED_ORIGINS ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
    webDir: path.resolve(e.LIAO_WEB_DIR ?? path.join(serverPackageDir(), '../web/dist')),
    publicUrl: e.LIAO_PUBLIC_URL?.replace(/\/+$/, ''),
    registration: e.LIAO_REGISTRATION,
    sockets: {
      // A person's phone, desktop app and a few browser tabs use a handful; 300 is a script.
      perAccount: e.LIAO_SOCKETS_PER_ACCOUNT,
      // An office behind one NAT opening the sign-in page at nine o'clock fits; a script
      // holding thousands of idle sockets from one address does not.
      anonymousPerAddress: e.LIAO_ANONYMOUS_SOCKETS_PER_ADDRESS,
    },
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
      // A pasted album of nine, a few times over; not a script posting hundreds a second.
      imageUploadsPerUserPerMinute: { limit: e.LIAO_CHAT_IMAGES_PER_MINUTE, windowMs: MINUTE },
      // A sign-in page makes one code each 2 minutes (refreshes count too); a few pages behind
      // one address (an office) fit, a script minting codes to phish with does not.
      qrTicketsPerAddress: { limit: 20, windowMs: MINUTE },
      // Scanning is a person pointing a camera; this only stops a phone sweeping codes.
      qrScansPerUser: { limit: 30, windowMs: MINUTE },
      // A device subscribes once per start and flips its preview setting by hand; a script
      // rewriting its endpoint in a loop (to make the server call around) does not fit.
      pushSubscriptionChangesPerUser: { limit: 30, windowMs: 10 * MINUTE },
      // A person calls a few people a few times; 20 in 10 minutes is far past that.
      callStartsPerUser: { limit: 20, windowMs: 10 * MINUTE },
    },
    push: {
      subject:
        e.LIAO_PUSH_SUBJECT ??
        (e.LIAO_PUBLIC_URL?.startsWith('https://') ? e.LIAO_PUBLIC_URL : 'mailto:operator@liao.invalid'),
      allowLoopbackEndpoints: false,
      concurrency: 8,
      jobLeaseMs: 30_000,
      jobPollMs: 2000,
      sendTimeoutMs: 10_000,
      maxAttempts: 5,
      retryBaseMs: 30_000,
      keyCheckMs: 15_000,
    },
    videos: {
      maxBytes: VIDEO_MAX_BYTES,
      maxDurationMs: VIDEO_MAX_DURATION_MS,
      // Declared lengths reserve nothing on disk, but each upload is a file and a row until it
      // finishes or expires a day later: a few at once is what a person does, and 2 GB is ten
      // full-size videos; 500 uploads declaring 200 MB each in a second and a half is not.
      unfinishedUploadsPerUser: e.LIAO_VIDEO_UPLOADS_PER_ACCOUNT,
      unfinishedBytesPerUser: e.LIAO_VIDEO_UPLOAD_BYTES_PER_ACCOUNT,
      transcodeConcurrency: e.LIAO_TRANSCODE_CONCURRENCY,
      toolPath: env.PATH ?? process.env.PATH ?? '',
      jobLeaseMs: MINUTE,
      jobPollMs: 2000,
      uploadSweepMs: 10 * MINUTE,
    },
    calls: callsOf(e),
    passwordHash: { memoryKiB: 19_456, passes: 2 },
  };
}

/** Refuses, at start, TURN settings with which no call could use the relay. */
function callsOf(e: z.infer<typeof Env>): CallsConfig {
  const hasTurn = e.LIAO_TURN_URLS.some((url) => /^turns?:/i.test(url));
  if (hasTurn && !e.LIAO_TURN_SECRET) {
    throw new Error(
      'LIAO_TURN_URLS names a TURN server, so LIAO_TURN_SECRET must be set: the static-auth-secret of its use-auth-secret mode (docs/deploy.md, "Calls: TURN with coturn")',
    );
  }
  if (e.LIAO_TURN_SECRET && !hasTurn) {
    throw new Error(
      'LIAO_TURN_SECRET is set, but LIAO_TURN_URLS names no turn: or turns: server to use it with',
    );
  }
  if (e.LIAO_ICE_RELAY_ONLY && !hasTurn) {
    throw new Error(
      'LIAO_ICE_RELAY_ONLY needs a turn: or turns: server in LIAO_TURN_URLS: with no relay, no call could connect',
    );
  }
  return {
    ringMs: CALL_RING_MS,
    aloneMs: CALL_ALONE_MS,
    // A ring's end a second late is not heard; the node that schedules it polls no slower.
    jobPollMs: 1000,
    jobLeaseMs: 30_000,
    turnUrls: e.LIAO_TURN_URLS,
    turnSecret: e.LIAO_TURN_SECRET,
    turnTtlSeconds: e.LIAO_TURN_TTL_SECONDS,
    relayOnly: e.LIAO_ICE_RELAY_ONLY,
    sfuAddress: e.LIAO_SFU_ADDRESS,
  };
}

function storageOf(e: z.infer<typeof Env>, dataDir: string): StorageConfig {
  if (e.LIAO_STORAGE === 'folder') {
    return { driver: 'folder', dir: path.resolve(e.LIAO_MEDIA_DIR ?? path.join(dataDir, 'media')) };
  }
  if (!e.LIAO_S3_BUCKET) throw new Error('LIAO_STORAGE=s3 needs LIAO_S3_BUCKET');
  const keyId = e.LIAO_S3_ACCESS_KEY_ID;
  const secret = e.LIAO_S3_SECRET_ACCESS_KEY;
  if (Boolean(keyId) !== Boolean(secret)) {
    throw new Error('LIAO_S3_ACCESS_KEY_ID and LIAO_S3_SECRET_ACCESS_KEY go together');
  }
  return {
    driver: 's3',
    endpoint: e.LIAO_S3_ENDPOINT,
    region: e.LIAO_S3_REGION,
    bucket: e.LIAO_S3_BUCKET,
    credentials: keyId && secret ? { accessKeyId: keyId, secretAccessKey: secret } : undefined,
    // Self-hosted S3 servers rarely have wildcard DNS for bucket subdomains.
    forcePathStyle: e.LIAO_S3_FORCE_PATH_STYLE ?? e.LIAO_S3_ENDPOINT !== undefined,
  };
}

/**
 * The server package's folder: the nearest one above this module holding a package.json. The
 * module runs from src/platform/ in development and bundled into dist/ in production.
 */
function serverPackageDir(): string {
  let dir = import.meta.dirname;
  while (!fs.existsSync(path.join(dir, 'package.json')) && path.dirname(dir) !== dir) dir = path.dirname(dir);
  return dir;
}
