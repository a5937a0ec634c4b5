/**
 * Editing a placed order before it ships, over HTTP on a real server with a worker: items added
 * and swapped with their stock committed, the totals and the money following what the payment can
 * do (refunded when captured, captured for less when authorized, a manual payment's amount
 * changed, an edit a card cannot cover refused with nothing changed), the shopper told, and units
 * added by an edit restocked where they came from when the order is cancelled.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer } from '../../../test/harness.ts';
import { call } from '../../../test/identity.ts';
import { waitForMail } from '../../../test/mail.ts';
import { pdfText } from '../../../test/pdf.ts';
import { rowsOf } from '../../../test/records.ts';
import {
  insertSellableProduct,
  readyTestCart,
  sellingTestStore,
  type SellableProduct,
} from '../cart/testing.ts';
import { availabilityFor } from '../inventory/service.ts';
import { getPaymentIntent, listRefunds } from '../payments/service.ts';
import { orderAccessToken } from './access.ts';
import { useCaptureMode } from './testing.ts';

let server: Awaited<ReturnType<typeof startTestServer>>;
let storeId: string;
let pk: Record<string, string>;
let sk: Record<string, string>;
let shirt: SellableProduct; // three sizes at 15.00
let socks: SellableProduct; // one at 5.00
let last: SellableProduct; // one unit left

beforeAll(async () => {
  server = await startTestServer({ worker: true, overrides: { EVENTS_POLL_INTERVAL_MS: '200' } });
  ({ storeId, pk, sk } = await sellingTestStore(server));
  const db = server.platform.db;
  shirt = await insertSellableProduct(db, storeId, { variants: 3, price: 1500, stock: 50, title: 'Shirt' });
  socks = await insertSellableProduct(db, storeId, { variants: 1, price: 500, stock: 50, title: 'Socks' });
  last = await insertSellableProduct(db, storeId, { variants: 1, price: 500, stock: 1, title: 'Last one' });
});
afterAll(() => server?.close());

const post = (path: string, body?: unknown) => call(server, 'POST', path, { headers: sk, body });
const get = (path: string) => call(server, 'GET', path, { headers: sk });
const available = async (variantId: string) =>
  (await availabilityFor(server.platform.db, storeId, [variantId]))[0]!.available;

let n = 0;
/** A guest's order of `quantity` of shirt size 0, paid as `payment_method` says. */
async function placeOrder(quantity = 2, payment_method = 'tok_visa', gift_cards?: string[]) {
  const email = `edit-${++n}@example.com`;
  const cart = await readyTestCart(server, { headers: pk, email, variantId: shirt.variantIds[0]!, quantity });
  const done = await call(server, 'POST', `/store/v1/carts/${cart}/complete`, {
    headers: pk,
    body: gift_cards ? { gift_cards } : { payment_method },
  });
  expect(done.status, JSON.stringify(done.body)).toBe(200);
  return (await get(`/admin/v1/orders/${done.body.order.id}`)).body;
}

/** What the customer paid for one unit of a line (its tax on top: the demo store's prices exclude it). */
const unitPaid = (line: { total: number; tax: number; quantity: number }) =>
  (line.total + line.tax) / line.quantity;

describe('a captured order', () => {
  it('swaps a size at the same price: the stock moves, no money moves, the shopper is told', async () => {
    const order = await placeOrder(2);
    const [m, l] = [shirt.variantIds[0]!, shirt.variantIds[1]!];
    const [beforeM, beforeL] = [await available(m), await available(l)];
    const line = order.lines[0];
    const body = {
      remove: [{ order_line_id: line.id, quantity: 1 }],
      add: [{ variant_id: l, quantity: 1 }],
      reason: 'Customer asked for size L',
    };

    const preview = await post(`/admin/v1/orders/${order.id}/edits/preview`, body);
    expect(preview.status, JSON.stringify(preview.body)).toBe(200);
    expect(preview.body).toMatchObject({
      added_amount: unitPaid(line),
      removed_amount: unitPaid(line),
      total_before: order.totals.total,
      total_after: order.totals.total,
      payment: { outcome: 'nothing', amount: 0 },
    });
    expect(preview.body.added[0]).toMatchObject({ variant_id: l, quantity: 1, unit_price: 1500 });
    // The preview changed nothing.
    expect(await available(l)).toBe(beforeL);
    expect((await get(`/admin/v1/orders/${order.id}`)).body.lines).toHaveLength(1);

    const res = await post(`/admin/v1/orders/${order.id}/edits`, body);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.edit).toMatchObject({
      display_number: `${order.display_number}-E1`,
      reason: 'Customer asked for size L',
      added_amount: unitPaid(line),
      removed_amount: unitPaid(line),
      payment: { outcome: 'nothing', amount: 0 },
      removed: [{ order_line_id: line.id, quantity: 1 }],
    });
    expect(res.body.order).toMatchObject({
      status: 'confirmed',
      payment_status: 'captured',
      refunded_amount: 0,
      cancelled_amount: unitPaid(line),
    });
    expect(res.body.order.totals.total - res.body.order.cancelled_amount).toBe(order.totals.total);
    expect(res.body.order.lines).toHaveLength(2);
    expect(res.body.order.lines[1]).toMatchObject({ variant_id: l, quantity: 1, unit_price: 1500 });
    expect(res.body.order.edited_at).not.toBeNull();
    expect(await available(m)).toBe(beforeM + 1);
    expect(await available(l)).toBe(beforeL - 1);

    const { text: invoice } = await pdfText(
      await (
        await fetch(`${server.url}/admin/v1/orders/${order.id}/invoice.pdf`, { headers: sk })
      ).arrayBuffer(),
    );
    expect(invoice).toContain('Size 2');
    expect(invoice).toContain('1 cancelled');

    const detail = (await get(`/admin/v1/orders/${order.id}`)).body;
    expect(detail.edits).toHaveLength(1);
    expect(detail.edits[0].added[0].order_line_id).toBe(res.body.order.lines[1].id);
    const mail = await waitForMail(
      server,
      (x) => x.to.includes(order.email) && /was updated/.test(x.subject),
    );
    expect(mail.subject).toContain(`Your order ${order.display_number} was updated`);
    expect(mail.text).toContain('Added: 1 ×');
    expect(mail.text).toContain('Removed: 1 ×');
    expect(mail.text).toContain('Customer asked for size L');
    // No separate "items cancelled" e-mail for the swap's cancellation.
    await new Promise((r) => setTimeout(r, 500));
    const { rows } = await server.platform.db.execute<{ kind: string }>(
      sql`SELECT kind FROM order_notifications WHERE order_id = ${order.id} ORDER BY kind`,
    );
    expect(rows.map((r) => r.kind)).toEqual(['confirmation', 'order_edited']);
    expect(
      await rowsOf(
        server.platform.db,
        'audit_log',
        storeId,
        sql`entity_id = ${order.id} AND action = 'order.edited'`,
      ),
    ).toHaveLength(1);
  });

  it('refunds the difference of a swap to something cheaper', async () => {
    const order = await placeOrder(1);
    const line = order.lines[0];
    const res = await post(`/admin/v1/orders/${order.id}/edits`, {
      remove: [{ order_line_id: line.id, quantity: 1 }],
      add: [{ variant_id: socks.variantIds[0]!, quantity: 1 }],
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const socksPaid = res.body.edit.added_amount;
    expect(socksPaid).toBeGreaterThan(500); // with its tax
    expect(res.body.edit.payment).toEqual({ outcome: 'refund', amount: unitPaid(line) - socksPaid });
    expect(res.body.refund_problem).toBeNull();
    expect(res.body.order).toMatchObject({
      payment_status: 'partially_refunded',
      refunded_amount: unitPaid(line) - socksPaid,
    });
    const refunds = await listRefunds(server.platform, { storeId, intentId: order.payment_intent_id });
    expect(refunds.map((r) => r.amount)).toEqual([unitPaid(line) - socksPaid]);
  });

  it('refuses an edit costing more than was paid, and changes nothing', async () => {
    const order = await placeOrder(1);
    const sock = socks.variantIds[0]!;
    const before = await available(sock);
    const body = { add: [{ variant_id: sock, quantity: 2 }] };
    const preview = await post(`/admin/v1/orders/${order.id}/edits/preview`, body);
    expect(preview.body.payment.outcome).toBe('not_covered');
    expect(preview.body.payment.amount).toBe(preview.body.added_amount);
    const res = await post(`/admin/v1/orders/${order.id}/edits`, body);
    expect(res.status).toBe(409);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    expect(res.body.code).toBe('EDIT_NOT_COVERED');
    expect(res.body.detail).toMatch(/draft order/);
    const after = (await get(`/admin/v1/orders/${order.id}`)).body;
    expect(after.lines).toHaveLength(1);
    expect(after.totals).toEqual(order.totals);
    expect(after.edits).toEqual([]);
    expect(await available(sock)).toBe(before);
    // A goodwill item at no charge is covered.
    const free = await post(`/admin/v1/orders/${order.id}/edits`, {
      add: [{ variant_id: sock, quantity: 1, unit_price: 0 }],
      notify_customer: false,
    });
    expect(free.status, JSON.stringify(free.body)).toBe(200);
    expect(free.body.edit).toMatchObject({ added_amount: 0, payment: { outcome: 'nothing', amount: 0 } });
    expect(free.body.order.totals.total).toBe(order.totals.total);
    expect(await available(sock)).toBe(before - 1);
  });
});

describe('an order paid by a gift card', () => {
  it('gives a swap to something cheaper back to the card, the payment untouched', async () => {
    const card = await post('/admin/v1/gift-cards', { currency: 'USD', value: 100_00 });
    expect(card.status, JSON.stringify(card.body)).toBe(201);
    const order = await placeOrder(1, '', [card.body.code]);
    expect(order.gift_card_total).toBe(order.totals.total);
    const line = order.lines[0];
    const res = await post(`/admin/v1/orders/${order.id}/edits`, {
      remove: [{ order_line_id: line.id, quantity: 1 }],
      add: [{ variant_id: socks.variantIds[0]!, quantity: 1 }],
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const back = unitPaid(line) - res.body.edit.added_amount;
    expect(res.body.edit.payment).toEqual({ outcome: 'nothing', amount: 0 });
    const after = (await get(`/admin/v1/gift-cards/${card.body.id}`)).body;
    expect(after.balance).toBe(100_00 - order.totals.total + back);
    expect(res.body.order.refunded_amount).toBe(0);
  });
});

describe('an authorized card (capture at fulfilment)', () => {
  it('is captured for what the edited order comes to', async () => {
    await useCaptureMode(server.platform, storeId, 'on_fulfilment');
    try {
      const order = await placeOrder(2);
      expect(order.payment_status).toBe('authorized');
      const line = order.lines[0];
      const res = await post(`/admin/v1/orders/${order.id}/edits`, {
        remove: [{ order_line_id: line.id, quantity: 1 }],
        add: [{ variant_id: socks.variantIds[0]!, quantity: 2 }],
      });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      const owed = order.totals.total - unitPaid(line) + res.body.edit.added_amount;
      expect(res.body.edit.payment).toEqual({ outcome: 'capture_less', amount: owed });
      // More than the hold: refused.
      const more = await post(`/admin/v1/orders/${order.id}/edits`, {
        add: [{ variant_id: shirt.variantIds[2]!, quantity: 3 }],
      });
      expect(more.status).toBe(409);
      const shipped = await post(`/admin/v1/orders/${order.id}/fulfilments`, {});
      expect(shipped.status, JSON.stringify(shipped.body)).toBe(201);
      const payment = await getPaymentIntent(server.platform, { storeId, intentId: order.payment_intent_id });
      expect(payment).toMatchObject({ status: 'captured', captured_amount: owed });
      // Shipped: no more edits.
      const late = await post(`/admin/v1/orders/${order.id}/edits`, {
        add: [{ variant_id: socks.variantIds[0]!, quantity: 1, unit_price: 0 }],
      });
      expect(late.status).toBe(409);
      expect(late.body.code).toBe('INVALID_STATE_TRANSITION');
    } finally {
      await useCaptureMode(server.platform, storeId, 'on_placement');
    }
  });
});

describe('a manual payment not yet received', () => {
  it('asks for the new amount, which staff then mark paid', async () => {
    const on = await call(server, 'PATCH', '/admin/v1/payment-settings', {
      headers: sk,
      body: { manual_methods: { bank_transfer: { enabled: true, instructions: 'IBAN DE00 1234' } } },
    });
    expect(on.status, JSON.stringify(on.body)).toBe(200);
    const order = await placeOrder(1, 'bank_transfer');
    expect(order.payment_status).toBe('pending');
    const res = await post(`/admin/v1/orders/${order.id}/edits`, {
      add: [{ variant_id: socks.variantIds[0]!, quantity: 1 }],
      reason: 'Added socks on the phone',
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const owed = order.totals.total + res.body.edit.added_amount;
    expect(res.body.edit.payment).toEqual({ outcome: 'amount_due', amount: owed });
    expect(res.body.order.totals.total).toBe(owed);
    const mail = await waitForMail(
      server,
      (x) => x.to.includes(order.email) && /was updated/.test(x.subject),
    );
    // How to pay the new amount, as the confirmation said: the bank's details and the reference.
    expect(mail.text).toContain('IBAN DE00 1234');
    expect(mail.text).toContain(`$${(owed / 100).toFixed(2)}`);
    expect(mail.text).toContain(order.display_number);
    const paid = await post(`/admin/v1/payment-intents/${order.payment_intent_id}/capture`, {});
    expect(paid.status, JSON.stringify(paid.body)).toBe(200);
    expect(paid.body).toMatchObject({ status: 'captured', captured_amount: owed, amount: owed });
  });
});

describe('stock', () => {
  it('takes the last unit once when two edits race for it, and gives it back when the order is cancelled', async () => {
    const [a, b] = [await placeOrder(1), await placeOrder(1)];
    const one = last.variantIds[0]!;
    const results = await Promise.all(
      [a, b].map((o) =>
        post(`/admin/v1/orders/${o.id}/edits`, {
          add: [{ variant_id: one, quantity: 1, unit_price: 0 }],
          notify_customer: false,
        }),
      ),
    );
    expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
    const lost = results.find((r) => r.status === 409)!;
    expect(lost.body.code).toBe('INSUFFICIENT_STOCK');
    expect(await available(one)).toBe(0);
    const won = [a, b][results.findIndex((r) => r.status === 200)]!;
    const loser = [a, b][results.findIndex((r) => r.status === 409)]!;
    expect((await get(`/admin/v1/orders/${loser.id}`)).body.lines).toHaveLength(1);
    // No reservation of the refused edit still holds stock.
    const { rows } = await server.platform.db.execute<{ n: number }>(
      sql`SELECT count(*)::int AS n FROM inventory_reservations WHERE owner_ref = ${loser.id} AND status = 'active'`,
    );
    expect(rows[0]!.n).toBe(0);

    const cancelled = await post(`/admin/v1/orders/${won.id}/cancel`, { reason: 'changed their mind' });
    expect(cancelled.status, JSON.stringify(cancelled.body)).toBe(200);
    expect(await available(one)).toBe(1);
  });
});

describe('racing edits', () => {
  it('six swaps of a two-unit line: two made, each unit out once, stock and totals add up', async () => {
    const order = await placeOrder(2);
    const line = order.lines[0];
    const [m, l] = [shirt.variantIds[0]!, shirt.variantIds[1]!];
    const [beforeM, beforeL] = [await available(m), await available(l)];
    const results = await Promise.all(
      Array.from({ length: 6 }, () =>
        post(`/admin/v1/orders/${order.id}/edits`, {
          remove: [{ order_line_id: line.id, quantity: 1 }],
          add: [{ variant_id: l, quantity: 1 }],
          notify_customer: false,
        }),
      ),
    );
    const made = results.filter((r) => r.status === 200);
    expect(made).toHaveLength(2);
    for (const r of results.filter((x) => x.status !== 200)) {
      // A later one finds no unit left to take out (or nothing left to send).
      expect(r.status, JSON.stringify(r.body)).toBe(422);
    }
    const after = (await get(`/admin/v1/orders/${order.id}`)).body;
    expect(after.edits.map((e: { display_number: string }) => e.display_number).sort()).toEqual([
      `${order.display_number}-E1`,
      `${order.display_number}-E2`,
    ]);
    expect(after.lines[0].cancelled_quantity).toBe(2);
    expect(after.lines.slice(1).reduce((s: number, x: { quantity: number }) => s + x.quantity, 0)).toBe(2);
    expect(after.totals.total - after.cancelled_amount).toBe(order.totals.total);
    expect(await available(m)).toBe(beforeM + 2);
    expect(await available(l)).toBe(beforeL - 2);
    // No refused edit left stock held.
    const { rows } = await server.platform.db.execute<{ n: number }>(
      sql`SELECT count(*)::int AS n FROM inventory_reservations WHERE owner_ref = ${order.id} AND status = 'active'`,
    );
    expect(rows[0]!.n).toBe(0);
  });
});

describe('the shopper changes a size', () => {
  it('swaps a unit for another size at the same price, within the window, with the stock moved and no money', async () => {
    const order = await placeOrder(2);
    const line = order.lines[0];
    const [m, l] = [shirt.variantIds[0]!, shirt.variantIds[2]!];
    const [beforeM, beforeL] = [await available(m), await available(l)];
    const token = orderAccessToken(server.platform, { id: order.id, storeId });
    const path = `/store/v1/orders/${order.id}/swaps?token=${token}`;
    const shopper = (body: unknown) => call(server, 'POST', path, { headers: pk, body });

    // Another product, or the size the line already is: 422, nothing changed.
    const wrong = await shopper({
      swaps: [{ order_line_id: line.id, variant_id: socks.variantIds[0], quantity: 1 }],
    });
    expect(wrong.status).toBe(422);
    expect(wrong.body.errors[0]).toMatchObject({
      path: 'body.swaps.0.variant_id',
      message: 'not a variant of the same product',
    });
    expect((await shopper({ swaps: [{ order_line_id: line.id, variant_id: m, quantity: 1 }] })).status).toBe(
      422,
    );
    expect(
      (
        await call(server, 'POST', `/store/v1/orders/${order.id}/swaps?token=nonsense-token`, {
          headers: pk,
          body: { swaps: [{ order_line_id: line.id, variant_id: l, quantity: 1 }] },
        })
      ).status,
    ).toBeGreaterThanOrEqual(401);

    const res = await shopper({ swaps: [{ order_line_id: line.id, variant_id: l, quantity: 1 }] });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.lines).toHaveLength(2);
    expect(res.body.lines[0]).toMatchObject({ variant_id: m, cancelled_quantity: 1 });
    expect(res.body.lines[1]).toMatchObject({ variant_id: l, quantity: 1, unit_price: 1500 });
    expect(res.body.totals.total - res.body.cancelled_amount).toBe(order.totals.total);
    // The shopper's order lists the change (and never the shop's disputes).
    expect(res.body.edits).toMatchObject([
      { reason: 'Changed by the customer', payment: { outcome: 'nothing' } },
    ]);
    expect(res.body.disputes).toBeUndefined();
    expect(await available(m)).toBe(beforeM + 1);
    expect(await available(l)).toBe(beforeL - 1);
    const detail = (await get(`/admin/v1/orders/${order.id}`)).body;
    expect(detail.edits[0]).toMatchObject({
      reason: 'Changed by the customer',
      payment: { outcome: 'nothing' },
    });
    expect(detail.payment_status).toBe('captured');
    expect(detail.refunded_amount).toBe(0);

    // Once staff start preparing it, the shopper can no longer change it.
    expect((await post(`/admin/v1/orders/${order.id}/process`)).status).toBe(200);
    const late = await shopper({ swaps: [{ order_line_id: line.id, variant_id: l, quantity: 1 }] });
    expect(late.status).toBe(409);
    expect(late.body.code).toBe('INVALID_STATE_TRANSITION');
  });
});

describe('bad input', () => {
  it('answers 4xx and changes nothing', async () => {
    const order = await placeOrder(1);
    const path = `/admin/v1/orders/${order.id}/edits`;
    const cases: [unknown, number, string?][] = [
      [{}, 400, 'body.add'],
      [{ add: [] }, 400, 'body.add'],
      [{ add: [{ variant_id: shirt.variantIds[1], quantity: 0 }] }, 400, 'body.add.0.quantity'],
      [
        { add: [{ variant_id: shirt.variantIds[1], quantity: 1, unit_price: -5 }] },
        400,
        'body.add.0.unit_price',
      ],
      [{ remove: [{ order_line_id: 'ordln_nope', quantity: 1 }] }, 422, 'body.remove.0.order_line_id'],
      [{ remove: [{ order_line_id: order.lines[0].id, quantity: 2 }] }, 422, 'body.remove.0.quantity'],
      [{ remove: [{ order_line_id: order.lines[0].id, quantity: 1 }] }, 422, 'body.remove'],
      [{ add: [{ variant_id: 'var_nope', quantity: 1 }] }, 404],
    ];
    for (const [body, status, where] of cases) {
      const res = await post(path, body);
      expect(res.status, JSON.stringify({ body, answer: res.body })).toBe(status);
      if (where) expect(res.body.errors?.map((e: { path: string }) => e.path)).toContain(where);
    }
    expect(
      (
        await post('/admin/v1/orders/ord_nope/edits', {
          add: [{ variant_id: shirt.variantIds[1], quantity: 1 }],
        })
      ).status,
    ).toBe(404);
    // Another store's variant is not for sale here.
    const other = await sellingTestStore(server);
    const theirs = await insertSellableProduct(server.platform.db, other.storeId, { price: 100, stock: 5 });
    expect(
      (await post(path, { add: [{ variant_id: theirs.variantIds[0], quantity: 1, unit_price: 0 }] })).status,
    ).toBe(404);
    // Another store's staff cannot edit this order.
    const foreign = await call(server, 'POST', path, {
      headers: other.sk,
      body: { add: [{ variant_id: theirs.variantIds[0], quantity: 1, unit_price: 0 }] },
    });
    expect(foreign.status).toBe(404);
    const after = (await get(`/admin/v1/orders/${order.id}`)).body;
    expect(after.lines).toHaveLength(1);
    expect(after.edits).toEqual([]);
    expect(after.totals).toEqual(order.totals);
  });
});
