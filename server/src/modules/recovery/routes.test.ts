import { sql } from 'drizzle-orm';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer } from '../../../test/harness.ts';
import { call, createStaffSession, createTestApiKey, type StaffSession } from '../../../test/identity.ts';
import { withStore } from '../../platform/db/database.ts';
import { emitEvent } from '../../platform/events/outbox.ts';
import { insertSellableProduct } from '../cart/testing.ts';
import { seedDemoShipping } from '../shipping/seed.ts';
import { seedDemoTax } from '../tax/seed.ts';
import { eventsOf, eventually, rowsOf, uniqueEmail } from '../customers/testing.ts';
import { WebSocket } from 'ws';
import { detectAbandonedCarts, recordPurchase, upsertTrackedCart, verifyRecoveryToken } from './service.ts';

/** Recovery over HTTP, with a worker: the snippet's ingest and fold, Carton's carts, links, staff API. */

let server: Awaited<ReturnType<typeof startTestServer>>;
let owner: StaffSession;
let storeId: string;
let pk: string;
let pkHeaders: Record<string, string>;

beforeAll(async () => {
  server = await startTestServer({ worker: true, overrides: { EVENTS_POLL_INTERVAL_MS: '200' } });
  owner = await createStaffSession(server, { role: 'owner' });
  storeId = owner.storeId!;
  const key = await createTestApiKey(server, { storeId, kind: 'publishable' });
  pk = key.key;
  pkHeaders = key.headers;
});
afterAll(async () => {
  await server?.close();
});

const db = () => server.platform.db;
/** `eventually`, typed as found. */
const required = async <T>(check: () => Promise<T | null | undefined>): Promise<T> =>
  (await eventually(check))!;
let n = 0;
const eid = () => `evt-${Date.now().toString(36)}-${++n}-${Math.random().toString(36).slice(2, 8)}`;
const aid = () => `anon-${Math.random().toString(36).slice(2, 12)}`;
const at = (msAgo = 0) => new Date(Date.now() - msAgo).toISOString();
const track = (body: unknown, headers: Record<string, string> = pkHeaders) =>
  call(server, 'POST', '/ingest/v1/carts/track', { headers, body });
const cartEvent = (anonymous_id: string, extra: Record<string, unknown> = {}) => ({
  id: eid(),
  type: 'cart',
  at: at(),
  anonymous_id,
  device: 'desktop',
  currency: 'EUR',
  value: 3998,
  items: [
    { title: 'Mug', sku: 'MUG-1', price: 1999, quantity: 2, image_url: 'https://cdn.example.com/mug.png' },
  ],
  ...extra,
});

describe('the snippet', () => {
  it('is one small JavaScript file with an ETag', async () => {
    const res = await fetch(`${server.url}/ingest/v1/tracker.js`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/javascript/);
    const code = await res.text();
    expect(gzipSync(code).length).toBeLessThanOrEqual(5 * 1024);
    expect(code).toContain('/ingest/v1/carts/track');
    const again = await fetch(`${server.url}/ingest/v1/tracker.js`, {
      headers: { 'if-none-match': res.headers.get('etag')! },
    });
    expect(again.status).toBe(304);
  });
});

describe('ingest', () => {
  it('needs the store’s key, in the header or (for beacons) the query', async () => {
    const body = { events: [cartEvent(aid())] };
    expect((await track(body, {})).status).toBe(401);
    expect((await track(body, { 'x-publishable-key': 'pk_nope' })).body.code).toBe('API_KEY_INVALID');
    const beacon = await fetch(`${server.url}/ingest/v1/carts/track?key=${pk}`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain;charset=UTF-8' },
      body: JSON.stringify(body),
    });
    expect(beacon.status).toBe(202);
    expect(await beacon.json()).toEqual({ accepted: 1, duplicates: 0 });
  });

  it('is idempotent per event id', async () => {
    const e = cartEvent(aid());
    expect((await track({ events: [e, e] })).body).toEqual({ accepted: 1, duplicates: 1 });
    expect((await track({ events: [e] })).body).toEqual({ accepted: 0, duplicates: 1 });
    const rows = await rowsOf(db(), 'recovery_tracker_events', storeId, sql`id = ${e.id}`);
    expect(rows).toHaveLength(1);
  });

  it('refuses a malformed batch whole, with the field named, and keeps nothing of it', async () => {
    const good = cartEvent(aid());
    const cases: [unknown, string][] = [
      [{ events: [good, { ...cartEvent(aid()), value: -1 }] }, 'body.events.1.value'],
      [{ events: [{ ...good, id: eid(), type: 'teleport' }] }, 'body.events.0.type'],
      [
        {
          events: [
            {
              ...good,
              id: eid(),
              items: [{ title: 'x', quantity: 1, price: 1, image_url: 'javascript:alert(1)' }],
            },
          ],
        },
        'body.events.0.items.0.image_url',
      ],
      [{ events: [] }, 'body.events'],
    ];
    for (const [body, path] of cases) {
      const res = await track(body);
      expect(res.status, path).toBe(400);
      expect(res.body.code).toBe('VALIDATION_FAILED');
      expect(res.body.errors.map((e: { path: string }) => e.path)).toContain(path);
    }
    const raw = await call(server, 'POST', `/ingest/v1/carts/track?key=${pk}`, {
      headers: { 'content-type': 'text/plain' },
      raw: '{"events": [',
    });
    expect(raw.status).toBe(400);
    expect(raw.body.code).toBe('MALFORMED_JSON');
    const tooMany = await track({ events: Array.from({ length: 101 }, () => cartEvent(aid())) });
    expect(tooMany.status).toBe(400);
    expect(await rowsOf(db(), 'recovery_tracker_events', storeId, sql`id = ${good.id}`)).toEqual([]);
  });

  it('accepts only the origins the store lists, and only with consent when the store requires it', async () => {
    const other = await createStaffSession(server, { role: 'owner' });
    const key = await createTestApiKey(server, { storeId: other.storeId!, kind: 'publishable' });
    const patch = await call(server, 'PATCH', '/admin/v1/recovery/settings', {
      headers: other.headers,
      body: { allowed_origins: ['https://Shop.example.com'], require_consent: true },
    });
    expect(patch.status).toBe(200);
    expect(patch.body).toMatchObject({
      allowed_origins: ['https://shop.example.com'],
      require_consent: true,
    });
    const body = { consent: true, events: [cartEvent(aid())] };
    const evil = await track(body, { ...key.headers, origin: 'https://evil.example.com' });
    expect(evil.status).toBe(403);
    expect(evil.body.code).toBe('ORIGIN_NOT_ALLOWED');
    const noConsent = await track(
      { events: [cartEvent(aid())] },
      { ...key.headers, origin: 'https://shop.example.com' },
    );
    expect(noConsent.body.code).toBe('CONSENT_REQUIRED');
    const ok = await track(body, { ...key.headers, origin: 'https://shop.example.com' });
    expect(ok.status).toBe(202);
    expect(ok.headers.get('access-control-allow-origin')).toBe('https://shop.example.com');
    expect(await rowsOf(db(), 'recovery_tracker_events', other.storeId!)).toHaveLength(1);
  });
});

describe('fold', () => {
  it('turns a visitor’s events into a tracked cart with its contact; a purchase closes it', async () => {
    const visitor = aid();
    const email = uniqueEmail('fold');
    const cartId = `tok-${visitor}`;
    const res = await track({
      events: [
        cartEvent(visitor, {
          cart_id: cartId,
          at: at(5000),
          value: 1999,
          items: [{ title: 'Mug', price: 1999, quantity: 1 }],
        }),
        cartEvent(visitor, { cart_id: cartId, at: at(4000) }),
        { id: eid(), type: 'email_captured', at: at(3000), anonymous_id: visitor, email, form: 'newsletter' },
        { id: eid(), type: 'checkout_started', at: at(2000), anonymous_id: visitor, cart_id: cartId },
        { id: eid(), type: 'exit_intent', at: at(1000), anonymous_id: visitor, cart_id: cartId },
      ],
    });
    expect(res.body.accepted).toBe(5);
    const row = await required(async () => {
      const [r] = await rowsOf<Record<string, unknown>>(
        db(),
        'recovery_carts',
        storeId,
        sql`external_id = ${cartId}`,
      );
      return r?.contact_id && r.checkout_started_at && r.exit_intent_at ? r : null;
    });
    expect(row).toMatchObject({
      source: 'tracker',
      value: 3998,
      item_count: 2,
      currency: 'EUR',
      device: 'desktop',
    });
    // Folded events keep no e-mail address.
    const folded = await rowsOf<{ payload: Record<string, unknown>; folded_at: Date }>(
      db(),
      'recovery_tracker_events',
      storeId,
      sql`anonymous_id = ${visitor}`,
    );
    expect(folded.every((e) => e.folded_at)).toBe(true);
    expect(JSON.stringify(folded)).not.toContain(email);

    const list = await call(
      server,
      'GET',
      `/admin/v1/recovery/carts?status=active&email=${encodeURIComponent(email)}`,
      {
        headers: owner.headers,
      },
    );
    expect(list.status).toBe(200);
    expect(list.body.data).toEqual([
      expect.objectContaining({
        id: row.id,
        contact: expect.objectContaining({ email }),
        items: [expect.objectContaining({ title: 'Mug', unit_price: 1999 })],
      }),
    ]);

    await track({
      events: [
        {
          id: eid(),
          type: 'purchase',
          at: at(),
          anonymous_id: visitor,
          order_id: 'ord-ext-1',
          value: 3998,
          currency: 'EUR',
          cart_id: cartId,
        },
      ],
    });
    await eventually(
      async () =>
        (await rowsOf<{ status: string }>(db(), 'recovery_carts', storeId, sql`id = ${row.id}`))[0]
          ?.status === 'purchased',
    );
  });
});

describe('Carton carts', () => {
  it('follow the cart events; abandoned, the link restores the same lines on a new cart; the order recovers it', async () => {
    const product = await insertSellableProduct(db(), storeId, { variants: 2, price: 2500 });
    const email = uniqueEmail('carton');
    const created = await call(server, 'POST', '/store/v1/carts', { headers: pkHeaders, body: { email } });
    expect(created.status).toBe(201);
    const cartId = created.body.id as string;
    await call(server, 'POST', `/store/v1/carts/${cartId}/lines`, {
      headers: pkHeaders,
      body: { variant_id: product.variantIds[0], quantity: 2 },
    });
    await call(server, 'POST', `/store/v1/carts/${cartId}/lines`, {
      headers: pkHeaders,
      body: { variant_id: product.variantIds[1], quantity: 1 },
    });
    const tracked = await required(async () => {
      const [r] = await rowsOf<Record<string, unknown>>(
        db(),
        'recovery_carts',
        storeId,
        sql`source = 'carton' AND external_id = ${cartId}`,
      );
      return r && r.item_count === 3 ? r : null;
    });
    expect(tracked).toMatchObject({ value: 7500, currency: 'USD' });
    expect(tracked.contact_id).not.toBeNull();

    await db().execute(
      sql`UPDATE recovery_carts SET abandon_due_at = now() - interval '1 minute' WHERE id = ${tracked.id}`,
    );
    await detectAbandonedCarts(server.platform);
    const [abandoned] = (await eventsOf(db(), storeId, 'cart.abandoned')).filter(
      (e) => e.trackedCartId === tracked.id,
    );
    expect(abandoned).toBeDefined();
    const link = String(abandoned!.recoveryUrl);
    const path = new URL(link).pathname;

    // Staff see a fresh link of their own on the abandoned cart, signed for the same cart.
    const seen = await call(server, 'GET', `/admin/v1/recovery/carts/${tracked.id}`, {
      headers: owner.headers,
    });
    expect(seen.body.recovery_link.url).toMatch(/\/store\/v1\/recovery\/links\/r1\./);
    expect(
      verifyRecoveryToken(server.platform.config.CARTON_SECRET, seen.body.recovery_link.url.split('/').pop()),
    ).toMatchObject({ storeId, trackedCartId: tracked.id, messageId: null });
    expect(Date.parse(seen.body.recovery_link.expires_at)).toBeGreaterThan(Date.now());

    // The cart is still open: the link hands it back as it is.
    const reused = await call(server, 'GET', `${path}?format=json`);
    expect(reused.status).toBe(200);
    expect(reused.body).toMatchObject({ outcome: 'reused', cart_id: cartId });

    // Gone (expired): the link makes a new cart with the same lines, on any device.
    await db().execute(sql`UPDATE carts SET status = 'expired' WHERE id = ${cartId}`);
    const restored = await call(server, 'GET', `${path}?format=json`);
    expect(restored.body).toMatchObject({ outcome: 'restored', skipped: [] });
    const newCartId = restored.body.cart_id as string;
    expect(newCartId).not.toBe(cartId);
    const newCart = await call(server, 'GET', `/store/v1/carts/${newCartId}`, { headers: pkHeaders });
    expect(
      newCart.body.lines
        .map((l: { variant_id: string; quantity: number }) => [l.variant_id, l.quantity])
        .sort(),
    ).toEqual(
      [
        [product.variantIds[0], 2],
        [product.variantIds[1], 1],
      ].sort(),
    );
    expect(newCart.body.email).toBe(email);

    // With a cart page set, the link redirects there.
    await call(server, 'PATCH', '/admin/v1/recovery/settings', {
      headers: owner.headers,
      body: { cart_url: 'https://shop.example.com/cart?c={cart_id}' },
    });
    const redirect = await fetch(`${server.url}${path}`, { redirect: 'manual' });
    expect(redirect.status).toBe(302);
    expect(redirect.headers.get('location')).toMatch(/^https:\/\/shop\.example\.com\/cart\?c=cart_/);

    // The order of the restored cart (a purchase by the same shopper) recovers the abandoned one.
    await withStore(db(), storeId, (tx) =>
      emitEvent(tx, {
        storeId,
        type: 'order.placed',
        aggregateType: 'order',
        aggregateId: 'ord_test_1',
        payload: { orderId: 'ord_test_1', cartId: newCartId, customerId: null, currency: 'USD', total: 8125 },
      }),
    );
    const recovered = await eventually(async () =>
      (await eventsOf(db(), storeId, 'cart.recovered')).find((e) => e.trackedCartId === tracked.id),
    );
    expect(recovered).toMatchObject({ orderId: 'ord_test_1', recoveredValue: 8125 });

    const detail = await call(server, 'GET', `/admin/v1/recovery/carts/${tracked.id}`, {
      headers: owner.headers,
    });
    expect(detail.status).toBe(200);
    expect(detail.body).toMatchObject({ status: 'recovered', order_id: 'ord_test_1', recovered_value: 8125 });
    expect(detail.body.recovery_link).toBeNull();
    expect(detail.body.link_clicks.map((c: { outcome: string }) => c.outcome)).toEqual([
      'reused',
      'restored',
      'restored',
    ]);
  });
});

describe('staff API', () => {
  it('settings: read by any staff, changed by managers only, audited', async () => {
    const clerk = await createStaffSession(server, { role: 'read_only', storeId });
    expect(
      (await call(server, 'GET', '/admin/v1/recovery/settings', { headers: clerk.headers })).status,
    ).toBe(200);
    const refused = await call(server, 'PATCH', '/admin/v1/recovery/settings', {
      headers: clerk.headers,
      body: { abandon_after_minutes: 30 },
    });
    expect(refused.status).toBe(403);
    const bad = await call(server, 'PATCH', '/admin/v1/recovery/settings', {
      headers: owner.headers,
      body: { abandon_after_minutes: 5 },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].path).toBe('body.abandon_after_minutes');
    const ok = await call(server, 'PATCH', '/admin/v1/recovery/settings', {
      headers: owner.headers,
      body: { abandon_after_minutes: 30 },
    });
    expect(ok.body.abandon_after_minutes).toBe(30);
    const audit = await rowsOf(db(), 'audit_log', storeId, sql`action = 'recovery_settings.updated'`);
    expect(audit.length).toBeGreaterThan(0);
    expect((await call(server, 'GET', '/admin/v1/recovery/carts', { headers: pkHeaders })).status).toBe(403);
  });

  it('analytics as JSON and CSV; a reversed range is 400', async () => {
    const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
    const q = `?from=${day(-30)}&to=${day(1)}`;
    const json = await call(server, 'GET', `/admin/v1/recovery/analytics${q}`, { headers: owner.headers });
    expect(json.status, JSON.stringify(json.body)).toBe(200);
    expect(json.body.totals.carts_abandoned).toBeGreaterThanOrEqual(1);
    expect(json.body.totals.carts_recovered).toBeGreaterThanOrEqual(1);
    const csv = await fetch(`${server.url}/admin/v1/recovery/analytics.csv${q}`, { headers: owner.headers });
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(csv.headers.get('cache-control')).toBe('private, no-store'); // a store's figures, never kept by a shared cache
    expect((await csv.text()).split('\r\n')[0]).toMatch(/^day,campaign_id,carts_abandoned/);
    const reversed = await call(server, 'GET', '/admin/v1/recovery/analytics?from=2024-02-01&to=2024-01-01', {
      headers: owner.headers,
    });
    expect(reversed.status).toBe(400);
    const tooLong = await call(server, 'GET', '/admin/v1/recovery/analytics?from=2020-01-01&to=2024-01-01', {
      headers: owner.headers,
    });
    expect(tooLong.body.errors[0]).toMatchObject({ path: 'querystring.to' });
  });

  it('GDPR export and erasure by e-mail', async () => {
    const visitor = aid();
    const email = uniqueEmail('erase');
    await track({
      events: [
        { id: eid(), type: 'identify', at: at(), anonymous_id: visitor, email, phone: '+33 6 12 34 56 78' },
        cartEvent(visitor),
      ],
    });
    await eventually(
      async () =>
        (
          await rowsOf<Record<string, unknown>>(
            db(),
            'recovery_carts',
            storeId,
            sql`anonymous_id = ${visitor}`,
          )
        )[0]?.contact_id,
    );
    const exported = await call(server, 'POST', '/admin/v1/recovery/contacts/export', {
      headers: owner.headers,
      body: { email },
    });
    expect(exported.status).toBe(200);
    expect(exported.body.contacts[0]).toMatchObject({ email, phone: '+33612345678' });
    expect(exported.body.visitors[0]).toMatchObject({ anonymous_id: visitor });
    const erased = await call(server, 'POST', '/admin/v1/recovery/contacts/erase', {
      headers: owner.headers,
      body: { email },
    });
    expect(erased.body).toMatchObject({ contacts: 1, carts: 1, visitors: 1 });
    expect(await rowsOf(db(), 'recovery_tracker_events', storeId, sql`anonymous_id = ${visitor}`)).toEqual(
      [],
    );
    const audit = await rowsOf<{ after: unknown }>(
      db(),
      'audit_log',
      storeId,
      sql`action = 'recovery_contact.erased'`,
    );
    expect(JSON.stringify(audit)).not.toContain(email);
    const clerk = await createStaffSession(server, { role: 'staff', storeId });
    expect(
      (
        await call(server, 'POST', '/admin/v1/recovery/contacts/erase', {
          headers: clerk.headers,
          body: { email },
        })
      ).status,
    ).toBe(403);
  });
});

describe('live feed', () => {
  it('carries cart.abandoned and cart.recovered', async () => {
    const url = `${server.url.replace(/^http/, 'ws')}/admin/v1/events/live?access_token=${owner.accessToken}&types=cart.abandoned,cart.recovered`;
    const ws = new WebSocket(url);
    const received: { type: string; data: Record<string, unknown> }[] = [];
    await new Promise<void>((resolve, reject) => {
      ws.on('error', reject);
      ws.on('message', (raw) => {
        const m = JSON.parse(String(raw)) as {
          kind: string;
          event?: { type: string; data: Record<string, unknown> };
        };
        if (m.kind === 'ready') resolve();
        else if (m.event) received.push(m.event);
      });
    });
    try {
      const email = uniqueEmail('live');
      const { cart } = await upsertTrackedCart(server.platform, {
        storeId,
        source: 'magento',
        externalId: `q-${Math.random().toString(36).slice(2)}`,
        currency: 'USD',
        value: 1200,
        items: [{ title: 'Scarf', quantity: 1, unitPrice: 1200 }],
        contact: { email },
        occurredAt: new Date(Date.now() - 3 * 3_600_000),
      });
      await detectAbandonedCarts(server.platform);
      await recordPurchase(server.platform, {
        storeId,
        source: 'magento',
        orderId: `m-${cart.id}`,
        value: 1200,
        currency: 'USD',
        contact: { email },
      });
      await eventually(async () => received.filter((e) => e.data.trackedCartId === cart.id).length === 2);
      expect(received.filter((e) => e.data.trackedCartId === cart.id).map((e) => e.type)).toEqual([
        'cart.abandoned',
        'cart.recovered',
      ]);
    } finally {
      ws.close();
    }
  });
});

describe('a real checkout', () => {
  it('an abandoned Carton cart completed through the checkout is recovered, with the order’s total', async () => {
    const shop = await createStaffSession(server, { role: 'owner' });
    const shopId = shop.storeId!;
    const key = (await createTestApiKey(server, { storeId: shopId, kind: 'publishable' })).headers;
    await seedDemoShipping(db(), { storeId: shopId, country: 'US', currency: 'USD' });
    await seedDemoTax(db(), { storeId: shopId });
    const product = await insertSellableProduct(db(), shopId, { variants: 1, price: 1500, stock: 100 });
    const address = { line1: '1 Main St', city: 'Austin', region: 'TX', postal_code: '73301', country: 'US' };
    const req = (method: string, path: string, body?: unknown) =>
      call(server, method, path, { headers: key, body });
    const cartId = (
      await req('POST', '/store/v1/carts', { email: uniqueEmail('checkout'), shipping_address: address })
    ).body.id as string;
    await req('POST', `/store/v1/carts/${cartId}/lines`, { variant_id: product.variantIds[0], quantity: 2 });
    const options = await req('GET', `/store/v1/carts/${cartId}/shipping-options`);
    await req('PUT', `/store/v1/carts/${cartId}/shipping-method`, { method_id: options.body.data[0].id });
    const tracked = await required(async () => {
      const [r] = await rowsOf<Record<string, unknown>>(
        db(),
        'recovery_carts',
        shopId,
        sql`external_id = ${cartId}`,
      );
      return r?.contact_id ? r : null;
    });
    await db().execute(
      sql`UPDATE recovery_carts SET abandon_due_at = now() - interval '1 minute' WHERE id = ${tracked.id}`,
    );
    await detectAbandonedCarts(server.platform);
    const done = await req('POST', `/store/v1/carts/${cartId}/complete`, { payment_method: 'tok_visa' });
    expect(done.status).toBe(200);
    const recovered = await eventually(async () =>
      (await eventsOf(db(), shopId, 'cart.recovered')).find((e) => e.trackedCartId === tracked.id),
    );
    expect(recovered).toMatchObject({
      orderId: done.body.order.id,
      recoveredValue: done.body.order.totals.total,
    });
  });
});
