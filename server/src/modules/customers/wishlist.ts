import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { withStore, type Db, type DbOrTx } from '../../platform/db/database.ts';
import { AppError } from '../../platform/errors.ts';
import { newId } from '../../platform/ids.ts';
import { parseInput } from '../../platform/validation.ts';
import { catalogItems } from './catalog-port.ts';
import { requireShopper } from './identity-port.ts';
import { lockProfile, readProfile } from './profiles.ts';
import { emitCustomerEvent } from './shared.ts';
import { isoOf, type WishlistItemView } from './views.ts';

/**
 * The wish list: products, or particular variants of them, a shopper wants to remember. Adding
 * what is already there returns the existing item (idempotent); only products for sale in this
 * store can be added. Items whose product was archived or deleted stay, shown as unavailable.
 */

/** Items a shopper may keep when the caller does not say (config: CUSTOMER_MAX_WISHLIST_ITEMS). */
export const DEFAULT_MAX_WISHLIST_ITEMS = 200;

const Id = z.string().trim().min(1).max(64);

export const WishlistItemInput = z
  .strictObject({
    product_id: Id.optional().describe('A product (any of its variants)'),
    variant_id: Id.optional().describe('One variant; its product is implied'),
  })
  .refine((v) => v.product_id !== undefined || v.variant_id !== undefined, {
    message: 'Name a product_id or a variant_id.',
    path: ['variant_id'],
  });
export type WishlistItemInput = z.input<typeof WishlistItemInput>;

interface ItemRow {
  [column: string]: unknown;
  id: string;
  product_id: string;
  variant_id: string | null;
  created_at: Date | string;
}

/** Items with their product (and variant) titles, read through the catalog's exported functions. */
async function itemViews(tx: DbOrTx, storeId: string, rows: ItemRow[]): Promise<WishlistItemView[]> {
  const { products, variants } = await catalogItems(tx, storeId, {
    productIds: rows.map((r) => r.product_id),
    variantIds: rows.flatMap((r) => (r.variant_id ? [r.variant_id] : [])),
  });
  return rows.map((r) => {
    const product = products.get(r.product_id);
    const variant = r.variant_id ? variants.get(r.variant_id) : undefined;
    return {
      id: r.id,
      product_id: r.product_id,
      variant_id: r.variant_id,
      product: product ? { title: product.title, handle: product.handle } : null,
      variant: variant ? { title: variant.title, sku: variant.sku } : null,
      available: Boolean(product?.forSale && (r.variant_id === null || variant)),
      added_at: isoOf(r.created_at),
    };
  });
}

export async function wishlistRows(tx: DbOrTx, storeId: string, customerId: string): Promise<ItemRow[]> {
  const { rows } = await tx.execute<ItemRow>(sql`
    SELECT id, product_id, variant_id, created_at FROM customer_wishlist_items
    WHERE store_id = ${storeId} AND customer_id = ${customerId} ORDER BY id DESC`);
  return rows;
}

/** The shopper's wish list, newest first, in one store-scoped transaction. */
export async function wishlistOf(
  tx: DbOrTx,
  storeId: string,
  customerId: string,
): Promise<WishlistItemView[]> {
  return itemViews(tx, storeId, await wishlistRows(tx, storeId, customerId));
}

export async function listWishlist(
  db: Db,
  options: { storeId: string; customerId: string },
): Promise<WishlistItemView[]> {
  return withStore(db, options.storeId, async (tx) => {
    const rows = await wishlistRows(tx, options.storeId, options.customerId);
    if (rows.length === 0 && !(await readProfile(tx, options.storeId, options.customerId))) {
      await requireShopper(tx, options.storeId, options.customerId);
    }
    return itemViews(tx, options.storeId, rows);
  });
}

/**
 * Add a product or variant to the wish list. Already there: the existing item, `created: false`,
 * and no event. Unknown (or not for sale) in this store: 404. Full: 409 LIMIT_REACHED.
 * Emits `customer.wishlist_item_added`.
 */
export async function addWishlistItem(
  db: Db,
  options: { storeId: string; customerId: string; input: WishlistItemInput; maxItems?: number },
): Promise<{ item: WishlistItemView; created: boolean }> {
  const input = parseInput(WishlistItemInput, options.input);
  const { storeId, customerId } = options;
  const max = options.maxItems ?? DEFAULT_MAX_WISHLIST_ITEMS;
  return withStore(db, storeId, async (tx) => {
    await lockProfile(tx, storeId, customerId);
    const { products, variants } = await catalogItems(tx, storeId, {
      productIds: input.product_id ? [input.product_id] : [],
      variantIds: input.variant_id ? [input.variant_id] : [],
    });
    const variant = input.variant_id ? variants.get(input.variant_id) : undefined;
    if (input.variant_id && !variant) {
      throw new AppError('NOT_FOUND', `Variant ${input.variant_id} does not exist in this store.`, {
        errors: [{ path: 'body.variant_id', message: 'no such variant in this store' }],
      });
    }
    if (variant && input.product_id && variant.productId !== input.product_id) {
      throw new AppError('VALIDATION_FAILED', 'The variant belongs to another product.', {
        errors: [{ path: 'body.variant_id', message: `not a variant of product ${input.product_id}` }],
      });
    }
    const productId = variant?.productId ?? input.product_id!;
    const product = products.get(productId);
    if (!product?.forSale) {
      const path = variant ? 'body.variant_id' : 'body.product_id';
      throw new AppError('NOT_FOUND', `Product ${productId} is not for sale in this store.`, {
        errors: [{ path, message: 'no such product for sale in this store' }],
      });
    }
    const variantId = variant?.id ?? null;
    const existing = await tx.execute<ItemRow>(sql`
      SELECT id, product_id, variant_id, created_at FROM customer_wishlist_items
      WHERE store_id = ${storeId} AND customer_id = ${customerId} AND product_id = ${productId}
        AND variant_id IS NOT DISTINCT FROM ${variantId}`);
    if (existing.rows[0]) {
      return { item: (await itemViews(tx, storeId, existing.rows))[0]!, created: false };
    }
    const { rows: count } = await tx.execute<{ n: number }>(sql`
      SELECT count(*)::int AS n FROM customer_wishlist_items WHERE store_id = ${storeId} AND customer_id = ${customerId}`);
    if (count[0]!.n >= max) {
      throw new AppError('LIMIT_REACHED', `A wish list holds at most ${max} items; remove one first.`);
    }
    const { rows } = await tx.execute<ItemRow>(sql`
      INSERT INTO customer_wishlist_items (id, store_id, customer_id, product_id, variant_id)
      VALUES (${newId('wish')}, ${storeId}, ${customerId}, ${productId}, ${variantId})
      RETURNING id, product_id, variant_id, created_at`);
    const row = rows[0]!;
    await emitCustomerEvent(tx, storeId, customerId, 'customer.wishlist_item_added', {
      itemId: row.id,
      productId,
      variantId,
    });
    return { item: (await itemViews(tx, storeId, [row]))[0]!, created: true };
  });
}

/** Remove an item from the shopper's own wish list (another shopper's item is a 404). */
export async function removeWishlistItem(
  db: Db,
  options: { storeId: string; customerId: string; itemId: string },
): Promise<void> {
  const { storeId, customerId, itemId } = options;
  await withStore(db, storeId, async (tx) => {
    await lockProfile(tx, storeId, customerId);
    const { rows } = await tx.execute<ItemRow>(sql`
      DELETE FROM customer_wishlist_items
      WHERE store_id = ${storeId} AND customer_id = ${customerId} AND id = ${itemId}
      RETURNING id, product_id, variant_id, created_at`);
    const row = rows[0];
    if (!row) throw new AppError('NOT_FOUND', `Wish list item ${itemId} does not exist.`);
    await emitCustomerEvent(tx, storeId, customerId, 'customer.wishlist_item_removed', {
      itemId,
      productId: row.product_id,
      variantId: row.variant_id,
    });
  });
}
