/**
 * Bench data for bench/search.ts and bench/product-detail.ts: the demo store with N products
 * (3 variants each, priced in USD), 110 categories in two levels, 50 brands, then the search
 * index built by Carton's own indexer (`reindexStore`).
 *
 * Products are written with `INSERT … SELECT generate_series` (the catalog's bulk loader and
 * `carton seed --products` are another engineer's work in progress; this keeps the benchmarks
 * independent of them). Words are drawn so that a one-word query matches ~2.5 % of products.
 */
import { sql } from 'drizzle-orm';
import { loadConfig } from '../server/src/platform/config.ts';
import { log } from './lib.ts';

export const ADJECTIVES = [
  'classic',
  'modern',
  'vintage',
  'sleek',
  'rugged',
  'cozy',
  'bold',
  'elegant',
  'sporty',
  'casual',
  'premium',
  'essential',
  'urban',
  'coastal',
  'alpine',
  'retro',
  'minimal',
  'bright',
  'soft',
  'light',
];
export const MATERIALS = [
  'cotton',
  'linen',
  'wool',
  'denim',
  'leather',
  'silk',
  'canvas',
  'bamboo',
  'cashmere',
  'fleece',
  'suede',
  'nylon',
  'velvet',
  'corduroy',
  'jersey',
  'hemp',
  'satin',
  'tweed',
  'mesh',
  'flannel',
];
export const NOUNS = [
  'shirt',
  'jacket',
  'sweater',
  'hoodie',
  'dress',
  'skirt',
  'trousers',
  'shorts',
  'coat',
  'vest',
  'scarf',
  'beanie',
  'backpack',
  'tote',
  'wallet',
  'belt',
  'sneakers',
  'boots',
  'sandals',
  'loafers',
  'blazer',
  'cardigan',
  'parka',
  'poncho',
  'jumpsuit',
  'kimono',
  'tunic',
  'blouse',
  'polo',
  'chinos',
  'leggings',
  'pyjamas',
  'robe',
  'gloves',
  'mittens',
  'socks',
  'cap',
  'visor',
  'apron',
  'overalls',
];
export const COLOURS = ['Black', 'White', 'Red', 'Blue', 'Green', 'Grey', 'Navy', 'Beige'];
const sqlArray = (xs: readonly string[]) => `ARRAY[${xs.map((x) => `'${x}'`).join(',')}]`;

export interface BenchCatalog {
  storeId: string;
  publishableKey: string;
  /** A root category id (10 leaves under it, ~10 % of products). */
  rootCategoryId: string;
  /** A handle whose product has 3 variants, prices and stock (every product has stock; ~4 % of variants none). */
  handle: string;
  products: number;
  seconds: number;
}

/** Migrate, seed the demo store and load `products` products into it; returns what the benches need. */
export async function loadBenchCatalog(env: Record<string, string>, products: number): Promise<BenchCatalog> {
  const t0 = performance.now();
  const { startRuntime } = await import('../server/src/platform/runtime.ts');
  const { seedDemo } = await import('../server/src/modules/identity/seed.ts');
  const { reindexStore } = await import('../server/src/modules/search/indexer.ts');
  const { createStockLocation } = await import('../server/src/modules/inventory/locations.ts');
  const { defaultStockLocation } = await import('../server/src/modules/inventory/locations.ts');
  const { setStockLevelsInTx } = await import('../server/src/modules/inventory/stock-levels.ts');
  const { withStore } = await import('../server/src/platform/db/database.ts');
  const config = loadConfig({ ...process.env, ...env, NODE_ENV: 'test', LOG_LEVEL: 'warn' });
  const runtime = await startRuntime({ api: false, worker: false, config });
  try {
    const { platform } = runtime;
    const seeded = await seedDemo(platform);
    if (!seeded.publishableKey) throw new Error('the demo seed created no publishable key');
    const storeId = seeded.store.id;
    const db = platform.db;
    log(`catalog: ${products} products, ${products * 3} variants`);
    await db.execute(
      sql.raw(`
      INSERT INTO categories (id, store_id, parent_id, handle, name, path)
      SELECT 'cat_root_' || r, '${storeId}', NULL, 'dept-' || r, 'Department ' || r, '/cat_root_' || r || '/'
      FROM generate_series(0, 9) r;
      INSERT INTO categories (id, store_id, parent_id, handle, name, path)
      SELECT 'cat_leaf_' || r || '_' || l, '${storeId}', 'cat_root_' || r, 'dept-' || r || '-aisle-' || l,
        'Aisle ' || r || '.' || l, '/cat_root_' || r || '/cat_leaf_' || r || '_' || l || '/'
      FROM generate_series(0, 9) r, generate_series(0, 9) l;
    `),
    );
    const batch = 20_000;
    for (let from = 0; from < products; from += batch) {
      const to = Math.min(products, from + batch) - 1;
      await db.execute(
        sql.raw(`
        WITH n AS (
          SELECT i,
            (${sqlArray(ADJECTIVES)})[1 + (i * 7) % ${ADJECTIVES.length}] AS adj,
            (${sqlArray(MATERIALS)})[1 + (i / 3) % ${MATERIALS.length}] AS mat,
            (${sqlArray(NOUNS)})[1 + (i * 13 + i / 40) % ${NOUNS.length}] AS noun
          FROM generate_series(${from}, ${to}) i
        )
        INSERT INTO products (id, store_id, handle, title, description, status, brand, vendor, product_type, tags, created_at)
        SELECT 'prod_bench' || lpad(i::text, 8, '0'), '${storeId}', 'product-' || i,
          initcap(adj || ' ' || mat || ' ' || noun),
          'A ' || adj || ' ' || noun || ' made of ' || mat || '. Comfortable, durable and easy to care for; '
            || 'machine washable at thirty degrees. Item number ' || i || '.',
          CASE WHEN i % 50 = 49 THEN 'draft' ELSE 'active' END,
          'Brand ' || (i % 50), 'Vendor ' || (i % 20), initcap(noun),
          ARRAY[adj, mat, 'season-' || (i % 4)],
          now() - (i || ' minutes')::interval
        FROM n;
        INSERT INTO product_options (id, store_id, product_id, name, position, "values")
        SELECT 'opt_bench' || i || '_' || o, '${storeId}', 'prod_bench' || lpad(i::text, 8, '0'),
          CASE o WHEN 0 THEN 'Size' ELSE 'Colour' END, o,
          CASE o WHEN 0 THEN ARRAY['S', 'M', 'L']
            ELSE ARRAY[(${sqlArray(COLOURS)})[1 + i % ${COLOURS.length}]] END
        FROM generate_series(${from}, ${to}) i, generate_series(0, 1) o;
        INSERT INTO variants (id, store_id, product_id, sku, title, option_values, position)
        SELECT 'var_bench' || i || '_' || v, '${storeId}', 'prod_bench' || lpad(i::text, 8, '0'),
          'SKU-' || i || '-' || (ARRAY['S', 'M', 'L'])[v + 1], (ARRAY['S', 'M', 'L'])[v + 1],
          jsonb_build_object('Size', (ARRAY['S', 'M', 'L'])[v + 1], 'Colour', (${sqlArray(COLOURS)})[1 + i % ${COLOURS.length}]),
          v
        FROM generate_series(${from}, ${to}) i, generate_series(0, 2) v;
        INSERT INTO prices (id, store_id, variant_id, currency, amount)
        SELECT 'price_bench' || i || '_' || v, '${storeId}', 'var_bench' || i || '_' || v, 'USD',
          500 + (i * 37) % 20000 + v * 200
        FROM generate_series(${from}, ${to}) i, generate_series(0, 2) v;
        INSERT INTO product_categories (store_id, product_id, category_id)
        SELECT '${storeId}', 'prod_bench' || lpad(i::text, 8, '0'), 'cat_leaf_' || (i % 10) || '_' || ((i / 10) % 10)
        FROM generate_series(${from}, ${to}) i;
        INSERT INTO product_images (id, store_id, product_id, storage_key, url, alt, position, is_primary, content_type, byte_size)
        SELECT 'img_bench' || i, '${storeId}', 'prod_bench' || lpad(i::text, 8, '0'), 'bench/' || i || '.jpg',
          'https://cdn.example.com/bench/' || i || '.jpg', 'Product ' || i, 0, true, 'image/jpeg', 12345
        FROM generate_series(${from}, ${to}) i;
      `),
      );
      log(`catalog: ${to + 1} products`);
    }
    await db.execute(sql`ANALYZE`);
    const handle = 'product-4242';
    // Stock for every variant, through the inventory module's bulk set (set-based, no events):
    // at the store's default location ("Default warehouse", created here), ~4 % out of
    // stock, ~10 % low (1–4 units), the rest 5–200; a third of the products also at a second warehouse.
    const t0Stock = performance.now();
    const main = (await defaultStockLocation(db, { storeId, create: true }))!.location;
    const second = await createStockLocation(db, {
      storeId,
      input: { name: 'Bench warehouse 2', code: 'BENCH-2', priority: 10 },
    });
    const chunk = 10_000; // variants per call (the bulk set's limit)
    for (let from = 0; from < products * 3; from += chunk) {
      const atMain: { variant_id: string; on_hand: number; reorder_point: number }[] = [];
      const other: { variant_id: string; on_hand: number }[] = [];
      for (let n = from; n < Math.min(products * 3, from + chunk); n++) {
        const i = Math.floor(n / 3);
        const v = n % 3;
        const roll = (i * 37 + v * 17 + 11) % 100; // product-4242 (the product-detail target): all in stock
        const onHand = roll < 4 ? 0 : roll < 14 ? 1 + (roll % 4) : 5 + ((i * 7 + v * 13) % 196);
        atMain.push({ variant_id: `var_bench${i}_${v}`, on_hand: onHand, reorder_point: 5 });
        if (onHand >= 5 && i % 3 === 0)
          other.push({ variant_id: `var_bench${i}_${v}`, on_hand: 1 + (i % 60) });
      }
      await withStore(db, storeId, async (tx) => {
        for (const [location, levels] of [
          [main.id, atMain],
          [second.id, other],
        ] as const) {
          if (!levels.length) continue;
          await setStockLevelsInTx(tx, {
            storeId,
            input: { location_id: location, reason: 'import', levels },
            emitEvents: false,
          });
        }
      });
    }
    log(
      `catalog: stock for ${products * 3} variants in ${Math.round((performance.now() - t0Stock) / 1000)} s`,
    );
    log('catalog: building the search index');
    const t1 = performance.now();
    await reindexStore(db, {
      storeId,
      batchSize: 5000,
      onProgress: (done) => {
        if (done % 20_000 === 0) log(`catalog: indexed ${done}`);
      },
    });
    log(`catalog: indexed in ${Math.round((performance.now() - t1) / 1000)} s`);
    // What autovacuum does on a live database: statistics, and GIN pending lists merged.
    await db.execute(sql`VACUUM ANALYZE`);
    return {
      storeId,
      publishableKey: seeded.publishableKey,
      rootCategoryId: 'cat_root_3',
      handle,
      products,
      seconds: Math.round((performance.now() - t0) / 100) / 10,
    };
  } finally {
    await runtime.stop();
  }
}
