import type { Db, Tx } from '../../platform/db/database.ts';
import type { ReadAhead } from '../../platform/db/read-ahead.ts';
import { AppError } from '../../platform/errors.ts';
import {
  getProductForStorefront,
  getVariants,
  storefrontProductAhead,
  type StorefrontProduct,
} from '../catalog/service.ts';
import { availabilityAhead, availabilityFor, type BackorderPolicy } from '../inventory/service.ts';
import type { VariantAvailabilityView } from '../inventory/views.ts';
import type { CartRow } from './cart-rows.ts';
import { shopperFacts } from './customer-port.ts';
import { loadVariantFacts, pricingFacts } from '../pricing/price-for.ts';
import {
  resolvePrice,
  type PriceQuote,
  type StorePricingBook,
  type VariantPricingFacts,
} from '../pricing/resolve.ts';

/**
 * Everything the cart asks the catalog, pricing and inventory modules, through their exported
 * functions only: what a variant is (for the line's display snapshot), what it costs in the
 * cart's context, and how many can be sold.
 */

/** A variant as a cart line shows it, in the cart's locale. */
export interface VariantSnapshot {
  variantId: string;
  productId: string;
  productTitle: string;
  variantTitle: string;
  sku: string;
  imageUrl: string | null;
  weightGrams: number | null;
  /** False for digital goods and services (the product ships nothing). */
  requiresShipping: boolean;
  /** A gift card: no coupon or tax applies to it. */
  giftCard: boolean;
  /** Fields the product asks the shopper to fill in (an engraving): the line's properties answer them. */
  personalization: StorefrontProduct['personalization'];
  /** Read with the snapshot, so the stock check needs no read of its own. */
  backorderPolicy: BackorderPolicy;
}

const unknownVariant = (variantId: string, path: string) =>
  new AppError('NOT_FOUND', `Variant ${variantId} is not for sale in this store.`, {
    errors: [{ path, message: `no variant ${variantId} for sale in this store` }],
  });

/**
 * The display snapshot of a variant of an active product of this store, in one catalog read (the
 * storefront's product query, translated to `locale`). Unknown, another store's (invisible under
 * row-level security) or not for sale (draft, archived): 404 on `path`.
 */
export async function variantForCart(
  tx: Tx,
  options: {
    storeId: string;
    variantId: string;
    productId: string | undefined;
    locale: string | null;
    path: string;
  },
): Promise<VariantSnapshot> {
  const { storeId, variantId } = options;
  if (!options.productId) throw unknownVariant(variantId, options.path);
  const product = await getProductForStorefront(tx, storeId, {
    id: options.productId,
    locale: options.locale ?? undefined,
  });
  return snapshotOf(product, options);
}

/**
 * What `variantForCart` and the stock check of a variant will read, as reads to send ahead with
 * the cart's lock (`read-ahead.ts`), for the cart as read before its transaction (its locale).
 */
export function variantForCartAhead(cart: CartRow, variantId: string, productId: string): ReadAhead[] {
  return [
    storefrontProductAhead(cart.store_id, { id: productId, locale: cart.locale ?? undefined }),
    ...stockAhead(cart.store_id, [variantId]),
  ];
}

/** What `sellableUnits` of these variants will read, as a read to send ahead. */
export function stockAhead(storeId: string, variantIds: readonly string[]): ReadAhead[] {
  return variantIds.length ? [availabilityAhead(storeId, variantIds)] : [];
}

function snapshotOf(
  product: StorefrontProduct | null,
  options: { variantId: string; path: string },
): VariantSnapshot {
  const { variantId } = options;
  const variant = product?.variants.find((v) => v.id === variantId);
  if (!product || !variant) throw unknownVariant(variantId, options.path);
  const image =
    product.images.find((i) => i.variantId === variantId) ??
    product.images.find((i) => i.isPrimary) ??
    product.images[0];
  return {
    variantId,
    productId: product.id,
    productTitle: product.title,
    variantTitle: variant.title,
    sku: variant.sku,
    imageUrl: image?.url ?? null,
    weightGrams: variant.weightGrams,
    requiresShipping: product.requiresShipping,
    giftCard: product.giftCard,
    personalization: product.personalization,
    backorderPolicy: variant.backorderPolicy,
  };
}

/**
 * Variants among `variantIds` whose product is still for sale (active) in this store, and the
 * backorder policy of each variant read (for `sellableUnits`, which then reads no variant again).
 */
export async function variantsForSale(
  tx: Tx,
  storeId: string,
  variantIds: readonly string[],
): Promise<{ forSale: Set<string>; policies: Map<string, { backorderPolicy: BackorderPolicy }> }> {
  const rows = await getVariants(tx, storeId, variantIds);
  return {
    forSale: new Set(rows.filter((v) => v.product.status === 'active').map((v) => v.id)),
    policies: new Map(rows.map((v) => [v.id, { backorderPolicy: v.backorderPolicy }])),
  };
}

/** Units of each variant that can be sold now (summed over active locations); Infinity with backorders allowed. */
export async function sellableUnits(
  tx: Tx,
  storeId: string,
  variantIds: readonly string[],
  /** The variants' backorder policies as `variantsForSale` just read them. */
  policies?: ReadonlyMap<string, { backorderPolicy: BackorderPolicy }>,
): Promise<Map<string, number>> {
  return unitsOf(await availabilityFor(tx, storeId, variantIds, policies));
}

/**
 * Per location (pickup points), the lines it cannot fill now, each with what it has: one read of
 * the levels for them all. Variants that allow backorders always fit.
 */
export async function shortAtLocations(
  db: Db | Tx,
  storeId: string,
  locationIds: readonly string[],
  lines: readonly { variantId: string; quantity: number }[],
): Promise<Map<string, { variantId: string; available: number }[]>> {
  const out = new Map<string, { variantId: string; available: number }[]>();
  if (locationIds.length === 0) return out;
  const rows = await availabilityFor(
    db,
    storeId,
    lines.map((l) => l.variantId),
  );
  const wanted = new Map<string, number>();
  for (const l of lines) wanted.set(l.variantId, (wanted.get(l.variantId) ?? 0) + l.quantity);
  for (const locationId of locationIds) {
    const here = (variantId: string) => {
      const r = rows.find((x) => x.variant_id === variantId);
      if (r?.backorder_policy === 'allow') return Number.POSITIVE_INFINITY;
      return Math.max(0, r?.locations.find((l) => l.location_id === locationId)?.available ?? 0);
    };
    out.set(
      locationId,
      [...wanted]
        .filter(([v, q]) => here(v) < q)
        .map(([variantId]) => ({ variantId, available: here(variantId) })),
    );
  }
  return out;
}

function unitsOf(rows: readonly VariantAvailabilityView[]): Map<string, number> {
  return new Map(
    rows.map((r) => [
      r.variant_id,
      r.backorder_policy === 'allow' ? Number.POSITIVE_INFINITY : Math.max(0, r.available),
    ]),
  );
}

/** Pricing facts for a cart's variants: the store's book, each variant's facts, the shopper's groups and tax exemption. */
export interface PriceBook {
  book: StorePricingBook;
  facts: Map<string, VariantPricingFacts>;
  /** The customer groups of the cart's shopper: price lists and rules limited to them apply. */
  customerGroupIds: readonly string[];
  /** The cart's signed-in shopper is tax exempt (a draft's own setting is on the cart). */
  taxExempt: boolean;
}

/**
 * Facts for pricing these variants, from pricing's in-process cache (no round trip when warm).
 * Called before the cart's transaction opens: a cold read takes its own connection, and asking
 * for one while holding another could starve the pool under load.
 */
export async function warmPrices(
  db: Db,
  storeId: string,
  variantIds: readonly string[],
  /** The cart's signed-in shopper, whose customer groups may have prices of their own. */
  customerId: string | null,
): Promise<PriceBook> {
  const [prices, shopper] = await Promise.all([
    pricingFacts(db, storeId, variantIds),
    customerId ? shopperFacts(db, storeId, customerId) : { groupIds: [], taxExempt: false },
  ]);
  return { ...prices, customerGroupIds: shopper.groupIds, taxExempt: shopper.taxExempt };
}

/** Facts of variants the warm-up did not cover (a concurrent change added them), read in `tx`. */
export async function completePrices(
  tx: Tx,
  storeId: string,
  prices: PriceBook,
  variantIds: readonly string[],
): Promise<void> {
  const missing = [...new Set(variantIds)].filter((id) => !prices.facts.has(id));
  if (missing.length === 0) return;
  for (const f of await loadVariantFacts(tx, storeId, missing)) prices.facts.set(f.variantId, f);
}

/** The price of `quantity` units of a variant in the cart's currency, or null when it has none. */
export function priceOf(
  prices: PriceBook,
  request: { variantId: string; currency: string; quantity: number; at: Date },
): PriceQuote | null {
  const facts = prices.facts.get(request.variantId);
  if (!facts) return null;
  return resolvePrice(facts, prices.book, {
    currency: request.currency,
    quantity: request.quantity,
    customerGroupIds: prices.customerGroupIds,
    locationId: null,
    at: request.at,
  });
}
