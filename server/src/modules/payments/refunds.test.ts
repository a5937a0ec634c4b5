/**
 * Refunds against real PostgreSQL with the test processor: partial then full, over-refunds
 * refused, idempotent retries, a lost answer resumed, and concurrent refunds that can never add
 * up to more than was captured.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestPlatform, type TestPlatform } from '../../../test/harness.ts';
import { createTestStore } from '../../../test/identity.ts';
import { AppError } from '../../platform/errors.ts';
import { operationKey } from './providers/provider.ts';
import { testProcessor } from './providers/test-processor.ts';
import {
  authorizePayment,
  capturePayment,
  createPaymentIntent,
  getPaymentIntent,
  listRefunds,
  refundPayment,
  retryStuckPayments,
} from './service.ts';

let platform: TestPlatform;
let storeId: string;
let n = 0;

beforeAll(async () => {
  // Enough connections for the races below.
  platform = await createTestPlatform();
  storeId = (await createTestStore(platform)).id;
});
afterAll(async () => {
  await platform?.close();
});

async function capturedPayment(amount: number, capture?: number) {
  const intent = await createPaymentIntent(platform, {
    storeId,
    amount,
    currency: 'EUR',
    idempotencyKey: `refund-test-${++n}`,
  });
  await authorizePayment(platform, { storeId, intentId: intent.id, paymentMethod: 'tok_visa' });
  return capturePayment(platform, { storeId, intentId: intent.id, amount: capture });
}
async function expectError(p: Promise<unknown>, code: string): Promise<AppError> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err, `expected ${code}`).toBeInstanceOf(AppError);
  expect((err as AppError).code).toBe(code);
  return err as AppError;
}
async function processorRefunded(intentId: string): Promise<number> {
  const { rows } = await platform.db.execute<{ refunded_amount: number }>(
    sql`SELECT refunded_amount FROM test_processor_payments WHERE merchant_reference = ${intentId}`,
  );
  return rows[0]!.refunded_amount;
}
async function refundEvents(intentId: string) {
  const { rows } = await platform.db.execute<{ type: string; payload: { refund: { amount: number } } }>(
    sql`SELECT type, payload FROM events WHERE aggregate_id = ${intentId} AND type LIKE 'payment.refund%' ORDER BY sequence`,
  );
  return rows.map((r) => [r.type, r.payload.refund.amount]);
}

describe('refunds', () => {
  it('partial, then the rest; then nothing is left to refund', async () => {
    const intent = await capturedPayment(10_000);
    const first = await refundPayment(platform, {
      storeId,
      intentId: intent.id,
      amount: 2_500,
      reason: 'One item returned',
      idempotencyKey: 'r1',
    });
    expect(first).toMatchObject({
      status: 'succeeded',
      amount: 2_500,
      currency: 'EUR',
      reason: 'One item returned',
      source: 'carton',
      payment_intent_id: intent.id,
    });
    expect(first.provider_reference).toMatch(/^tprf_/);
    expect(await getPaymentIntent(platform, { storeId, intentId: intent.id })).toMatchObject({
      status: 'captured',
      refunded_amount: 2_500,
      refundable_amount: 7_500,
    });
    // No amount: everything still refundable.
    const rest = await refundPayment(platform, { storeId, intentId: intent.id, idempotencyKey: 'r2' });
    expect(rest.amount).toBe(7_500);
    expect(await getPaymentIntent(platform, { storeId, intentId: intent.id })).toMatchObject({
      refunded_amount: 10_000,
      refundable_amount: 0,
    });
    const err = await expectError(
      refundPayment(platform, { storeId, intentId: intent.id, amount: 1, idempotencyKey: 'r3' }),
      'REFUND_EXCEEDS_CAPTURED',
    );
    expect(err.status).toBe(422);
    expect(await processorRefunded(intent.id)).toBe(10_000);
    expect(await refundEvents(intent.id)).toEqual([
      ['payment.refunded', 2_500],
      ['payment.refunded', 7_500],
    ]);
    expect((await listRefunds(platform, { storeId, intentId: intent.id })).map((r) => r.amount)).toEqual([
      2_500, 7_500,
    ]);
  });

  it('never more than captured: a partial capture bounds the refunds', async () => {
    const intent = await capturedPayment(10_000, 6_000);
    const err = await expectError(
      refundPayment(platform, { storeId, intentId: intent.id, amount: 6_001, idempotencyKey: 'pc1' }),
      'REFUND_EXCEEDS_CAPTURED',
    );
    expect(err.errors).toEqual([{ path: 'body.amount', message: 'at most 6000' }]);
    expect(await listRefunds(platform, { storeId, intentId: intent.id })).toEqual([]);
    expect(
      (await refundPayment(platform, { storeId, intentId: intent.id, idempotencyKey: 'pc2' })).amount,
    ).toBe(6_000);
  });

  it('the same key returns the same refund; the same key for another amount is CONFLICT', async () => {
    const intent = await capturedPayment(3_000);
    const first = await refundPayment(platform, {
      storeId,
      intentId: intent.id,
      amount: 1_000,
      idempotencyKey: 'k',
    });
    const again = await refundPayment(platform, {
      storeId,
      intentId: intent.id,
      amount: 1_000,
      idempotencyKey: 'k',
    });
    expect(again.id).toBe(first.id);
    const noAmount = await refundPayment(platform, { storeId, intentId: intent.id, idempotencyKey: 'k' });
    expect(noAmount.id).toBe(first.id);
    await expectError(
      refundPayment(platform, { storeId, intentId: intent.id, amount: 500, idempotencyKey: 'k' }),
      'CONFLICT',
    );
    expect(await processorRefunded(intent.id)).toBe(1_000);
  });

  it('bad input is refused and changes nothing', async () => {
    const intent = await capturedPayment(3_000);
    for (const amount of [0, -1, 1.5]) {
      await expectError(
        refundPayment(platform, { storeId, intentId: intent.id, amount, idempotencyKey: `bad-${amount}` }),
        'VALIDATION_FAILED',
      );
    }
    await expectError(
      refundPayment(platform, { storeId, intentId: 'pi_nope', idempotencyKey: 'x' }),
      'NOT_FOUND',
    );
    expect(await listRefunds(platform, { storeId, intentId: intent.id })).toEqual([]);
  });

  it('a refund whose answer was lost stays pending, holds its amount, and is finished once', async () => {
    const intent = await capturedPayment(5_000);
    // The refund was claimed and the processor refunded, then the process died before recording it.
    const claimed = await platform.db.execute<{ id: string }>(sql`
      WITH r AS (
        INSERT INTO payment_refunds (id, store_id, intent_id, idempotency_key, amount, currency, updated_at)
        VALUES ('re_lost', ${storeId}, ${intent.id}, 'lost', 2000, 'EUR', now() - interval '10 minutes')
        RETURNING id)
      UPDATE payment_intents SET refund_pending_amount = 2000 WHERE id = ${intent.id} RETURNING id`);
    expect(claimed.rows).toHaveLength(1);
    await testProcessor(platform).refund({
      storeId,
      intentId: intent.id,
      idempotencyKey: operationKey(intent.id, 'refund', 're_lost'),
      providerReference: intent.provider_reference!,
      currency: 'EUR',
      refundId: 're_lost',
      amount: 2_000,
    });
    // Held: only 3,000 may be refunded meanwhile.
    expect((await getPaymentIntent(platform, { storeId, intentId: intent.id })).refundable_amount).toBe(
      3_000,
    );
    await expectError(
      refundPayment(platform, { storeId, intentId: intent.id, amount: 3_001, idempotencyKey: 'meanwhile' }),
      'REFUND_EXCEEDS_CAPTURED',
    );
    // The caller retries with its key — or the sweep gets there first.
    const settled = await retryStuckPayments(platform, { olderThanSeconds: 60 });
    expect(settled.refunds).toBe(1);
    const retried = await refundPayment(platform, { storeId, intentId: intent.id, idempotencyKey: 'lost' });
    expect(retried).toMatchObject({ id: 're_lost', status: 'succeeded', amount: 2_000 });
    expect(await processorRefunded(intent.id)).toBe(2_000);
    expect(await getPaymentIntent(platform, { storeId, intentId: intent.id })).toMatchObject({
      refunded_amount: 2_000,
      refundable_amount: 3_000,
    });
  });

  it('concurrent refunds never exceed the captured amount', async () => {
    const intent = await capturedPayment(10_000);
    // 12 refunds of 1,000 race for 10,000.
    const results = await Promise.allSettled(
      Array.from({ length: 12 }, (_, i) =>
        refundPayment(platform, { storeId, intentId: intent.id, amount: 1_000, idempotencyKey: `race-${i}` }),
      ),
    );
    const ok = results.filter((r) => r.status === 'fulfilled');
    const refused = results.filter((r) => r.status === 'rejected');
    expect(ok).toHaveLength(10);
    expect(refused).toHaveLength(2);
    for (const r of refused) expect((r.reason as AppError).code).toBe('REFUND_EXCEEDS_CAPTURED');
    expect(await getPaymentIntent(platform, { storeId, intentId: intent.id })).toMatchObject({
      refunded_amount: 10_000,
      refundable_amount: 0,
    });
    expect(await processorRefunded(intent.id)).toBe(10_000);
    expect(await refundEvents(intent.id)).toHaveLength(10);
  });

  it('concurrent refunds of different sizes, and retries of one key, add up exactly', async () => {
    const intent = await capturedPayment(7_777);
    const asks = [3_000, 3_000, 3_000, 1_777, 1_777, 500];
    const results = await Promise.allSettled([
      ...asks.map((amount, i) =>
        refundPayment(platform, { storeId, intentId: intent.id, amount, idempotencyKey: `mix-${i}` }),
      ),
      // The same refund asked three times at once: one refund.
      ...[1, 2, 3].map(() =>
        refundPayment(platform, { storeId, intentId: intent.id, amount: 1_000, idempotencyKey: 'mix-dup' }),
      ),
    ]);
    const made = new Map<string, number>();
    for (const r of results) if (r.status === 'fulfilled') made.set(r.value.id, r.value.amount);
    const total = [...made.values()].reduce((a, b) => a + b, 0);
    expect(total).toBeLessThanOrEqual(7_777);
    const after = await getPaymentIntent(platform, { storeId, intentId: intent.id });
    expect(after.refunded_amount).toBe(total);
    expect(after.refundable_amount).toBe(7_777 - total);
    expect(await processorRefunded(intent.id)).toBe(total);
    const { rows } = await platform.db.execute<{ n: number }>(
      sql`SELECT count(*)::int AS n FROM payment_refunds WHERE idempotency_key = 'mix-dup'`,
    );
    expect(rows[0]!.n).toBe(1);
  });
});
