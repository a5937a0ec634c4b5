import { and, asc, eq, ne, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../platform/db/database.ts';
import { AppError } from '../../platform/errors.ts';
import { newId } from '../../platform/ids.ts';
import { touchProduct } from './products.ts';
import { productImages, variants, type ProductImageRow } from './schema.ts';
import { audit, notFound, type MutationOptions } from './shared.ts';

export interface ProductImageInput {
  /** Where the file storage keeps the bytes, and the public URL they are served at. */
  storageKey: string;
  url: string;
  contentType: string;
  byteSize: number;
  width?: number | null;
  height?: number | null;
  alt?: string;
  variantId?: string | null;
  /** The product's first image is primary unless another is chosen. */
  isPrimary?: boolean;
}

export interface ProductImagePatch {
  alt?: string;
  position?: number;
  isPrimary?: boolean;
  variantId?: string | null;
}

async function assertVariantOfProduct(db: DbOrTx, storeId: string, productId: string, variantId: string) {
  const [v] = await db
    .select({ id: variants.id })
    .from(variants)
    .where(and(eq(variants.storeId, storeId), eq(variants.id, variantId), eq(variants.productId, productId)));
  if (!v)
    throw new AppError('UNPROCESSABLE', 'The variant is not one of this product.', {
      errors: [{ path: 'variant_id', message: `unknown variant ${variantId}` }],
    });
}

async function listImages(db: DbOrTx, storeId: string, productId: string): Promise<ProductImageRow[]> {
  return db
    .select()
    .from(productImages)
    .where(and(eq(productImages.storeId, storeId), eq(productImages.productId, productId)))
    .orderBy(asc(productImages.position), asc(productImages.id));
}

/** Record an image already written to file storage. */
export async function addProductImage(
  tx: DbOrTx,
  storeId: string,
  productId: string,
  input: ProductImageInput,
  opts: MutationOptions = {},
): Promise<ProductImageRow> {
  await touchProduct(tx, storeId, productId, ['images']);
  if (input.variantId) await assertVariantOfProduct(tx, storeId, productId, input.variantId);
  const existing = await listImages(tx, storeId, productId);
  const isPrimary = input.isPrimary ?? existing.length === 0;
  if (isPrimary) {
    await tx
      .update(productImages)
      .set({ isPrimary: false })
      .where(and(eq(productImages.storeId, storeId), eq(productImages.productId, productId)));
  }
  const [row] = await tx
    .insert(productImages)
    .values({
      id: newId('img'),
      storeId,
      productId,
      variantId: input.variantId ?? null,
      storageKey: input.storageKey,
      url: input.url,
      alt: input.alt ?? '',
      position: existing.reduce((m, i) => Math.max(m, i.position + 1), 0),
      isPrimary,
      width: input.width ?? null,
      height: input.height ?? null,
      contentType: input.contentType,
      byteSize: input.byteSize,
    })
    .returning();
  await audit(tx, opts, {
    action: 'product.image_added',
    entityType: 'product_image',
    entityId: row!.id,
    after: row,
  });
  return row!;
}

export async function getProductImage(
  db: DbOrTx,
  storeId: string,
  productId: string,
  imageId: string,
): Promise<ProductImageRow> {
  const [row] = await db
    .select()
    .from(productImages)
    .where(
      and(
        eq(productImages.storeId, storeId),
        eq(productImages.productId, productId),
        eq(productImages.id, imageId),
      ),
    );
  if (!row) throw notFound('image', imageId);
  return row;
}

export async function updateProductImage(
  tx: DbOrTx,
  storeId: string,
  productId: string,
  imageId: string,
  patch: ProductImagePatch,
  opts: MutationOptions = {},
): Promise<ProductImageRow> {
  await touchProduct(tx, storeId, productId, ['images']);
  const before = await getProductImage(tx, storeId, productId, imageId);
  if (patch.variantId) await assertVariantOfProduct(tx, storeId, productId, patch.variantId);
  if (patch.isPrimary === true) {
    await tx
      .update(productImages)
      .set({ isPrimary: false })
      .where(
        and(
          eq(productImages.storeId, storeId),
          eq(productImages.productId, productId),
          ne(productImages.id, imageId),
        ),
      );
  }
  const set: Partial<typeof productImages.$inferInsert> = {};
  if (patch.alt !== undefined) set.alt = patch.alt;
  if (patch.position !== undefined) set.position = patch.position;
  if (patch.isPrimary !== undefined) set.isPrimary = patch.isPrimary;
  if (patch.variantId !== undefined) set.variantId = patch.variantId;
  const [after] = await tx
    .update(productImages)
    .set(Object.keys(set).length ? set : { alt: before.alt })
    .where(and(eq(productImages.storeId, storeId), eq(productImages.id, imageId)))
    .returning();
  await audit(tx, opts, {
    action: 'product.image_updated',
    entityType: 'product_image',
    entityId: imageId,
    before,
    after,
  });
  return after!;
}

/** Put the product's images in this order; the list must name each of its images exactly once. */
export async function reorderProductImages(
  tx: DbOrTx,
  storeId: string,
  productId: string,
  imageIds: readonly string[],
  opts: MutationOptions = {},
): Promise<ProductImageRow[]> {
  await touchProduct(tx, storeId, productId, ['images']);
  const existing = await listImages(tx, storeId, productId);
  const known = new Set(existing.map((i) => i.id));
  const asked = new Set(imageIds);
  if (
    asked.size !== imageIds.length ||
    asked.size !== known.size ||
    [...asked].some((id) => !known.has(id))
  ) {
    throw new AppError('UNPROCESSABLE', "The order must list each of the product's images exactly once.", {
      errors: [
        { path: 'image_ids', message: `expected a permutation of ${[...known].join(', ') || '(none)'}` },
      ],
    });
  }
  await tx.execute(sql`
    UPDATE product_images i SET position = o.position - 1
    FROM unnest(${sql.param([...imageIds])}::text[]) WITH ORDINALITY AS o(id, position)
    WHERE i.id = o.id AND i.store_id = ${storeId} AND i.product_id = ${productId}`);
  await audit(tx, opts, {
    action: 'product.images_reordered',
    entityType: 'product',
    entityId: productId,
    after: { imageIds },
  });
  return listImages(tx, storeId, productId);
}

/** Remove the image record (the next image becomes primary); returns the storage key to delete after commit. */
export async function deleteProductImage(
  tx: DbOrTx,
  storeId: string,
  productId: string,
  imageId: string,
  opts: MutationOptions = {},
): Promise<{ storageKey: string }> {
  await touchProduct(tx, storeId, productId, ['images']);
  const before = await getProductImage(tx, storeId, productId, imageId);
  await tx
    .delete(productImages)
    .where(and(eq(productImages.storeId, storeId), eq(productImages.id, imageId)));
  if (before.isPrimary) {
    const [next] = await listImages(tx, storeId, productId);
    if (next) await tx.update(productImages).set({ isPrimary: true }).where(eq(productImages.id, next.id));
  }
  await audit(tx, opts, {
    action: 'product.image_deleted',
    entityType: 'product_image',
    entityId: imageId,
    before,
  });
  return { storageKey: before.storageKey };
}
