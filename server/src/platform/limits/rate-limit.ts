import rateLimit, { normalizeIP } from '@fastify/rate-limit';
import type { FastifyRequest } from 'fastify';
import { hash } from 'node:crypto';
import type { Platform } from '../context.ts';
import type { App } from '../http/app.ts';
import { AppError } from '../errors.ts';
import { isInProcessRequest } from '../http/in-process-fetch.ts';

/** Probes and scrapes are never limited: a load balancer or Prometheus must always get through. */
const EXEMPT = new Set(['/health', '/ready', '/metrics']);

// SHA-256 on every request shows up in the hot path; remember the keys of recent credentials.
const hashedCredentials = new Map<string, string>();
const MAX_REMEMBERED = 10_000;

/**
 * Whom a request counts against: its credential (bearer token, secret or publishable key) when it
 * carries one, else its IP (IPv6 by /64). The credential is hashed so that it works before
 * authentication runs and never sits in Redis in the clear.
 */
export function rateLimitKey(req: FastifyRequest): string {
  const h = req.headers;
  const credential = h.authorization || h['x-api-key'] || h['x-publishable-key'];
  if (typeof credential !== 'string' || credential.length === 0) return 'ip:' + normalizeIP(req.ip);
  let key = hashedCredentials.get(credential);
  if (key === undefined) {
    key = 'c:' + hash('sha256', credential, 'base64url').slice(0, 27);
    if (hashedCredentials.size >= MAX_REMEMBERED) hashedCredentials.clear();
    hashedCredentials.set(credential, key);
  }
  return key;
}

/**
 * Rate limits on every route (per minute, `RATE_LIMIT_PER_MINUTE`), shared through Redis when
 * REDIS_URL is set. Added as the first hook after CORS, so it also covers unknown routes and
 * requests that authentication would reject.
 */
export async function registerRateLimit(app: App, platform: Platform): Promise<void> {
  const max = platform.config.RATE_LIMIT_PER_MINUTE;
  await app.register(rateLimit, {
    global: false,
    max,
    timeWindow: 60_000,
    redis: platform.counters.redis ?? undefined,
    nameSpace: 'carton:ratelimit:',
    cache: 50_000,
    // Redis away: serve rather than fail every request (the counter store reports the outage).
    skipOnError: true,
    enableDraftSpec: true,
    keyGenerator: rateLimitKey,
    allowList: (req) => EXEMPT.has(req.routeOptions.url ?? '') || isInProcessRequest(req),
    errorResponseBuilder: (_req, ctx) => {
      const seconds = String(Math.max(1, Math.ceil(ctx.ttl / 1000)));
      return new AppError('RATE_LIMITED', `Too many requests; retry in ${ctx.after}.`, {
        headers: {
          'retry-after': seconds,
          'ratelimit-limit': String(ctx.max),
          'ratelimit-remaining': '0',
          'ratelimit-reset': seconds,
        },
      });
    },
  });
  app.addHook('onRequest', app.rateLimit());
}
