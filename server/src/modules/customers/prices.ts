import { z } from 'zod';
import type { Db } from '../../platform/db/database.ts';
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

export const MyPricesQuery = z.object({
  variant_ids: z
    .string()
    .min(1)
    .max(MAX_PRICED_VARIANTS * 65)
    .transform((s) => [...new Set(s.split(',').map((id) => id.trim()))])
    .pipe(
      z
        .array(z.string().min(1).max(64))
        .min(1)
        .max(MAX_PRICED_VARIANTS, `at most ${MAX_PRICED_VARIANTS} variants`),
    )
    .describe(`Comma-separated variant ids, at most ${MAX_PRICED_VARIANTS}`),
  currency: z
    .string()
    .regex(/^[A-Z]{3}$/, 'an ISO 4217 code such as USD')
    .optional()
    .describe("The currency to price in; the store's when omitted"),
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
