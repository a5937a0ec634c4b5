import { sql } from 'drizzle-orm';
import { withStore, type Db, type Tx } from '../../platform/db/database.ts';
import { SEARCH_INDEX_CHANNEL } from './answer-cache.ts';
import { searchSignalSources } from './signals.ts';

/**
 * The search index is a read model (a projection) of the catalog: it is rebuilt from the catalog
 * tables by set-based SQL, read-only, because one statement per batch is the only way to index
 * 100,000 products in seconds. Search never writes catalog tables; prices and stock come through
 * the pricing and inventory modules' batch functions (see signals.ts).
 */

/**
 * Tell every API process, when this transaction commits, that the store's index changed, so
 * cached search answers computed before it are not served again (PostgreSQL sends one
 * notification however often a transaction repeats it).
 */
async function announceIndexChange(tx: Tx, storeId: string): Promise<void> {
  await tx.execute(sql`SELECT pg_notify(${SEARCH_INDEX_CHANNEL}, ${storeId})`);
}

/** Separates an option's name from its value in `option_values` ("Size\x1fM"). */
export const OPTION_SEPARATOR = '\x1f';

/**
 * Rebuild the search documents of these products from the catalog, with their prices and stock,
 * in one upsert (one row version per product). Products that no longer exist lose their
 * documents. Returns how many documents were written.
 */
export async function indexProducts(
  tx: Tx,
  opts: { storeId: string; productIds: readonly string[] },
): Promise<number> {
  const { storeId } = opts;
  const ids = [...new Set(opts.productIds)];
  if (ids.length === 0) return 0;
  const only = sql`AND p.id = ANY (${sql.param(ids)}::text[])`;
  await tx.execute(sql`
    DELETE FROM search_documents d WHERE d.store_id = ${storeId} AND d.product_id = ANY (${sql.param(ids)}::text[])
      AND NOT EXISTS (SELECT 1 FROM products p WHERE p.id = d.product_id)`);
  const signals = await computeSignals(tx, { storeId, productIds: ids });
  const written = await tx.execute(sql`
    INSERT INTO search_documents AS d (store_id, product_id, handle, title, title_norm, brand, vendor,
      tags, skus, category_ids, option_values, collections, status, image_url, product_created_at, indexed_at,
      in_stock, prices, search_vector)
    SELECT p.store_id, p.id, p.handle, p.title, carton_search_normalize(p.title), p.brand, p.vendor,
      p.tags, coalesce(v.skus, '{}'), coalesce(c.ids, '{}'), coalesce(o.pairs, '{}'), coalesce(col.positions, '{}'), p.status, img.url, p.created_at, now(),
      coalesce(sig.in_stock, true), coalesce(sig.prices, '{}'),
      setweight(to_tsvector('simple', carton_unaccent(p.title)), 'A')
        || setweight(to_tsvector('english', carton_unaccent(p.title)), 'A')
        || setweight(to_tsvector('simple', carton_unaccent(concat_ws(' ', array_to_string(p.tags, ' '),
             array_to_string(v.skus, ' '), p.brand, p.vendor))), 'B')
        || setweight(to_tsvector('english', carton_unaccent(concat_ws(' ', array_to_string(p.tags, ' '), p.brand))), 'B')
        || setweight(to_tsvector('english', carton_unaccent(left(p.description, 20000))), 'C')
    FROM products p
    LEFT JOIN LATERAL (
      SELECT array_agg(lower(x.sku) ORDER BY x.position) AS skus FROM variants x WHERE x.product_id = p.id
    ) v ON true
    LEFT JOIN LATERAL (
      SELECT array_agg(DISTINCT kv.key || ${OPTION_SEPARATOR} || kv.value) AS pairs
      FROM variants x, jsonb_each_text(x.option_values) kv WHERE x.product_id = p.id
    ) o ON true
    LEFT JOIN LATERAL (
      SELECT array_agg(DISTINCT a.id) AS ids
      FROM product_categories pc JOIN categories cat ON cat.id = pc.category_id,
        unnest(string_to_array(btrim(cat.path, '/'), '/') || cat.id) AS a(id)
      WHERE pc.product_id = p.id AND a.id <> ''
    ) c ON true
    LEFT JOIN LATERAL (
      SELECT jsonb_object_agg(cp.collection_id, cp.position) AS positions
      FROM collection_products cp WHERE cp.product_id = p.id
    ) col ON true
    LEFT JOIN LATERAL (
      SELECT i.url FROM product_images i WHERE i.product_id = p.id ORDER BY i.is_primary DESC, i.position LIMIT 1
    ) img ON true
    LEFT JOIN jsonb_to_recordset(${JSON.stringify(signals)}::jsonb) AS sig(product_id text, in_stock boolean, prices jsonb)
      ON sig.product_id = p.id
    WHERE p.store_id = ${storeId} ${only}
    ON CONFLICT (store_id, product_id) DO UPDATE SET
      handle = excluded.handle, title = excluded.title, title_norm = excluded.title_norm,
      brand = excluded.brand, vendor = excluded.vendor, tags = excluded.tags,
      skus = excluded.skus, category_ids = excluded.category_ids, option_values = excluded.option_values, collections = excluded.collections,
      status = excluded.status, image_url = excluded.image_url, product_created_at = excluded.product_created_at,
      indexed_at = excluded.indexed_at, search_vector = excluded.search_vector,
      in_stock = CASE WHEN ${signals.length > 0} THEN excluded.in_stock ELSE d.in_stock END,
      prices = CASE WHEN ${signals.length > 0} THEN excluded.prices ELSE d.prices END
    RETURNING product_id
  `);
  const indexed = written.rows.map((r) => r.product_id as string);
  if (indexed.length) {
    await tx.execute(sql`
      INSERT INTO search_terms (store_id, term)
      SELECT DISTINCT ${storeId}, w
      FROM search_documents d, regexp_split_to_table(d.title_norm, '[^[:alnum:]]+') AS w
      WHERE d.store_id = ${storeId} AND d.product_id = ANY (${sql.param(indexed)}::text[]) AND length(w) >= 2
      ORDER BY 2 -- one order for every writer: concurrent indexings cannot deadlock on terms
      ON CONFLICT DO NOTHING`);
  }
  await announceIndexChange(tx, storeId);
  return indexed.length;
}

interface ProductSignals {
  product_id: string;
  in_stock?: boolean;
  prices?: Record<string, [number, number]>;
}

/**
 * Price ranges per currency and the in-stock flag of these products, from the pricing and
 * inventory sources; empty when no source is registered (documents keep what they have).
 */
async function computeSignals(
  tx: Tx,
  opts: { storeId: string; productIds: readonly string[]; only?: 'stock' },
): Promise<ProductSignals[]> {
  const all = searchSignalSources();
  const sources = opts.only === 'stock' ? { availability: all.availability } : all;
  if (opts.productIds.length === 0 || (!sources.prices && !sources.availability)) return [];
  const { storeId } = opts;
  const variants = await tx.execute(
    sql`SELECT id, product_id, backorder_policy FROM variants WHERE product_id = ANY (${sql.param([...opts.productIds])}::text[])`,
  );
  const variantIds = variants.rows.map((r) => r.id as string);
  const out = new Map<string, ProductSignals>(opts.productIds.map((id) => [id, { product_id: id }]));
  if (sources.prices) {
    const prices = variantIds.length ? await sources.prices(tx, storeId, variantIds) : new Map();
    for (const r of variants.rows) {
      const s = out.get(r.product_id as string)!;
      s.prices ??= {};
      for (const { currency, amount } of prices.get(r.id as string) ?? []) {
        const range = s.prices[currency];
        s.prices[currency] = range
          ? [Math.min(range[0], amount), Math.max(range[1], amount)]
          : [amount, amount];
      }
    }
    for (const s of out.values()) s.prices ??= {};
  }
  if (sources.availability) {
    const policies = new Map(
      variants.rows.map((r) => [r.id as string, { backorderPolicy: r.backorder_policy as 'deny' | 'allow' }]),
    );
    const available = variantIds.length
      ? await sources.availability(tx, storeId, variantIds, policies)
      : new Map();
    for (const s of out.values()) s.in_stock = false;
    for (const r of variants.rows) {
      if (r.backorder_policy === 'allow' || available.get(r.id as string))
        out.get(r.product_id as string)!.in_stock = true;
    }
  }
  return [...out.values()];
}

/**
 * Recompute price ranges and the in-stock flag of these products (after price or stock events);
 * `only: 'stock'` leaves the prices as they are (stock moved, prices did not).
 */
export async function refreshSignals(
  tx: Tx,
  opts: { storeId: string; productIds: readonly string[]; only?: 'stock' },
): Promise<void> {
  const signals = await computeSignals(tx, opts);
  if (signals.length === 0) return;
  await tx.execute(sql`
    UPDATE search_documents d
    SET in_stock = coalesce(sig.in_stock, d.in_stock), prices = coalesce(sig.prices, d.prices)
    FROM jsonb_to_recordset(${JSON.stringify(signals)}::jsonb) AS sig(product_id text, in_stock boolean, prices jsonb)
    WHERE d.store_id = ${opts.storeId} AND d.product_id = sig.product_id`);
  await announceIndexChange(tx, opts.storeId);
}

/** Rebuild the autocomplete entries of these categories (or all), dropping deleted ones. */
export async function indexCategories(
  tx: Tx,
  opts: { storeId: string; categoryIds?: readonly string[] },
): Promise<void> {
  const { storeId } = opts;
  const only = opts.categoryIds ? sql`AND c.id = ANY (${sql.param([...opts.categoryIds])}::text[])` : sql``;
  const onlyDoc = opts.categoryIds
    ? sql`AND s.category_id = ANY (${sql.param([...opts.categoryIds])}::text[])`
    : sql``;
  await tx.execute(sql`
    DELETE FROM search_categories s WHERE s.store_id = ${storeId} ${onlyDoc}
      AND NOT EXISTS (SELECT 1 FROM categories c WHERE c.id = s.category_id)`);
  await tx.execute(sql`
    INSERT INTO search_categories (store_id, category_id, handle, name, name_norm)
    SELECT c.store_id, c.id, c.handle, c.name, carton_search_normalize(c.name) FROM categories c
    WHERE c.store_id = ${storeId} ${only}
    ORDER BY c.id -- one order for every writer: concurrent indexings of a store cannot deadlock
    ON CONFLICT (store_id, category_id) DO UPDATE SET
      handle = excluded.handle, name = excluded.name, name_norm = excluded.name_norm`);
  await tx.execute(sql`
    INSERT INTO search_terms (store_id, term)
    SELECT DISTINCT ${storeId}, w
    FROM search_categories c, regexp_split_to_table(c.name_norm, '[^[:alnum:]]+') AS w
    WHERE c.store_id = ${storeId} AND length(w) >= 2
    ORDER BY 2
    ON CONFLICT DO NOTHING`);
  await announceIndexChange(tx, storeId);
}

/** Products filed under a category or any of its descendants (for re-indexing after a move). */
export async function productsUnderCategory(tx: Tx, categoryId: string): Promise<string[]> {
  const rows = await tx.execute(
    sql`SELECT product_id FROM search_documents WHERE category_ids @> ARRAY[${categoryId}]::text[]
        UNION SELECT product_id FROM product_categories WHERE category_id = ${categoryId}`,
  );
  return rows.rows.map((r) => r.product_id as string);
}

/** Products in a collection, as indexed (for re-indexing after the collection is deleted). */
export async function productsInCollection(tx: Tx, collectionId: string): Promise<string[]> {
  const rows = await tx.execute(
    sql`SELECT product_id FROM search_documents WHERE collections ? ${collectionId}`,
  );
  return rows.rows.map((r) => r.product_id as string);
}

/** The products of these variants (variants that still exist). */
export async function productsOfVariants(tx: Tx, variantIds: readonly string[]): Promise<string[]> {
  if (variantIds.length === 0) return [];
  const rows = await tx.execute(
    sql`SELECT DISTINCT product_id FROM variants WHERE id = ANY (${sql.param([...variantIds])}::text[])`,
  );
  return rows.rows.map((r) => r.product_id as string);
}

/**
 * Rebuild a store's whole index (after a bulk import that emitted no per-product events, or a
 * change to how documents are built): categories, then products in batches, one transaction each.
 */
export async function reindexStore(
  db: Db,
  opts: { storeId: string; batchSize?: number; onProgress?: (done: number) => void },
): Promise<number> {
  const { storeId } = opts;
  const batchSize = opts.batchSize ?? 2000;
  await withStore(db, storeId, async (tx) => {
    // Words of products that are gone or renamed are dropped; the batches below add back the rest.
    await tx.execute(sql`DELETE FROM search_terms WHERE store_id = ${storeId}`);
    await indexCategories(tx, { storeId });
    await tx.execute(sql`
      DELETE FROM search_documents d WHERE d.store_id = ${storeId}
        AND NOT EXISTS (SELECT 1 FROM products p WHERE p.id = d.product_id)`);
  });
  let after = '';
  let done = 0;
  for (;;) {
    const n = await withStore(db, storeId, async (tx) => {
      const ids = await tx.execute(
        sql`SELECT id FROM products WHERE store_id = ${storeId} AND id > ${after} ORDER BY id LIMIT ${batchSize}`,
      );
      if (ids.rows.length === 0) return 0;
      after = ids.rows[ids.rows.length - 1]!.id as string;
      await indexProducts(tx, { storeId, productIds: ids.rows.map((r) => r.id as string) });
      return ids.rows.length;
    });
    if (n === 0) return done;
    done += n;
    opts.onProgress?.(done);
  }
}
