/**
 * Saved cards over HTTP with the test processor: a signed-in shopper saves a card (on the account
 * page, or ticking "save this card" at checkout), pays with it by its id, removes it; bad input
 * and other shoppers' cards are refused with nothing changed; a GDPR erasure forgets the cards
 * here and, through the payments sweep, at the processor.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer } from '../../../test/harness.ts';
import { call, createStaffSession, createTestApiKey, type StaffSession } from '../../../test/identity.ts';
import { auditedIds, eventsOf, rowsOf } from '../../../test/records.ts';
import { insertSellableProduct, readyTestCart, sellingTestStore } from '../cart/testing.ts';
import { eventually, registerShopper, uniqueEmail, type TestShopper } from '../customers/testing.ts';
import { useCaptureMode } from '../orders/testing.ts';
import { seedDemoShipping } from '../shipping/seed.ts';
import { seedDemoTax } from '../tax/seed.ts';
import { startFakeStripe, type FakeStripe } from '../../../test/fake-stripe.ts';
import { retryStuckPayments, updatePaymentSettings } from './service.ts';

let stripe: FakeStripe;
let server: Awaited<ReturnType<typeof startTestServer>>;
let owner: StaffSession;
let storeId: string;
let pk: Record<string, string>;
let variant: string;

beforeAll(async () => {
  stripe = await startFakeStripe();
  server = await startTestServer({
    worker: true,
    overrides: { LOG_LEVEL: 'error', STRIPE_API_BASE: stripe.url },
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
afterAll(async () => {
  await server?.close();
  await stripe?.close();
});

const ME = '/store/v1/customers/me/payment-methods';
const mine = async (shopper: TestShopper) =>
  (await call(server, 'GET', ME, { headers: shopper.headers })).body.data as {
    id: string;
    brand: string;
    last4: string;
    last_used_at: string | null;
  }[];
const save = (shopper: TestShopper, paymentMethod: unknown, headers: Record<string, string> = {}) =>
  call(server, 'POST', ME, {
    headers: { ...shopper.headers, ...headers },
    body: { payment_method: paymentMethod },
  });
const cartOf = (shopper: TestShopper | null) =>
  readyTestCart(server, {
    headers: shopper?.headers ?? pk,
    email: shopper?.email ?? uniqueEmail('guest'),
    variantId: variant,
  });
const complete = (headers: Record<string, string>, cartId: string, body: Record<string, unknown>) =>
  call(server, 'POST', `/store/v1/carts/${cartId}/complete`, { headers, body });
const attemptsOf = async (cartId: string) =>
  (await rowsOf(server.platform.db, 'checkouts', storeId, sql`cart_id = ${cartId}`)).length;

describe('saved cards', () => {
  it('a shopper saves a card once, sees it, and no one else does', async () => {
    const ann = await registerShopper(server, pk);
    const bob = await registerShopper(server, pk);
    const first = await save(ann, 'tok_visa');
    expect(first.status, JSON.stringify(first.body)).toBe(201);
    expect(first.body).toMatchObject({ brand: 'visa', last4: '4242', expired: false, provider: 'test' });
    expect(first.body.id).toMatch(/^cpm_/);
    expect(first.body.exp_year).toBeGreaterThan(new Date().getUTCFullYear());
    // The same card again is the card saved before (its processor copy renewed, the old one let go).
    const again = await save(ann, 'tok_visa');
    expect(again.status).toBe(200);
    expect(again.body.id).toBe(first.body.id);
    const vault = await rowsOf<{ detached_at: Date | null }>(
      server.platform.db,
      'test_processor_cards',
      storeId,
    );
    expect(vault.filter((c) => c.detached_at === null)).toHaveLength(1);
    expect(await mine(ann)).toMatchObject([{ id: first.body.id, last4: '4242' }]);
    expect(await mine(bob)).toEqual([]);
    const saved = await eventsOf(server.platform.db, storeId, 'payment_method.saved');
    expect(saved.filter((e) => e.customer_id === ann.id)).toHaveLength(1);
    // Only what a shopper needs to recognise the card is kept: no number, no token.
    const [row] = await rowsOf(server.platform.db, 'saved_cards', storeId, sql`id = ${first.body.id}`);
    expect(JSON.stringify(row)).not.toContain('tok_visa');
    // Bob can neither see nor remove Ann's card.
    const stolen = await call(server, 'DELETE', `${ME}/${first.body.id}`, { headers: bob.headers });
    expect(stolen.status).toBe(404);
    expect(await mine(ann)).toHaveLength(1);
    // Guests have no saved cards.
    expect((await call(server, 'GET', ME, { headers: pk })).status).toBe(403);
  });

  it('refuses bad cards with a clear answer and keeps nothing', async () => {
    const ann = await registerShopper(server, pk);
    const declined = await save(ann, 'tok_chargeDeclinedInsufficientFunds');
    expect(declined.status).toBe(402);
    expect(declined.headers.get('content-type')).toContain('application/problem+json');
    expect(declined.body).toMatchObject({
      code: 'PAYMENT_DECLINED',
      detail: 'Your card has insufficient funds.',
    });
    const unknown = await save(ann, 'tok_nope');
    expect(unknown.status).toBe(400);
    expect(unknown.body.errors[0].path).toBe('body.payment_method');
    const number = await save(ann, '4242 4242 4242 4242');
    expect(number.status).toBe(400);
    expect(JSON.stringify(number.body)).not.toContain('4242 4242');
    const down = await save(ann, 'tok_timeout');
    expect(down.status).toBe(503);
    expect(await mine(ann)).toEqual([]);
    expect((await call(server, 'DELETE', `${ME}/cpm_nothing`, { headers: ann.headers })).status).toBe(404);
  });

  it('pays with a saved card by its id, only the shopper who saved it', async () => {
    const ann = await registerShopper(server, pk);
    const bob = await registerShopper(server, pk);
    const card = (await save(ann, 'tok_mastercard')).body;
    const cart = await cartOf(ann);
    const paid = await complete(ann.headers, cart, { payment_method: card.id });
    expect(paid.status, JSON.stringify(paid.body)).toBe(200);
    expect(paid.body.order.id).toMatch(/^ord_/);
    // Captured on placement, as the store captures, right after the answer.
    const intent = await eventually(async () => {
      const [row] = await rowsOf<{ payment_method: string; status: string }>(
        server.platform.db,
        'payment_intents',
        storeId,
        sql`cart_id = ${cart}`,
      );
      return row?.status === 'captured' ? row : null;
    });
    expect(intent!.payment_method).toBe(card.id);
    // What people read of the payment: the card, not its id.
    const shown = await call(server, 'GET', `/admin/v1/payment-intents?cart_id=${cart}`, {
      headers: owner.headers,
    });
    expect(shown.body.data[0].card).toEqual({ brand: 'mastercard', last4: '4444' });
    expect((await mine(ann))[0]!.last_used_at).not.toBeNull();

    // Bob, and a guest, naming Ann's card: 422 before anything is reserved or charged.
    const bobsCart = await cartOf(bob);
    const theft = await complete(bob.headers, bobsCart, { payment_method: card.id });
    expect(theft.status).toBe(422);
    expect(theft.body.errors).toEqual([
      { path: 'body.payment_method', message: 'not one of your saved cards' },
    ]);
    const guestCart = await cartOf(null);
    const guest = await complete(pk, guestCart, { payment_method: card.id });
    expect(guest.status).toBe(422);
    expect(await attemptsOf(bobsCart)).toBe(0);
    expect(await attemptsOf(guestCart)).toBe(0);

    // An expired card is refused, naming when it expired.
    await server.platform.db.execute(
      sql`UPDATE saved_cards SET exp_month = 1, exp_year = 2021 WHERE id = ${card.id}`,
    );
    const annsNext = await cartOf(ann);
    const expired = await complete(ann.headers, annsNext, { payment_method: card.id });
    expect(expired.status).toBe(422);
    expect(expired.body.errors[0].message).toBe('the card expired 01/2021');
    expect((await mine(ann))[0]).toMatchObject({ expired: true });
  });

  it('saves the card at checkout when asked — once, however many times the shopper clicks', async () => {
    const ann = await registerShopper(server, pk);
    const cart = await cartOf(ann);
    const clicks = await Promise.all(
      Array.from({ length: 5 }, () =>
        complete(ann.headers, cart, { payment_method: 'tok_amex', save_payment_method: true }),
      ),
    );
    expect(clicks.map((c) => c.status)).toEqual([200, 200, 200, 200, 200]);
    expect(new Set(clicks.map((c) => c.body.order.id)).size).toBe(1);
    const cards = await mine(ann);
    expect(cards).toMatchObject([{ brand: 'amex', last4: '8431' }]);
    const [intent] = await rowsOf<{ payment_method: string }>(
      server.platform.db,
      'payment_intents',
      storeId,
      sql`cart_id = ${cart}`,
    );
    expect(intent!.payment_method).toBe(cards[0]!.id);

    // A card declined when saved: 402, no attempt, nothing kept; a guest cannot save one.
    const next = await cartOf(ann);
    const declined = await complete(ann.headers, next, {
      payment_method: 'tok_chargeDeclined',
      save_payment_method: true,
    });
    expect(declined.status).toBe(402);
    expect(await attemptsOf(next)).toBe(0);
    expect(await mine(ann)).toHaveLength(1);
    const guestCart = await cartOf(null);
    const guest = await complete(pk, guestCart, { payment_method: 'tok_visa', save_payment_method: true });
    expect(guest.status).toBe(400);
    expect(guest.body.errors).toEqual([
      { path: 'body.save_payment_method', message: 'saved cards are for signed-in shoppers' },
    ]);
  });

  it('a removed card is detached at the processor and pays no more; at most ten are kept', async () => {
    const ann = await registerShopper(server, pk);
    const card = (await save(ann, 'tok_visa_debit')).body;
    const removed = await call(server, 'DELETE', `${ME}/${card.id}`, { headers: ann.headers });
    expect(removed.status).toBe(204);
    expect(await mine(ann)).toEqual([]);
    const vault = await rowsOf<{ detached_at: Date | null }>(
      server.platform.db,
      'test_processor_cards',
      storeId,
      sql`detached_at IS NOT NULL`,
    );
    expect(vault.length).toBeGreaterThanOrEqual(1);
    expect(await eventsOf(server.platform.db, storeId, 'payment_method.removed')).toContainEqual(
      expect.objectContaining({ customer_id: ann.id }),
    );
    const cart = await cartOf(ann);
    expect((await complete(ann.headers, cart, { payment_method: card.id })).status).toBe(422);

    // Ten cards (made here: the test processor has fewer distinct cards), then an eleventh is refused.
    for (let i = 0; i < 10; i++) {
      await server.platform.db.execute(sql`
        INSERT INTO saved_cards (id, store_id, customer_id, provider, reference, fingerprint, brand, last4, exp_month, exp_year)
        VALUES (${`cpm_fill${i}${ann.id}`}, ${storeId}, ${ann.id}, 'test', ${`pm_fill${i}`}, ${`fp_${i}`}, 'visa', '1111', 1, 2099)`);
    }
    const eleventh = await save(ann, 'tok_visa');
    expect(eleventh.status).toBe(400);
    expect(eleventh.body.errors[0].message).toBe('at most 10 saved cards: remove one first');
  });

  it('staff see a customer’s cards and remove one, audited', async () => {
    const ann = await registerShopper(server, pk);
    const card = (await save(ann, 'tok_visa')).body;
    const admin = (method: string, path: string) => call(server, method, path, { headers: owner.headers });
    const listed = await admin('GET', `/admin/v1/customers/${ann.id}/payment-methods`);
    expect(listed.body.data).toMatchObject([{ id: card.id, last4: '4242' }]);
    expect((await admin('DELETE', `/admin/v1/customers/${ann.id}/payment-methods/${card.id}`)).status).toBe(
      204,
    );
    expect(await auditedIds(server.platform.db, storeId, 'payment_method.removed')).toContain(card.id);
    expect((await admin('GET', `/admin/v1/customers/${ann.id}/payment-methods`)).body.data).toEqual([]);
  });

  it('a GDPR export lists the cards; an erasure forgets them here and at the processor', async () => {
    const ann = await registerShopper(server, pk);
    await save(ann, 'tok_visa');
    await save(ann, 'tok_mastercard');
    const exported = await call(server, 'GET', '/store/v1/customers/me/export', { headers: ann.headers });
    expect(exported.status).toBe(200);
    expect(JSON.stringify(exported.body)).toContain('"last4":"4444"');
    const erased = await call(server, 'POST', `/admin/v1/customers/${ann.id}/erase`, {
      headers: owner.headers,
      body: { confirm_email: ann.email },
    });
    expect(erased.status, JSON.stringify(erased.body)).toBe(200);
    expect(await rowsOf(server.platform.db, 'saved_cards', storeId, sql`customer_id = ${ann.id}`)).toEqual(
      [],
    );
    const [customer] = await rowsOf<{ reference: string; forget_requested_at: Date | null }>(
      server.platform.db,
      'payment_customers',
      storeId,
      sql`customer_id = ${ann.id}`,
    );
    expect(customer!.forget_requested_at).not.toBeNull();
    const swept = await retryStuckPayments(server.platform, { olderThanSeconds: 60 });
    expect(swept.forgotten).toBeGreaterThanOrEqual(1);
    expect(
      await rowsOf(
        server.platform.db,
        'test_processor_cards',
        storeId,
        sql`customer_reference = ${customer!.reference}`,
      ),
    ).toEqual([]);
    expect(
      await rowsOf(server.platform.db, 'payment_customers', storeId, sql`customer_id = ${ann.id}`),
    ).toEqual([]);
  });

  it('on Stripe: a card declined when saved at checkout, then another card saved and paid with', async () => {
    // A store of its own on Stripe (the local stand-in), selling the same way.
    const { storeId: sid, pk: spk } = await sellingTestStore(server);
    await updatePaymentSettings(server.platform, {
      storeId: sid,
      patch: {
        provider: 'stripe',
        stripe_secret_key: stripe.secretKey,
        stripe_webhook_secret: 'whsec_saved_cards_01',
      },
    });
    const item = (
      await insertSellableProduct(server.platform.db, sid, { price: 900, stock: 10, title: 'Sock' })
    ).variantIds[0]!;
    const ann = await registerShopper(server, spk);
    const cart = await readyTestCart(server, { headers: ann.headers, email: ann.email, variantId: item });
    const declined = await complete(ann.headers, cart, {
      payment_method: 'tok_chargeDeclined',
      save_payment_method: true,
    });
    expect(declined.status).toBe(402);
    // The same cart, another card: a new request to Stripe, not the declined one's replay.
    const paid = await complete(ann.headers, cart, { payment_method: 'tok_visa', save_payment_method: true });
    expect(paid.status, JSON.stringify(paid.body)).toBe(200);
    const cards = (await call(server, 'GET', ME, { headers: ann.headers })).body.data;
    expect(cards).toMatchObject([{ brand: 'visa', last4: '4242', provider: 'stripe' }]);
    const charged = stripe.requests.filter((r) => r.path === '/v1/payment_intents').at(-1)!;
    expect(charged.form.customer).toMatch(/^cus_/);

    // Saved the SCA way: a SetupIntent confirmed by Stripe.js, then its PaymentMethod kept.
    const setup = await call(server, 'POST', `${ME}/setup`, { headers: ann.headers });
    expect(setup.status, JSON.stringify(setup.body)).toBe(200);
    expect(setup.body).toMatchObject({
      provider: 'stripe',
      client_secret: expect.stringMatching(/^seti_.+_secret_/),
    });
    const seti = stripe.requests.filter((r) => r.path === '/v1/setup_intents').at(-1)!;
    expect(seti.form).toMatchObject({ customer: charged.form.customer, usage: 'off_session' });
    const pm = stripe.confirmSetup(setup.body.client_secret, 'tok_mastercard');
    const kept = await call(server, 'POST', ME, { headers: ann.headers, body: { payment_method: pm } });
    expect(kept.status, JSON.stringify(kept.body)).toBe(201);
    expect(kept.body).toMatchObject({ brand: 'mastercard', last4: '4444' });
    expect(stripe.requests.some((r) => r.path === `/v1/payment_methods/${pm}/attach`)).toBe(false);
    // Someone else's confirmed card cannot be taken.
    const bob = await registerShopper(server, spk);
    const taken = await call(server, 'POST', ME, { headers: bob.headers, body: { payment_method: pm } });
    expect(taken.status).toBe(400);
    expect((await call(server, 'GET', ME, { headers: bob.headers })).body.data).toEqual([]);
  });

  it('the test processor needs no setup: its tokens are saved directly', async () => {
    const ann = await registerShopper(server, pk);
    const setup = await call(server, 'POST', `${ME}/setup`, { headers: ann.headers });
    expect(setup.body).toEqual({ provider: 'test', client_secret: null });
  });
});
