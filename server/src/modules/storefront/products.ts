import type { Platform } from '../../platform/context.ts';
import { withStore } from '../../platform/db/database.ts';
import { AppError } from '../../platform/errors.ts';
import { getProductForStorefront, type StorefrontProduct } from '../catalog/service.ts';
import { availabilityFor } from '../inventory/levels.ts';
import { pricesFor } from '../pricing/price-for.ts';
import { productCache, productCacheKey, stockCache } from './cache.ts';
import { storeDefaults } from '../search/store-defaults.ts';

export interface ShopperProduct {
  id: string;
  handle: string;
  title: string;
  description: string;
  brand: string | null;
  vendor: string | null;
  product_type: string | null;
  tags: string[];
  seo: { title: string | null; description: string | null };
  locale: string | null;
  currency: string;
  /** False for digital goods and services: nothing ships. */
  requires_shipping: boolean;
  /** A gift card: each unit bought is a card worth its price, its code e-mailed to the buyer. */
  gift_card: boolean;
  /** Fields the shopper fills in (an engraving): send the answers as the line's `properties`. */
  personalization: { name: string; required: boolean; max_length: number }[];
  category_ids: string[];
  options: { name: string; position: number; values: string[] }[];
  images: {
    id: string;
    url: string;
    alt: string;
    position: number;
    is_primary: boolean;
    variant_id: string | null;
  }[];
  variants: {
    id: string;
    sku: string;
    title: string;
    option_values: Record<string, string>;
    weight_grams: number | null;
    price: { amount: number; currency: string; compare_at_amount: number | null } | null;
    available: number;
    in_stock: boolean;
  }[];
  price_range: { min: number; max: number } | null;
  in_stock: boolean;
}

/**
 * The composed answer, for as long as its stock figures are fresh (one second) and no catalog
 * or stock event arrived since (any eviction bumps the generation): a hot product page costs a
 * map lookup. Prices inside are at most that second old, like the stock.
 */
const VIEW_TTL_MS = 1000;
const recentViews = new Map<string, { view: ShopperProduct; at: number; generation: number }>();

/**
 * Product detail for shoppers: the catalog's product (from the in-process cache when warm), each
 * variant's price in the shopper's currency (pricing's cache) and its availability (inventory,
 * cached for at most a second and evicted on inventory events: a product page may show stock a
 * moment old; carts and checkouts reserve against the real levels). Cold: one store-scoped
 * transaction plus pricing's read. Warm: no database round trip.
 */
export async function getShopperProduct(
  platform: Platform,
  opts: { storeId: string; id?: string; handle?: string; locale?: string; currency?: string },
): Promise<ShopperProduct> {
  const { storeId } = opts;
  const defaults = await storeDefaults(platform.db, storeId);
  const currency = opts.currency ?? defaults.currency;
  const locale = opts.locale ?? '';
  const key = productCacheKey(storeId, opts, locale);
  const viewKey = `${key}|${currency}`;
  const recent = recentViews.get(viewKey);
  if (recent && recent.generation === productCache.generation && Date.now() - recent.at < VIEW_TTL_MS) {
    return recent.view;
  }
  const generationAtStart = productCache.generation;
  let product = productCache.get(key);
  let variantStock: Awaited<ReturnType<typeof availabilityFor>>;
  if (product === undefined) {
    const generation = productCache.generation;
    const read = await withStore(platform.db, storeId, async (tx) => {
      const p = await getProductForStorefront(tx, storeId, {
        id: opts.id,
        handle: opts.handle,
        locale: opts.locale,
      });
      const stock = p
        ? await availabilityFor(
            tx,
            storeId,
            p.variants.map((v) => v.id),
          )
        : [];
      return { p, stock };
    });
    product = read.p;
    variantStock = read.stock;
    productCache.set(key, storeId, product, generation);
    if (product) stockCache.set(storeId, product.id, variantStock, generation);
  } else if (product) {
    const cached = stockCache.get(storeId, product.id);
    if (cached) variantStock = cached;
    else {
      const generation = productCache.generation;
      variantStock = await availabilityFor(
        platform.db,
        storeId,
        product.variants.map((v) => v.id),
      );
      stockCache.set(storeId, product.id, variantStock, generation);
    }
  } else {
    variantStock = [];
  }
  if (!product) throw new AppError('NOT_FOUND', 'No such product.');
  const prices = await pricesFor(platform, {
    storeId,
    currency,
    variantIds: product.variants.map((v) => v.id),
  });
  const view = shopperView(product, currency, prices, variantStock);
  if (generationAtStart === productCache.generation) {
    if (recentViews.size >= 20_000) recentViews.clear();
    recentViews.set(viewKey, { view, at: Date.now(), generation: generationAtStart });
  }
  return view;
}

function shopperView(
  p: StorefrontProduct,
  currency: string,
  prices: Awaited<ReturnType<typeof pricesFor>>,
  stock: Awaited<ReturnType<typeof availabilityFor>>,
): ShopperProduct {
  const stockOf = new Map(stock.map((s) => [s.variant_id, s]));
  const variants = p.variants.map((v) => {
    const quote = prices.get(v.id) ?? null;
    const s = stockOf.get(v.id);
    return {
      id: v.id,
      sku: v.sku,
      title: v.title,
      option_values: v.optionValues,
      weight_grams: v.weightGrams,
      price: quote
        ? { amount: quote.amount, currency: quote.currency, compare_at_amount: quote.compareAtAmount }
        : null,
      // Shoppers see what they can buy, never negative (backorders) nor per-location detail.
      available: Math.max(0, s?.available ?? 0),
      in_stock: s?.in_stock ?? false,
    };
  });
  const amounts = variants.flatMap((v) => (v.price ? [v.price.amount] : []));
  return {
    id: p.id,
    handle: p.handle,
    title: p.title,
    description: p.description,
    brand: p.brand,
    vendor: p.vendor,
    product_type: p.productType,
    tags: p.tags,
    seo: { title: p.seoTitle, description: p.seoDescription },
    locale: p.locale,
    currency,
    requires_shipping: p.requiresShipping,
    gift_card: p.giftCard,
    personalization: p.personalization,
    category_ids: p.categoryIds,
    options: p.options,
    images: p.images.map((i) => ({
      id: i.id,
      url: i.url,
      alt: i.alt,
      position: i.position,
      is_primary: i.isPrimary,
      variant_id: i.variantId,
    })),
    variants,
    price_range: amounts.length ? { min: Math.min(...amounts), max: Math.max(...amounts) } : null,
    in_stock: variants.some((v) => v.in_stock),
  };
}
