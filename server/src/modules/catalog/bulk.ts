/**
 * Bulk writes of whole products (product, options, variants, categories, images) for the CSV
 * importer and `carton seed --products N`: one statement per table per batch (rows passed as one
 * JSON parameter and expanded with `jsonb_to_recordset`), instead of a round trip per row. Part
 * of the catalog module, so it writes the catalog's tables; the one-at-a-time admin API lives in
 * the catalog's service.
 */
import { sql } from 'drizzle-orm';
import type { Tx } from '../../platform/db/database.ts';
import { emitEvent } from '../../platform/events/outbox.ts';
import { newId } from '../../platform/ids.ts';
import type { CategoryEventPayload } from './events.ts';
import { slugify } from './shared.ts';

export type ProductStatus = 'draft' | 'active' | 'archived';

export interface BulkVariant {
  sku: string;
  barcode: string | null;
  title: string;
  /** Option name → value; every name is one of the product's options. */
  optionValues: Record<string, string>;
  weightGrams: number | null;
  backorderPolicy: 'deny' | 'allow';
}

export interface BulkImage {
  /** A remote image (Shopify's Image Src): recorded, never fetched. */
  url: string;
  alt: string;
}

export interface BulkProduct {
  handle: string;
  title: string;
  /** Markdown. */
  description: string;
  status: ProductStatus;
  brand: string | null;
  vendor: string | null;
  productType: string | null;
  tags: string[];
  seoTitle: string | null;
  seoDescription: string | null;
  publishedAt: string | null;
  /** False for digital goods and services; a gift card ships nothing. */
  requiresShipping: boolean;
  giftCard: boolean;
  /** Category names from the root to the product's category; created when missing. */
  categoryPath: string[] | null;
  options: { name: string; values: string[] }[];
  /** In display order. */
  variants: BulkVariant[];
  /** In display order; the first is the primary image. */
  images: BulkImage[];
}

export interface BulkProductResult {
  handle: string;
  id: string;
  status: ProductStatus;
  created: boolean;
  variants: { sku: string; id: string }[];
}

/** The key of a category path in `ensureCategoryPaths`'s answer. */
export const categoryPathKey = (path: readonly string[]) => path.join(' > ');

// One slug rule for the admin API, CSV import and seed (Vietnamese đ → d included).
export { slugify };

/**
 * The leaf category id of each path (names from the root), creating the missing categories
 * level by level. Matching is by name under the same parent, so a path exported by one store
 * lands in the same tree in another.
 */
export async function ensureCategoryPaths(
  tx: Tx,
  storeId: string,
  paths: readonly (readonly string[])[],
): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  const wanted = paths.filter((p) => p.length > 0);
  if (!wanted.length) return out;
  const { rows } = await tx.execute<{
    id: string;
    parent_id: string | null;
    name: string;
    path: string;
    handle: string;
  }>(sql`SELECT id, parent_id, name, path, handle FROM categories WHERE store_id = ${storeId}`);
  const byParentAndName = new Map<string, { id: string; path: string }>();
  const handles = new Set<string>();
  for (const r of rows) {
    byParentAndName.set(`${r.parent_id ?? ''}\u0000${r.name}`, { id: r.id, path: r.path });
    handles.add(r.handle);
  }
  const created: { id: string; parent_id: string | null; handle: string; name: string; path: string }[] = [];
  for (const names of wanted) {
    let parent = null as { id: string; path: string } | null;
    for (let depth = 0; depth < names.length; depth++) {
      const name = names[depth]!;
      const key = `${parent?.id ?? ''}\u0000${name}`;
      let node = byParentAndName.get(key);
      if (!node) {
        const id = newId('cat');
        let handle = slugify(names.slice(0, depth + 1).join(' '));
        for (let n = 2; handles.has(handle); n++)
          handle = `${slugify(names.slice(0, depth + 1).join(' '))}-${n}`;
        handles.add(handle);
        node = { id, path: `${parent?.path ?? '/'}${id}/` };
        byParentAndName.set(key, node);
        created.push({ id, parent_id: parent?.id ?? null, handle, name, path: node.path });
      }
      parent = node;
    }
    out.set(categoryPathKey(names), parent!.id);
  }
  if (created.length) {
    await tx.execute(sql`
      INSERT INTO categories (id, store_id, parent_id, handle, name, path, position)
      SELECT c.id, ${storeId}, c.parent_id, c.handle, c.name, c.path, e.ord::int
      FROM jsonb_array_elements(${JSON.stringify(created)}::jsonb) WITH ORDINALITY AS e(v, ord),
           jsonb_to_record(e.v) AS c(id text, parent_id text, handle text, name text, path text)`);
    for (const c of created) {
      await emitEvent(tx, {
        storeId,
        type: 'category.created',
        aggregateType: 'category',
        aggregateId: c.id,
        payload: { categoryId: c.id, parentId: c.parent_id, path: c.path } satisfies CategoryEventPayload,
      });
    }
  }
  return out;
}

/** Which of `skus` already belong to a product of the store, and to which handle. */
export async function findSkuOwners(
  tx: Tx,
  storeId: string,
  skus: readonly string[],
): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  if (!skus.length) return out;
  const { rows } = await tx.execute<{ sku: string; handle: string }>(sql`
    SELECT v.sku, p.handle FROM variants v JOIN products p ON p.id = v.product_id
    WHERE v.store_id = ${storeId} AND v.sku = ANY(${toPgArray(skus)}::text[])`);
  for (const r of rows) out.set(r.sku, r.handle);
  return out;
}

/** A text[] literal, passed as one parameter (drizzle would expand a JS array into a list). */
export function toPgArray(values: readonly string[]): string {
  return `{${values.map((v) => `"${v.replaceAll('\\', '\\\\').replaceAll('"', '\\"')}"`).join(',')}}`;
}

/**
 * Create or replace products by handle, in the caller's (store-scoped) transaction. An existing
 * product keeps its id; its options, images and category links are replaced by the given ones,
 * variants are matched by SKU (kept ids, so prices and stock stay attached) and variants not
 * given any more are deleted. Callers validate first (SKUs unique in the store, option values
 * among the options); a constraint violation here fails the whole call.
 *
 * `fresh: true` promises that no handle or SKU exists yet (the seed): plain inserts, no lookups.
 */
export async function upsertProducts(
  tx: Tx,
  input: { storeId: string; products: readonly BulkProduct[]; fresh?: boolean },
): Promise<BulkProductResult[]> {
  const { storeId, products } = input;
  if (!products.length) return [];

  const categoryIds = await ensureCategoryPaths(
    tx,
    storeId,
    products.flatMap((p) => (p.categoryPath?.length ? [p.categoryPath] : [])),
  );

  const productRows = products.map((p) => ({
    id: newId('prod'),
    handle: p.handle,
    title: p.title,
    description: p.description,
    status: p.status,
    brand: p.brand,
    vendor: p.vendor,
    product_type: p.productType,
    tags: p.tags,
    seo_title: p.seoTitle,
    seo_description: p.seoDescription,
    published_at: p.publishedAt,
    requires_shipping: p.requiresShipping,
    gift_card: p.giftCard,
  }));
  const { rows: saved } = await tx.execute<{ id: string; handle: string; created: boolean }>(sql`
    INSERT INTO products (id, store_id, handle, title, description, status, brand, vendor, product_type,
                          tags, seo_title, seo_description, published_at, requires_shipping, gift_card)
    SELECT r.id, ${storeId}, r.handle, r.title, r.description, r.status, r.brand, r.vendor, r.product_type,
           r.tags, r.seo_title, r.seo_description, r.published_at, r.requires_shipping, r.gift_card
    FROM jsonb_to_recordset(${JSON.stringify(productRows)}::jsonb) AS r(
      id text, handle text, title text, description text, status text, brand text, vendor text,
      product_type text, tags text[], seo_title text, seo_description text, published_at timestamptz,
      requires_shipping boolean, gift_card boolean)
    ${
      input.fresh
        ? sql``
        : sql`ON CONFLICT (store_id, handle) DO UPDATE SET
      title = excluded.title, description = excluded.description, status = excluded.status,
      brand = excluded.brand, vendor = excluded.vendor, product_type = excluded.product_type,
      tags = excluded.tags, seo_title = excluded.seo_title, seo_description = excluded.seo_description,
      requires_shipping = excluded.requires_shipping, gift_card = excluded.gift_card,
      published_at = CASE WHEN excluded.published_at IS NULL THEN NULL
                          ELSE coalesce(products.published_at, excluded.published_at) END,
      updated_at = now()`
    }
    RETURNING id, handle, (xmax = 0) AS created`);
  const idOf = new Map(saved.map((r) => [r.handle, r]));
  const existingIds = saved.filter((r) => !r.created).map((r) => r.id);

  // Replaced wholesale on an update: options, images, category links.
  if (existingIds.length) {
    const arr = toPgArray(existingIds);
    await tx.execute(sql`DELETE FROM product_options WHERE product_id = ANY(${arr}::text[])`);
    await tx.execute(sql`DELETE FROM product_images WHERE product_id = ANY(${arr}::text[])`);
    await tx.execute(sql`DELETE FROM product_categories WHERE product_id = ANY(${arr}::text[])`);
  }

  const optionRows: unknown[] = [];
  const variantRows: {
    id: string;
    product_id: string;
    sku: string;
    barcode: string | null;
    title: string;
    option_values: Record<string, string>;
    position: number;
    weight_grams: number | null;
    backorder_policy: string;
  }[] = [];
  const imageRows: unknown[] = [];
  const categoryRows: unknown[] = [];
  for (const p of products) {
    const productId = idOf.get(p.handle)!.id;
    p.options.forEach((o, i) =>
      optionRows.push({
        id: newId('opt'),
        product_id: productId,
        name: o.name,
        position: i + 1,
        values: o.values,
      }),
    );
    p.variants.forEach((v, i) =>
      variantRows.push({
        id: newId('var'),
        product_id: productId,
        sku: v.sku,
        barcode: v.barcode,
        title: v.title,
        option_values: v.optionValues,
        position: i + 1,
        weight_grams: v.weightGrams,
        backorder_policy: v.backorderPolicy,
      }),
    );
    p.images.forEach((img, i) =>
      imageRows.push({
        id: newId('img'),
        product_id: productId,
        storage_key: `remote:${img.url}`,
        url: img.url,
        alt: img.alt,
        position: i + 1,
        is_primary: i === 0,
        content_type: contentTypeOf(img.url),
      }),
    );
    if (p.categoryPath?.length) {
      categoryRows.push({
        product_id: productId,
        category_id: categoryIds.get(categoryPathKey(p.categoryPath)),
      });
    }
  }

  if (existingIds.length) {
    // Variants no longer listed go; the rest are matched by SKU below and keep their ids.
    const keep = toPgArray(variantRows.map((v) => v.sku));
    await tx.execute(sql`
      DELETE FROM variants WHERE product_id = ANY(${toPgArray(existingIds)}::text[]) AND NOT (sku = ANY(${keep}::text[]))`);
  }
  if (optionRows.length) {
    await tx.execute(sql`
      INSERT INTO product_options (id, store_id, product_id, name, position, "values")
      SELECT r.id, ${storeId}, r.product_id, r.name, r.position, r.values
      FROM jsonb_to_recordset(${JSON.stringify(optionRows)}::jsonb)
        AS r(id text, product_id text, name text, position int, "values" text[])`);
  }
  const variantIds = new Map<string, string>();
  if (variantRows.length) {
    const { rows } = await tx.execute<{ id: string; sku: string }>(sql`
      INSERT INTO variants (id, store_id, product_id, sku, barcode, title, option_values, position,
                            weight_grams, backorder_policy)
      SELECT r.id, ${storeId}, r.product_id, r.sku, r.barcode, r.title, r.option_values, r.position,
             r.weight_grams, r.backorder_policy
      FROM jsonb_to_recordset(${JSON.stringify(variantRows)}::jsonb) AS r(
        id text, product_id text, sku text, barcode text, title text, option_values jsonb, position int,
        weight_grams int, backorder_policy text)
      ${
        input.fresh
          ? sql``
          : sql`ON CONFLICT (store_id, sku) DO UPDATE SET
        barcode = excluded.barcode, title = excluded.title, option_values = excluded.option_values,
        position = excluded.position, weight_grams = excluded.weight_grams,
        backorder_policy = excluded.backorder_policy, updated_at = now()
        WHERE variants.product_id = excluded.product_id`
      }
      RETURNING id, sku`);
    for (const r of rows) variantIds.set(r.sku, r.id);
    if (variantIds.size !== variantRows.length) {
      const taken = variantRows.filter((v) => !variantIds.has(v.sku)).map((v) => v.sku);
      throw new Error(`SKUs belong to other products: ${taken.slice(0, 5).join(', ')}`);
    }
  }
  if (imageRows.length) {
    await tx.execute(sql`
      INSERT INTO product_images (id, store_id, product_id, storage_key, url, alt, position, is_primary,
                                  content_type, byte_size)
      SELECT r.id, ${storeId}, r.product_id, r.storage_key, r.url, r.alt, r.position, r.is_primary,
             r.content_type, 0
      FROM jsonb_to_recordset(${JSON.stringify(imageRows)}::jsonb) AS r(
        id text, product_id text, storage_key text, url text, alt text, position int, is_primary boolean,
        content_type text)`);
  }
  if (categoryRows.length) {
    await tx.execute(sql`
      INSERT INTO product_categories (store_id, product_id, category_id)
      SELECT ${storeId}, r.product_id, r.category_id
      FROM jsonb_to_recordset(${JSON.stringify(categoryRows)}::jsonb) AS r(product_id text, category_id text)
      ON CONFLICT DO NOTHING`);
  }

  return products.map((p) => {
    const row = idOf.get(p.handle)!;
    return {
      handle: p.handle,
      id: row.id,
      status: p.status,
      created: row.created,
      variants: p.variants.map((v) => ({ sku: v.sku, id: variantIds.get(v.sku)! })),
    };
  });
}

function contentTypeOf(url: string): string {
  const ext = /\.([a-z0-9]+)(?:[?#]|$)/i.exec(url)?.[1]?.toLowerCase();
  switch (ext) {
    case 'png':
      return 'image/png';
    case 'gif':
      return 'image/gif';
    case 'webp':
      return 'image/webp';
    case 'avif':
      return 'image/avif';
    case 'svg':
      return 'image/svg+xml';
    default:
      return 'image/jpeg';
  }
}
