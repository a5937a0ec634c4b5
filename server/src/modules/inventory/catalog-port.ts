import type { Db, Tx } from '../../platform/db/database.ts';
import { getVariants, readBackorderPolicies } from '../catalog/service.ts';

export type BackorderPolicy = 'deny' | 'allow';

/**
 * What inventory needs to know about variants: that they exist in this store, and their backorder
 * policy (a catalog column — the merchant sets it with the variant, and CSV import maps Shopify's
 * "Variant Inventory Policy" to it). This is the one place inventory asks the catalog anything;
 * it goes through the catalog's exported `getVariants`, inside the caller's store-scoped
 * transaction, so another store's variant is simply unknown.
 */
export async function variantsForStock(
  tx: Tx,
  storeId: string,
  variantIds: readonly string[],
): Promise<Map<string, { backorderPolicy: BackorderPolicy }>> {
  const out = new Map<string, { backorderPolicy: BackorderPolicy }>();
  if (variantIds.length === 0) return out;
  for (const v of await getVariants(tx, storeId, [...new Set(variantIds)])) {
    out.set(v.id, { backorderPolicy: v.backorderPolicy });
  }
  return out;
}

/** `variantsForStock` outside a transaction, in one round trip (a refused reservation's check). */
export async function readVariantsForStock(
  db: Db,
  storeId: string,
  variantIds: readonly string[],
): Promise<Map<string, { backorderPolicy: BackorderPolicy }>> {
  const policies = await readBackorderPolicies(db, storeId, variantIds);
  return new Map([...policies].map(([id, backorderPolicy]) => [id, { backorderPolicy }]));
}
