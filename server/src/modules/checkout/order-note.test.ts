import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startTestServer } from '../../../test/harness.ts';
import { call } from '../../../test/identity.ts';
import { waitForMail } from '../../../test/mail.ts';
import { pdfText } from '../../../test/pdf.ts';
import {
  insertSellableProduct,
  readyTestCart,
  type SellableProduct,
  sellingTestStore,
} from '../cart/testing.ts';
import { registerShopper } from '../customers/testing.ts';
import { orderAccessToken } from '../orders/access.ts';

/**
 * The shopper's note for the shop (delivery instructions, a gift message): written on the cart at
 * checkout, kept on the order for staff and the shopper, in the confirmation e-mail, and erased
 * with the shopper's other personal data.
 */
let server: Awaited<ReturnType<typeof startTestServer>>;
let storeId: string;
let pk: Record<string, string>;
let sk: Record<string, string>;
let shirt: SellableProduct;

beforeAll(async () => {
  server = await startTestServer({ worker: true });
  ({ storeId, pk, sk } = await sellingTestStore(server));
  const db = server.platform.db;
  shirt = await insertSellableProduct(db, storeId, { price: 1500, stock: 50, title: 'Shirt' });
});
afterAll(() => server?.close());

const readyCart = (headers: Record<string, string>, email: string) =>
  readyTestCart(server, { headers, email, variantId: shirt.variantIds[0]! });

it('goes from the cart to the order, the shop and the e-mail; bad notes are refused with nothing changed', async () => {
  const email = 'gift@example.com';
  const cart = await readyCart(pk, email);
  const patch = (body: unknown) => call(server, 'PATCH', `/store/v1/carts/${cart}`, { headers: pk, body });

  const set = await patch({
    note: '  Leave it with the neighbour at no. 3.\nIt is a gift: no prices, please.  ',
  });
  expect(set.status, JSON.stringify(set.body)).toBe(200);
  const note = 'Leave it with the neighbour at no. 3.\nIt is a gift: no prices, please.';
  expect(set.body.note).toBe(note);
  const version = set.body.version as number;
  for (const bad of [{ note: 'x'.repeat(501) }, { note: 42 }]) {
    const refused = await patch(bad);
    expect(refused.status, JSON.stringify(bad)).toBe(400);
    expect(refused.headers.get('content-type')).toContain('application/problem+json');
  }
  const same = await call(server, 'GET', `/store/v1/carts/${cart}`, { headers: pk });
  expect(same.body).toMatchObject({ note, version });

  const done = await call(server, 'POST', `/store/v1/carts/${cart}/complete`, {
    headers: pk,
    body: { payment_method: 'tok_visa' },
  });
  expect(done.status, JSON.stringify(done.body)).toBe(200);
  const orderId = done.body.order.id as string;
  expect((await call(server, 'GET', `/admin/v1/orders/${orderId}`, { headers: sk })).body.customer_note).toBe(
    note,
  );
  const token = orderAccessToken(server.platform, { id: orderId, storeId });
  expect(
    (await call(server, 'GET', `/store/v1/orders/${orderId}?token=${token}`, { headers: pk })).body
      .customer_note,
  ).toBe(note);
  // The packing slip carries it to the parcel, with what is in it and no prices (a gift).
  const slip = await fetch(`${server.url}/admin/v1/orders/${orderId}/packing-slip.pdf`, { headers: sk });
  expect(slip.status).toBe(200);
  expect(slip.headers.get('content-type')).toBe('application/pdf');
  const { text } = await pdfText(await slip.arrayBuffer());
  for (const s of [
    `Packing slip for order #`,
    'Shirt',
    'To ship',
    'Note from the customer',
    'no prices, please.',
  ])
    expect(text).toContain(s);
  expect(text).not.toMatch(/\$\d/);
  expect(
    (await fetch(`${server.url}/admin/v1/orders/ord_unknown/packing-slip.pdf`, { headers: sk })).status,
  ).toBe(404);

  const mail = await waitForMail(server, { to: email, subject: /confirmed/ }, 15_000);
  expect(mail.text).toContain(`Your note:\n${note}`);
  expect(mail.html).toContain('It is a gift: no prices, please.');

  // An empty note clears it.
  const other = await readyCart(pk, 'plain@example.com');
  await call(server, 'PATCH', `/store/v1/carts/${other}`, { headers: pk, body: { note: 'ring twice' } });
  const cleared = await call(server, 'PATCH', `/store/v1/carts/${other}`, {
    headers: pk,
    body: { note: '  ' },
  });
  expect(cleared.body.note).toBeNull();
});

it("is erased with the shopper's personal data; the order stays", async () => {
  const shopper = await registerShopper(server, pk);
  const cart = await readyCart(shopper.headers, shopper.email);
  await call(server, 'PATCH', `/store/v1/carts/${cart}`, {
    headers: shopper.headers,
    body: { note: 'Call Minh on 0901 234 567 at the gate' },
  });
  const done = await call(server, 'POST', `/store/v1/carts/${cart}/complete`, {
    headers: shopper.headers,
    body: { payment_method: 'tok_visa' },
  });
  expect(done.status, JSON.stringify(done.body)).toBe(200);
  const orderId = done.body.order.id as string;
  const other = await readyCart(shopper.headers, shopper.email); // an open cart with a note too
  await call(server, 'PATCH', `/store/v1/carts/${other}`, {
    headers: shopper.headers,
    body: { note: 'gate code 1234' },
  });

  const erased = await call(server, 'POST', `/admin/v1/customers/${shopper.id}/erase`, {
    headers: sk,
    body: { confirm_email: shopper.email },
  });
  expect(erased.status, JSON.stringify(erased.body)).toBe(200);
  const order = (await call(server, 'GET', `/admin/v1/orders/${orderId}`, { headers: sk })).body;
  expect(order).toMatchObject({ customer_note: null, totals: done.body.order.totals });
  const { rows } = await server.platform.db.execute(
    sql`SELECT note FROM carts WHERE id IN (${cart}, ${other}) AND note IS NOT NULL`,
  );
  expect(rows).toHaveLength(0);
});

it("follows a guest's cart into the account's cart at sign-in, unless that cart has its own", async () => {
  const shopper = await registerShopper(server, pk);
  // The account has a cart of its own already (no note): the guest's cart is absorbed into it.
  const own = await call(server, 'POST', '/store/v1/carts', { headers: shopper.headers, body: {} });
  expect(own.body.note).toBeNull();
  const guest = (await call(server, 'POST', '/store/v1/carts', { headers: pk, body: {} })).body.id as string;
  await call(server, 'POST', `/store/v1/carts/${guest}/lines`, {
    headers: pk,
    body: { variant_id: shirt.variantIds[0], quantity: 1 },
  });
  await call(server, 'PATCH', `/store/v1/carts/${guest}`, { headers: pk, body: { note: 'side door' } });
  const merged = await call(server, 'POST', `/store/v1/carts/${guest}/merge`, { headers: shopper.headers });
  expect(merged.status, JSON.stringify(merged.body)).toBe(200);
  expect(merged.body).toMatchObject({ id: own.body.id, note: 'side door' });

  await call(server, 'PATCH', `/store/v1/carts/${merged.body.id}`, {
    headers: shopper.headers,
    body: { note: 'front door' },
  });
  const another = (await call(server, 'POST', '/store/v1/carts', { headers: pk, body: {} })).body
    .id as string;
  await call(server, 'PATCH', `/store/v1/carts/${another}`, { headers: pk, body: { note: 'back door' } });
  const kept = await call(server, 'POST', `/store/v1/carts/${another}/merge`, { headers: shopper.headers });
  expect(kept.body.note).toBe('front door');
});
