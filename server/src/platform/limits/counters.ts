import { createHash } from 'node:crypto';
import { Redis } from 'ioredis';

/** The state of one fixed-window counter: hits so far and when the window ends (epoch ms). */
export interface CounterState {
  count: number;
  resetAt: number;
}

/**
 * Fixed-window counters shared by every API node when REDIS_URL is set (in-process otherwise):
 * login brute-force protection, per-account throttles and the like.
 */
export interface CounterStore {
  /** Count one hit; the first hit of a key opens a window of `windowMs`. */
  hit(key: string, windowMs: number): Promise<CounterState>;
  /** The current state, or null when the key has no open window. */
  peek(key: string): Promise<CounterState | null>;
  /** Forget a key (e.g. after a successful login). */
  reset(key: string): Promise<void>;
  close(): Promise<void>;
  /** The Redis connection behind the store, for other Redis-backed limiters (rate limits); null in-process. */
  readonly redis: Redis | null;
}

export interface CounterStoreOptions {
  /** Where to report a lost Redis connection (never with keys: they may name accounts). */
  log?: { warn(obj: object, msg: string): void };
  /** Prefix of every Redis key. */
  prefix?: string;
  /** In-process only: how many keys to keep at most (oldest windows are dropped first). */
  maxKeys?: number;
}

/**
 * Redis when `REDIS_URL` is set, an in-process map otherwise. The Redis connection opens in the
 * background; `await whenRedisReady(store.redis)` to fail fast at boot.
 */
export function createCounterStore(
  config: { REDIS_URL?: string | undefined },
  opts: CounterStoreOptions = {},
): CounterStore {
  if (config.REDIS_URL) return createRedisCounterStore(config.REDIS_URL, opts);
  return createMemoryCounterStore(opts);
}

const SWEEP_EVERY_MS = 30_000;

export function createMemoryCounterStore(opts: CounterStoreOptions = {}): CounterStore {
  const maxKeys = opts.maxKeys ?? 100_000;
  const windows = new Map<string, CounterState>();

  const sweep = (now: number) => {
    for (const [key, w] of windows) if (w.resetAt <= now) windows.delete(key);
  };
  const timer = setInterval(() => sweep(Date.now()), SWEEP_EVERY_MS);
  timer.unref();

  return {
    redis: null,
    async hit(key, windowMs) {
      const now = Date.now();
      const open = windows.get(key);
      if (open && open.resetAt > now) {
        open.count += 1;
        return { ...open };
      }
      if (open) windows.delete(key);
      if (windows.size >= maxKeys) {
        sweep(now);
        // Still full: drop the oldest-opened windows (Map keeps insertion order).
        for (const k of windows.keys()) {
          if (windows.size < maxKeys) break;
          windows.delete(k);
        }
      }
      const fresh = { count: 1, resetAt: now + windowMs };
      windows.set(key, fresh);
      return { ...fresh };
    },
    async peek(key) {
      const w = windows.get(key);
      return w && w.resetAt > Date.now() ? { ...w } : null;
    },
    async reset(key) {
      windows.delete(key);
    },
    async close() {
      clearInterval(timer);
      windows.clear();
    },
  };
}

// INCR and PEXPIRE atomically; a key left without expiry (should never happen) gets one.
const HIT_SCRIPT = `
local count = redis.call('INCR', KEYS[1])
local ttl = redis.call('PTTL', KEYS[1])
if count == 1 or ttl < 0 then
  redis.call('PEXPIRE', KEYS[1], ARGV[1])
  ttl = tonumber(ARGV[1])
end
return {count, ttl}
`;

type CartonRedis = Redis & {
  cartonCounterHit(key: string, windowMs: number): Promise<[number, number]>;
};

/**
 * The Redis connection Carton shares between counters and rate limits. While Redis is away,
 * commands fail at once (no offline queue) instead of making requests wait for a reconnect.
 */
export function connectRedis(url: string, log?: CounterStoreOptions['log']): Redis {
  const redis = new Redis(url, {
    connectTimeout: 5_000,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    enableAutoPipelining: true,
  });
  let reported = false;
  redis.on('error', (err: NodeJS.ErrnoException) => {
    // ioredis keeps reconnecting; say so once per outage, not once per retry.
    if (!reported) log?.warn({ code: err.code }, 'redis connection lost; retrying');
    reported = true;
  });
  redis.on('ready', () => (reported = false));
  return redis;
}

/** Resolves once the connection is ready; rejects if it fails first (for a fail-fast boot). */
export function whenRedisReady(redis: Redis): Promise<void> {
  if (redis.status === 'ready') return Promise.resolve();
  return new Promise((resolve, reject) => {
    const done = (err?: Error) => {
      redis.off('ready', onReady);
      redis.off('error', onError);
      if (err) reject(err);
      else resolve();
    };
    const onReady = () => done();
    const onError = (err: Error) => done(err);
    redis.once('ready', onReady);
    redis.once('error', onError);
  });
}

export function createRedisCounterStore(url: string, opts: CounterStoreOptions = {}): CounterStore {
  const prefix = opts.prefix ?? 'carton:counter:';
  const redis = connectRedis(url, opts.log) as CartonRedis;
  redis.defineCommand('cartonCounterHit', { numberOfKeys: 1, lua: HIT_SCRIPT });
  // Until the first connection is up, wait for it; after that, an outage fails commands at once.
  let connected = false;
  redis.once('ready', () => (connected = true));
  const ready = () => (connected ? undefined : whenRedisReady(redis));

  return {
    redis,
    async hit(key, windowMs) {
      await ready();
      const [count, ttl] = await redis.cartonCounterHit(prefix + key, windowMs);
      return { count, resetAt: Date.now() + ttl };
    },
    async peek(key) {
      await ready();
      const res = await redis
        .multi()
        .get(prefix + key)
        .pttl(prefix + key)
        .exec();
      const count = res?.[0]?.[1];
      const ttl = res?.[1]?.[1];
      if (count == null || typeof ttl !== 'number' || ttl <= 0) return null;
      return { count: Number(count), resetAt: Date.now() + ttl };
    },
    async reset(key) {
      await ready();
      await redis.del(prefix + key);
    },
    async close() {
      await redis.quit().catch(() => redis.disconnect());
    },
  };
}

/**
 * Whether one more e-mail a visitor can ask for (a password reset, an order's link) may go to
 * `account` this hour: at most `perHour`, so a form cannot flood a mailbox. The account (an
 * address) is hashed into the key, so no address sits in Redis.
 */
export async function hourlyMailAllowed(
  counters: CounterStore,
  o: { purpose: string; account: string; perHour: number },
): Promise<boolean> {
  const hashed = createHash('sha256').update(o.account).digest('base64url').slice(0, 27);
  const { count } = await counters.hit(`${o.purpose}:${hashed}`, 60 * 60 * 1000);
  return count <= o.perHour;
}
