/**
 * The Stripe adapter against a local HTTP server that answers as Stripe does
 * (`test/fake-stripe.ts`): the requests it sends, card declines, 3-D Secure, idempotent retries
 * after a lost answer (one charge), capture, cancel and refunds — directly, and through the
 * payment service with a store configured for Stripe.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeStripe, type FakeStripe } from '../../../../test/fake-stripe.ts';
import { createTestPlatform, type TestPlatform } from '../../../../test/harness.ts';
import { createTestStore } from '../../../../test/identity.ts';
import { AppError } from '../../../platform/errors.ts';
import {
  authorizePayment,
  capturePayment,
  createAndAuthorizePayment,
  createPaymentIntent,
  getPaymentIntent,
  listPaymentOperations,
  refundPayment,
  resolvePaymentAction,
  updatePaymentSettings,
  voidPayment,
} from '../service.ts';
import { forgetErasedPaymentCustomers, removeSavedCard, saveCard } from '../saved-cards.ts';
import { ProviderRequestError, ProviderUnavailableError, type PaymentProvider } from './provider.ts';
import { stripeProvider } from './stripe.ts';

let stripe: FakeStripe;
let platform: TestPlatform;
let storeId: string;
let adapter: PaymentProvider;
let n = 0;

beforeAll(async () => {
  stripe = await startFakeStripe();
  platform = await createTestPlatform({ STRIPE_API_BASE: stripe.url, PAYMENTS_PROVIDER_TIMEOUT_MS: '400' });
  storeId = (await createTestStore(platform)).id;
  await updatePaymentSettings(platform, {
    storeId,
    patch: {
      provider: 'stripe',
      stripe_secret_key: stripe.secretKey,
      stripe_webhook_secret: 'whsec_test_0123456789',
    },
  });
  adapter = stripeProvider({
    apiBase: stripe.url,
    secretKey: stripe.secretKey,
    webhookSecret: null,
    timeoutMs: 2000,
    toleranceSeconds: 300,
  });
});
afterAll(async () => {
  await platform?.close();
  await stripe?.close();
});

const request = (
  paymentMethod: string,
  extra: Partial<Parameters<PaymentProvider['authorize']>[0]> = {},
) => ({
  storeId: 'store_x',
  intentId: `pi_carton_${++n}`,
  idempotencyKey: `carton:test:${n}:${Math.random()}`,
  amount: 2_000,
  currency: 'USD',
  paymentMethod,
  ...extra,
});
const last = () => stripe.requests[stripe.requests.length - 1]!;

describe('the adapter speaks Stripe', () => {
  it('authorizes with a manual-capture PaymentIntent, form-encoded, with a Bearer key and an Idempotency-Key', async () => {
    const req = request('tok_visa');
    const result = await adapter.authorize(req);
    expect(result).toMatchObject({ status: 'authorized' });
    expect(result.providerReference).toMatch(/^pi_/);
    const sent = last();
    expect(sent.method).toBe('POST');
    expect(sent.path).toBe('/v1/payment_intents');
    expect(sent.headers.authorization).toBe(`Bearer ${stripe.secretKey}`);
    expect(sent.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(sent.headers['idempotency-key']).toBe(req.idempotencyKey);
    expect(sent.form).toMatchObject({
      amount: '2000',
      currency: 'usd',
      capture_method: 'manual',
      confirm: 'true',
      'payment_method_data[type]': 'card',
      'payment_method_data[card][token]': 'tok_visa',
      'metadata[carton_intent_id]': req.intentId,
      'metadata[carton_store_id]': 'store_x',
    });
    expect(sent.form.payment_method).toBeUndefined();
    expect(stripe.paymentIntent(result.providerReference!)).toMatchObject({
      status: 'requires_capture',
      amount_capturable: 2000,
    });
  });

  it('sends a pm_… as payment_method', async () => {
    expect((await adapter.authorize(request('pm_card_visa'))).status).toBe('authorized');
    expect(last().form.payment_method).toBe('pm_card_visa');
  });

  const declines: [string, string, string][] = [
    ['tok_chargeDeclined', 'generic_decline', 'Your card was declined.'],
    ['tok_chargeDeclinedInsufficientFunds', 'insufficient_funds', 'Your card has insufficient funds.'],
    ['tok_chargeDeclinedExpiredCard', 'expired_card', 'Your card has expired.'],
    ['tok_chargeDeclinedIncorrectCvc', 'incorrect_cvc', "Your card's security code is incorrect."],
    ['pm_card_chargeDeclinedLostCard', 'lost_card', 'Your card was declined.'],
    ['tok_chargeDeclinedStolenCard', 'stolen_card', 'Your card was declined.'],
    [
      'tok_chargeDeclinedProcessingError',
      'processing_error',
      'An error occurred while processing your card. Try again in a little bit.',
    ],
  ];
  for (const [method, code, message] of declines) {
    it(`a card error (402) is a failed attempt: ${method} → ${code}`, async () => {
      const result = await adapter.authorize(request(method));
      expect(result).toEqual({
        status: 'failed',
        providerReference: expect.stringMatching(/^pi_/),
        error: { code, message },
      });
    });
  }

  it('a retry with the same key gets the first answer (replayed): one PaymentIntent', async () => {
    const req = request('tok_visa');
    const before = stripe.paymentIntents.size;
    const first = await adapter.authorize(req);
    const second = await adapter.authorize(req);
    expect(second).toEqual(first);
    expect(stripe.paymentIntents.size).toBe(before + 1);
    expect(stripe.requests.slice(-1)[0]!.headers['idempotency-key']).toBe(req.idempotencyKey);
  });

  it('the same key with other parameters is refused (idempotency_error), a bad key is refused (401)', async () => {
    const req = request('tok_visa');
    await adapter.authorize(req);
    const err = await adapter.authorize({ ...req, amount: 9_999 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ProviderRequestError);
    expect((err as ProviderRequestError).code).toBe('idempotency_error');

    const wrongKey = stripeProvider({
      apiBase: stripe.url,
      secretKey: 'sk_test_wrong',
      webhookSecret: null,
      timeoutMs: 2000,
      toleranceSeconds: 300,
    });
    const denied = await wrongKey.authorize(request('tok_visa')).catch((e: unknown) => e);
    expect(denied).toBeInstanceOf(ProviderRequestError);
    expect((denied as ProviderRequestError).status).toBe(401);
  });

  it('captures (amount_to_capture), cancels and refunds with their own keys', async () => {
    const auth = await adapter.authorize(request('tok_visa', { amount: 3_000 }));
    const pi = auth.providerReference!;
    const base = { storeId: 'store_x', intentId: 'pi_carton', providerReference: pi, currency: 'USD' };
    const captured = await adapter.capture({ ...base, idempotencyKey: 'cap-1', amount: 2_500 });
    expect(captured).toEqual({ status: 'captured', providerReference: pi, capturedAmount: 2_500 });
    expect(last()).toMatchObject({
      path: `/v1/payment_intents/${pi}/capture`,
      form: { amount_to_capture: '2500' },
    });
    const refund = await adapter.refund({
      ...base,
      idempotencyKey: 'ref-1',
      refundId: 're_carton',
      amount: 500,
      reason: 'requested_by_customer',
    });
    expect(refund.status).toBe('succeeded');
    expect(refund.providerReference).toMatch(/^re_/);
    expect(last()).toMatchObject({
      path: '/v1/refunds',
      form: {
        payment_intent: pi,
        amount: '500',
        reason: 'requested_by_customer',
        'metadata[carton_refund_id]': 're_carton',
      },
    });
    const tooMuch = await adapter
      .refund({
        ...base,
        idempotencyKey: 'ref-2',
        refundId: 're_2',
        amount: 2_001,
        reason: 'Damaged in transit',
      })
      .catch((e: unknown) => e);
    expect(tooMuch).toBeInstanceOf(ProviderRequestError);
    expect(stripe.requests.slice(-1)[0]!.form['metadata[reason]']).toBe('Damaged in transit');

    const other = await adapter.authorize(request('tok_visa'));
    const canceled = await adapter.void({
      ...base,
      providerReference: other.providerReference!,
      idempotencyKey: 'void-1',
    });
    expect(canceled.status).toBe('canceled');
    const twice = await adapter
      .void({ ...base, providerReference: other.providerReference!, idempotencyKey: 'void-2' })
      .catch((e: unknown) => e);
    expect((twice as ProviderRequestError).code).toBe('payment_intent_unexpected_state');
  });

  it('no answer in time is an unknown outcome, not a failure', async () => {
    const slow = stripeProvider({
      apiBase: stripe.url,
      secretKey: stripe.secretKey,
      webhookSecret: null,
      timeoutMs: 100,
      toleranceSeconds: 300,
    });
    stripe.delayAnswers(400);
    try {
      const err = await slow.authorize(request('tok_visa')).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ProviderUnavailableError);
      expect((err as ProviderUnavailableError).code).toBe('provider_timeout');
    } finally {
      stripe.delayAnswers(0);
    }
    const nowhere = stripeProvider({
      apiBase: 'http://127.0.0.1:9',
      secretKey: 'sk_test_x',
      webhookSecret: null,
      timeoutMs: 500,
      toleranceSeconds: 300,
    });
    const unreachable = await nowhere.authorize(request('tok_visa')).catch((e: unknown) => e);
    expect((unreachable as ProviderUnavailableError).code).toBe('provider_unreachable');
  });
});

describe('the payment service on Stripe', () => {
  async function newIntent(amount = 5_000) {
    const intent = await createPaymentIntent(platform, {
      storeId,
      amount,
      currency: 'USD',
      idempotencyKey: `s-${++n}`,
    });
    expect(intent.provider).toBe('stripe');
    return intent;
  }

  it('authorizes, captures part, refunds part then the rest, and refuses an over-refund before asking Stripe', async () => {
    const intent = await newIntent(5_000);
    const authorized = await authorizePayment(platform, {
      storeId,
      intentId: intent.id,
      paymentMethod: 'pm_card_visa',
    });
    expect(authorized).toMatchObject({ status: 'authorized' });
    const pi = authorized.provider_reference!;
    expect(stripe.requests.slice(-1)[0]!.headers['idempotency-key']).toBe(`carton:${intent.id}:authorize:1`);

    const captured = await capturePayment(platform, { storeId, intentId: intent.id, amount: 4_000 });
    expect(captured).toMatchObject({ status: 'captured', captured_amount: 4_000 });
    expect(stripe.paymentIntent(pi)).toMatchObject({ status: 'succeeded', amount_received: 4_000 });
    expect(stripe.requests.slice(-1)[0]!.headers['idempotency-key']).toBe(`carton:${intent.id}:capture`);

    const r1 = await refundPayment(platform, {
      storeId,
      intentId: intent.id,
      amount: 1_500,
      idempotencyKey: 'sr1',
    });
    expect(r1.status).toBe('succeeded');
    expect(stripe.requests.slice(-1)[0]!.headers['idempotency-key']).toBe(
      `carton:${intent.id}:refund:${r1.id}`,
    );
    const asked = stripe.requests.length;
    await expect(
      refundPayment(platform, { storeId, intentId: intent.id, amount: 2_501, idempotencyKey: 'sr2' }),
    ).rejects.toMatchObject({ code: 'REFUND_EXCEEDS_CAPTURED' });
    expect(stripe.requests.length).toBe(asked);
    const r2 = await refundPayment(platform, { storeId, intentId: intent.id, idempotencyKey: 'sr3' });
    expect(r2.amount).toBe(2_500);
    expect(await getPaymentIntent(platform, { storeId, intentId: intent.id })).toMatchObject({
      refunded_amount: 4_000,
      refundable_amount: 0,
    });
  });

  it('a card decline fails the attempt with the decline code; another card then succeeds', async () => {
    const intent = await newIntent();
    const failed = await authorizePayment(platform, {
      storeId,
      intentId: intent.id,
      paymentMethod: 'tok_chargeDeclinedInsufficientFunds',
    });
    expect(failed).toMatchObject({
      status: 'failed',
      last_error: { code: 'insufficient_funds', message: 'Your card has insufficient funds.' },
    });
    const ok = await authorizePayment(platform, { storeId, intentId: intent.id, paymentMethod: 'tok_visa' });
    expect(ok).toMatchObject({ status: 'authorized', attempt: 2 });
  });

  it('a request Stripe refuses (no such payment method) fails the attempt with a plain message; Stripe’s words are logged', async () => {
    const intent = await newIntent();
    const failed = await authorizePayment(platform, {
      storeId,
      intentId: intent.id,
      paymentMethod: 'pm_card_nosuch',
    });
    expect(failed).toMatchObject({
      status: 'failed',
      last_error: {
        code: 'resource_missing',
        message: 'The payment could not be processed. Try another payment method.',
      },
    });
    const ops = await listPaymentOperations(platform, { storeId, intentId: intent.id });
    expect(ops.map((o) => [o.outcome, o.error?.message])).toEqual([
      ['error', "No such PaymentMethod: 'pm_card_nosuch'"],
    ]);
  });

  it('a lost answer leaves the payment processing; the retry replays Stripe’s answer: one charge', async () => {
    const intent = await newIntent();
    const before = stripe.authorizations();
    stripe.delayAnswers(1_000); // Stripe does the work, the answer arrives after Carton gave up
    let lost;
    try {
      lost = await authorizePayment(platform, { storeId, intentId: intent.id, paymentMethod: 'tok_visa' });
    } finally {
      stripe.delayAnswers(0);
    }
    expect(lost).toMatchObject({ status: 'processing', last_error: { code: 'provider_timeout' } });
    expect(stripe.authorizations()).toBe(before + 1);
    const resolved = await authorizePayment(platform, {
      storeId,
      intentId: intent.id,
      paymentMethod: 'tok_visa',
    });
    expect(resolved.status).toBe('authorized');
    expect(stripe.authorizations()).toBe(before + 1);
    const keys = stripe.requests
      .filter((r) => r.form['metadata[carton_intent_id]'] === intent.id)
      .map((r) => r.headers['idempotency-key']);
    expect(keys).toEqual([`carton:${intent.id}:authorize:1`, `carton:${intent.id}:authorize:1`]);
    const ops = await listPaymentOperations(platform, { storeId, intentId: intent.id });
    expect(ops.map((o) => o.outcome)).toEqual(['timeout', 'succeeded']);
  });

  it('3-D Secure: requires_action with Stripe’s redirect; completed or failed by the shopper', async () => {
    const ok = await newIntent();
    const pending = await authorizePayment(platform, {
      storeId,
      intentId: ok.id,
      paymentMethod: 'tok_threeDSecureRequired',
      returnUrl: 'https://shop.example/checkout/return',
    });
    expect(pending.status).toBe('requires_action');
    expect(pending.next_action).toEqual({
      type: 'redirect_to_url',
      url: `${stripe.url}/3ds/${pending.provider_reference}`,
    });
    expect(stripe.requests.slice(-1)[0]!.form.return_url).toBe('https://shop.example/checkout/return');
    stripe.completeChallenge(pending.provider_reference!, true);
    expect((await resolvePaymentAction(platform, { storeId, intentId: ok.id })).status).toBe('authorized');

    const ko = await newIntent();
    const pending2 = await authorizePayment(platform, {
      storeId,
      intentId: ko.id,
      paymentMethod: 'tok_threeDSecureRequired',
      returnUrl: 'https://shop.example/checkout/return',
    });
    stripe.completeChallenge(pending2.provider_reference!, false);
    const failed = await resolvePaymentAction(platform, { storeId, intentId: ko.id });
    expect(failed).toMatchObject({
      status: 'failed',
      last_error: { code: 'payment_intent_authentication_failure' },
    });
  });

  it('voids through Stripe’s cancel; Stripe unreachable while voiding is a retryable 503 that changes nothing', async () => {
    const intent = await newIntent();
    const auth = await authorizePayment(platform, {
      storeId,
      intentId: intent.id,
      paymentMethod: 'tok_visa',
    });
    stripe.delayAnswers(1_000);
    try {
      await expect(voidPayment(platform, { storeId, intentId: intent.id })).rejects.toMatchObject({
        code: 'PAYMENT_PROVIDER_UNAVAILABLE',
        status: 503,
      });
    } finally {
      stripe.delayAnswers(0);
    }
    expect((await getPaymentIntent(platform, { storeId, intentId: intent.id })).status).toBe('authorized');
    // The retry carries the same key: Stripe replays its cancellation.
    const voided = await voidPayment(platform, { storeId, intentId: intent.id });
    expect(voided.status).toBe('canceled');
    expect(stripe.paymentIntent(auth.provider_reference!).status).toBe('canceled');
    const voidKeys = stripe.requests.filter(
      (r) => r.path.endsWith('/cancel') && r.path.includes(auth.provider_reference!),
    );
    expect(new Set(voidKeys.map((r) => r.headers['idempotency-key']))).toEqual(
      new Set([`carton:${intent.id}:void`]),
    );
  });

  it('saves a card: a Customer once, the token made a PaymentMethod and attached; paid with it as the Customer’s', async () => {
    const customerId = `cus_carton_${++n}`;
    const first = await saveCard(platform, {
      storeId,
      customerId,
      paymentMethod: 'tok_visa',
      idempotencyKey: `save-${n}`,
    });
    expect(first).toMatchObject({
      created: true,
      card: { brand: 'visa', last4: '4242', exp_month: 12, exp_year: 2030, provider: 'stripe' },
    });
    const made = stripe.requests.filter((r) => r.path === '/v1/customers');
    expect(made.at(-1)!.form).toEqual({
      'metadata[carton_customer_id]': customerId,
      'metadata[carton_store_id]': storeId,
    });
    expect(made.at(-1)!.headers['idempotency-key']).toBe(`carton:customer:${storeId}:${customerId}`);
    const [{ reference, stripeCustomer }] = (
      await platform.db.execute<{ reference: string; stripeCustomer: string }>(sql`
        SELECT c.reference, p.reference AS "stripeCustomer" FROM saved_cards c
        JOIN payment_customers p USING (store_id, customer_id, provider)
        WHERE c.id = ${first.card.id}`)
    ).rows as [{ reference: string; stripeCustomer: string }];
    expect(stripe.paymentMethods.get(reference)!.customer).toBe(stripeCustomer);
    // A second card for the same customer makes no second Customer.
    await saveCard(platform, {
      storeId,
      customerId,
      paymentMethod: 'tok_mastercard',
      idempotencyKey: `save-${++n}`,
    });
    expect(stripe.requests.filter((r) => r.path === '/v1/customers')).toHaveLength(made.length);

    const paid = await createAndAuthorizePayment(platform, {
      storeId,
      amount: 2_500,
      currency: 'USD',
      idempotencyKey: `saved-${n}`,
      paymentMethod: first.card.id,
    });
    expect(paid.status).toBe('authorized');
    expect(paid.card).toEqual({ brand: 'visa', last4: '4242' });
    const asked = stripe.requests.filter((r) => r.path === '/v1/payment_intents').at(-1)!;
    expect(asked.form).toMatchObject({
      payment_method: reference,
      customer: stripeCustomer,
      'expand[0]': 'payment_method',
    });

    // Charged by staff with the customer away: a card that needs a challenge is declined.
    const secure = await saveCard(platform, {
      storeId,
      customerId,
      paymentMethod: 'tok_threeDSecureRequired',
      idempotencyKey: `save-${++n}`,
    });
    const away = await createAndAuthorizePayment(platform, {
      storeId,
      amount: 2_500,
      currency: 'USD',
      idempotencyKey: `away-${n}`,
      paymentMethod: secure.card.id,
      offSession: true,
    });
    expect(away).toMatchObject({ status: 'failed', last_error: { code: 'authentication_required' } });
    expect(stripe.requests.filter((r) => r.path === '/v1/payment_intents').at(-1)!.form.off_session).toBe(
      'true',
    );

    // Bank check on attach: a declining card is not kept.
    await expect(
      saveCard(platform, {
        storeId,
        customerId,
        paymentMethod: 'tok_chargeDeclined',
        idempotencyKey: `save-${++n}`,
      }),
    ).rejects.toMatchObject({ code: 'PAYMENT_DECLINED', message: 'Your card was declined.' });

    // Removed: detached at Stripe; an erasure's sweep deletes the Customer.
    await removeSavedCard(platform, { storeId, customerId, cardId: first.card.id });
    expect(stripe.paymentMethods.get(reference)!.customer).toBeNull();
    await platform.db.execute(
      sql`UPDATE payment_customers SET forget_requested_at = now() WHERE store_id = ${storeId} AND customer_id = ${customerId}`,
    );
    expect(await forgetErasedPaymentCustomers(platform)).toBeGreaterThanOrEqual(1);
    expect(stripe.customers.has(stripeCustomer)).toBe(false);
  });

  it('stores the Stripe secret encrypted, never in clear', async () => {
    const { rows } = await platform.db.execute<{ c: string; h: string }>(
      sql`SELECT stripe_secret_key_ciphertext AS c, stripe_secret_key_hint AS h FROM payment_settings WHERE store_id = ${storeId}`,
    );
    expect(rows[0]!.c).toMatch(/^v1\./);
    expect(rows[0]!.c).not.toContain(stripe.secretKey);
    expect(rows[0]!.h).toBe(`sk_test_…${stripe.secretKey.slice(-4)}`);
  });

  it('a payment method that is not a Stripe payment method or token is refused before anything changes', async () => {
    const intent = await newIntent();
    const err = await authorizePayment(platform, {
      storeId,
      intentId: intent.id,
      paymentMethod: 'visa_card',
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).errors).toEqual([
      { path: 'body.payment_method', message: 'a Stripe payment method (pm_…) or token (tok_…)' },
    ]);
    expect((await getPaymentIntent(platform, { storeId, intentId: intent.id })).status).toBe(
      'requires_payment_method',
    );
  });
});
