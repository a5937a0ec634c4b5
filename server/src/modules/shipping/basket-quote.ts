import { z } from 'zod';
import { AddressInput, parseAddress } from '../../platform/address.ts';
import { withStore, type Db } from '../../platform/db/database.ts';
import { AppError, type FieldError } from '../../platform/errors.ts';
import { parseInput } from '../../platform/validation.ts';
import { getVariants } from '../catalog/service.ts';
import { pricesFor } from '../pricing/price-for.ts';
import { storeCurrency } from '../search/store-defaults.ts';
import { CurrencyCode } from '../tenancy/service.ts';
import { noShippingTo, quoteShippingForAddress, type ShippingRate } from './service.ts';

/**
 * Rates for a basket the storefront describes by variant and quantity, before any cart exists.
 * Weights come from the catalog and prices from pricing — never from the shopper — so the price
 * bands and free-shipping thresholds see what the cart would charge (before discounts).
 */

export const BasketRatesInput = z.strictObject({
  address: AddressInput,
  currency: CurrencyCode.optional().describe("The basket's currency; the store's when omitted"),
  lines: z
    .array(
      z.strictObject({
        variant_id: z.string().trim().min(1).max(100),
        quantity: z.number().int().min(1).max(10_000),
      }),
    )
    .min(1)
    .max(250),
});
export type BasketRatesInput = z.input<typeof BasketRatesInput>;

export interface BasketRates {
  currency: string;
  subtotal: number;
  weightGrams: number;
  rates: ShippingRate[];
}

export async function quoteBasketShipping(
  db: Db,
  options: { storeId: string; input: BasketRatesInput },
): Promise<BasketRates> {
  const { storeId } = options;
  const input = parseInput(BasketRatesInput, options.input);
  const address = parseAddress(input.address, 'body.address');
  const currency = input.currency ?? (await storeCurrency(db, storeId));
  const ids = input.lines.map((l) => l.variant_id);

  const variants = new Map(
    (await withStore(db, storeId, (tx) => getVariants(tx, storeId, ids)))
      .filter((v) => v.product.status === 'active')
      .map((v) => [v.id, v]),
  );
  // Quantity tiers: price each distinct quantity once.
  const prices = new Map<string, number | null>();
  for (const quantity of new Set(input.lines.map((l) => l.quantity))) {
    const quotes = await pricesFor(db, {
      storeId,
      currency,
      quantity,
      variantIds: input.lines.filter((l) => l.quantity === quantity).map((l) => l.variant_id),
    });
    for (const [id, q] of quotes) prices.set(`${id}:${quantity}`, q ? q.amount : null);
  }

  const errors: FieldError[] = [];
  const lines = input.lines.map((l, i) => {
    const variant = variants.get(l.variant_id);
    const unitPrice = prices.get(`${l.variant_id}:${l.quantity}`) ?? null;
    if (!variant)
      errors.push({ path: `body.lines.${i}.variant_id`, message: `no variant ${l.variant_id} for sale` });
    else if (unitPrice === null) {
      errors.push({
        path: `body.lines.${i}.variant_id`,
        message: `variant ${l.variant_id} has no price in ${currency}`,
      });
    }
    return {
      variantId: l.variant_id,
      quantity: l.quantity,
      unitPrice: unitPrice ?? 0,
      weightGrams: variant?.weightGrams ?? null,
    };
  });
  if (errors.length > 0) throw new AppError('UNPROCESSABLE', 'The basket cannot be priced.', { errors });

  const subtotal = lines.reduce((sum, l) => sum + l.quantity * l.unitPrice, 0);
  const { zoneId, rates } = await quoteShippingForAddress(db, {
    storeId,
    currency,
    address,
    lines,
    subtotal,
  });
  if (!zoneId) throw noShippingTo(address);
  return {
    currency,
    subtotal,
    weightGrams: lines.reduce((sum, l) => sum + l.quantity * (l.weightGrams ?? 0), 0),
    rates,
  };
}
