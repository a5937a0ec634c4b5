import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer } from '../../../test/harness.ts';
import { call, createTestApiKey, createTestStore } from '../../../test/identity.ts';
import { insertSellableProduct, type SellableProduct } from '../cart/testing.ts';
import { setInventoryLevel } from '../inventory/service.ts';
import { seedDemoShipping } from '../shipping/seed.ts';
import { seedDemoTax } from '../tax/seed.ts';
import { registerFraudScreen } from './service.ts';

/**
 * The checkout over HTTP against a real Carton (API and workers) on a fresh database: the whole
 * flow, 3-D Secure, declines, exactly-once under concurrency, the race for the last units, and
 * every refusal leaving nothing behind.
 */
let server: Awaited<ReturnType<typeof startTestServer>>;
let storeId: string;
let pk: Record<string, string>;
let shirt: SellableProduct; // 2 variants at 1500, 1000 each
let scarce: SellableProduct; // 5 units
let foreignPk: Record<string, string>;

const CA = { line1: '1 Main St', city: 'San Francisco', region: 'CA', postal_code: '94105', country: 'US' };
const FR = { line1: '1 rue de Rivoli', city: 'Paris', postal_code: '75001', country: 'FR' };

beforeAll(async () => {
  server = await startTestServer({ worker: true, overrides: { CHECKOUT_ACTION_POLL_SECONDS: '1' } });
  const store = await createTestStore(server);
  storeId = store.id;
  const db = server.platform.db;
  pk = (await createTestApiKey(server, { storeId, kind: 'publishable' })).headers;
  await seedDemoShipping(db, { storeId, country: 'US', currency: 'USD' });
  await seedDemoTax(db, { storeId });
  shirt = await insertSellableProduct(db, storeId, { variants: 2, price: 1500, stock: 1000, title: 'Shirt' });
  scarce = await insertSellableProduct(db, storeId, { price: 2000, stock: 5, title: 'Rare' });
  const other = await createTestStore(server);
  foreignPk = (await createTestApiKey(server, { storeId: other.id, kind: 'publishable' })).headers;
});
afterAll(async () => {
  await server?.close();
});

const req = (method: string, path: string, body?: unknown, headers: Record<string, string> = pk) =>
  call(server, method, path, { headers, body });

/** A cart ready to pay: lines, e-mail, a Californian address, the cheapest shipping method. */
async function readyCart(
  lines: [string, number][] = [[shirt.variantIds[0]!, 2]],
  address = CA,
): Promise<string> {
  const created = await req('POST', '/store/v1/carts', {
    email: 'guest@example.com',
    shipping_address: address,
  });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  const id = created.body.id as string;
  for (const [variant_id, quantity] of lines) {
    const added = await req('POST', `/store/v1/carts/${id}/lines`, { variant_id, quantity });
    expect(added.status, JSON.stringify(added.body)).toBe(200);
  }
  const options = await req('GET', `/store/v1/carts/${id}/shipping-options`);
  expect(options.status, JSON.stringify(options.body)).toBe(200);
  const chosen = await req('PUT', `/store/v1/carts/${id}/shipping-method`, {
    method_id: options.body.data[0].id,
  });
  expect(chosen.status, JSON.stringify(chosen.body)).toBe(200);
  return id;
}

/** Poll until `check` passes (what event subscribers do happens after the answer). */
async function eventually<T>(
  read: () => Promise<T>,
  check: (v: T) => boolean,
  timeoutMs = 10_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await read();
    if (check(v) || Date.now() > deadline) return v;
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function one<T extends Record<string, unknown>>(query: ReturnType<typeof sql>): Promise<T[]> {
  return (await server.platform.db.execute(query)).rows as T[];
}

/**
 * The complete call answers once the order is placed; capturing (the store captures on
 * placement) finishes just after. Wait for it before looking at payments.
 */
async function captured(cartIds: string[]): Promise<void> {
  for (let i = 0; i < 100; i++) {
    const pending = await one(
      sql`SELECT 1 FROM payment_intents WHERE cart_id = ANY(${sql.param(cartIds)}::text[]) AND status = 'authorized'`,
    );
    if (pending.length === 0) return;
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** What a cart's checkout left behind: attempts, orders, reservations and payments. */
async function footprint(cartId: string) {
  await captured([cartId]);
  const [attempts, orders, reservations, payments] = await Promise.all([
    one<{ status: string }>(sql`SELECT status FROM checkouts WHERE cart_id = ${cartId} ORDER BY attempt`),
    one<{ status: string }>(sql`SELECT status FROM orders WHERE cart_id = ${cartId}`),
    one<{ status: string }>(
      sql`SELECT r.status FROM inventory_reservations r JOIN checkouts c ON r.owner_ref = c.id WHERE c.cart_id = ${cartId}`,
    ),
    one<{ status: string }>(
      sql`SELECT status FROM payment_intents WHERE cart_id = ${cartId} ORDER BY created_at`,
    ),
  ]);
  const s = (rows: { status: string }[]) => rows.map((r) => r.status);
  return { attempts: s(attempts), orders: s(orders), reservations: s(reservations), payments: s(payments) };
}

describe('shipping choice on the cart', () => {
  it('lists rates, stores the choice, and puts shipping and tax in the totals', async () => {
    const id = await readyCart([[shirt.variantIds[0]!, 2]]);
    const cart = (await req('GET', `/store/v1/carts/${id}`)).body;
    expect(cart.shipping_method).toMatchObject({ name: 'Standard', amount: 599 });
    // 3000 subtotal + 599 shipping + 7.25 % CA sales tax on the goods (shipping untaxed in CA).
    expect(cart.totals).toMatchObject({ subtotal: 3000, shipping_total: 599, tax_total: 218, total: 3817 });
    expect(cart.lines[0].tax).toBe(218);
  });

  it('re-quotes when lines change (free shipping over 5000) and drops a method the new address cannot use', async () => {
    const id = await readyCart([[shirt.variantIds[0]!, 1]]);
    const more = await req('POST', `/store/v1/carts/${id}/lines`, {
      variant_id: shirt.variantIds[1],
      quantity: 3,
    });
    expect(more.body.totals.shipping_total).toBe(0);
    expect(more.body.shipping_method.free_shipping_applied).toBe(true);
    const moved = await req('PATCH', `/store/v1/carts/${id}`, { shipping_address: FR });
    expect(moved.status).toBe(200);
    expect(moved.body.shipping_method).toBeNull();
    expect(moved.body.notices.map((n: { code: string; reason: string }) => `${n.code}:${n.reason}`)).toEqual([
      'shipping_method_removed:SHIPPING_METHOD_UNAVAILABLE',
    ]);
  });

  it('refuses what cannot be chosen, changing nothing', async () => {
    const id = await readyCart();
    const before = (await req('GET', `/store/v1/carts/${id}`)).body;
    expect(
      (await req('PUT', `/store/v1/carts/${id}/shipping-method`, { method_id: 'shm_nope' })).status,
    ).toBe(404);
    expect((await req('PUT', `/store/v1/carts/${id}/shipping-method`, {})).status).toBe(400);
    const after = (await req('GET', `/store/v1/carts/${id}`)).body;
    expect(after.version).toBe(before.version);
    const bare = (await req('POST', '/store/v1/carts', {})).body.id;
    // Nothing to ship yet: nothing offered (without an address only pickup points would be).
    const noAddress = await req('GET', `/store/v1/carts/${bare}/shipping-options`);
    expect(noAddress.status).toBe(200);
    expect(noAddress.body.data).toEqual([]);
  });
});

describe('completing a cart', () => {
  it('places one paid order: stock committed, payment captured, cart completed, order.placed', async () => {
    const id = await readyCart([[shirt.variantIds[0]!, 2]]);
    const total = (await req('GET', `/store/v1/carts/${id}`)).body.totals.total;
    const res = await req('POST', `/store/v1/carts/${id}/complete`, {
      payment_method: 'tok_visa',
      expected_total: total,
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({ status: 'completed', attempt: 1, totals: { total } });
    expect(res.body.order).toMatchObject({ status: 'confirmed', totals: { total } });
    // The order learns of the capture from the payment's event (asynchronously); the payment is captured.
    expect(['authorized', 'captured']).toContain(res.body.order.payment_status);
    expect(res.body.order.access_url).toMatch(/^\/store\/v1\/orders\/ord_\w+\?token=/);
    const link = await req('GET', res.body.order.access_url);
    expect(link.status).toBe(200);

    expect(await footprint(id)).toEqual({
      attempts: ['completed'],
      orders: ['confirmed'],
      reservations: ['committed'],
      payments: ['captured'],
    });
    const cart = (await req('GET', `/store/v1/carts/${id}`)).body;
    expect(cart).toMatchObject({ status: 'completed', order_id: res.body.order.id });
    const placed = await one(
      sql`SELECT 1 FROM events WHERE type = 'order.placed' AND aggregate_id = ${res.body.order.id}`,
    );
    expect(placed).toHaveLength(1);
    // The attempt's row as the claim wrote it (with COMMIT, its values known beforehand) and as
    // its event told it.
    const [started] = await one<{ payload: Record<string, unknown>; created_at: string }>(
      sql`SELECT e.payload, c.created_at FROM events e JOIN checkouts c ON c.id = e.aggregate_id
          WHERE e.type = 'checkout.started' AND e.aggregate_id = ${res.body.id}`,
    );
    expect(started!.payload).toMatchObject({
      checkoutId: res.body.id,
      cartId: id,
      attempt: 1,
      status: 'running',
    });
    expect(new Date(res.body.created_at)).toEqual(new Date(started!.created_at));

    // The order follows its payment's capture; the attachment (which the order was created
    // knowing) is not delivered to it.
    const follows = await eventually(
      () =>
        one<{ type: string; subscriber: string | null; payment_status: string }>(sql`
          SELECT e.type, d.subscriber, o.payment_status FROM events e
          JOIN orders o ON o.id = ${res.body.order.id}
          LEFT JOIN event_deliveries d ON d.event_id = e.id AND d.subscriber = 'orders.payment-status'
          WHERE e.aggregate_id = o.payment_intent_id
            AND NOT EXISTS (SELECT 1 FROM events_undispatched q WHERE q.id = e.id)
            AND e.type IN ('payment.order_attached', 'payment.captured') ORDER BY e.sequence`),
      (rows) => rows.length === 2 && rows[1]!.payment_status === 'captured',
    );
    expect(follows.map((r) => [r.type, r.subscriber])).toEqual([
      ['payment.order_attached', null],
      ['payment.captured', 'orders.payment-status'],
    ]);

    // Again (a retry, a second tab): the same order, nothing new.
    const again = await req('POST', `/store/v1/carts/${id}/complete`, { payment_method: 'tok_visa' });
    expect(again.status).toBe(200);
    expect(again.body.order.id).toBe(res.body.order.id);
    const followed = await req('GET', `/store/v1/carts/${id}/checkout`);
    expect(followed.body).toMatchObject({ status: 'completed', order: { id: res.body.order.id } });
    expect((await footprint(id)).payments).toEqual(['captured']);
  });

  it('a signed-in shopper checks out without an e-mail step: the order takes the account’s e-mail and is theirs', async () => {
    const registered = await req('POST', '/store/v1/customers/register', {
      email: 'hana@example.com',
      password: 'correct horse battery staple',
    });
    expect(registered.status, JSON.stringify(registered.body)).toBe(201);
    const hana = { ...pk, authorization: `Bearer ${registered.body.access_token}` };
    const created = await req('POST', '/store/v1/carts', { shipping_address: CA }, hana);
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const id = created.body.id as string;
    expect(created.body.email).toBe('hana@example.com');
    await req('POST', `/store/v1/carts/${id}/lines`, { variant_id: shirt.variantIds[1], quantity: 1 }, hana);
    const options = await req('GET', `/store/v1/carts/${id}/shipping-options`, undefined, hana);
    await req('PUT', `/store/v1/carts/${id}/shipping-method`, { method_id: options.body.data[0].id }, hana);
    const res = await req('POST', `/store/v1/carts/${id}/complete`, { payment_method: 'tok_visa' }, hana);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const [order] = await one<{ email: string; customer_id: string }>(
      sql`SELECT email, customer_id FROM orders WHERE id = ${res.body.order.id}`,
    );
    expect(order).toEqual({ email: 'hana@example.com', customer_id: registered.body.customer.id });
    const mine = await req('GET', '/store/v1/customers/me/orders', undefined, hana);
    expect(mine.body.data.map((o: { id: string }) => o.id)).toEqual([res.body.order.id]);
  });

  it('a decline answers 402 with the card message, releases the stock, and a retry with another card succeeds', async () => {
    const id = await readyCart([[scarce.variantIds[0]!, 1]]);
    const declined = await req('POST', `/store/v1/carts/${id}/complete`, {
      payment_method: 'tok_chargeDeclinedInsufficientFunds',
    });
    expect(declined.status).toBe(402);
    expect(declined.body).toMatchObject({
      code: 'PAYMENT_DECLINED',
      detail: 'Your card has insufficient funds.',
    });
    expect(await footprint(id)).toEqual({
      attempts: ['failed'],
      orders: [],
      reservations: ['released'],
      payments: ['canceled'],
    });
    expect((await req('GET', `/store/v1/carts/${id}`)).body.status).toBe('active');

    const retried = await req('POST', `/store/v1/carts/${id}/complete`, { payment_method: 'tok_mastercard' });
    expect(retried.status, JSON.stringify(retried.body)).toBe(200);
    expect(retried.body.attempt).toBe(2);
    expect(await footprint(id)).toEqual({
      attempts: ['failed', 'completed'],
      orders: ['confirmed'],
      reservations: ['released', 'committed'],
      payments: ['canceled', 'captured'],
    });
    await setInventoryLevel(server.platform.db, {
      storeId,
      input: { variant_id: scarce.variantIds[0]!, location_id: scarce.locationId, on_hand: 5 },
    });
  });

  it('a fraud screen that denies: 402, the stock released in the same step, no payment', async () => {
    const restore = registerFraudScreen({
      name: 'deny-all',
      check: async () => ({ decision: 'deny', reason: 'test' }),
    });
    try {
      const id = await readyCart([[scarce.variantIds[0]!, 1]]);
      const denied = await req('POST', `/store/v1/carts/${id}/complete`, { payment_method: 'tok_visa' });
      expect(denied.status).toBe(402);
      expect(denied.body).toMatchObject({ code: 'PAYMENT_DECLINED', detail: 'Your payment was declined.' });
      expect(await footprint(id)).toEqual({
        attempts: ['failed'],
        orders: [],
        reservations: ['released'],
        payments: [],
      });
    } finally {
      restore();
    }
  });

  it('3-D Secure: 202 with the challenge URL, then the order once the shopper approves', async () => {
    const id = await readyCart();
    const res = await req('POST', `/store/v1/carts/${id}/complete`, {
      payment_method: 'tok_threeDSecureRequired',
      return_url: 'https://shop.example.com/return',
    });
    expect(res.status, JSON.stringify(res.body)).toBe(202);
    expect(res.body).toMatchObject({ status: 'requires_action', order: null });
    const url = new URL(res.body.payment.next_action.url, server.url);
    // Clicking "complete" again while the challenge is open joins the same attempt.
    const twice = await req('POST', `/store/v1/carts/${id}/complete`, {
      payment_method: 'tok_threeDSecureRequired',
    });
    expect(twice.status).toBe(202);
    expect(twice.body.id).toBe(res.body.id);

    const approved = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body: 'outcome=approve',
    });
    expect(approved.status).toBeLessThan(400);
    let view = (await req('GET', `/store/v1/carts/${id}/checkout`)).body;
    for (let i = 0; i < 100 && view.status !== 'completed'; i++) {
      await new Promise((r) => setTimeout(r, 100));
      view = (await req('GET', `/store/v1/carts/${id}/checkout`)).body;
    }
    expect(view).toMatchObject({ status: 'completed', order: { status: 'confirmed' } });
    expect(await footprint(id)).toMatchObject({ orders: ['confirmed'], reservations: ['committed'] });
  });

  it('3-D Secure failed by the shopper: the attempt fails clean', async () => {
    const id = await readyCart();
    const res = await req('POST', `/store/v1/carts/${id}/complete`, {
      payment_method: 'tok_threeDSecureRequired',
    });
    expect(res.status).toBe(202);
    await fetch(new URL(res.body.payment.next_action.url, server.url), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body: 'outcome=fail',
    });
    let view = (await req('GET', `/store/v1/carts/${id}/checkout`)).body;
    for (let i = 0; i < 100 && view.status !== 'failed'; i++) {
      await new Promise((r) => setTimeout(r, 100));
      view = (await req('GET', `/store/v1/carts/${id}/checkout`)).body;
    }
    expect(view).toMatchObject({ status: 'failed', failure: { code: 'PAYMENT_DECLINED' } });
    expect(await footprint(id)).toEqual({
      attempts: ['failed'],
      orders: [],
      reservations: ['released'],
      payments: ['canceled'],
    });
  });

  it('a lost processor answer (tok_timeout) is asked again with the same key: one charge', async () => {
    const id = await readyCart();
    const res = await req('POST', `/store/v1/carts/${id}/complete`, { payment_method: 'tok_timeout' });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(await footprint(id)).toMatchObject({ orders: ['confirmed'], payments: ['captured'] });
  });
});

describe('an order with nothing to pay', () => {
  it('a 100 % coupon with free shipping: placed without a payment method, a payment of 0 captured, cancellable', async () => {
    const sk = (await createTestApiKey(server, { storeId, kind: 'secret', role: 'admin' })).headers;
    for (const [code, discount] of [
      ['ALLFREE', { kind: 'percentage', basis_points: 10000 }],
      ['SHIPFREE', { kind: 'free_shipping' }],
    ] as const) {
      const made = await req('POST', '/admin/v1/coupons', { code, discount }, sk);
      expect(made.status, JSON.stringify(made.body)).toBe(201);
    }
    const id = await readyCart([[shirt.variantIds[1]!, 1]]);
    for (const code of ['ALLFREE', 'SHIPFREE']) {
      const applied = await req('POST', `/store/v1/carts/${id}/coupons`, { code });
      expect(applied.status, JSON.stringify(applied.body)).toBe(200);
    }
    expect((await req('GET', `/store/v1/carts/${id}`)).body.totals.total).toBe(0);

    const res = await req('POST', `/store/v1/carts/${id}/complete`, { expected_total: 0 });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.order).toMatchObject({ status: 'confirmed', totals: { total: 0 } });
    expect(await footprint(id)).toEqual({
      attempts: ['completed'],
      orders: ['confirmed'],
      reservations: ['committed'],
      payments: ['captured'],
    });
    const [payment] = await one<{ provider: string; amount: string | number; payment_method: string | null }>(
      sql`SELECT provider, amount, payment_method FROM payment_intents WHERE cart_id = ${id}`,
    );
    expect(payment).toMatchObject({ provider: 'none', payment_method: null });
    expect(Number(payment!.amount)).toBe(0);

    const cancelled = await req(
      'POST',
      `/admin/v1/orders/${res.body.order.id}/cancel`,
      { reason: 'test' },
      sk,
    );
    expect(cancelled.status, JSON.stringify(cancelled.body)).toBe(200);
    expect(cancelled.body.status).toBe('cancelled');
  });

  it('a cart that costs something still needs a payment method: 400, nothing changed', async () => {
    const id = await readyCart();
    const res = await req('POST', `/store/v1/carts/${id}/complete`, {});
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(res.body.errors).toEqual([expect.objectContaining({ path: 'payment_method' })]);
    expect(await footprint(id)).toEqual({ attempts: [], orders: [], reservations: [], payments: [] });
  });
});

describe('exactly once under concurrency', () => {
  it('20 concurrent completes of one cart: one order, one authorization', async () => {
    const id = await readyCart([[shirt.variantIds[1]!, 1]]);
    const answers = await Promise.all(
      Array.from({ length: 20 }, () =>
        req('POST', `/store/v1/carts/${id}/complete`, { payment_method: 'tok_visa' }),
      ),
    );
    expect(answers.map((a) => (a.status === 200 ? 200 : JSON.stringify(a.body)))).toEqual(
      Array(20).fill(200),
    );
    expect(new Set(answers.map((a) => a.body.order.id)).size).toBe(1);
    expect(await footprint(id)).toEqual({
      attempts: ['completed'],
      orders: ['confirmed'],
      reservations: ['committed'],
      payments: ['captured'],
    });
    const auths = await one(
      sql`SELECT 1 FROM test_processor_payments WHERE amount > 0 AND store_id = ${storeId} AND id IN
            (SELECT provider_reference FROM payment_intents WHERE cart_id = ${id})`,
    );
    expect(auths).toHaveLength(1);
  });

  it('100 shoppers racing for the last 5 units: 5 orders, 95 clean refusals, no oversell', async () => {
    const last = await insertSellableProduct(server.platform.db, storeId, {
      price: 900,
      stock: 100,
      title: 'Last',
    });
    const carts = await Promise.all(Array.from({ length: 100 }, () => readyCart([[last.variantIds[0]!, 1]])));
    await setInventoryLevel(server.platform.db, {
      storeId,
      input: { variant_id: last.variantIds[0]!, location_id: last.locationId, on_hand: 5 },
    });
    const answers = await Promise.all(
      carts.map((id) => req('POST', `/store/v1/carts/${id}/complete`, { payment_method: 'tok_visa' })),
    );
    const byStatus = answers.reduce<Record<number, number>>(
      (m, a) => ({ ...m, [a.status]: (m[a.status] ?? 0) + 1 }),
      {},
    );
    expect(byStatus[200]).toBe(5);
    expect(byStatus[200]! + (byStatus[409] ?? 0)).toBe(100);
    for (const a of answers.filter((x) => x.status === 409)) {
      expect(['INSUFFICIENT_STOCK', 'CART_CHANGED']).toContain(a.body.code);
    }
    const [level] = await one<{ on_hand: number; reserved: number }>(
      sql`SELECT on_hand, reserved FROM inventory_levels WHERE variant_id = ${last.variantIds[0]!}`,
    );
    expect(level).toEqual({ on_hand: 0, reserved: 0 });
    await captured(carts);
    const live = await one(
      sql`SELECT 1 FROM payment_intents WHERE cart_id = ANY(${sql.param(carts)}::text[]) AND status IN ('authorized', 'processing', 'requires_action')`,
    );
    expect(live).toHaveLength(0);
    const orders = await one(sql`SELECT 1 FROM orders WHERE cart_id = ANY(${sql.param(carts)}::text[])`);
    expect(orders).toHaveLength(5);
  });
});

describe('bad input: a clear 4xx and nothing changed', () => {
  async function refusal(id: string, body: unknown, headers = pk) {
    const before = await footprint(id);
    const version = (await req('GET', `/store/v1/carts/${id}`)).body?.version;
    const res = await req('POST', `/store/v1/carts/${id}/complete`, body, headers);
    expect(await footprint(id)).toEqual(before);
    if (headers === pk && version !== undefined) {
      expect((await req('GET', `/store/v1/carts/${id}`)).body.version).toBe(version);
    }
    return res;
  }

  it('another store’s cart is not found', async () => {
    const id = await readyCart();
    const res = await refusal(id, { payment_method: 'tok_visa' }, foreignPk);
    expect(res.status).toBe(404);
  });

  it('no e-mail, no address, no shipping method: 422 CHECKOUT_INCOMPLETE naming each', async () => {
    const id = (await req('POST', '/store/v1/carts', {})).body.id;
    await req('POST', `/store/v1/carts/${id}/lines`, { variant_id: shirt.variantIds[0], quantity: 1 });
    const res = await refusal(id, { payment_method: 'tok_visa' });
    expect(res.status).toBe(422);
    expect(res.body.code).toBe('CHECKOUT_INCOMPLETE');
    expect(res.body.errors.map((e: { path: string }) => e.path)).toEqual([
      'cart.email',
      'cart.shipping_address',
    ]);
    await req('PATCH', `/store/v1/carts/${id}`, { email: 'a@example.com', shipping_address: CA });
    const noMethod = await refusal(id, { payment_method: 'tok_visa' });
    expect(noMethod.body.errors.map((e: { path: string }) => e.path)).toEqual(['cart.shipping_method']);
  });

  it('an address outside every zone: 422 NO_SHIPPING_TO_ADDRESS', async () => {
    const id = await readyCart();
    // Only the domestic zone remains: France is outside every zone.
    await server.platform.db.execute(
      sql`DELETE FROM shipping_zones WHERE store_id = ${storeId} AND name = 'Rest of the world'`,
    );
    try {
      await req('PATCH', `/store/v1/carts/${id}`, { shipping_address: FR });
      const res = await refusal(id, { payment_method: 'tok_visa' });
      expect(res.status).toBe(422);
      expect(res.body.code).toBe('NO_SHIPPING_TO_ADDRESS');
      const options = await req('GET', `/store/v1/carts/${id}/shipping-options`);
      expect(options.body.code).toBe('NO_SHIPPING_TO_ADDRESS');
    } finally {
      await server.platform.db.execute(sql`DELETE FROM shipping_zones WHERE store_id = ${storeId}`);
      await seedDemoShipping(server.platform.db, { storeId, country: 'US', currency: 'USD' });
    }
  });

  it('an expected_total that no longer matches: 409 with the new totals, nothing charged', async () => {
    const id = await readyCart();
    const res = await refusal(id, { payment_method: 'tok_visa', expected_total: 1 });
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('CHECKOUT_TOTAL_CHANGED');
    expect(res.body.totals.total).toBeGreaterThan(1);
  });

  it('malformed bodies and card numbers: 400', async () => {
    const id = await readyCart();
    for (const body of [
      {},
      { payment_method: '4242424242424242' },
      { payment_method: 'tok_visa', extra: 1 },
    ]) {
      expect((await refusal(id, body)).status).toBe(400);
    }
  });

  it('an expired cart: 410; a completed cart answers with its order', async () => {
    const id = await readyCart();
    await server.platform.db.execute(
      sql`UPDATE carts SET expires_at = now() - interval '1 minute' WHERE id = ${id}`,
    );
    const res = await req('POST', `/store/v1/carts/${id}/complete`, { payment_method: 'tok_visa' });
    expect(res.status).toBe(410);
    expect(await footprint(id)).toEqual({ attempts: [], orders: [], reservations: [], payments: [] });
  });

  it('an unknown cart: 404; no checkout yet: GET …/checkout 404', async () => {
    expect(
      (await req('POST', '/store/v1/carts/cart_nope/complete', { payment_method: 'tok_visa' })).status,
    ).toBe(404);
    const id = await readyCart();
    expect((await req('GET', `/store/v1/carts/${id}/checkout`)).status).toBe(404);
  });
});
