import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestPlatform, type TestPlatform } from '../../../../test/harness.ts';
import { createTestStore } from '../../../../test/identity.ts';
import { seedCatalog, type SeedProgress } from './seed-catalog.ts';

describe('seedCatalog', () => {
  let platform: TestPlatform;
  beforeAll(async () => {
    platform = await createTestPlatform();
  });
  afterAll(async () => {
    await platform?.close();
  });

  it('generates a catalog with about three variants per product, prices, stock and a search index', async () => {
    const store = await createTestStore(platform, { currency: 'EUR' });
    const progress: SeedProgress[] = [];
    const result = await seedCatalog(platform, {
      storeId: store.id,
      products: 600,
      batchSize: 250,
      onProgress: (p) => progress.push(p),
    });
    expect(result.products).toBe(600);
    expect(result.variants / result.products).toBeGreaterThan(2.5);
    expect(result.variants / result.products).toBeLessThan(3.6);
    expect(progress.filter((p) => p.phase === 'products').map((p) => p.done)).toEqual([250, 500, 600]);
    expect(progress.at(-1)).toMatchObject({ phase: 'search', done: 600, total: 600 });

    const count = async (q: ReturnType<typeof sql>) =>
      (await platform.db.execute<{ n: number }>(q)).rows[0]!.n;
    expect(await count(sql`SELECT count(*)::int AS n FROM variants WHERE store_id = ${store.id}`)).toBe(
      result.variants,
    );
    expect(
      await count(
        sql`SELECT count(*)::int AS n FROM prices WHERE store_id = ${store.id} AND currency = 'EUR'`,
      ),
    ).toBe(result.variants);
    expect(
      await count(
        sql`SELECT count(DISTINCT product_id)::int AS n FROM product_categories WHERE store_id = ${store.id}`,
      ),
    ).toBe(600);
    expect(
      await count(sql`SELECT count(*)::int AS n FROM search_documents WHERE store_id = ${store.id}`),
    ).toBeGreaterThan(0);
    // Every variant's option values are among its product's options.
    expect(
      await count(sql`
        SELECT count(*)::int AS n FROM variants v, jsonb_each_text(v.option_values) ov
        WHERE v.store_id = ${store.id} AND NOT EXISTS (
          SELECT 1 FROM product_options o WHERE o.product_id = v.product_id AND o.name = ov.key AND ov.value = ANY(o.values))`),
    ).toBe(0);

    // Stock: every variant at the default warehouse (created), a third of those in stock at a second
    // one; most in stock, a few percent out of stock, some low — written through the inventory
    // module (ledger rows, low-stock flags), without events.
    expect(result.stock.locations).toBe(2);
    const { rows: locations } = await platform.db.execute<{ name: string; code: string; levels: number }>(sql`
      SELECT s.name, s.code, count(l.id)::int AS levels FROM stock_locations s
      LEFT JOIN inventory_levels l ON l.location_id = s.id
      WHERE s.store_id = ${store.id} GROUP BY s.id ORDER BY s.priority`);
    expect(locations.map((l) => [l.name, l.code])).toEqual([
      ['Default warehouse', 'default'],
      ['Second warehouse', 'warehouse-2'],
    ]);
    expect(locations[0]!.levels).toBe(result.variants);
    expect(locations[1]!.levels / result.variants).toBeGreaterThan(0.2);
    expect(locations[1]!.levels / result.variants).toBeLessThan(0.4);
    expect(result.stock.levels).toBe(locations[0]!.levels + locations[1]!.levels);
    const { rows: split } = await platform.db.execute<{ out: number; low: number; flagged: number }>(sql`
      SELECT count(*) FILTER (WHERE t.available = 0)::int AS out,
             count(*) FILTER (WHERE t.available BETWEEN 1 AND 4)::int AS low,
             (SELECT count(*)::int FROM inventory_levels WHERE store_id = ${store.id} AND low_stock) AS flagged
      FROM (SELECT variant_id, sum(available) AS available FROM inventory_levels WHERE store_id = ${store.id}
            GROUP BY variant_id) t`);
    const { out, low, flagged } = split[0]!;
    expect(out).toBe(result.stock.outOfStock);
    expect(low).toBe(result.stock.low);
    expect(out / result.variants).toBeGreaterThan(0.01);
    expect(out / result.variants).toBeLessThan(0.08);
    expect(low / result.variants).toBeGreaterThan(0.05);
    expect(low / result.variants).toBeLessThan(0.2);
    expect(flagged).toBe(out + low);
    expect(
      await count(sql`SELECT count(*)::int AS n FROM inventory_movements WHERE store_id = ${store.id}`),
    ).toBe(result.stock.levels - out);
    expect(
      await count(
        sql`SELECT count(*)::int AS n FROM events WHERE store_id = ${store.id} AND type LIKE 'inventory.%'`,
      ),
    ).toBe(0);

    // A second run adds to the store instead of colliding with what is there, in the same warehouses.
    const again = await seedCatalog(platform, { storeId: store.id, products: 50 });
    expect(await count(sql`SELECT count(*)::int AS n FROM products WHERE store_id = ${store.id}`)).toBe(650);
    expect(again.stock.locations).toBe(2);
    expect(
      await count(sql`SELECT count(*)::int AS n FROM stock_locations WHERE store_id = ${store.id}`),
    ).toBe(2);
  });
});
