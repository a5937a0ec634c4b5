import type { DbOrTx } from '../../platform/db/database.ts';
import { getProductsByIds, getVariants } from '../catalog/service.ts';

/**
 * What the wish list needs from the catalog: whether products and variants exist in this store,
 * whether they are for sale, and their titles. The one place this module asks the catalog
 * anything, through the catalog's exported reads, in the caller's store-scoped transaction.
 */

export interface CatalogProduct {
  id: string;
  title: string;
  handle: string;
  forSale: boolean;
}

export interface CatalogVariant {
  id: string;
  productId: string;
  title: string;
  sku: string;
}

export async function catalogItems(
  tx: DbOrTx,
  storeId: string,
  ids: { productIds: readonly string[]; variantIds: readonly string[] },
): Promise<{ products: Map<string, CatalogProduct>; variants: Map<string, CatalogVariant> }> {
  const variants = new Map<string, CatalogVariant>();
  const products = new Map<string, CatalogProduct>();
  const variantIds = [...new Set(ids.variantIds)];
  for (const v of await getVariants(tx, storeId, variantIds)) {
    variants.set(v.id, { id: v.id, productId: v.productId, title: v.title, sku: v.sku });
    products.set(v.product.id, {
      id: v.product.id,
      title: v.product.title,
      handle: v.product.handle,
      forSale: v.product.status === 'active',
    });
  }
  const missing = [...new Set(ids.productIds)].filter((id) => !products.has(id));
  for (const p of await getProductsByIds(tx, storeId, missing)) {
    products.set(p.id, { id: p.id, title: p.title, handle: p.handle, forSale: p.status === 'active' });
  }
  return { products, variants };
}
