import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer } from '../../../test/harness.ts';
import { call } from '../../../test/identity.ts';
import { waitForMail } from '../../../test/mail.ts';
import { pdfText } from '../../../test/pdf.ts';
import {
  insertSellableProduct,
  readyTestCart,
  type SellableProduct,
  sellingTestStore,
} from '../cart/testing.ts';
import { orderAccessToken } from '../orders/access.ts';
import { cancelUnpaidOrders } from '../orders/unpaid.ts';

/**
 * Manual payment methods over HTTP on a real Carton: the store turns cash on delivery and bank
 * transfer on, a shopper places an order unpaid, it is never captured by the store's automatic
 * capture, staff mark it paid; a cancelled one gives its stock back with nothing to refund.
 */
let server: Awaited<ReturnType<typeof startTestServer>>;
let storeId: string;
let pk: Record<string, string>;
let sk: Record<string, string>;
let shirt: SellableProduct;

const INSTRUCTIONS = 'Bank of Tests\nIBAN GB33 BUKB 2020 1555 5555 55';

beforeAll(async () => {
  server = await startTestServer({ worker: true });
  ({ storeId, pk, sk } = await sellingTestStore(server));
  const db = server.platform.db;
  shirt = await insertSellableProduct(db, storeId, { price: 1500, stock: 10, title: 'Shirt' });
});
afterAll(() => server?.close());

const req = (method: string, path: string, body?: unknown, headers: Record<string, string> = pk) =>
  call(server, method, path, { headers, body });

const readyCart = (email: string, quantity = 2) =>
  readyTestCart(server, { headers: pk, email, variantId: shirt.variantIds[0]!, quantity });

const available = async () =>
  Number(
    (
      await server.platform.db.execute<{ n: number }>(
        sql`SELECT sum(available)::int AS n FROM inventory_levels WHERE variant_id = ${shirt.variantIds[0]}`,
      )
    ).rows[0]!.n,
  );

async function eventually<T>(read: () => Promise<T>, check: (v: T) => boolean): Promise<T> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const v = await read();
    if (check(v) || Date.now() > deadline) return v;
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('manual payment methods', () => {
  it('are off until the store turns them on; bank transfer needs instructions', async () => {
    const offered = await req('GET', '/store/v1/payment-methods');
    expect(offered.status).toBe(200);
    expect(offered.body).toEqual({ card: { provider: 'test' }, manual: [] });

    const cart = await readyCart('off@example.com');
    const refused = await req('POST', `/store/v1/carts/${cart}/complete`, {
      payment_method: 'cash_on_delivery',
    });
    expect(refused.status).toBe(422);
    expect(refused.headers.get('content-type')).toContain('application/problem+json');
    expect(refused.body.errors[0]).toMatchObject({ path: 'body.payment_method' });
    const { rows } = await server.platform.db.execute(sql`SELECT 1 FROM checkouts WHERE cart_id = ${cart}`);
    expect(rows).toHaveLength(0); // nothing reserved, no attempt

    const noInstructions = await req(
      'PATCH',
      '/admin/v1/payment-settings',
      { manual_methods: { bank_transfer: { enabled: true } } },
      sk,
    );
    expect(noInstructions.status).toBe(400);
    expect(noInstructions.body.errors[0].path).toBe('body.manual_methods.bank_transfer.instructions');
    for (const bad of [
      { manual_methods: { cheque: { enabled: true } } },
      { manual_methods: { cash_on_delivery: { enabled: 'yes' } } },
      { manual_methods: { cash_on_delivery: { enabled: true, instructions: 'x'.repeat(2001) } } },
    ]) {
      const r = await req('PATCH', '/admin/v1/payment-settings', bad, sk);
      expect(r.status, JSON.stringify(bad)).toBe(400);
    }
    expect((await req('GET', '/store/v1/payment-methods')).body.manual).toEqual([]);

    const on = await req(
      'PATCH',
      '/admin/v1/payment-settings',
      {
        manual_methods: {
          cash_on_delivery: { enabled: true },
          bank_transfer: { enabled: true, instructions: INSTRUCTIONS },
        },
      },
      sk,
    );
    expect(on.status, JSON.stringify(on.body)).toBe(200);
    expect(on.body.manual_methods).toEqual([
      { method: 'cash_on_delivery', enabled: true, instructions: null },
      { method: 'bank_transfer', enabled: true, instructions: INSTRUCTIONS },
    ]);
    expect((await req('GET', '/store/v1/payment-methods')).body.manual).toEqual([
      { method: 'cash_on_delivery', instructions: null },
      { method: 'bank_transfer', instructions: INSTRUCTIONS },
    ]);
  });

  it('place a bank-transfer order unpaid, tell the shopper how to pay, and staff mark it paid', async () => {
    const email = 'transfer@example.com';
    const before = await available();
    const cart = await readyCart(email);
    const done = await req('POST', `/store/v1/carts/${cart}/complete`, { payment_method: 'bank_transfer' });
    expect(done.status, JSON.stringify(done.body)).toBe(200);
    const orderId = done.body.order.id as string;
    expect(await available()).toBe(before - 2);

    // The store captures cards on placement; a manual payment waits for staff.
    const order = await eventually(
      () => req('GET', `/admin/v1/orders/${orderId}`, undefined, sk),
      (r) => r.body.payment !== undefined,
    );
    expect(order.body).toMatchObject({ status: 'confirmed', payment_status: 'pending', captured_amount: 0 });
    expect(order.body.payment).toMatchObject({
      provider: 'manual',
      capture_mode: 'manual',
      status: 'authorized',
      payment_method: 'bank_transfer',
    });

    const token = orderAccessToken(server.platform, { id: orderId, storeId });
    const shopper = await req('GET', `/store/v1/orders/${orderId}?token=${token}`);
    expect(shopper.status).toBe(200);
    expect(shopper.body.manual_payment).toEqual({ method: 'bank_transfer', instructions: INSTRUCTIONS });

    const mail = await waitForMail(server, { to: email, subject: /confirmed/ }, 15_000);
    expect(mail.text).toContain('How to pay:');
    expect(mail.text).toContain(`with the reference ${order.body.display_number}`);
    expect(mail.text).toContain('IBAN GB33 BUKB 2020 1555 5555 55');

    // The invoice of an order to be paid says how too.
    const invoice = await fetch(`${server.url}/admin/v1/orders/${orderId}/invoice.pdf`, { headers: sk });
    expect(invoice.status).toBe(200);
    const { text } = await pdfText(await invoice.arrayBuffer());
    expect(text).toContain('How to pay');
    expect(text).toContain('IBAN GB33 BUKB 2020 1555 5555 55');

    const paid = await req(
      'POST',
      `/admin/v1/payment-intents/${order.body.payment_intent_id}/capture`,
      {},
      sk,
    );
    expect(paid.status, JSON.stringify(paid.body)).toBe(200);
    expect(paid.body).toMatchObject({ status: 'captured', captured_amount: order.body.totals.total });
    const after = await eventually(
      () => req('GET', `/admin/v1/orders/${orderId}`, undefined, sk),
      (r) => r.body.payment_status === 'captured',
    );
    expect(after.body).toMatchObject({
      payment_status: 'captured',
      captured_amount: order.body.totals.total,
    });
    // Marking it paid again changes nothing.
    const again = await req(
      'POST',
      `/admin/v1/payment-intents/${order.body.payment_intent_id}/capture`,
      {},
      sk,
    );
    expect(again.body.captured_amount).toBe(order.body.totals.total);
  });

  it('ship a cash-on-delivery order without capturing it; cancelling one gives the stock back, nothing to refund', async () => {
    const shipped = await req('POST', `/store/v1/carts/${await readyCart('cod@example.com', 1)}/complete`, {
      payment_method: 'cash_on_delivery',
    });
    expect(shipped.status, JSON.stringify(shipped.body)).toBe(200);
    const fulfilled = await call(server, 'POST', `/admin/v1/orders/${shipped.body.order.id}/fulfilments`, {
      headers: { ...sk, 'idempotency-key': `ship-${shipped.body.order.id}` },
      body: { carrier: 'Courier', tracking_number: 'C-1' },
    });
    expect(fulfilled.status, JSON.stringify(fulfilled.body)).toBe(201);
    expect(fulfilled.body.order).toMatchObject({
      status: 'shipped',
      payment_status: 'pending',
      captured_amount: 0,
    });

    const before = await available();
    const cart = await readyCart('cod-cancel@example.com', 1);
    const done = await req('POST', `/store/v1/carts/${cart}/complete`, {
      payment_method: 'cash_on_delivery',
    });
    expect(done.status, JSON.stringify(done.body)).toBe(200);
    const orderId = done.body.order.id as string;
    expect(await available()).toBe(before - 1);
    const cancelled = await req(
      'POST',
      `/admin/v1/orders/${orderId}/cancel`,
      { reason: 'no answer at the door' },
      sk,
    );
    expect(cancelled.status, JSON.stringify(cancelled.body)).toBe(200);
    expect(cancelled.body).toMatchObject({
      status: 'cancelled',
      payment_status: 'voided',
      refunded_amount: 0,
    });
    expect(await available()).toBe(before);
    const { rows } = await server.platform.db.execute(
      sql`SELECT 1 FROM payment_refunds WHERE intent_id = ${cancelled.body.payment_intent_id}`,
    );
    expect(rows).toHaveLength(0);
  });

  it("reminds, then cancels, bank transfers not paid within the store's window; leaves cash on delivery, paid and prepared orders", async () => {
    const place = async (email: string, payment_method: string) => {
      const done = await req('POST', `/store/v1/carts/${await readyCart(email, 1)}/complete`, {
        payment_method,
      });
      expect(done.status, JSON.stringify(done.body)).toBe(200);
      return done.body.order.id as string;
    };
    const before = await available();
    const unpaid = await place('slow@example.com', 'bank_transfer');
    const recent = await place('recent@example.com', 'bank_transfer');
    const cod = await place('door@example.com', 'cash_on_delivery');
    const prepared = await place('trusted@example.com', 'bank_transfer');
    expect((await req('POST', `/admin/v1/orders/${prepared}/process`, {}, sk)).status).toBe(200);
    const paid = await place('paid@example.com', 'bank_transfer');
    const paidIntent = (await req('GET', `/admin/v1/orders/${paid}`, undefined, sk)).body.payment_intent_id;
    expect((await req('POST', `/admin/v1/payment-intents/${paidIntent}/capture`, {}, sk)).status).toBe(200);
    await eventually(
      () => req('GET', `/admin/v1/orders/${paid}`, undefined, sk),
      (r) => r.body.payment_status === 'captured',
    );
    const age = (id: string, days: number) =>
      server.platform.db.execute(
        sql`UPDATE orders SET created_at = now() - make_interval(days => ${days}) WHERE id = ${id}`,
      );
    for (const id of [unpaid, cod, prepared, paid]) await age(id, 8);
    await age(recent, 6);

    // The one 8 days old is cancelled; the one 6 days old, past half the window, is reminded.
    expect(await cancelUnpaidOrders(server.platform)).toEqual({ reminded: 1, cancelled: 1 });
    const status = async (id: string) => (await req('GET', `/admin/v1/orders/${id}`, undefined, sk)).body;
    expect(await status(unpaid)).toMatchObject({
      status: 'cancelled',
      payment_status: 'voided',
      cancel_reason: 'Not paid within 7 days',
    });
    for (const id of [recent, cod]) expect((await status(id)).status).toBe('confirmed');
    expect((await status(prepared)).status).toBe('processing');
    expect(await status(paid)).toMatchObject({ status: 'confirmed', payment_status: 'captured' });
    expect(await available()).toBe(before - 4); // the cancelled order's unit is back
    const told = await waitForMail(server, { to: 'slow@example.com', subject: /cancelled/ }, 15_000);
    expect(told.text).toContain('Not paid within 7 days');
    const reminder = await waitForMail(
      server,
      { to: 'recent@example.com', subject: /waiting for your payment/ },
      15_000,
    );
    expect(reminder.text).toContain('We have not received the payment');
    expect(reminder.text).toContain('IBAN GB33 BUKB 2020 1555 5555 55');
    expect(reminder.text).toMatch(/If it has not arrived by \w+ \d+, \d{4}, the order will be cancelled\./);
    expect(await cancelUnpaidOrders(server.platform)).toEqual({ reminded: 0, cancelled: 0 }); // once

    // A store that waits longer, or never: nothing more is cancelled.
    await req('PATCH', '/admin/v1/store', { settings: { orders: { unpaid_cancel_days: 0 } } }, sk);
    await age(recent, 30);
    expect(await cancelUnpaidOrders(server.platform)).toEqual({ reminded: 0, cancelled: 0 });
    await req('PATCH', '/admin/v1/store', { settings: { orders: { unpaid_cancel_days: 3 } } }, sk);
    expect(await cancelUnpaidOrders(server.platform)).toEqual({ reminded: 0, cancelled: 1 });
    expect(await status(recent)).toMatchObject({
      status: 'cancelled',
      cancel_reason: 'Not paid within 3 days',
    });
    await req('PATCH', '/admin/v1/store', { settings: {} }, sk);
  });

  it('turning a method off stops new orders with it', async () => {
    const off = await req(
      'PATCH',
      '/admin/v1/payment-settings',
      { manual_methods: { cash_on_delivery: { enabled: false } } },
      sk,
    );
    expect(off.status).toBe(200);
    expect((await req('GET', '/store/v1/payment-methods')).body.manual).toEqual([
      { method: 'bank_transfer', instructions: INSTRUCTIONS },
    ]);
    // A method turned off keeps its instructions: turned on again, they are there.
    await req(
      'PATCH',
      '/admin/v1/payment-settings',
      { manual_methods: { bank_transfer: { enabled: false } } },
      sk,
    );
    const back = await req(
      'PATCH',
      '/admin/v1/payment-settings',
      { manual_methods: { bank_transfer: { enabled: true } } },
      sk,
    );
    expect(back.status, JSON.stringify(back.body)).toBe(200);
    expect(back.body.manual_methods[1]).toEqual({
      method: 'bank_transfer',
      enabled: true,
      instructions: INSTRUCTIONS,
    });
    const cart = await readyCart('late@example.com', 1);
    expect(
      (await req('POST', `/store/v1/carts/${cart}/complete`, { payment_method: 'cash_on_delivery' })).status,
    ).toBe(422);
    expect((await req('POST', `/store/v1/carts/${cart}/complete`, { payment_method: 'cheque' })).status).toBe(
      400,
    );
  });
});
