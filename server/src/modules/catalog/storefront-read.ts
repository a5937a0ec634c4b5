import { sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../../platform/db/database.ts';
import { preparedReadAhead, sentAheadAnswer, type ReadAhead } from '../../platform/db/read-ahead.ts';
import type { BackorderPolicy, OptionValues, PersonalizationField, ProductStatus } from './schema.ts';

/** A product as a shopper sees it, text already in the shopper's locale. */
export interface StorefrontProduct {
  id: string;
  handle: string;
  title: string;
  /** Markdown. */
  description: string;
  status: ProductStatus;
  brand: string | null;
  vendor: string | null;
  productType: string | null;
  tags: string[];
  /** False for digital goods and services: nothing ships. */
  requiresShipping: boolean;
  /** Sold as a gift card: each unit bought becomes a card worth its price. */
  giftCard: boolean;
  /** Fields the shopper fills in (an engraving): the answers are the cart line's properties. */
  personalization: PersonalizationField[];
  seoTitle: string | null;
  seoDescription: string | null;
  /** The locale the text is in: the one asked for when translated, otherwise null (the store's default). */
  locale: string | null;
  publishedAt: string | null;
  options: { name: string; position: number; values: string[] }[];
  variants: {
    id: string;
    sku: string;
    barcode: string | null;
    title: string;
    optionValues: OptionValues;
    weightGrams: number | null;
    lengthMm: number | null;
    widthMm: number | null;
    heightMm: number | null;
    backorderPolicy: BackorderPolicy;
  }[];
  images: {
    id: string;
    url: string;
    alt: string;
    position: number;
    isPrimary: boolean;
    width: number | null;
    height: number | null;
    variantId: string | null;
  }[];
  categoryIds: string[];
}

export interface StorefrontProductQuery {
  id?: string;
  handle?: string;
  /** e.g. `vi` or `vi-VN` (falls back to `vi`, then to the product's own text). */
  locale?: string;
  /** Also return drafts and archived products (previews). Default false: active only. */
  includeInactive?: boolean;
}

/**
 * Product + options + variants + images + categories + the best translation in ONE round trip
 * (correlated JSON aggregates over indexed foreign keys), because product detail is the hottest
 * read of the storefront. Returns null when there is no such (active) product.
 */
export async function getProductForStorefront(
  db: DbOrTx,
  storeId: string,
  q: StorefrontProductQuery,
): Promise<StorefrontProduct | null> {
  const query = storefrontProductQuery(storeId, q);
  const rows = sentAheadAnswer(db, query) ?? (await db.execute(query)).rows;
  return storefrontProductFromRow(rows[0]);
}

const productById = preparedReadAhead('storefront_product_by_id', storefrontProductQuery('', { id: '' }));

/**
 * `getProductForStorefront` of an active product by id, as a read to send ahead in a transaction
 * (`read-ahead.ts`): the cart sends it with its lock when a shopper adds the product.
 */
export function storefrontProductAhead(storeId: string, q: { id: string; locale?: string }): ReadAhead {
  return productById(storefrontProductQuery(storeId, q));
}

function storefrontProductQuery(storeId: string, q: StorefrontProductQuery): SQL {
  const by = q.id !== undefined ? sql`p.id = ${q.id}` : sql`p.handle = ${q.handle ?? ''}`;
  const locale = q.locale ?? '';
  const language = locale.split('-')[0] ?? '';
  const active = q.includeInactive ? sql`` : sql`AND p.status = 'active'`;
  return sql`
    SELECT p.id, p.handle, p.status, p.brand, p.vendor, p.product_type, p.tags, p.published_at, p.requires_shipping, p.gift_card, p.personalization,
      coalesce(t.title, p.title) AS title,
      coalesce(t.description, p.description) AS description,
      coalesce(t.seo_title, p.seo_title) AS seo_title,
      coalesce(t.seo_description, p.seo_description) AS seo_description,
      t.locale,
      (SELECT coalesce(json_agg(json_build_object('name', o.name, 'position', o.position, 'values', o."values")
                                ORDER BY o.position), '[]')
         FROM product_options o WHERE o.product_id = p.id) AS options,
      (SELECT coalesce(json_agg(json_build_object('id', v.id, 'sku', v.sku, 'barcode', v.barcode, 'title', v.title,
                'optionValues', v.option_values, 'weightGrams', v.weight_grams, 'lengthMm', v.length_mm,
                'widthMm', v.width_mm, 'heightMm', v.height_mm, 'backorderPolicy', v.backorder_policy)
                                ORDER BY v.position, v.id), '[]')
         FROM variants v WHERE v.product_id = p.id) AS variants,
      (SELECT coalesce(json_agg(json_build_object('id', i.id, 'url', i.url, 'alt', i.alt, 'position', i.position,
                'isPrimary', i.is_primary, 'width', i.width, 'height', i.height, 'variantId', i.variant_id)
                                ORDER BY i.position, i.id), '[]')
         FROM product_images i WHERE i.product_id = p.id) AS images,
      ARRAY(SELECT pc.category_id FROM product_categories pc WHERE pc.product_id = p.id ORDER BY pc.category_id)
        AS category_ids
    FROM products p
    LEFT JOIN LATERAL (
      SELECT * FROM product_translations tr
      WHERE tr.product_id = p.id AND tr.locale IN (${locale}, ${language})
      ORDER BY tr.locale = ${locale} DESC LIMIT 1
    ) t ON true
    WHERE p.store_id = ${storeId} AND ${by} ${active}
    LIMIT 1`;
}

function storefrontProductFromRow(r: Record<string, unknown> | undefined): StorefrontProduct | null {
  if (!r) return null;
  return {
    id: r.id as string,
    handle: r.handle as string,
    title: r.title as string,
    description: r.description as string,
    status: r.status as ProductStatus,
    brand: r.brand as string | null,
    vendor: r.vendor as string | null,
    productType: r.product_type as string | null,
    tags: r.tags as string[],
    requiresShipping: r.requires_shipping as boolean,
    giftCard: r.gift_card as boolean,
    personalization: (r.personalization as PersonalizationField[] | null) ?? [],
    seoTitle: r.seo_title as string | null,
    seoDescription: r.seo_description as string | null,
    locale: (r.locale as string | null) ?? null,
    publishedAt: r.published_at ? new Date(r.published_at as string).toISOString() : null,
    options: r.options as StorefrontProduct['options'],
    variants: r.variants as StorefrontProduct['variants'],
    images: r.images as StorefrontProduct['images'],
    categoryIds: r.category_ids as string[],
  };
}
