/**
 * Cancellation against real PostgreSQL, inventory and the test payment processor: the stock
 * comes back and the money goes back exactly once — on retries, after a crash between the refund
 * and its recording, and when cancels race.
 */
import { sql } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createTestPlatform, type TestPlatform } from '../../../test/harness.ts';
import { createTestStore } from '../../../test/identity.ts';
import { AppError } from '../../platform/errors.ts';
import { availabilityFor } from '../inventory/service.ts';
import { getPaymentIntent, listRefunds } from '../payments/service.ts';
import { cancellationFaults } from './cancellation.ts';
import { cancelOrder, getOrder, getOrderDetail, settleDueMoney } from './service.ts';
import { placeTestOrder, stockedVariants, useCaptureMode } from './testing.ts';

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
  cancellationFaults.afterPaymentSettled = null;
});

const available = async (variantId: string) =>
  (await availabilityFor(platform.db, storeId, [variantId]))[0]!.available;
async function restockMovements(orderId: string): Promise<number> {
  const { rows } = await platform.db.execute<{ n: number }>(
    sql`SELECT count(*)::int AS n FROM inventory_movements WHERE reference = ${orderId} AND reason = 'returned'`,
  );
  return rows[0]!.n;
}
async function processorRefunded(intentId: string): Promise<number> {
  const { rows } = await platform.db.execute<{ refunded_amount: number }>(
    sql`SELECT refunded_amount FROM test_processor_payments WHERE merchant_reference = ${intentId}`,
  );
  return Number(rows[0]!.refunded_amount);
}

describe('cancelOrder', () => {
  it('restocks the committed units and refunds a captured payment in full; the order ends refunded', async () => {
    const before = await available(variants[0]!);
    const placed = await placeTestOrder(platform, storeId, [
      { variantId: variants[0]!, quantity: 3, unitPrice: 1000 },
      { variantId: variants[1]!, quantity: 1, unitPrice: 250 },
    ]);
    expect(await available(variants[0]!)).toBe(before - 3);
    const cancelled = await cancelOrder(platform, {
      storeId,
      orderId: placed.order.id,
      reason: 'customer asked',
    });
    expect(cancelled).toMatchObject({
      status: 'refunded',
      cancel_reason: 'customer asked',
      payment_status: 'refunded',
      refunded_amount: placed.order.totals.total,
    });
    expect(await available(variants[0]!)).toBe(before);
    expect(await restockMovements(placed.order.id)).toBe(2);
    expect(await processorRefunded(placed.intentId)).toBe(placed.order.totals.total);

    // Again: nothing more happens.
    expect((await cancelOrder(platform, { storeId, orderId: placed.order.id })).status).toBe('refunded');
    expect(await available(variants[0]!)).toBe(before);
    expect(await restockMovements(placed.order.id)).toBe(2);
    expect(await listRefunds(platform, { storeId, intentId: placed.intentId })).toHaveLength(1);
    const detail = await getOrderDetail(platform.db, { storeId, orderId: placed.order.id });
    expect(detail.history.map((h) => h.to_status)).toEqual(['pending', 'confirmed', 'cancelled', 'refunded']);
  });

  it('voids an authorization when the store captures on fulfilment', async () => {
    const store = (await createTestStore(platform)).id;
    await useCaptureMode(platform, store, 'on_fulfilment');
    const { variantIds } = await stockedVariants(platform, store, 1, 10);
    const placed = await placeTestOrder(platform, store, [
      { variantId: variantIds[0]!, quantity: 2, unitPrice: 700 },
    ]);
    expect((await getPaymentIntent(platform, { storeId: store, intentId: placed.intentId })).status).toBe(
      'authorized',
    );
    const cancelled = await cancelOrder(platform, { storeId: store, orderId: placed.order.id });
    expect(cancelled).toMatchObject({ status: 'cancelled', payment_status: 'voided', refunded_amount: 0 });
    expect((await getPaymentIntent(platform, { storeId: store, intentId: placed.intentId })).status).toBe(
      'canceled',
    );
    expect((await availabilityFor(platform.db, store, variantIds))[0]!.available).toBe(10);
  });

  it('a crash between the refund and its recording: the retry refunds nothing more and restocks nothing more', async () => {
    const before = await available(variants[1]!);
    const placed = await placeTestOrder(platform, storeId, [
      { variantId: variants[1]!, quantity: 4, unitPrice: 999 },
    ]);
    cancellationFaults.afterPaymentSettled = () => {
      throw new Error('crash');
    };
    await expect(cancelOrder(platform, { storeId, orderId: placed.order.id })).rejects.toThrow('crash');
    // The order is cancelled and its stock back; the refund happened; the order has not recorded it.
    expect(await getOrder(platform.db, { storeId, orderId: placed.order.id })).toMatchObject({
      status: 'cancelled',
      refunded_amount: 0,
    });
    expect(await available(variants[1]!)).toBe(before);
    expect(await processorRefunded(placed.intentId)).toBe(placed.order.totals.total);

    // Retries (the caller's, and a second one): one refund, one restock.
    cancellationFaults.afterPaymentSettled = null;
    const again = await cancelOrder(platform, { storeId, orderId: placed.order.id });
    await cancelOrder(platform, { storeId, orderId: placed.order.id });
    expect(again).toMatchObject({ status: 'refunded', refunded_amount: placed.order.totals.total });
    expect(await listRefunds(platform, { storeId, intentId: placed.intentId })).toHaveLength(1);
    expect(await processorRefunded(placed.intentId)).toBe(placed.order.totals.total);
    expect(await available(variants[1]!)).toBe(before);
    expect(await restockMovements(placed.order.id)).toBe(1);
  });

  it("the worker's sweep finishes a settlement left due", async () => {
    const placed = await placeTestOrder(platform, storeId, [
      { variantId: variants[0]!, quantity: 1, unitPrice: 1500 },
    ]);
    cancellationFaults.afterPaymentSettled = () => {
      throw new Error('crash');
    };
    await expect(cancelOrder(platform, { storeId, orderId: placed.order.id })).rejects.toThrow('crash');
    cancellationFaults.afterPaymentSettled = null;
    const swept = await settleDueMoney(platform, { olderThanSeconds: 0 });
    expect(swept.cancellations).toBeGreaterThanOrEqual(1);
    expect(await getOrder(platform.db, { storeId, orderId: placed.order.id })).toMatchObject({
      status: 'refunded',
    });
    expect(await listRefunds(platform, { storeId, intentId: placed.intentId })).toHaveLength(1);
    expect((await settleDueMoney(platform, { olderThanSeconds: 0 })).cancellations).toBe(0);
  });

  it('8 concurrent cancels: one restock, one refund', async () => {
    const before = await available(variants[0]!);
    const placed = await placeTestOrder(platform, storeId, [
      { variantId: variants[0]!, quantity: 5, unitPrice: 300 },
    ]);
    const results = await Promise.allSettled(
      Array.from({ length: 8 }, () => cancelOrder(platform, { storeId, orderId: placed.order.id })),
    );
    // Some may lose a race with the refund in flight (409/503 from payments); none may double it.
    for (const r of results) {
      if (r.status === 'rejected') expect(r.reason).toBeInstanceOf(AppError);
    }
    const done = await cancelOrder(platform, { storeId, orderId: placed.order.id });
    expect(done.status).toBe('refunded');
    expect(await available(variants[0]!)).toBe(before);
    expect(await restockMovements(placed.order.id)).toBe(1);
    expect(await listRefunds(platform, { storeId, intentId: placed.intentId })).toHaveLength(1);
    expect(await processorRefunded(placed.intentId)).toBe(placed.order.totals.total);
  });
});
