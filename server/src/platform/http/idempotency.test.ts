import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createTestPlatform, type TestPlatform } from '../../../test/harness.ts';
import type { Principal } from '../auth/principal.ts';
import { AppError } from '../errors.ts';
import { newId } from '../ids.ts';
import { createHttpApp, type App } from './app.ts';
import { isIdempotentRoute, purgeExpiredIdempotencyKeys } from './idempotency.ts';

let platform: TestPlatform;
let app: App;
let base: string;
const executions = new Map<string, number>();
const count = (name: string) => executions.set(name, (executions.get(name) ?? 0) + 1);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const OrderBody = z.object({ amount: z.number().int(), delay_ms: z.number().int().max(2000).optional() });
const Order = z.object({ id: z.string(), amount: z.number() });

beforeAll(async () => {
  platform = await createTestPlatform();
  app = await createHttpApp(platform);
  // Stand-in for the identity module: the caller's store comes from a test header.
  app.addHook('onRequest', async (req) => {
    const store = req.headers['x-test-store'];
    req.principal =
      typeof store === 'string'
        ? ({
            kind: 'secret_key',
            storeId: store,
            apiKeyId: `key_${store}`,
            permissions: new Set(),
          } as Principal)
        : null;
  });
  app.post(
    '/admin/v1/_test/orders',
    { schema: { body: OrderBody, response: { 201: Order } } },
    async (req, reply) => {
      const body = req.body as z.infer<typeof OrderBody>;
      count('orders');
      if (body.delay_ms) await sleep(body.delay_ms);
      const id = newId('ord');
      return reply.status(201).header('location', `/admin/v1/orders/${id}`).send({ id, amount: body.amount });
    },
  );
  let failures = 0;
  app.post('/admin/v1/_test/flaky', { schema: { response: { 201: Order } } }, async (_req, reply) => {
    count('flaky');
    if (failures++ === 0) throw new Error('database hiccup');
    return reply.status(201).send({ id: newId('ord'), amount: 1 });
  });
  app.post('/admin/v1/_test/refuse', async () => {
    count('refuse');
    throw new AppError('UNPROCESSABLE', 'Not enough stock.');
  });
  app.post('/admin/v1/_test/opted-out', { config: { idempotency: false } }, async () => {
    count('opted-out');
    return { ok: true };
  });
  base = await app.listen({ host: '127.0.0.1', port: 0 });
});

afterAll(async () => {
  await app?.close();
  await platform?.close();
});

function post(path: string, body: unknown, headers: Record<string, string> = {}) {
  return fetch(base + path, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-test-store': 'store_a', ...headers },
    body: JSON.stringify(body),
  });
}

/** The parts of a JSON answer these tests look at. */
async function json(res: Response): Promise<{ id?: string; code?: string }> {
  return (await res.json()) as { id?: string; code?: string };
}

async function keyRow(key: string) {
  const res = await platform.database.pool.query('SELECT * FROM idempotency_keys WHERE key = $1', [key]);
  return res.rows[0];
}

describe('Idempotency-Key', () => {
  it('replays the first response for the same key and request', async () => {
    const before = executions.get('orders') ?? 0;
    const first = await post('/admin/v1/_test/orders', { amount: 500 }, { 'idempotency-key': 'replay-1' });
    expect(first.status).toBe(201);
    expect(first.headers.get('idempotent-replayed')).toBeNull();
    const firstBody = await json(first);

    const again = await post('/admin/v1/_test/orders', { amount: 500 }, { 'idempotency-key': 'replay-1' });
    expect(again.status).toBe(201);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.headers.get('location')).toBe(first.headers.get('location'));
    expect(again.headers.get('content-type')).toMatch(/application\/json/);
    expect(await json(again)).toEqual(firstBody);
    expect(executions.get('orders')).toBe(before + 1);
    // Stored encrypted: a response may carry a secret shown once.
    const stored = (await keyRow('replay-1')).response_body.toString('utf8');
    expect(stored).not.toContain(firstBody.id!);
  });

  it('treats the same body with keys in another order as the same request', async () => {
    await post('/admin/v1/_test/orders', { amount: 7, delay_ms: 0 }, { 'idempotency-key': 'order-1' });
    const again = await post(
      '/admin/v1/_test/orders',
      { delay_ms: 0, amount: 7 },
      { 'idempotency-key': 'order-1' },
    );
    expect(again.headers.get('idempotent-replayed')).toBe('true');
  });

  it('rejects the same key with a different body or path (422) and stores nothing new', async () => {
    await post('/admin/v1/_test/orders', { amount: 1 }, { 'idempotency-key': 'mismatch-1' });
    const before = executions.get('orders');
    const otherBody = await post(
      '/admin/v1/_test/orders',
      { amount: 2 },
      { 'idempotency-key': 'mismatch-1' },
    );
    expect(otherBody.status).toBe(422);
    expect(otherBody.headers.get('content-type')).toMatch(/application\/problem\+json/);
    expect((await json(otherBody)).code).toBe('IDEMPOTENCY_KEY_REUSED');

    const otherPath = await post(
      '/admin/v1/_test/refuse',
      { amount: 1 },
      { 'idempotency-key': 'mismatch-1' },
    );
    expect(otherPath.status).toBe(422);
    expect((await json(otherPath)).code).toBe('IDEMPOTENCY_KEY_REUSED');
    expect(executions.get('orders')).toBe(before);
    expect((await keyRow('mismatch-1')).response_status).toBe(201);
  });

  it('scopes keys to the caller: another store with the same key executes on its own', async () => {
    const a = await post('/admin/v1/_test/orders', { amount: 3 }, { 'idempotency-key': 'shared-key' });
    const b = await post(
      '/admin/v1/_test/orders',
      { amount: 3 },
      { 'idempotency-key': 'shared-key', 'x-test-store': 'store_b' },
    );
    expect(b.status).toBe(201);
    expect(b.headers.get('idempotent-replayed')).toBeNull();
    expect((await json(b)).id).not.toBe((await json(a)).id);
  });

  it('lets exactly one of 20 concurrent identical requests execute; the others get 409', async () => {
    const before = executions.get('orders') ?? 0;
    const responses = await Promise.all(
      Array.from({ length: 20 }, () =>
        post('/admin/v1/_test/orders', { amount: 9, delay_ms: 300 }, { 'idempotency-key': 'race-1' }),
      ),
    );
    expect(executions.get('orders')).toBe(before + 1);
    const statuses = responses.map((r) => r.status);
    const executed = responses.filter((r) => r.status === 201 && !r.headers.get('idempotent-replayed'));
    expect(executed).toHaveLength(1);
    const conflicts = responses.filter((r) => r.status === 409);
    expect(conflicts.length).toBeGreaterThan(0);
    expect(statuses.every((s) => s === 201 || s === 409)).toBe(true);
    for (const c of conflicts) expect((await json(c)).code).toBe('IDEMPOTENCY_KEY_IN_USE');
    // Once the first finishes, the key replays.
    const after = await post(
      '/admin/v1/_test/orders',
      { amount: 9, delay_ms: 300 },
      { 'idempotency-key': 'race-1' },
    );
    expect(after.headers.get('idempotent-replayed')).toBe('true');
  });

  it('does not store a 5xx: the key is released and a retry executes', async () => {
    const failed = await post('/admin/v1/_test/flaky', {}, { 'idempotency-key': 'flaky-1' });
    expect(failed.status).toBe(500);
    expect(await keyRow('flaky-1')).toBeUndefined();

    const retried = await post('/admin/v1/_test/flaky', {}, { 'idempotency-key': 'flaky-1' });
    expect(retried.status).toBe(201);
    expect(retried.headers.get('idempotent-replayed')).toBeNull();
    const replayed = await post('/admin/v1/_test/flaky', {}, { 'idempotency-key': 'flaky-1' });
    expect(replayed.headers.get('idempotent-replayed')).toBe('true');
    expect(executions.get('flaky')).toBe(2);
  });

  it('stores a 4xx from the handler and replays it', async () => {
    const first = await post('/admin/v1/_test/refuse', {}, { 'idempotency-key': 'refuse-1' });
    expect(first.status).toBe(422);
    const again = await post('/admin/v1/_test/refuse', {}, { 'idempotency-key': 'refuse-1' });
    expect(again.status).toBe(422);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.headers.get('content-type')).toMatch(/application\/problem\+json/);
    expect((await json(again)).code).toBe('UNPROCESSABLE');
    expect(executions.get('refuse')).toBe(1);
  });

  it('does not claim the key when the request fails schema validation (the handler never ran)', async () => {
    const bad = await post('/admin/v1/_test/orders', { amount: 'lots' }, { 'idempotency-key': 'invalid-1' });
    expect(bad.status).toBe(400);
    expect(await keyRow('invalid-1')).toBeUndefined();
    const good = await post('/admin/v1/_test/orders', { amount: 4 }, { 'idempotency-key': 'invalid-1' });
    expect(good.status).toBe(201);
  });

  it('forgets a key after it expires, and the purge deletes expired keys', async () => {
    await post('/admin/v1/_test/orders', { amount: 6 }, { 'idempotency-key': 'expire-1' });
    await platform.database.pool.query(
      `UPDATE idempotency_keys SET expires_at = now() - interval '1 second' WHERE key = 'expire-1'`,
    );
    const before = executions.get('orders');
    const again = await post('/admin/v1/_test/orders', { amount: 6 }, { 'idempotency-key': 'expire-1' });
    expect(again.status).toBe(201);
    expect(again.headers.get('idempotent-replayed')).toBeNull();
    expect(executions.get('orders')).toBe(before! + 1);

    await platform.database.pool.query(
      `UPDATE idempotency_keys SET expires_at = now() - interval '1 second' WHERE key = 'expire-1'`,
    );
    expect(await purgeExpiredIdempotencyKeys(platform.database.pool)).toBe(1);
    expect(await keyRow('expire-1')).toBeUndefined();
    expect(await keyRow('replay-1')).toBeDefined();
  });

  it('takes over a running claim abandoned by a dead process', async () => {
    await platform.database.pool.query(
      `INSERT INTO idempotency_keys (scope, key, fingerprint, method, path, state, claim_id, locked_at, expires_at)
       VALUES ('store_a:secret_key:key_store_a', 'stale-1', 'x', 'POST', '/admin/v1/_test/orders', 'running', 'dead',
               now() - interval '1 hour', now() + interval '23 hours')`,
    );
    const res = await post('/admin/v1/_test/orders', { amount: 8 }, { 'idempotency-key': 'stale-1' });
    expect(res.status).toBe(201);
    expect((await keyRow('stale-1')).state).toBe('completed');
  });

  it('costs no database work for requests without the header', async () => {
    const pool = platform.database.pool;
    const original = pool.query.bind(pool);
    let queries = 0;
    pool.query = ((...args: Parameters<typeof original>) => {
      queries++;
      return original(...args);
    }) as typeof pool.query;
    try {
      const res = await post('/admin/v1/_test/orders', { amount: 2 });
      expect(res.status).toBe(201);
      expect(queries).toBe(0);
      await post('/admin/v1/_test/orders', { amount: 2 }, { 'idempotency-key': 'counted-1' });
      expect(queries).toBeGreaterThan(0);
    } finally {
      pool.query = original;
    }
  });

  it('rejects a malformed key with 400', async () => {
    const res = await post('/admin/v1/_test/orders', { amount: 1 }, { 'idempotency-key': 'x'.repeat(300) });
    expect(res.status).toBe(400);
    expect((await json(res)).code).toBe('VALIDATION_FAILED');
  });

  it('ignores the header on routes that opted out', async () => {
    await post('/admin/v1/_test/opted-out', {}, { 'idempotency-key': 'out-1' });
    const again = await post('/admin/v1/_test/opted-out', {}, { 'idempotency-key': 'out-1' });
    expect(again.headers.get('idempotent-replayed')).toBeNull();
    expect(executions.get('opted-out')).toBe(2);
  });

  it('covers POSTs under /admin, /store and /platform by default, and only those', () => {
    expect(isIdempotentRoute({ method: 'POST', url: '/store/v1/carts' })).toBe(true);
    expect(isIdempotentRoute({ method: 'POST', url: '/platform/v1/merchants' })).toBe(true);
    expect(isIdempotentRoute({ method: 'GET', url: '/admin/v1/store' })).toBe(false);
    expect(isIdempotentRoute({ method: 'PATCH', url: '/admin/v1/store' })).toBe(false);
    expect(isIdempotentRoute({ method: 'POST', url: '/ingest/v1/events' })).toBe(false);
    expect(isIdempotentRoute({ method: 'POST', url: '/ingest/v1/x', config: { idempotency: true } })).toBe(
      true,
    );
    expect(
      isIdempotentRoute({ method: 'POST', url: '/admin/v1/login', config: { idempotency: false } }),
    ).toBe(false);
    // Routes that read no credentials have no caller to scope a key to.
    expect(
      isIdempotentRoute({ method: 'POST', url: '/admin/v1/auth/login', config: { authentication: 'none' } }),
    ).toBe(false);
  });
});
