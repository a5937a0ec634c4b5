import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../platform/db/database.ts';
import { AppError } from '../../platform/errors.ts';
import { newId } from '../../platform/ids.ts';
import { categories, productCategories, products, type CategoryRow } from './schema.ts';
import {
  audit,
  chooseHandle,
  emitCatalogEvent,
  likePrefix,
  notFound,
  rethrowUnique,
  type MutationOptions,
} from './shared.ts';

const CATEGORY_HANDLES = {
  table: categories,
  id: categories.id,
  handle: categories.handle,
  storeId: categories.storeId,
};

export interface CategoryInput {
  name: string;
  /** Generated from the name when absent. */
  handle?: string;
  description?: string;
  parentId?: string | null;
  position?: number;
}

export type CategoryPatch = Partial<CategoryInput>;

/** A node of the category tree; `productCount` counts distinct products here or in any descendant. */
export interface CategoryNode {
  id: string;
  parentId: string | null;
  handle: string;
  name: string;
  description: string;
  position: number;
  productCount: number;
  children: CategoryNode[];
}

function payload(c: CategoryRow) {
  return { categoryId: c.id, parentId: c.parentId, path: c.path };
}

export async function getCategory(db: DbOrTx, storeId: string, categoryId: string): Promise<CategoryRow> {
  const [row] = await db
    .select()
    .from(categories)
    .where(and(eq(categories.storeId, storeId), eq(categories.id, categoryId)));
  if (!row) throw notFound('category', categoryId);
  return row;
}

async function parentPath(db: DbOrTx, storeId: string, parentId: string | null | undefined): Promise<string> {
  if (!parentId) return '/';
  const [parent] = await db
    .select({ path: categories.path })
    .from(categories)
    .where(and(eq(categories.storeId, storeId), eq(categories.id, parentId)));
  if (!parent)
    throw new AppError('UNPROCESSABLE', 'The parent category does not exist in this store.', {
      errors: [{ path: 'parent_id', message: `unknown category ${parentId}` }],
    });
  return parent.path;
}

export async function createCategory(
  tx: DbOrTx,
  storeId: string,
  input: CategoryInput,
  opts: MutationOptions = {},
): Promise<CategoryRow> {
  const prefix = await parentPath(tx, storeId, input.parentId);
  const handle = await chooseHandle(tx, CATEGORY_HANDLES, {
    storeId,
    explicit: input.handle,
    title: input.name,
  });
  const id = newId('cat');
  let row: CategoryRow | undefined;
  try {
    [row] = await tx
      .insert(categories)
      .values({
        id,
        storeId,
        parentId: input.parentId ?? null,
        handle,
        name: input.name,
        description: input.description ?? '',
        path: `${prefix}${id}/`,
        position: input.position ?? 0,
      })
      .returning();
  } catch (err) {
    rethrowUnique(err);
  }
  await emitCatalogEvent(tx, storeId, 'category.created', 'category', id, payload(row!));
  await audit(tx, opts, { action: 'category.created', entityType: 'category', entityId: id, after: row });
  return row!;
}

/**
 * Rename, re-describe, reorder or move a category. A move rewrites the materialized path of the
 * whole subtree in one statement; moving a category under itself or a descendant is refused
 * (422 CATEGORY_CYCLE).
 */
export async function updateCategory(
  tx: DbOrTx,
  storeId: string,
  categoryId: string,
  patch: CategoryPatch,
  opts: MutationOptions = {},
): Promise<CategoryRow> {
  const [before] = await tx
    .select()
    .from(categories)
    .where(and(eq(categories.storeId, storeId), eq(categories.id, categoryId)))
    .for('update');
  if (!before) throw notFound('category', categoryId);
  const set: Partial<typeof categories.$inferInsert> = {};
  if (patch.name !== undefined) set.name = patch.name;
  if (patch.description !== undefined) set.description = patch.description;
  if (patch.position !== undefined) set.position = patch.position;
  if (patch.handle !== undefined && patch.handle !== before.handle)
    set.handle = await chooseHandle(tx, CATEGORY_HANDLES, {
      storeId,
      explicit: patch.handle,
      title: before.name,
      exceptId: categoryId,
    });

  const moving = patch.parentId !== undefined && (patch.parentId ?? null) !== before.parentId;
  if (moving) {
    const newParentId = patch.parentId ?? null;
    const prefix = await parentPath(tx, storeId, newParentId);
    if (prefix.startsWith(before.path)) {
      throw new AppError('CATEGORY_CYCLE', 'A category cannot move under itself or one of its descendants.', {
        errors: [{ path: 'parent_id', message: `${newParentId} is ${categoryId} or below it` }],
      });
    }
    const newPath = `${prefix}${categoryId}/`;
    await tx.execute(sql`
      UPDATE categories SET path = ${newPath} || substr(path, ${before.path.length + 1}), updated_at = now()
      WHERE store_id = ${storeId} AND path LIKE ${likePrefix(before.path)}`);
    set.parentId = newParentId;
  }
  let after: CategoryRow | undefined;
  try {
    [after] = await tx
      .update(categories)
      .set({ ...set, updatedAt: sql`now()` })
      .where(and(eq(categories.storeId, storeId), eq(categories.id, categoryId)))
      .returning();
  } catch (err) {
    rethrowUnique(err);
  }
  await emitCatalogEvent(tx, storeId, 'category.updated', 'category', categoryId, {
    ...payload(after!),
    moved: moving,
  });
  await audit(tx, opts, {
    action: 'category.updated',
    entityType: 'category',
    entityId: categoryId,
    before,
    after,
  });
  return after!;
}

/**
 * Delete a category. Policy: a category with subcategories is refused (409 CATEGORY_HAS_CHILDREN)
 * — move or delete them first, so no subtree disappears by accident. Its product assignments go
 * with it; the products stay.
 */
export async function deleteCategory(
  tx: DbOrTx,
  storeId: string,
  categoryId: string,
  opts: MutationOptions = {},
): Promise<void> {
  const before = await getCategory(tx, storeId, categoryId);
  const [child] = await tx
    .select({ id: categories.id })
    .from(categories)
    .where(and(eq(categories.storeId, storeId), eq(categories.parentId, categoryId)))
    .limit(1);
  if (child)
    throw new AppError('CATEGORY_HAS_CHILDREN', 'The category has subcategories; move or delete them first.');
  const assigned = await tx
    .select({ id: productCategories.productId })
    .from(productCategories)
    .where(and(eq(productCategories.storeId, storeId), eq(productCategories.categoryId, categoryId)));
  await tx.delete(categories).where(and(eq(categories.storeId, storeId), eq(categories.id, categoryId)));
  await emitCatalogEvent(tx, storeId, 'category.deleted', 'category', categoryId, {
    ...payload(before),
    productIds: assigned.map((a) => a.id),
  });
  await audit(tx, opts, { action: 'category.deleted', entityType: 'category', entityId: categoryId, before });
}

/** Add products to a category (idempotent). Unknown product ids are a 422 and nothing is written. */
export async function assignProductsToCategory(
  tx: DbOrTx,
  storeId: string,
  categoryId: string,
  productIds: readonly string[],
  opts: MutationOptions = {},
): Promise<void> {
  const category = await getCategory(tx, storeId, categoryId);
  const ids = [...new Set(productIds)];
  await assertProductsExist(tx, storeId, ids);
  if (ids.length === 0) return;
  await tx
    .insert(productCategories)
    .values(ids.map((productId) => ({ storeId, productId, categoryId })))
    .onConflictDoNothing();
  await emitCatalogEvent(tx, storeId, 'category.products_changed', 'category', categoryId, {
    ...payload(category),
    productIds: ids,
  });
  await audit(tx, opts, {
    action: 'category.products_assigned',
    entityType: 'category',
    entityId: categoryId,
    after: { productIds: ids },
  });
}

export async function removeProductsFromCategory(
  tx: DbOrTx,
  storeId: string,
  categoryId: string,
  productIds: readonly string[],
  opts: MutationOptions = {},
): Promise<void> {
  const category = await getCategory(tx, storeId, categoryId);
  const ids = [...new Set(productIds)];
  if (ids.length === 0) return;
  await tx
    .delete(productCategories)
    .where(
      and(
        eq(productCategories.storeId, storeId),
        eq(productCategories.categoryId, categoryId),
        inArray(productCategories.productId, ids),
      ),
    );
  await emitCatalogEvent(tx, storeId, 'category.products_changed', 'category', categoryId, {
    ...payload(category),
    productIds: ids,
  });
  await audit(tx, opts, {
    action: 'category.products_removed',
    entityType: 'category',
    entityId: categoryId,
    before: { productIds: ids },
  });
}

export async function assertProductsExist(
  db: DbOrTx,
  storeId: string,
  ids: readonly string[],
): Promise<void> {
  if (ids.length === 0) return;
  const rows = await db
    .select({ id: products.id })
    .from(products)
    .where(and(eq(products.storeId, storeId), inArray(products.id, [...ids])));
  const found = new Set(rows.map((r) => r.id));
  const errors = ids
    .map((id, i) => ({ id, i }))
    .filter(({ id }) => !found.has(id))
    .map(({ id, i }) => ({ path: `product_ids.${i}`, message: `unknown product ${id}` }));
  if (errors.length)
    throw new AppError('UNPROCESSABLE', 'A product does not exist in this store.', { errors });
}

/**
 * The store's whole category tree, siblings by position then name, each node with the number of
 * distinct products in it or below it (`activeOnly`: count only active products, for shoppers).
 * Two queries: the categories, and the counts per subtree by materialized-path prefix.
 */
export async function getCategoryTree(
  db: DbOrTx,
  storeId: string,
  opts: { activeOnly?: boolean } = {},
): Promise<CategoryNode[]> {
  const rows = await db
    .select()
    .from(categories)
    .where(eq(categories.storeId, storeId))
    .orderBy(asc(categories.position), asc(categories.name), asc(categories.id));
  if (rows.length === 0) return [];
  const activeOnly = opts.activeOnly ? sql`AND p.status = 'active'` : sql``;
  const counts = await db.execute(sql`
    SELECT c.id, (
      SELECT count(DISTINCT pc.product_id)
      FROM categories d
      JOIN product_categories pc ON pc.category_id = d.id
      JOIN products p ON p.id = pc.product_id
      WHERE d.store_id = ${storeId}
        AND d.path LIKE replace(replace(c.path, '\\', '\\\\'), '_', '\\_') || '%' ${activeOnly}
    )::int AS n
    FROM categories c WHERE c.store_id = ${storeId}`);
  const countOf = new Map((counts.rows as { id: string; n: number }[]).map((r) => [r.id, r.n]));
  const nodes = new Map<string, CategoryNode>(
    rows.map((r) => [
      r.id,
      {
        id: r.id,
        parentId: r.parentId,
        handle: r.handle,
        name: r.name,
        description: r.description,
        position: r.position,
        productCount: countOf.get(r.id) ?? 0,
        children: [],
      },
    ]),
  );
  const roots: CategoryNode[] = [];
  for (const r of rows) {
    const node = nodes.get(r.id)!;
    const parent = r.parentId ? nodes.get(r.parentId) : undefined;
    if (parent) parent.children.push(node);
    else roots.push(node);
  }
  return roots;
}
