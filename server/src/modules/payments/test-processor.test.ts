/**
 * The payment service with the built-in test processor, against real PostgreSQL: every test
 * token, the 3-D Secure challenge, a lost answer resolved without a second charge (by a retry and
 * by the recovery sweep after a "crash"), capture, void, and the state machine's refusals.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestPlatform, type TestPlatform } from '../../../test/harness.ts';
import { createTestStore } from '../../../test/identity.ts';
import { AppError } from '../../platform/errors.ts';
import { operationKey } from './providers/provider.ts';
import { TEST_CARDS } from './providers/test-cards.ts';
import { answerTestChallenge, testProcessor } from './providers/test-processor.ts';
import {
  attachOrderToPayment,
  authorizePayment,
  captureIfDue,
  capturePayment,
  createPaymentIntent,
  getPaymentIntent,
  listPaymentOperations,
  paymentSettings,
  refundPayment,
  resolvePaymentAction,
  retryStuckPayments,
  updatePaymentSettings,
  voidPayment,
} from './service.ts';

let platform: TestPlatform;
let storeId: string;
let n = 0;

beforeAll(async () => {
  platform = await createTestPlatform();
  storeId = (await createTestStore(platform)).id;
});
afterAll(async () => {
  await platform?.close();
});

async function newIntent(amount = 5000, currency = 'USD') {
  return createPaymentIntent(platform, {
    storeId,
    amount,
    currency,
    cartId: `cart_${++n}`,
    idempotencyKey: `checkout-${n}-${Math.random()}`,
  });
}
const authorize = (intentId: string, paymentMethod: string, returnUrl?: string) =>
  authorizePayment(platform, { storeId, intentId, paymentMethod, returnUrl });

async function events(intentId: string): Promise<string[]> {
  const { rows } = await platform.db.execute<{ type: string }>(
    sql`SELECT type FROM events WHERE store_id = ${storeId} AND aggregate_id = ${intentId} ORDER BY sequence`,
  );
  return rows.map((r) => r.type);
}
async function processorPayments(intentId: string): Promise<{ status: string }[]> {
  const { rows } = await platform.db.execute<{ status: string }>(
    sql`SELECT status FROM test_processor_payments WHERE merchant_reference = ${intentId}`,
  );
  return rows;
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

describe('creating a payment intent', () => {
  it('is idempotent by key; the same key for another amount is CONFLICT; bad input is refused', async () => {
    const first = await createPaymentIntent(platform, {
      storeId,
      amount: 1999,
      currency: 'USD',
      cartId: 'cart_same',
      idempotencyKey: 'same-key',
    });
    expect(first).toMatchObject({
      status: 'requires_payment_method',
      amount: 1999,
      currency: 'USD',
      provider: 'test',
      capture_mode: 'on_placement',
      cart_id: 'cart_same',
      captured_amount: 0,
      refundable_amount: 0,
    });
    expect(first.id).toMatch(/^pi_/);
    const again = await createPaymentIntent(platform, {
      storeId,
      amount: 1999,
      currency: 'USD',
      cartId: 'cart_same',
      idempotencyKey: 'same-key',
    });
    expect(again.id).toBe(first.id);
    await expectError(
      createPaymentIntent(platform, {
        storeId,
        amount: 2000,
        currency: 'USD',
        cartId: 'cart_same',
        idempotencyKey: 'same-key',
      }),
      'CONFLICT',
    );
    for (const bad of [
      { amount: 0, currency: 'USD' },
      { amount: -5, currency: 'USD' },
      { amount: 10.5, currency: 'USD' },
      { amount: 100, currency: 'usd' },
      { amount: 100, currency: 'EURO' },
    ]) {
      await expectError(
        createPaymentIntent(platform, { storeId, ...bad, idempotencyKey: `bad-${Math.random()}` }),
        'VALIDATION_FAILED',
      );
    }
    expect(await events(first.id)).toEqual(['payment.created']);
  });
});

describe('test tokens', () => {
  it('tok_visa (and the other success tokens) authorize', async () => {
    for (const token of ['tok_visa', 'tok_mastercard', 'tok_amex', 'tok_visa_debit']) {
      const intent = await newIntent();
      const authorized = await authorize(intent.id, token);
      expect(authorized).toMatchObject({
        status: 'authorized',
        payment_method: token,
        attempt: 1,
        last_error: null,
      });
      expect(authorized.provider_reference).toMatch(/^tpp_/);
      expect(authorized.authorized_at).not.toBeNull();
      expect(await events(intent.id)).toEqual(['payment.created', 'payment.authorized']);
    }
  });

  const declines: [string, string, string][] = [
    ['tok_chargeDeclined', 'generic_decline', 'Your card was declined.'],
    ['tok_chargeDeclinedInsufficientFunds', 'insufficient_funds', 'Your card has insufficient funds.'],
    ['tok_chargeDeclinedExpiredCard', 'expired_card', 'Your card has expired.'],
    ['tok_chargeDeclinedIncorrectCvc', 'incorrect_cvc', "Your card's security code is incorrect."],
    ['tok_chargeDeclinedLostCard', 'lost_card', 'Your card was declined.'],
    ['tok_chargeDeclinedStolenCard', 'stolen_card', 'Your card was declined.'],
    [
      'tok_chargeDeclinedProcessingError',
      'processing_error',
      'An error occurred while processing your card. Try again in a little bit.',
    ],
  ];
  for (const [token, code, message] of declines) {
    it(`${token} fails with ${code} and a readable message`, async () => {
      const intent = await newIntent();
      const failed = await authorize(intent.id, token);
      expect(failed).toMatchObject({ status: 'failed', last_error: { code, message } });
      expect(failed.failed_at).not.toBeNull();
      expect(await events(intent.id)).toEqual(['payment.created', 'payment.failed']);
    });
  }

  it('every token of the test processor is covered above or below', () => {
    expect(Object.keys(TEST_CARDS).sort()).toEqual(
      [
        'tok_visa',
        'tok_visa_debit',
        'tok_mastercard',
        'tok_amex',
        ...declines.map(([t]) => t),
        'tok_threeDSecureRequired',
        'tok_timeout',
      ].sort(),
    );
  });

  it('after a decline the shopper may try another card: a new attempt with a new key', async () => {
    const intent = await newIntent();
    expect((await authorize(intent.id, 'tok_chargeDeclinedInsufficientFunds')).status).toBe('failed');
    const second = await authorize(intent.id, 'tok_visa');
    expect(second).toMatchObject({
      status: 'authorized',
      attempt: 2,
      last_error: null,
      payment_method: 'tok_visa',
    });
    expect(await events(intent.id)).toEqual(['payment.created', 'payment.failed', 'payment.authorized']);
    const ops = await listPaymentOperations(platform, { storeId, intentId: intent.id });
    expect(ops.map((o) => [o.operation, o.outcome, o.idempotency_key])).toEqual([
      ['authorize', 'failed', operationKey(intent.id, 'authorize', 1)],
      ['authorize', 'succeeded', operationKey(intent.id, 'authorize', 2)],
    ]);
  });

  it('an unknown token, or one for another provider, is refused before anything changes', async () => {
    const intent = await newIntent();
    const err = await expectError(authorize(intent.id, 'pm_card_visa'), 'VALIDATION_FAILED');
    expect(err.errors?.[0]?.path).toBe('body.payment_method');
    expect(await getPaymentIntent(platform, { storeId, intentId: intent.id })).toMatchObject({
      status: 'requires_payment_method',
      attempt: 0,
    });
    await expectError(authorize('pi_unknown', 'tok_visa'), 'NOT_FOUND');
  });
});

describe('3-D Secure', () => {
  it('tok_threeDSecureRequired needs a challenge; approving it authorizes the payment', async () => {
    const intent = await newIntent();
    const pending = await authorize(intent.id, 'tok_threeDSecureRequired', 'https://shop.example/return');
    expect(pending.status).toBe('requires_action');
    expect(pending.next_action?.type).toBe('redirect_to_url');
    expect(pending.next_action?.url).toMatch(
      /^\/store\/v1\/payments\/test-challenges\/store_\w+\.tpp_\w+\.[\w-]+$/,
    );
    // Asking again before the shopper answers changes nothing.
    expect((await authorize(intent.id, 'tok_threeDSecureRequired')).status).toBe('requires_action');
    expect((await resolvePaymentAction(platform, { storeId, intentId: intent.id })).status).toBe(
      'requires_action',
    );

    const token = pending.next_action!.url.split('/').pop()!;
    const answered = await answerTestChallenge(platform, { token, outcome: 'approve' });
    expect(answered).toMatchObject({
      challenge: 'approved',
      intentId: intent.id,
      returnUrl: 'https://shop.example/return',
    });
    const done = await resolvePaymentAction(platform, { storeId, intentId: intent.id });
    expect(done).toMatchObject({ status: 'authorized', next_action: null });
    // The first answer stands.
    expect((await answerTestChallenge(platform, { token, outcome: 'fail' })).challenge).toBe('approved');
    expect(await events(intent.id)).toEqual([
      'payment.created',
      'payment.action_required',
      'payment.authorized',
    ]);
  });

  it('failing the challenge fails the payment with a readable message', async () => {
    const intent = await newIntent();
    const pending = await authorize(intent.id, 'tok_threeDSecureRequired');
    const token = pending.next_action!.url.split('/').pop()!;
    await answerTestChallenge(platform, { token, outcome: 'fail' });
    const failed = await resolvePaymentAction(platform, { storeId, intentId: intent.id });
    expect(failed).toMatchObject({ status: 'failed', last_error: { code: 'authentication_failed' } });
    expect(failed.last_error!.message).toMatch(/unable to authenticate/);
  });

  it('a forged or altered challenge link is NOT_FOUND', async () => {
    const intent = await newIntent();
    const pending = await authorize(intent.id, 'tok_threeDSecureRequired');
    const token = pending.next_action!.url.split('/').pop()!;
    const [store, payment, signature] = token.split('.');
    for (const forged of [
      `${store}.${payment}.${signature!.slice(1)}x`,
      `${store}.tpp_other.${signature}`,
      'nonsense',
    ]) {
      await expectError(answerTestChallenge(platform, { token: forged, outcome: 'approve' }), 'NOT_FOUND');
    }
  });

  it('a payment voided while its challenge is open stays voided when the shopper answers late', async () => {
    const intent = await newIntent();
    const pending = await authorize(intent.id, 'tok_threeDSecureRequired');
    const voided = await voidPayment(platform, { storeId, intentId: intent.id });
    expect(voided.status).toBe('canceled');
    const token = pending.next_action!.url.split('/').pop()!;
    await answerTestChallenge(platform, { token, outcome: 'approve' });
    expect((await resolvePaymentAction(platform, { storeId, intentId: intent.id })).status).toBe('canceled');
    expect(await processorPayments(intent.id)).toEqual([{ status: 'canceled' }]);
  });
});

describe('a lost answer (tok_timeout)', () => {
  it('leaves the payment processing; a retry with the same key resolves it without a second charge', async () => {
    const intent = await newIntent();
    const lost = await authorize(intent.id, 'tok_timeout');
    expect(lost).toMatchObject({
      status: 'processing',
      attempt: 1,
      last_error: { code: 'provider_timeout' },
    });
    expect(await processorPayments(intent.id)).toEqual([{ status: 'authorized' }]); // charged once, answer lost
    const resolved = await authorize(intent.id, 'tok_timeout');
    expect(resolved).toMatchObject({ status: 'authorized', attempt: 1, last_error: null });
    expect(await processorPayments(intent.id)).toHaveLength(1);
    const ops = await listPaymentOperations(platform, { storeId, intentId: intent.id });
    expect(ops.map((o) => o.outcome)).toEqual(['timeout', 'succeeded']);
    expect(new Set(ops.map((o) => o.idempotency_key))).toEqual(
      new Set([operationKey(intent.id, 'authorize', 1)]),
    );
    expect(await events(intent.id)).toEqual(['payment.created', 'payment.authorized']);
  });

  it('while processing, another card is refused and capture is refused', async () => {
    const intent = await newIntent();
    await authorize(intent.id, 'tok_timeout');
    await expectError(authorize(intent.id, 'tok_visa'), 'INVALID_STATE_TRANSITION');
    await expectError(capturePayment(platform, { storeId, intentId: intent.id }), 'INVALID_STATE_TRANSITION');
  });

  it('voiding a processing payment first finds the lost authorization, then releases it', async () => {
    const intent = await newIntent();
    await authorize(intent.id, 'tok_timeout');
    const voided = await voidPayment(platform, { storeId, intentId: intent.id });
    expect(voided.status).toBe('canceled');
    expect(await processorPayments(intent.id)).toEqual([{ status: 'canceled' }]);
    expect(await events(intent.id)).toEqual(['payment.created', 'payment.authorized', 'payment.voided']);
  });

  it('after a crash between asking the processor and recording its answer, the sweep settles it once', async () => {
    // The process claimed the attempt, the processor charged, then the process died.
    const intent = await newIntent();
    await platform.db.execute(
      sql`UPDATE payment_intents SET status = 'processing', attempt = 1, payment_method = 'tok_visa',
          updated_at = now() - interval '10 minutes' WHERE id = ${intent.id}`,
    );
    await testProcessor(platform).authorize({
      storeId,
      intentId: intent.id,
      idempotencyKey: operationKey(intent.id, 'authorize', 1),
      amount: intent.amount,
      currency: intent.currency,
      paymentMethod: 'tok_visa',
    });
    // A fresh process (any worker) runs the sweep.
    const settled = await retryStuckPayments(platform, { olderThanSeconds: 60 });
    expect(settled.intents).toBeGreaterThanOrEqual(1);
    expect(await getPaymentIntent(platform, { storeId, intentId: intent.id })).toMatchObject({
      status: 'authorized',
    });
    expect(await processorPayments(intent.id)).toHaveLength(1);
    // Nothing left to settle; a second sweep changes nothing.
    await retryStuckPayments(platform, { olderThanSeconds: 60 });
    expect(await events(intent.id)).toEqual(['payment.created', 'payment.authorized']);
  });

  it('concurrent authorizations of one payment (a double click) charge once', async () => {
    const intent = await newIntent();
    const results = await Promise.all(Array.from({ length: 8 }, () => authorize(intent.id, 'tok_visa')));
    for (const r of results) expect(r.status).toBe('authorized');
    expect(await processorPayments(intent.id)).toHaveLength(1);
    expect(await events(intent.id)).toEqual(['payment.created', 'payment.authorized']);
  });
});

describe('capture and void', () => {
  it('captures in full; capturing again returns it; another amount is refused', async () => {
    const intent = await newIntent(5000);
    await authorize(intent.id, 'tok_visa');
    const captured = await capturePayment(platform, { storeId, intentId: intent.id });
    expect(captured).toMatchObject({ status: 'captured', captured_amount: 5000, refundable_amount: 5000 });
    expect((await capturePayment(platform, { storeId, intentId: intent.id })).captured_amount).toBe(5000);
    expect((await capturePayment(platform, { storeId, intentId: intent.id, amount: 5000 })).status).toBe(
      'captured',
    );
    await expectError(
      capturePayment(platform, { storeId, intentId: intent.id, amount: 100 }),
      'INVALID_STATE_TRANSITION',
    );
    await expectError(voidPayment(platform, { storeId, intentId: intent.id }), 'INVALID_STATE_TRANSITION');
    expect(await events(intent.id)).toEqual(['payment.created', 'payment.authorized', 'payment.captured']);
    expect(await processorPayments(intent.id)).toEqual([{ status: 'captured' }]);
  });

  it('what authorizing and capturing answer, and their events carry, is what was stored', async () => {
    // The provider's answer is written with COMMIT, its row predicted from the locked one.
    const intent = await newIntent(4200);
    const authorized = await authorize(intent.id, 'tok_visa');
    expect(authorized).toEqual(await getPaymentIntent(platform, { storeId, intentId: intent.id }));
    const captured = await capturePayment(platform, { storeId, intentId: intent.id });
    const stored = await getPaymentIntent(platform, { storeId, intentId: intent.id });
    expect(captured).toEqual(stored);
    const { rows } = await platform.db.execute<{ type: string; payload: unknown }>(
      sql`SELECT type, payload FROM events WHERE store_id = ${storeId} AND aggregate_id = ${intent.id}
          AND type IN ('payment.authorized', 'payment.captured') ORDER BY sequence`,
    );
    expect(rows.map((r) => r.type)).toEqual(['payment.authorized', 'payment.captured']);
    expect(rows[0]!.payload).toEqual(authorized);
    expect(rows[1]!.payload).toEqual(stored);
    expect(stored).toMatchObject({ status: 'captured', captured_amount: 4200 });
    expect(await processorPayments(intent.id)).toEqual([{ status: 'captured' }]);
  });

  it('captures part of the authorization; more than authorized is refused', async () => {
    const intent = await newIntent(5000);
    await authorize(intent.id, 'tok_visa');
    await expectError(
      capturePayment(platform, { storeId, intentId: intent.id, amount: 5001 }),
      'UNPROCESSABLE',
    );
    await expectError(
      capturePayment(platform, { storeId, intentId: intent.id, amount: 0 }),
      'VALIDATION_FAILED',
    );
    const partial = await capturePayment(platform, { storeId, intentId: intent.id, amount: 3250 });
    expect(partial).toMatchObject({ status: 'captured', captured_amount: 3250, refundable_amount: 3250 });
  });

  it('concurrent captures capture once', async () => {
    const intent = await newIntent(4000);
    await authorize(intent.id, 'tok_visa');
    const results = await Promise.all(
      Array.from({ length: 6 }, () => capturePayment(platform, { storeId, intentId: intent.id })),
    );
    for (const r of results) expect(r).toMatchObject({ status: 'captured', captured_amount: 4000 });
    expect((await events(intent.id)).filter((t) => t === 'payment.captured')).toHaveLength(1);
  });

  it('voids an authorized payment, a second void returns it, and nothing is captured after', async () => {
    const intent = await newIntent();
    await authorize(intent.id, 'tok_visa');
    expect((await voidPayment(platform, { storeId, intentId: intent.id })).status).toBe('canceled');
    expect((await voidPayment(platform, { storeId, intentId: intent.id })).status).toBe('canceled');
    await expectError(capturePayment(platform, { storeId, intentId: intent.id }), 'INVALID_STATE_TRANSITION');
    await expectError(authorize(intent.id, 'tok_visa'), 'INVALID_STATE_TRANSITION');
    expect(await processorPayments(intent.id)).toEqual([{ status: 'canceled' }]);
  });

  it('voids a payment never authorized, or declined, without asking the processor', async () => {
    const fresh = await newIntent();
    expect((await voidPayment(platform, { storeId, intentId: fresh.id })).status).toBe('canceled');
    const declined = await newIntent();
    await authorize(declined.id, 'tok_chargeDeclined');
    expect((await voidPayment(platform, { storeId, intentId: declined.id })).status).toBe('canceled');
    expect(await events(fresh.id)).toEqual(['payment.created', 'payment.voided']);
  });

  it('refuses to capture what is not authorized, and to refund what is not captured', async () => {
    const intent = await newIntent();
    await expectError(capturePayment(platform, { storeId, intentId: intent.id }), 'INVALID_STATE_TRANSITION');
    await authorize(intent.id, 'tok_chargeDeclined');
    await expectError(capturePayment(platform, { storeId, intentId: intent.id }), 'INVALID_STATE_TRANSITION');
    await expectError(
      refundPayment(platform, { storeId, intentId: intent.id, idempotencyKey: 'r-uncaptured' }),
      'INVALID_STATE_TRANSITION',
    );
  });
});

describe('capture mode and orders', () => {
  it('captureIfDue follows the capture mode fixed on the payment when it was made', async () => {
    expect(await paymentSettings(platform.db, storeId)).toEqual({
      provider: 'test',
      captureMode: 'on_placement',
    });
    const onPlacement = await newIntent();
    await updatePaymentSettings(platform, { storeId, patch: { capture_mode: 'on_fulfilment' } });
    expect(await paymentSettings(platform.db, storeId)).toEqual({
      provider: 'test',
      captureMode: 'on_fulfilment',
    });
    const onFulfilment = await newIntent();
    expect(onFulfilment.capture_mode).toBe('on_fulfilment');
    await authorize(onPlacement.id, 'tok_visa');
    await authorize(onFulfilment.id, 'tok_visa');

    expect(
      (await captureIfDue(platform, { storeId, intentId: onPlacement.id, moment: 'placement' })).status,
    ).toBe('captured');
    expect(
      (await captureIfDue(platform, { storeId, intentId: onFulfilment.id, moment: 'placement' })).status,
    ).toBe('authorized');
    expect(
      (await captureIfDue(platform, { storeId, intentId: onFulfilment.id, moment: 'fulfilment' })).status,
    ).toBe('captured');
    await updatePaymentSettings(platform, { storeId, patch: { capture_mode: 'on_placement' } });
  });

  it('attaches the order once; the same order again is a no-op, another is CONFLICT', async () => {
    const intent = await newIntent();
    await attachOrderToPayment(platform.db, { storeId, intentId: intent.id, orderId: 'ord_1' });
    await attachOrderToPayment(platform.db, { storeId, intentId: intent.id, orderId: 'ord_1' });
    await expectError(
      attachOrderToPayment(platform.db, { storeId, intentId: intent.id, orderId: 'ord_2' }),
      'CONFLICT',
    );
    expect((await getPaymentIntent(platform, { storeId, intentId: intent.id })).order_id).toBe('ord_1');
    expect(await events(intent.id)).toEqual(['payment.created', 'payment.order_attached']);
  });
});

describe('card numbers never touch Carton', () => {
  it('no payments table has a column for a card number, expiry or security code', async () => {
    const { rows } = await platform.db.execute<{ table_name: string; column_name: string }>(sql`
      SELECT table_name, column_name FROM information_schema.columns
      WHERE table_schema = 'public' AND (table_name LIKE 'payment%' OR table_name LIKE 'test_processor%')`);
    expect(rows.length).toBeGreaterThan(40);
    // The brand and the last four digits (checked to be four digits) are what PCI DSS lets a
    // merchant keep and show; nothing else of a card.
    const shown = new Set(['payment_intents.card_brand', 'payment_intents.card_last4']);
    const suspicious = rows.filter(
      (r) =>
        /card|pan\b|^pan|number|cvc|cvv|expir|exp_/i.test(r.column_name) &&
        !shown.has(`${r.table_name}.${r.column_name}`),
    );
    expect(suspicious).toEqual([]);
  });

  it('a card number in place of a token is refused, not echoed, and changes nothing', async () => {
    const intent = await newIntent();
    for (const pan of [
      '4242424242424242',
      '4242 4242 4242 4242',
      '4000-0000-0000-9995',
      'tok_4242424242424242',
    ]) {
      const err = await expectError(authorize(intent.id, pan), 'VALIDATION_FAILED');
      expect(err.errors?.[0]?.message).toMatch(/card number/);
      expect(JSON.stringify(err.errors)).not.toContain('4242424242');
    }
    const { rows } = await platform.db.execute<{ n: number }>(sql`
      SELECT count(*)::int AS n FROM payment_intents WHERE payment_method ~ '[0-9]{12}'`);
    expect(rows[0]!.n).toBe(0);
    expect(await getPaymentIntent(platform, { storeId, intentId: intent.id })).toMatchObject({
      status: 'requires_payment_method',
      payment_method: null,
    });
  });
});

describe('tenancy', () => {
  it("another store's payment is invisible and untouchable", async () => {
    const intent = await newIntent();
    const other = (await createTestStore(platform)).id;
    await expectError(getPaymentIntent(platform, { storeId: other, intentId: intent.id }), 'NOT_FOUND');
    await expectError(
      authorizePayment(platform, { storeId: other, intentId: intent.id, paymentMethod: 'tok_visa' }),
      'NOT_FOUND',
    );
    await expectError(voidPayment(platform, { storeId: other, intentId: intent.id }), 'NOT_FOUND');
  });
});
