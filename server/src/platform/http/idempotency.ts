import type {
  FastifyReply,
  FastifyRequest,
  onSendHookHandler,
  preHandlerHookHandler,
  RouteOptions,
} from 'fastify';
import { createHash, randomUUID } from 'node:crypto';
import type pg from 'pg';
import type { Platform } from '../context.ts';
import { decryptSecret, encryptSecret } from '../crypto.ts';
import { AppError } from '../errors.ts';
import type { App } from './app.ts';

declare module 'fastify' {
  interface FastifyContextConfig {
    /**
     * Honour an `Idempotency-Key` header on this route. POST routes under /admin, /store and
     * /platform do by default; set `false` to opt out (login, token refresh…), `true` to opt in
     * elsewhere.
     */
    idempotency?: boolean;
  }
  interface FastifyRequest {
    idempotencyClaim?: IdempotencyClaim;
  }
}

interface IdempotencyClaim {
  scope: string;
  key: string;
  claimId: string;
  done: boolean;
}

export interface IdempotencyOptions {
  /** How long a completed key is remembered (Stripe: 24 hours). */
  ttlMs?: number;
  /** A running claim older than this is presumed abandoned (its process died) and may be taken over. */
  staleClaimMs?: number;
  /** How often expired keys are purged; 0 disables the timer. */
  purgeEveryMs?: number;
}

export const IDEMPOTENCY_TTL_MS = 24 * 60 * 60 * 1000;
const STALE_CLAIM_MS = 5 * 60 * 1000;
const PURGE_EVERY_MS = 60 * 60 * 1000;
const DEFAULT_PREFIXES = ['/admin/', '/store/', '/platform/'];
/** Response headers worth replaying; request ids, rate-limit and CORS headers belong to each request. */
const REPLAYED_HEADERS = ['content-type', 'location', 'etag', 'link', 'content-language'];
const KEY_SHAPE = /^[\x21-\x7e]{1,255}$/;

/**
 * Whether a route honours Idempotency-Key: its explicit `config.idempotency`, else every POST under
 * /admin, /store and /platform — except routes that read no credentials (`authentication: 'none'`:
 * sign-in, token refresh, password reset), whose callers have no identity to scope a key to.
 */
export function isIdempotentRoute(route: Pick<RouteOptions, 'method' | 'url' | 'config'>): boolean {
  const config = route.config as { idempotency?: boolean; authentication?: string } | undefined;
  if (config?.idempotency !== undefined) return config.idempotency;
  if (config?.authentication === 'none') return false;
  const methods = Array.isArray(route.method) ? route.method : [route.method];
  return methods.includes('POST') && DEFAULT_PREFIXES.some((p) => route.url.startsWith(p));
}

/**
 * Idempotency-Key with Stripe semantics, on every route that opts in (see `isIdempotentRoute`):
 * - the first request with a key claims it by inserting a row (the primary key is the lock),
 *   executes, and its response (status, body, a few headers) is stored for 24 hours;
 * - the same key with the same method, path and body replays that response, with
 *   `Idempotent-Replayed: true`;
 * - the same key with a different request → 422 IDEMPOTENCY_KEY_REUSED;
 * - the same key while the first request still runs → 409 IDEMPOTENCY_KEY_IN_USE;
 * - a 5xx is not stored: the key is released so a retry executes again. A 4xx from the handler
 *   is stored. A request refused before the handler (schema validation, authentication,
 *   permission) never claims the key, so it may be retried with the same key.
 * Requests without the header cost nothing: no query, no hashing. Stored bodies are encrypted
 * (AES-256-GCM under CARTON_SECRET), since a response may carry a secret shown once (a new API key).
 *
 * The check runs as the route's last preHandler, after authentication and permission checks, so
 * the scope (store and credential) is known and a caller never sees another caller's response.
 * Must be registered before the routes it covers.
 */
export function registerIdempotency(app: App, platform: Platform, opts: IdempotencyOptions = {}): void {
  const pool = platform.database.pool;
  const secret = platform.config.CARTON_SECRET;
  const ttlMs = opts.ttlMs ?? IDEMPOTENCY_TTL_MS;
  const staleClaimMs = opts.staleClaimMs ?? STALE_CLAIM_MS;

  const claimOrReplay: preHandlerHookHandler = async function claimOrReplay(req, reply) {
    const header = req.headers['idempotency-key'];
    if (header === undefined) return;
    const key = Array.isArray(header) ? header[0] : header;
    if (key === undefined || !KEY_SHAPE.test(key) || Array.isArray(header)) {
      throw new AppError('VALIDATION_FAILED', 'Idempotency-Key must be 1 to 255 visible ASCII characters.', {
        errors: [{ path: 'headers.idempotency-key', message: 'invalid' }],
      });
    }
    const scope = scopeOf(req);
    const path = req.url;
    const fingerprint = fingerprintOf(req.method, path, req.body);

    // A claimed row can vanish between our insert and our read (its holder released it after a
    // 5xx); then we simply try to claim again.
    for (let attempt = 0; attempt < 3; attempt++) {
      const claimId = randomUUID();
      const claimed = await pool.query(CLAIM_SQL, [
        scope,
        key,
        req.principal?.storeId ?? null,
        fingerprint,
        req.method,
        path,
        claimId,
        ttlMs,
        staleClaimMs,
      ]);
      if (claimed.rowCount) {
        req.idempotencyClaim = { scope, key, claimId, done: false };
        return;
      }
      const existing = await pool.query<StoredRow>(READ_SQL, [scope, key]);
      const row = existing.rows[0];
      if (!row) continue;
      if (row.fingerprint !== fingerprint) {
        throw new AppError(
          'IDEMPOTENCY_KEY_REUSED',
          'This Idempotency-Key was already used with a different request; use a new key.',
        );
      }
      if (row.state === 'running') {
        throw new AppError(
          'IDEMPOTENCY_KEY_IN_USE',
          'A request with this Idempotency-Key is still being processed; retry later.',
          { headers: { 'retry-after': '1' } },
        );
      }
      return replay(reply, row, secret, scope, key);
    }
    throw new AppError('IDEMPOTENCY_KEY_IN_USE', 'This Idempotency-Key is contended; retry later.', {
      headers: { 'retry-after': '1' },
    });
  };

  const storeResponse: onSendHookHandler<unknown> = async function storeResponse(req, reply, payload) {
    const claim = req.idempotencyClaim;
    if (!claim || claim.done) return payload;
    claim.done = true;
    // The API answers JSON: a serialized body is a string (or UTF-8 bytes).
    const body =
      payload == null
        ? ''
        : typeof payload === 'string'
          ? payload
          : Buffer.isBuffer(payload)
            ? payload.toString('utf8')
            : null;
    // A server failure is not the answer to the request: release the key so a retry executes.
    // So is a streamed body, which cannot be replayed.
    if (reply.statusCode >= 500 || body === null) {
      await pool.query(RELEASE_SQL, [claim.scope, claim.key, claim.claimId]);
      return payload;
    }
    try {
      await pool.query(COMPLETE_SQL, [
        claim.scope,
        claim.key,
        claim.claimId,
        reply.statusCode,
        JSON.stringify(pickHeaders(reply)),
        Buffer.from(encryptSecret(secret, body, sealContext(claim.scope, claim.key))),
      ]);
    } catch (err) {
      // The request did execute: answer it. The claim stays "running" (retries get 409) until it
      // goes stale, which is safer than releasing it and executing twice.
      req.log.error({ err }, 'storing an idempotent response failed');
    }
    return payload;
  };

  // Without onSend (a hijacked reply, a crash in a hook) the claim would stay "running" until it
  // goes stale; release it once the response is over.
  const releaseUnfinished = async (req: FastifyRequest) => {
    const claim = req.idempotencyClaim;
    if (!claim || claim.done) return;
    claim.done = true;
    await pool.query(RELEASE_SQL, [claim.scope, claim.key, claim.claimId]);
  };

  app.addHook('onRoute', (route) => {
    if (!isIdempotentRoute(route)) return;
    route.preHandler = [...asArray(route.preHandler), claimOrReplay];
    route.onSend = [...asArray(route.onSend), storeResponse];
    route.onResponse = [...asArray(route.onResponse), releaseUnfinished];
  });

  const every = opts.purgeEveryMs ?? PURGE_EVERY_MS;
  if (every > 0) {
    let timer: NodeJS.Timeout | null = null;
    app.addHook('onReady', async () => {
      timer = setInterval(() => {
        purgeExpiredIdempotencyKeys(pool).catch((err) =>
          platform.log.warn({ err }, 'purging expired idempotency keys failed'),
        );
      }, every);
      timer.unref();
    });
    app.addHook('onClose', async () => {
      if (timer) clearInterval(timer);
    });
  }
}

/** Delete keys past their 24 hours. Expired keys are ignored anyway; this only reclaims space. */
export async function purgeExpiredIdempotencyKeys(pool: pg.Pool): Promise<number> {
  const res = await pool.query('DELETE FROM idempotency_keys WHERE expires_at <= now()');
  return res.rowCount ?? 0;
}

interface StoredRow {
  fingerprint: string;
  state: 'running' | 'completed';
  response_status: number | null;
  response_headers: Record<string, string> | null;
  response_body: Buffer | null;
}

// Insert-first claim. An existing row is taken over only when it expired, or when it is a
// running claim so old that its holder must have died.
const CLAIM_SQL = `
INSERT INTO idempotency_keys AS k
  (scope, key, store_id, fingerprint, method, path, state, claim_id, locked_at, expires_at)
VALUES ($1, $2, $3, $4, $5, $6, 'running', $7, now(), now() + make_interval(secs => $8::bigint / 1000.0))
ON CONFLICT (scope, key) DO UPDATE SET
  store_id = EXCLUDED.store_id, fingerprint = EXCLUDED.fingerprint, method = EXCLUDED.method,
  path = EXCLUDED.path, state = 'running', claim_id = EXCLUDED.claim_id, locked_at = now(),
  response_status = NULL, response_headers = NULL, response_body = NULL,
  created_at = now(), expires_at = EXCLUDED.expires_at
WHERE k.expires_at <= now()
   OR (k.state = 'running' AND k.locked_at <= now() - make_interval(secs => $9::bigint / 1000.0))
RETURNING 1`;

const READ_SQL = `
SELECT fingerprint, state, response_status, response_headers, response_body
FROM idempotency_keys WHERE scope = $1 AND key = $2`;

const COMPLETE_SQL = `
UPDATE idempotency_keys
SET state = 'completed', response_status = $4, response_headers = $5, response_body = $6
WHERE scope = $1 AND key = $2 AND claim_id = $3`;

const RELEASE_SQL = `DELETE FROM idempotency_keys WHERE scope = $1 AND key = $2 AND claim_id = $3`;

/**
 * Keys belong to whoever presents them: a store and credential (API key, staff user, shopper),
 * the operator staff user, or — for anonymous calls — the client address.
 */
function scopeOf(req: FastifyRequest): string {
  const p = req.principal;
  if (!p) return `anon:${req.ip}`;
  // A signed-in shopper also carries the store's publishable key, shared by every shopper: the
  // shopper is who holds the key, or one shopper's key would replay another's response.
  const who = p.customerId ?? p.apiKeyId ?? p.userId ?? 'unknown';
  return `${p.storeId ?? 'operator'}:${p.kind}:${who}`;
}

function fingerprintOf(method: string, path: string, body: unknown): string {
  return createHash('sha256')
    .update(method)
    .update('\n')
    .update(path)
    .update('\n')
    .update(body === undefined ? '' : JSON.stringify(body))
    .digest('base64url');
}

function pickHeaders(reply: FastifyReply): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of REPLAYED_HEADERS) {
    const v = reply.getHeader(name);
    if (v !== undefined) out[name] = Array.isArray(v) ? v.join(', ') : String(v);
  }
  return out;
}

/** Binds a stored body to its key, so that a sealed body copied to another row does not decrypt. */
const sealContext = (scope: string, key: string) => `idempotency\0${scope}\0${key}`;

function replay(
  reply: FastifyReply,
  row: StoredRow,
  secret: string,
  scope: string,
  key: string,
): FastifyReply {
  const body = row.response_body
    ? decryptSecret(secret, row.response_body.toString('utf8'), sealContext(scope, key))
    : '';
  reply.status(row.response_status ?? 200);
  for (const [name, value] of Object.entries(row.response_headers ?? {})) reply.header(name, value);
  reply.header('idempotent-replayed', 'true');
  // The stored body is the serialized response; send it as it is.
  return reply.serializer((p: unknown) => p as string).send(body);
}

function asArray<T>(v: T | T[] | undefined): T[] {
  return v === undefined ? [] : Array.isArray(v) ? v : [v];
}
