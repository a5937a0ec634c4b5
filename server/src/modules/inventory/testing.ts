import { sql } from 'drizzle-orm';
import { randomBytes } from 'node:crypto';
import type { Db } from '../../platform/db/database.ts';
import { newId } from '../../platform/ids.ts';

/**
 * Test fixtures: a product with `count` variants written straight into the catalog tables (as
 * the database owner), so inventory tests do not depend on the catalog API's shape.
 */
export async function insertTestVariants(
  db: Db,
  storeId: string,
  count: number,
  opts: { backorderPolicy?: 'deny' | 'allow' } = {},
): Promise<string[]> {
  const productId = newId('prod');
  const tag = randomBytes(4).toString('hex');
  await db.execute(sql`
    INSERT INTO products (id, store_id, handle, title, status)
    VALUES (${productId}, ${storeId}, ${`p-${tag}`}, ${`Product ${tag}`}, 'active')`);
  const ids = Array.from({ length: count }, () => newId('var'));
  await db.execute(sql`
    INSERT INTO variants (id, store_id, product_id, sku, position, backorder_policy)
    SELECT v.id, ${storeId}, ${productId}, ${`SKU-${tag}-`} || v.n, v.n, ${opts.backorderPolicy ?? 'deny'}
    FROM unnest(${sql.param(ids)}::text[]) WITH ORDINALITY AS v(id, n)`);
  return ids;
}

/** Set a variant's backorder policy (a catalog column) directly, for tests. */
export async function setTestBackorderPolicy(
  db: Db,
  variantId: string,
  policy: 'deny' | 'allow',
): Promise<void> {
  await db.execute(sql`UPDATE variants SET backorder_policy = ${policy} WHERE id = ${variantId}`);
}
