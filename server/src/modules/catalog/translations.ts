import { and, asc, eq, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../platform/db/database.ts';
import { productTranslations, type ProductTranslationRow } from './schema.ts';
import { audit, notFound, type MutationOptions } from './shared.ts';
import { touchProduct } from './products.ts';

/** BCP 47-ish: `en`, `vi`, `pt-BR`, `zh-Hant`. */
export const LOCALE_PATTERN = /^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/;

export interface TranslationInput {
  title?: string | null;
  description?: string | null;
  seoTitle?: string | null;
  seoDescription?: string | null;
}

export async function listProductTranslations(
  db: DbOrTx,
  storeId: string,
  productId: string,
): Promise<ProductTranslationRow[]> {
  return db
    .select()
    .from(productTranslations)
    .where(and(eq(productTranslations.storeId, storeId), eq(productTranslations.productId, productId)))
    .orderBy(asc(productTranslations.locale));
}

/** Create or replace the product's text in one locale; fields left null fall back to the product's own. */
export async function setProductTranslation(
  tx: DbOrTx,
  storeId: string,
  productId: string,
  locale: string,
  input: TranslationInput,
  opts: MutationOptions = {},
): Promise<ProductTranslationRow> {
  // Touch first: it 404s an unknown product before anything is written, and locks the order of events.
  await touchProduct(tx, storeId, productId, ['translations']);
  const values = {
    title: input.title ?? null,
    description: input.description ?? null,
    seoTitle: input.seoTitle ?? null,
    seoDescription: input.seoDescription ?? null,
  };
  const [row] = await tx
    .insert(productTranslations)
    .values({ storeId, productId, locale, ...values })
    .onConflictDoUpdate({
      target: [productTranslations.productId, productTranslations.locale],
      set: { ...values, updatedAt: sql`now()` },
    })
    .returning();
  await audit(tx, opts, {
    action: 'product.translation_set',
    entityType: 'product',
    entityId: productId,
    after: row,
  });
  return row!;
}

export async function deleteProductTranslation(
  tx: DbOrTx,
  storeId: string,
  productId: string,
  locale: string,
  opts: MutationOptions = {},
): Promise<void> {
  await touchProduct(tx, storeId, productId, ['translations']);
  const [row] = await tx
    .delete(productTranslations)
    .where(
      and(
        eq(productTranslations.storeId, storeId),
        eq(productTranslations.productId, productId),
        eq(productTranslations.locale, locale),
      ),
    )
    .returning();
  if (!row) throw notFound('translation', `${productId}/${locale}`);
  await audit(tx, opts, {
    action: 'product.translation_deleted',
    entityType: 'product',
    entityId: productId,
    before: row,
  });
}
