import { afterAll, beforeAll, expect, it } from 'vitest';
import { startTestServer } from '../../../test/harness.ts';
import { call } from '../../../test/identity.ts';
import { waitForMail } from '../../../test/mail.ts';
import { pdfText } from '../../../test/pdf.ts';
import {
  insertSellableProduct,
  type SellableProduct,
  sellingTestStore,
  TEXAS_ADDRESS,
} from '../cart/testing.ts';
import { useCaptureMode } from '../orders/testing.ts';

/**
 * Products that ship nothing (digital goods, services): the catalog says so, a cart of only such
 * products asks no shipping address or method and is taxed at the billing address, a mixed cart's
 * shipping is quoted on what ships, and the order has no shipping address — its e-mails and papers
 * say nothing ships, and its delivery is "delivered", not "on its way". Gift cards sold as
 * products: no coupon or tax on them, never paid with a gift card, and once the payment is captured
 * each unit is a card e-mailed to the buyer — once; a delivered card is not returned.
 */
let server: Awaited<ReturnType<typeof startTestServer>>;
let storeId: string;
let pk: Record<string, string>;
let sk: Record<string, string>;
let shirt: SellableProduct;
let ebook: SellableProduct;
let giftCard: SellableProduct;

beforeAll(async () => {
  server = await startTestServer({ worker: true });
  ({ storeId, pk, sk } = await sellingTestStore(server));
  const db = server.platform.db;
  shirt = await insertSellableProduct(db, storeId, { price: 1500, stock: 50, title: 'Shirt' });
  ebook = await insertSellableProduct(db, storeId, {
    price: 6000,
    title: 'Field guide (e-book)',
    requiresShipping: false,
    backorderPolicy: 'allow',
  });
  giftCard = await insertSellableProduct(db, storeId, {
    price: 5000,
    title: 'Gift card',
    giftCard: true,
    backorderPolicy: 'allow',
  });
});
afterAll(() => server?.close());

const store = (method: string, path: string, body?: unknown, headers?: Record<string, string>) =>
  call(server, method, `/store/v1${path}`, { headers: { ...pk, ...headers }, body });
const admin = (method: string, path: string, body?: unknown) =>
  call(server, method, `/admin/v1${path}`, { headers: sk, body });

it('staff mark a product as shipping nothing; shoppers see it; bad values are refused', async () => {
  const created = await admin('POST', '/products', {
    title: 'Online workshop',
    status: 'active',
    requires_shipping: false,
    variants: [{ sku: `WS-${Date.now()}` }],
  });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  expect(created.body.requires_shipping).toBe(false);
  const id = created.body.id as string;
  const shopper = await store('GET', `/products/${id}`);
  expect(shopper.status).toBe(200);
  expect(shopper.body.requires_shipping).toBe(false);

  const refused = await admin('PATCH', `/products/${id}`, { requires_shipping: 'no' });
  expect(refused.status).toBe(400);
  expect(refused.headers.get('content-type')).toContain('application/problem+json');
  expect((await admin('GET', `/products/${id}`)).body.requires_shipping).toBe(false);

  const ships = await admin('PATCH', `/products/${id}`, { requires_shipping: true });
  expect(ships.status).toBe(200);
  expect(ships.body.requires_shipping).toBe(true);
  // A product made before the flag existed, or without it, ships.
  expect((await admin('GET', `/products/${shirt.productId}`)).body.requires_shipping).toBe(true);
});

it('a cart of digital goods asks no shipping, is taxed at the billing address and becomes an order with no shipping address', async () => {
  const cart = (await store('POST', '/carts', { email: 'reader@example.com' })).body.id as string;
  const added = await store('POST', `/carts/${cart}/lines`, { variant_id: ebook.variantIds[0], quantity: 1 });
  expect(added.status, JSON.stringify(added.body)).toBe(200);
  expect(added.body.requires_shipping).toBe(false);
  expect(added.body.lines[0].requires_shipping).toBe(false);

  // Nothing to choose, and choosing is refused with nothing changed.
  expect((await store('GET', `/carts/${cart}/shipping-options`)).body.data).toEqual([]);
  const version = added.body.version as number;
  const chosen = await store('PUT', `/carts/${cart}/shipping-method`, { method_id: 'shm_whatever' });
  expect(chosen.status).toBe(422);
  expect(chosen.body.code).toBe('SHIPPING_NOT_REQUIRED');
  expect((await store('GET', `/carts/${cart}`)).body.version).toBe(version);

  // The checkout needs an address to tax and invoice: the billing address.
  const incomplete = await store('POST', `/carts/${cart}/complete`, { payment_method: 'tok_visa' });
  expect(incomplete.status).toBe(422);
  expect(incomplete.body.code).toBe('CHECKOUT_INCOMPLETE');
  expect(incomplete.body.errors.map((e: { path: string }) => e.path)).toEqual(['cart.billing_address']);

  // A shipping address alone is where it is taxed (California, 7.25 %) — until the buyer gives a
  // billing address: a cart that ships nothing is taxed where its buyer is (Texas, 6.25 %).
  const california = { ...TEXAS_ADDRESS, city: 'Los Angeles', region: 'CA', postal_code: '90012' };
  const shipTo = await store('PATCH', `/carts/${cart}`, { shipping_address: california });
  expect(shipTo.status, JSON.stringify(shipTo.body)).toBe(200);
  expect(shipTo.body.totals.tax_total).toBe(435);
  const billed = await store('PATCH', `/carts/${cart}`, { billing_address: TEXAS_ADDRESS });
  expect(billed.status, JSON.stringify(billed.body)).toBe(200);
  expect(billed.body.totals).toMatchObject({
    subtotal: 6000,
    shipping_total: 0,
    tax_total: 375,
    total: 6375,
  });

  const done = await store('POST', `/carts/${cart}/complete`, { payment_method: 'tok_visa' });
  expect(done.status, JSON.stringify(done.body)).toBe(200);
  const orderId = done.body.order.id as string;
  const order = (await admin('GET', `/orders/${orderId}`)).body;
  expect(order).toMatchObject({
    shipping_address: null,
    shipping: null,
    billing_address: { line1: '1 Main St', region: 'TX' },
    totals: { shipping: 0, tax: 375, total: 6375 },
    status: 'confirmed',
  });
  expect(order.lines[0].requires_shipping).toBe(false);

  // The confirmation e-mail and the invoice say nothing ships; the packing slip packs nothing.
  const mail = await waitForMail(server, { to: 'reader@example.com', subject: /confirmed/ }, 15_000);
  expect(mail.text).toContain('Nothing to ship: digital goods and services');
  expect(mail.text).not.toContain('Shipping to');
  const invoice = await fetch(`${server.url}/admin/v1/orders/${orderId}/invoice.pdf`, { headers: sk });
  expect(invoice.status).toBe(200);
  expect((await pdfText(await invoice.arrayBuffer())).text).toContain('Nothing to ship');
  const slip = await fetch(`${server.url}/admin/v1/orders/${orderId}/packing-slip.pdf`, { headers: sk });
  expect((await pdfText(await slip.arrayBuffer())).text).not.toContain('Field guide');

  // There is no shipping address to change.
  const moved = await admin('PATCH', `/orders/${orderId}`, { shipping_address: TEXAS_ADDRESS });
  expect(moved.status).toBe(422);
  expect(moved.body.errors[0].path).toBe('body.shipping_address');

  // Staff deliver it (a licence key sent, say): nothing travels, so the order is delivered at once
  // and the shopper hears it was delivered, not shipped.
  const delivered = await admin('POST', `/orders/${orderId}/fulfilments`, {});
  expect(delivered.status, JSON.stringify(delivered.body)).toBe(201);
  expect(delivered.body.order.status).toBe('delivered');
  expect(delivered.body.fulfilment.delivered_at).not.toBeNull();
  const notice = await waitForMail(server, { to: 'reader@example.com', subject: /delivered/ }, 15_000);
  expect(notice.text).toContain('has been delivered');
  expect(notice.text).not.toContain('Nothing to ship');
});

it('a mixed cart is shipped and priced on what ships; once only digital goods are left, the method goes', async () => {
  const cart = (
    await store('POST', '/carts', { email: 'mixed@example.com', shipping_address: TEXAS_ADDRESS })
  ).body.id as string;
  await store('POST', `/carts/${cart}/lines`, { variant_id: ebook.variantIds[0], quantity: 1 });
  const both = await store('POST', `/carts/${cart}/lines`, { variant_id: shirt.variantIds[0], quantity: 1 });
  expect(both.body.requires_shipping).toBe(true);
  // $75 in the cart, but only the $15 shirt ships: Standard's free shipping over $50 does not apply.
  const options = (await store('GET', `/carts/${cart}/shipping-options`)).body.data as {
    id: string;
    name: string;
    amount: number;
  }[];
  const standard = options.find((o) => o.name === 'Standard')!;
  expect(standard.amount).toBe(599);
  const chosen = await store('PUT', `/carts/${cart}/shipping-method`, { method_id: standard.id });
  expect(chosen.status).toBe(200);
  expect(chosen.body.totals.shipping_total).toBe(599);

  const shirtLine = (chosen.body.lines as { id: string; variant_id: string }[]).find(
    (l) => l.variant_id === shirt.variantIds[0],
  )!;
  const left = await store('DELETE', `/carts/${cart}/lines/${shirtLine.id}`);
  expect(left.status).toBe(200);
  expect(left.body).toMatchObject({ requires_shipping: false, shipping_method: null });
  expect(left.body.totals.shipping_total).toBe(0);
  expect(left.body.notices.map((n: { code: string }) => n.code)).toContain('shipping_method_removed');

  // Completed with the shipping address it was given (taxed there), and no shipping.
  const done = await store('POST', `/carts/${cart}/complete`, { payment_method: 'tok_visa' });
  expect(done.status, JSON.stringify(done.body)).toBe(200);
  const order = (await admin('GET', `/orders/${done.body.order.id}`)).body;
  expect(order).toMatchObject({ shipping_address: null, shipping: null, totals: { tax: 375, total: 6375 } });
  expect(order.billing_address).toMatchObject({ line1: '1 Main St' });
});

it('a gift card product ships nothing and cannot be told to ship', async () => {
  const made = await admin('POST', '/products', {
    title: 'Gift card',
    gift_card: true,
    variants: [{ sku: `GC-${Date.now()}` }],
  });
  expect(made.status, JSON.stringify(made.body)).toBe(201);
  expect(made.body).toMatchObject({ gift_card: true, requires_shipping: false });
  // Each unit is a code, not stock: its variants sell without stock unless staff say otherwise.
  expect(made.body.variants[0].backorder_policy).toBe('allow');
  const refused = await admin('PATCH', `/products/${made.body.id}`, { requires_shipping: true });
  expect(refused.status).toBe(422);
  expect(refused.body.errors[0].path).toBe('requires_shipping');
  const both = await admin('POST', '/products', {
    title: 'Shipped gift card',
    gift_card: true,
    requires_shipping: true,
  });
  expect(both.status).toBe(422);
  // A product made a gift card stops shipping.
  const plain = await admin('POST', '/products', { title: 'Voucher' });
  const turned = await admin('PATCH', `/products/${plain.body.id}`, { gift_card: true });
  expect(turned.body).toMatchObject({ gift_card: true, requires_shipping: false });
});

it('gift cards bought: no coupon or tax, never paid by gift card, issued and e-mailed once paid, never returned', async () => {
  const coupon = await admin('POST', '/coupons', {
    code: `TENOFF${Date.now()}`,
    discount: { kind: 'percentage', basis_points: 1000 },
  });
  expect(coupon.status, JSON.stringify(coupon.body)).toBe(201);
  const email = 'giver@example.com';
  const cart = (await store('POST', '/carts', { email, billing_address: TEXAS_ADDRESS })).body.id as string;
  await store('POST', `/carts/${cart}/lines`, { variant_id: giftCard.variantIds[0], quantity: 2 });

  // Only gift cards in the cart: a coupon has nothing to apply to, and gift cards cannot pay.
  const onlyCards = await store('POST', `/carts/${cart}/coupons`, { code: coupon.body.code });
  expect(onlyCards.status).toBe(422);
  expect(onlyCards.body.code).toBe('COUPON_NOT_APPLICABLE');
  const held = await admin('POST', '/gift-cards', { currency: 'USD', value: 10000 });
  expect(held.status, JSON.stringify(held.body)).toBe(201);
  const byCard = await store('POST', `/carts/${cart}/complete`, { gift_cards: [held.body.code] });
  expect(byCard.status).toBe(422);
  expect(byCard.body).toMatchObject({ code: 'GIFT_CARD_INVALID' });
  expect(byCard.body.errors[0].path).toBe('body.gift_cards');

  // With an e-book: the coupon and the tax fall on the e-book only.
  await store('POST', `/carts/${cart}/lines`, { variant_id: ebook.variantIds[0], quantity: 1 });
  const discounted = await store('POST', `/carts/${cart}/coupons`, { code: coupon.body.code });
  expect(discounted.status, JSON.stringify(discounted.body)).toBe(200);
  const lines = discounted.body.lines as { gift_card: boolean; discount: number; tax: number }[];
  expect(lines.find((l) => l.gift_card)).toMatchObject({ discount: 0, tax: 0 });
  expect(lines.find((l) => !l.gift_card)).toMatchObject({ discount: 600, tax: 338 });
  expect(discounted.body.totals).toMatchObject({ subtotal: 16000, discount_total: 600, tax_total: 338 });
  expect(discounted.body.totals.total).toBe(15738);

  // A gift card pays for the e-book's part only; the card payment takes the rest.
  const done = await store('POST', `/carts/${cart}/complete`, {
    gift_cards: [held.body.code],
    payment_method: 'tok_visa',
  });
  expect(done.status, JSON.stringify(done.body)).toBe(200);
  const orderId = done.body.order.id as string;
  const order = async () => (await admin('GET', `/orders/${orderId}`)).body;
  expect((await order()).gift_card_total).toBe(5738);

  // Paid: two cards of $50, each e-mailed with its code, the gift card line delivered.
  const codes: string[] = [];
  for (let i = 0; i < 2; i++) {
    const mail = await waitForMail(
      server,
      (m) =>
        m.to.includes(email) &&
        /gift card from order/.test(m.subject) &&
        !codes.some((c) => m.text.includes(c)),
      15_000,
    );
    const code = /[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}/.exec(mail.text)![0];
    codes.push(code);
    const balance = await store('POST', '/gift-cards/balance', { code });
    expect(balance.body).toMatchObject({ balance: 5000, currency: 'USD' });
  }
  const placed = await order();
  const cardLine = placed.lines.find((l: { gift_card: boolean }) => l.gift_card);
  expect(cardLine.fulfilled_quantity).toBe(2);
  expect(placed.status).toBe('processing');
  const bought = (await admin('GET', `/gift-cards?order_id=${orderId}`)).body.data as {
    order_id: string;
    initial_value: number;
    recipient_email: string;
  }[];
  expect(bought).toHaveLength(2);
  expect(bought[0]).toMatchObject({ order_id: orderId, initial_value: 5000, recipient_email: email });

  // Delivered cards are not taken back by cancelling or returning the order: staff refund a card's
  // line, which disables it (orders/refunds.test.ts). Nothing in the order travels: fulfilled, it
  // is delivered.
  const cancelled = await admin('POST', `/orders/${orderId}/cancel`, { reason: 'Changed their mind' });
  expect(cancelled.status).toBe(409);
  expect((await admin('POST', `/orders/${orderId}/fulfilments`, {})).body.order.status).toBe('delivered');
  const returned = await admin('POST', `/orders/${orderId}/returns`, {
    lines: [{ order_line_id: cardLine.id, quantity: 1 }],
  });
  expect(returned.status).toBe(422);
  expect(returned.body.errors[0]).toMatchObject({
    path: 'body.lines.0.order_line_id',
    message: 'a gift card cannot be returned',
  });
  // However often the order's events came, two cards.
  await new Promise((r) => setTimeout(r, 500));
  expect((await admin('GET', `/gift-cards?order_id=${orderId}`)).body.data).toHaveLength(2);
});

it('a draft order that ships nothing gets its payment link with a billing address, no shipping', async () => {
  const created = await admin('POST', '/draft-orders', { email: 'client@example.com', currency: 'USD' });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  const id = created.body.id as string;
  const added = await admin('POST', `/draft-orders/${id}/lines`, {
    variant_id: ebook.variantIds[0],
    quantity: 1,
  });
  expect(added.status, JSON.stringify(added.body)).toBe(200);
  const early = await admin('POST', `/draft-orders/${id}/payment-link`, { send_email: false });
  expect(early.status).toBe(422);
  expect(early.body.errors.map((e: { path: string }) => e.path)).toEqual(['billing_address']);
  await admin('PATCH', `/draft-orders/${id}`, { billing_address: TEXAS_ADDRESS });
  const link = await admin('POST', `/draft-orders/${id}/payment-link`, { send_email: false });
  expect(link.status, JSON.stringify(link.body)).toBe(200);
  expect(link.body.url).toContain(`/pay/${id}?token=`);
});

it('a store that captures on fulfilment issues gift cards bought when staff fulfil the order, once', async () => {
  const other = await sellingTestStore(server);
  await useCaptureMode(server.platform, other.storeId, 'on_fulfilment');
  const card = await insertSellableProduct(server.platform.db, other.storeId, {
    price: 3000,
    title: 'Gift card',
    giftCard: true,
  });
  const email = 'later@example.com';
  const call$ = (method: string, path: string, headers: Record<string, string>, body?: unknown) =>
    call(server, method, path, { headers, body });
  const cart = (await call$('POST', '/store/v1/carts', other.pk, { email, billing_address: TEXAS_ADDRESS }))
    .body.id as string;
  await call$('POST', `/store/v1/carts/${cart}/lines`, other.pk, { variant_id: card.variantIds[0] });
  const done = await call$('POST', `/store/v1/carts/${cart}/complete`, other.pk, {
    payment_method: 'tok_visa',
  });
  expect(done.status, JSON.stringify(done.body)).toBe(200);
  const orderId = done.body.order.id as string;
  // Authorized, not captured: no card yet.
  await new Promise((r) => setTimeout(r, 1000));
  const cards = async () =>
    (await call$('GET', `/admin/v1/gift-cards?order_id=${orderId}`, other.sk)).body.data;
  expect(await cards()).toEqual([]);
  expect((await call$('GET', `/admin/v1/orders/${orderId}`, other.sk)).body.payment_status).toBe(
    'authorized',
  );

  // Staff fulfil it: the payment is captured, then the card issued and e-mailed.
  const fulfilled = await call$('POST', `/admin/v1/orders/${orderId}/fulfilments`, other.sk, {});
  expect(fulfilled.status, JSON.stringify(fulfilled.body)).toBe(201);
  const mail = await waitForMail(
    server,
    (m) => m.to.includes(email) && /gift card from order/.test(m.subject),
    15_000,
  );
  expect(mail.text).toMatch(/[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}/);
  await expect.poll(async () => (await cards()).length, { timeout: 10_000 }).toBe(1);
  expect((await cards())[0]).toMatchObject({ initial_value: 3000, recipient_email: email });
});
