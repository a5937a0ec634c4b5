/**
 * The platforms' webhooks over real HTTP, with their documented sample payloads: each platform's
 * signature (valid, forged, altered, missing), replay windows, de-duplication (also of concurrent
 * redeliveries), malformed payloads, unknown connections, BigCommerce's fetch of what its
 * webhooks name (from a local server answering as BigCommerce does). Every refusal is a 4xx
 * problem that stores nothing.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startFakeBigCommerce, type FakeBigCommerce } from '../../../test/fake-platforms.ts';
import { startTestServer } from '../../../test/harness.ts';
import { createTestApiKey, createTestStore } from '../../../test/identity.ts';
import { eventsOf, rowsOf, verbs } from '../../../test/records.ts';
import {
  bigCommerceWebhook,
  magentoHeaders,
  magentoKeyPair,
  sampleBytes,
  sampleJson,
  sampleWith,
  shopifyHeaders,
  wooCommerceHeaders,
} from './testing.ts';

const SHOP = 'acme-outfitters.myshopify.com';
const SHOPIFY_SECRET = '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';
const WOO_SECRET = 'woo-webhook-secret-7d1f4e2a';
const BC_TOKEN = 'bc-carton-webhook-token-4a7e1f0c9b2d';
const magentoKeys = magentoKeyPair();

let server: Awaited<ReturnType<typeof startTestServer>>;
let bigcommerce: FakeBigCommerce;
let storeId: string;
let adminHeaders: Record<string, string>;
const conn = { shopify: '', woocommerce: '', bigcommerce: '', magento: '' };
const http = verbs(
  () => server,
  () => adminHeaders,
);

beforeAll(async () => {
  bigcommerce = await startFakeBigCommerce();
  server = await startTestServer({
    overrides: { BIGCOMMERCE_API_BASE: bigcommerce.url, INTEGRATIONS_RETRY_BASE_MS: '20' },
  });
  storeId = (await createTestStore(server)).id;
  adminHeaders = (await createTestApiKey(server, { storeId, role: 'admin' })).headers;
  const connect = async (body: Record<string, unknown>) => {
    const res = await http.post('/admin/v1/integrations/connections', body);
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body.id as string;
  };
  conn.shopify = await connect({ platform: 'shopify', shop_domain: SHOP, webhook_secret: SHOPIFY_SECRET });
  conn.woocommerce = await connect({
    platform: 'woocommerce',
    site_url: 'https://example.com/',
    consumer_key: 'ck_0123456789abcdef0123456789abcdef01234567',
    consumer_secret: 'cs_0123456789abcdef0123456789abcdef01234567',
    webhook_secret: WOO_SECRET,
  });
  conn.bigcommerce = await connect({
    platform: 'bigcommerce',
    store_hash: bigcommerce.storeHash,
    access_token: bigcommerce.accessToken,
    webhook_token: BC_TOKEN,
  });
  conn.magento = await connect({
    platform: 'magento',
    base_url: 'https://magento.example.com',
    access_token: 'mag_integration_token_0123456789',
    webhook_public_key: magentoKeys.publicKey,
  });
  bigcommerce.carts.set(
    '09346904-4175-44fd-be53-f7e598531b6c',
    sampleJson<{ data: unknown }>('bigcommerce-cart').data,
  );
  bigcommerce.orders.set('250', sampleJson('bigcommerce-order'));
  bigcommerce.customers.set('11', sampleJson<{ data: unknown[] }>('bigcommerce-customers').data[0]);
});
afterAll(async () => {
  await server?.close();
  await bigcommerce?.close();
});

async function deliver(
  platform: keyof typeof conn,
  body: Buffer | string,
  headers: Record<string, string>,
  id?: string,
) {
  const res = await fetch(`${server.url}/ingest/v1/integrations/${id ?? conn[platform]}/${platform}`, {
    method: 'POST',
    headers,
    body: typeof body === 'string' ? body : new Uint8Array(body),
  });
  const text = await res.text();
  return {
    status: res.status,
    type: res.headers.get('content-type'),
    body: JSON.parse(text) as Record<string, unknown>,
  };
}

const shopify = (body: Buffer, o: Partial<Parameters<typeof shopifyHeaders>[2]> & { topic: string }) =>
  deliver('shopify', body, shopifyHeaders(body, SHOPIFY_SECRET, { shop: SHOP, ...o }));

/** Everything a delivery could change, to prove that a refusal changed nothing. */
async function snapshot() {
  const db = server.platform.db;
  const counts = await db.execute(sql`
    SELECT (SELECT count(*) FROM integration_inbox WHERE store_id = ${storeId})::int AS inbox,
           (SELECT count(*) FROM integration_deliveries WHERE store_id = ${storeId})::int AS deliveries,
           (SELECT count(*) FROM events WHERE store_id = ${storeId})::int AS events,
           (SELECT max(last_delivery_at)::text FROM integration_connections WHERE store_id = ${storeId}) AS last`);
  return JSON.stringify(counts.rows);
}

const inboxOf = (connectionId: string) =>
  rowsOf<{
    kind: string;
    external_id: string;
    version: string;
    payload: Record<string, unknown>;
    email: string | null;
    delivery_id: string | null;
  }>(server.platform.db, 'integration_inbox', storeId, sql`connection_id = ${connectionId}`);

describe('Shopify', () => {
  it('records a checkout once: the mapped cart in the inbox, an event without personal data', async () => {
    const body = sampleBytes('shopify-checkout-create');
    const eventId = 'a1f7c0de-0001-4c8b-9d2e-111111111111';
    const first = await shopify(body, { topic: 'checkouts/create', eventId });
    expect(first).toMatchObject({ status: 200, body: { received: true, outcome: 'accepted', recorded: 1 } });
    const again = await shopify(body, { topic: 'checkouts/create', eventId });
    expect(again.body).toEqual({ received: true, outcome: 'duplicate', recorded: 0 });

    const inbox = await inboxOf(conn.shopify);
    expect(inbox).toHaveLength(1);
    expect(inbox[0]).toMatchObject({ kind: 'cart', external_id: '123123123', email: 'example@email.com' });
    expect(inbox[0]!.payload).toMatchObject({
      storeId,
      source: 'shopify',
      externalId: '123123123',
      value: 39800,
      recoveryUrl: 'https://checkout.local/548380009/checkouts/123123123/recover?key=example-secret-token',
    });
    const events = await eventsOf(server.platform.db, storeId, 'external_cart.received');
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      connectionId: conn.shopify,
      externalId: '123123123',
      value: 39800,
      hasEmail: true,
    });
    expect(JSON.stringify(events[0])).not.toContain('@');
    const deliveries = await rowsOf(
      server.platform.db,
      'integration_deliveries',
      storeId,
      sql`connection_id = ${conn.shopify}`,
    );
    expect(deliveries).toMatchObject([
      { delivery_key: `checkouts/create:${eventId}`, status: 'applied', items_recorded: 1 },
    ]);
  });

  it('20 concurrent deliveries of one event: one is applied, the others are duplicates', async () => {
    const body = sampleWith('shopify-checkout-create', (c) => {
      c.token = 'concurrent-checkout-token';
      c.updated_at = '2022-01-03T10:00:00Z';
    });
    const eventId = 'c0c0c0c0-0002-4c8b-9d2e-222222222222';
    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        // Each redelivery of an event comes through its own webhook id, with the same event id.
        shopify(body, { topic: 'checkouts/update', eventId, webhookId: `webhook-${i}` }),
      ),
    );
    expect(answers.map((a) => a.status)).toEqual(Array(20).fill(200));
    const outcomes = answers.map((a) => a.body.outcome).sort();
    expect(outcomes.filter((o) => o === 'accepted')).toHaveLength(1);
    expect(outcomes.filter((o) => o === 'duplicate')).toHaveLength(19);
    const inbox = (await inboxOf(conn.shopify)).filter((r) => r.external_id === 'concurrent-checkout-token');
    expect(inbox).toHaveLength(1);
    const events = (await eventsOf(server.platform.db, storeId, 'external_cart.received')).filter(
      (e) => e.externalId === 'concurrent-checkout-token',
    );
    expect(events).toHaveLength(1);
  });

  it('without X-Shopify-Event-Id, the webhook id de-duplicates', async () => {
    const body = sampleWith('shopify-checkout-create', (c) => (c.token = 'webhook-id-checkout'));
    const h = shopifyHeaders(body, SHOPIFY_SECRET, {
      topic: 'checkouts/create',
      shop: SHOP,
      webhookId: 'wh-fixed-1',
    });
    expect((await deliver('shopify', body, h)).body.outcome).toBe('accepted');
    expect((await deliver('shopify', body, h)).body.outcome).toBe('duplicate');
  });

  it('a completed checkout, the order and the customer: the cart completed, the purchase, the contact', async () => {
    expect(
      (await shopify(sampleBytes('shopify-checkout-update-completed'), { topic: 'checkouts/update' })).body
        .outcome,
    ).toBe('accepted');
    expect(
      (await shopify(sampleBytes('shopify-order-create'), { topic: 'orders/create' })).body,
    ).toMatchObject({
      outcome: 'accepted',
      recorded: 1,
    });
    expect(
      (await shopify(sampleBytes('shopify-customer-update'), { topic: 'customers/update' })).body.outcome,
    ).toBe('accepted');
    const inbox = await inboxOf(conn.shopify);
    const versions = inbox
      .filter((r) => r.external_id === '123123123')
      .map((r) => r.payload.completedAt ?? null);
    expect(versions.sort()).toEqual(['2022-01-01T14:14:27.000Z', null]);
    expect(inbox.find((r) => r.kind === 'purchase')!.payload).toMatchObject({
      externalOrderId: '820982911946154508',
      externalCartId: '123123123',
      total: 40300,
    });
    expect(inbox.find((r) => r.kind === 'contact')!.payload).toMatchObject({
      externalCustomerId: '706405506930370084',
      consent: [
        { channel: 'email', status: 'granted' },
        { channel: 'sms', status: 'withdrawn' },
      ],
    });
    const purchases = await eventsOf(server.platform.db, storeId, 'external_purchase.received');
    expect(purchases).toEqual([
      expect.objectContaining({
        externalOrderId: '820982911946154508',
        externalCartId: '123123123',
        total: 40300,
      }),
    ]);
  });

  it('an older state of a cart arriving after a newer one is not recorded', async () => {
    const at = (updated: string) =>
      sampleWith('shopify-checkout-create', (c) => {
        c.token = 'late-checkout';
        c.updated_at = updated;
      });
    expect((await shopify(at('2022-02-01T12:00:00Z'), { topic: 'checkouts/update' })).body.recorded).toBe(1);
    expect((await shopify(at('2022-02-01T11:00:00Z'), { topic: 'checkouts/update' })).body).toMatchObject({
      outcome: 'accepted',
      recorded: 0,
    });
    const rows = (await inboxOf(conn.shopify)).filter((r) => r.external_id === 'late-checkout');
    expect(rows.map((r) => r.version)).toEqual(['2022-02-01T12:00:00.000Z']);
  });

  it('refuses forged, altered and unsigned deliveries with 401, storing nothing and logging no personal data', async () => {
    const body = sampleWith('shopify-checkout-create', (c) => (c.token = 'forged-checkout'));
    const good = shopifyHeaders(body, SHOPIFY_SECRET, { topic: 'checkouts/create', shop: SHOP });
    const warn = vi.spyOn(server.platform.log, 'warn');
    const before = await snapshot();
    const cases: [string, Buffer, Record<string, string>][] = [
      [
        'another secret',
        body,
        shopifyHeaders(body, 'shpss_attacker_000000000000000000', { topic: 'checkouts/create', shop: SHOP }),
      ],
      ['altered body', Buffer.from(body.toString().replace('example@email.com', 'attacker@evil.test')), good],
      ['no signature', body, { ...good, 'x-shopify-hmac-sha256': '' }],
      [
        'another shop',
        body,
        shopifyHeaders(body, SHOPIFY_SECRET, { topic: 'checkouts/create', shop: 'other.myshopify.com' }),
      ],
    ];
    for (const [name, sent, headers] of cases) {
      const res = await deliver('shopify', sent, headers);
      expect({ name, status: res.status, code: res.body.code }).toEqual({
        name,
        status: 401,
        code: 'INTEGRATION_SIGNATURE_INVALID',
      });
      expect(res.type).toMatch(/^application\/problem\+json/);
    }
    expect(await snapshot()).toBe(before);
    const logged = JSON.stringify(warn.mock.calls);
    warn.mockRestore();
    expect(logged).toContain('integration webhook refused');
    expect(logged).not.toMatch(/@/);
  });

  it('a delivery outside the replay window is answered 200 stale (no retries) and not applied', async () => {
    const before = await snapshot();
    const old = sampleWith('shopify-checkout-create', (c) => (c.token = 'stale-checkout'));
    for (const triggeredAt of [new Date(Date.now() - 10 * 60_000), new Date(Date.now() + 10 * 60_000)]) {
      const res = await shopify(old, { topic: 'checkouts/create', triggeredAt: triggeredAt.toISOString() });
      expect(res).toMatchObject({ status: 200, body: { received: true, outcome: 'stale', recorded: 0 } });
    }
    expect(await snapshot()).toBe(before);
  });

  it('a malformed payload is a 422 naming the field; nothing is stored', async () => {
    const before = await snapshot();
    const bad = sampleWith('shopify-checkout-create', (c) => {
      (c.line_items as Record<string, unknown>[])[0]!.quantity = -1;
    });
    const res = await shopify(bad, { topic: 'checkouts/update' });
    expect(res.status).toBe(422);
    expect(res.body).toMatchObject({
      code: 'INTEGRATION_PAYLOAD_INVALID',
      errors: [{ path: 'body.line_items.0.quantity' }],
    });
    const notJson = await shopify(Buffer.from('{"token": '), { topic: 'checkouts/update' });
    expect(notJson).toMatchObject({
      status: 422,
      body: { errors: [{ path: 'body', message: 'not valid JSON' }] },
    });
    const noTopic = await deliver('shopify', sampleBytes('shopify-order-create'), {
      ...shopifyHeaders(sampleBytes('shopify-order-create'), SHOPIFY_SECRET, { topic: 'x', shop: SHOP }),
      'x-shopify-topic': '',
    });
    expect(noTopic).toMatchObject({ status: 422, body: { errors: [{ path: 'headers.x-shopify-topic' }] } });
    expect(await snapshot()).toBe(before);
  });

  it('a topic Carton does not take is answered 200 ignored', async () => {
    const res = await shopify(Buffer.from('{"id": 1}'), { topic: 'products/update' });
    expect(res).toMatchObject({ status: 200, body: { outcome: 'ignored', recorded: 0 } });
  });

  it('an unknown connection, or another platform’s URL, is a 404', async () => {
    const body = sampleBytes('shopify-order-create');
    const headers = shopifyHeaders(body, SHOPIFY_SECRET, { topic: 'orders/create', shop: SHOP });
    expect((await deliver('shopify', body, headers, 'conn_01JUNKNOWN000000000000000')).status).toBe(404);
    const viaWoo = await fetch(`${server.url}/ingest/v1/integrations/${conn.shopify}/woocommerce`, {
      method: 'POST',
      headers,
      body: new Uint8Array(body),
    });
    expect(viaWoo.status).toBe(404);
  });
});

describe('WooCommerce', () => {
  it('answers the ping sent when a webhook is saved', async () => {
    const res = await deliver('woocommerce', 'webhook_id=12', {
      'content-type': 'application/x-www-form-urlencoded',
    });
    expect(res).toMatchObject({ status: 200, body: { outcome: 'ignored' } });
  });

  it('a pending order is a cart, the paid order its purchase; a redelivery changes nothing', async () => {
    const pending = sampleBytes('woocommerce-order-pending');
    const headers = wooCommerceHeaders(pending, WOO_SECRET, {
      topic: 'order.created',
      deliveryId: 'wc-del-1',
    });
    expect((await deliver('woocommerce', pending, headers)).body).toMatchObject({
      outcome: 'accepted',
      recorded: 1,
    });
    expect((await deliver('woocommerce', pending, headers)).body.outcome).toBe('duplicate');
    const paid = sampleBytes('woocommerce-order-processing');
    const res = await deliver(
      'woocommerce',
      paid,
      wooCommerceHeaders(paid, WOO_SECRET, { topic: 'order.updated' }),
    );
    expect(res.body).toMatchObject({ outcome: 'accepted', recorded: 1 });
    // The same paid order again, through another delivery (order.updated fires often): one purchase.
    const again = await deliver(
      'woocommerce',
      paid,
      wooCommerceHeaders(paid, WOO_SECRET, { topic: 'order.updated' }),
    );
    expect(again.body).toMatchObject({ outcome: 'accepted', recorded: 0 });
    const inbox = await inboxOf(conn.woocommerce);
    expect(inbox.map((r) => [r.kind, r.external_id]).sort()).toEqual([
      ['cart', 'order:727'],
      ['purchase', '727'],
    ]);
  });

  it('refuses a wrong signature with 401', async () => {
    const body = sampleBytes('woocommerce-customer');
    const res = await deliver(
      'woocommerce',
      body,
      wooCommerceHeaders(body, 'not-the-secret-0000', { topic: 'customer.updated' }),
    );
    expect(res).toMatchObject({ status: 401, body: { code: 'INTEGRATION_SIGNATURE_INVALID' } });
  });
});

describe('BigCommerce', () => {
  const headers = { 'content-type': 'application/json', 'x-carton-webhook-token': BC_TOKEN };

  it('fetches the cart a webhook names, records it, and does not fetch a redelivery again', async () => {
    const body = sampleBytes('bigcommerce-webhook-cart-updated');
    const hook = {
      ...sampleJson('bigcommerce-webhook-cart-updated'),
      created_at: Math.floor(Date.now() / 1000),
    };
    const fresh = Buffer.from(JSON.stringify(hook));
    const fetchesBefore = bigcommerce.requests.length;
    expect((await deliver('bigcommerce', fresh, headers)).body).toMatchObject({
      outcome: 'accepted',
      recorded: 1,
    });
    expect((await deliver('bigcommerce', fresh, headers)).body.outcome).toBe('duplicate');
    expect(bigcommerce.requests.length - fetchesBefore).toBe(1);
    const [request] = bigcommerce.requests.slice(fetchesBefore);
    expect(request).toMatchObject({
      path: `/stores/${bigcommerce.storeHash}/v3/carts/09346904-4175-44fd-be53-f7e598531b6c`,
    });
    expect(request!.headers['x-auth-token']).toBe(bigcommerce.accessToken);
    const [cart] = await inboxOf(conn.bigcommerce);
    expect(cart).toMatchObject({ kind: 'cart', external_id: '09346904-4175-44fd-be53-f7e598531b6c' });
    expect(cart!.payload).toMatchObject({ value: 34495, contact: { email: 'janedoe@example.com' } });
    // The sample itself is from 2019: outside the replay window.
    expect((await deliver('bigcommerce', body, headers)).body.outcome).toBe('stale');
  });

  it('orders and customers: the purchase and the contact with its consent', async () => {
    const order = bigCommerceWebhook(bigcommerce.storeHash, { scope: 'store/order/created', id: 250 });
    expect((await deliver('bigcommerce', order, headers)).body.recorded).toBe(1);
    const customer = bigCommerceWebhook(bigcommerce.storeHash, { scope: 'store/customer/updated', id: 11 });
    expect((await deliver('bigcommerce', customer, headers)).body.recorded).toBe(1);
    const inbox = await inboxOf(conn.bigcommerce);
    expect(inbox.find((r) => r.kind === 'purchase')!.payload).toMatchObject({
      externalOrderId: '250',
      total: 34495,
    });
    expect(inbox.find((r) => r.kind === 'contact')!.payload).toMatchObject({
      consent: [{ channel: 'email', status: 'granted' }],
    });
  });

  it('a cart gone from BigCommerce is ignored; an unknown scope too', async () => {
    const gone = bigCommerceWebhook(bigcommerce.storeHash, {
      scope: 'store/cart/abandoned',
      id: 'no-such-cart',
    });
    expect((await deliver('bigcommerce', gone, headers)).body).toMatchObject({ outcome: 'ignored' });
    const product = bigCommerceWebhook(bigcommerce.storeHash, { scope: 'store/product/updated', id: 3 });
    expect((await deliver('bigcommerce', product, headers)).body).toMatchObject({ outcome: 'ignored' });
  });

  it('when BigCommerce cannot answer, the delivery is taken (202 deferred) and left pending for the worker', async () => {
    bigcommerce.failNext(1, 503);
    const body = bigCommerceWebhook(bigcommerce.storeHash, { scope: 'store/order/updated', id: 250 });
    const res = await deliver('bigcommerce', body, headers);
    expect(res).toMatchObject({ status: 202, body: { outcome: 'deferred', recorded: 0 } });
    expect((await deliver('bigcommerce', body, headers)).body.outcome).toBe('duplicate');
    const pending = await rowsOf(
      server.platform.db,
      'integration_deliveries',
      storeId,
      sql`status = 'pending'`,
    );
    expect(pending).toMatchObject([
      { topic: 'store/order/updated', resource_type: 'order', resource_id: '250', attempts: 1 },
    ]);
    expect(pending[0]!.last_error).toMatch(/answered 503/);
    const [connection] = await rowsOf<{ next_sync_at: Date | null }>(
      server.platform.db,
      'integration_connections',
      storeId,
      sql`id = ${conn.bigcommerce}`,
    );
    expect(connection!.next_sync_at).not.toBeNull();
  });

  it('refuses a wrong token, another store’s producer, and a malformed envelope', async () => {
    const before = await snapshot();
    const body = bigCommerceWebhook(bigcommerce.storeHash, { scope: 'store/cart/updated', id: 'x' });
    expect(
      (await deliver('bigcommerce', body, { ...headers, 'x-carton-webhook-token': 'nope' })).status,
    ).toBe(401);
    expect((await deliver('bigcommerce', body, { 'content-type': 'application/json' })).status).toBe(401);
    const other = bigCommerceWebhook('otherhash1', { scope: 'store/cart/updated', id: 'x' });
    expect((await deliver('bigcommerce', other, headers)).status).toBe(401);
    const malformed = await deliver(
      'bigcommerce',
      Buffer.from('{"scope": "store/cart/updated", "data": {}}'),
      headers,
    );
    expect(malformed.status).toBe(422);
    expect((malformed.body.errors as { path: string }[]).map((e) => e.path)).toEqual(
      expect.arrayContaining(['body.data.id', 'body.hash', 'body.created_at', 'body.producer']),
    );
    expect(await snapshot()).toBe(before);
  });
});

describe('Magento (Adobe Commerce webhooks)', () => {
  it('a signed quote is a cart and a signed order its purchase; answers say op: success', async () => {
    const quote = sampleBytes('magento-webhook-quote');
    const res = await deliver('magento', quote, magentoHeaders(quote, magentoKeys.privateKey));
    expect(res).toMatchObject({ status: 200, body: { op: 'success', outcome: 'accepted', recorded: 1 } });
    expect(
      (await deliver('magento', quote, magentoHeaders(quote, magentoKeys.privateKey))).body.outcome,
    ).toBe('duplicate');
    const order = sampleBytes('magento-webhook-order');
    expect(
      (await deliver('magento', order, magentoHeaders(order, magentoKeys.privateKey))).body.recorded,
    ).toBe(1);
    const inbox = await inboxOf(conn.magento);
    expect(inbox.map((r) => [r.kind, r.external_id]).sort()).toEqual([
      ['cart', '412'],
      ['purchase', '110'],
    ]);
  });

  it('a signature from another key is a 401', async () => {
    const quote = sampleBytes('magento-webhook-quote');
    const res = await deliver('magento', quote, magentoHeaders(quote, magentoKeyPair().privateKey));
    expect(res).toMatchObject({ status: 401, body: { code: 'INTEGRATION_SIGNATURE_INVALID' } });
  });
});
