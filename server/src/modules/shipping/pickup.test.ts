/**
 * Click and collect over HTTP on a real server with a worker: a pickup method at one of the
 * store's locations is offered with where to collect, the cart is taxed where the goods change
 * hands, the checkout takes the stock from that location only, and the e-mails say where to come.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer } from '../../../test/harness.ts';
import { call, createStaffSession, createTestApiKey, type StaffSession } from '../../../test/identity.ts';
import { waitForMail } from '../../../test/mail.ts';
import { pdfText } from '../../../test/pdf.ts';
import { insertSellableProduct, type SellableProduct } from '../cart/testing.ts';

let server: Awaited<ReturnType<typeof startTestServer>>;
let owner: StaffSession;
let storeId: string;
let h: Record<string, string>;
let pk: Record<string, string>;
let shop: string;
let shirt: SellableProduct;
let standard: string;
let pickup: string;

const austin = {
  first_name: 'Ann',
  line1: '1 Main St',
  city: 'Austin',
  region: 'TX',
  postal_code: '73301',
  country: 'US',
};
const shopAddress = {
  line1: '500 Congress Ave',
  city: 'Austin',
  region: 'TX',
  postal_code: '78701',
  country: 'US',
};

beforeAll(async () => {
  server = await startTestServer({ worker: true, overrides: { EVENTS_POLL_INTERVAL_MS: '200' } });
  owner = await createStaffSession(server, { role: 'owner' });
  storeId = owner.storeId!;
  h = owner.headers;
  pk = (await createTestApiKey(server, { storeId, kind: 'publishable' })).headers;
  // 5 in the warehouse, 1 at the shop on Congress Avenue.
  shirt = await insertSellableProduct(server.platform.db, storeId, { price: 2000, stock: 5 });
  const created = await post('/admin/v1/stock-locations', {
    name: 'Congress Ave shop',
    code: 'congress',
    address: shopAddress,
  });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  shop = created.body.id;
  const level = await call(server, 'PUT', '/admin/v1/inventory-levels', {
    headers: h,
    body: { variant_id: shirt.variantIds[0], location_id: shop, on_hand: 1 },
  });
  expect(level.status, JSON.stringify(level.body)).toBe(200);
  // Texas tax by postcode area: the shop's 78701 (Austin city, 8.25 %) against the shopper's 73301 (6.25 %).
  await post('/admin/v1/tax/rates', { country: 'US', region: 'TX', percent: '6.25', name: 'Texas' });
  await post('/admin/v1/tax/rates', {
    country: 'US',
    region: 'TX',
    postcode_pattern: '787*',
    percent: '8.25',
    name: 'Austin',
  });
  const zone = await post('/admin/v1/shipping/zones', { name: 'USA', countries: ['US'] });
  standard = (
    await post(`/admin/v1/shipping/zones/${zone.body.id}/methods`, {
      name: 'Ground',
      currency: 'USD',
      rate: { type: 'flat', amount: 700 },
    })
  ).body.id;
  const made = await post(`/admin/v1/shipping/zones/${zone.body.id}/methods`, {
    name: 'Pick up in store',
    currency: 'USD',
    rate: { type: 'flat', amount: 0 },
    delivery_estimate: { min_days: 0, max_days: 1 },
    pickup: { location_id: shop, instructions: 'Open 9–18. Bring your order number.' },
  });
  expect(made.status, JSON.stringify(made.body)).toBe(201);
  expect(made.body.pickup).toEqual({
    location_id: shop,
    instructions: 'Open 9–18. Bring your order number.',
  });
  pickup = made.body.id;
});
afterAll(async () => {
  await server?.close();
});

async function post(path: string, body?: unknown, headers = h) {
  return call(server, 'POST', path, { headers, body });
}
const store = (method: string, path: string, body?: unknown) =>
  call(server, method, path, { headers: pk, body });
async function onHand(locationId: string): Promise<number> {
  const { rows } = await server.platform.db.execute<{ on_hand: number }>(sql`
    SELECT on_hand FROM inventory_levels WHERE variant_id = ${shirt.variantIds[0]} AND location_id = ${locationId}`);
  return Number(rows[0]!.on_hand);
}

async function cartWith(quantity: number, email = 'ann@example.com'): Promise<string> {
  const id = (await store('POST', '/store/v1/carts', { currency: 'USD', email, shipping_address: austin }))
    .body.id;
  const added = await store('POST', `/store/v1/carts/${id}/lines`, {
    variant_id: shirt.variantIds[0],
    quantity,
  });
  expect(added.status, JSON.stringify(added.body)).toBe(200);
  return id;
}

describe('click and collect', () => {
  it('is offered with where to collect; taxed at the shop; the stock comes from the shop; the e-mails say where to come', async () => {
    // Two shirts, one at the shop: collecting them there is not offered, nor can it be chosen.
    const id = await cartWith(2);
    const two = await store('GET', `/store/v1/carts/${id}/shipping-options`);
    expect(two.body.data.map((o: { name: string }) => o.name)).toEqual(['Ground']);
    expect(two.body.data[0].pickup).toBeNull();
    const refused = await store('PUT', `/store/v1/carts/${id}/shipping-method`, { method_id: pickup });
    expect(refused.status).toBe(422);
    expect(refused.body).toMatchObject({
      code: 'SHIPPING_METHOD_UNAVAILABLE',
      errors: [{ path: 'cart.lines.0.quantity', message: '1 at Congress Ave shop' }],
    });

    // Delivered to the shopper: their area's 6.25 %.
    const ground = await store('PUT', `/store/v1/carts/${id}/shipping-method`, { method_id: standard });
    expect(ground.body.totals.tax_total).toBe(250 + 44); // 4,000 × 6.25 %, and the 700 shipping
    const lineId = ground.body.lines[0].id;
    const setQuantity = (quantity: number) =>
      store('PATCH', `/store/v1/carts/${id}/lines/${lineId}`, { quantity });

    // One shirt: offered with where to collect; collected, taxed at the shop's 8.25 %.
    expect((await setQuantity(1)).status).toBe(200);
    const options = await store('GET', `/store/v1/carts/${id}/shipping-options`);
    expect(options.body.data.map((o: { name: string }) => o.name)).toEqual(['Pick up in store', 'Ground']);
    expect(options.body.data[0].pickup).toEqual({
      location_id: shop,
      name: 'Congress Ave shop',
      address: shopAddress,
      instructions: 'Open 9–18. Bring your order number.',
    });
    const chosen = await store('PUT', `/store/v1/carts/${id}/shipping-method`, { method_id: pickup });
    expect(chosen.status).toBe(200);
    expect(chosen.body.shipping_method.pickup.name).toBe('Congress Ave shop');
    expect(chosen.body.totals).toMatchObject({ shipping_total: 0, tax_total: 165 });

    // Two again after choosing: the checkout takes stock from the shop only, and refuses.
    expect((await setQuantity(2)).body.totals.tax_total).toBe(330);
    const short = await store('POST', `/store/v1/carts/${id}/complete`, { payment_method: 'tok_visa' });
    expect(short.status).toBe(409);
    expect(short.body.code).toBe('INSUFFICIENT_STOCK');
    expect(await onHand(shirt.locationId)).toBe(5);
    expect((await setQuantity(1)).status).toBe(200);
    const done = await store('POST', `/store/v1/carts/${id}/complete`, { payment_method: 'tok_visa' });
    expect(done.status, JSON.stringify(done.body)).toBe(200);
    const order = (await call(server, 'GET', `/admin/v1/orders/${done.body.order.id}`, { headers: h })).body;
    expect(order.shipping).toMatchObject({
      name: 'Pick up in store',
      amount: 0,
      pickup: { location_id: shop },
    });
    expect(order.totals.tax).toBe(165);
    expect(await onHand(shop)).toBe(0);
    expect(await onHand(shirt.locationId)).toBe(5);

    const confirmation = await waitForMail(
      server,
      (m) => m.to.includes('ann@example.com') && /confirmed/.test(m.subject),
    );
    expect(confirmation.text).toContain('Pick up at:\nCongress Ave shop\n500 Congress Ave');
    expect(confirmation.text).toContain('Bring your order number.');
    expect(confirmation.text).not.toContain('Shipping to:');

    // The shopper moved: their own address is theirs to correct, in another state too (the
    // order was taxed at the shop, and ships nowhere).
    const moved = await call(server, 'PATCH', `/admin/v1/orders/${order.id}`, {
      headers: h,
      body: {
        shipping_address: {
          ...austin,
          line1: '9 Ocean Ave',
          city: 'San Francisco',
          region: 'CA',
          postal_code: '94112',
        },
      },
    });
    expect(moved.status, JSON.stringify(moved.body)).toBe(200);
    expect(moved.body).toMatchObject({ shipping_address: { region: 'CA' }, totals: order.totals });

    // Ready for pickup: the "shipment" says so, and the packing slip says where.
    const ready = await post(`/admin/v1/orders/${order.id}/fulfilments`, {});
    expect(ready.status).toBe(201);
    const notice = await waitForMail(
      server,
      (m) => m.to.includes('ann@example.com') && /ready for pickup/.test(m.subject),
    );
    expect(notice.text).toContain('is ready for you to collect');
    expect(notice.text).toContain('Congress Ave shop');
    const slip = await pdfText(
      await (
        await fetch(`${server.url}/admin/v1/orders/${order.id}/packing-slip.pdf`, { headers: h })
      ).arrayBuffer(),
    );
    expect(slip.text).toContain('Pick up at');
    expect(slip.text).toContain('Congress Ave shop');
  });

  it('a closed shop is not offered, and a cart that chose it is told', async () => {
    await call(server, 'PUT', '/admin/v1/inventory-levels', {
      headers: h,
      body: { variant_id: shirt.variantIds[0], location_id: shop, on_hand: 1 },
    });
    const id = await cartWith(1, 'bo@example.com');
    const chose = await store('PUT', `/store/v1/carts/${id}/shipping-method`, { method_id: pickup });
    expect(chose.status, JSON.stringify(chose.body)).toBe(200);
    expect(
      (
        await call(server, 'PATCH', `/admin/v1/stock-locations/${shop}`, {
          headers: h,
          body: { active: false },
        })
      ).status,
    ).toBe(200);
    try {
      const options = await store('GET', `/store/v1/carts/${id}/shipping-options`);
      expect(options.body.data.map((o: { name: string }) => o.name)).toEqual(['Ground']);
      const again = await store('PUT', `/store/v1/carts/${id}/shipping-method`, { method_id: pickup });
      expect(again.status).toBe(422);
      expect(again.body.code).toBe('SHIPPING_METHOD_UNAVAILABLE');
      const changed = await store('PATCH', `/store/v1/carts/${id}`, { email: 'bo2@example.com' });
      expect(changed.body.shipping_method).toBeNull();
      expect(changed.body.notices.map((n: { code: string }) => n.code)).toContain('shipping_method_removed');
    } finally {
      await call(server, 'PATCH', `/admin/v1/stock-locations/${shop}`, {
        headers: h,
        body: { active: true },
      });
    }
  });

  it('needs no address: the pickup points are offered, taxed there, and the order is collected in the billing name', async () => {
    await call(server, 'PUT', '/admin/v1/inventory-levels', {
      headers: h,
      body: { variant_id: shirt.variantIds[0], location_id: shop, on_hand: 3 },
    });
    const id = (await store('POST', '/store/v1/carts', { currency: 'USD', email: 'cy@example.com' })).body.id;
    // An empty cart has nothing to offer; then only the pickup point, since there is no address.
    expect((await store('GET', `/store/v1/carts/${id}/shipping-options`)).body.data).toEqual([]);
    await store('POST', `/store/v1/carts/${id}/lines`, { variant_id: shirt.variantIds[0], quantity: 1 });
    const options = await store('GET', `/store/v1/carts/${id}/shipping-options`);
    expect(options.status).toBe(200);
    expect(options.body.data.map((o: { id: string }) => o.id)).toEqual([pickup]);
    // Delivery still needs an address; the incomplete checkout says what is missing.
    const ground = await store('PUT', `/store/v1/carts/${id}/shipping-method`, { method_id: standard });
    expect(ground.status).toBe(422);
    expect(ground.body.errors[0].path).toBe('cart.shipping_address');
    const early = await store('POST', `/store/v1/carts/${id}/complete`, { payment_method: 'tok_visa' });
    expect(early.status).toBe(422);
    expect(early.body.errors.map((e: { path: string }) => e.path)).toEqual(['cart.shipping_address']);

    // Collected: taxed at the shop's 8.25 %, and every later change keeps it so.
    const chosen = await store('PUT', `/store/v1/carts/${id}/shipping-method`, { method_id: pickup });
    expect(chosen.status, JSON.stringify(chosen.body)).toBe(200);
    expect(chosen.body.totals).toMatchObject({ shipping_total: 0, tax_total: 165 });
    const named = await store('PATCH', `/store/v1/carts/${id}`, {
      billing_address: { ...austin, first_name: 'Cy', last_name: 'Young', phone: '+1 512 555 0100' },
    });
    expect(named.body.shipping_method.id).toBe(pickup);
    expect(named.body.totals.tax_total).toBe(165);

    const done = await store('POST', `/store/v1/carts/${id}/complete`, { payment_method: 'tok_visa' });
    expect(done.status, JSON.stringify(done.body)).toBe(200);
    const order = (await call(server, 'GET', `/admin/v1/orders/${done.body.order.id}`, { headers: h })).body;
    expect(order.shipping.pickup.location_id).toBe(shop);
    // Where the goods change hands, in the shopper's name.
    expect(order.shipping_address).toEqual({
      ...shopAddress,
      first_name: 'Cy',
      last_name: 'Young',
      phone: '+1 512 555 0100',
    });
    expect(order.totals.tax).toBe(165);
    expect(await onHand(shop)).toBe(2);
  });

  it('refuses a location that is not the store’s, or inactive, and a pickup priced by a carrier', async () => {
    const zones = await call(server, 'GET', '/admin/v1/shipping/zones', { headers: h });
    const zoneId = zones.body.data[0].id;
    const stranger = await createStaffSession(server, { role: 'owner' });
    const theirs = await post(
      '/admin/v1/stock-locations',
      { name: 'Elsewhere', code: 'elsewhere', address: shopAddress },
      stranger.headers,
    );
    const method = (location: string) => ({
      name: `Pickup ${location}`,
      currency: 'USD',
      rate: { type: 'flat', amount: 0 },
      pickup: { location_id: location },
    });
    const foreign = await post(`/admin/v1/shipping/zones/${zoneId}/methods`, method(theirs.body.id));
    expect(foreign.status).toBe(422);
    expect(foreign.body.errors[0]).toEqual({
      path: 'body.pickup.location_id',
      message: 'not a stock location of this store',
    });
    expect((await post(`/admin/v1/shipping/zones/${zoneId}/methods`, method('loc_nope'))).status).toBe(422);
    // Turning an existing delivery method into a pickup is checked the same way.
    const patched = await call(server, 'PATCH', `/admin/v1/shipping/methods/${standard}`, {
      headers: h,
      body: { pickup: { location_id: theirs.body.id } },
    });
    expect(patched.status).toBe(422);
    const bad = await post(`/admin/v1/shipping/zones/${zoneId}/methods`, {
      ...method(shop),
      pickup: { location_id: shop, extra: 1 },
    });
    expect(bad.status).toBe(400);
  });
});
