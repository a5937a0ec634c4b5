import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startTestServer } from '../../../test/harness.ts';
import { call, createTestApiKey, createTestStore } from '../../../test/identity.ts';
import { sentQueries } from '../../../test/sent-queries.ts';
import { translateFixtureProduct } from '../search/test-fixtures.ts';
import { seedDemoShipping } from '../shipping/seed.ts';
import { seedDemoTax } from '../tax/seed.ts';
import { readCart } from './cart-rows.ts';
import { variantForCart, variantForCartAhead } from './catalog-port.ts';
import { changeCart } from './change.ts';
import { insertSellableProduct, type SellableProduct } from './testing.ts';

/**
 * What each request of a shopper's way to checkout costs in messages to PostgreSQL (as Saleor
 * counts queries per operation), the coalesced NOTIFY that wakes the dispatcher left out: a cart
 * change is two messages in its transaction — the lock with the reads the change will make (sent
 * ahead), and the write with its events and COMMIT — when this process made the cart's last
 * change (else the cart is read first).
 */
let server: Awaited<ReturnType<typeof startTestServer>>;
let storeId: string;
let pk: Record<string, string>;
let shirt: SellableProduct;

beforeAll(async () => {
  server = await startTestServer({ worker: false });
  storeId = (await createTestStore(server)).id;
  pk = (await createTestApiKey(server, { storeId, kind: 'publishable' })).headers;
  await seedDemoShipping(server.platform.db, { storeId, country: 'US', currency: 'USD' });
  await seedDemoTax(server.platform.db, { storeId });
  shirt = await insertSellableProduct(server.platform.db, storeId, { variants: 3, price: 1500, stock: 1000 });
});
afterAll(() => server?.close());

const ADDRESS = { line1: '1 Main St', city: 'Austin', region: 'TX', postal_code: '73301', country: 'US' };

async function messages<T>(work: () => Promise<T>): Promise<{ result: T; sent: string[] }> {
  let result!: T;
  const sent = await sentQueries(async () => {
    result = await work();
  });
  return { result, sent: sent.filter((q) => !q.includes('pg_notify')) };
}

it('a shopper’s way to checkout: create 2 messages, add 2, contact 2, shipping options 2, choose 2', async () => {
  const req = (method: string, path: string, body?: unknown) =>
    call(server, method, path, { headers: pk, body });
  const counts: Record<string, number[]> = {};
  for (let round = 0; round < 2; round++) {
    // The first round warms the caches (prices, prepared statements); the second is counted.
    const count = async <T>(what: string, work: () => Promise<T>): Promise<T> => {
      const { result, sent } = await messages(work);
      if (round === 1) (counts[what] ??= []).push(sent.length);
      return result;
    };
    const cart = await count('create', () => req('POST', '/store/v1/carts', {}));
    expect(cart.status).toBe(201);
    const id = cart.body.id as string;
    for (const variant_id of shirt.variantIds) {
      const added = await count('add', () =>
        req('POST', `/store/v1/carts/${id}/lines`, { variant_id, quantity: 1 }),
      );
      expect(added.status).toBe(200);
    }
    const contact = await count('contact', () =>
      req('PATCH', `/store/v1/carts/${id}`, { email: 'a@example.com', shipping_address: ADDRESS }),
    );
    expect(contact.body.totals.tax_total).toBeGreaterThan(0);
    const options = await count('options', () => req('GET', `/store/v1/carts/${id}/shipping-options`));
    const chosen = await count('choose', () =>
      req('PUT', `/store/v1/carts/${id}/shipping-method`, { method_id: options.body.data[0].id }),
    );
    expect(chosen.body.totals.shipping_total).toBeGreaterThan(0);
  }
  // A change starts from the cart as this process left it (recent-carts.ts): no read before it.
  expect(counts).toEqual({ create: [2], add: [2, 2, 2], contact: [2], options: [2], choose: [2] });
});

it('a read sent ahead on a wrong guess (the locale changed meanwhile) is read again, never used', async () => {
  const db = server.platform.db;
  await translateFixtureProduct(db, storeId, shirt.productId, { locale: 'vi', title: 'Áo sơ mi' });
  const { body } = await call(server, 'POST', '/store/v1/carts', { headers: pk, body: { locale: 'vi' } });
  const fresh = (await readCart(db, storeId, body.id))!;
  // The change is planned from a stale read (an older version, in English); the cart was set to
  // Vietnamese since.
  const stale = { ...fresh, version: fresh.version - 1, locale: 'en' };
  const { sent } = await messages(() =>
    changeCart(
      db,
      { storeId, cartId: fresh.id, access: { customerId: null, trusted: true } },
      {
        variants: [shirt.variantIds[0]!],
        withLock: () => variantForCartAhead(stale, shirt.variantIds[0]!, shirt.productId),
        async edit(ctx) {
          const snapshot = await variantForCart(ctx.tx, {
            storeId,
            variantId: shirt.variantIds[0]!,
            productId: shirt.productId,
            locale: ctx.cart.locale,
            path: 'variant_id',
          });
          expect(snapshot.productTitle).toBe('Áo sơ mi');
        },
      },
      stale,
    ),
  );
  // The lock found a newer version, so the cart was read again in the transaction, and the product
  // read planned for English did not serve the edit's Vietnamese: that one was read again too.
  expect(sent.filter((q) => q.includes('EXECUTE carton_h_storefront_product_by_id'))).toHaveLength(1);
  expect(sent.filter((q) => /^\s*SELECT p\.id.*product_translations/s.test(q))).toHaveLength(1);
});

it('a cart changed elsewhere since this process kept it is read again under the lock, never used stale', async () => {
  const db = server.platform.db;
  const { body } = await call(server, 'POST', '/store/v1/carts', { headers: pk, body: {} });
  const add = (variant: string) =>
    call(server, 'POST', `/store/v1/carts/${body.id}/lines`, { headers: pk, body: { variant_id: variant } });
  expect((await add(shirt.variantIds[0]!)).status).toBe(200);
  // Another process changes the cart (every write bumps the version).
  await db.execute(
    sql`UPDATE carts SET email = 'elsewhere@example.com', version = version + 1 WHERE id = ${body.id}`,
  );
  const { result, sent } = await messages(() => add(shirt.variantIds[1]!));
  expect(result.status).toBe(200);
  expect(result.body.email).toBe('elsewhere@example.com');
  expect(result.body.lines).toHaveLength(2);
  // Two messages as planned, plus the cart read in the transaction when the lock saw a newer version.
  expect(sent.filter((q) => /^\s*SELECT c\.id/.test(q))).toHaveLength(1);
  expect((await readCart(db, storeId, body.id))!.email).toBe('elsewhere@example.com');
});
