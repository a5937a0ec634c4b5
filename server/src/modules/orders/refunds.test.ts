/**
 * Refunds without a return, over HTTP on a real server with a worker: items the customer keeps,
 * the shipping and an amount of goodwill, given back to the order's gift cards first and the card
 * for the rest, each part with its credit note and the shopper told; refunded units are neither
 * refunded nor returned again; gift cards bought are disabled when refunded (refused once spent);
 * a provider's refusal records the refund failed and releases its units; a crash after the
 * provider refunded is settled by the worker once; racing refunds of the last unit make one.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer } from '../../../test/harness.ts';
import { call } from '../../../test/identity.ts';
import { waitForMail } from '../../../test/mail.ts';
import { pdfText } from '../../../test/pdf.ts';
import { allocate } from '../../platform/money.ts';
import {
  insertSellableProduct,
  sellingTestStore,
  TEXAS_ADDRESS,
  type SellableProduct,
} from '../cart/testing.ts';
import { listRefunds, refundPayment } from '../payments/service.ts';
import { orderRefundFaults } from './refunds.ts';
import { settleDueMoney } from './service.ts';

let server: Awaited<ReturnType<typeof startTestServer>>;
let storeId: string;
let pk: Record<string, string>;
let sk: Record<string, string>;
let shirt: SellableProduct;
let giftCard: SellableProduct;

beforeAll(async () => {
  server = await startTestServer({ worker: true, overrides: { EVENTS_POLL_INTERVAL_MS: '200' } });
  ({ storeId, pk, sk } = await sellingTestStore(server));
  shirt = await insertSellableProduct(server.platform.db, storeId, {
    price: 1999,
    stock: 500,
    title: 'Shirt',
  });
  giftCard = await insertSellableProduct(server.platform.db, storeId, {
    price: 5000,
    title: 'Gift card',
    giftCard: true,
    backorderPolicy: 'allow',
  });
});
afterAll(() => server?.close());
afterEach(() => {
  orderRefundFaults.afterPaymentRefund = null;
  orderRefundFaults.beforePaymentRefund = null;
});

const store = (method: string, path: string, body?: unknown) =>
  call(server, method, `/store/v1${path}`, { headers: pk, body });
const admin = (method: string, path: string, body?: unknown) =>
  call(server, method, `/admin/v1${path}`, { headers: sk, body });

interface Line {
  id: string;
  quantity: number;
  total: number;
  tax: number;
  gift_card: boolean;
}

/** A paid order placed through the store API (shipped when `ship`), with its detail. */
async function paidOrder(
  lines: { variantId: string; quantity: number }[],
  o: { email?: string; giftCards?: string[]; ship?: boolean } = {},
) {
  const email = o.email ?? `buyer-${Date.now()}@example.com`;
  const cart = (
    await store('POST', '/carts', { email, shipping_address: TEXAS_ADDRESS, billing_address: TEXAS_ADDRESS })
  ).body.id as string;
  for (const l of lines) {
    const added = await store('POST', `/carts/${cart}/lines`, {
      variant_id: l.variantId,
      quantity: l.quantity,
    });
    expect(added.status, JSON.stringify(added.body)).toBe(200);
  }
  const options = (await store('GET', `/carts/${cart}/shipping-options`)).body.data as { id: string }[];
  if (options.length) await store('PUT', `/carts/${cart}/shipping-method`, { method_id: options[0]!.id });
  const done = await store('POST', `/carts/${cart}/complete`, {
    payment_method: 'tok_visa',
    ...(o.giftCards ? { gift_cards: o.giftCards } : {}),
  });
  expect(done.status, JSON.stringify(done.body)).toBe(200);
  const orderId = done.body.order.id as string;
  // The capture follows the answer.
  await expect
    .poll(async () => (await admin('GET', `/orders/${orderId}`)).body.payment_status, { timeout: 10_000 })
    .toBe('captured');
  if (o.ship !== false) {
    const shipped = await admin('POST', `/orders/${orderId}/fulfilments`, { carrier: 'UPS' });
    expect(shipped.status, JSON.stringify(shipped.body)).toBe(201);
  }
  return { orderId, email, detail: async () => (await admin('GET', `/orders/${orderId}`)).body };
}

const usd = (minor: number) => `$${(minor / 100).toFixed(2)}`;

/** What units `from`…`from + count − 1` of a line were paid for (the line's amount split over its units). */
const unitsValue = (l: Line, from: number, count: number) =>
  allocate(
    l.total + l.tax,
    Array.from({ length: l.quantity }, () => 1),
  )
    .slice(from, from + count)
    .reduce((s, x) => s + x, 0);

describe('refunding an order without a return', () => {
  it('refunds items kept, shipping and goodwill to the card; credit note, e-mail; never the same units twice', async () => {
    const order = await paidOrder([{ variantId: shirt.variantIds[0]!, quantity: 3 }]);
    const before = await order.detail();
    const line = before.lines[0] as Line;
    const shippingPaid = before.totals.shipping + before.shipping.tax;
    expect(before.payment_status).toBe('captured');

    const res = await admin('POST', `/orders/${order.orderId}/refunds`, {
      lines: [{ order_line_id: line.id, quantity: 1 }],
      shipping_amount: shippingPaid,
      amount: 250,
      reason: 'Arrived with a torn seam',
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    const items = unitsValue(line, 0, 1);
    const amount = items + shippingPaid + 250;
    expect(res.body.refund).toMatchObject({
      display_number: `${before.display_number}-RF1`,
      status: 'refunded',
      reason: 'Arrived with a torn seam',
      items_amount: items,
      shipping_amount: shippingPaid,
      extra_amount: 250,
      amount,
      gift_card_amount: 0,
      refunded_amount: amount,
      lines: [{ order_line_id: line.id, quantity: 1, amount: items, gift_card_ids: [] }],
    });
    expect(res.body.order).toMatchObject({ payment_status: 'partially_refunded', refunded_amount: amount });
    expect(res.body.order.lines[0]).toMatchObject({ refunded_quantity: 1 });
    const refunds = await listRefunds(server.platform, { storeId, intentId: before.payment_intent_id });
    expect(refunds.map((r) => [r.amount, r.reason])).toEqual([[amount, 'Arrived with a torn seam']]);

    // The shopper hears of it; the credit note documents it; the order page lists it.
    const mail = await waitForMail(server, { to: order.email, subject: /^Refund for order/ }, 15_000);
    expect(mail.text).toContain('Arrived with a torn seam');
    expect(mail.text).toContain('1 × Shirt');
    await expect
      .poll(async () => (await order.detail()).credit_notes.map((n: { amount: number }) => n.amount), {
        timeout: 10_000,
      })
      .toEqual([amount]);
    expect((await order.detail()).order_refunds).toHaveLength(1);
    const shopper = await call(
      server,
      'GET',
      `/store/v1/orders/${order.orderId}?token=${encodeURIComponent(
        new URL(mail.text.match(/https?:\/\/\S+/)![0]).searchParams.get('token')!,
      )}`,
      { headers: pk },
    );
    expect(shopper.status, JSON.stringify(shopper.body)).toBe(200);
    expect(shopper.body.order_refunds.map((r: { amount: number }) => r.amount)).toEqual([amount]);

    // The shipping is refunded once; the refunded unit is neither refunded nor returned again.
    const again = await admin('POST', `/orders/${order.orderId}/refunds`, {
      lines: [{ order_line_id: line.id, quantity: 3 }],
      shipping_amount: 1,
    });
    expect(again.status).toBe(422);
    expect(again.body.errors).toEqual([
      { path: 'body.lines.0.quantity', message: 'only 2 shipped and not returned or refunded' },
    ]);
    const shippingAgain = await admin('POST', `/orders/${order.orderId}/refunds`, { shipping_amount: 1 });
    expect(shippingAgain.status).toBe(422);
    expect(shippingAgain.body.errors[0]).toMatchObject({ path: 'body.shipping_amount' });
    const returned = await admin('POST', `/orders/${order.orderId}/returns`, {
      lines: [{ order_line_id: line.id, quantity: 3 }],
    });
    expect(returned.status).toBe(422);
    expect(returned.body.errors[0]).toMatchObject({ message: 'only 2 can be returned' });

    // Two units are returned later: valued after the refunded one, so every part is paid out once.
    const ret = await admin('POST', `/orders/${order.orderId}/returns`, {
      lines: [{ order_line_id: line.id, quantity: 2 }],
    });
    expect(ret.status, JSON.stringify(ret.body)).toBe(201);
    await admin('POST', `/returns/${ret.body.id}/approve`);
    const received = await admin('POST', `/returns/${ret.body.id}/receive`, {});
    expect(received.status, JSON.stringify(received.body)).toBe(200);
    expect(received.body.received_value).toBe(unitsValue(line, 1, 2));
    expect(items + received.body.received_value).toBe(line.total + line.tax);
    // Nothing is left of the goods: only the goodwill's room remains (what was paid less refunded).
    const tooMuch = await admin('POST', `/orders/${order.orderId}/refunds`, {
      lines: [{ order_line_id: line.id, quantity: 1 }],
    });
    expect(tooMuch.status).toBe(422);
    expect(tooMuch.body.errors[0].message).toBe(
      'no unit of this line can be refunded: none shipped, or all came back or were refunded',
    );
  });

  it('refuses bad requests with nothing changed', async () => {
    const order = await paidOrder([{ variantId: shirt.variantIds[0]!, quantity: 1 }], { ship: false });
    const before = await order.detail();
    const line = before.lines[0] as Line;
    const cases: [unknown, number, string][] = [
      [{}, 422, 'body'],
      [{ amount: -1 }, 400, 'body.amount'],
      [{ amount: 1.5 }, 400, 'body.amount'],
      [{ lines: [{ order_line_id: line.id, quantity: 0 }] }, 400, 'body.lines.0.quantity'],
      [{ lines: [{ order_line_id: 'ordln_nope', quantity: 1 }] }, 422, 'body.lines.0.order_line_id'],
      // Not shipped yet: cancel the units instead.
      [{ lines: [{ order_line_id: line.id, quantity: 1 }] }, 422, 'body.lines.0.quantity'],
      [{ amount: before.totals.total + 1 }, 422, 'body.amount'],
      [{ amount: 100, surprise: true }, 400, 'body'],
    ];
    for (const [body, status, path] of cases) {
      const res = await admin('POST', `/orders/${order.orderId}/refunds`, body);
      expect(res.status, JSON.stringify([body, res.body])).toBe(status);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
      expect(
        (res.body.errors as { path: string }[]).some((e) => e.path === path || e.path.startsWith(path)),
        JSON.stringify(res.body),
      ).toBe(true);
    }
    const foreign = await sellingTestStore(server);
    const other = await call(server, 'POST', `/admin/v1/orders/${order.orderId}/refunds`, {
      headers: foreign.sk,
      body: { amount: 100 },
    });
    expect(other.status).toBe(404);
    const after = await order.detail();
    expect(after.order_refunds).toEqual([]);
    expect(after.refunded_amount).toBe(0);
    expect(after.updated_at).toBe(before.updated_at);
  });

  it('gives the gift cards their part first, the card the rest', async () => {
    const card = await admin('POST', '/gift-cards', { currency: 'USD', value: 1500 });
    const order = await paidOrder([{ variantId: shirt.variantIds[0]!, quantity: 2 }], {
      giftCards: [card.body.code],
    });
    const before = await order.detail();
    expect(before.gift_card_total).toBe(1500);
    // The confirmation and the invoice name the card and what it paid, then what the payment covers.
    const last = card.body.last_characters as string;
    const confirmation = await waitForMail(server, { to: order.email, subject: /confirmed/ }, 15_000);
    expect(confirmation.text).toContain(`Gift card ••••${last}: −$15.00`);
    expect(confirmation.text).toContain(`Remaining payment: ${usd(before.totals.total - 1500)}`);
    const invoice = await fetch(`${server.url}/admin/v1/orders/${order.orderId}/invoice.pdf`, {
      headers: sk,
    });
    expect((await pdfText(await invoice.arrayBuffer())).text).toContain(`Gift card ••••${last}`);
    const res = await admin('POST', `/orders/${order.orderId}/refunds`, { amount: 2000 });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.refund).toMatchObject({ amount: 2000, gift_card_amount: 1500, refunded_amount: 2000 });
    expect((await store('POST', '/gift-cards/balance', { code: card.body.code })).body.balance).toBe(1500);
    expect(res.body.order.refunded_amount).toBe(500);
    await expect
      .poll(async () => (await order.detail()).credit_notes.map((n: { amount: number }) => n.amount).sort(), {
        timeout: 10_000,
      })
      .toEqual([1500, 500]);
  });

  it('a gift card disabled since it paid passes its part to a new card, e-mailed', async () => {
    const card = await admin('POST', '/gift-cards', { currency: 'USD', value: 1000 });
    const order = await paidOrder([{ variantId: shirt.variantIds[0]!, quantity: 2 }], {
      giftCards: [card.body.code],
    });
    // Reported lost after paying: staff disabled it.
    expect((await admin('PATCH', `/gift-cards/${card.body.id}`, { disabled: true })).status).toBe(200);
    const res = await admin('POST', `/orders/${order.orderId}/refunds`, { amount: 1200 });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.refund).toMatchObject({ gift_card_amount: 1000, refunded_amount: 1200 });
    const old = (await admin('GET', `/gift-cards/${card.body.id}`)).body;
    expect(old).toMatchObject({ status: 'disabled', balance: 0 });
    expect(old.transactions.map((t: { kind: string; amount: number }) => [t.kind, t.amount])).toEqual(
      expect.arrayContaining([
        ['refund', 1000],
        ['adjust', -1000],
      ]),
    );
    const mail = await waitForMail(
      server,
      (m) => m.to.includes(order.email) && m.subject.startsWith('Store credit for'),
      15_000,
    );
    const code = /Your code: (\S+)/.exec(mail.text)![1]!;
    expect((await store('POST', '/gift-cards/balance', { code })).body).toMatchObject({
      balance: 1000,
      status: 'active',
    });
  });

  it('refunds as store credit: a new gift card e-mailed, the payment untouched and its room taken', async () => {
    const order = await paidOrder([{ variantId: shirt.variantIds[0]!, quantity: 2 }]);
    const before = await order.detail();
    const line = before.lines[0] as Line;
    const res = await admin('POST', `/orders/${order.orderId}/refunds`, {
      lines: [{ order_line_id: line.id, quantity: 1 }],
      to: 'store_credit',
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    const value = unitsValue(line, 0, 1);
    expect(res.body.refund).toMatchObject({ status: 'refunded', amount: value, refunded_amount: value });
    const cardId = res.body.refund.store_credit_gift_card_id as string;
    expect(cardId).toMatch(/^gc_/);
    expect(res.body.order).toMatchObject({ refunded_amount: 0, payment_status: 'captured' });
    const card = (await admin('GET', `/gift-cards/${cardId}`)).body;
    expect(card).toMatchObject({ balance: value, initial_value: value, recipient_email: order.email });
    const codeMail = await waitForMail(
      server,
      (m) =>
        m.to.includes(order.email) && m.subject.startsWith(`Store credit for ${before.display_number}-RF1`),
      15_000,
    );
    expect(codeMail.text).toContain(card.last_characters);
    const news = await waitForMail(server, { to: order.email, subject: /^Refund for order/ }, 15_000);
    expect(news.text).toContain('store credit');
    expect(news.text).not.toContain('back to the card');
    await expect
      .poll(async () => (await order.detail()).credit_notes.map((n: { amount: number }) => n.amount), {
        timeout: 10_000,
      })
      .toEqual([value]);
    // What is left to refund is the payment less the store credit given.
    const all = await admin('POST', `/orders/${order.orderId}/refunds`, { amount: before.totals.total });
    expect(all.status).toBe(422);
    expect(all.body.errors[0]).toMatchObject({
      path: 'body.amount',
      message: `at most ${before.totals.total - value} in all: what is left to refund`,
    });
  });

  it('disables the gift cards bought with refunded units, and refuses once one was spent', async () => {
    const order = await paidOrder([{ variantId: giftCard.variantIds[0]!, quantity: 2 }], { ship: false });
    const bought = async () =>
      (await admin('GET', `/gift-cards?order_id=${order.orderId}`)).body.data as {
        id: string;
        status: string;
      }[];
    await expect.poll(async () => (await bought()).length, { timeout: 15_000 }).toBe(2);
    const line = (await order.detail()).lines[0] as Line;
    expect((await order.detail()).lines[0].fulfilled_quantity).toBe(2);

    const res = await admin('POST', `/orders/${order.orderId}/refunds`, {
      lines: [{ order_line_id: line.id, quantity: 1 }],
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.refund).toMatchObject({ amount: 5000, refunded_amount: 5000 });
    const disabled = res.body.refund.lines[0].gift_card_ids as string[];
    expect(disabled).toHaveLength(1);
    expect((await bought()).find((c) => c.id === disabled[0])!.status).toBe('disabled');

    // The other card is spent in part: it cannot be refunded as a unit any more.
    const other = (await bought()).find((c) => c.id !== disabled[0])!;
    await admin('POST', `/gift-cards/${other.id}/adjustments`, { amount: -100, reason: 'spent' });
    const spent = await admin('POST', `/orders/${order.orderId}/refunds`, {
      lines: [{ order_line_id: line.id, quantity: 1 }],
    });
    expect(spent.status).toBe(422);
    expect(spent.body.errors[0]).toMatchObject({ path: 'body.lines.0.quantity' });
    expect((await bought()).find((c) => c.id === other.id)!.status).toBe('active');
  });

  it('a refusal records the refund failed and releases its units; a crash after the provider refunded settles once', async () => {
    const order = await paidOrder([{ variantId: shirt.variantIds[0]!, quantity: 2 }]);
    const before = await order.detail();
    const line = before.lines[0] as Line;
    // Someone refunds everything on the payments API while this refund is under way.
    orderRefundFaults.beforePaymentRefund = async () => {
      orderRefundFaults.beforePaymentRefund = null;
      await refundPayment(server.platform, {
        storeId,
        intentId: before.payment_intent_id,
        idempotencyKey: `all-${order.orderId}`,
      });
    };
    const refused = await admin('POST', `/orders/${order.orderId}/refunds`, {
      lines: [{ order_line_id: line.id, quantity: 1 }],
    });
    expect(refused.status, JSON.stringify(refused.body)).toBe(502);
    expect(refused.body.code).toBe('PAYMENT_PROVIDER_ERROR');
    const failed = await order.detail();
    expect(failed.order_refunds).toMatchObject([{ status: 'failed', refunded_amount: 0 }]);
    expect(failed.lines[0].refunded_quantity).toBe(0);

    // Another order: the provider refunds, then the process dies before the order records it.
    const next = await paidOrder([{ variantId: shirt.variantIds[0]!, quantity: 1 }]);
    const nextBefore = await next.detail();
    orderRefundFaults.afterPaymentRefund = () => {
      throw new Error('crash after the payment refund');
    };
    const crashed = await admin('POST', `/orders/${next.orderId}/refunds`, { amount: 300 });
    expect(crashed.status).toBe(500);
    orderRefundFaults.afterPaymentRefund = null;
    expect((await next.detail()).order_refunds).toMatchObject([{ status: 'pending' }]);
    const swept = await settleDueMoney(server.platform, { olderThanSeconds: 0 });
    expect(swept.refunds).toBeGreaterThanOrEqual(1);
    expect((await next.detail()).order_refunds).toMatchObject([{ status: 'refunded', refunded_amount: 300 }]);
    const paid = await listRefunds(server.platform, { storeId, intentId: nextBefore.payment_intent_id });
    expect(paid.map((r) => r.amount)).toEqual([300]);
    expect((await settleDueMoney(server.platform, { olderThanSeconds: 0 })).refunds).toBe(0);
  });

  it('refunds a bank transfer marked paid: the shop pays it back, recorded as any refund', async () => {
    const on = await admin('PATCH', '/payment-settings', {
      manual_methods: { bank_transfer: { enabled: true, instructions: 'IBAN GB33 BUKB 2020 1555 5555 55' } },
    });
    expect(on.status, JSON.stringify(on.body)).toBe(200);
    const email = `transfer-${Date.now()}@example.com`;
    const cart = (await store('POST', '/carts', { email, shipping_address: TEXAS_ADDRESS })).body
      .id as string;
    await store('POST', `/carts/${cart}/lines`, { variant_id: shirt.variantIds[0], quantity: 1 });
    const options = (await store('GET', `/carts/${cart}/shipping-options`)).body.data as { id: string }[];
    await store('PUT', `/carts/${cart}/shipping-method`, { method_id: options[0]!.id });
    const done = await store('POST', `/carts/${cart}/complete`, { payment_method: 'bank_transfer' });
    expect(done.status, JSON.stringify(done.body)).toBe(200);
    const orderId = done.body.order.id as string;
    const detail = async () => (await admin('GET', `/orders/${orderId}`)).body;
    // Nothing paid yet: nothing to refund.
    const unpaid = await admin('POST', `/orders/${orderId}/refunds`, { amount: 100 });
    expect(unpaid.status).toBe(422);
    const intentId = (await detail()).payment_intent_id as string;
    expect((await admin('POST', `/payment-intents/${intentId}/capture`, {})).status).toBe(200);
    await expect.poll(async () => (await detail()).payment_status, { timeout: 10_000 }).toBe('captured');
    const res = await admin('POST', `/orders/${orderId}/refunds`, { amount: 500, reason: 'Late delivery' });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.refund).toMatchObject({ status: 'refunded', refunded_amount: 500 });
    expect(res.body.order).toMatchObject({ payment_status: 'partially_refunded', refunded_amount: 500 });
  });

  it('twenty staff refunding the last unit at once make one refund', async () => {
    const order = await paidOrder([{ variantId: shirt.variantIds[0]!, quantity: 1 }]);
    const line = (await order.detail()).lines[0] as Line;
    const answers = await Promise.all(
      Array.from({ length: 20 }, () =>
        admin('POST', `/orders/${order.orderId}/refunds`, {
          lines: [{ order_line_id: line.id, quantity: 1 }],
        }),
      ),
    );
    expect(answers.filter((a) => a.status === 201)).toHaveLength(1);
    expect(answers.filter((a) => a.status === 422)).toHaveLength(19);
    const after = await order.detail();
    expect(after.order_refunds).toHaveLength(1);
    const refunds = await listRefunds(server.platform, { storeId, intentId: after.payment_intent_id });
    expect(refunds).toHaveLength(1);
  });
});
