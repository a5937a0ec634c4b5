import { afterAll, beforeAll, expect, it } from 'vitest';
import { startTestServer } from './harness.ts';
import { createTestApiKey, createTestStore } from './identity.ts';
import { sentQueries } from './sent-queries.ts';

/**
 * Query counts as a test of design (as Saleor counts queries per operation): the authenticated
 * minimal admin read — the benchmarked hot path — costs exactly one round trip to PostgreSQL.
 */
type Server = Awaited<ReturnType<typeof startTestServer>>;
let server: Server;
let headers: Record<string, string>;

beforeAll(async () => {
  server = await startTestServer();
  const store = await createTestStore(server, {});
  headers = (await createTestApiKey(server, { storeId: store.id, kind: 'secret' })).headers;
  // Warm the API key cache: the first request of a key looks it up.
  await (await fetch(`${server.url}/admin/v1/store`, { headers })).arrayBuffer();
});
afterAll(() => server.close());

it('GET /admin/v1/store with a secret key costs one query', async () => {
  const requests = 50;
  const sent = await sentQueries(async () => {
    for (let i = 0; i < requests; i++) {
      const res = await fetch(`${server.url}/admin/v1/store`, { headers });
      expect(res.status).toBe(200);
      await res.arrayBuffer();
    }
  });
  // On the read pool: the store scope and the read as one message on a connection not yet scoped to
  // this store, else the read alone as a prepared statement (decision 0008).
  const reads = sent.filter((q) =>
    /^(SET app\.store_id = '[^']+'; )?SELECT .* FROM stores WHERE id = /s.test(q),
  );
  const others = sent.filter((q) => !reads.includes(q));
  expect(reads.length).toBe(requests);
  const scoping = reads.filter((q) => q.startsWith('SET app.store_id'));
  expect(scoping.length).toBeLessThanOrEqual(1); // one request at a time: one connection, scoped once
  // Besides: the key's last-used time, written off the request path at most once a minute.
  expect(others.length).toBeLessThanOrEqual(1);
  for (const q of others) expect(q).toMatch(/^update "api_keys" set "last_used_at"/);
});
