import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestPlatform, type TestPlatform } from '../../../test/harness.ts';
import { createTestStore } from '../../../test/identity.ts';
import { sentQueries } from '../../../test/sent-queries.ts';
import { runInStore, withStore } from '../../platform/db/database.ts';
import { newId } from '../../platform/ids.ts';
import { pricesFor } from '../pricing/price-for.ts';
import { addCartLine, createCart, getCart, mergeCartIntoCustomerCart, updateCartLine } from './service.ts';
import { insertSellableProduct, type SellableProduct } from './testing.ts';

/**
 * Concurrent changes of one cart lose nothing and double nothing (the cart row lock); the hot path
 * costs a known number of round trips; row-level security keeps carts in their store.
 */
let platform: TestPlatform;
let storeA: string;
let storeB: string;
let product: SellableProduct;
const anyone = { customerId: null };

beforeAll(async () => {
  platform = await createTestPlatform();
  storeA = (await createTestStore(platform)).id;
  storeB = (await createTestStore(platform)).id;
  product = await insertSellableProduct(platform.db, storeA, { variants: 10, stock: 500 });
});
afterAll(() => platform?.close());

async function customerId(storeId: string): Promise<string> {
  const id = newId('cus');
  await platform.db.execute(
    sql`INSERT INTO customers (id, store_id, email) VALUES (${id}, ${storeId}, ${`${id}@example.com`})`,
  );
  return id;
}

describe('concurrent changes of one cart', () => {
  it('20 concurrent adds of one variant: quantity 20, version 21, 20 events', async () => {
    const { cart } = await createCart(platform.db, { storeId: storeA, input: {} });
    const variant = product.variantIds[0]!;
    const results = await Promise.allSettled(
      Array.from({ length: 20 }, () =>
        addCartLine(platform.db, {
          storeId: storeA,
          cartId: cart.id,
          access: anyone,
          input: { variant_id: variant },
        }),
      ),
    );
    expect(results.filter((r) => r.status === 'rejected')).toEqual([]);
    const after = await getCart(platform.db, { storeId: storeA, cartId: cart.id, access: anyone });
    expect(after.lines).toHaveLength(1);
    expect(after.lines[0]!.quantity).toBe(20);
    expect(after.version).toBe(21);
    const { rows } = await platform.db.execute<{ n: number; seqs: number[] }>(sql`
      SELECT count(*)::int AS n, array_agg(sequence ORDER BY sequence) AS seqs
      FROM events WHERE aggregate_id = ${cart.id} AND type = 'cart.line_added'`);
    expect(rows[0]!.n).toBe(20);
    // Each event saw the quantity its own change made: 1, 2, … 20, in commit order.
    const { rows: quantities } = await platform.db.execute<{ q: number }>(sql`
      SELECT (payload->'line'->>'quantity')::int AS q FROM events
      WHERE aggregate_id = ${cart.id} AND type = 'cart.line_added' ORDER BY sequence`);
    expect(quantities.map((r) => r.q)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
  });

  it('10 concurrent adds of different variants and quantity changes: every line is there', async () => {
    const { cart } = await createCart(platform.db, { storeId: storeA, input: {} });
    await Promise.all(
      product.variantIds.map((variant_id, i) =>
        addCartLine(platform.db, {
          storeId: storeA,
          cartId: cart.id,
          access: anyone,
          input: { variant_id, quantity: i + 1 },
        }),
      ),
    );
    const full = await getCart(platform.db, { storeId: storeA, cartId: cart.id, access: anyone });
    expect(full.lines).toHaveLength(10);
    expect(full.item_count).toBe(55);
    expect(full.totals.subtotal).toBe(55 * 1000);
    await Promise.all(
      full.lines.map((line) =>
        updateCartLine(platform.db, {
          storeId: storeA,
          cartId: cart.id,
          lineId: line.id,
          access: anyone,
          input: { quantity: 11 },
        }),
      ),
    );
    const updated = await getCart(platform.db, { storeId: storeA, cartId: cart.id, access: anyone });
    expect(updated.lines.map((l) => l.quantity)).toEqual(Array(10).fill(11));
    expect(updated.version).toBe(21);
  });

  it('concurrent cart creations for one customer settle on one cart', async () => {
    const customer = await customerId(storeA);
    const made = await Promise.all(
      Array.from({ length: 8 }, () =>
        createCart(platform.db, { storeId: storeA, customerId: customer, input: {} }),
      ),
    );
    expect(new Set(made.map((m) => m.cart.id)).size).toBe(1);
    expect(made.filter((m) => m.created)).toHaveLength(1);
  });

  it('concurrent merges of two anonymous carts for a customer without a cart end in one cart holding both', async () => {
    const customer = await customerId(storeA);
    const [v1, v2] = product.variantIds as [string, string];
    const a = (await createCart(platform.db, { storeId: storeA, input: {} })).cart.id;
    const b = (await createCart(platform.db, { storeId: storeA, input: {} })).cart.id;
    await addCartLine(platform.db, { storeId: storeA, cartId: a, access: anyone, input: { variant_id: v1 } });
    await addCartLine(platform.db, { storeId: storeA, cartId: b, access: anyone, input: { variant_id: v2 } });
    const [ra, rb] = await Promise.all([
      mergeCartIntoCustomerCart(platform.db, { storeId: storeA, customerId: customer, cartId: a }),
      mergeCartIntoCustomerCart(platform.db, { storeId: storeA, customerId: customer, cartId: b }),
    ]);
    expect(ra.id).toBe(rb.id);
    const final = await getCart(platform.db, {
      storeId: storeA,
      cartId: ra.id,
      access: { customerId: customer },
    });
    expect(final.lines.map((l) => l.variant_id).sort()).toEqual([v1, v2].sort());
    const { rows } = await platform.db.execute<{ n: number }>(
      sql`SELECT count(*)::int AS n FROM carts WHERE customer_id = ${customer} AND status = 'active'`,
    );
    expect(rows[0]!.n).toBe(1);
  });
});

describe('round trips', () => {
  it('adding a line to a cart costs 2 round trips once prices are cached, none of them nested', async () => {
    const { cart } = await createCart(platform.db, { storeId: storeA, input: {} });
    const [v1, v2] = product.variantIds as [string, string];
    await addCartLine(platform.db, {
      storeId: storeA,
      cartId: cart.id,
      access: anyone,
      input: { variant_id: v1 },
    });
    await pricesFor(platform.db, { storeId: storeA, currency: 'USD', variantIds: [v1, v2] });
    const sent = await sentQueries(() =>
      addCartLine(platform.db, {
        storeId: storeA,
        cartId: cart.id,
        access: anyone,
        input: { variant_id: v2 },
      }),
    );
    const work = sent.filter((q) => !q.includes('pg_notify'));
    // BEGIN + scope + lock + product (with the backorder policy) + stock levels (1) · write +
    // event + COMMIT (1). Was 8 (the variant read again for its policy; the event alone), then 6
    // (product and stock one round trip each; the write alone, for the version and clock it
    // answers, which the lock now reads), then 3 (the cart read first: now the change starts from
    // the cart as this process left it, recent-carts.ts).
    expect(work).toHaveLength(2);
    // The lock and the event: statements prepared once per connection (the first message on a
    // connection that has not prepared them carries the PREPARE in front).
    expect(work[0]).toMatch(
      /^(PREPARE .*; )?BEGIN; SET LOCAL ROLE carton_app.*EXECUTE carton_h_cart_lock\(.*EXECUTE carton_h_storefront_product_by_id\(.*EXECUTE carton_h_inventory_levels_of_variants\(/s,
    );
    // What the change answered (its version, clock and expiry, known before its write) is what was written.
    const written = await getCart(platform.db, { storeId: storeA, cartId: cart.id, access: anyone });
    const answered = await updateCartLine(platform.db, {
      storeId: storeA,
      cartId: cart.id,
      lineId: written.lines[1]!.id,
      access: anyone,
      input: { quantity: 2 },
    });
    const stored = await getCart(platform.db, { storeId: storeA, cartId: cart.id, access: anyone });
    expect(answered.version).toBe(written.version + 1);
    expect(pick(answered)).toEqual(pick(stored));
    expect(new Date(answered.expires_at).getTime() - new Date(answered.updated_at).getTime()).toBe(
      30 * 24 * 3600 * 1000,
    );
    // The write and its event, both prepared once per connection, travel with COMMIT.
    expect(work.at(-1)).toMatch(
      /^(PREPARE .*; )?EXECUTE carton_h_cart_persist_\w+\(.*EXECUTE carton_h_emit_event\(.*'cart\.line_added'.*; COMMIT$/s,
    );
  });
});

const pick = (c: { version: number; updated_at: string; expires_at: string; lines: unknown[] }) => ({
  version: c.version,
  updated_at: c.updated_at,
  expires_at: c.expires_at,
  lines: c.lines,
});

describe('row-level security', () => {
  it("another store's scope sees no carts or lines of this store and cannot write them", async () => {
    const { cart } = await createCart(platform.db, { storeId: storeA, input: {} });
    await addCartLine(platform.db, {
      storeId: storeA,
      cartId: cart.id,
      access: anyone,
      input: { variant_id: product.variantIds[0]! },
    });
    const seen = await runInStore<{ carts: number; lines: number }>(
      platform.db,
      storeB,
      `SELECT (SELECT count(*)::int FROM carts WHERE id = $1) AS carts,
              (SELECT count(*)::int FROM cart_lines WHERE cart_id = $1) AS lines`,
      [cart.id],
    );
    expect(seen[0]).toEqual({ carts: 0, lines: 0 });
    const updated = await runInStore<{ id: string }>(
      platform.db,
      storeB,
      `UPDATE cart_lines SET quantity = 99 WHERE cart_id = $1 RETURNING id`,
      [cart.id],
    );
    expect(updated).toEqual([]);
    await expect(
      withStore(platform.db, storeB, (tx) =>
        tx.execute(sql`INSERT INTO cart_lines (id, store_id, cart_id, variant_id, product_id, quantity, unit_price,
                                               price_source, product_title)
                       VALUES (${newId('cline')}, ${storeA}, ${cart.id}, 'var_x', 'prod_x', 1, 1, '{}', 'x')`),
      ),
    ).rejects.toMatchObject({ cause: { message: expect.stringMatching(/row-level security/) } });
    // Through the service, store B does not know the cart at all.
    await expect(
      getCart(platform.db, { storeId: storeB, cartId: cart.id, access: anyone }),
    ).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    // Nor can store B add store A's variant to its own cart.
    const { cart: bCart } = await createCart(platform.db, { storeId: storeB, input: {} });
    await expect(
      addCartLine(platform.db, {
        storeId: storeB,
        cartId: bCart.id,
        access: anyone,
        input: { variant_id: product.variantIds[0]! },
      }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
