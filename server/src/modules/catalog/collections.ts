import { and, asc, desc, eq, gt, lt, or, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../platform/db/database.ts';
import { decodeCursor, toPage, type Page } from '../../platform/http/pagination.ts';
import { newId } from '../../platform/ids.ts';
import { assertProductsExist } from './categories.ts';
import { collectionProducts, collections, productImages, products, type CollectionRow } from './schema.ts';
import {
  audit,
  chooseHandle,
  emitCatalogEvent,
  notFound,
  rethrowUnique,
  type MutationOptions,
} from './shared.ts';

const COLLECTION_HANDLES = {
  table: collections,
  id: collections.id,
  handle: collections.handle,
  storeId: collections.storeId,
};

export interface CollectionInput {
  title: string;
  handle?: string;
  description?: string;
}
export type CollectionPatch = Partial<CollectionInput>;

/** A product in a collection, as a listing shows it (text in the shopper's locale when asked). */
export interface CollectionProduct {
  id: string;
  handle: string;
  title: string;
  status: string;
  position: number;
  imageUrl: string | null;
  imageAlt: string | null;
}

export async function getCollection(
  db: DbOrTx,
  storeId: string,
  collectionId: string,
): Promise<CollectionRow> {
  const [row] = await db
    .select()
    .from(collections)
    .where(and(eq(collections.storeId, storeId), eq(collections.id, collectionId)));
  if (!row) throw notFound('collection', collectionId);
  return row;
}

export async function getCollectionByHandle(
  db: DbOrTx,
  storeId: string,
  handle: string,
): Promise<CollectionRow> {
  const [row] = await db
    .select()
    .from(collections)
    .where(and(eq(collections.storeId, storeId), eq(collections.handle, handle)));
  if (!row) throw notFound('collection', `with handle "${handle}"`);
  return row;
}

export async function listCollections(
  db: DbOrTx,
  storeId: string,
  q: { limit: number; cursor?: string },
): Promise<Page<CollectionRow>> {
  const after = decodeCursor<{ id: string }>(q.cursor);
  const rows = await db
    .select()
    .from(collections)
    .where(and(eq(collections.storeId, storeId), after ? lt(collections.id, String(after.id)) : undefined))
    .orderBy(desc(collections.id))
    .limit(q.limit + 1);
  return toPage(rows, q.limit, (r) => ({ id: r.id }));
}

export async function createCollection(
  tx: DbOrTx,
  storeId: string,
  input: CollectionInput,
  opts: MutationOptions = {},
): Promise<CollectionRow> {
  const handle = await chooseHandle(tx, COLLECTION_HANDLES, {
    storeId,
    explicit: input.handle,
    title: input.title,
  });
  const id = newId('coll');
  let row: CollectionRow | undefined;
  try {
    [row] = await tx
      .insert(collections)
      .values({ id, storeId, handle, title: input.title, description: input.description ?? '' })
      .returning();
  } catch (err) {
    rethrowUnique(err);
  }
  await emitCatalogEvent(tx, storeId, 'collection.created', 'collection', id, { collectionId: id, handle });
  await audit(tx, opts, { action: 'collection.created', entityType: 'collection', entityId: id, after: row });
  return row!;
}

export async function updateCollection(
  tx: DbOrTx,
  storeId: string,
  collectionId: string,
  patch: CollectionPatch,
  opts: MutationOptions = {},
): Promise<CollectionRow> {
  const before = await getCollection(tx, storeId, collectionId);
  const set: Partial<typeof collections.$inferInsert> = {};
  if (patch.title !== undefined) set.title = patch.title;
  if (patch.description !== undefined) set.description = patch.description;
  if (patch.handle !== undefined && patch.handle !== before.handle)
    set.handle = await chooseHandle(tx, COLLECTION_HANDLES, {
      storeId,
      explicit: patch.handle,
      title: before.title,
      exceptId: collectionId,
    });
  let after: CollectionRow | undefined;
  try {
    [after] = await tx
      .update(collections)
      .set({ ...set, updatedAt: sql`now()` })
      .where(and(eq(collections.storeId, storeId), eq(collections.id, collectionId)))
      .returning();
  } catch (err) {
    rethrowUnique(err);
  }
  await emitCatalogEvent(tx, storeId, 'collection.updated', 'collection', collectionId, {
    collectionId,
    handle: after!.handle,
  });
  await audit(tx, opts, {
    action: 'collection.updated',
    entityType: 'collection',
    entityId: collectionId,
    before,
    after,
  });
  return after!;
}

export async function deleteCollection(
  tx: DbOrTx,
  storeId: string,
  collectionId: string,
  opts: MutationOptions = {},
): Promise<void> {
  const before = await getCollection(tx, storeId, collectionId);
  await tx.delete(collections).where(and(eq(collections.storeId, storeId), eq(collections.id, collectionId)));
  await emitCatalogEvent(tx, storeId, 'collection.deleted', 'collection', collectionId, {
    collectionId,
    handle: before.handle,
  });
  await audit(tx, opts, {
    action: 'collection.deleted',
    entityType: 'collection',
    entityId: collectionId,
    before,
  });
}

/**
 * Set the collection's products, in this order (a manual collection is exactly this list).
 * Unknown product ids are a 422 and nothing is written.
 */
export async function setCollectionProducts(
  tx: DbOrTx,
  storeId: string,
  collectionId: string,
  productIds: readonly string[],
  opts: MutationOptions = {},
): Promise<void> {
  const collection = await getCollection(tx, storeId, collectionId);
  const ids = [...new Set(productIds)];
  await assertProductsExist(tx, storeId, ids);
  const before = await tx
    .select({ id: collectionProducts.productId })
    .from(collectionProducts)
    .where(and(eq(collectionProducts.storeId, storeId), eq(collectionProducts.collectionId, collectionId)))
    .orderBy(asc(collectionProducts.position));
  await tx
    .delete(collectionProducts)
    .where(and(eq(collectionProducts.storeId, storeId), eq(collectionProducts.collectionId, collectionId)));
  if (ids.length) {
    await tx
      .insert(collectionProducts)
      .values(ids.map((productId, position) => ({ storeId, collectionId, productId, position })));
  }
  const changed = [...new Set([...before.map((b) => b.id), ...ids])];
  await emitCatalogEvent(tx, storeId, 'collection.products_changed', 'collection', collectionId, {
    collectionId,
    handle: collection.handle,
    productIds: changed,
  });
  await audit(tx, opts, {
    action: 'collection.products_set',
    entityType: 'collection',
    entityId: collectionId,
    before: { productIds: before.map((b) => b.id) },
    after: { productIds: ids },
  });
}

/** The collection's products in their manual order, keyset-paginated by position. */
export async function listCollectionProducts(
  db: DbOrTx,
  storeId: string,
  collectionId: string,
  q: { limit: number; cursor?: string; activeOnly?: boolean; locale?: string },
): Promise<Page<CollectionProduct>> {
  const after = decodeCursor<{ position: number; id: string }>(q.cursor);
  const locale = q.locale ?? '';
  const language = locale.split('-')[0] ?? '';
  const rows = await db
    .select({
      id: products.id,
      handle: products.handle,
      title: sql<string>`coalesce((SELECT t.title FROM product_translations t
        WHERE t.product_id = ${products.id} AND t.locale IN (${locale}, ${language}) AND t.title IS NOT NULL
        ORDER BY t.locale = ${locale} DESC LIMIT 1), ${products.title})`,
      status: products.status,
      position: collectionProducts.position,
      imageUrl: productImages.url,
      imageAlt: productImages.alt,
    })
    .from(collectionProducts)
    .innerJoin(products, eq(products.id, collectionProducts.productId))
    .leftJoin(productImages, and(eq(productImages.productId, products.id), eq(productImages.isPrimary, true)))
    .where(
      and(
        eq(collectionProducts.storeId, storeId),
        eq(collectionProducts.collectionId, collectionId),
        q.activeOnly ? eq(products.status, 'active') : undefined,
        after
          ? or(
              gt(collectionProducts.position, Number(after.position)),
              and(eq(collectionProducts.position, Number(after.position)), gt(products.id, String(after.id))),
            )
          : undefined,
      ),
    )
    .orderBy(asc(collectionProducts.position), asc(products.id))
    .limit(q.limit + 1);
  return toPage(rows, q.limit, (r) => ({ position: r.position, id: r.id }));
}
