/**
 * Connections over the admin API: connect each platform, credentials sealed at rest and shown as
 * hints only, permissions, audit and events, bad input, duplicates (also racing), rotation,
 * polling settings, disconnection, the delivery log and inbox, and other stores kept out.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer } from '../../../test/harness.ts';
import { createTestApiKey, createTestStore } from '../../../test/identity.ts';
import { auditedIds, eventsOf, rowsOf, verbs } from '../../../test/records.ts';
import { decryptSecret } from '../../platform/crypto.ts';
import { magentoKeyPair, sampleBytes, shopifyHeaders } from './testing.ts';

let server: Awaited<ReturnType<typeof startTestServer>>;
let storeId: string;
let admin: Record<string, string>;
let readOnly: Record<string, string>;
let otherStore: Record<string, string>;
const http = verbs(
  () => server,
  () => admin,
);
const base = '/admin/v1/integrations/connections';

const SHOPIFY = {
  platform: 'shopify',
  shop_domain: 'Northwind-Goods.myshopify.com',
  webhook_secret: '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',
  access_token: 'shpat_0123456789abcdef0123456789abcdef',
};
const WOO = {
  platform: 'woocommerce',
  site_url: 'https://shop.example.org/store/',
  consumer_key: 'ck_1111111111111111111111111111111111111111',
  consumer_secret: 'cs_2222222222222222222222222222222222222222',
  webhook_secret: 'woo-secret-3333',
};

beforeAll(async () => {
  server = await startTestServer();
  storeId = (await createTestStore(server)).id;
  admin = (await createTestApiKey(server, { storeId, role: 'admin' })).headers;
  readOnly = (await createTestApiKey(server, { storeId, role: 'read_only' })).headers;
  const other = (await createTestStore(server)).id;
  otherStore = (await createTestApiKey(server, { storeId: other, role: 'admin' })).headers;
});
afterAll(async () => {
  await server?.close();
});

describe('connecting', () => {
  let id: string;

  it('connects a Shopify shop: hints only, the ingest URL and topics to subscribe', async () => {
    const res = await http.post(base, SHOPIFY);
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    id = res.body.id;
    expect(id).toMatch(/^conn_/);
    expect(res.body).toMatchObject({
      platform: 'shopify',
      name: 'northwind-goods.myshopify.com',
      shop: 'northwind-goods.myshopify.com',
      status: 'active',
      credentials: { webhook_secret: 'shpss_…5c4d', access_token: 'shpat_…cdef' },
      webhook: {
        ingest_url: `/ingest/v1/integrations/${id}/shopify`,
        topics: [
          'checkouts/create',
          'checkouts/update',
          'orders/create',
          'customers/create',
          'customers/update',
        ],
      },
      polling: { available: false, enabled: false, cursors: [] },
      sync: { next_at: null, consecutive_failures: 0 },
    });
    expect(JSON.stringify(res.body)).not.toContain(SHOPIFY.webhook_secret);
    expect(JSON.stringify(res.body)).not.toContain(SHOPIFY.access_token);
  });

  it('keeps the credentials encrypted at rest, bound to the connection', async () => {
    const [row] = await rowsOf<{ credentials_ciphertext: string }>(
      server.platform.db,
      'integration_connections',
      storeId,
      sql`id = ${id}`,
    );
    expect(row!.credentials_ciphertext).toMatch(/^v1\./);
    expect(row!.credentials_ciphertext).not.toContain('shpss_');
    const secret = server.platform.config.CARTON_SECRET;
    const plain = JSON.parse(
      decryptSecret(secret, row!.credentials_ciphertext, `integration_connections:${id}:credentials`),
    );
    expect(plain).toEqual({ webhook_secret: SHOPIFY.webhook_secret, access_token: SHOPIFY.access_token });
    // Copied to another connection, it does not decrypt.
    expect(() =>
      decryptSecret(secret, row!.credentials_ciphertext, 'integration_connections:conn_other:credentials'),
    ).toThrow();
  });

  it('is audited and emits integration_connection.created, neither with a secret', async () => {
    expect(await auditedIds(server.platform.db, storeId, 'integration_connection.created')).toContain(id);
    const { rows } = await server.platform.db.execute<{ after: unknown }>(
      sql`SELECT after FROM audit_log WHERE entity_id = ${id} AND action = 'integration_connection.created'`,
    );
    expect(JSON.stringify(rows)).not.toContain(SHOPIFY.webhook_secret);
    const events = await eventsOf(server.platform.db, storeId, 'integration_connection.created');
    expect(events.find((e) => e.id === id)).toMatchObject({
      platform: 'shopify',
      shop: 'northwind-goods.myshopify.com',
    });
    expect(JSON.stringify(events)).not.toContain(SHOPIFY.webhook_secret);
  });

  it('one live connection per shop: again (any case) is 409, racing creates make exactly one', async () => {
    const again = await http.post(base, { ...SHOPIFY, shop_domain: 'NORTHWIND-GOODS.myshopify.com' });
    expect(again).toMatchObject({ status: 409, body: { code: 'ALREADY_EXISTS' } });
    const racing = await Promise.all(
      Array.from({ length: 6 }, () =>
        http.post(base, { ...SHOPIFY, shop_domain: 'racing-shop.myshopify.com' }),
      ),
    );
    expect(racing.map((r) => r.status).sort()).toEqual([201, 409, 409, 409, 409, 409]);
  });

  it('connects WooCommerce with polling (a cursor from `since`), and Magento polled by default', async () => {
    const woo = await http.post(base, {
      ...WOO,
      polling: { enabled: true, interval_seconds: 120, since: '2024-03-05T09:00:00Z' },
    });
    expect(woo.status, JSON.stringify(woo.body)).toBe(201);
    expect(woo.body).toMatchObject({
      shop: 'https://shop.example.org/store',
      credentials: { consumer_key: 'ck_…1111', consumer_secret: 'cs_…2222', webhook_secret: '…' },
      polling: {
        available: true,
        enabled: true,
        interval_seconds: 120,
        cursors: [{ resource: 'orders', modified_after: '2024-03-05T09:00:00.000Z', items_recorded: 0 }],
      },
    });
    expect(woo.body.sync.next_at).not.toBeNull();
    const magento = await http.post(base, {
      platform: 'magento',
      base_url: 'https://magento.example.net',
      access_token: 'mag_token_0123456789abcdef',
    });
    expect(magento.body.polling).toMatchObject({ enabled: true, interval_seconds: 300 });
    expect(magento.body.polling.cursors.map((c: { resource: string }) => c.resource)).toEqual([
      'carts',
      'orders',
    ]);
    const signed = await http.post(base, {
      platform: 'magento',
      base_url: 'https://signed.example.net',
      access_token: 'mag_token_0123456789abcdef',
      webhook_public_key: magentoKeyPair().publicKey,
    });
    expect(signed.body.polling.enabled).toBe(false);
    expect(signed.body.credentials.webhook_public_key).toMatch(/^RSA public key, sha256:[0-9a-f]{16}$/);
  });

  it('refuses bad input with 400 and the field, writing nothing', async () => {
    const before = await rowsOf(server.platform.db, 'integration_connections', storeId);
    const cases: [Record<string, unknown>, string][] = [
      [{ ...SHOPIFY, shop_domain: 'northwind.com' }, 'body.shop_domain'],
      [{ ...SHOPIFY, webhook_secret: 'short' }, 'body.webhook_secret'],
      [{ ...SHOPIFY, polling: { enabled: true } }, 'body'],
      [{ ...WOO, site_url: 'ftp://shop.example.org' }, 'body.site_url'],
      [{ ...WOO, consumer_key: undefined }, 'body.consumer_key'],
      [
        {
          platform: 'bigcommerce',
          store_hash: 'abc/def',
          access_token: 'x'.repeat(20),
          webhook_token: 'y'.repeat(30),
        },
        'body.store_hash',
      ],
      [
        {
          platform: 'bigcommerce',
          store_hash: 'abcdef1',
          access_token: 'x'.repeat(20),
          webhook_token: 'too-short',
        },
        'body.webhook_token',
      ],
      [
        {
          platform: 'magento',
          base_url: 'https://m.example',
          access_token: 'x'.repeat(20),
          webhook_public_key: 'not a key',
        },
        'body.webhook_public_key',
      ],
      [{ platform: 'prestashop', shop: 'x' }, 'body.platform'],
    ];
    for (const [body, path] of cases) {
      const res = await http.post(base, body);
      expect({ path, status: res.status, code: res.body.code }).toEqual({
        path,
        status: 400,
        code: 'VALIDATION_FAILED',
      });
      expect(res.body.errors.map((e: { path: string }) => e.path).join(' '), path).toContain(path);
    }
    expect(await rowsOf(server.platform.db, 'integration_connections', storeId)).toEqual(before);
  });

  it('needs credentials, and integrations.manage to change anything', async () => {
    expect((await http.get(base, {})).status).toBe(401);
    expect((await http.get(base, readOnly)).status).toBe(200);
    const refused = await http.post(base, { ...SHOPIFY, shop_domain: 'read-only.myshopify.com' }, readOnly);
    expect(refused).toMatchObject({ status: 403, body: { code: 'FORBIDDEN' } });
    expect((await http.patch(`${base}/${id}`, { name: 'x' }, readOnly)).status).toBe(403);
    expect((await http.del(`${base}/${id}`, readOnly)).status).toBe(403);
  });
});

describe('changing and disconnecting', () => {
  let id: string;
  const shop = 'rotating-shop.myshopify.com';
  const deliverOrder = (secret: string) => {
    const body = sampleBytes('shopify-order-create');
    return fetch(`${server.url}/ingest/v1/integrations/${id}/shopify`, {
      method: 'POST',
      headers: shopifyHeaders(body, secret, { topic: 'orders/create', shop }),
      body: new Uint8Array(body),
    });
  };

  beforeAll(async () => {
    id = (await http.post(base, { ...SHOPIFY, shop_domain: shop })).body.id;
  });

  it('rotates a secret: the old one stops verifying deliveries at once', async () => {
    expect((await deliverOrder(SHOPIFY.webhook_secret)).status).toBe(200);
    const newSecret = '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';
    const res = await http.patch(`${base}/${id}`, { webhook_secret: newSecret, name: 'Rotating shop' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ name: 'Rotating shop', credentials: { webhook_secret: 'shpss_…8888' } });
    expect((await deliverOrder(SHOPIFY.webhook_secret)).status).toBe(401);
    expect((await deliverOrder(newSecret)).status).toBe(200);
    expect(await auditedIds(server.platform.db, storeId, 'integration_connection.updated')).toContain(id);
  });

  it("refuses another platform's fields and polling where there is none (422)", async () => {
    const foreign = await http.patch(`${base}/${id}`, { consumer_key: 'ck_1111111111111111111111' });
    expect(foreign).toMatchObject({ status: 422, body: { errors: [{ path: 'body.consumer_key' }] } });
    const polling = await http.patch(`${base}/${id}`, { polling: { enabled: true } });
    expect(polling).toMatchObject({ status: 422, body: { errors: [{ path: 'body.polling.enabled' }] } });
    const sync = await http.post(`${base}/${id}/sync`);
    expect(sync).toMatchObject({ status: 422, body: { code: 'UNPROCESSABLE' } });
  });

  it('shows what was delivered: the delivery log and the inbox', async () => {
    const deliveries = await http.get(`${base}/${id}/deliveries`);
    expect(deliveries.status).toBe(200);
    // Newest first: the second delivery of the same order (another webhook id) recorded nothing new.
    expect(deliveries.body.data).toMatchObject([
      { topic: 'orders/create', status: 'applied', items_recorded: 0 },
      { topic: 'orders/create', status: 'applied', items_recorded: 1 },
    ]);
    const inbox = await http.get(`${base}/${id}/inbox?kind=purchase`);
    expect(inbox.body.data).toMatchObject([
      {
        kind: 'purchase',
        source: 'shopify',
        external_id: '820982911946154508',
        via: 'webhook',
        handed_at: null,
      },
    ]);
    expect(inbox.body.data[0].item).toMatchObject({ externalOrderId: '820982911946154508', total: 40300 });
    expect((await http.get(`${base}/conn_01JNOSUCHCONNECTION0000000/inbox`)).status).toBe(404);
  });

  it('is invisible to another store', async () => {
    expect((await http.get(`${base}/${id}`, otherStore)).status).toBe(404);
    expect((await http.get(`${base}/${id}/inbox`, otherStore)).status).toBe(404);
    expect((await http.patch(`${base}/${id}`, { name: 'mine' }, otherStore)).status).toBe(404);
    expect((await http.get(base, otherStore)).body.data).toEqual([]);
  });

  it('disconnects: credentials erased, deliveries refused (404), changes refused; again is a no-op', async () => {
    const res = await http.del(`${base}/${id}`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'disconnected', credentials: {} });
    expect(res.body.disconnected_at).not.toBeNull();
    const [row] = await rowsOf<{ credentials_ciphertext: string | null }>(
      server.platform.db,
      'integration_connections',
      storeId,
      sql`id = ${id}`,
    );
    expect(row!.credentials_ciphertext).toBeNull();
    expect((await deliverOrder('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')).status).toBe(404);
    expect((await http.patch(`${base}/${id}`, { name: 'back' })).body.code).toBe('INVALID_STATE_TRANSITION');
    expect((await http.del(`${base}/${id}`)).body.status).toBe('disconnected');
    expect(await eventsOf(server.platform.db, storeId, 'integration_connection.disconnected')).toHaveLength(
      1,
    );
    // The shop can be connected again, as a new connection; the old inbox stays with the old one.
    const again = await http.post(base, { ...SHOPIFY, shop_domain: shop });
    expect(again.status).toBe(201);
    expect(again.body.id).not.toBe(id);
  });
});

describe('listing and syncing', () => {
  it('lists newest first with a cursor, filtered by platform and status', async () => {
    const all = await http.get(`${base}?limit=200`);
    const page1 = await http.get(`${base}?limit=2`);
    expect(page1.body.data).toHaveLength(2);
    const page2 = await http.get(`${base}?limit=2&cursor=${page1.body.next_cursor}`);
    expect([...page1.body.data, ...page2.body.data].map((c: { id: string }) => c.id)).toEqual(
      all.body.data.slice(0, 4).map((c: { id: string }) => c.id),
    );
    const woo = await http.get(`${base}?platform=woocommerce`);
    expect(woo.body.data.every((c: { platform: string }) => c.platform === 'woocommerce')).toBe(true);
    const gone = await http.get(`${base}?status=disconnected`);
    expect(gone.body.data.map((c: { status: string }) => c.status)).toEqual(['disconnected']);
  });

  it('asks for a sync now: 202, due at once, audited', async () => {
    const woo = (await http.get(`${base}?platform=woocommerce`)).body.data[0];
    await server.platform.db.execute(
      sql`UPDATE integration_connections SET next_sync_at = now() + interval '1 hour' WHERE id = ${woo.id}`,
    );
    const res = await http.post(`${base}/${woo.id}/sync`);
    expect(res.status).toBe(202);
    expect(Date.parse(res.body.sync.next_at)).toBeLessThanOrEqual(Date.now());
    expect(await auditedIds(server.platform.db, storeId, 'integration_connection.sync_requested')).toEqual([
      woo.id,
    ]);
  });
});
