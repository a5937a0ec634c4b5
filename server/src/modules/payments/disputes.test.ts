/**
 * Disputes over HTTP with the test processor (the Stripe path is in webhooks.test.ts): a
 * cardholder disputes a captured order, the order and the list show it, staff answer once with
 * evidence (won) or accept (lost), audited; what is refused changes nothing.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer } from '../../../test/harness.ts';
import { call, createStaffSession, type StaffSession } from '../../../test/identity.ts';
import { waitForMail } from '../../../test/mail.ts';
import { rowsOf } from '../../../test/records.ts';
import { insertSellableProduct, readyTestCart, sellingTestStore } from '../cart/testing.ts';
import { registerShopper } from '../customers/testing.ts';
import { remindDisputesDue } from '../orders/dispute-reminders.ts';

let server: Awaited<ReturnType<typeof startTestServer>>;
let storeId: string;
let pk: Record<string, string>;
let sk: Record<string, string>;
let variantId: string;
let owner: StaffSession;
let clerk: StaffSession;

beforeAll(async () => {
  server = await startTestServer({ worker: true });
  ({ storeId, pk, sk } = await sellingTestStore(server));
  owner = await createStaffSession(server, { role: 'owner', storeId });
  clerk = await createStaffSession(server, { role: 'staff', storeId });
  variantId = (await insertSellableProduct(server.platform.db, storeId, { price: 2000, stock: 100 }))
    .variantIds[0]!;
});
afterAll(() => server?.close());

const post = (path: string, body?: unknown, headers = sk) => call(server, 'POST', path, { headers, body });
const get = (path: string, headers = sk) => call(server, 'GET', path, { headers });

let n = 0;
async function paidOrder() {
  const cart = await readyTestCart(server, { headers: pk, email: `dispute-${++n}@example.com`, variantId });
  const done = await post(`/store/v1/carts/${cart}/complete`, { payment_method: 'tok_visa' }, pk);
  expect(done.status, JSON.stringify(done.body)).toBe(200);
  return captured(done.body.order.id);
}

/** The order once its payment is captured (the checkout captures just after it answers). */
async function captured(orderId: string) {
  for (let i = 0; ; i++) {
    const order = (await get(`/admin/v1/orders/${orderId}`)).body;
    if (order.payment_status === 'captured' || i === 100) return order;
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('a dispute of a test processor payment', () => {
  it('shows on the order and the list, is answered once with evidence, and is won', async () => {
    const order = await paidOrder();
    expect(order.disputes).toEqual([]);
    const opened = await post(`/admin/v1/payment-intents/${order.payment_intent_id}/test-dispute`, {
      reason: 'product_not_received',
    });
    expect(opened.status, JSON.stringify(opened.body)).toBe(201);
    expect(opened.body).toMatchObject({
      order_id: order.id,
      amount: order.totals.total,
      currency: 'USD',
      reason: 'product_not_received',
      status: 'needs_response',
      open: true,
      needs_response: true,
    });
    const due = new Date(opened.body.evidence_due_by).getTime() - Date.now();
    expect(due).toBeGreaterThan(6.9 * 86_400_000);
    const detail = (await get(`/admin/v1/orders/${order.id}`)).body;
    expect(detail.disputes.map((d: { id: string }) => d.id)).toEqual([opened.body.id]);
    // The owner hears of it with the deadline; a clerk does not.
    const mail = await waitForMail(server, (m) => m.to.includes(owner.email) && /Chargeback/.test(m.subject));
    expect(mail.subject).toContain(`Chargeback on order ${order.display_number} ($`);
    expect(mail.text).toContain('reason: product not received');
    expect(mail.text).toMatch(/by .* UTC/);
    expect(mail.text).toContain(`/admin/orders/${order.id}`);
    const open = (await get('/admin/v1/payment-disputes?status=open')).body.data;
    expect(open.map((d: { id: string }) => d.id)).toContain(opened.body.id);

    const path = `/admin/v1/payment-disputes/${opened.body.id}/evidence`;
    expect((await post(path, {})).status).toBe(400);
    expect((await post(path, { customer_email_address: 'not an address' })).status).toBe(400);
    expect((await post(path, { nonsense: 'x' })).status).toBe(400);
    const answered = await post(path, {
      customer_email_address: order.email,
      product_description: '1 × Product',
      uncategorized_text: 'winning_evidence: signed for at the door.',
    });
    expect(answered.status, JSON.stringify(answered.body)).toBe(200);
    expect(answered.body).toMatchObject({ status: 'won', open: false, needs_response: false });
    expect(answered.body.evidence).toMatchObject({ product_description: '1 × Product' });
    expect(answered.body.evidence_submitted_at).not.toBeNull();
    // Once: a decided dispute takes no second answer, nor an acceptance.
    const again = await post(path, { uncategorized_text: 'more' });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('INVALID_STATE_TRANSITION');
    expect((await post(`/admin/v1/payment-disputes/${opened.body.id}/accept`)).status).toBe(409);
    expect((await get(`/admin/v1/payment-disputes/${opened.body.id}`)).body.status).toBe('won');
    const { rows: told } = await server.platform.db.execute<{ ref: string }>(
      sql`SELECT ref FROM order_notifications WHERE order_id = ${order.id} AND kind = 'dispute'`,
    );
    expect(told.map((r) => r.ref)).toEqual([`${opened.body.id}:${owner.email}`]);
    expect(told.map((r) => r.ref).join()).not.toContain(clerk.email);
    const audited = await rowsOf(
      server.platform.db,
      'audit_log',
      storeId,
      sql`entity_id = ${opened.body.id} AND action = 'payment.dispute_answered'`,
    );
    expect(audited).toHaveLength(1);
  });

  it('reminds the owners once, two days before the deadline, while it is unanswered', async () => {
    const order = await paidOrder();
    const d = (await post(`/admin/v1/payment-intents/${order.payment_intent_id}/test-dispute`)).body;
    expect(await remindDisputesDue(server.platform)).toBe(0); // 7 days left: not yet
    await server.platform.db.execute(
      sql`UPDATE payment_disputes SET evidence_due_by = now() + interval '30 hours' WHERE id = ${d.id}`,
    );
    expect(await remindDisputesDue(server.platform)).toBe(1);
    expect(await remindDisputesDue(server.platform)).toBe(0); // once
    const mail = await waitForMail(server, (m) => m.to.includes(owner.email) && /Reminder/.test(m.subject));
    expect(mail.subject).toContain(`Reminder: the chargeback on order ${order.display_number}`);
    expect(mail.text).toContain(`/admin/orders/${order.id}`);
    // An answered one is not reminded.
    const e = (
      await post(`/admin/v1/payment-intents/${order.payment_intent_id}/test-dispute`, { amount: 50 })
    ).body;
    await post(`/admin/v1/payment-disputes/${e.id}/evidence`, { uncategorized_text: 'Delivered.' });
    await server.platform.db.execute(
      sql`UPDATE payment_disputes SET evidence_due_by = now() + interval '30 hours' WHERE id = ${e.id}`,
    );
    expect(await remindDisputesDue(server.platform)).toBe(0);
  });

  it("is in the shopper's GDPR export with what was answered", async () => {
    const shopper = await registerShopper(server, pk);
    const cart = await readyTestCart(server, { headers: shopper.headers, email: shopper.email, variantId });
    const done = await post(
      `/store/v1/carts/${cart}/complete`,
      { payment_method: 'tok_visa' },
      shopper.headers,
    );
    expect(done.status, JSON.stringify(done.body)).toBe(200);
    const order = await captured(done.body.order.id);
    const opened = await post(`/admin/v1/payment-intents/${order.payment_intent_id}/test-dispute`);
    expect(opened.status, JSON.stringify(opened.body)).toBe(201);
    const d = opened.body;
    await post(`/admin/v1/payment-disputes/${d.id}/evidence`, { customer_email_address: shopper.email });
    const exported = await get(`/admin/v1/customers/${shopper.id}/export`);
    expect(exported.status, JSON.stringify(exported.body)).toBe(200);
    const mine = exported.body.data.orders.orders.find((o: { id: string }) => o.id === order.id);
    expect(mine.disputes).toMatchObject([{ id: d.id, evidence: { customer_email_address: shopper.email } }]);
  });

  it('is lost when accepted; evidence saying so loses it too', async () => {
    const order = await paidOrder();
    const a = (await post(`/admin/v1/payment-intents/${order.payment_intent_id}/test-dispute`)).body;
    const accepted = await post(`/admin/v1/payment-disputes/${a.id}/accept`);
    expect(accepted.status, JSON.stringify(accepted.body)).toBe(200);
    expect(accepted.body).toMatchObject({ status: 'lost', open: false });
    expect(accepted.body.accepted_at).not.toBeNull();
    const b = (
      await post(`/admin/v1/payment-intents/${order.payment_intent_id}/test-dispute`, { amount: 100 })
    ).body;
    expect(b.amount).toBe(100);
    const lost = await post(`/admin/v1/payment-disputes/${b.id}/evidence`, {
      uncategorized_text: 'losing_evidence',
    });
    expect(lost.body.status).toBe('lost');
    const closed = (
      await get(`/admin/v1/payment-disputes?status=closed&intent_id=${order.payment_intent_id}`)
    ).body;
    expect(closed.data.map((d: { id: string }) => d.id).sort()).toEqual([a.id, b.id].sort());
  });

  it('refuses what cannot be disputed or answered, changing nothing', async () => {
    const order = await paidOrder();
    expect((await post('/admin/v1/payment-intents/pi_nope/test-dispute')).status).toBe(404);
    expect(
      (await post(`/admin/v1/payment-intents/${order.payment_intent_id}/test-dispute`, { reason: 'bored' }))
        .status,
    ).toBe(400);
    expect(
      (await post('/admin/v1/payment-disputes/dsp_nope/evidence', { uncategorized_text: 'x' })).status,
    ).toBe(404);
    expect((await get('/admin/v1/payment-disputes/dsp_nope')).status).toBe(404);
    // Nothing captured yet: nothing to dispute.
    await call(server, 'PATCH', '/admin/v1/payment-settings', {
      headers: sk,
      body: { capture_mode: 'on_fulfilment' },
    });
    try {
      const authorized = await paidOrder();
      const refused = await post(`/admin/v1/payment-intents/${authorized.payment_intent_id}/test-dispute`);
      expect(refused.status).toBe(409);
    } finally {
      await call(server, 'PATCH', '/admin/v1/payment-settings', {
        headers: sk,
        body: { capture_mode: 'on_placement' },
      });
    }
    // Another store sees none of this store's disputes.
    const mine = (await post(`/admin/v1/payment-intents/${order.payment_intent_id}/test-dispute`)).body;
    const other = await sellingTestStore(server);
    expect((await get(`/admin/v1/payment-disputes/${mine.id}`, other.sk)).status).toBe(404);
    expect((await get('/admin/v1/payment-disputes', other.sk)).body.data).toEqual([]);
    expect((await post(`/admin/v1/payment-disputes/${mine.id}/accept`, undefined, other.sk)).status).toBe(
      404,
    );
    expect((await get(`/admin/v1/payment-disputes/${mine.id}`)).body.status).toBe('needs_response');
  });
});
