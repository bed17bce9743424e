import type { Redis, Result } from 'ioredis';
import { guarded } from '../../platform/backplane/redisConnection';
import { TICKET_MEMORY_MS, type Ticket, type TicketChange, type TicketStore } from './tickets';

/*
 * QR sign-in tickets shared by every node, so that a phone served by one node confirms a
 * desktop connected to another. One hash per ticket (`qr:t:<id>`) and an index from the
 * code's hash to the id (`qr:code:<codeHash>`); both expire TICKET_MEMORY_MS after the
 * ticket's last deadline, as the in-process store sweeps them. A transition is one script:
 * the state is compared and changed in the same step, so two requests on two nodes cannot
 * both move a ticket on.
 *
 * The scripts name the index key from the ticket's codeHash, a key Redis was not told of in
 * advance: fine on one Redis server (with replicas or Sentinel), not on Redis Cluster.
 */

/** The ticket's remaining life: until TICKET_MEMORY_MS past its last deadline (ARGV now, memory). */
const TTL_OF = `
local function ttlOf(key, now, memory)
  local deadline = tonumber(redis.call('HGET', key, 'expiresAt')) or 0
  local claim = tonumber(redis.call('HGET', key, 'claimExpiresAt')) or 0
  if claim > deadline then deadline = claim end
  local ttl = deadline + memory - now
  if ttl < 1000 then ttl = 1000 end
  return ttl
end
`;

/** KEYS[1] ticket; ARGV: from, now, memory, index prefix, number of fields set, the pairs, then fields to clear. */
const TRANSITION = `${TTL_OF}
if redis.call('HGET', KEYS[1], 'state') ~= ARGV[1] then return nil end
local sets = tonumber(ARGV[5])
for i = 0, sets - 1 do
  redis.call('HSET', KEYS[1], ARGV[6 + i * 2], ARGV[7 + i * 2])
end
for i = 6 + sets * 2, #ARGV do
  redis.call('HDEL', KEYS[1], ARGV[i])
end
local ttl = ttlOf(KEYS[1], tonumber(ARGV[2]), tonumber(ARGV[3]))
redis.call('PEXPIRE', KEYS[1], ttl)
redis.call('PEXPIRE', ARGV[4] .. redis.call('HGET', KEYS[1], 'codeHash'), ttl)
return redis.call('HGETALL', KEYS[1])
`;

/** KEYS[1] ticket; ARGV: index prefix. */
const DELETE = `
local codeHash = redis.call('HGET', KEYS[1], 'codeHash')
if codeHash then
  if redis.call('GET', ARGV[1] .. codeHash) == redis.call('HGET', KEYS[1], 'id') then
    redis.call('DEL', ARGV[1] .. codeHash)
  end
end
redis.call('DEL', KEYS[1])
return 0
`;

/** KEYS[1] index entry; ARGV: ticket key prefix. */
const FIND_BY_CODE = `
local id = redis.call('GET', KEYS[1])
if not id then return nil end
return redis.call('HGETALL', ARGV[1] .. id)
`;

declare module 'ioredis' {
  interface RedisCommander<Context> {
    liaoTicketTransition(key: string, ...args: (string | number)[]): Result<string[] | null, Context>;
    liaoTicketDelete(key: string, indexPrefix: string): Result<number, Context>;
    liaoTicketFindByCode(key: string, ticketPrefix: string): Result<string[] | null, Context>;
  }
}

type Fields = Record<string, string>;

function toFields(ticket: Ticket): Fields {
  const fields: Fields = {
    id: ticket.id,
    codeHash: ticket.codeHash,
    state: ticket.state,
    device: JSON.stringify(ticket.device),
    userAgent: ticket.userAgent,
    ip: ticket.ip,
    requestedAt: String(ticket.requestedAt),
    expiresAt: String(ticket.expiresAt),
  };
  if (ticket.scannerId !== null) fields.scannerId = ticket.scannerId;
  if (ticket.scannerSessionId !== null) fields.scannerSessionId = ticket.scannerSessionId;
  if (ticket.claimHash !== null) fields.claimHash = ticket.claimHash;
  if (ticket.claimExpiresAt !== null) fields.claimExpiresAt = String(ticket.claimExpiresAt);
  return fields;
}

function fromFields(fields: Fields): Ticket | null {
  if (fields.id === undefined || fields.codeHash === undefined || fields.state === undefined) return null;
  return {
    id: fields.id,
    codeHash: fields.codeHash,
    state: fields.state as Ticket['state'],
    device: JSON.parse(fields.device ?? '{}') as Ticket['device'],
    userAgent: fields.userAgent ?? '',
    ip: fields.ip ?? '',
    requestedAt: Number(fields.requestedAt),
    expiresAt: Number(fields.expiresAt),
    scannerId: fields.scannerId ?? null,
    scannerSessionId: fields.scannerSessionId ?? null,
    claimHash: fields.claimHash ?? null,
    claimExpiresAt: fields.claimExpiresAt === undefined ? null : Number(fields.claimExpiresAt),
  };
}

/** A script's HGETALL: a flat [field, value, …] list. */
function fromPairs(pairs: string[] | null): Ticket | null {
  if (!pairs || pairs.length === 0) return null;
  const fields: Fields = {};
  for (let i = 0; i + 1 < pairs.length; i += 2) fields[pairs[i] as string] = pairs[i + 1] as string;
  return fromFields(fields);
}

/**
 * `prefix` is the connection's keyPrefix: ioredis puts it before the keys a command names, but
 * a script builds the other key names itself.
 */
export function createRedisTicketStore(redis: Redis, prefix: string, now: () => number): TicketStore {
  redis.defineCommand('liaoTicketTransition', { numberOfKeys: 1, lua: TRANSITION });
  redis.defineCommand('liaoTicketDelete', { numberOfKeys: 1, lua: DELETE });
  redis.defineCommand('liaoTicketFindByCode', { numberOfKeys: 1, lua: FIND_BY_CODE });
  const ticketKey = (id: string) => `qr:t:${id}`;
  const codeKey = (codeHash: string) => `qr:code:${codeHash}`;

  return {
    async put(ticket) {
      const lastDeadline = Math.max(ticket.expiresAt, ticket.claimExpiresAt ?? 0);
      const ttl = Math.max(1000, lastDeadline + TICKET_MEMORY_MS - now());
      const key = ticketKey(ticket.id);
      const results = await guarded(() =>
        redis
          .multi()
          .del(key)
          .hset(key, toFields(ticket))
          .pexpire(key, ttl)
          .set(codeKey(ticket.codeHash), ticket.id, 'PX', ttl)
          .exec(),
      );
      const failed = results?.find(([error]) => error)?.[0];
      if (failed) throw failed;
    },
    async get(id) {
      const fields = await guarded(() => redis.hgetall(ticketKey(id)));
      return fromFields(fields);
    },
    async findByCodeHash(codeHash) {
      const pairs = await guarded(() => redis.liaoTicketFindByCode(codeKey(codeHash), `${prefix}qr:t:`));
      return fromPairs(pairs);
    },
    async transition(id, from, change: TicketChange) {
      const sets: string[] = [];
      const clears: string[] = [];
      for (const [field, value] of Object.entries(change)) {
        if (value === undefined) continue;
        if (value === null) clears.push(field);
        else sets.push(field, String(value));
      }
      const pairs = await guarded(() =>
        redis.liaoTicketTransition(
          ticketKey(id),
          from,
          now(),
          TICKET_MEMORY_MS,
          `${prefix}qr:code:`,
          sets.length / 2,
          ...sets,
          ...clears,
        ),
      );
      return fromPairs(pairs);
    },
    async delete(id) {
      await guarded(() => redis.liaoTicketDelete(ticketKey(id), `${prefix}qr:code:`));
    },
    close() {
      // The connection belongs to the backplane, which closes it.
    },
  };
}
