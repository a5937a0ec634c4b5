/**
 * Prices and stock levels read from an import file, handed to the pricing and inventory modules
 * in the same transaction as the products they belong to. Each value is also kept in
 * `catalog_import_values` (with whether it was applied), as the job's record of what it read.
 */
import { sql } from 'drizzle-orm';
import type { Tx } from '../../../platform/db/database.ts';
import { isAppError } from '../../../platform/errors.ts';
import { onHandAtDefaultLocation, setStockLevelsInTx } from '../../inventory/service.ts';
import { loadVariantFacts } from '../../pricing/price-for.ts';
import { setVariantPricesInTx } from '../../pricing/service.ts';
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
  const stockApplied = await applyStock(tx, storeId, jobId, values);
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

/**
 * The inventory module refused the stock of some rows (fewer units than are reserved, no active
 * stock location…): the product they belong to fails with these row errors.
 */
export class StockRefused extends Error {
  readonly rows: { row: number; message: string }[];
  constructor(rows: { row: number; message: string }[]) {
    super(`stock refused at row(s) ${rows.map((r) => r.row).join(', ')}`);
    this.name = 'StockRefused';
    this.rows = rows;
  }
}

/**
 * Variant Inventory Qty → on hand at the store's default location, through the inventory module's
 * `setStockLevelsInTx` in the import's transaction (so a product and its stock commit together).
 * Ledger rows have reason `import` and the job id as reference. As with prices, the initial stock
 * of a product this import creates is announced by its `product.created`; changed stock of
 * existing variants emits `inventory.adjusted` (and `inventory.low_stock`) as usual.
 */
async function applyStock(
  tx: Tx,
  storeId: string,
  jobId: string,
  values: readonly VariantValuesToApply[],
): Promise<boolean> {
  for (const newProduct of [true, false]) {
    const rows = values.filter((v) => v.inventoryQty !== null && v.newProduct === newProduct);
    for (let i = 0; i < rows.length; i += 5000) {
      const chunk = rows.slice(i, i + 5000);
      try {
        await setStockLevelsInTx(tx, {
          storeId,
          input: {
            reason: 'import',
            levels: chunk.map((v) => ({ variant_id: v.variantId, on_hand: v.inventoryQty! })),
          },
          reference: jobId,
          emitEvents: !newProduct,
        });
      } catch (err) {
        if (!isAppError(err)) throw err;
        // Errors name `body.levels.N.…`; an error about no level in particular concerns them all.
        const refused = new Map<number, string>();
        for (const e of err.errors ?? []) {
          const m = /^body\.levels\.(\d+)\./.exec(e.path);
          if (m) refused.set(chunk[Number(m[1])]!.row, `${err.message} This row: ${e.message}.`);
        }
        if (!refused.size) for (const v of chunk) refused.set(v.row, err.message);
        throw new StockRefused([...refused].map(([row, message]) => ({ row, message })));
      }
    }
  }
  return true;
}

export interface VariantMoneyAndStock {
  price: number | null;
  compareAtPrice: number | null;
  inventoryQty: number | null;
}

/**
 * Price, compare-at price and on-hand stock of variants, for the export: prices from the pricing
 * module (the variant's own price in the store currency); stock from the inventory module — on hand
 * at the store's default location, where an import of Variant Inventory Qty puts it (null: the
 * variant has no stock record there).
 */
export async function readVariantValues(
  tx: Tx,
  input: { storeId: string; currency: string; variantIds: readonly string[] },
): Promise<Map<string, VariantMoneyAndStock>> {
  const out = new Map<string, VariantMoneyAndStock>();
  if (!input.variantIds.length) return out;
  const stock = await onHandAtDefaultLocation(tx, input.storeId, input.variantIds);
  for (const id of input.variantIds) {
    out.set(id, { price: null, compareAtPrice: null, inventoryQty: stock.get(id) ?? null });
  }
  for (const f of await loadVariantFacts(tx, input.storeId, input.variantIds)) {
    const price = f.prices.find((p) => p.currency === input.currency);
    out.set(f.variantId, {
      price: price?.amount ?? null,
      compareAtPrice: price?.compareAtAmount ?? null,
      inventoryQty: stock.get(f.variantId) ?? null,
    });
  }
  return out;
}
