import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer } from '../../../test/harness.ts';
import { call, createStaffSession, createTestApiKey, type StaffSession } from '../../../test/identity.ts';
import { insertSellableProduct, readyTestCart } from '../cart/testing.ts';
import { useCaptureMode } from '../orders/testing.ts';
import { seedDemoShipping } from '../shipping/seed.ts';
import { seedDemoTax } from '../tax/seed.ts';
import { registerShopper, uniqueEmail } from '../customers/testing.ts';
import { waitForMail } from '../../../test/mail.ts';

/**
 * Gift cards over HTTP with a worker: staff issue one (its code shown once, only its hash kept),
 * adjust and disable it; a shopper checks its balance and spends it at checkout beside a card or
 * alone; a failed checkout gives it back; two checkouts racing for one card never spend more than
 * it holds; cancelling the order, or a return, gives its part back to the card.
 */

let server: Awaited<ReturnType<typeof startTestServer>>;
let owner: StaffSession;
let storeId: string;
let pk: Record<string, string>;
let variant: string;

beforeAll(async () => {
  server = await startTestServer({
    worker: true,
    overrides: { EVENTS_POLL_INTERVAL_MS: '200', LOG_LEVEL: 'error' },
  });
  owner = await createStaffSession(server, { role: 'owner' });
  storeId = owner.storeId!;
  pk = (await createTestApiKey(server, { storeId, kind: 'publishable' })).headers;
  await useCaptureMode(server.platform, storeId, 'on_placement');
  const db = server.platform.db;
  await seedDemoShipping(db, { storeId, country: 'US', currency: 'USD' });
  await seedDemoTax(db, { storeId });
  variant = (await insertSellableProduct(db, storeId, { price: 1500, stock: 1000, title: 'Shirt' }))
    .variantIds[0]!;
});
afterAll(() => server?.close());

const admin = (method: string, path: string, body?: unknown) =>
  call(server, method, path, { headers: owner.headers, body });
const store = (method: string, path: string, body?: unknown) =>
  call(server, method, path, { headers: pk, body });

async function issue(value: number, extra: Record<string, unknown> = {}) {
  const res = await admin('POST', '/admin/v1/gift-cards', { currency: 'USD', value, ...extra });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body as { id: string; code: string; balance: number; last_characters: string };
}

const balanceOf = async (id: string) =>
  (await admin('GET', `/admin/v1/gift-cards/${id}`)).body.balance as number;

async function cartTotal(cartId: string): Promise<number> {
  return (await store('GET', `/store/v1/carts/${cartId}`)).body.totals.total;
}

describe('gift cards', () => {
  it('staff issue, find, adjust and disable a card; a shopper checks its balance', async () => {
    const card = await issue(5000, { note: 'Raffle prize' });
    expect(card.code).toMatch(/^[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}$/);
    expect(card).toMatchObject({ balance: 5000, last_characters: card.code.slice(-4) });
    // Only the hash is kept: the code is never shown again.
    const detail = (await admin('GET', `/admin/v1/gift-cards/${card.id}`)).body;
    expect(detail.code).toBeUndefined();
    expect(detail.transactions).toMatchObject([{ kind: 'issue', amount: 5000, balance_after: 5000 }]);
    const found = (await admin('GET', `/admin/v1/gift-cards?q=${card.last_characters.toLowerCase()}`)).body
      .data;
    expect(found.map((c: { id: string }) => c.id)).toContain(card.id);

    // The shopper types it in lower case with spaces: the same card.
    const typed = card.code.toLowerCase().replace(/-/g, ' ');
    expect((await store('POST', '/store/v1/gift-cards/balance', { code: typed })).body).toMatchObject({
      id: card.id,
      balance: 5000,
      currency: 'USD',
      status: 'active',
    });
    const unknown = await store('POST', '/store/v1/gift-cards/balance', { code: 'AAAA-BBBB-CCCC-DDDD' });
    expect(unknown.status).toBe(422);
    expect(unknown.body.code).toBe('GIFT_CARD_INVALID');

    const adjusted = await admin('POST', `/admin/v1/gift-cards/${card.id}/adjustments`, {
      amount: -1500,
      reason: 'Partly used in the shop',
    });
    expect(adjusted.body).toMatchObject({ balance: 3500 });
    const below = await admin('POST', `/admin/v1/gift-cards/${card.id}/adjustments`, {
      amount: -4000,
      reason: 'too much',
    });
    expect(below.status).toBe(422);
    expect(await balanceOf(card.id)).toBe(3500);

    const disabled = await admin('PATCH', `/admin/v1/gift-cards/${card.id}`, { disabled: true });
    expect(disabled.body.status).toBe('disabled');
    expect((await admin('GET', '/admin/v1/gift-cards?status=disabled')).body.data[0].id).toBe(card.id);

    // Named a recipient, the code goes to them by e-mail (and only there: the list never shows it).
    const recipient = uniqueEmail();
    const gift = await issue(2500, { recipient_email: recipient, expires_at: '2099-12-31T12:00:00Z' });
    const mail = await waitForMail(server, { to: recipient }, 20_000);
    expect(mail.subject).toContain('gift card');
    expect(mail.text).toContain(gift.code);
    expect(mail.text).toContain('$25.00');
    expect(mail.text).toContain('2099');

    // Bad input changes nothing; read-only staff cannot issue.
    expect((await admin('POST', '/admin/v1/gift-cards', { currency: 'USD', value: 0 })).status).toBe(400);
    const reader = await createStaffSession(server, { role: 'read_only', storeId });
    const refused = await call(server, 'POST', '/admin/v1/gift-cards', {
      headers: reader.headers,
      body: { currency: 'USD', value: 100 },
    });
    expect(refused.status).toBe(403);
  });

  it('staff issue many cards at once as a CSV of their codes, all or none', async () => {
    const res = await admin('POST', '/admin/v1/gift-cards/batch', {
      count: 3,
      currency: 'USD',
      value: 1500,
      note: 'Spring fair',
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/csv');
    expect(res.headers.get('content-disposition')).toContain('attachment');
    const [header, ...rows] = (res.body as string).trim().split('\r\n');
    expect(header).toBe('code,last_characters,value,currency,expires_at,id');
    expect(rows).toHaveLength(3);
    for (const row of rows) {
      const [code, last, value] = row.split(',');
      expect(code!.slice(-4)).toBe(last);
      expect(value).toBe('15.00');
      expect((await store('POST', '/store/v1/gift-cards/balance', { code })).body.balance).toBe(1500);
    }
    expect(
      (await admin('POST', '/admin/v1/gift-cards/batch', { count: 501, currency: 'USD', value: 1 })).status,
    ).toBe(400);
    const spring = (await admin('GET', '/admin/v1/gift-cards?limit=200')).body.data.filter(
      (c: { note: string | null }) => c.note === 'Spring fair',
    );
    expect(spring).toHaveLength(3);
  });

  it('pays part of an order beside the card, or all of it alone', async () => {
    const card = await issue(1000);
    const cartId = await readyTestCart(server, { headers: pk, email: uniqueEmail(), variantId: variant });
    const total = await cartTotal(cartId);
    expect(total).toBeGreaterThan(1000);
    const done = await store('POST', `/store/v1/carts/${cartId}/complete`, {
      payment_method: 'tok_visa',
      gift_cards: [card.code],
    });
    expect(done.status, JSON.stringify(done.body)).toBe(200);
    const orderId = done.body.order.id as string;
    const order = (await admin('GET', `/admin/v1/orders/${orderId}`)).body;
    expect(order).toMatchObject({ gift_card_total: 1000 });
    expect(order.gift_cards).toEqual([
      { gift_card_id: card.id, last_characters: card.last_characters, amount: 1000, refunded: 0 },
    ]);
    const intent = (await admin('GET', `/admin/v1/payment-intents/${order.payment_intent_id}`)).body;
    expect(intent.amount).toBe(total - 1000);
    const detail = (await admin('GET', `/admin/v1/gift-cards/${card.id}`)).body;
    expect(detail).toMatchObject({ balance: 0, status: 'used_up' });
    expect(detail.transactions[0]).toMatchObject({ kind: 'redeem', amount: -1000, order_id: orderId });

    // A card holding more than the order pays it all: no payment method is asked for.
    const big = await issue(100_000);
    const cart2 = await readyTestCart(server, { headers: pk, email: uniqueEmail(), variantId: variant });
    const total2 = await cartTotal(cart2);
    const alone = await store('POST', `/store/v1/carts/${cart2}/complete`, { gift_cards: [big.code] });
    expect(alone.status, JSON.stringify(alone.body)).toBe(200);
    expect(await balanceOf(big.id)).toBe(100_000 - total2);

    // A used-up card is refused, with its place in the body; nothing is reserved or charged.
    const cart3 = await readyTestCart(server, { headers: pk, email: uniqueEmail(), variantId: variant });
    const empty = await store('POST', `/store/v1/carts/${cart3}/complete`, {
      payment_method: 'tok_visa',
      gift_cards: [big.code, big.code.toLowerCase(), card.code],
    });
    expect(empty.status).toBe(422);
    expect(empty.body).toMatchObject({ code: 'GIFT_CARD_INVALID', errors: [{ path: 'body.gift_cards.2' }] });
    // Not covered and no payment method: 400, nothing spent.
    const cart4 = await readyTestCart(server, { headers: pk, email: uniqueEmail(), variantId: variant });
    const small = await issue(100);
    const short = await store('POST', `/store/v1/carts/${cart4}/complete`, { gift_cards: [small.code] });
    expect(short.status).toBe(400);
    expect(await balanceOf(small.id)).toBe(100);
  });

  it('a declined card gives the gift card back; two checkouts never spend more than it holds', async () => {
    const card = await issue(800);
    const cartId = await readyTestCart(server, { headers: pk, email: uniqueEmail(), variantId: variant });
    const declined = await store('POST', `/store/v1/carts/${cartId}/complete`, {
      payment_method: 'tok_chargeDeclined',
      gift_cards: [card.code],
    });
    expect(declined.status).toBe(402);
    const after = (await admin('GET', `/admin/v1/gift-cards/${card.id}`)).body;
    expect(after.balance).toBe(800);
    expect(after.transactions.map((t: { kind: string }) => t.kind)).toEqual(['release', 'redeem', 'issue']);

    // Five carts race for the same 800: exactly one spends it, the others are refused (409) or
    // find nothing left on it (422) — and pay nothing.
    const carts = await Promise.all(
      [1, 2, 3, 4, 5].map(() =>
        readyTestCart(server, { headers: pk, email: uniqueEmail(), variantId: variant }),
      ),
    );
    const results = await Promise.all(
      carts.map((id) =>
        store('POST', `/store/v1/carts/${id}/complete`, {
          payment_method: 'tok_visa',
          gift_cards: [card.code],
        }),
      ),
    );
    const statuses = results.map((r) => r.status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    for (const r of results.filter((x) => x.status !== 200)) {
      expect(['GIFT_CARD_BALANCE_CHANGED', 'GIFT_CARD_INVALID']).toContain(r.body.code);
    }
    const final = (await admin('GET', `/admin/v1/gift-cards/${card.id}`)).body;
    expect(final.balance).toBe(0);
    const spent = final.transactions.reduce((s: number, t: { amount: number }) => s + t.amount, 0);
    expect(spent).toBe(0); // issued 800, spent 800, whatever was given back was spent once
  });

  it('cancelling the order, or a return, gives the gift card its part back', async () => {
    const card = await issue(1000);
    const cartId = await readyTestCart(server, { headers: pk, email: uniqueEmail(), variantId: variant });
    const done = await store('POST', `/store/v1/carts/${cartId}/complete`, {
      payment_method: 'tok_visa',
      gift_cards: [card.code],
    });
    const orderId = done.body.order.id as string;
    const cancelled = await admin('POST', `/admin/v1/orders/${orderId}/cancel`, { reason: 'Out of stock' });
    expect(cancelled.status, JSON.stringify(cancelled.body)).toBe(200);
    expect(await balanceOf(card.id)).toBe(1000);
    const order = (await admin('GET', `/admin/v1/orders/${orderId}`)).body;
    expect(order.gift_cards[0]).toMatchObject({ amount: 1000, refunded: 1000 });
    expect(order.credit_notes.some((n: { amount: number }) => n.amount === 1000)).toBe(true);
    // Asked again (a retry), nothing more goes back.
    await admin('POST', `/admin/v1/orders/${orderId}/cancel`, { reason: 'Out of stock' });
    expect(await balanceOf(card.id)).toBe(1000);

    // A return: the gift card gets its part back first, the card payment the rest.
    const card2 = await issue(500);
    const cart2 = await readyTestCart(server, { headers: pk, email: uniqueEmail(), variantId: variant });
    const placed = await store('POST', `/store/v1/carts/${cart2}/complete`, {
      payment_method: 'tok_visa',
      gift_cards: [card2.code],
    });
    const id2 = placed.body.order.id as string;
    const o2 = (await admin('GET', `/admin/v1/orders/${id2}`)).body;
    expect((await admin('POST', `/admin/v1/orders/${id2}/fulfilments`, {})).status).toBe(201);
    const ret = await admin('POST', `/admin/v1/orders/${id2}/returns`, {
      lines: [{ order_line_id: o2.lines[0].id, quantity: 1 }],
    });
    expect(ret.status, JSON.stringify(ret.body)).toBe(201);
    const retId = ret.body.id as string;
    await admin('POST', `/admin/v1/returns/${retId}/approve`, {});
    await admin('POST', `/admin/v1/returns/${retId}/receive`, {});
    const refunded = await admin('POST', `/admin/v1/returns/${retId}/refund`, { amount: 700 });
    expect(refunded.status, JSON.stringify(refunded.body)).toBe(200);
    expect(refunded.body.refunded_amount).toBe(700);
    expect(await balanceOf(card2.id)).toBe(500);
    const intent = (await admin('GET', `/admin/v1/payment-intents/${o2.payment_intent_id}`)).body;
    expect(intent.refunded_amount).toBe(200);
  });

  it('a signed-in shopper sees their own cards and spends one by id, without its code', async () => {
    const ann = await registerShopper(server, pk);
    const bob = await registerShopper(server, pk);
    const credit = await issue(700, { customer_id: ann.id, note: 'Goodwill' });
    const mine = await call(server, 'GET', '/store/v1/customers/me/gift-cards', { headers: ann.headers });
    expect(mine.body.data).toMatchObject([{ id: credit.id, balance: 700, status: 'active' }]);
    expect(mine.body.data[0].code).toBeUndefined();
    expect(
      (await call(server, 'GET', '/store/v1/customers/me/gift-cards', { headers: bob.headers })).body.data,
    ).toEqual([]);

    // Someone else's card, or a guest naming it: not found, nothing spent.
    const bobsCart = await readyTestCart(server, {
      headers: bob.headers,
      email: bob.email,
      variantId: variant,
    });
    const stolen = await call(server, 'POST', `/store/v1/carts/${bobsCart}/complete`, {
      headers: bob.headers,
      body: { payment_method: 'tok_visa', gift_card_ids: [credit.id] },
    });
    expect(stolen.status).toBe(422);
    expect(stolen.body).toMatchObject({
      code: 'GIFT_CARD_INVALID',
      errors: [{ path: 'body.gift_card_ids.0' }],
    });
    const guestCart = await readyTestCart(server, { headers: pk, email: uniqueEmail(), variantId: variant });
    const guest = await store('POST', `/store/v1/carts/${guestCart}/complete`, {
      payment_method: 'tok_visa',
      gift_card_ids: [credit.id],
    });
    expect(guest.status).toBe(422);

    const annsCart = await readyTestCart(server, {
      headers: ann.headers,
      email: ann.email,
      variantId: variant,
    });
    const paid = await call(server, 'POST', `/store/v1/carts/${annsCart}/complete`, {
      headers: ann.headers,
      body: { payment_method: 'tok_visa', gift_card_ids: [credit.id] },
    });
    expect(paid.status, JSON.stringify(paid.body)).toBe(200);
    expect(await balanceOf(credit.id)).toBe(0);
    expect((await admin('GET', `/admin/v1/orders/${paid.body.order.id}`)).body.gift_card_total).toBe(700);
  });

  it('a return refunded as store credit: a new gift card for the customer, its code e-mailed', async () => {
    const email = uniqueEmail();
    const cartId = await readyTestCart(server, { headers: pk, email, variantId: variant });
    const placed = await store('POST', `/store/v1/carts/${cartId}/complete`, { payment_method: 'tok_visa' });
    const orderId = placed.body.order.id as string;
    const order = (await admin('GET', `/admin/v1/orders/${orderId}`)).body;
    expect((await admin('POST', `/admin/v1/orders/${orderId}/fulfilments`, {})).status).toBe(201);
    const ret = (
      await admin('POST', `/admin/v1/orders/${orderId}/returns`, {
        lines: [{ order_line_id: order.lines[0].id, quantity: 1 }],
      })
    ).body;
    await admin('POST', `/admin/v1/returns/${ret.id}/approve`, {});
    const received = (await admin('POST', `/admin/v1/returns/${ret.id}/receive`, {})).body;
    // More than the units were worth: refused, nothing issued.
    const tooMuch = await admin('POST', `/admin/v1/returns/${ret.id}/refund`, {
      to: 'store_credit',
      amount: received.received_value + 1,
    });
    expect(tooMuch.status).toBe(422);
    const refunded = await admin('POST', `/admin/v1/returns/${ret.id}/refund`, { to: 'store_credit' });
    expect(refunded.status, JSON.stringify(refunded.body)).toBe(200);
    expect(refunded.body).toMatchObject({ status: 'refunded', refunded_amount: received.received_value });
    const cardId = refunded.body.store_credit_gift_card_id as string;
    const card = (await admin('GET', `/admin/v1/gift-cards/${cardId}`)).body;
    expect(card).toMatchObject({ balance: received.received_value, recipient_email: email });
    // The payment is not refunded; a retry issues nothing more.
    const intent = (await admin('GET', `/admin/v1/payment-intents/${order.payment_intent_id}`)).body;
    expect(intent.refunded_amount).toBe(0);
    await admin('POST', `/admin/v1/returns/${ret.id}/refund`, { to: 'store_credit' });
    expect((await admin('GET', `/admin/v1/gift-cards?q=${email}`)).body.data).toHaveLength(1);
    // The code reaches the customer, and spends like any gift card.
    const mail = await waitForMail(server, { to: email, subject: /Store credit/ }, 20_000);
    const code = /[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}/.exec(mail.text)![0];
    expect((await store('POST', '/store/v1/gift-cards/balance', { code })).body.balance).toBe(
      received.received_value,
    );
    const notes = (await admin('GET', `/admin/v1/orders/${orderId}`)).body.credit_notes;
    expect(notes).toMatchObject([{ kind: 'return', amount: received.received_value, return_id: ret.id }]);
  });

  it('cancelled units give the gift card back first, the card payment the rest', async () => {
    const card = await issue(1000);
    const cartId = await readyTestCart(server, {
      headers: pk,
      email: uniqueEmail(),
      variantId: variant,
      quantity: 2,
    });
    const done = await store('POST', `/store/v1/carts/${cartId}/complete`, {
      payment_method: 'tok_visa',
      gift_cards: [card.code],
    });
    const orderId = done.body.order.id as string;
    const order = (await admin('GET', `/admin/v1/orders/${orderId}`)).body;
    const cancelled = await admin('POST', `/admin/v1/orders/${orderId}/cancel-items`, {
      lines: [{ order_line_id: order.lines[0].id, quantity: 1 }],
      reason: 'Damaged in the warehouse',
    });
    expect(cancelled.status, JSON.stringify(cancelled.body)).toBe(200);
    const value = cancelled.body.cancellation.amount as number;
    expect(value).toBeGreaterThan(1000);
    expect(await balanceOf(card.id)).toBe(1000);
    const intent = (await admin('GET', `/admin/v1/payment-intents/${order.payment_intent_id}`)).body;
    expect(intent.refunded_amount).toBe(value - 1000);
    // The order's money adds up: what is left paid equals what is still owed.
    const after = (await admin('GET', `/admin/v1/orders/${orderId}`)).body;
    const paid =
      intent.captured_amount - intent.refunded_amount + after.gift_card_total - after.gift_cards[0].refunded;
    expect(paid).toBe(after.totals.total - after.cancelled_amount);
  });
});
