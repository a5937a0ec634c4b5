/**
 * Staff told of every new order (`settings.orders.new_order_emails`), over HTTP with a worker: each
 * address gets one notice — who ordered, the total, the items, the order's page in the console —
 * once the shopper's confirmation went out, listed with the order's e-mails; a store that named
 * nobody sends none.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startTestServer } from '../../../test/harness.ts';
import { call } from '../../../test/identity.ts';
import { waitForMail } from '../../../test/mail.ts';
import {
  insertSellableProduct,
  sellingTestStore,
  TEXAS_ADDRESS,
  type SellableProduct,
} from '../cart/testing.ts';

let server: Awaited<ReturnType<typeof startTestServer>>;
let pk: Record<string, string>;
let sk: Record<string, string>;
let lamp: SellableProduct;

beforeAll(async () => {
  server = await startTestServer({ worker: true, overrides: { EVENTS_POLL_INTERVAL_MS: '200' } });
  let storeId: string;
  ({ storeId, pk, sk } = await sellingTestStore(server));
  lamp = await insertSellableProduct(server.platform.db, storeId, {
    price: 4200,
    stock: 50,
    title: 'Desk lamp',
  });
});
afterAll(() => server?.close());

const admin = (method: string, path: string, body?: unknown) =>
  call(server, method, `/admin/v1${path}`, { headers: sk, body });

async function placeOrder(email: string): Promise<{ id: string; number: string }> {
  const store = (method: string, path: string, body?: unknown) =>
    call(server, method, `/store/v1${path}`, { headers: pk, body });
  const cart = (await store('POST', '/carts', { email, shipping_address: { ...TEXAS_ADDRESS } })).body
    .id as string;
  await store('POST', `/carts/${cart}/lines`, { variant_id: lamp.variantIds[0], quantity: 2 });
  const options = (await store('GET', `/carts/${cart}/shipping-options`)).body.data as { id: string }[];
  await store('PUT', `/carts/${cart}/shipping-method`, { method_id: options[0]!.id });
  const done = await store('POST', `/carts/${cart}/complete`, { payment_method: 'tok_visa' });
  expect(done.status, JSON.stringify(done.body)).toBe(200);
  return { id: done.body.order.id, number: done.body.order.display_number };
}

it('tells each staff address of a new order once, after the confirmation; nobody when none is named', async () => {
  // Nobody named: the confirmation only.
  const quiet = await placeOrder('first@example.com');
  await waitForMail(server, { to: 'first@example.com', subject: /confirmed/ }, 15_000);

  const set = await admin('PATCH', '/order-settings', {
    new_order_emails: ['Owner@Shop.test', 'packer@shop.test'],
  });
  expect(set.status, JSON.stringify(set.body)).toBe(200);
  expect(set.body.new_order_emails).toEqual(['owner@shop.test', 'packer@shop.test']);

  const order = await placeOrder('ada@example.com');
  for (const to of ['owner@shop.test', 'packer@shop.test']) {
    const mail = await waitForMail(
      server,
      { to, subject: new RegExp(`^New order ${order.number} \\(`) },
      15_000,
    );
    expect(mail.subject).toContain('$');
    expect(mail.text).toContain(`Ada Lane <ada@example.com> placed order ${order.number}`);
    expect(mail.text).toContain('2 × Desk lamp');
    expect(mail.text).toContain(`/admin/orders/${order.id}`);
  }
  const emails = async (id: string) =>
    ((await admin('GET', `/orders/${id}/emails`)).body.data as { kind: string; status: string }[]).map(
      (e) => `${e.kind}:${e.status}`,
    );
  await expect
    .poll(() => emails(order.id), { timeout: 10_000 })
    .toEqual(['confirmation:sent', 'new_order:sent', 'new_order:sent']);
  expect(await emails(quiet.id)).toEqual(['confirmation:sent']);
  // Once each, however the sender's passes fall.
  const { rows } = await server.platform.db.execute<{ n: number }>(
    sql`SELECT count(*)::int AS n FROM order_notifications WHERE order_id = ${order.id} AND kind = 'new_order'`,
  );
  expect(rows[0]!.n).toBe(2);
});
