/**
 * The catalog as a Shopify product CSV, produced page by page (keyset on product id) so a store
 * of any size streams in constant memory. Importing the file into another store gives the same
 * catalog.
 */
import { sql, type SQL } from 'drizzle-orm';
import { withStore, type Db } from '../../../platform/db/database.ts';
import { minorToDecimal, minorUnitExponent } from '../../../platform/money.ts';
import { getStore } from '../../tenancy/service.ts';
import { toPgArray, type ProductStatus } from '../bulk.ts';
import { markdownToHtml } from './html.ts';
import { csvLine } from '../../../platform/csv-parse.ts';
import { SHOPIFY_COLUMNS, type ShopifyColumn } from './shopify.ts';
import { readVariantValues } from './values.ts';

export interface ExportFilter {
  status?: ProductStatus;
  /** Products in this category or any category below it. */
  categoryId?: string;
  vendor?: string;
  /** Only these handles. */
  handles?: string[];
}

interface ProductRow {
  id: string;
  handle: string;
  title: string;
  description: string;
  status: string;
  brand: string | null;
  vendor: string | null;
  product_type: string | null;
  tags: string[];
  seo_title: string | null;
  seo_description: string | null;
  published_at: string | Date | null;
  requires_shipping: boolean;
  gift_card: boolean;
  [key: string]: unknown;
}

/** Yields the CSV (header first) in chunks of one page of products. */
export async function* exportProductsCsv(
  db: Db,
  input: { storeId: string; filter?: ExportFilter; pageSize?: number },
): AsyncGenerator<string> {
  const { storeId, filter = {} } = input;
  const pageSize = input.pageSize ?? 500;
  const store = await getStore(db, storeId);
  const currency = store.currency;
  const exponent = minorUnitExponent(currency);
  yield csvLine(SHOPIFY_COLUMNS);

  const conditions: SQL[] = [sql`p.store_id = ${storeId}`];
  if (filter.status) conditions.push(sql`p.status = ${filter.status}`);
  if (filter.vendor) conditions.push(sql`p.vendor = ${filter.vendor}`);
  if (filter.handles?.length) conditions.push(sql`p.handle = ANY(${toPgArray(filter.handles)}::text[])`);
  if (filter.categoryId) {
    conditions.push(sql`EXISTS (
      SELECT 1 FROM product_categories pc JOIN categories c ON c.id = pc.category_id
      WHERE pc.product_id = p.id AND starts_with(c.path, (
        SELECT path FROM categories WHERE store_id = ${storeId} AND id = ${filter.categoryId})))`);
  }

  let after = '';
  for (;;) {
    const chunk = await withStore(db, storeId, async (tx) => {
      const { rows: products } = await tx.execute<ProductRow>(sql`
        SELECT p.id, p.handle, p.title, p.description, p.status, p.brand, p.vendor, p.product_type, p.tags,
               p.seo_title, p.seo_description, p.published_at, p.requires_shipping, p.gift_card
        FROM products p WHERE ${sql.join(conditions, sql` AND `)} AND p.id > ${after}
        ORDER BY p.id LIMIT ${pageSize}`);
      if (!products.length) return null;
      const ids = toPgArray(products.map((p) => p.id));
      const [options, variants, images, categories] = await Promise.all([
        tx.execute<{ product_id: string; name: string }>(
          sql`SELECT product_id, name FROM product_options WHERE product_id = ANY(${ids}::text[]) ORDER BY product_id, position`,
        ),
        tx.execute<{
          id: string;
          product_id: string;
          sku: string;
          barcode: string | null;
          option_values: Record<string, string>;
          weight_grams: number | null;
          backorder_policy: string;
        }>(sql`SELECT id, product_id, sku, barcode, option_values, weight_grams, backorder_policy
               FROM variants WHERE product_id = ANY(${ids}::text[]) ORDER BY product_id, position, id`),
        tx.execute<{ product_id: string; url: string; alt: string }>(
          sql`SELECT product_id, url, alt FROM product_images WHERE product_id = ANY(${ids}::text[])
              ORDER BY product_id, is_primary DESC, position, id`,
        ),
        // The deepest category of each product, as names from the root.
        tx.execute<{ product_id: string; names: string }>(sql`
          SELECT DISTINCT ON (pc.product_id) pc.product_id,
            (SELECT string_agg(a.name, ' > ' ORDER BY length(a.path)) FROM categories a
             WHERE a.store_id = c.store_id AND starts_with(c.path, a.path)) AS names
          FROM product_categories pc JOIN categories c ON c.id = pc.category_id
          WHERE pc.product_id = ANY(${ids}::text[])
          ORDER BY pc.product_id, length(c.path) DESC, c.id`),
      ]);
      const values = await readVariantValues(tx, {
        storeId,
        currency,
        variantIds: variants.rows.map((v) => v.id),
      });
      const group = <T extends { product_id: string }>(rows: T[]) => {
        const m = new Map<string, T[]>();
        for (const r of rows) (m.get(r.product_id) ?? m.set(r.product_id, []).get(r.product_id)!).push(r);
        return m;
      };
      const optionsOf = group(options.rows);
      const variantsOf = group(variants.rows);
      const imagesOf = group(images.rows);
      const categoryOf = new Map(categories.rows.map((r) => [r.product_id, r.names]));

      let text = '';
      for (const p of products) {
        const names = (optionsOf.get(p.id) ?? []).map((o) => o.name);
        const vs = variantsOf.get(p.id) ?? [];
        const imgs = imagesOf.get(p.id) ?? [];
        const lines = Math.max(vs.length, imgs.length, 1);
        for (let i = 0; i < lines; i++) {
          const row: Partial<Record<ShopifyColumn, string | number | null>> = { Handle: p.handle };
          if (i === 0) {
            Object.assign(row, {
              Title: p.title,
              'Body (HTML)': markdownToHtml(p.description),
              Vendor: p.vendor,
              'Product Category': categoryOf.get(p.id) ?? null,
              Type: p.product_type,
              Tags: p.tags.join(', '),
              Published: p.published_at ? 'TRUE' : 'FALSE',
              'Gift Card': p.gift_card ? 'TRUE' : 'FALSE',
              'SEO Title': p.seo_title,
              'SEO Description': p.seo_description,
              Status: p.status,
              Brand: p.brand,
            });
            if (names.length) names.forEach((n, k) => (row[`Option${k + 1} Name` as ShopifyColumn] = n));
            else if (vs.length) row['Option1 Name'] = 'Title';
          }
          const v = vs[i];
          if (v) {
            if (names.length) {
              names.forEach(
                (n, k) => (row[`Option${k + 1} Value` as ShopifyColumn] = v.option_values[n] ?? ''),
              );
            } else row['Option1 Value'] = 'Default Title';
            const money = values.get(v.id);
            Object.assign(row, {
              'Variant SKU': v.sku,
              'Variant Grams': v.weight_grams,
              // Tracked by the shop when Carton holds stock for it at the default location; blank
              // (not tracked: an import leaves stock alone) when it does not.
              'Variant Inventory Tracker': money?.inventoryQty != null ? 'shopify' : null,
              'Variant Inventory Qty': money?.inventoryQty ?? null,
              'Variant Inventory Policy': v.backorder_policy === 'allow' ? 'continue' : 'deny',
              'Variant Price': formatMinor(money?.price ?? null, exponent),
              'Variant Compare At Price': formatMinor(money?.compareAtPrice ?? null, exponent),
              'Variant Barcode': v.barcode,
              'Variant Requires Shipping': p.requires_shipping ? 'TRUE' : 'FALSE',
            });
          }
          const img = imgs[i];
          if (img)
            Object.assign(row, { 'Image Src': img.url, 'Image Position': i + 1, 'Image Alt Text': img.alt });
          text += csvLine(SHOPIFY_COLUMNS.map((c) => row[c] ?? null));
        }
      }
      return { text, last: products[products.length - 1]!.id, full: products.length === pageSize };
    });
    if (!chunk) return;
    yield chunk.text;
    if (!chunk.full) return;
    after = chunk.last;
  }
}

/** Minor units → "12.50" (the currency's decimals). */
function formatMinor(amount: number | null, exponent: number): string | null {
  return amount === null ? null : minorToDecimal(amount, exponent);
}
