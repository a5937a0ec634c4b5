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

  it('generates a catalog with about three variants per product, prices and a search index', async () => {
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

    // A second run adds to the store instead of colliding with what is there.
    await seedCatalog(platform, { storeId: store.id, products: 50 });
    expect(await count(sql`SELECT count(*)::int AS n FROM products WHERE store_id = ${store.id}`)).toBe(650);
  });
});
