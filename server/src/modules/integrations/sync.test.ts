/**
 * Polling and deferred fetches, against local servers answering as WooCommerce, Magento and
 * BigCommerce document: pages and cursors, overlapping pages and items at the same second, an
 * item seen twice recorded once, retries with backoff on 429/5xx honouring Retry-After, failures
 * recorded and retried later, unreadable items skipped, BigCommerce deliveries fetched later and
 * given up after their attempts, concurrent syncs.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  startFakeBigCommerce,
  startFakeMagento,
  startFakeWooCommerce,
  type FakeBigCommerce,
  type FakeMagento,
  type FakeWooCommerce,
} from '../../../test/fake-platforms.ts';
import { createTestPlatform, type TestPlatform } from '../../../test/harness.ts';
import { createTestStore } from '../../../test/identity.ts';
import { eventsOf, rowsOf } from '../../../test/records.ts';
import { createConnection } from './connections.ts';
import { receiveWebhook } from './deliveries.ts';
import { syncConnection } from './sync.ts';
import { bigCommerceWebhook, sampleJson } from './testing.ts';

let platform: TestPlatform;
let woo: FakeWooCommerce;
let magento: FakeMagento;
let bigcommerce: FakeBigCommerce;

beforeAll(async () => {
  [woo, magento, bigcommerce] = await Promise.all([
    startFakeWooCommerce(),
    startFakeMagento(),
    startFakeBigCommerce(),
  ]);
  platform = await createTestPlatform({
    BIGCOMMERCE_API_BASE: bigcommerce.url,
    INTEGRATIONS_POLL_PAGE_SIZE: '2',
    INTEGRATIONS_RETRY_BASE_MS: '20',
    INTEGRATIONS_RETRY_MAX_DELAY_MS: '2000',
    INTEGRATIONS_RETRY_ATTEMPTS: '4',
    INTEGRATIONS_FETCH_MAX_ATTEMPTS: '3',
  });
});
afterAll(async () => {
  await platform?.close();
  await Promise.all([woo?.close(), magento?.close(), bigcommerce?.close()]);
});

/** A WooCommerce order from the sample, with its own id, status and modification time. */
function wooOrder(id: number, status: string, modified: string): Record<string, unknown> {
  const o = sampleJson(status === 'pending' ? 'woocommerce-order-pending' : 'woocommerce-order-processing');
  return { ...o, id, number: String(id), status, date_modified_gmt: modified, date_modified: modified };
}

async function wooConnection(since = '2024-03-05T09:00:00Z') {
  const storeId = (await createTestStore(platform)).id;
  const view = await createConnection(platform, {
    storeId,
    input: {
      platform: 'woocommerce',
      site_url: woo.url,
      consumer_key: woo.consumerKey,
      consumer_secret: woo.consumerSecret,
      webhook_secret: 'woo-secret-0000',
      polling: { enabled: true, interval_seconds: 600, since },
    },
  });
  return { storeId, connectionId: view.id };
}

const inbox = (storeId: string) =>
  rowsOf<{ kind: string; external_id: string; version: string; via: string }>(
    platform.db,
    'integration_inbox',
    storeId,
  );
/** A timestamp read back raw (PostgreSQL's text form), in ms. */
const ms = (value: unknown) => new Date(value as string).getTime();

const connectionRow = async (storeId: string) =>
  (
    await rowsOf<{
      next_sync_at: string | null;
      last_synced_at: string | null;
      last_sync_error: string | null;
      sync_failures: number;
    }>(platform.db, 'integration_connections', storeId)
  )[0]!;
const cursorOf = async (storeId: string, resource = 'orders') =>
  (
    await rowsOf<{ modified_after: string; items_recorded: number }>(
      platform.db,
      'integration_poll_cursors',
      storeId,
      sql`resource = ${resource}`,
    )
  )[0]!;

beforeEach(() => {
  woo.orders.length = 0;
  magento.carts.length = 0;
  magento.orders.length = 0;
});

describe('WooCommerce orders, polled', () => {
  it('pages through from the cursor, records each order once, and moves the cursor', async () => {
    const c = await wooConnection();
    woo.orders.push(
      wooOrder(801, 'pending', '2024-03-05T10:00:00'),
      wooOrder(802, 'processing', '2024-03-05T10:01:00'),
      wooOrder(803, 'pending', '2024-03-05T10:02:00'),
      wooOrder(804, 'completed', '2024-03-05T10:03:00'),
      wooOrder(805, 'pending', '2024-03-05T10:04:00'),
      // Before the cursor: not asked for.
      wooOrder(799, 'pending', '2024-03-05T08:59:00'),
    );
    const first = await syncConnection(platform, c);
    expect(first).toMatchObject({ recorded: 5, unreadable: 0, error: null });
    expect(first.pages).toBeGreaterThanOrEqual(3);
    const rows = await inbox(c.storeId);
    expect(rows.map((r) => [r.kind, r.external_id, r.via]).sort()).toEqual([
      ['cart', 'order:801', 'poll'],
      ['cart', 'order:803', 'poll'],
      ['cart', 'order:805', 'poll'],
      ['purchase', '802', 'poll'],
      ['purchase', '804', 'poll'],
    ]);
    const cursor = await cursorOf(c.storeId);
    expect([ms(cursor.modified_after), cursor.items_recorded]).toEqual([
      Date.parse('2024-03-05T10:04:00Z'),
      5,
    ]);
    // Every request as WooCommerce documents it.
    const q = woo.requests.at(-1)!.query;
    expect(Object.fromEntries(q)).toMatchObject({
      dates_are_gmt: 'true',
      orderby: 'modified',
      order: 'asc',
      per_page: '2',
    });
    const row = await connectionRow(c.storeId);
    expect(row.last_sync_error).toBeNull();
    expect(ms(row.next_sync_at)).toBeGreaterThan(Date.now() + 590_000);
    expect(await eventsOf(platform.db, c.storeId, 'integration_connection.synced')).toMatchObject([
      { recorded: 5, unreadable: 0, fetched: 0 },
    ]);

    // Again: the overlap re-reads the newest order; it is not recorded twice.
    const again = await syncConnection(platform, c);
    expect(again).toMatchObject({ recorded: 0, error: null });
    expect(again.duplicates).toBeGreaterThanOrEqual(1);
    expect(await inbox(c.storeId)).toHaveLength(5);
    expect(await eventsOf(platform.db, c.storeId, 'integration_connection.synced')).toHaveLength(1);

    // The pending order 805 is paid: the next poll records its purchase.
    woo.orders.push(wooOrder(805, 'processing', '2024-03-05T10:30:00'));
    woo.orders.splice(4, 1);
    expect((await syncConnection(platform, c)).recorded).toBe(1);
    expect((await inbox(c.storeId)).filter((r) => r.external_id === '805')).toMatchObject([
      { kind: 'purchase' },
    ]);
  });

  it('reads every order even when more than a page share the same second', async () => {
    const c = await wooConnection();
    for (let id = 901; id <= 905; id++) woo.orders.push(wooOrder(id, 'pending', '2024-03-05T11:00:00'));
    expect(await syncConnection(platform, c)).toMatchObject({ recorded: 5, error: null });
    expect(await inbox(c.storeId)).toHaveLength(5);
  });

  it('retries 429 after Retry-After and 5xx with backoff, then goes on', async () => {
    const c = await wooConnection();
    woo.orders.push(wooOrder(950, 'pending', '2024-03-05T12:00:00'));
    woo.failNext(1, 429, { 'retry-after': '1' });
    const started = Date.now();
    expect(await syncConnection(platform, c)).toMatchObject({ recorded: 1, error: null });
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);

    woo.orders.push(wooOrder(951, 'pending', '2024-03-05T12:05:00'));
    const before = woo.requests.length;
    woo.failNext(2, 503);
    expect(await syncConnection(platform, c)).toMatchObject({ recorded: 1, error: null });
    expect(woo.requests.length - before).toBeGreaterThanOrEqual(3);
  });

  it('records a failure, keeps the cursor, backs off, and recovers at a later sync', async () => {
    const c = await wooConnection();
    woo.orders.push(wooOrder(960, 'pending', '2024-03-05T13:00:00'));
    const cursor = await cursorOf(c.storeId);
    woo.failNext(4, 500);
    const failed = await syncConnection(platform, c);
    expect(failed.error).toMatch(/answered 500/);
    expect(await cursorOf(c.storeId)).toEqual(cursor);
    expect(await inbox(c.storeId)).toEqual([]);
    const row = await connectionRow(c.storeId);
    expect(row).toMatchObject({ sync_failures: 1 });
    expect(row.last_sync_error).toMatch(/answered 500/);
    expect(ms(row.next_sync_at)).toBeGreaterThan(Date.now());
    expect(ms(row.next_sync_at)).toBeLessThan(Date.now() + 600_000);
    expect(await eventsOf(platform.db, c.storeId, 'integration_connection.sync_failed')).toMatchObject([
      { failures: 1 },
    ]);

    expect(await syncConnection(platform, c)).toMatchObject({ recorded: 1, error: null });
    expect(await connectionRow(c.storeId)).toMatchObject({ sync_failures: 0, last_sync_error: null });
  });

  it('does not sleep through a long Retry-After: the next sync waits for it', async () => {
    const c = await wooConnection();
    woo.failNext(1, 429, { 'retry-after': '3600' });
    const started = Date.now();
    const report = await syncConnection(platform, c);
    expect(Date.now() - started).toBeLessThan(2000);
    expect(report.error).toMatch(/answered 429/);
    expect(ms((await connectionRow(c.storeId)).next_sync_at)).toBeGreaterThan(Date.now() + 3_500_000);
  });

  it('refused credentials (401) are not retried within the sync', async () => {
    const storeId = (await createTestStore(platform)).id;
    const view = await createConnection(platform, {
      storeId,
      input: {
        platform: 'woocommerce',
        site_url: woo.url,
        consumer_key: 'ck_wrongwrongwrongwrongwrong',
        consumer_secret: 'cs_wrongwrongwrongwrongwrong',
        webhook_secret: 'woo-secret-0000',
        polling: { enabled: true },
      },
    });
    const before = woo.requests.length;
    const report = await syncConnection(platform, { storeId, connectionId: view.id });
    expect(report.error).toMatch(/refused the request \(401\)/);
    expect(woo.requests.length - before).toBe(1);
  });

  it('skips an order it cannot read, records the rest, and says so', async () => {
    const c = await wooConnection();
    woo.orders.push(
      wooOrder(970, 'pending', '2024-03-05T14:00:00'),
      { ...wooOrder(971, 'pending', '2024-03-05T14:01:00'), currency: 'dollars' },
      wooOrder(972, 'processing', '2024-03-05T14:02:00'),
    );
    const report = await syncConnection(platform, c);
    expect(report).toMatchObject({ recorded: 2, unreadable: 1, error: null });
    expect((await connectionRow(c.storeId)).last_sync_error).toMatch(
      /^orders item 971: INTEGRATION_PAYLOAD_INVALID at answer\.\d\.currency/,
    );
  });

  it('concurrent syncs of one connection record each order once', async () => {
    const c = await wooConnection();
    for (let id = 980; id < 986; id++)
      woo.orders.push(wooOrder(id, 'pending', `2024-03-05T15:0${id - 980}:00`));
    await Promise.all([
      syncConnection(platform, c),
      syncConnection(platform, c),
      syncConnection(platform, c),
    ]);
    expect(await inbox(c.storeId)).toHaveLength(6);
    expect(await eventsOf(platform.db, c.storeId, 'external_cart.received')).toHaveLength(6);
  });
});

describe('Magento carts and orders, polled', () => {
  it('reads both by updated_at, page by page, once each', async () => {
    const storeId = (await createTestStore(platform)).id;
    const view = await createConnection(platform, {
      storeId,
      input: {
        platform: 'magento',
        base_url: magento.url,
        access_token: magento.accessToken,
        polling: { enabled: true, since: '2024-03-05T09:00:00Z' },
      },
    });
    const c = { storeId, connectionId: view.id };
    const carts = sampleJson<{ items: Record<string, unknown>[] }>('magento-carts-search').items;
    const orders = sampleJson<{ items: Record<string, unknown>[] }>('magento-orders-search').items;
    magento.carts.push(...carts, { ...carts[0]!, id: 416, updated_at: '2024-03-05 10:05:00' });
    magento.orders.push(...orders);

    const report = await syncConnection(platform, c);
    expect(report).toMatchObject({ recorded: 4, error: null });
    const rows = await inbox(storeId);
    expect(rows.map((r) => [r.kind, r.external_id]).sort()).toEqual([
      ['cart', '412'],
      ['cart', '415'],
      ['cart', '416'],
      ['purchase', '108'],
    ]);
    const auth = magento.requests.at(-1)!.headers.authorization;
    expect(auth).toBe(`Bearer ${magento.accessToken}`);
    expect(ms((await cursorOf(storeId, 'carts')).modified_after)).toBe(Date.parse('2024-03-05T10:07:29Z'));
    expect(ms((await cursorOf(storeId, 'orders')).modified_after)).toBe(Date.parse('2024-03-05T10:20:03Z'));
    expect(await syncConnection(platform, c)).toMatchObject({ recorded: 0, error: null });
  });
});

describe('BigCommerce deliveries left pending', () => {
  const TOKEN = 'bc-carton-webhook-token-pending-0001';

  async function bigCommerceConnection() {
    const storeId = (await createTestStore(platform)).id;
    const view = await createConnection(platform, {
      storeId,
      input: {
        platform: 'bigcommerce',
        store_hash: bigcommerce.storeHash,
        access_token: bigcommerce.accessToken,
        webhook_token: TOKEN,
      },
    });
    return { storeId, connectionId: view.id };
  }
  const deliver = (connectionId: string, id: number) =>
    receiveWebhook(platform, {
      connectionId,
      platform: 'bigcommerce',
      rawBody: bigCommerceWebhook(bigcommerce.storeHash, { scope: 'store/order/created', id }),
      headers: { 'x-carton-webhook-token': TOKEN },
    });
  const makeDue = (storeId: string) =>
    platform.db.execute(
      sql`UPDATE integration_deliveries SET next_attempt_at = now() WHERE store_id = ${storeId} AND status = 'pending'`,
    );

  it('are fetched by the next sync and applied once', async () => {
    const c = await bigCommerceConnection();
    bigcommerce.orders.set('250', sampleJson('bigcommerce-order'));
    bigcommerce.failNext(1, 429, { 'x-rate-limit-time-reset-ms': '5000' });
    expect(await deliver(c.connectionId, 250)).toEqual({ outcome: 'deferred', recorded: 0 });
    const [pending] = await rowsOf<{ next_attempt_at: string }>(
      platform.db,
      'integration_deliveries',
      c.storeId,
    );
    // BigCommerce said when to come back.
    expect(ms(pending!.next_attempt_at)).toBeGreaterThan(Date.now() + 4000);
    await makeDue(c.storeId);
    expect(await syncConnection(platform, c)).toMatchObject({ fetched: 1, recorded: 1, error: null });
    expect(await rowsOf(platform.db, 'integration_deliveries', c.storeId)).toMatchObject([
      { status: 'applied', attempts: 2, items_recorded: 1, next_attempt_at: null, last_error: null },
    ]);
    expect(await inbox(c.storeId)).toMatchObject([{ kind: 'purchase', external_id: '250', via: 'webhook' }]);
    expect(await syncConnection(platform, c)).toMatchObject({ fetched: 0, recorded: 0 });
    // Nothing left pending, no polling: nothing due.
    expect((await connectionRow(c.storeId)).next_sync_at).toBeNull();
  });

  it('are given up after their attempts, with an event', async () => {
    const c = await bigCommerceConnection();
    bigcommerce.failNext(1, 503);
    expect((await deliver(c.connectionId, 251)).outcome).toBe('deferred');
    for (let i = 0; i < 2; i++) {
      bigcommerce.failNext(4, 503);
      await makeDue(c.storeId);
      await syncConnection(platform, c);
    }
    const [failed] = await rowsOf<{ status: string; attempts: number; last_error: string }>(
      platform.db,
      'integration_deliveries',
      c.storeId,
    );
    expect(failed).toMatchObject({ status: 'failed', attempts: 3 });
    expect(failed!.last_error).toMatch(/answered 503/);
    expect(await eventsOf(platform.db, c.storeId, 'integration_delivery.failed')).toMatchObject([
      { topic: 'store/order/created', attempts: 3 },
    ]);
    expect(await inbox(c.storeId)).toEqual([]);
  });
});
