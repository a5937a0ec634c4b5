import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestPlatform, startTestServer, testConfig, type TestPlatform } from '../../../test/harness.ts';
import { redisAvailable, startTestRedis, type TestRedis } from '../../../test/redis.ts';
import { createHttpApp, type App } from '../http/app.ts';

type TestServer = Awaited<ReturnType<typeof startTestServer>>;

/** A GET whose body is read to the end, so no response is left half-sent when a server closes. */
const get = async (base: string, path: string, headers: Record<string, string> = {}) => {
  const res = await fetch(`${base}${path}`, { headers });
  const body = await res.arrayBuffer();
  return new Response(body, { status: res.status, headers: res.headers });
};

describe('rate limits (in-process)', () => {
  let p: TestPlatform;
  let app: App;
  let base: string;

  beforeAll(async () => {
    p = await createTestPlatform();
    app = await createHttpApp({ ...p, config: { ...testConfig(), RATE_LIMIT_PER_MINUTE: 3 } });
    app.get('/admin/v1/ping', async () => ({ ok: true }));
    // The probes may already exist (observability); add stand-ins only where they do not.
    for (const url of ['/health', '/ready', '/metrics']) {
      if (!app.hasRoute({ method: 'GET', url })) app.get(url, async () => ({ ok: true }));
    }
    base = await app.listen({ host: '127.0.0.1', port: 0 });
  });
  afterAll(async () => {
    await app.close();
    await p.close();
  });

  it('counts requests per IP and answers 429 problem+json with Retry-After past the limit', async () => {
    const remaining: Array<string | null> = [];
    for (let i = 0; i < 3; i++) {
      const res = await get(base, '/admin/v1/ping');
      expect(res.status).toBe(200);
      expect(res.headers.get('ratelimit-limit')).toBe('3');
      remaining.push(res.headers.get('ratelimit-remaining'));
    }
    expect(remaining).toEqual(['2', '1', '0']);

    const res = await get(base, '/admin/v1/ping');
    expect(res.status).toBe(429);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    const retryAfter = Number(res.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(res.headers.get('ratelimit-limit')).toBe('3');
    expect(res.headers.get('ratelimit-remaining')).toBe('0');
    expect(Number(res.headers.get('ratelimit-reset'))).toBeGreaterThanOrEqual(1);
    expect(res.headers.get('x-request-id')).toBeTruthy();
    expect(await res.json()).toMatchObject({ status: 429, code: 'RATE_LIMITED', title: 'Too Many Requests' });
  });

  it('limits unknown routes too (same IP bucket)', async () => {
    const res = await get(base, '/no/such/route');
    expect(res.status).toBe(429);
  });

  it('never limits /health, /ready and /metrics', async () => {
    for (const url of ['/health', '/ready', '/metrics']) {
      const res = await get(base, url);
      expect(res.status, url).not.toBe(429);
      expect(res.headers.get('ratelimit-limit')).toBeNull();
    }
  });

  it('counts each credential separately from the IP and from each other', async () => {
    const credentials: Array<Record<string, string>> = [
      { authorization: 'Bearer token-one' },
      { 'x-api-key': 'sk_test_one' },
      { 'x-publishable-key': 'pk_test_one' },
    ];
    for (const headers of credentials) {
      for (let i = 0; i < 3; i++) expect((await get(base, '/admin/v1/ping', headers)).status).toBe(200);
      expect((await get(base, '/admin/v1/ping', headers)).status).toBe(429);
    }
    // A fresh credential starts with a full allowance, even from an IP that is over its limit.
    expect((await get(base, '/admin/v1/ping', { authorization: 'Bearer token-two' })).status).toBe(200);
  });
});

describe.runIf(redisAvailable())('rate limits through Redis', () => {
  let redis: TestRedis;
  let a: TestServer;
  let b: TestServer;

  beforeAll(async () => {
    redis = await startTestRedis();
    const overrides = { REDIS_URL: redis.url, RATE_LIMIT_PER_MINUTE: '4' };
    [a, b] = await Promise.all([startTestServer({ overrides }), startTestServer({ overrides })]);
  });
  afterAll(async () => {
    await Promise.all([a?.close(), b?.close()]);
    await redis?.stop();
  });

  it('shares one count across two API instances', async () => {
    const headers = { 'x-api-key': 'sk_shared_between_nodes' };
    expect((await get(a.url, '/openapi.json', headers)).status).toBe(200);
    expect((await get(b.url, '/openapi.json', headers)).status).toBe(200);
    expect((await get(a.url, '/openapi.json', headers)).status).toBe(200);
    const fourth = await get(b.url, '/openapi.json', headers);
    expect(fourth.status).toBe(200);
    expect(fourth.headers.get('ratelimit-remaining')).toBe('0');
    const fifth = await get(a.url, '/openapi.json', headers);
    expect(fifth.status).toBe(429);
    expect(fifth.headers.get('retry-after')).toBeTruthy();
    expect((await get(b.url, '/openapi.json', headers)).status).toBe(429);
  });

  it('keeps only a hash of the credential in Redis', async () => {
    const client = new Redis(redis.url);
    const keys = await client.keys('carton:ratelimit:*');
    await client.quit();
    expect(keys.length).toBeGreaterThan(0);
    expect(keys.join(' ')).not.toContain('sk_shared_between_nodes');
  });

  it('keeps serving when Redis goes away (fails open)', async () => {
    const own = await startTestRedis();
    const server = await startTestServer({ overrides: { REDIS_URL: own.url, RATE_LIMIT_PER_MINUTE: '2' } });
    try {
      await own.stop();
      const started = Date.now();
      for (let i = 0; i < 3; i++) expect((await get(server.url, '/openapi.json')).status).toBe(200);
      // Without Redis commands fail at once; waiting on a reconnect would take its 5 s timeout.
      expect(Date.now() - started).toBeLessThan(3_000);
    } finally {
      await server.close();
    }
  });

  it('refuses to start with an unreachable REDIS_URL', async () => {
    await expect(startTestServer({ overrides: { REDIS_URL: 'redis://127.0.0.1:1' } })).rejects.toThrow();
  });
});
