import { z } from 'zod';
import { withStore, type Db } from '../../platform/db/database.ts';
import { variantIdsOfProducts } from '../catalog/service.ts';
import { pricesFor } from '../pricing/price-for.ts';
import { getStore } from '../tenancy/service.ts';
import { customerGroupIds } from './groups.ts';

/**
 * The signed-in shopper's own prices: what their customer groups' price lists and rules make of
 * some variants, beside the public price everyone else sees. Product pages stay public and cached
 * (the same page for everyone); the storefront asks this for the shopper it has signed in, so a
 * wholesale buyer sees on the page the price their cart will take (`cart/customer-port.ts`).
 */

const MAX_PRICED_VARIANTS = 100;
const MAX_PRICED_PRODUCTS = 100; // a listing page shows up to 96

/** `a,b,c` → distinct trimmed ids, 1 to `max` of them. */
const idList = (max: number, what: string) =>
  z
    .string()
    .min(1)
    .max(max * 65)
    .transform((s) => [...new Set(s.split(',').map((id) => id.trim()))])
    .pipe(z.array(z.string().min(1).max(64)).min(1).max(max, `at most ${max} ${what}`))
    .describe(`Comma-separated ${what.replace(/s$/, '')} ids, at most ${max}`);
const CurrencyParam = z
  .string()
  .regex(/^[A-Z]{3}$/, 'an ISO 4217 code such as USD')
  .optional()
  .describe("The currency to price in; the store's when omitted");

export const MyPricesQuery = z.object({
  variant_ids: idList(MAX_PRICED_VARIANTS, 'variants'),
  currency: CurrencyParam,
});

export const MyPriceView = z.object({
  variant_id: z.string(),
  currency: z.string(),
  amount: z.number().int().nullable().describe('What this shopper pays for one unit; null without a price'),
  compare_at_amount: z.number().int().nullable(),
  public_amount: z.number().int().nullable().describe('What a shopper in no customer group pays'),
  group_price: z.boolean().describe("Whether the shopper's customer groups make their price differ"),
});

type MyPrice = z.infer<typeof MyPriceView>;

export async function myPrices(
  db: Db,
  input: {
    storeId: string;
    customerId: string;
    variantIds: readonly string[];
    currency?: string | undefined;
  },
): Promise<{ data: MyPrice[] }> {
  const { storeId, variantIds } = input;
  const [groups, currency] = await Promise.all([
    customerGroupIds(db, storeId, input.customerId),
    input.currency ?? getStore(db, storeId).then((s) => s.currency.trim()),
  ]);
  const request = { storeId, currency, variantIds };
  // The facts are cached by pricing: the second asking costs no round trip.
  const mine = await pricesFor(db, { ...request, customerGroupIds: groups });
  const everyone = groups.length ? await pricesFor(db, request) : mine;
  return {
    data: variantIds.map((id) => {
      const own = mine.get(id) ?? null;
      const open = everyone.get(id) ?? null;
      return {
        variant_id: id,
        currency: own?.currency ?? currency,
        amount: own?.amount ?? null,
        compare_at_amount: own?.compareAtAmount ?? null,
        public_amount: open?.amount ?? null,
        group_price: own !== null && own.amount !== open?.amount,
      };
    }),
  };
}

export const MyProductPricesQuery = z.object({
  product_ids: idList(MAX_PRICED_PRODUCTS, 'products'),
  currency: CurrencyParam,
});

export const MyProductPriceView = z.object({
  product_id: z.string(),
  currency: z.string(),
  min: z.number().int().nullable().describe("This shopper's lowest price among the product's variants"),
  max: z.number().int().nullable().describe('Their highest'),
  public_min: z.number().int().nullable().describe('The lowest price a shopper in no customer group pays'),
  public_max: z.number().int().nullable(),
  group_price: z
    .boolean()
    .describe("Whether the shopper's customer groups price any of its variants differently"),
});
type MyProductPrice = z.infer<typeof MyProductPriceView>;

/**
 * `myPrices` by product, for listings (search, categories, the home page), which show a product's
 * price range: the range of what this shopper pays for its variants, beside the public one.
 */
export async function myProductPrices(
  db: Db,
  input: {
    storeId: string;
    customerId: string;
    productIds: readonly string[];
    currency?: string | undefined;
  },
): Promise<{ data: MyProductPrice[] }> {
  const { storeId, productIds } = input;
  const byProduct = await withStore(db, storeId, (tx) => variantIdsOfProducts(tx, storeId, productIds));
  const variantIds = [...byProduct.values()].flat();
  const currency = input.currency ?? (await getStore(db, storeId)).currency.trim();
  const priced = variantIds.length ? (await myPrices(db, { ...input, currency, variantIds })).data : [];
  const byVariant = new Map(priced.map((p) => [p.variant_id, p]));
  const range = (amounts: (number | null)[]) => {
    const known = amounts.filter((a): a is number => a !== null);
    return known.length ? { min: Math.min(...known), max: Math.max(...known) } : { min: null, max: null };
  };
  return {
    data: productIds.map((productId) => {
      const prices = (byProduct.get(productId) ?? []).map((id) => byVariant.get(id)!);
      const own = range(prices.map((p) => p.amount));
      const open = range(prices.map((p) => p.public_amount));
      return {
        product_id: productId,
        currency: prices[0]?.currency ?? currency,
        ...own,
        public_min: open.min,
        public_max: open.max,
        group_price: prices.some((p) => p.group_price),
      };
    }),
  };
}
