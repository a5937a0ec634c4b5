/**
 * Connected platforms feed recovery: a Shopify checkout, signed as Shopify signs it, becomes a
 * tracked cart; left long enough it is abandoned; the order placed from it recovers it, once,
 * whatever the redeliveries; the customer's consent reaches messaging. Real HTTP, real worker.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer } from '../../../test/harness.ts';
import { createTestApiKey, createTestStore } from '../../../test/identity.ts';
import { eventsOf, rowsOf, verbs } from '../../../test/records.ts';
import { sampleBytes, shopifyHeaders } from '../integrations/testing.ts';
import { detectAbandonedCarts } from './detection.ts';

const SHOP = 'linen-and-co.myshopify.com';
const SECRET = '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';

let server: Awaited<ReturnType<typeof startTestServer>>;
let storeId: string;
let connectionId: string;

beforeAll(async () => {
  server = await startTestServer({ worker: true, overrides: { EVENTS_POLL_INTERVAL_MS: '100' } });
  storeId = (await createTestStore(server)).id;
  const admin = (await createTestApiKey(server, { storeId, role: 'admin' })).headers;
  const http = verbs(
    () => server,
    () => admin,
  );
  const res = await http.post('/admin/v1/integrations/connections', {
    platform: 'shopify',
    shop_domain: SHOP,
    webhook_secret: SECRET,
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  connectionId = res.body.id as string;
});
afterAll(async () => {
  await server?.close();
});

async function shopify(topic: string, body: Buffer, webhookId?: string) {
  const res = await fetch(`${server.url}/ingest/v1/integrations/${connectionId}/shopify`, {
    method: 'POST',
    headers: shopifyHeaders(body, SECRET, { topic, shop: SHOP, webhookId }),
    body: new Uint8Array(body),
  });
  expect(res.status, await res.clone().text()).toBeLessThan(300);
}

async function eventually<T>(read: () => Promise<T>, ok: (v: T) => boolean, ms = 20_000): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const v = await read();
    if (ok(v)) return v;
    if (Date.now() > until) throw new Error(`not reached: ${JSON.stringify(v)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

type TrackedCart = { status: string; value: number; currency: string; recovery_url: string | null };
const trackedCarts = () =>
  rowsOf<TrackedCart>(server.platform.db, 'recovery_carts', storeId, sql`source = 'shopify'`);

describe('a connected Shopify store', () => {
  it('tracks its checkout, which abandons, and the order placed from it recovers the cart once', async () => {
    await shopify('checkouts/create', sampleBytes('shopify-checkout-create'));
    const [cart] = await eventually(trackedCarts, (rows) => rows.length === 1);
    expect(cart).toMatchObject({ status: 'active', value: 39_800, currency: 'USD' });

    // Shopify's sample checkout is from 2021: long past the store's delay.
    await detectAbandonedCarts(server.platform);
    expect((await trackedCarts())[0]!.status).toBe('abandoned');

    const order = sampleBytes('shopify-order-create');
    await shopify('orders/create', order, 'order-webhook-1');
    await shopify('orders/create', order, 'order-webhook-1'); // Shopify's redelivery
    await eventually(trackedCarts, (rows) => rows[0]?.status === 'recovered');
    await eventually(
      () => eventsOf(server.platform.db, storeId, 'cart.recovered'),
      (events) => events.length === 1,
    );
    const purchases = await rowsOf(server.platform.db, 'recovery_purchases', storeId);
    expect(purchases).toHaveLength(1);

    // The checkout's own completion, late: the same purchase, which changes nothing more.
    await shopify('checkouts/update', sampleBytes('shopify-checkout-update-completed'));
    await eventually(
      () => rowsOf<{ handed_at: Date | null }>(server.platform.db, 'integration_inbox', storeId),
      (inbox) => inbox.length === 3 && inbox.every((i) => i.handed_at !== null),
    );
    expect((await trackedCarts())[0]!.status).toBe('recovered');
    expect(await eventsOf(server.platform.db, storeId, 'cart.recovered')).toHaveLength(1);
  });

  it("records the customer's marketing consent as the platform states it", async () => {
    await shopify('customers/update', sampleBytes('shopify-customer-update'));
    const consents = await eventually(
      () =>
        rowsOf<{ channel: string; status: string; source: string }>(
          server.platform.db,
          'messaging_consents',
          storeId,
          sql`source = 'platform'`,
        ),
      (rows) => rows.length === 2,
    );
    expect(consents.map((c) => `${c.channel}:${c.status}`).sort()).toEqual([
      'email:granted',
      'sms:withdrawn',
    ]);
  });
});
