/**
 * The worker's side, on DBOS: the scheduled tick finds a connection due and a durable
 * `integrations.sync-connection` workflow polls it (each page a checkpointed step); a
 * connection's syncs never overlap (the queue's de-duplication).
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeWooCommerce, type FakeWooCommerce } from '../../../test/fake-platforms.ts';
import { createTestPlatform, type TestPlatform } from '../../../test/harness.ts';
import { createTestStore } from '../../../test/identity.ts';
import { rowsOf } from '../../../test/records.ts';
import { createConnection } from './connections.ts';
import { sampleJson } from './testing.ts';
import { enqueueSync, usePlatformForIntegrations } from './workflows.ts';

let platform: TestPlatform;
let woo: FakeWooCommerce;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
async function until<T>(read: () => Promise<T>, ok: (v: T) => boolean, timeoutMs = 25_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await read();
    if (ok(v) || Date.now() > deadline) return v;
    await sleep(200);
  }
}

beforeAll(async () => {
  woo = await startFakeWooCommerce();
  platform = await createTestPlatform({ WORKER_SHUTDOWN_GRACE_MS: '0', INTEGRATIONS_RETRY_BASE_MS: '20' });
  await platform.workflows.launch();
  usePlatformForIntegrations(platform);
});
afterAll(async () => {
  usePlatformForIntegrations(null);
  await platform?.close();
  await woo?.close();
});

async function wooConnection() {
  const storeId = (await createTestStore(platform)).id;
  const view = await createConnection(platform, {
    storeId,
    input: {
      platform: 'woocommerce',
      site_url: woo.url,
      consumer_key: woo.consumerKey,
      consumer_secret: woo.consumerSecret,
      webhook_secret: 'woo-secret-0000',
      polling: { enabled: true, since: '2024-03-05T09:00:00Z' },
    },
  });
  return { storeId, connectionId: view.id };
}

describe('scheduled sync (DBOS)', () => {
  it('the tick finds a due connection and its sync workflow polls it', async () => {
    const o = sampleJson('woocommerce-order-pending');
    woo.orders.push({ ...o, id: 1001, date_modified_gmt: '2024-03-05T10:00:00' });
    const c = await wooConnection();
    const rows = await until(
      () => rowsOf(platform.db, 'integration_inbox', c.storeId),
      (r) => r.length > 0,
    );
    expect(rows).toMatchObject([{ kind: 'cart', external_id: 'order:1001', via: 'poll' }]);
    // The items are recorded page by page; the sync is marked done in its last step, just after.
    const [conn] = await until(
      () =>
        rowsOf<{ next_sync_at: string; last_synced_at: string | null }>(
          platform.db,
          'integration_connections',
          c.storeId,
        ),
      (r) => r[0]?.last_synced_at != null,
    );
    expect(new Date(conn!.next_sync_at).getTime()).toBeGreaterThan(Date.now() + 200_000);
    // A durable workflow did it, page by page.
    const { rows: runs } = await platform.db.execute<{ workflow_uuid: string; status: string }>(sql`
      SELECT workflow_uuid, status FROM dbos.workflow_status
      WHERE name = 'integrations.sync-connection' AND workflow_uuid LIKE ${`integrations.sync:${c.connectionId}:%`}`);
    expect(runs.length).toBeGreaterThanOrEqual(1);
    const done = await until(
      async () =>
        (
          await platform.db.execute<{ status: string }>(
            sql`SELECT status FROM dbos.workflow_status WHERE workflow_uuid = ${runs[0]!.workflow_uuid}`,
          )
        ).rows[0]!.status,
      (s) => s === 'SUCCESS',
    );
    expect(done).toBe('SUCCESS');
    const { rows: steps } = await platform.db.execute<{ function_name: string }>(sql`
      SELECT function_name FROM dbos.operation_outputs WHERE workflow_uuid = ${runs[0]!.workflow_uuid} ORDER BY function_id`);
    expect(steps.map((s) => s.function_name)).toEqual(['plan', 'retry-fetches', 'poll-orders-1', 'finish']);
  });

  it("a connection's syncs never overlap: a second one while the first runs is not enqueued", async () => {
    const c = await wooConnection();
    // Not due for the tick: only these enqueues run it.
    await platform.db.execute(
      sql`UPDATE integration_connections SET next_sync_at = now() + interval '1 day' WHERE id = ${c.connectionId}`,
    );
    woo.delayAnswers(1500);
    try {
      const first = await enqueueSync(platform, c, new Date());
      await sleep(300);
      const second = await enqueueSync(platform, c, new Date(Date.now() + 1000));
      expect([first, second]).toEqual([true, false]);
    } finally {
      woo.delayAnswers(0);
    }
  });
});
