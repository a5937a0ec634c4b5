/**
 * Returns against real PostgreSQL, inventory and the test payment processor: request, approve,
 * receive (restock), partial and full refunds, rejections, bad requests, and a crash between a
 * refund and its recording.
 */
import { sql } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createTestPlatform, type TestPlatform } from '../../../test/harness.ts';
import { createTestStore } from '../../../test/identity.ts';
import { AppError } from '../../platform/errors.ts';
import { availabilityFor } from '../inventory/service.ts';
import { listRefunds } from '../payments/service.ts';
import { returnFaults } from './returns.ts';
import {
  approveReturn,
  fulfilOrder,
  getOrder,
  getOrderDetail,
  listReturns,
  markDelivered,
  receiveReturn,
  refundReturn,
  rejectReturn,
  requestReturn,
  settleDueMoney,
} from './service.ts';
import { placeTestOrder, stockedVariants, type PlacedTestOrder } from './testing.ts';

let platform: TestPlatform;
let storeId: string;
let variants: string[];

beforeAll(async () => {
  platform = await createTestPlatform();
  storeId = (await createTestStore(platform)).id;
  ({ variantIds: variants } = await stockedVariants(platform, storeId, 2, 50));
});
afterAll(async () => {
  await platform?.close();
});
afterEach(() => {
  returnFaults.afterRefund = null;
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
const available = async (variantId: string) =>
  (await availabilityFor(platform.db, storeId, [variantId]))[0]!.available;

/** A delivered order: line A 3 × 10.00 (+3.5% tax = 31.05), line B 1 × 5.00 (+0.18 tax). */
async function deliveredOrder(): Promise<PlacedTestOrder & { a: string; b: string }> {
  const placed = await placeTestOrder(platform, storeId, [
    { variantId: variants[0]!, quantity: 3, unitPrice: 1000 },
    { variantId: variants[1]!, quantity: 1, unitPrice: 500 },
  ]);
  await fulfilOrder(platform, { storeId, orderId: placed.order.id, input: { carrier: 'DHL' } });
  await markDelivered(platform.db, { storeId, orderId: placed.order.id });
  return { ...placed, a: placed.order.lines[0]!.id, b: placed.order.lines[1]!.id };
}

describe('returns', () => {
  it('request → approve → receive (restock) → partial refund; then the rest comes back and the order ends refunded', async () => {
    const order = await deliveredOrder();
    const stockA = await available(variants[0]!);
    const first = await requestReturn(platform.db, {
      storeId,
      orderId: order.order.id,
      input: { lines: [{ order_line_id: order.a, quantity: 1 }], reason: 'Too small' },
      requestedBy: 'customer',
    });
    expect(first).toMatchObject({
      status: 'requested',
      display_number: `#${order.order.number}-R1`,
      reason: 'Too small',
    });
    await approveReturn(platform.db, { storeId, returnId: first.id });
    const received = await receiveReturn(platform, { storeId, returnId: first.id });
    // One unit of line A: 3105 over 3 units → 1035.
    expect(received).toMatchObject({ status: 'received', received_value: 1035 });
    expect(received.lines[0]).toMatchObject({ received_quantity: 1, restocked_quantity: 1 });
    expect(await available(variants[0]!)).toBe(stockA + 1);
    // Idempotent receipt: nothing more is restocked.
    await receiveReturn(platform, { storeId, returnId: first.id });
    expect(await available(variants[0]!)).toBe(stockA + 1);

    // A partial refund (keeping a restocking fee).
    const refunded = await refundReturn(platform, { storeId, returnId: first.id, amount: 900 });
    expect(refunded).toMatchObject({ status: 'refunded', refund_amount: 900, refunded_amount: 900 });
    expect(await getOrder(platform.db, { storeId, orderId: order.order.id })).toMatchObject({
      status: 'delivered',
      payment_status: 'partially_refunded',
      refunded_amount: 900,
    });
    expect((await refundReturn(platform, { storeId, returnId: first.id })).refunded_amount).toBe(900);

    // The rest: two units of A and B. Every unit back → returned; refunded in full → refunded.
    const second = await requestReturn(platform.db, {
      storeId,
      orderId: order.order.id,
      input: {
        lines: [
          { order_line_id: order.a, quantity: 2 },
          { order_line_id: order.b, quantity: 1 },
        ],
      },
      requestedBy: 'staff',
    });
    await approveReturn(platform.db, { storeId, returnId: second.id });
    const got = await receiveReturn(platform, { storeId, returnId: second.id });
    expect(got.received_value).toBe(2070 + 518);
    expect((await getOrder(platform.db, { storeId, orderId: order.order.id })).status).toBe('returned');
    // Everything still refundable (the rest of the goods plus the shipping and the fee kept before).
    const rest = order.order.totals.total - 900;
    await refundReturn(platform, { storeId, returnId: second.id, amount: rest });
    const after = await getOrderDetail(platform.db, { storeId, orderId: order.order.id });
    expect(after).toMatchObject({
      status: 'refunded',
      payment_status: 'refunded',
      refunded_amount: order.order.totals.total,
    });
    expect(after.history.map((h) => h.to_status).slice(-2)).toEqual(['returned', 'refunded']);
    expect(after.lines.map((l) => l.returned_quantity)).toEqual([3, 1]);
    expect(after.returns.map((r) => r.status)).toEqual(['refunded', 'refunded']);
    expect(await listRefunds(platform, { storeId, intentId: order.intentId })).toHaveLength(2);
  });

  it('refuses more than shipped, more than already in returns, lines of other orders and orders not shipped', async () => {
    const order = await deliveredOrder();
    const ask = (lines: { order_line_id: string; quantity: number }[], orderId = order.order.id) =>
      requestReturn(platform.db, { storeId, orderId, input: { lines }, requestedBy: 'staff' });
    const tooMany = await expectError(ask([{ order_line_id: order.a, quantity: 4 }]), 'UNPROCESSABLE');
    expect(tooMany.errors).toEqual([{ path: 'body.lines.0.quantity', message: 'only 3 can be returned' }]);
    await expectError(ask([{ order_line_id: 'ordln_other', quantity: 1 }]), 'UNPROCESSABLE');
    await expectError(ask([{ order_line_id: order.a, quantity: 0 }]), 'VALIDATION_FAILED');
    await ask([{ order_line_id: order.a, quantity: 2 }]);
    const held = await expectError(ask([{ order_line_id: order.a, quantity: 2 }]), 'UNPROCESSABLE');
    expect(held.errors![0]!.message).toBe('only 1 can be returned');

    const unshipped = await placeTestOrder(platform, storeId, [
      { variantId: variants[0]!, quantity: 1, unitPrice: 100 },
    ]);
    await expectError(
      ask([{ order_line_id: unshipped.order.lines[0]!.id, quantity: 1 }], unshipped.order.id),
      'INVALID_STATE_TRANSITION',
    );
    await expectError(ask([{ order_line_id: order.a, quantity: 1 }], 'ord_unknown'), 'NOT_FOUND');
  });

  it('a rejected return frees its units; damaged units are received without restock; illegal moves are 409', async () => {
    const order = await deliveredOrder();
    const ret = await requestReturn(platform.db, {
      storeId,
      orderId: order.order.id,
      input: { lines: [{ order_line_id: order.a, quantity: 3 }] },
      requestedBy: 'customer',
    });
    await expectError(receiveReturn(platform, { storeId, returnId: ret.id }), 'INVALID_STATE_TRANSITION');
    await expectError(refundReturn(platform, { storeId, returnId: ret.id }), 'INVALID_STATE_TRANSITION');
    const rejected = await rejectReturn(platform.db, { storeId, returnId: ret.id, reason: 'Worn' });
    expect(rejected).toMatchObject({ status: 'rejected', rejection_reason: 'Worn' });
    await expectError(approveReturn(platform.db, { storeId, returnId: ret.id }), 'INVALID_STATE_TRANSITION');

    const again = await requestReturn(platform.db, {
      storeId,
      orderId: order.order.id,
      input: { lines: [{ order_line_id: order.a, quantity: 3 }] },
      requestedBy: 'customer',
    });
    expect(again.display_number).toMatch(/-R2$/);
    await approveReturn(platform.db, { storeId, returnId: again.id });
    const stock = await available(variants[0]!);
    const badReceipt = await expectError(
      receiveReturn(platform, {
        storeId,
        returnId: again.id,
        input: { lines: [{ return_line_id: again.lines[0]!.id, quantity: 4 }] },
      }),
      'UNPROCESSABLE',
    );
    expect(badReceipt.errors![0]!.path).toBe('body.lines.0.quantity');
    const received = await receiveReturn(platform, {
      storeId,
      returnId: again.id,
      input: { lines: [{ return_line_id: again.lines[0]!.id, quantity: 2, restock: false }] },
    });
    expect(received.lines[0]).toMatchObject({ received_quantity: 2, restocked_quantity: 0 });
    expect(received.received_value).toBe(2070);
    expect(await available(variants[0]!)).toBe(stock);
    // The unit that did not arrive may be asked for again.
    const third = await requestReturn(platform.db, {
      storeId,
      orderId: order.order.id,
      input: { lines: [{ order_line_id: order.a, quantity: 1 }] },
      requestedBy: 'staff',
    });
    expect(third.status).toBe('requested');
    expect(
      (await listReturns(platform.db, { storeId, query: { order_id: order.order.id } })).data,
    ).toHaveLength(3);
  });

  it('a crash between the refund and its recording refunds once; another amount on the retry is 409', async () => {
    const order = await deliveredOrder();
    const ret = await requestReturn(platform.db, {
      storeId,
      orderId: order.order.id,
      input: { lines: [{ order_line_id: order.b, quantity: 1 }] },
      requestedBy: 'staff',
    });
    await approveReturn(platform.db, { storeId, returnId: ret.id });
    await receiveReturn(platform, { storeId, returnId: ret.id });
    returnFaults.afterRefund = () => {
      throw new Error('crash');
    };
    await expect(refundReturn(platform, { storeId, returnId: ret.id })).rejects.toThrow('crash');
    returnFaults.afterRefund = null;
    await expectError(refundReturn(platform, { storeId, returnId: ret.id, amount: 1 }), 'CONFLICT');
    // The sweep (or a retry without an amount) finishes it with the same key.
    const swept = await settleDueMoney(platform, { olderThanSeconds: 0 });
    expect(swept.returns).toBeGreaterThanOrEqual(1);
    const done = await refundReturn(platform, { storeId, returnId: ret.id });
    expect(done).toMatchObject({ status: 'refunded', refunded_amount: 518 });
    const refunds = await listRefunds(platform, { storeId, intentId: order.intentId });
    expect(refunds.map((r) => r.amount)).toEqual([518]);
    const { rows } = await platform.db.execute<{ n: number }>(
      sql`SELECT count(*)::int AS n FROM events WHERE aggregate_id = ${ret.id} AND type = 'return.refunded'`,
    );
    expect(rows[0]!.n).toBe(1);
  });
});

describe('concurrency', () => {
  it('racing receipts restock once; racing refunds refund once; racing requests never over-ask', async () => {
    const order = await deliveredOrder();
    // 6 shoppers' tabs ask for the same 3 units at once: one return.
    const asks = await Promise.allSettled(
      Array.from({ length: 6 }, () =>
        requestReturn(platform.db, {
          storeId,
          orderId: order.order.id,
          input: { lines: [{ order_line_id: order.a, quantity: 3 }] },
          requestedBy: 'customer',
        }),
      ),
    );
    const made = asks.filter((a) => a.status === 'fulfilled');
    expect(made).toHaveLength(1);
    const ret = (made[0] as PromiseFulfilledResult<Awaited<ReturnType<typeof requestReturn>>>).value;
    await approveReturn(platform.db, { storeId, returnId: ret.id });

    const stock = await available(variants[0]!);
    await Promise.all(
      Array.from({ length: 5 }, () => receiveReturn(platform, { storeId, returnId: ret.id })),
    );
    expect(await available(variants[0]!)).toBe(stock + 3);

    const refunds = await Promise.allSettled(
      Array.from({ length: 5 }, () => refundReturn(platform, { storeId, returnId: ret.id })),
    );
    for (const r of refunds) if (r.status === 'rejected') expect(r.reason).toBeInstanceOf(AppError);
    const done = await refundReturn(platform, { storeId, returnId: ret.id });
    expect(done).toMatchObject({ status: 'refunded', refunded_amount: 3105 });
    expect((await listRefunds(platform, { storeId, intentId: order.intentId })).map((r) => r.amount)).toEqual(
      [3105],
    );
  });
});
