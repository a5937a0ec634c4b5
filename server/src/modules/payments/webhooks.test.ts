/**
 * Stripe webhooks over real HTTP: signature valid, forged, altered, stale; duplicates (also
 * concurrent); amounts or currencies that do not match; each handled event type; events out of
 * order. Every refusal is a 4xx problem and changes nothing.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeStripe, stripeEvent, type FakeStripe } from '../../../test/fake-stripe.ts';
import { startTestServer } from '../../../test/harness.ts';
import { createTestStore } from '../../../test/identity.ts';
import { signStripePayload } from './providers/stripe-signature.ts';
import {
  authorizePayment,
  capturePayment,
  createPaymentIntent,
  getPaymentIntent,
  refundPayment,
  updatePaymentSettings,
} from './service.ts';
import { listSavedCards, saveCard } from './saved-cards.ts';
import { acceptDispute, listDisputes, respondToDispute } from './disputes.ts';

const WEBHOOK_SECRET = 'whsec_carton_test_signing_secret_0001';

let stripe: FakeStripe;
let server: Awaited<ReturnType<typeof startTestServer>>;
let storeId: string;
let n = 0;

beforeAll(async () => {
  stripe = await startFakeStripe();
  server = await startTestServer({
    overrides: { STRIPE_API_BASE: stripe.url, PAYMENTS_PROVIDER_TIMEOUT_MS: '300' },
  });
  storeId = (await createTestStore(server)).id;
  await updatePaymentSettings(server.platform, {
    storeId,
    patch: { provider: 'stripe', stripe_secret_key: stripe.secretKey, stripe_webhook_secret: WEBHOOK_SECRET },
  });
});
afterAll(async () => {
  await server?.close();
  await stripe?.close();
});

const hookPath = (store = storeId) => `/ingest/v1/payments/stripe/${store}/webhooks`;

async function deliver(
  body: string,
  options: { secret?: string; timestamp?: number; header?: string | null; store?: string } = {},
) {
  const headers: Record<string, string> = { 'content-type': 'application/json; charset=utf-8' };
  const signature =
    options.header === undefined
      ? signStripePayload(body, options.secret ?? WEBHOOK_SECRET, options.timestamp)
      : options.header;
  if (signature !== null) headers['stripe-signature'] = signature;
  const res = await fetch(`${server.url}${hookPath(options.store)}`, { method: 'POST', headers, body });
  const text = await res.text();
  return {
    status: res.status,
    body: JSON.parse(text) as Record<string, unknown>,
    type: res.headers.get('content-type'),
  };
}

async function intentOn(status: 'authorized' | 'captured' | 'processing', amount = 5_000) {
  const intent = await createPaymentIntent(server.platform, {
    storeId,
    amount,
    currency: 'USD',
    idempotencyKey: `wh-${++n}`,
  });
  if (status === 'processing') {
    stripe.delayAnswers(800);
    try {
      return await authorizePayment(server.platform, {
        storeId,
        intentId: intent.id,
        paymentMethod: 'tok_visa',
      });
    } finally {
      stripe.delayAnswers(0);
    }
  }
  const authorized = await authorizePayment(server.platform, {
    storeId,
    intentId: intent.id,
    paymentMethod: 'tok_visa',
  });
  if (status === 'authorized') return authorized;
  return capturePayment(server.platform, { storeId, intentId: intent.id });
}

/** Everything a webhook could change, to prove a refusal changed nothing. */
async function snapshot(intentId: string) {
  const db = server.platform.db;
  const [intent, events, seen, refunds] = await Promise.all([
    db.execute(sql`SELECT * FROM payment_intents WHERE id = ${intentId}`),
    db.execute(sql`SELECT count(*)::int AS n FROM events WHERE store_id = ${storeId}`),
    db.execute(sql`SELECT count(*)::int AS n FROM payment_webhook_events WHERE store_id = ${storeId}`),
    db.execute(sql`SELECT count(*)::int AS n FROM payment_refunds WHERE store_id = ${storeId}`),
  ]);
  return JSON.stringify([intent.rows, events.rows, seen.rows, refunds.rows]);
}
const latestPi = (metadataIntentId: string) =>
  [...stripe.paymentIntents.values()].find((pi) => pi.metadata.carton_intent_id === metadataIntentId)!;

describe('signatures', () => {
  it('refuses forged, altered, unsigned, stale and future-dated deliveries with 400, changing nothing', async () => {
    const intent = await intentOn('authorized');
    const pi = stripe.paymentIntent(intent.provider_reference!);
    const body = stripeEvent('payment_intent.succeeded', {
      ...pi,
      status: 'succeeded',
      amount_received: pi.amount,
    });
    const before = await snapshot(intent.id);
    const now = Math.floor(Date.now() / 1000);
    const cases: [string, Parameters<typeof deliver>[1], string?][] = [
      ['another secret', { secret: 'whsec_attacker_secret_000000' }],
      ['no signature', { header: null }],
      ['garbage header', { header: 'nonsense' }],
      ['timestamp without v1', { header: `t=${now}` }],
      ['stale (10 minutes old)', { timestamp: now - 600 }],
      ['future-dated', { timestamp: now + 600 }],
      [
        'altered body',
        { header: signStripePayload(body, WEBHOOK_SECRET) },
        body.replace('"succeeded"', '"canceled"'),
      ],
    ];
    for (const [name, options, sent] of cases) {
      const res = await deliver(sent ?? body, options);
      expect({ name, status: res.status, code: res.body.code }).toEqual({
        name,
        status: 400,
        code: 'WEBHOOK_SIGNATURE_INVALID',
      });
      expect(res.type).toMatch(/^application\/problem\+json/);
    }
    expect(await snapshot(intent.id)).toBe(before);
    // The genuine one is applied.
    const ok = await deliver(body);
    expect(ok).toMatchObject({ status: 200, body: { received: true, outcome: 'applied' } });
    expect((await getPaymentIntent(server.platform, { storeId, intentId: intent.id })).status).toBe(
      'captured',
    );
  });

  it('404 for a store without Stripe webhooks, or no such store; 400 for a signed non-event', async () => {
    const other = (await createTestStore(server)).id;
    const body = stripeEvent('payment_intent.succeeded', {});
    expect((await deliver(body, { store: other })).status).toBe(404);
    expect((await deliver(body, { store: 'store_nope' })).status).toBe(404);
    const broken = await deliver('{"id": "evt_1", ');
    expect(broken).toMatchObject({ status: 400, body: { code: 'MALFORMED_JSON' } });
    const notEvent = await deliver(JSON.stringify({ hello: 'world' }));
    expect(notEvent).toMatchObject({ status: 400, body: { code: 'BAD_REQUEST' } });
  });
});

describe('de-duplication', () => {
  it('a redelivered event (same id, signed again) is answered duplicate and changes nothing', async () => {
    const intent = await intentOn('processing');
    expect(intent.status).toBe('processing');
    const pi = latestPi(intent.id);
    const body = stripeEvent(
      'payment_intent.amount_capturable_updated',
      stripe.paymentIntent(pi.id),
      'evt_dup_1',
    );
    expect((await deliver(body)).body).toEqual({ received: true, outcome: 'applied' });
    const after = await snapshot(intent.id);
    expect((await deliver(body)).body).toEqual({ received: true, outcome: 'duplicate' });
    expect(await snapshot(intent.id)).toBe(after);
  });

  it('concurrent deliveries of one event apply it once', async () => {
    const intent = await intentOn('authorized');
    const pi = stripe.paymentIntent(intent.provider_reference!);
    const body = stripeEvent('payment_intent.canceled', { ...pi, status: 'canceled' }, 'evt_concurrent_1');
    const answers = await Promise.all(Array.from({ length: 6 }, () => deliver(body)));
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200, 200, 200]);
    expect(answers.filter((a) => a.body.outcome === 'applied')).toHaveLength(1);
    expect(answers.filter((a) => a.body.outcome === 'duplicate')).toHaveLength(5);
    const { rows } = await server.platform.db.execute<{ n: number }>(
      sql`SELECT count(*)::int AS n FROM events WHERE aggregate_id = ${intent.id} AND type = 'payment.voided'`,
    );
    expect(rows[0]!.n).toBe(1);
  });
});

describe('amounts that do not match', () => {
  it('refuses a different amount or currency with 422 AMOUNT_MISMATCH, changing nothing', async () => {
    const intent = await intentOn('authorized', 5_000);
    const pi = stripe.paymentIntent(intent.provider_reference!);
    const before = await snapshot(intent.id);
    const variants = [
      { ...pi, status: 'succeeded', amount: 4_000, amount_received: 4_000 },
      { ...pi, status: 'succeeded', currency: 'eur', amount_received: 5_000 },
      { ...pi, status: 'succeeded', amount_received: 9_000 },
    ];
    for (const object of variants) {
      const res = await deliver(stripeEvent('payment_intent.succeeded', object, 'evt_mismatch'));
      expect(res).toMatchObject({ status: 422, body: { code: 'AMOUNT_MISMATCH' } });
    }
    expect(await snapshot(intent.id)).toBe(before);
    // Refused events are not remembered: the genuine event with that id is still applied.
    const genuine = await deliver(
      stripeEvent(
        'payment_intent.succeeded',
        { ...pi, status: 'succeeded', amount_received: 5_000 },
        'evt_mismatch',
      ),
    );
    expect(genuine.body.outcome).toBe('applied');
  });

  it('refuses a refund total beyond what was captured', async () => {
    const intent = await intentOn('captured', 3_000);
    const before = await snapshot(intent.id);
    const res = await deliver(
      stripeEvent('charge.refunded', {
        id: 'ch_1',
        object: 'charge',
        amount: 3_000,
        amount_captured: 3_000,
        amount_refunded: 3_001,
        currency: 'usd',
        payment_intent: intent.provider_reference,
      }),
    );
    expect(res).toMatchObject({ status: 422, body: { code: 'AMOUNT_MISMATCH' } });
    expect(await snapshot(intent.id)).toBe(before);
  });
});

describe('events applied to payments', () => {
  it('amount_capturable_updated settles a payment whose answer was lost (found by metadata)', async () => {
    const intent = await intentOn('processing');
    expect(intent.provider_reference).toBeNull();
    const pi = latestPi(intent.id);
    await deliver(stripeEvent('payment_intent.amount_capturable_updated', stripe.paymentIntent(pi.id)));
    expect(await getPaymentIntent(server.platform, { storeId, intentId: intent.id })).toMatchObject({
      status: 'authorized',
      provider_reference: pi.id,
      last_error: null,
    });
  });

  it('payment_failed fails a processing payment with the decline reason', async () => {
    const intent = await intentOn('processing');
    const pi = latestPi(intent.id);
    const res = await deliver(
      stripeEvent('payment_intent.payment_failed', {
        ...stripe.paymentIntent(pi.id),
        status: 'requires_payment_method',
        last_payment_error: {
          code: 'card_declined',
          decline_code: 'insufficient_funds',
          message: 'Your card has insufficient funds.',
        },
      }),
    );
    expect(res.body.outcome).toBe('applied');
    expect(await getPaymentIntent(server.platform, { storeId, intentId: intent.id })).toMatchObject({
      status: 'failed',
      last_error: { code: 'insufficient_funds', message: 'Your card has insufficient funds.' },
    });
  });

  it('succeeded captures; an older event arriving after it is ignored', async () => {
    const intent = await intentOn('authorized');
    const pi = stripe.paymentIntent(intent.provider_reference!);
    const authorizedEvent = stripeEvent('payment_intent.amount_capturable_updated', pi);
    await deliver(
      stripeEvent('payment_intent.succeeded', { ...pi, status: 'succeeded', amount_received: 4_500 }),
    );
    expect(await getPaymentIntent(server.platform, { storeId, intentId: intent.id })).toMatchObject({
      status: 'captured',
      captured_amount: 4_500,
    });
    const late = await deliver(authorizedEvent);
    expect(late.body.outcome).toBe('ignored');
    expect((await getPaymentIntent(server.platform, { storeId, intentId: intent.id })).status).toBe(
      'captured',
    );
    const { rows } = await server.platform.db.execute<{ outcome: string }>(
      sql`SELECT outcome FROM payment_operations WHERE intent_id = ${intent.id} AND operation = 'webhook' ORDER BY id`,
    );
    expect(rows.map((r) => r.outcome)).toEqual(['succeeded', 'ignored']);
  });

  it('charge.refunded records a refund made in Stripe’s dashboard, once; Carton’s own refunds are not counted twice', async () => {
    const intent = await intentOn('captured', 4_000);
    const charge = (refunded: number) => ({
      id: 'ch_dash',
      object: 'charge',
      amount: 4_000,
      amount_captured: 4_000,
      amount_refunded: refunded,
      currency: 'usd',
      payment_intent: intent.provider_reference,
    });
    expect((await deliver(stripeEvent('charge.refunded', charge(1_000)))).body.outcome).toBe('applied');
    let now = await getPaymentIntent(server.platform, { storeId, intentId: intent.id });
    expect(now).toMatchObject({ refunded_amount: 1_000, refundable_amount: 3_000 });
    // Carton refunds 500 itself; Stripe then reports 1,500 in total: nothing new.
    await refundPayment(server.platform, {
      storeId,
      intentId: intent.id,
      amount: 500,
      idempotencyKey: 'wh-own',
    });
    expect((await deliver(stripeEvent('charge.refunded', charge(1_500)))).body.outcome).toBe('ignored');
    now = await getPaymentIntent(server.platform, { storeId, intentId: intent.id });
    expect(now).toMatchObject({ refunded_amount: 1_500, refundable_amount: 2_500 });
    const { rows } = await server.platform.db.execute<{ source: string; amount: number }>(
      sql`SELECT source, amount FROM payment_refunds WHERE intent_id = ${intent.id} ORDER BY id`,
    );
    expect(rows).toEqual([
      { source: 'provider', amount: 1_000 },
      { source: 'carton', amount: 500 },
    ]);
  });

  it('events Carton does not act on, or for payments it does not know, are acknowledged and ignored', async () => {
    expect(
      (await deliver(stripeEvent('customer.created', { id: 'cus_1', object: 'customer' }))).body.outcome,
    ).toBe('ignored');
    const unknown = await deliver(
      stripeEvent('payment_intent.succeeded', {
        id: 'pi_not_carton',
        object: 'payment_intent',
        amount: 100,
        amount_received: 100,
        currency: 'usd',
        status: 'succeeded',
        metadata: {},
      }),
    );
    expect(unknown).toMatchObject({ status: 200, body: { outcome: 'ignored' } });
  });

  it('a saved card renewed by the card networks gets its new details; one detached in Stripe is forgotten here', async () => {
    const customerId = `cus_carton_wh_${++n}`;
    const { card } = await saveCard(server.platform, {
      storeId,
      customerId,
      paymentMethod: 'tok_visa',
      idempotencyKey: `wh-save-${n}`,
    });
    const [{ reference }] = (
      await server.platform.db.execute<{ reference: string }>(
        sql`SELECT reference FROM saved_cards WHERE id = ${card.id}`,
      )
    ).rows as [{ reference: string }];
    const pm = { ...stripe.paymentMethods.get(reference)!, kind: undefined };
    const renewed = { ...pm, card: { ...pm.card, last4: '1881', exp_month: 3, exp_year: 2033 } };
    const updated = await deliver(stripeEvent('payment_method.automatically_updated', renewed));
    expect(updated.body).toEqual({ received: true, outcome: 'applied' });
    const [after] = await listSavedCards(server.platform.db, { storeId, customerId });
    expect(after).toMatchObject({ id: card.id, last4: '1881', exp_month: 3, exp_year: 2033 });

    const detached = await deliver(stripeEvent('payment_method.detached', { ...renewed, customer: null }));
    expect(detached.body).toEqual({ received: true, outcome: 'applied' });
    expect(await listSavedCards(server.platform.db, { storeId, customerId })).toEqual([]);
    const removed = await server.platform.db.execute<{ n: number }>(
      sql`SELECT count(*)::int AS n FROM events WHERE store_id = ${storeId} AND type = 'payment_method.removed' AND aggregate_id = ${customerId}`,
    );
    expect(removed.rows[0]!.n).toBe(1);
    // A card Carton does not keep: acknowledged, nothing changed.
    const unknown = await deliver(stripeEvent('payment_method.detached', { ...renewed, id: 'pm_not_ours' }));
    expect(unknown.body).toEqual({ received: true, outcome: 'ignored' });
  });
});

describe('disputes (chargebacks)', () => {
  it('records a dispute Stripe reports, answers it with evidence Stripe receives, and closes it when decided', async () => {
    const intent = await intentOn('captured');
    const dispute = stripe.openDispute(intent.provider_reference!, 'product_not_received');
    const created = stripeEvent('charge.dispute.created', dispute);
    const res = await deliver(created);
    expect(res.body).toEqual({ received: true, outcome: 'applied' });
    expect((await deliver(created)).body).toEqual({ received: true, outcome: 'duplicate' });
    const [recorded] = (await listDisputes(server.platform, { storeId, query: { intent_id: intent.id } }))
      .data;
    expect(recorded).toMatchObject({
      provider_reference: dispute.id,
      amount: 5_000,
      currency: 'USD',
      reason: 'product_not_received',
      status: 'needs_response',
      open: true,
      needs_response: true,
    });
    expect(new Date(recorded!.evidence_due_by!).getTime()).toBe(dispute.evidence_details.due_by * 1000);

    // More than was captured is not this payment's dispute: 422, nothing changed.
    const before = await snapshot(intent.id);
    const tooMuch = await deliver(
      stripeEvent('charge.dispute.updated', { ...dispute, id: 'dp_other', amount: 9_999 }),
    );
    expect(tooMuch.status).toBe(422);
    expect(tooMuch.body.code).toBe('AMOUNT_MISMATCH');
    expect(await snapshot(intent.id)).toBe(before);

    const answered = await respondToDispute(server.platform, {
      storeId,
      disputeId: recorded!.id,
      input: {
        shipping_carrier: 'UPS',
        shipping_tracking_number: '1Z999',
        uncategorized_text: 'Delivered to the door.',
      },
    });
    expect(answered).toMatchObject({ status: 'under_review', open: true, needs_response: false });
    expect(stripe.disputes.get(dispute.id)!.evidence).toEqual({
      shipping_carrier: 'UPS',
      shipping_tracking_number: '1Z999',
      uncategorized_text: 'Delivered to the door.',
    });
    const sent = stripe.requests.filter((r) => r.path === `/v1/disputes/${dispute.id}`);
    expect(sent).toHaveLength(1);
    expect(sent[0]!.headers['idempotency-key']).toMatch(/^carton:dsp_/);

    const won = stripeEvent('charge.dispute.closed', { ...stripe.disputes.get(dispute.id)!, status: 'won' });
    expect((await deliver(won)).body).toEqual({ received: true, outcome: 'applied' });
    const closed = (await listDisputes(server.platform, { storeId, query: { status: 'closed' } })).data.find(
      (d) => d.id === recorded!.id,
    );
    expect(closed).toMatchObject({ status: 'won', open: false });
    expect(closed!.closed_at).not.toBeNull();
    // A late report of an earlier state changes nothing.
    const late = stripeEvent('charge.dispute.updated', { ...dispute, status: 'under_review' });
    expect((await deliver(late)).body).toEqual({ received: true, outcome: 'ignored' });
    const { rows } = await server.platform.db.execute<{ type: string }>(
      sql`SELECT type FROM events WHERE store_id = ${storeId} AND aggregate_id = ${recorded!.id} ORDER BY id`,
    );
    expect(rows.map((r) => r.type)).toEqual([
      'payment_dispute.opened',
      'payment_dispute.updated',
      'payment_dispute.closed',
    ]);
  });

  it('accepts a dispute at Stripe: lost', async () => {
    const intent = await intentOn('captured');
    const dispute = stripe.openDispute(intent.provider_reference!);
    await deliver(stripeEvent('charge.dispute.created', dispute));
    const [recorded] = (await listDisputes(server.platform, { storeId, query: { intent_id: intent.id } }))
      .data;
    const accepted = await acceptDispute(server.platform, { storeId, disputeId: recorded!.id });
    expect(accepted).toMatchObject({ status: 'lost', open: false });
    expect(accepted.accepted_at).not.toBeNull();
    expect(stripe.disputes.get(dispute.id)!.status).toBe('lost');
    // The payment's own amounts are untouched: Stripe takes a lost dispute from the balance.
    expect(await getPaymentIntent(server.platform, { storeId, intentId: intent.id })).toMatchObject({
      status: 'captured',
      captured_amount: 5_000,
      refunded_amount: 0,
    });
  });
});
