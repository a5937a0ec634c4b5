import { afterAll, beforeAll, expect, it } from 'vitest';
import { startTestServer } from '../../../test/harness.ts';
import { call } from '../../../test/identity.ts';
import { waitForMail } from '../../../test/mail.ts';
import { pdfText } from '../../../test/pdf.ts';
import { insertSellableProduct, type SellableProduct, sellingTestStore, TEXAS_ADDRESS } from './testing.ts';

/**
 * A line's properties: what the shopper tells about the item (an engraving, a gift card's
 * recipient). The same variant with other properties is another line, the stock counts every
 * line of the variant, and the properties reach the order, its e-mail and its packing slip — and a
 * gift card bought for someone else goes to them, with the buyer's message.
 */
let server: Awaited<ReturnType<typeof startTestServer>>;
let storeId: string;
let pk: Record<string, string>;
let sk: Record<string, string>;
let ring: SellableProduct;
let giftCard: SellableProduct;

beforeAll(async () => {
  server = await startTestServer({ worker: true });
  ({ storeId, pk, sk } = await sellingTestStore(server));
  const db = server.platform.db;
  ring = await insertSellableProduct(db, storeId, { price: 9000, stock: 3, title: 'Silver ring' });
  giftCard = await insertSellableProduct(db, storeId, { price: 2500, title: 'Gift card', giftCard: true });
});
afterAll(() => server?.close());

const store = (method: string, path: string, body?: unknown) =>
  call(server, method, `/store/v1${path}`, { headers: pk, body });
const admin = (method: string, path: string, body?: unknown) =>
  call(server, method, `/admin/v1${path}`, { headers: sk, body });

it('one variant, other properties, another line; the stock counts them all; bad properties change nothing', async () => {
  const cart = (await store('POST', '/carts', { email: 'ring@example.com' })).body.id as string;
  const add = (body: unknown) => store('POST', `/carts/${cart}/lines`, body);
  const v = ring.variantIds[0];
  const engraved = await add({ variant_id: v, quantity: 1, properties: { Engraving: '  A & B ' } });
  expect(engraved.status, JSON.stringify(engraved.body)).toBe(200);
  expect(engraved.body.lines[0].properties).toEqual({ Engraving: 'A & B' });
  const plain = await add({ variant_id: v, quantity: 1 });
  expect(plain.status, JSON.stringify(plain.body)).toBe(200);
  expect(plain.body.lines).toHaveLength(2);
  const again = await add({ variant_id: v, quantity: 1, properties: { Engraving: 'A & B' } });
  expect(again.body.lines).toHaveLength(2);
  expect(again.body.lines.map((l: { quantity: number }) => l.quantity).sort()).toEqual([1, 2]);

  // Three in stock, three in the cart over two lines: one more is refused, whichever line.
  const more = await add({ variant_id: v, quantity: 1 });
  expect(more.status).toBe(409);
  expect(more.body.code).toBe('INSUFFICIENT_STOCK');

  const version = again.body.version as number;
  const tooMany = Object.fromEntries(Array.from({ length: 11 }, (_, i) => [`Name ${i}`, 'x']));
  for (const properties of [
    tooMany,
    { ['x'.repeat(51)]: 'y' },
    { Engraving: 'x'.repeat(501) },
    { Engraving: 7 },
  ]) {
    const refused = await add({ variant_id: v, quantity: 1, properties });
    expect(refused.status, JSON.stringify(properties).slice(0, 60)).toBe(400);
    expect(refused.headers.get('content-type')).toContain('application/problem+json');
  }
  const line = (again.body.lines as { id: string; properties: Record<string, string> }[]).find(
    (l) => l.properties.Engraving,
  )!;
  expect((await store('PATCH', `/carts/${cart}/lines/${line.id}`, {})).status).toBe(400);
  expect((await store('GET', `/carts/${cart}`)).body.version).toBe(version);

  const retold = await store('PATCH', `/carts/${cart}/lines/${line.id}`, {
    properties: { Engraving: 'C & D' },
  });
  expect(retold.status, JSON.stringify(retold.body)).toBe(200);
  expect(retold.body.lines.find((l: { id: string }) => l.id === line.id).properties).toEqual({
    Engraving: 'C & D',
  });
  // Told the same as the other line (none): the two become one.
  const plainLine = (retold.body.lines as { id: string; properties: Record<string, string> }[]).find(
    (l) => !l.properties.Engraving,
  )!;
  const merged = await store('PATCH', `/carts/${cart}/lines/${plainLine.id}`, {
    properties: { Engraving: 'C & D' },
  });
  expect(merged.status, JSON.stringify(merged.body)).toBe(200);
  expect(merged.body.lines).toHaveLength(1);
  expect(merged.body.lines[0]).toMatchObject({
    id: line.id,
    quantity: 3,
    properties: { Engraving: 'C & D' },
  });
  // The answer says where the line asked for went.
  expect(merged.body.notices).toEqual([
    expect.objectContaining({ code: 'line_removed', line_id: plainLine.id, reason: 'merged', quantity: 3 }),
  ]);
});

it('the properties reach the order, its confirmation e-mail, its packing slip and its invoice', async () => {
  const email = 'engraved@example.com';
  const cart = (await store('POST', '/carts', { email, shipping_address: TEXAS_ADDRESS })).body.id as string;
  await store('POST', `/carts/${cart}/lines`, {
    variant_id: ring.variantIds[0],
    quantity: 1,
    properties: { Engraving: 'Forever', 'Gift wrap': 'Yes' },
  });
  const options = (await store('GET', `/carts/${cart}/shipping-options`)).body.data as { id: string }[];
  await store('PUT', `/carts/${cart}/shipping-method`, { method_id: options[0]!.id });
  const done = await store('POST', `/carts/${cart}/complete`, { payment_method: 'tok_visa' });
  expect(done.status, JSON.stringify(done.body)).toBe(200);
  const orderId = done.body.order.id as string;
  const order = (await admin('GET', `/orders/${orderId}`)).body;
  expect(order.lines[0].properties).toEqual({ Engraving: 'Forever', 'Gift wrap': 'Yes' });
  const mail = await waitForMail(server, { to: email, subject: /confirmed/ }, 15_000);
  expect(mail.text).toContain('Engraving: Forever');
  const slip = await fetch(`${server.url}/admin/v1/orders/${orderId}/packing-slip.pdf`, { headers: sk });
  expect((await pdfText(await slip.arrayBuffer())).text).toContain('Engraving: Forever');
  const invoice = await fetch(`${server.url}/admin/v1/orders/${orderId}/invoice.pdf`, { headers: sk });
  expect((await pdfText(await invoice.arrayBuffer())).text).toContain('Engraving: Forever');
});

it('a gift card bought for someone else goes to them, with the message, not to the buyer', async () => {
  const cart = (await store('POST', '/carts', { email: 'buyer@example.com', billing_address: TEXAS_ADDRESS }))
    .body.id as string;
  const bad = await store('POST', `/carts/${cart}/lines`, {
    variant_id: giftCard.variantIds[0],
    properties: { 'Recipient email': 'not an address' },
  });
  expect(bad.status).toBe(400);
  expect(bad.body.errors[0].path).toBe('body.properties.Recipient email');
  const added = await store('POST', `/carts/${cart}/lines`, {
    variant_id: giftCard.variantIds[0],
    properties: {
      'Recipient email': 'Friend@Example.com',
      'Recipient name': 'Bo',
      Message: 'Happy birthday!',
    },
  });
  expect(added.status, JSON.stringify(added.body)).toBe(200);
  const done = await store('POST', `/carts/${cart}/complete`, { payment_method: 'tok_visa' });
  expect(done.status, JSON.stringify(done.body)).toBe(200);
  const mail = await waitForMail(
    server,
    (m) => m.to.includes('friend@example.com') && /sent you a/.test(m.subject),
    15_000,
  );
  expect(mail.subject).toContain('Ada Lane sent you a');
  expect(mail.text).toContain('Happy birthday!');
  expect(mail.text).toMatch(/[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}/);
  const cards = (await admin('GET', `/gift-cards?order_id=${done.body.order.id}`)).body.data;
  expect(cards).toHaveLength(1);
  expect(cards[0]).toMatchObject({
    recipient_email: 'friend@example.com',
    customer_id: null,
    initial_value: 2500,
  });

  // The recipient asks to be erased: the buyer's line no longer names them; the order stays the buyer's.
  const friend = await admin('POST', '/customers', { email: 'friend@example.com' });
  expect(friend.status, JSON.stringify(friend.body)).toBe(201);
  const erased = await admin('POST', `/customers/${friend.body.id}/erase`, {
    confirm_email: 'friend@example.com',
  });
  expect(erased.status, JSON.stringify(erased.body)).toBe(200);
  const order = (await admin('GET', `/orders/${done.body.order.id}`)).body;
  expect(order.lines[0].properties).toEqual({});
  expect(order.email).toBe('buyer@example.com');
  const bought = (await store('GET', `/carts/${cart}`)).body;
  expect(bought.lines[0].properties).toEqual({});
  expect(bought.email).toBe('buyer@example.com');
  expect((await admin('GET', `/gift-cards/${cards[0].id}`)).body.recipient_email).toBeNull();
});

it("a product's personalization fields are asked: required ones given, none too long", async () => {
  const locket = await insertSellableProduct(server.platform.db, storeId, { price: 4000, title: 'Locket' });
  const fields = [
    { name: 'Engraving', required: true, max_length: 10 },
    { name: 'Font', required: false, max_length: 20 },
  ];
  const set = await admin('PATCH', `/products/${locket.productId}`, { personalization: fields });
  expect(set.status, JSON.stringify(set.body)).toBe(200);
  expect(set.body.personalization).toEqual(fields);
  const twice = await admin('PATCH', `/products/${locket.productId}`, {
    personalization: [fields[0], fields[0]],
  });
  expect(twice.status).toBe(400);
  expect((await store('GET', `/products/${locket.productId}`)).body.personalization).toEqual(fields);

  const cart = (await store('POST', '/carts', {})).body.id as string;
  const add = (properties?: Record<string, string>) =>
    store('POST', `/carts/${cart}/lines`, { variant_id: locket.variantIds[0], properties });
  for (const [properties, message] of [
    [undefined, 'required for this product'],
    [{ Engraving: 'Ada Lovelace!' }, 'at most 10 characters'],
  ] as const) {
    const refused = await add(properties);
    expect(refused.status).toBe(400);
    expect(refused.body.errors).toEqual([{ path: 'body.properties.Engraving', message }]);
  }
  const added = await add({ Engraving: 'Ada', Font: 'Script' });
  expect(added.status, JSON.stringify(added.body)).toBe(200);
  const line = added.body.lines[0].id as string;
  const emptied = await store('PATCH', `/carts/${cart}/lines/${line}`, { properties: { Font: 'Script' } });
  expect(emptied.status).toBe(400);
  expect(emptied.body.errors[0].path).toBe('body.properties.Engraving');
  expect((await store('GET', `/carts/${cart}`)).body.lines[0].properties).toEqual({
    Engraving: 'Ada',
    Font: 'Script',
  });
  // Staff building a draft order add the line first and fill it in after; the length still holds.
  const draft = (await admin('POST', '/draft-orders', { email: 'client@example.com', currency: 'USD' })).body
    .id as string;
  const drafted = await admin('POST', `/draft-orders/${draft}/lines`, { variant_id: locket.variantIds[0] });
  expect(drafted.status, JSON.stringify(drafted.body)).toBe(200);
  const long = await admin('PATCH', `/draft-orders/${draft}/lines/${drafted.body.lines[0].id}`, {
    properties: { Engraving: 'Much too long here' },
  });
  expect(long.status).toBe(400);
});

it('adding several lines with skip_unavailable leaves out one whose product asks for what was not given', async () => {
  const pendant = await insertSellableProduct(server.platform.db, storeId, { price: 3000, title: 'Pendant' });
  await admin('PATCH', `/products/${pendant.productId}`, {
    personalization: [{ name: 'Initials', required: true, max_length: 3 }],
  });
  const cart = (await store('POST', '/carts', {})).body.id as string;
  const added = await store('POST', `/carts/${cart}/lines/batch`, {
    skip_unavailable: true,
    lines: [
      { variant_id: pendant.variantIds[0] },
      { variant_id: ring.variantIds[0], quantity: 1, properties: { Engraving: 'Yes' } },
    ],
  });
  expect(added.status, JSON.stringify(added.body)).toBe(200);
  expect(added.body.lines.map((l: { variant_id: string }) => l.variant_id)).toEqual([ring.variantIds[0]]);
  expect(added.body.notices).toEqual([
    expect.objectContaining({
      code: 'line_not_added',
      variant_id: pendant.variantIds[0],
      reason: 'details_needed',
    }),
  ]);
});
