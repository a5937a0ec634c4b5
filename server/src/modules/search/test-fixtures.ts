import { sql } from 'drizzle-orm';
import { withStore, type Db } from '../../platform/db/database.ts';
import { emitEvent } from '../../platform/events/outbox.ts';
import { newId } from '../../platform/ids.ts';

/**
 * Test-only catalog writes for the search and storefront tests: rows as the catalog module writes
 * them, plus the event it emits, in one transaction. (The catalog admin API is tested by its own
 * module; these tests only need products to exist.)
 */
export interface FixtureProduct {
  handle: string;
  title: string;
  description?: string;
  status?: 'draft' | 'active' | 'archived';
  brand?: string;
  tags?: string[];
  categoryIds?: string[];
  options?: { name: string; values: string[] }[];
  variants: { sku: string; optionValues?: Record<string, string>; prices?: Record<string, number> }[];
  createdAt?: string;
}

export async function createFixtureCategory(
  db: Db,
  storeId: string,
  input: { name: string; handle: string; parentId?: string },
): Promise<string> {
  const id = newId('cat');
  await withStore(db, storeId, async (tx) => {
    const parent = input.parentId
      ? ((await tx.execute(sql`SELECT path FROM categories WHERE id = ${input.parentId}`)).rows[0]!
          .path as string)
      : '/';
    await tx.execute(sql`
      INSERT INTO categories (id, store_id, parent_id, handle, name, path)
      VALUES (${id}, ${storeId}, ${input.parentId ?? null}, ${input.handle}, ${input.name}, ${`${parent}${id}/`})`);
    await emitEvent(tx, {
      storeId,
      type: 'category.created',
      aggregateType: 'category',
      aggregateId: id,
      payload: { categoryId: id, parentId: input.parentId ?? null, path: `${parent}${id}/` },
    });
  });
  return id;
}

export async function createFixtureProduct(
  db: Db,
  storeId: string,
  p: FixtureProduct,
): Promise<{ id: string; variantIds: string[] }> {
  const id = newId('prod');
  const variantIds: string[] = [];
  await withStore(db, storeId, async (tx) => {
    await tx.execute(sql`
      INSERT INTO products (id, store_id, handle, title, description, status, brand, tags, created_at)
      VALUES (${id}, ${storeId}, ${p.handle}, ${p.title}, ${p.description ?? ''}, ${p.status ?? 'active'},
        ${p.brand ?? null}, ${sql.param(p.tags ?? [])}::text[], ${p.createdAt ?? new Date().toISOString()}::timestamptz)`);
    for (const [i, o] of (p.options ?? []).entries()) {
      await tx.execute(sql`
        INSERT INTO product_options (id, store_id, product_id, name, position, "values")
        VALUES (${newId('opt')}, ${storeId}, ${id}, ${o.name}, ${i}, ${sql.param(o.values)}::text[])`);
    }
    for (const [i, v] of p.variants.entries()) {
      const variantId = newId('var');
      variantIds.push(variantId);
      await tx.execute(sql`
        INSERT INTO variants (id, store_id, product_id, sku, title, option_values, position)
        VALUES (${variantId}, ${storeId}, ${id}, ${v.sku}, ${Object.values(v.optionValues ?? {}).join(' / ')},
          ${JSON.stringify(v.optionValues ?? {})}::jsonb, ${i})`);
      for (const [currency, amount] of Object.entries(v.prices ?? {})) {
        await tx.execute(sql`
          INSERT INTO prices (id, store_id, variant_id, currency, amount)
          VALUES (${newId('price')}, ${storeId}, ${variantId}, ${currency}, ${amount})`);
      }
    }
    for (const categoryId of p.categoryIds ?? []) {
      await tx.execute(sql`
        INSERT INTO product_categories (store_id, product_id, category_id) VALUES (${storeId}, ${id}, ${categoryId})`);
    }
    await emitEvent(tx, {
      storeId,
      type: 'product.created',
      aggregateType: 'product',
      aggregateId: id,
      payload: { productId: id, handle: p.handle, status: p.status ?? 'active' },
    });
  });
  return { id, variantIds };
}

/** Change a product's columns as the catalog would, with its `product.updated` event. */
export async function updateFixtureProduct(
  db: Db,
  storeId: string,
  productId: string,
  patch: { title?: string; status?: string; brand?: string },
): Promise<void> {
  await withStore(db, storeId, async (tx) => {
    await tx.execute(sql`
      UPDATE products SET title = coalesce(${patch.title ?? null}, title), status = coalesce(${patch.status ?? null}, status),
        brand = coalesce(${patch.brand ?? null}, brand), updated_at = now()
      WHERE id = ${productId}`);
    await emitEvent(tx, {
      storeId,
      type: 'product.updated',
      aggregateType: 'product',
      aggregateId: productId,
      payload: { productId, handle: '', status: patch.status ?? 'active', changes: Object.keys(patch) },
    });
  });
}

/** A product translation, as the catalog stores it, with its `product.updated` event. */
export async function translateFixtureProduct(
  db: Db,
  storeId: string,
  productId: string,
  t: { locale: string; title: string; description?: string },
): Promise<void> {
  await withStore(db, storeId, async (tx) => {
    await tx.execute(sql`
      INSERT INTO product_translations (store_id, product_id, locale, title, description)
      VALUES (${storeId}, ${productId}, ${t.locale}, ${t.title}, ${t.description ?? null})`);
    await emitEvent(tx, {
      storeId,
      type: 'product.updated',
      aggregateType: 'product',
      aggregateId: productId,
      payload: { productId, handle: '', status: 'active', changes: ['translations'] },
    });
  });
}

/** A manual collection holding `productIds` in that order, with its events. */
export async function createFixtureCollection(
  db: Db,
  storeId: string,
  input: { handle: string; title: string; productIds: string[] },
): Promise<string> {
  const id = newId('coll');
  await withStore(db, storeId, async (tx) => {
    await tx.execute(sql`
      INSERT INTO collections (id, store_id, handle, title) VALUES (${id}, ${storeId}, ${input.handle}, ${input.title})`);
    for (const [i, productId] of input.productIds.entries()) {
      await tx.execute(sql`
        INSERT INTO collection_products (store_id, collection_id, product_id, position)
        VALUES (${storeId}, ${id}, ${productId}, ${i})`);
    }
    await emitEvent(tx, {
      storeId,
      type: 'collection.products_changed',
      aggregateType: 'collection',
      aggregateId: id,
      payload: { collectionId: id, handle: input.handle, productIds: input.productIds },
    });
  });
  return id;
}
