/**
 * Prices and stock levels read from an import file, handed to the pricing and inventory modules
 * in the same transaction as the products they belong to. Each value is also kept in
 * `catalog_import_values` (with whether it was applied), as the job's record of what it read.
 */
import { sql } from 'drizzle-orm';
import type { Tx } from '../../../platform/db/database.ts';
import { loadVariantFacts } from '../../pricing/price-for.ts';
import { setVariantPricesInTx } from '../../pricing/service.ts';
import { toPgArray } from '../bulk.ts';
import type { VariantValues } from './shopify.ts';

export interface VariantValuesToApply extends VariantValues {
  variantId: string;
  /**
   * The variant's product was created by this write: its `product.created` event announces the
   * prices too, so no `price.changed` per variant (ten thousand of them would only slow the import).
   */
  newProduct: boolean;
}

export async function applyVariantValues(
  tx: Tx,
  input: { storeId: string; jobId: string; currency: string; values: readonly VariantValuesToApply[] },
): Promise<void> {
  const { storeId, jobId, currency, values } = input;
  if (!values.length) return;
  const priceApplied = await applyPrices(tx, storeId, currency, values);
  const stockApplied = await applyStock(tx, storeId, values);
  const rows = values.map((v) => ({
    variant_id: v.variantId,
    sku: v.sku,
    row_number: v.row,
    price: v.price,
    compare_at_price: v.compareAtPrice,
    inventory_qty: v.inventoryQty,
    price_applied: priceApplied && v.price !== null,
    stock_applied: stockApplied && v.inventoryQty !== null,
  }));
  await tx.execute(sql`
    INSERT INTO catalog_import_values (store_id, job_id, variant_id, sku, row_number, currency, price,
      compare_at_price, inventory_qty, price_applied, stock_applied)
    SELECT ${storeId}, ${jobId}, r.variant_id, r.sku, r.row_number, ${currency}, r.price, r.compare_at_price,
           r.inventory_qty, r.price_applied, r.stock_applied
    FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) AS r(variant_id text, sku text, row_number int,
      price bigint, compare_at_price bigint, inventory_qty int, price_applied boolean, stock_applied boolean)
    ON CONFLICT (job_id, variant_id) DO UPDATE SET price = excluded.price,
      compare_at_price = excluded.compare_at_price, inventory_qty = excluded.inventory_qty,
      price_applied = excluded.price_applied, stock_applied = excluded.stock_applied`);
}

/** Variant Price / Compare At Price → the pricing module, in the store currency. */
async function applyPrices(
  tx: Tx,
  storeId: string,
  currency: string,
  values: readonly VariantValuesToApply[],
): Promise<boolean> {
  for (const newProduct of [true, false]) {
    const prices = values
      .filter((v) => v.price !== null && v.newProduct === newProduct)
      .map((v) => ({
        variant_id: v.variantId,
        currency,
        amount: v.price!,
        compare_at_amount: v.compareAtPrice,
      }));
    for (let i = 0; i < prices.length; i += 1000) {
      await setVariantPricesInTx(tx, { storeId, prices: prices.slice(i, i + 1000), emitEvents: !newProduct });
    }
  }
  return true;
}

/** Variant Inventory Qty → on hand at the store's default location. False when not applied. */
async function applyStock(
  _tx: Tx,
  _storeId: string,
  _values: readonly VariantValuesToApply[],
): Promise<boolean> {
  return false;
}

export interface VariantMoneyAndStock {
  price: number | null;
  compareAtPrice: number | null;
  inventoryQty: number | null;
}

/**
 * Price, compare-at price and on-hand stock of variants, for the export: prices from the pricing
 * module (the variant's own price in the store currency); stock, until the inventory module
 * takes it, as the latest import read it.
 */
export async function readVariantValues(
  tx: Tx,
  input: { storeId: string; currency: string; variantIds: readonly string[] },
): Promise<Map<string, VariantMoneyAndStock>> {
  const out = new Map<string, VariantMoneyAndStock>();
  if (!input.variantIds.length) return out;
  for (const f of await loadVariantFacts(tx, input.storeId, input.variantIds)) {
    const price = f.prices.find((p) => p.currency === input.currency);
    out.set(f.variantId, {
      price: price?.amount ?? null,
      compareAtPrice: price?.compareAtAmount ?? null,
      inventoryQty: null,
    });
  }
  const { rows } = await tx.execute<{ variant_id: string; inventory_qty: number | null }>(sql`
    SELECT DISTINCT ON (variant_id) variant_id, inventory_qty
    FROM catalog_import_values
    WHERE store_id = ${input.storeId} AND variant_id = ANY(${toPgArray(input.variantIds)}::text[])
    ORDER BY variant_id, job_id DESC`);
  for (const r of rows) {
    const v = out.get(r.variant_id) ?? { price: null, compareAtPrice: null, inventoryQty: null };
    out.set(r.variant_id, { ...v, inventoryQty: r.inventory_qty });
  }
  return out;
}
