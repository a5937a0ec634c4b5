/**
 * The payments API over real HTTP: the admin routes (permissions, audit, Idempotency-Key, bad
 * input), payment settings with write-only secrets, the storefront status read, and the test
 * processor's 3-D Secure challenge page as a shopper's browser uses it.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer } from '../../../test/harness.ts';
import { call, createStaffSession, createTestApiKey, type StaffSession } from '../../../test/identity.ts';
import { authorizePayment, createPaymentIntent } from './service.ts';
import { testProcessorEnabled } from './settings.ts';

let server: Awaited<ReturnType<typeof startTestServer>>;
let owner: StaffSession;
let staff: StaffSession;
let storeId: string;
let h: Record<string, string>;
let pk: Record<string, string>;
let n = 0;

beforeAll(async () => {
  server = await startTestServer();
  owner = await createStaffSession(server, { role: 'owner' });
  storeId = owner.storeId!;
  staff = await createStaffSession(server, { role: 'staff', storeId });
  h = owner.headers;
  pk = (await createTestApiKey(server, { storeId, kind: 'publishable' })).headers;
});
afterAll(async () => {
  await server?.close();
});

const get = (path: string, headers = h) => call(server, 'GET', path, { headers });
const post = (path: string, body?: unknown, headers = h) => call(server, 'POST', path, { headers, body });

async function authorized(amount = 5_000, paymentMethod = 'tok_visa') {
  const intent = await createPaymentIntent(server.platform, {
    storeId,
    amount,
    currency: 'USD',
    cartId: `cart_r${++n}`,
    idempotencyKey: `routes-${n}`,
  });
  return authorizePayment(server.platform, { storeId, intentId: intent.id, paymentMethod });
}
async function auditActions(entityId: string): Promise<string[]> {
  const { rows } = await server.platform.db.execute<{ action: string }>(
    sql`SELECT action FROM audit_log WHERE store_id = ${storeId} AND entity_id = ${entityId} ORDER BY created_at, id`,
  );
  return rows.map((r) => r.action);
}
function expectProblem(
  res: { status: number; headers: Headers; body: { code?: string } },
  status: number,
  code: string,
) {
  expect({ status: res.status, code: res.body.code }).toEqual({ status, code });
  expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
}

describe('admin: payment intents', () => {
  it('lists newest first, filters by status, pages with a cursor, reads one', async () => {
    const a = await authorized();
    const b = await authorized(1_000, 'tok_chargeDeclined');
    const list = await get('/admin/v1/payment-intents?limit=1');
    expect(list.status).toBe(200);
    expect(list.body.data.map((p: { id: string }) => p.id)).toEqual([b.id]);
    const next = await get(`/admin/v1/payment-intents?limit=1&cursor=${list.body.next_cursor}`);
    expect(next.body.data.map((p: { id: string }) => p.id)).toEqual([a.id]);
    const failed = await get('/admin/v1/payment-intents?status=failed');
    expect(failed.body.data.map((p: { id: string }) => p.id)).toContain(b.id);
    expect(failed.body.data.every((p: { status: string }) => p.status === 'failed')).toBe(true);
    const byCart = await get(`/admin/v1/payment-intents?cart_id=${a.cart_id}`);
    expect(byCart.body.data).toHaveLength(1);

    const one = await get(`/admin/v1/payment-intents/${a.id}`);
    expect(one.body).toMatchObject({ id: a.id, status: 'authorized', amount: 5_000, provider: 'test' });
    expectProblem(await get('/admin/v1/payment-intents/pi_missing'), 404, 'NOT_FOUND');
    expectProblem(await get('/admin/v1/payment-intents?status=paid'), 400, 'VALIDATION_FAILED');
    // Staff may read.
    expect((await get(`/admin/v1/payment-intents/${a.id}`, staff.headers)).status).toBe(200);
    expectProblem(await get('/admin/v1/payment-intents', {}), 401, 'UNAUTHENTICATED');
  });

  it('captures (audited), refunds with Idempotency-Key (one refund), refuses over-refunds', async () => {
    const p = await authorized(5_000);
    expectProblem(
      await post(`/admin/v1/payment-intents/${p.id}/capture`, { amount: 100 }, staff.headers),
      403,
      'FORBIDDEN',
    );
    expectProblem(
      await post(`/admin/v1/payment-intents/${p.id}/capture`, { amount: 'all' }),
      400,
      'VALIDATION_FAILED',
    );
    expectProblem(
      await post(`/admin/v1/payment-intents/${p.id}/capture`, { amount: 9_999 }),
      422,
      'UNPROCESSABLE',
    );
    const captured = await post(`/admin/v1/payment-intents/${p.id}/capture`, { amount: 4_000 });
    expect(captured.status).toBe(200);
    expect(captured.body).toMatchObject({ status: 'captured', captured_amount: 4_000 });

    const key = { ...h, 'idempotency-key': 'refund-once' };
    const r1 = await post(
      `/admin/v1/payment-intents/${p.id}/refunds`,
      { amount: 1_000, reason: 'Returned' },
      key,
    );
    expect(r1.status).toBe(201);
    expect(r1.body).toMatchObject({ status: 'succeeded', amount: 1_000, reason: 'Returned' });
    const r1again = await post(
      `/admin/v1/payment-intents/${p.id}/refunds`,
      { amount: 1_000, reason: 'Returned' },
      key,
    );
    expect(r1again.status).toBe(201);
    expect(r1again.headers.get('idempotent-replayed')).toBe('true');
    expect(r1again.body.id).toBe(r1.body.id);
    const over = await post(`/admin/v1/payment-intents/${p.id}/refunds`, { amount: 3_001 });
    expectProblem(over, 422, 'REFUND_EXCEEDS_CAPTURED');
    expect(over.body.errors).toEqual([{ path: 'body.amount', message: 'at most 3000' }]);
    expectProblem(
      await post(`/admin/v1/payment-intents/${p.id}/refunds`, { amount: -1 }),
      400,
      'VALIDATION_FAILED',
    );
    const rest = await post(`/admin/v1/payment-intents/${p.id}/refunds`, {});
    expect(rest.body.amount).toBe(3_000);

    const refunds = await get(`/admin/v1/payment-intents/${p.id}/refunds`);
    expect(refunds.body.data.map((r: { amount: number }) => r.amount)).toEqual([1_000, 3_000]);
    const ops = await get(`/admin/v1/payment-intents/${p.id}/operations`);
    expect(ops.body.data.map((o: { operation: string }) => o.operation)).toEqual([
      'authorize',
      'capture',
      'refund',
      'refund',
    ]);
    expect(await auditActions(p.id)).toEqual(['payment.captured']);
    expect(await auditActions(r1.body.id)).toEqual(['payment.refunded']);
  });

  it('voids (audited); voiding a captured payment is 409', async () => {
    const p = await authorized();
    const voided = await post(`/admin/v1/payment-intents/${p.id}/void`);
    expect(voided.status).toBe(200);
    expect(voided.body.status).toBe('canceled');
    expect(await auditActions(p.id)).toEqual(['payment.voided']);
    expectProblem(await post(`/admin/v1/payment-intents/${p.id}/capture`), 409, 'INVALID_STATE_TRANSITION');
    const q = await authorized();
    await post(`/admin/v1/payment-intents/${q.id}/capture`);
    expectProblem(await post(`/admin/v1/payment-intents/${q.id}/void`), 409, 'INVALID_STATE_TRANSITION');
  });
});

describe('admin: payment settings', () => {
  it('defaults to the test processor capturing on placement', async () => {
    const res = await get('/admin/v1/payment-settings');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      provider: 'test',
      capture_mode: 'on_placement',
      stripe: {
        secret_key: null,
        webhook_secret: null,
        webhook_url: `/ingest/v1/payments/stripe/${storeId}/webhooks`,
        publishable_key: null,
      },
      manual_methods: [
        { method: 'cash_on_delivery', enabled: false, instructions: null },
        { method: 'bank_transfer', enabled: false, instructions: null },
      ],
      updated_at: null,
    });
  });

  it('stores Stripe secrets write-only (masked), needs both for stripe, audits without secrets', async () => {
    const secretKey = 'sk_test_51Abcdefghijklmnop4242';
    const webhookSecret = 'whsec_abcdefghijklmnopqrstuvwxyz9876';
    expectProblem(
      await call(server, 'PATCH', '/admin/v1/payment-settings', { headers: h, body: { provider: 'stripe' } }),
      422,
      'UNPROCESSABLE',
    );
    expectProblem(
      await call(server, 'PATCH', '/admin/v1/payment-settings', {
        headers: h,
        body: { stripe_secret_key: '4242424242424242' },
      }),
      400,
      'VALIDATION_FAILED',
    );
    expectProblem(
      await call(server, 'PATCH', '/admin/v1/payment-settings', {
        headers: staff.headers,
        body: { capture_mode: 'on_fulfilment' },
      }),
      403,
      'FORBIDDEN',
    );
    const res = await call(server, 'PATCH', '/admin/v1/payment-settings', {
      headers: h,
      body: {
        provider: 'stripe',
        capture_mode: 'on_fulfilment',
        stripe_secret_key: secretKey,
        stripe_webhook_secret: webhookSecret,
      },
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      provider: 'stripe',
      capture_mode: 'on_fulfilment',
      stripe: { secret_key: 'sk_test_…4242', webhook_secret: 'whsec_…9876' },
    });
    const text = JSON.stringify(res.body) + JSON.stringify((await get('/admin/v1/payment-settings')).body);
    expect(text).not.toContain(secretKey);
    expect(text).not.toContain(webhookSecret);
    const { rows } = await server.platform.db.execute<{ after: unknown; before: unknown }>(
      sql`SELECT before, after FROM audit_log WHERE store_id = ${storeId} AND action = 'payment_settings.updated'`,
    );
    expect(rows.length).toBeGreaterThanOrEqual(1);
    expect(JSON.stringify(rows)).not.toContain(secretKey);
    const { rows: events } = await server.platform.db.execute<{ payload: unknown }>(
      sql`SELECT payload FROM events WHERE store_id = ${storeId} AND type = 'payment_settings.updated'`,
    );
    expect(events.map((e) => e.payload)).toEqual([
      { provider: 'stripe', capture_mode: 'on_fulfilment', stripe_configured: true, manual_methods: [] },
    ]);
    // The publishable key is public: shown as is, and handed to the storefront with Stripe.js's URL.
    expectProblem(
      await call(server, 'PATCH', '/admin/v1/payment-settings', {
        headers: h,
        body: { stripe_publishable_key: 'pk_live_51Abcdefghijklmnop4242' },
      }),
      422,
      'UNPROCESSABLE',
    );
    const keyed = await call(server, 'PATCH', '/admin/v1/payment-settings', {
      headers: h,
      body: { stripe_publishable_key: 'pk_test_51Abcdefghijklmnop4242' },
    });
    expect(keyed.body.stripe.publishable_key).toBe('pk_test_51Abcdefghijklmnop4242');
    expect((await get('/store/v1/payment-methods', pk)).body.card).toEqual({
      provider: 'stripe',
      publishable_key: 'pk_test_51Abcdefghijklmnop4242',
      js_url: 'https://js.stripe.com/v3/',
    });
    // Back to the test processor for the rest of the file; removing a secret needs no provider.
    const back = await call(server, 'PATCH', '/admin/v1/payment-settings', {
      headers: h,
      body: { provider: 'test', capture_mode: 'on_placement', stripe_webhook_secret: null },
    });
    expect(back.body.stripe).toMatchObject({ secret_key: 'sk_test_…4242', webhook_secret: null });
  });
});

describe('storefront', () => {
  it("reads a payment's status with the publishable key, and only what a shopper needs", async () => {
    const p = await authorized(1_234, 'tok_chargeDeclinedExpiredCard');
    const res = await get(`/store/v1/payment-intents/${p.id}`, pk);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      id: p.id,
      status: 'failed',
      amount: 1_234,
      currency: 'USD',
      last_error: { code: 'expired_card', message: 'Your card has expired.' },
      next_action: null,
    });
    expectProblem(await get(`/store/v1/payment-intents/${p.id}`, {}), 401, 'UNAUTHENTICATED');
  });

  it('the challenge page: HTML with two buttons; the form answer returns the shopper to the shop', async () => {
    const intent = await createPaymentIntent(server.platform, {
      storeId,
      amount: 4_990,
      currency: 'USD',
      idempotencyKey: 'challenge-page',
    });
    const pending = await authorizePayment(server.platform, {
      storeId,
      intentId: intent.id,
      paymentMethod: 'tok_threeDSecureRequired',
      returnUrl: 'https://shop.example/checkout/done?step=pay',
    });
    const url = `${server.url}${pending.next_action!.url}`;
    const page = await fetch(url);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect(page.headers.get('cache-control')).toBe('no-store');
    expect(page.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(page.headers.get('content-security-policy')).toContain('https://shop.example');
    const html = await page.text();
    expect(html).toContain('<html lang="en">');
    expect(html).toContain('name="viewport"');
    expect(html).toContain('$49.90');
    expect(html).toMatch(/<button type="submit" name="outcome" value="approve">Approve payment<\/button>/);
    expect(html).toMatch(/value="fail">Fail authentication/);

    const answer = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'outcome=approve',
      redirect: 'manual',
    });
    expect(answer.status).toBe(303);
    const back = new URL(answer.headers.get('location')!);
    expect(back.origin + back.pathname).toBe('https://shop.example/checkout/done');
    expect(Object.fromEntries(back.searchParams)).toEqual({
      step: 'pay',
      payment_intent: intent.id,
      status: 'authorized',
    });
    expect((await get(`/store/v1/payment-intents/${intent.id}`, pk)).body.status).toBe('authorized');
    // The page now shows the result.
    expect(await (await fetch(url)).text()).toContain('Payment confirmed');
  });

  it('answers JSON to a client that asks for it; without a return URL shows the result page', async () => {
    const intent = await createPaymentIntent(server.platform, {
      storeId,
      amount: 700,
      currency: 'EUR',
      idempotencyKey: 'challenge-json',
    });
    const pending = await authorizePayment(server.platform, {
      storeId,
      intentId: intent.id,
      paymentMethod: 'tok_threeDSecureRequired',
    });
    const path = pending.next_action!.url;
    expectProblem(await call(server, 'POST', path, { body: { outcome: 'maybe' } }), 400, 'VALIDATION_FAILED');
    const res = await call(server, 'POST', path, {
      headers: { accept: 'application/json' },
      body: { outcome: 'fail' },
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      outcome: 'failed',
      return_url: null,
      payment_intent: { id: intent.id, status: 'failed' },
    });

    const other = await createPaymentIntent(server.platform, {
      storeId,
      amount: 700,
      currency: 'EUR',
      idempotencyKey: 'challenge-html',
    });
    const pending2 = await authorizePayment(server.platform, {
      storeId,
      intentId: other.id,
      paymentMethod: 'tok_threeDSecureRequired',
    });
    const shown = await fetch(`${server.url}${pending2.next_action!.url}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'outcome=approve',
    });
    expect(shown.status).toBe(200);
    expect(await shown.text()).toContain('Payment confirmed');
  });

  it('a forged challenge link is 404 and changes nothing', async () => {
    const intent = await createPaymentIntent(server.platform, {
      storeId,
      amount: 700,
      currency: 'EUR',
      idempotencyKey: 'challenge-forged',
    });
    const pending = await authorizePayment(server.platform, {
      storeId,
      intentId: intent.id,
      paymentMethod: 'tok_threeDSecureRequired',
    });
    const forged = pending.next_action!.url.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A'));
    expectProblem(await call(server, 'GET', forged), 404, 'NOT_FOUND');
    expectProblem(await call(server, 'POST', forged, { body: { outcome: 'approve' } }), 404, 'NOT_FOUND');
    expect((await get(`/store/v1/payment-intents/${intent.id}`, pk)).body.status).toBe('requires_action');
  });
});

describe('with the test processor switched off (as in production)', () => {
  let off: Awaited<ReturnType<typeof startTestServer>>;
  let offOwner: StaffSession;
  beforeAll(async () => {
    off = await startTestServer({ overrides: { PAYMENTS_TEST_PROCESSOR: 'off' } });
    offOwner = await createStaffSession(off, { role: 'owner' });
  });
  afterAll(() => off?.close());

  it('is off by default in production only', () => {
    const config = server.platform.config;
    expect(
      testProcessorEnabled({ ...config, NODE_ENV: 'production', PAYMENTS_TEST_PROCESSOR: undefined }),
    ).toBe(false);
    expect(testProcessorEnabled({ ...config, NODE_ENV: 'production', PAYMENTS_TEST_PROCESSOR: 'on' })).toBe(
      true,
    );
    expect(
      testProcessorEnabled({ ...config, NODE_ENV: 'development', PAYMENTS_TEST_PROCESSOR: undefined }),
    ).toBe(true);
  });

  it('takes no payment through it and cannot be chosen; nothing is written', async () => {
    const storeId = offOwner.storeId!;
    await expect(
      createPaymentIntent(off.platform, {
        storeId,
        amount: 1000,
        currency: 'USD',
        cartId: 'cart_off',
        idempotencyKey: 'off-1',
      }),
    ).rejects.toMatchObject({ code: 'PAYMENTS_NOT_CONFIGURED' });
    expectProblem(
      await call(off, 'PATCH', '/admin/v1/payment-settings', {
        headers: offOwner.headers,
        body: { provider: 'test' },
      }),
      422,
      'UNPROCESSABLE',
    );
    const { rows } = await off.platform.db.execute<{ n: number }>(
      sql`SELECT (SELECT count(*) FROM payment_intents WHERE store_id = ${storeId})
               + (SELECT count(*) FROM payment_settings WHERE store_id = ${storeId}) AS n`,
    );
    expect(Number(rows[0]!.n)).toBe(0);
  });
});
