/**
 * The checkout's contract against real PostgreSQL: createOrder (numbers without gaps or
 * duplicates under concurrency, idempotent per cart, bad input refused), confirmOrder,
 * abandonPendingOrder, getOrderByCart; the staff transitions legal and illegal; tenancy.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestPlatform, type TestPlatform } from '../../../test/harness.ts';
import { createTestStore } from '../../../test/identity.ts';
import { storeScope, transactionOpenedWith, withStore } from '../../platform/db/database.ts';
import { AppError } from '../../platform/errors.ts';
import { newId } from '../../platform/ids.ts';
import { createPaymentIntent, getPaymentIntent } from '../payments/service.ts';
import {
  abandonPendingOrder,
  cancelOrder,
  confirmOrder,
  createOrder,
  eraseOrdersPersonalData,
  exportOrdersPersonalData,
  fulfilOrder,
  getOrder,
  getOrderByCart,
  getOrderDetail,
  isCartOrderTaken,
  markDelivered,
  placeOrder,
  startProcessing,
} from './service.ts';
import { addOrderNote, listOrderNotes } from './notes.ts';
import { orderInput, placeTestOrder, stockedVariants, useCaptureMode } from './testing.ts';

let platform: TestPlatform;
let storeId: string;
let variants: string[];

beforeAll(async () => {
  platform = await createTestPlatform();
  storeId = (await createTestStore(platform)).id;
  ({ variantIds: variants } = await stockedVariants(platform, storeId, 3));
});
afterAll(async () => {
  await platform?.close();
});

async function expectError(p: Promise<unknown>, code: string): Promise<AppError> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err, `expected ${code}`).toBeInstanceOf(AppError);
  expect((err as AppError).code).toBe(code);
  return err as AppError;
}
async function intentFor(store: string, amount: number) {
  return createPaymentIntent(platform, {
    storeId: store,
    amount,
    currency: 'USD',
    idempotencyKey: newId('k'),
  });
}
async function draft(store: string, o: { cartId?: string } = {}) {
  const input = orderInput(store, [{ variantId: variants[0]!, quantity: 2, unitPrice: 1250 }], o);
  const intent = await intentFor(store, input.totals.total);
  return { ...input, paymentIntentId: intent.id };
}
const create = (store: string, input: Awaited<ReturnType<typeof draft>>) =>
  withStore(platform.db, store, (tx) => createOrder(tx, input));
async function count(table: string, store = storeId): Promise<number> {
  const { rows } = await platform.db.execute<{ n: number }>(
    sql`SELECT count(*)::int AS n FROM ${sql.identifier(table)} WHERE store_id = ${store}`,
  );
  return rows[0]!.n;
}
async function eventTypes(orderId: string): Promise<string[]> {
  const { rows } = await platform.db.execute<{ type: string }>(
    sql`SELECT type FROM events WHERE aggregate_type = 'order' AND aggregate_id = ${orderId} ORDER BY sequence`,
  );
  return rows.map((r) => r.type);
}

describe('createOrder', () => {
  it('creates a pending order #1001 with its lines, totals, addresses and history, attached to its payment', async () => {
    const store = (await createTestStore(platform)).id;
    const input = await draft(store);
    const order = await create(store, input);
    expect(order).toMatchObject({
      number: 1001,
      display_number: '#1001',
      status: 'pending',
      cart_id: input.cartId,
      currency: 'USD',
      email: input.email,
      payment_status: 'pending',
      fulfilment_status: 'unfulfilled',
      totals: { subtotal: 2500, discount: 0, shipping: 500, tax: 88, total: 3088 },
      shipping: { method_id: 'shm_test', name: 'Standard', amount: 500, tax: 0 },
      shipping_address: { first_name: 'Lan', last_name: 'Nguyễn', country: 'VN', postal_code: '100000' },
    });
    expect(order.lines).toEqual([
      expect.objectContaining({
        variant_id: variants[0],
        quantity: 2,
        unit_price: 1250,
        subtotal: 2500,
        tax: 88,
      }),
    ]);
    expect(await eventTypes(order.id)).toEqual(['order.created']);
    expect(
      (await getPaymentIntent(platform, { storeId: store, intentId: input.paymentIntentId })).order_id,
    ).toBe(order.id);
    const detail = await getOrderDetail(platform.db, { storeId: store, orderId: order.id });
    expect(detail.history.map((h) => [h.from_status, h.to_status])).toEqual([[null, 'pending']]);
  });

  it('is idempotent per cart: the same cart returns the same order and takes no number', async () => {
    const store = (await createTestStore(platform)).id;
    const input = await draft(store);
    const first = await create(store, input);
    const again = await create(store, { ...input, email: 'someone-else@example.com' });
    expect(again).toEqual(first);
    const next = await create(store, await draft(store));
    expect(next.number).toBe(first.number + 1);
    expect(await count('orders', store)).toBe(2);
    expect(await getOrderByCart(platform.db, { storeId: store, cartId: input.cartId })).toEqual(first);
    expect(
      await withStore(platform.db, store, (tx) =>
        getOrderByCart(tx, { storeId: store, cartId: input.cartId }),
      ),
    ).toEqual(first);
    expect(await getOrderByCart(platform.db, { storeId: store, cartId: 'cart_unknown' })).toBeNull();
  });

  it('numbers 20 concurrent checkouts 1001…1020 with no gap and no duplicate; a rolled-back one gives its number back', async () => {
    const store = (await createTestStore(platform)).id;
    const inputs = await Promise.all(Array.from({ length: 20 }, () => draft(store)));
    const orders = await Promise.all(inputs.map((i) => create(store, i)));
    expect(orders.map((o) => o.number).sort((a, b) => a - b)).toEqual(
      Array.from({ length: 20 }, (_, i) => 1001 + i),
    );
    // A checkout whose transaction fails after createOrder: its number is not lost.
    const failing = await draft(store);
    await expect(
      withStore(platform.db, store, async (tx) => {
        await createOrder(tx, failing);
        throw new Error('payment step failed');
      }),
    ).rejects.toThrow('payment step failed');
    expect((await create(store, await draft(store))).number).toBe(1021);
  });

  it('10 concurrent creates of the same cart make one order and take one number', async () => {
    const store = (await createTestStore(platform)).id;
    const input = await draft(store);
    const results = await Promise.all(Array.from({ length: 10 }, () => create(store, input)));
    expect(new Set(results.map((r) => r.id)).size).toBe(1);
    expect(await count('orders', store)).toBe(1);
    expect((await create(store, await draft(store))).number).toBe(1002);
  });

  it('refuses bad input with field errors and writes nothing', async () => {
    const store = (await createTestStore(platform)).id;
    const input = await draft(store);
    const bad = [
      { ...input, lines: [] },
      { ...input, email: 'not-an-email' },
      { ...input, currency: 'XXQ' },
      { ...input, shippingAddress: { ...input.shippingAddress, country: 'ZZ' } },
      { ...input, lines: [{ ...input.lines[0]!, quantity: 0 }] },
      { ...input, lines: [{ ...input.lines[0]!, subtotal: 1 }] },
      { ...input, lines: [{ ...input.lines[0]!, unitPrice: 12.5 }] },
      { ...input, totals: { ...input.totals, total: input.totals.total + 1 } },
      { ...input, totals: { ...input.totals, subtotal: 1 } },
    ];
    for (const b of bad) {
      const err = await expectError(create(store, b as never), 'VALIDATION_FAILED');
      expect(err.errors?.length).toBeGreaterThan(0);
    }
    await expectError(create(store, { ...input, paymentIntentId: 'pi_unknown' }), 'NOT_FOUND');
    expect(await count('orders', store)).toBe(0);
    expect(await count('order_counters', store)).toBe(0);
  });
});

describe('placeOrder (the checkout: counter, order and events with COMMIT)', () => {
  const place = (store: string, input: Awaited<ReturnType<typeof draft>>, id = newId('ord')) =>
    transactionOpenedWith(platform.db, storeScope(store), async (tx, io) => {
      const payment = await getPaymentIntent(platform, {
        storeId: store,
        intentId: input.paymentIntentId,
      });
      await placeOrder(tx, io, { ...input, id, payment: { ...payment, status: 'authorized' } });
      return id;
    });

  it('numbers concurrent placements without gaps; the events carry the number; a cart placed twice rolls back and takes no number', async () => {
    const store = (await createTestStore(platform)).id;
    const inputs = await Promise.all(Array.from({ length: 10 }, () => draft(store)));
    const ids = await Promise.all(inputs.map((i) => place(store, i)));
    const placed = await Promise.all(ids.map((id) => getOrder(platform.db, { storeId: store, orderId: id })));
    expect(placed.map((o) => o.number).sort((a, b) => a - b)).toEqual(
      Array.from({ length: 10 }, (_, i) => 1001 + i),
    );
    expect(placed.every((o) => o.status === 'confirmed' && o.lines.length === 1)).toBe(true);
    expect(await eventTypes(ids[0]!)).toEqual(['order.created', 'order.payment_updated', 'order.placed']);
    const { rows } = await platform.db.execute<{ payload: Record<string, unknown> }>(
      sql`SELECT payload FROM events WHERE aggregate_id = ${ids[0]!} AND type = 'order.placed'`,
    );
    expect(rows[0]!.payload).toMatchObject({
      orderId: ids[0],
      number: placed[0]!.number,
      displayNumber: `#${placed[0]!.number}`,
      status: 'confirmed',
      previousStatus: 'pending',
    });

    // The same cart again (a second intent): the orders' unique (store, cart) refuses it.
    const again = { ...(await draft(store)), cartId: inputs[0]!.cartId };
    const err = await place(store, again).then(
      () => null,
      (e: unknown) => e,
    );
    expect(isCartOrderTaken(err)).toBe(true);
    expect(await count('orders', store)).toBe(10);
    expect(
      (
        await place(store, await draft(store)).then((id) =>
          getOrder(platform.db, { storeId: store, orderId: id }),
        )
      ).number,
    ).toBe(1011);
  });
});

describe('confirmOrder and abandonPendingOrder', () => {
  it('confirms once (order.placed once), idempotently; a cancelled order cannot be confirmed', async () => {
    const input = await draft(storeId);
    const order = await create(storeId, input);
    const confirm = () =>
      withStore(platform.db, storeId, (tx) => confirmOrder(tx, { storeId, orderId: order.id }));
    const confirmed = await confirm();
    expect(confirmed.status).toBe('confirmed');
    expect(confirmed.confirmed_at).not.toBeNull();
    expect((await confirm()).status).toBe('confirmed');
    expect(await eventTypes(order.id)).toEqual(['order.created', 'order.placed']);
    // Further along: still returned unchanged.
    await startProcessing(platform.db, { storeId, orderId: order.id });
    expect((await confirm()).status).toBe('processing');

    const other = await create(storeId, await draft(storeId));
    await withStore(platform.db, storeId, (tx) =>
      abandonPendingOrder(tx, { storeId, orderId: other.id, reason: 'card declined' }),
    );
    await expectError(
      withStore(platform.db, storeId, (tx) => confirmOrder(tx, { storeId, orderId: other.id })),
      'INVALID_STATE_TRANSITION',
    );
  });

  it('abandons a pending order without restock or refund, idempotently; a confirmed one is refused', async () => {
    const order = await create(storeId, await draft(storeId));
    const abandon = (orderId: string) =>
      withStore(platform.db, storeId, (tx) =>
        abandonPendingOrder(tx, { storeId, orderId, reason: 'fraud check' }),
      );
    const cancelled = await abandon(order.id);
    expect(cancelled).toMatchObject({ status: 'cancelled', cancel_reason: 'fraud check' });
    expect((await abandon(order.id)).status).toBe('cancelled');
    expect(await eventTypes(order.id)).toEqual(['order.created', 'order.cancelled']);
    const { rows } = await platform.db.execute<{ payload: { abandoned: boolean; reason: string } }>(
      sql`SELECT payload FROM events WHERE aggregate_id = ${order.id} AND type = 'order.cancelled'`,
    );
    expect(rows[0]!.payload).toMatchObject({ abandoned: true, reason: 'fraud check' });

    const placed = await placeTestOrder(platform, storeId, [
      { variantId: variants[1]!, quantity: 1, unitPrice: 900 },
    ]);
    await expectError(abandon(placed.order.id), 'INVALID_STATE_TRANSITION');
    await expectError(abandon('ord_unknown'), 'NOT_FOUND');
  });
});

describe('transitions', () => {
  it('confirmed → processing → shipped → delivered, each in the history with its actor', async () => {
    const { order } = await placeTestOrder(platform, storeId, [
      { variantId: variants[0]!, quantity: 1, unitPrice: 1000 },
    ]);
    await startProcessing(platform.db, { storeId, orderId: order.id });
    await fulfilOrder(platform, {
      storeId,
      orderId: order.id,
      input: { carrier: 'UPS', tracking_number: '1Z999' },
    });
    const delivered = await markDelivered(platform.db, { storeId, orderId: order.id });
    expect(delivered.status).toBe('delivered');
    expect((await markDelivered(platform.db, { storeId, orderId: order.id })).status).toBe('delivered');
    const detail = await getOrderDetail(platform.db, { storeId, orderId: order.id });
    expect(detail.history.map((h) => h.to_status)).toEqual([
      'pending',
      'confirmed',
      'processing',
      'shipped',
      'delivered',
    ]);
    expect(detail.fulfilments[0]).toMatchObject({
      carrier: 'UPS',
      tracking_number: '1Z999',
      // No URL given: UPS's tracking page for the number.
      tracking_url: 'https://www.ups.com/track?tracknum=1Z999',
    });
    expect(detail.fulfilments[0]!.delivered_at).not.toBeNull();
    expect(await eventTypes(order.id)).toEqual([
      'order.created',
      'order.placed',
      'order.processing_started',
      // fulfilOrder records the payment as it found it (captured at placement; no worker here).
      'order.payment_updated',
      'order.shipped',
      'fulfilment.created',
      'order.delivered',
    ]);
  });

  it('refuses every illegal move with 409 and changes nothing', async () => {
    const pending = await create(storeId, await draft(storeId));
    await expectError(
      startProcessing(platform.db, { storeId, orderId: pending.id }),
      'INVALID_STATE_TRANSITION',
    );
    await expectError(
      markDelivered(platform.db, { storeId, orderId: pending.id }),
      'INVALID_STATE_TRANSITION',
    );
    await expectError(cancelOrder(platform, { storeId, orderId: pending.id }), 'INVALID_STATE_TRANSITION');

    const { order } = await placeTestOrder(platform, storeId, [
      { variantId: variants[0]!, quantity: 1, unitPrice: 1000 },
    ]);
    await expectError(markDelivered(platform.db, { storeId, orderId: order.id }), 'INVALID_STATE_TRANSITION');
    await fulfilOrder(platform, { storeId, orderId: order.id, input: {} });
    await expectError(
      startProcessing(platform.db, { storeId, orderId: order.id }),
      'INVALID_STATE_TRANSITION',
    );
    await expectError(cancelOrder(platform, { storeId, orderId: order.id }), 'INVALID_STATE_TRANSITION');
    await expectError(
      fulfilOrder(platform, { storeId, orderId: order.id, input: {} }),
      'INVALID_STATE_TRANSITION',
    );
    expect((await getOrder(platform.db, { storeId, orderId: order.id })).status).toBe('shipped');
  });

  it('ships in parts: partial fulfilments keep the order processing until the last unit ships', async () => {
    const { order } = await placeTestOrder(platform, storeId, [
      { variantId: variants[0]!, quantity: 3, unitPrice: 1000 },
      { variantId: variants[1]!, quantity: 1, unitPrice: 500 },
    ]);
    const [a, b] = order.lines as [(typeof order.lines)[0], (typeof order.lines)[0]];
    const first = await fulfilOrder(platform, {
      storeId,
      orderId: order.id,
      input: { lines: [{ order_line_id: a.id, quantity: 2 }] },
    });
    expect(first.order).toMatchObject({ status: 'processing', fulfilment_status: 'partial' });
    const tooMany = await expectError(
      fulfilOrder(platform, {
        storeId,
        orderId: order.id,
        input: { lines: [{ order_line_id: a.id, quantity: 2 }] },
      }),
      'UNPROCESSABLE',
    );
    expect(tooMany.errors).toEqual([{ path: 'body.lines.0.quantity', message: 'only 1 left to ship' }]);
    await expectError(
      fulfilOrder(platform, {
        storeId,
        orderId: order.id,
        input: { lines: [{ order_line_id: 'ordln_x', quantity: 1 }] },
      }),
      'UNPROCESSABLE',
    );
    const rest = await fulfilOrder(platform, { storeId, orderId: order.id, input: {} });
    expect(rest.fulfilment.lines).toEqual([
      { order_line_id: a.id, quantity: 1 },
      { order_line_id: b.id, quantity: 1 },
    ]);
    expect(rest.order).toMatchObject({ status: 'shipped', fulfilment_status: 'fulfilled' });
  });
});

describe('tenancy', () => {
  it('another store never sees an order, even with a query that forgets its store filter', async () => {
    const { order } = await placeTestOrder(platform, storeId, [
      { variantId: variants[0]!, quantity: 1, unitPrice: 100 },
    ]);
    const other = (await createTestStore(platform)).id;
    await expectError(getOrder(platform.db, { storeId: other, orderId: order.id }), 'NOT_FOUND');
    await expectError(cancelOrder(platform, { storeId: other, orderId: order.id }), 'NOT_FOUND');
    const leaked = await withStore(platform.db, other, async (tx) => {
      const counts = [];
      for (const t of ['orders', 'order_lines', 'order_status_history', 'fulfilments', 'order_counters']) {
        const { rows } = await tx.execute<{ n: number }>(
          sql`SELECT count(*)::int AS n FROM ${sql.identifier(t)}`,
        );
        counts.push(rows[0]!.n);
      }
      return counts;
    });
    expect(leaked).toEqual([0, 0, 0, 0, 0]);
  });
});

describe('personal data (GDPR)', () => {
  it("exports the shopper's orders (account and guest ones of their e-mail) and erases their personal data, keeping the money", async () => {
    const store = (await createTestStore(platform)).id;
    const { variantIds } = await stockedVariants(platform, store, 1);
    const email = 'erase-me@example.com';
    const guest = await placeTestOrder(
      platform,
      store,
      [{ variantId: variantIds[0]!, quantity: 1, unitPrice: 800 }],
      {
        email,
      },
    );
    const account = await placeTestOrder(
      platform,
      store,
      [{ variantId: variantIds[0]!, quantity: 2, unitPrice: 800 }],
      {
        email: 'other-address@example.com',
        customerId: 'cus_subject',
      },
    );
    const stranger = await placeTestOrder(platform, store, [
      { variantId: variantIds[0]!, quantity: 1, unitPrice: 800 },
    ]);
    const subject = { storeId: store, customerId: 'cus_subject', email };
    await withStore(platform.db, store, (tx) =>
      tx.execute(sql`UPDATE order_lines SET properties = '{"Engraving": "For Erase Me"}'
                     WHERE order_id = ${account.order.id}`),
    );

    // Staff's words about the shopper's order are theirs to see and go with the rest.
    await addOrderNote(platform.db, {
      storeId: store,
      orderId: account.order.id,
      input: { body: 'Called the shopper: leave it with the neighbour' },
    });
    const exported = await withStore(platform.db, store, (tx) => exportOrdersPersonalData(tx, subject));
    expect(exported.orders.map((o) => o.id)).toEqual([guest.order.id, account.order.id]);
    expect(exported.orders[0]!.shipping_address?.line1).toBe('12 Hàng Bạc');
    expect(exported.orders[1]!.staff_notes.map((n) => n.body)).toEqual([
      'Called the shopper: leave it with the neighbour',
    ]);

    const erased = await withStore(platform.db, store, (tx) => eraseOrdersPersonalData(tx, subject));
    expect(erased).toEqual({ orders_anonymised: 2, order_notes_deleted: 1 });
    expect(await listOrderNotes(platform.db, { storeId: store, orderId: account.order.id })).toEqual([]);
    const after = await getOrder(platform.db, { storeId: store, orderId: account.order.id });
    expect(after).toMatchObject({
      email: 'erased+cus_subject@invalid',
      shipping_address: { line1: 'erased', city: 'erased', country: 'VN' },
      totals: account.order.totals,
      status: 'confirmed',
    });
    expect(after.shipping_address?.first_name).toBeUndefined();
    expect(after.lines[0]!.properties).toEqual({});
    expect((await getOrder(platform.db, { storeId: store, orderId: stranger.order.id })).email).toBe(
      stranger.order.email,
    );
    expect(await withStore(platform.db, store, (tx) => eraseOrdersPersonalData(tx, subject))).toEqual({
      orders_anonymised: 0,
      order_notes_deleted: 0,
    });
  });
});

describe('concurrent fulfilment', () => {
  it('5 racing "ship everything" requests make one fulfilment and capture once', async () => {
    const store = (await createTestStore(platform)).id;
    await useCaptureMode(platform, store, 'on_fulfilment');
    const { variantIds } = await stockedVariants(platform, store, 1);
    const placed = await placeTestOrder(platform, store, [
      { variantId: variantIds[0]!, quantity: 2, unitPrice: 900 },
    ]);
    const results = await Promise.allSettled(
      Array.from({ length: 5 }, () =>
        fulfilOrder(platform, { storeId: store, orderId: placed.order.id, input: {} }),
      ),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    for (const r of results) {
      if (r.status === 'rejected')
        expect(['CONFLICT', 'INVALID_STATE_TRANSITION']).toContain((r.reason as AppError).code);
    }
    const detail = await getOrderDetail(platform.db, { storeId: store, orderId: placed.order.id });
    expect(detail).toMatchObject({
      status: 'shipped',
      payment_status: 'captured',
      captured_amount: placed.order.totals.total,
    });
    expect(detail.fulfilments).toHaveLength(1);
    const { rows } = await platform.db.execute<{ n: number }>(
      sql`SELECT count(*)::int AS n FROM payment_operations WHERE intent_id = ${placed.intentId} AND operation = 'capture'`,
    );
    expect(rows[0]!.n).toBeGreaterThanOrEqual(1);
    expect(
      (await getPaymentIntent(platform, { storeId: store, intentId: placed.intentId })).captured_amount,
    ).toBe(placed.order.totals.total);
  });
});
