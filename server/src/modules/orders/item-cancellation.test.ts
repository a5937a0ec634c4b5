/**
 * Cancelling some units of an order before they ship, over HTTP on a real server with a worker:
 * the units go back on hand where they were reserved, the money follows — refunded when captured,
 * captured for less when still authorized — exactly once through crashes and races, the order
 * moves on when what is left has shipped, and the shopper is told.
 */
import { sql } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer } from '../../../test/harness.ts';
import { call, createStaffSession, createTestApiKey, type StaffSession } from '../../../test/identity.ts';
import { waitForMail } from '../../../test/mail.ts';
import { pdfText } from '../../../test/pdf.ts';
import { availabilityFor } from '../inventory/service.ts';
import { getPaymentIntent, listRefunds } from '../payments/service.ts';
import { orderAccessToken } from './access.ts';
import { cancelItems, itemCancellationFaults } from './item-cancellation.ts';
import { settleDueMoney } from './service.ts';
import { placeTestOrder, stockedVariants, useCaptureMode } from './testing.ts';

let server: Awaited<ReturnType<typeof startTestServer>>;
let owner: StaffSession;
let storeId: string;
let h: Record<string, string>;
let variants: string[];

beforeAll(async () => {
  server = await startTestServer({ worker: true, overrides: { EVENTS_POLL_INTERVAL_MS: '200' } });
  owner = await createStaffSession(server, { role: 'owner' });
  storeId = owner.storeId!;
  h = owner.headers;
  ({ variantIds: variants } = await stockedVariants(server.platform, storeId, 3, 500));
});
afterAll(async () => {
  await server?.close();
});
afterEach(() => {
  itemCancellationFaults.afterRefund = null;
});

const get = (path: string, headers = h) => call(server, 'GET', path, { headers });
const post = (path: string, body?: unknown, headers = h) => call(server, 'POST', path, { headers, body });
const available = async (store: string, variantId: string) =>
  (await availabilityFor(server.platform.db, store, [variantId]))[0]!.available;
const refundsOf = (store: string, intentId: string) =>
  listRefunds(server.platform, { storeId: store, intentId });

describe('cancelling units of a captured order', () => {
  it('restocks them, refunds what they were paid for, tells the shopper; the rest ships', async () => {
    const [a, b] = [variants[0]!, variants[1]!];
    const before = await available(storeId, a);
    // 3 × 10.00 and 1 × 2.50, 3.5 % tax on top, 5.00 shipping: line A paid 31.05, 10.35 a unit.
    const placed = await placeTestOrder(server.platform, storeId, [
      { variantId: a, quantity: 3, unitPrice: 1000 },
      { variantId: b, quantity: 1, unitPrice: 250 },
    ]);
    const [lineA, lineB] = placed.order.lines;
    expect(await available(storeId, a)).toBe(before - 3);

    const res = await post(`/admin/v1/orders/${placed.order.id}/cancel-items`, {
      lines: [{ order_line_id: lineA!.id, quantity: 1 }],
      reason: 'Out of stock in this colour',
    });
    expect(res.status).toBe(200);
    expect(res.body.cancellation).toMatchObject({
      display_number: `${placed.order.display_number}-C1`,
      reason: 'Out of stock in this colour',
      amount: 1035,
      restocked: true,
      lines: [{ order_line_id: lineA!.id, quantity: 1, amount: 1035 }],
    });
    expect(res.body.refund_problem).toBeNull();
    expect(res.body.order).toMatchObject({
      status: 'confirmed',
      cancelled_amount: 1035,
      refunded_amount: 1035,
      payment_status: 'partially_refunded',
    });
    expect(res.body.order.lines[0]).toMatchObject({ quantity: 3, cancelled_quantity: 1 });
    expect(await available(storeId, a)).toBe(before - 2);
    expect((await refundsOf(storeId, placed.intentId)).map((r) => r.amount)).toEqual([1035]);

    const mail = await waitForMail(
      server,
      (m) => m.to.includes(placed.order.email) && /Items cancelled/.test(m.subject),
    );
    expect(mail.subject).toMatch(`Items cancelled from order ${placed.order.display_number} — `);
    expect(mail.text).toContain('1 × Product 1');
    expect(mail.text).toContain('Out of stock in this colour');
    expect(mail.text).toContain('We are refunding $10.35');

    // The detail, the shopper's page, the invoice and the packing slip show it.
    const detail = await get(`/admin/v1/orders/${placed.order.id}`);
    expect(detail.body.cancellations).toHaveLength(1);
    expect(detail.body.history.map((x: { to_status: string }) => x.to_status)).toEqual([
      'pending',
      'confirmed',
    ]);
    const token = orderAccessToken(server.platform, { id: placed.order.id, storeId });
    const pk = (await createTestApiKey(server, { storeId, kind: 'publishable' })).headers;
    const shopper = await get(`/store/v1/orders/${placed.order.id}?token=${token}`, pk);
    expect(shopper.body.cancellations[0]).toMatchObject({
      amount: 1035,
      reason: 'Out of stock in this colour',
    });
    expect(shopper.body.lines[0].cancelled_quantity).toBe(1);
    const { text: invoice } = await pdfText(
      await (
        await fetch(`${server.url}/admin/v1/orders/${placed.order.id}/invoice.pdf`, { headers: h })
      ).arrayBuffer(),
    );
    expect(invoice).toContain('1 cancelled');
    expect(invoice).toContain('Cancelled items');
    expect(invoice).toContain('Total after cancellations');
    // 31.05 + 2.59 + 5.00 = 38.64; 10.35 off: 28.29 — refunded for the cancelled unit, not listed as a refund.
    expect(invoice).toContain('$28.29');
    expect(invoice).not.toContain('Refunded');

    // The rest ships: two units of A and the one of B, and the order is shipped.
    const shipped = await post(`/admin/v1/orders/${placed.order.id}/fulfilments`, { carrier: 'UPS' });
    expect(shipped.status).toBe(201);
    expect(shipped.body.fulfilment.lines).toEqual([
      { order_line_id: lineA!.id, quantity: 2 },
      { order_line_id: lineB!.id, quantity: 1 },
    ]);
    expect(shipped.body.order).toMatchObject({ status: 'shipped', fulfilment_status: 'fulfilled' });

    // Nothing left to cancel.
    const late = await post(`/admin/v1/orders/${placed.order.id}/cancel-items`, {
      lines: [{ order_line_id: lineB!.id, quantity: 1 }],
    });
    expect(late.status).toBe(409);
    expect(late.body.code).toBe('INVALID_STATE_TRANSITION');

    // The event and the audit entry.
    const { rows } = await server.platform.db.execute<{ payload: Record<string, unknown> }>(sql`
      SELECT payload FROM events WHERE type = 'order.items_cancelled' AND aggregate_id = ${placed.order.id}`);
    expect(rows[0]!.payload).toMatchObject({
      cancelledAmount: 1035,
      restocked: true,
      lines: [{ orderLineId: lineA!.id, quantity: 1 }],
    });
    const audit = await get(`/admin/v1/audit-log?entity_id=${placed.order.id}`);
    expect(audit.body.data.map((e: { action: string }) => e.action)).toContain('order.items_cancelled');
  });

  it('a full cancellation afterwards restocks and refunds only what is left', async () => {
    const a = variants[2]!;
    const before = await available(storeId, a);
    const placed = await placeTestOrder(server.platform, storeId, [
      { variantId: a, quantity: 3, unitPrice: 1000 },
    ]);
    const line = placed.order.lines[0]!;
    const first = await post(`/admin/v1/orders/${placed.order.id}/cancel-items`, {
      lines: [{ order_line_id: line.id, quantity: 1 }],
    });
    expect(first.body.cancellation.amount).toBe(1035);
    expect(await available(storeId, a)).toBe(before - 2);

    const whole = await post(`/admin/v1/orders/${placed.order.id}/cancel`, { reason: 'changed their mind' });
    expect(whole.status).toBe(200);
    expect(whole.body).toMatchObject({ status: 'refunded', refunded_amount: placed.order.totals.total });
    expect(await available(storeId, a)).toBe(before);
    expect((await refundsOf(storeId, placed.intentId)).map((r) => r.amount).sort()).toEqual(
      [1035, placed.order.totals.total - 1035].sort(),
    );
  });

  it('asking for every unit of an order of which nothing shipped cancels the order', async () => {
    const a = variants[0]!;
    const before = await available(storeId, a);
    const placed = await placeTestOrder(server.platform, storeId, [
      { variantId: a, quantity: 2, unitPrice: 500 },
    ]);
    const res = await post(`/admin/v1/orders/${placed.order.id}/cancel-items`, {
      lines: [{ order_line_id: placed.order.lines[0]!.id, quantity: 2 }],
      reason: 'fraud suspected',
    });
    expect(res.status).toBe(200);
    expect(res.body.cancellation).toBeNull();
    expect(res.body.order).toMatchObject({
      status: 'refunded',
      cancel_reason: 'fraud suspected',
      cancelled_amount: 0,
    });
    expect(await available(storeId, a)).toBe(before);
  });

  it('restock: false leaves the stock as it is (a damaged unit)', async () => {
    const a = variants[1]!;
    const placed = await placeTestOrder(server.platform, storeId, [
      { variantId: a, quantity: 2, unitPrice: 500 },
      { variantId: variants[2]!, quantity: 1, unitPrice: 500 },
    ]);
    const before = await available(storeId, a);
    const res = await post(`/admin/v1/orders/${placed.order.id}/cancel-items`, {
      lines: [{ order_line_id: placed.order.lines[0]!.id, quantity: 1 }],
      restock: false,
      notify_customer: false,
    });
    expect(res.body.cancellation).toMatchObject({ restocked: false, amount: 517 });
    expect(await available(storeId, a)).toBe(before);
  });
});

describe('cancelling units of an authorized order (capture on fulfilment)', () => {
  it('captures only what is still owed, refunds a unit cancelled after the capture, and ships the order once the rest has gone', async () => {
    const store = await createStaffSession(server, { role: 'owner' });
    await useCaptureMode(server.platform, store.storeId!, 'on_fulfilment');
    const { variantIds } = await stockedVariants(server.platform, store.storeId!, 2, 10);
    const placed = await placeTestOrder(server.platform, store.storeId!, [
      { variantId: variantIds[0]!, quantity: 2, unitPrice: 700 },
      { variantId: variantIds[1]!, quantity: 2, unitPrice: 500 },
    ]);
    const [shirt, sock] = placed.order.lines;
    const total = placed.order.totals.total; // 14.49 + 10.35 + 5.00
    const p = (path: string, body?: unknown) => post(path, body, store.headers);

    const first = await p(`/admin/v1/orders/${placed.order.id}/cancel-items`, {
      lines: [{ order_line_id: sock!.id, quantity: 1 }],
    });
    expect(first.body.cancellation.amount).toBe(517); // 10.35 over 2 units: 5.18 and 5.17, the last first
    expect(first.body.order.refunded_amount).toBe(0);
    expect(
      await getPaymentIntent(server.platform, { storeId: store.storeId!, intentId: placed.intentId }),
    ).toMatchObject({ status: 'authorized', captured_amount: 0 });
    expect(await refundsOf(store.storeId!, placed.intentId)).toHaveLength(0);

    const shipped = await p(`/admin/v1/orders/${placed.order.id}/fulfilments`, {
      lines: [{ order_line_id: shirt!.id, quantity: 2 }],
    });
    expect(shipped.status).toBe(201);
    const payment = await getPaymentIntent(server.platform, {
      storeId: store.storeId!,
      intentId: placed.intentId,
    });
    expect(payment).toMatchObject({ status: 'captured', captured_amount: total - 517 });

    // The last sock: captured already, so refunded; what is left has all shipped.
    const last = await p(`/admin/v1/orders/${placed.order.id}/cancel-items`, {
      lines: [{ order_line_id: sock!.id, quantity: 1 }],
    });
    expect(last.body.cancellation).toMatchObject({
      display_number: `${placed.order.display_number}-C2`,
      amount: 518,
    });
    expect(last.body.order).toMatchObject({
      status: 'shipped',
      cancelled_amount: 1035,
      refunded_amount: 518,
      captured_amount: total - 517,
    });
    expect((await refundsOf(store.storeId!, placed.intentId)).map((r) => r.amount)).toEqual([518]);
    const detail = await get(`/admin/v1/orders/${placed.order.id}`, store.headers);
    expect(detail.body.history.map((x: { to_status: string }) => x.to_status)).toEqual([
      'pending',
      'confirmed',
      'processing',
      'shipped',
    ]);
    // Nothing more is due: the sweep finds nothing.
    expect((await settleDueMoney(server.platform, { olderThanSeconds: 0 })).items).toBe(0);
  });
});

describe('exactly once', () => {
  it('a crash between the refund and its recording: the sweep records it, refunding nothing more', async () => {
    const placed = await placeTestOrder(server.platform, storeId, [
      { variantId: variants[0]!, quantity: 2, unitPrice: 1000 },
      { variantId: variants[1]!, quantity: 1, unitPrice: 1000 },
    ]);
    itemCancellationFaults.afterRefund = () => {
      throw new Error('simulated crash after the refund');
    };
    await expect(
      cancelItems(server.platform, {
        storeId,
        orderId: placed.order.id,
        input: { lines: [{ order_line_id: placed.order.lines[0]!.id, quantity: 1 }] },
      }),
    ).rejects.toThrow('simulated crash');
    itemCancellationFaults.afterRefund = null;
    const swept = await settleDueMoney(server.platform, { olderThanSeconds: 0 });
    expect(swept.items).toBeGreaterThanOrEqual(1);
    expect((await refundsOf(storeId, placed.intentId)).map((r) => r.amount)).toEqual([1035]);
    const { rows } = await server.platform.db.execute<{
      items_refund_amount: string | null;
      items_refunded_amount: string;
    }>(sql`
      SELECT items_refund_amount, items_refunded_amount FROM orders WHERE id = ${placed.order.id}`);
    expect(rows[0]).toMatchObject({ items_refund_amount: null });
    expect(Number(rows[0]!.items_refunded_amount)).toBe(1035);
    await settleDueMoney(server.platform, { olderThanSeconds: 0 });
    expect(await refundsOf(storeId, placed.intentId)).toHaveLength(1);
  });

  it('six staff cancelling one unit each of three at once: three cancelled, three refused, stock and money once each', async () => {
    const a = variants[2]!;
    const placed = await placeTestOrder(server.platform, storeId, [
      { variantId: a, quantity: 3, unitPrice: 1000 },
      { variantId: variants[0]!, quantity: 1, unitPrice: 1000 },
    ]);
    const before = await available(storeId, a);
    const line = placed.order.lines[0]!.id;
    const answers = await Promise.all(
      Array.from({ length: 6 }, () =>
        post(`/admin/v1/orders/${placed.order.id}/cancel-items`, {
          lines: [{ order_line_id: line, quantity: 1 }],
        }),
      ),
    );
    expect(answers.map((r) => r.status).sort()).toEqual([200, 200, 200, 422, 422, 422]);
    expect(await available(storeId, a)).toBe(before + 3);
    expect((await refundsOf(storeId, placed.intentId)).reduce((s, r) => s + r.amount, 0)).toBe(3105);
    const detail = await get(`/admin/v1/orders/${placed.order.id}`);
    expect(detail.body).toMatchObject({ status: 'confirmed', cancelled_amount: 3105, refunded_amount: 3105 });
    expect(detail.body.cancellations.map((c: { display_number: string }) => c.display_number)).toEqual(
      [1, 2, 3].map((n) => `${placed.order.display_number}-C${n}`),
    );
  });
});

describe('bad input changes nothing', () => {
  it('answers 4xx problem+json', async () => {
    const placed = await placeTestOrder(server.platform, storeId, [
      { variantId: variants[0]!, quantity: 2, unitPrice: 1000 },
      { variantId: variants[1]!, quantity: 1, unitPrice: 1000 },
    ]);
    const path = `/admin/v1/orders/${placed.order.id}/cancel-items`;
    const line = placed.order.lines[0]!.id;
    const unknown = await post(path, { lines: [{ order_line_id: 'ordln_nope', quantity: 1 }] });
    expect(unknown.status).toBe(422);
    expect(unknown.headers.get('content-type')).toContain('application/problem+json');
    expect(unknown.body.errors[0].path).toBe('body.lines.0.order_line_id');
    const tooMany = await post(path, { lines: [{ order_line_id: line, quantity: 3 }] });
    expect(tooMany.status).toBe(422);
    expect(tooMany.body.errors[0]).toEqual({ path: 'body.lines.0.quantity', message: 'only 2 not shipped' });
    // The same line twice, adding up to too many.
    const twice = await post(path, {
      lines: [
        { order_line_id: line, quantity: 1 },
        { order_line_id: line, quantity: 2 },
      ],
    });
    expect(twice.status).toBe(422);
    for (const body of [
      { lines: [] },
      { lines: [{ order_line_id: line, quantity: 0 }] },
      { lines: [{ order_line_id: line, quantity: 1 }], extra: 1 },
      {},
    ]) {
      expect((await post(path, body)).status).toBe(400);
    }
    const readOnly = (await createTestApiKey(server, { storeId, kind: 'secret', role: 'read_only' })).headers;
    expect((await post(path, { lines: [{ order_line_id: line, quantity: 1 }] }, readOnly)).status).toBe(403);
    const stranger = await createStaffSession(server, { role: 'owner' });
    expect(
      (await post(path, { lines: [{ order_line_id: line, quantity: 1 }] }, stranger.headers)).status,
    ).toBe(404);
    const detail = await get(`/admin/v1/orders/${placed.order.id}`);
    expect(detail.body).toMatchObject({ cancelled_amount: 0, refunded_amount: 0, cancellations: [] });

    // A cancelled order has nothing to cancel.
    await post(`/admin/v1/orders/${placed.order.id}/cancel`);
    const after = await post(path, { lines: [{ order_line_id: line, quantity: 1 }] });
    expect(after.status).toBe(409);
  });
});
