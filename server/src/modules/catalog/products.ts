import { and, asc, desc, eq, inArray, lt, sql, type SQL } from 'drizzle-orm';
import { readInStore, type Db, type DbOrTx } from '../../platform/db/database.ts';
import { AppError, type FieldError } from '../../platform/errors.ts';
import { decodeCursor, toPage, type Page } from '../../platform/http/pagination.ts';
import { newId } from '../../platform/ids.ts';
import { assertTransition } from './product-status.ts';
import {
  categories,
  productCategories,
  productImages,
  productOptions,
  products,
  variants,
  type BackorderPolicy,
  type OptionValues,
  type PersonalizationField,
  type ProductImageRow,
  type ProductRow,
  type ProductStatus,
  type VariantRow,
} from './schema.ts';
import {
  audit,
  chooseHandle,
  conflict,
  emitCatalogEvent,
  notFound,
  rethrowUnique,
  type MutationOptions,
} from './shared.ts';

const PRODUCT_HANDLES = {
  table: products,
  id: products.id,
  handle: products.handle,
  storeId: products.storeId,
};

// --- types ----------------------------------------------------------------------------------

export interface ProductOption {
  id: string;
  name: string;
  position: number;
  values: string[];
}

export interface OptionInput {
  name: string;
  values: string[];
}

export interface VariantInput {
  sku: string;
  barcode?: string | null;
  /** Defaults to the option values joined with " / ". */
  title?: string;
  optionValues?: OptionValues;
  weightGrams?: number | null;
  lengthMm?: number | null;
  widthMm?: number | null;
  heightMm?: number | null;
  backorderPolicy?: BackorderPolicy;
  metadata?: Record<string, unknown>;
}

export type VariantPatch = Partial<VariantInput>;

export interface ProductInput {
  title: string;
  /** Generated from the title when absent (made unique with -2, -3…); an explicit taken handle is a 409. */
  handle?: string;
  /** Markdown. */
  description?: string;
  status?: ProductStatus;
  brand?: string | null;
  vendor?: string | null;
  productType?: string | null;
  tags?: string[];
  /** False for digital goods and services (default true): a cart of only these asks no shipping. */
  requiresShipping?: boolean;
  /** Sold as a gift card (default false): ships nothing; each unit bought becomes a card worth its price. */
  giftCard?: boolean;
  /** Fields the shopper fills in (an engraving); the answers are the cart line's properties. */
  personalization?: PersonalizationField[];
  seoTitle?: string | null;
  seoDescription?: string | null;
  metadata?: Record<string, unknown>;
  options?: OptionInput[];
  variants?: VariantInput[];
  categoryIds?: string[];
}

export type ProductPatch = Partial<Omit<ProductInput, 'variants'>>;

/** A product with everything that hangs off it, as the admin API shows it. */
export interface Product extends ProductRow {
  options: ProductOption[];
  variants: VariantRow[];
  images: ProductImageRow[];
  categoryIds: string[];
}

export interface VariantWithProduct extends VariantRow {
  product: { id: string; handle: string; title: string; status: ProductStatus };
}

export interface ProductListQuery {
  limit: number;
  cursor?: string;
  status?: ProductStatus;
  /** Products in this category or any category below it. */
  categoryId?: string;
  collectionId?: string;
  /** Case-insensitive match on title, or SKU prefix of any variant. */
  query?: string;
}

// --- reads ----------------------------------------------------------------------------------

async function loadProduct(db: DbOrTx, storeId: string, where: SQL, what: string): Promise<Product> {
  const [row] = await db
    .select()
    .from(products)
    .where(and(eq(products.storeId, storeId), where))
    .limit(1);
  if (!row) throw notFound('product', what);
  // One after another: on a transaction they share a connection anyway.
  const options = await db
    .select({
      id: productOptions.id,
      name: productOptions.name,
      position: productOptions.position,
      values: productOptions.values,
    })
    .from(productOptions)
    .where(and(eq(productOptions.storeId, storeId), eq(productOptions.productId, row.id)))
    .orderBy(asc(productOptions.position));
  const variantRows = await db
    .select()
    .from(variants)
    .where(and(eq(variants.storeId, storeId), eq(variants.productId, row.id)))
    .orderBy(asc(variants.position), asc(variants.id));
  const images = await db
    .select()
    .from(productImages)
    .where(and(eq(productImages.storeId, storeId), eq(productImages.productId, row.id)))
    .orderBy(asc(productImages.position), asc(productImages.id));
  const cats = await db
    .select({ id: productCategories.categoryId })
    .from(productCategories)
    .where(and(eq(productCategories.storeId, storeId), eq(productCategories.productId, row.id)))
    .orderBy(asc(productCategories.categoryId));
  return { ...row, options, variants: variantRows, images, categoryIds: cats.map((c) => c.id) };
}

/** The product with its options, variants, images and categories; NOT_FOUND when not in this store. */
export function getProduct(db: DbOrTx, storeId: string, productId: string): Promise<Product> {
  return loadProduct(db, storeId, eq(products.id, productId), productId);
}

export function getProductByHandle(db: DbOrTx, storeId: string, handle: string): Promise<Product> {
  return loadProduct(db, storeId, eq(products.handle, handle), `with handle "${handle}"`);
}

/** Product rows (no variants) by id, in the order asked; unknown ids are skipped. */
export async function getProductsByIds(
  db: DbOrTx,
  storeId: string,
  productIds: readonly string[],
): Promise<ProductRow[]> {
  if (productIds.length === 0) return [];
  const rows = await db
    .select()
    .from(products)
    .where(and(eq(products.storeId, storeId), inArray(products.id, [...productIds])));
  const byId = new Map(rows.map((r) => [r.id, r]));
  return productIds.flatMap((id) => byId.get(id) ?? []);
}

/** The ids of each of these products' variants (products for sale or not; unknown ids have none). */
export async function variantIdsOfProducts(
  db: DbOrTx,
  storeId: string,
  productIds: readonly string[],
): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  if (productIds.length === 0) return out;
  const rows = await db
    .select({ id: variants.id, productId: variants.productId })
    .from(variants)
    .where(and(eq(variants.storeId, storeId), inArray(variants.productId, [...new Set(productIds)])))
    .orderBy(variants.productId, variants.position);
  for (const r of rows) out.set(r.productId, [...(out.get(r.productId) ?? []), r.id]);
  return out;
}

/**
 * Variants by id with their product's id, handle, title and status, in the order asked; ids not
 * in this store are skipped (callers compare lengths to detect unknown ids).
 */
export async function getVariants(
  db: DbOrTx,
  storeId: string,
  variantIds: readonly string[],
): Promise<VariantWithProduct[]> {
  if (variantIds.length === 0) return [];
  const rows = await db
    .select({
      variant: variants,
      product: { id: products.id, handle: products.handle, title: products.title, status: products.status },
    })
    .from(variants)
    .innerJoin(products, eq(products.id, variants.productId))
    .where(and(eq(variants.storeId, storeId), inArray(variants.id, [...new Set(variantIds)])));
  const byId = new Map(rows.map((r) => [r.variant.id, { ...r.variant, product: r.product }]));
  return variantIds.flatMap((id) => byId.get(id) ?? []);
}

/**
 * The backorder policy of each of these variants that exists in the store, in one round trip
 * (store-scoped read, outside any transaction): for a caller that needs no more than that, such
 * as inventory refusing a reservation.
 */
export async function readBackorderPolicies(
  db: Db,
  storeId: string,
  variantIds: readonly string[],
): Promise<Map<string, 'deny' | 'allow'>> {
  if (variantIds.length === 0) return new Map();
  const rows = await readInStore<{ id: string; backorder_policy: 'deny' | 'allow' }>(
    db,
    storeId,
    'SELECT id, backorder_policy FROM variants WHERE store_id = $1 AND id = ANY ($2::text[])',
    [storeId, [...new Set(variantIds)]],
  );
  return new Map(rows.map((r) => [r.id, r.backorder_policy]));
}

export async function getVariant(
  db: DbOrTx,
  storeId: string,
  variantId: string,
): Promise<VariantWithProduct> {
  const [v] = await getVariants(db, storeId, [variantId]);
  if (!v) throw notFound('variant', variantId);
  return v;
}

/** Newest first, keyset-paginated, with optional filters. */
export async function listProducts(
  db: DbOrTx,
  storeId: string,
  q: ProductListQuery,
): Promise<Page<ProductRow>> {
  const after = decodeCursor<{ id: string }>(q.cursor);
  const where: SQL[] = [eq(products.storeId, storeId)];
  if (after) where.push(lt(products.id, String(after.id)));
  if (q.status) where.push(eq(products.status, q.status));
  if (q.categoryId) {
    where.push(sql`EXISTS (
      SELECT 1 FROM product_categories pc JOIN categories c ON c.id = pc.category_id
      WHERE pc.product_id = ${products.id} AND pc.store_id = ${storeId}
        AND c.path LIKE (SELECT replace(replace(path, '\\', '\\\\'), '_', '\\_') || '%'
                         FROM categories WHERE id = ${q.categoryId} AND store_id = ${storeId}))`);
  }
  if (q.collectionId) {
    where.push(sql`EXISTS (SELECT 1 FROM collection_products cp
      WHERE cp.product_id = ${products.id} AND cp.collection_id = ${q.collectionId} AND cp.store_id = ${storeId})`);
  }
  if (q.query) {
    const text = q.query.replace(/[\\%_]/g, '\\$&');
    where.push(sql`(${products.title} ILIKE ${`%${text}%`} OR EXISTS (SELECT 1 FROM variants v
      WHERE v.product_id = ${products.id} AND v.store_id = ${storeId} AND v.sku ILIKE ${`${text}%`}))`);
  }
  const rows = await db
    .select()
    .from(products)
    .where(and(...where))
    .orderBy(desc(products.id))
    .limit(q.limit + 1);
  return toPage(rows, q.limit, (r) => ({ id: r.id }));
}

// --- validation -----------------------------------------------------------------------------

/** Problems with a product's option definitions (names and values unique, none empty). */
export function checkOptions(options: readonly OptionInput[], at = 'options'): FieldError[] {
  const errors: FieldError[] = [];
  const names = new Set<string>();
  options.forEach((o, i) => {
    const name = o.name.trim();
    if (!name) errors.push({ path: `${at}.${i}.name`, message: 'must not be empty' });
    if (names.has(name.toLowerCase()))
      errors.push({ path: `${at}.${i}.name`, message: `duplicate option "${name}"` });
    names.add(name.toLowerCase());
    if (o.values.length === 0)
      errors.push({ path: `${at}.${i}.values`, message: 'needs at least one value' });
    const seen = new Set<string>();
    o.values.forEach((v, j) => {
      if (!v.trim()) errors.push({ path: `${at}.${i}.values.${j}`, message: 'must not be empty' });
      if (seen.has(v)) errors.push({ path: `${at}.${i}.values.${j}`, message: `duplicate value "${v}"` });
      seen.add(v);
    });
  });
  return errors;
}

/** The key that makes a variant's combination of option values comparable. */
function combinationKey(options: readonly OptionInput[], values: OptionValues): string {
  return JSON.stringify(options.map((o) => values[o.name] ?? null));
}

/**
 * Problems with variants' option values against the product's options: every option given, only
 * known options, only allowed values, and every variant a distinct combination. `existing` are
 * sibling variants the new ones must also differ from.
 */
export function checkVariantOptions(
  options: readonly OptionInput[],
  list: readonly { optionValues?: OptionValues; index: number }[],
  existing: readonly OptionValues[] = [],
  at = 'variants',
): FieldError[] {
  const errors: FieldError[] = [];
  const seen = new Set(existing.map((v) => combinationKey(options, v)));
  for (const { optionValues = {}, index } of list) {
    const path = `${at}.${index}.option_values`;
    let ok = true;
    for (const name of Object.keys(optionValues)) {
      if (!options.some((o) => o.name === name)) {
        errors.push({ path, message: `the product has no option "${name}"` });
        ok = false;
      }
    }
    for (const o of options) {
      const v = optionValues[o.name];
      if (v === undefined) {
        errors.push({ path, message: `missing a value for option "${o.name}"` });
        ok = false;
      } else if (!o.values.includes(v)) {
        errors.push({
          path,
          message: `"${v}" is not a value of option "${o.name}" (${o.values.join(', ')})`,
        });
        ok = false;
      }
    }
    if (!ok) continue;
    const key = combinationKey(options, optionValues);
    if (seen.has(key)) {
      errors.push({
        path,
        message:
          options.length === 0
            ? 'a product without options has a single variant'
            : 'another variant already has this combination of option values',
      });
    }
    seen.add(key);
  }
  return errors;
}

function unprocessable(message: string, errors: FieldError[]): AppError {
  return new AppError('UNPROCESSABLE', message, { errors });
}

/** A gift card's variants sell without stock unless staff say otherwise: each unit is a code. */
const giftCardStock = (giftCard: boolean | undefined): BackorderPolicy => (giftCard ? 'allow' : 'deny');

/** Whether a product with these settings ships: a gift card never does (422 when told it does). */
function shipsUnlessGiftCard(p: { giftCard?: boolean; requiresShipping?: boolean }): boolean {
  if (!p.giftCard) return p.requiresShipping ?? true;
  if (p.requiresShipping === true) {
    throw unprocessable('A gift card ships nothing.', [
      { path: 'requires_shipping', message: 'must be false for a gift card' },
    ]);
  }
  return false;
}

async function takenSkus(
  db: DbOrTx,
  storeId: string,
  skus: string[],
  exceptVariantId?: string,
): Promise<Set<string>> {
  if (skus.length === 0) return new Set();
  const rows = await db
    .select({ sku: variants.sku, id: variants.id })
    .from(variants)
    .where(and(eq(variants.storeId, storeId), inArray(variants.sku, skus)));
  return new Set(rows.filter((r) => r.id !== exceptVariantId).map((r) => r.sku));
}

async function assertSkusFree(
  db: DbOrTx,
  storeId: string,
  list: { sku: string; path: string }[],
  exceptVariantId?: string,
): Promise<void> {
  const errors: FieldError[] = [];
  const inInput = new Set<string>();
  for (const { sku, path } of list) {
    if (inInput.has(sku)) errors.push({ path, message: `SKU "${sku}" appears twice` });
    inInput.add(sku);
  }
  const taken = await takenSkus(db, storeId, [...inInput], exceptVariantId);
  for (const { sku, path } of list)
    if (taken.has(sku)) errors.push({ path, message: `SKU "${sku}" is already in use` });
  if (errors.length) throw conflict('A SKU is already in use in this store.', errors);
}

async function assertCategoriesExist(db: DbOrTx, storeId: string, ids: readonly string[]): Promise<void> {
  if (ids.length === 0) return;
  const rows = await db
    .select({ id: categories.id })
    .from(categories)
    .where(and(eq(categories.storeId, storeId), inArray(categories.id, [...ids])));
  const found = new Set(rows.map((r) => r.id));
  const errors = ids
    .map((id, i) => ({ id, i }))
    .filter(({ id }) => !found.has(id))
    .map(({ id, i }) => ({ path: `category_ids.${i}`, message: `unknown category ${id}` }));
  if (errors.length) throw unprocessable('A category does not exist in this store.', errors);
}

function variantTitle(options: readonly OptionInput[], input: VariantInput): string {
  if (input.title !== undefined) return input.title;
  return options
    .map((o) => input.optionValues?.[o.name])
    .filter(Boolean)
    .join(' / ');
}

async function loadOptions(db: DbOrTx, storeId: string, productId: string): Promise<ProductOption[]> {
  return db
    .select({
      id: productOptions.id,
      name: productOptions.name,
      position: productOptions.position,
      values: productOptions.values,
    })
    .from(productOptions)
    .where(and(eq(productOptions.storeId, storeId), eq(productOptions.productId, productId)))
    .orderBy(asc(productOptions.position));
}

async function lockProduct(db: DbOrTx, storeId: string, productId: string): Promise<ProductRow> {
  const [row] = await db
    .select()
    .from(products)
    .where(and(eq(products.storeId, storeId), eq(products.id, productId)))
    .for('update');
  if (!row) throw notFound('product', productId);
  return row;
}

function productPayload(p: ProductRow, changes?: string[]) {
  return { productId: p.id, handle: p.handle, status: p.status, ...(changes ? { changes } : {}) };
}

/** Tell subscribers (search index, caches) that something hanging off a product changed. */
export async function touchProduct(
  db: DbOrTx,
  storeId: string,
  productId: string,
  changes: string[],
): Promise<void> {
  const [row] = await db
    .update(products)
    .set({ updatedAt: sql`now()` })
    .where(and(eq(products.storeId, storeId), eq(products.id, productId)))
    .returning();
  if (!row) throw notFound('product', productId);
  await emitCatalogEvent(db, storeId, 'product.updated', 'product', productId, productPayload(row, changes));
}

// --- writes ---------------------------------------------------------------------------------

/**
 * Create a product with its options, variants and category assignments. Call inside a
 * transaction (`withStore`): a 4xx thrown half-way rolls everything back.
 */
export async function createProduct(
  tx: DbOrTx,
  storeId: string,
  input: ProductInput,
  opts: MutationOptions = {},
): Promise<Product> {
  const options = input.options ?? [];
  const variantInputs = input.variants ?? [];
  const errors = [
    ...checkOptions(options),
    ...checkVariantOptions(
      options,
      variantInputs.map((v, index) => ({ optionValues: v.optionValues, index })),
    ),
  ];
  if (errors.length)
    throw unprocessable("The variants' option values do not match the product's options.", errors);
  const categoryIds = [...new Set(input.categoryIds ?? [])];
  await assertCategoriesExist(tx, storeId, categoryIds);
  const handle = await chooseHandle(tx, PRODUCT_HANDLES, {
    storeId,
    explicit: input.handle,
    title: input.title,
  });
  await assertSkusFree(
    tx,
    storeId,
    variantInputs.map((v, i) => ({ sku: v.sku, path: `variants.${i}.sku` })),
  );

  const id = newId('prod');
  const status = input.status ?? 'draft';
  try {
    await tx.insert(products).values({
      id,
      storeId,
      handle,
      title: input.title,
      description: input.description ?? '',
      status,
      brand: input.brand ?? null,
      vendor: input.vendor ?? null,
      productType: input.productType ?? null,
      tags: input.tags ?? [],
      requiresShipping: shipsUnlessGiftCard(input),
      giftCard: input.giftCard ?? false,
      personalization: input.personalization ?? [],
      seoTitle: input.seoTitle ?? null,
      seoDescription: input.seoDescription ?? null,
      metadata: input.metadata ?? {},
      publishedAt: status === 'active' ? sql`now()` : null,
    });
    if (options.length) {
      await tx.insert(productOptions).values(
        options.map((o, position) => ({
          id: newId('opt'),
          storeId,
          productId: id,
          name: o.name.trim(),
          position,
          values: o.values,
        })),
      );
    }
    if (variantInputs.length) {
      await tx.insert(variants).values(
        variantInputs.map((v, position) => ({
          id: newId('var'),
          storeId,
          productId: id,
          sku: v.sku,
          barcode: v.barcode ?? null,
          title: variantTitle(options, v),
          optionValues: v.optionValues ?? {},
          position,
          weightGrams: v.weightGrams ?? null,
          lengthMm: v.lengthMm ?? null,
          widthMm: v.widthMm ?? null,
          heightMm: v.heightMm ?? null,
          backorderPolicy: v.backorderPolicy ?? giftCardStock(input.giftCard),
          metadata: v.metadata ?? {},
        })),
      );
    }
    if (categoryIds.length) {
      await tx
        .insert(productCategories)
        .values(categoryIds.map((categoryId) => ({ storeId, productId: id, categoryId })));
    }
  } catch (err) {
    rethrowUnique(err);
  }
  const product = await getProduct(tx, storeId, id);
  await emitCatalogEvent(tx, storeId, 'product.created', 'product', id, {
    ...productPayload(product),
    variantIds: product.variants.map((v) => v.id),
    categoryIds,
  });
  for (const v of product.variants) {
    await emitCatalogEvent(tx, storeId, 'variant.created', 'variant', v.id, {
      variantId: v.id,
      productId: id,
      sku: v.sku,
    });
  }
  await audit(tx, opts, { action: 'product.created', entityType: 'product', entityId: id, after: product });
  return product;
}

/** Change a product's fields, status (through the state machine), options or categories. */
export async function updateProduct(
  tx: DbOrTx,
  storeId: string,
  productId: string,
  patch: ProductPatch,
  opts: MutationOptions = {},
): Promise<Product> {
  const current = await lockProduct(tx, storeId, productId);
  const before = await getProduct(tx, storeId, productId);
  const changes: string[] = [];
  const set: Partial<typeof products.$inferInsert> = {};

  if (patch.status !== undefined && patch.status !== current.status) {
    assertTransition(current.status, patch.status);
    set.status = patch.status;
    if (patch.status === 'active' && !current.publishedAt) set.publishedAt = new Date();
    changes.push('status');
  }
  if (patch.handle !== undefined && patch.handle !== current.handle) {
    set.handle = await chooseHandle(tx, PRODUCT_HANDLES, {
      storeId,
      explicit: patch.handle,
      title: current.title,
      exceptId: productId,
    });
    changes.push('handle');
  }
  // A product made a gift card stops shipping; a gift card told to ship is refused.
  if (patch.giftCard !== undefined || patch.requiresShipping !== undefined) {
    const giftCard = patch.giftCard ?? current.giftCard;
    const requiresShipping = shipsUnlessGiftCard({
      giftCard,
      requiresShipping: patch.requiresShipping ?? (giftCard ? undefined : current.requiresShipping),
    });
    patch = { ...patch, requiresShipping, giftCard };
  }
  const simple = [
    'title',
    'description',
    'brand',
    'vendor',
    'productType',
    'tags',
    'requiresShipping',
    'giftCard',
    'personalization',
    'seoTitle',
    'seoDescription',
    'metadata',
  ] as const;
  for (const key of simple) {
    if (patch[key] === undefined) continue;
    (set as Record<string, unknown>)[key] = patch[key];
    changes.push(key);
  }

  if (patch.options !== undefined) {
    const options = patch.options;
    const errors = [
      ...checkOptions(options),
      ...checkVariantOptions(
        options,
        before.variants.map((v, index) => ({ optionValues: v.optionValues, index })),
        [],
        'existing_variants',
      ),
    ];
    if (errors.length)
      throw unprocessable(
        'The new options do not fit the existing variants; change or remove them first.',
        errors,
      );
    await tx
      .delete(productOptions)
      .where(and(eq(productOptions.storeId, storeId), eq(productOptions.productId, productId)));
    if (options.length) {
      await tx.insert(productOptions).values(
        options.map((o, position) => ({
          id: newId('opt'),
          storeId,
          productId,
          name: o.name.trim(),
          position,
          values: o.values,
        })),
      );
    }
    changes.push('options');
  }

  if (patch.categoryIds !== undefined) {
    const ids = [...new Set(patch.categoryIds)];
    await assertCategoriesExist(tx, storeId, ids);
    await tx
      .delete(productCategories)
      .where(and(eq(productCategories.storeId, storeId), eq(productCategories.productId, productId)));
    if (ids.length)
      await tx
        .insert(productCategories)
        .values(ids.map((categoryId) => ({ storeId, productId, categoryId })));
    changes.push('categories');
  }

  try {
    await tx
      .update(products)
      .set({ ...set, updatedAt: sql`now()` })
      .where(and(eq(products.storeId, storeId), eq(products.id, productId)));
  } catch (err) {
    rethrowUnique(err);
  }
  if (set.giftCard && !current.giftCard) {
    // Made a gift card: its units are codes, not stock (staff may still limit them per variant).
    await tx
      .update(variants)
      .set({ backorderPolicy: 'allow', updatedAt: sql`now()` })
      .where(and(eq(variants.storeId, storeId), eq(variants.productId, productId)));
  }
  const after = await getProduct(tx, storeId, productId);
  if (changes.length) {
    await emitCatalogEvent(
      tx,
      storeId,
      'product.updated',
      'product',
      productId,
      productPayload(after, changes),
    );
    await audit(tx, opts, {
      action: 'product.updated',
      entityType: 'product',
      entityId: productId,
      before,
      after,
    });
  }
  return after;
}

/**
 * Delete a product with its options, variants, images, translations and assignments. Returns the
 * storage keys of its images: the caller removes the files after the transaction commits.
 */
export async function deleteProduct(
  tx: DbOrTx,
  storeId: string,
  productId: string,
  opts: MutationOptions = {},
): Promise<{ imageStorageKeys: string[] }> {
  await lockProduct(tx, storeId, productId);
  const before = await getProduct(tx, storeId, productId);
  try {
    await tx.delete(products).where(and(eq(products.storeId, storeId), eq(products.id, productId)));
  } catch (err) {
    throw referencedElsewhere(err, 'product');
  }
  for (const v of before.variants) {
    await emitCatalogEvent(tx, storeId, 'variant.deleted', 'variant', v.id, {
      variantId: v.id,
      productId,
      sku: v.sku,
    });
  }
  await emitCatalogEvent(tx, storeId, 'product.deleted', 'product', productId, {
    ...productPayload(before),
    variantIds: before.variants.map((v) => v.id),
    categoryIds: before.categoryIds,
  });
  await audit(tx, opts, { action: 'product.deleted', entityType: 'product', entityId: productId, before });
  return { imageStorageKeys: before.images.map((i) => i.storageKey) };
}

/** Other modules (orders, inventory) may hold foreign keys to variants; deleting those is refused. */
function referencedElsewhere(err: unknown, what: string): unknown {
  for (let e = err as { code?: string; cause?: unknown } | undefined; e; e = e.cause as typeof e) {
    if (e.code === '23503')
      return new AppError(
        'CONFLICT',
        `The ${what} is still referenced (stock, prices or orders); archive it instead.`,
      );
  }
  return err;
}

export async function createVariant(
  tx: DbOrTx,
  storeId: string,
  productId: string,
  input: VariantInput,
  opts: MutationOptions = {},
): Promise<VariantRow> {
  const product = await lockProduct(tx, storeId, productId);
  const options = await loadOptions(tx, storeId, productId);
  const siblings = await tx
    .select({ optionValues: variants.optionValues, position: variants.position })
    .from(variants)
    .where(and(eq(variants.storeId, storeId), eq(variants.productId, productId)));
  const errors = checkVariantOptions(
    options,
    [{ optionValues: input.optionValues, index: 0 }],
    siblings.map((s) => s.optionValues),
  ).map((e) => ({ ...e, path: e.path.replace(/^variants\.0\./, '') }));
  if (errors.length) throw unprocessable("The option values do not match the product's options.", errors);
  await assertSkusFree(tx, storeId, [{ sku: input.sku, path: 'sku' }]);
  const id = newId('var');
  let row: VariantRow | undefined;
  try {
    [row] = await tx
      .insert(variants)
      .values({
        id,
        storeId,
        productId,
        sku: input.sku,
        barcode: input.barcode ?? null,
        title: variantTitle(options, input),
        optionValues: input.optionValues ?? {},
        position: siblings.reduce((m, s) => Math.max(m, s.position + 1), 0),
        weightGrams: input.weightGrams ?? null,
        lengthMm: input.lengthMm ?? null,
        widthMm: input.widthMm ?? null,
        heightMm: input.heightMm ?? null,
        backorderPolicy: input.backorderPolicy ?? giftCardStock(product.giftCard),
        metadata: input.metadata ?? {},
      })
      .returning();
  } catch (err) {
    rethrowUnique(err);
  }
  await emitCatalogEvent(tx, storeId, 'variant.created', 'variant', id, {
    variantId: id,
    productId,
    sku: input.sku,
  });
  await audit(tx, opts, { action: 'variant.created', entityType: 'variant', entityId: id, after: row });
  return row!;
}

export async function updateVariant(
  tx: DbOrTx,
  storeId: string,
  variantId: string,
  patch: VariantPatch,
  opts: MutationOptions = {},
): Promise<VariantRow> {
  const [before] = await tx
    .select()
    .from(variants)
    .where(and(eq(variants.storeId, storeId), eq(variants.id, variantId)))
    .for('update');
  if (!before) throw notFound('variant', variantId);
  if (patch.optionValues !== undefined) {
    const options = await loadOptions(tx, storeId, before.productId);
    const siblings = await tx
      .select({ optionValues: variants.optionValues, id: variants.id })
      .from(variants)
      .where(and(eq(variants.storeId, storeId), eq(variants.productId, before.productId)));
    const errors = checkVariantOptions(
      options,
      [{ optionValues: patch.optionValues, index: 0 }],
      siblings.filter((s) => s.id !== variantId).map((s) => s.optionValues),
    ).map((e) => ({ ...e, path: e.path.replace(/^variants\.0\./, '') }));
    if (errors.length) throw unprocessable("The option values do not match the product's options.", errors);
    if (patch.title === undefined)
      patch = { ...patch, title: variantTitle(options, { ...patch, sku: before.sku }) };
  }
  if (patch.sku !== undefined && patch.sku !== before.sku)
    await assertSkusFree(tx, storeId, [{ sku: patch.sku, path: 'sku' }], variantId);
  const set: Partial<typeof variants.$inferInsert> = {};
  for (const key of [
    'sku',
    'barcode',
    'title',
    'optionValues',
    'weightGrams',
    'lengthMm',
    'widthMm',
    'heightMm',
    'backorderPolicy',
    'metadata',
  ] as const) {
    if (patch[key] !== undefined) (set as Record<string, unknown>)[key] = patch[key];
  }
  let after: VariantRow | undefined;
  try {
    [after] = await tx
      .update(variants)
      .set({ ...set, updatedAt: sql`now()` })
      .where(and(eq(variants.storeId, storeId), eq(variants.id, variantId)))
      .returning();
  } catch (err) {
    rethrowUnique(err);
  }
  await emitCatalogEvent(tx, storeId, 'variant.updated', 'variant', variantId, {
    variantId,
    productId: before.productId,
    sku: after!.sku,
    changes: Object.keys(set),
  });
  await audit(tx, opts, {
    action: 'variant.updated',
    entityType: 'variant',
    entityId: variantId,
    before,
    after,
  });
  return after!;
}

export async function deleteVariant(
  tx: DbOrTx,
  storeId: string,
  variantId: string,
  opts: MutationOptions = {},
): Promise<void> {
  const [before] = await tx
    .select()
    .from(variants)
    .where(and(eq(variants.storeId, storeId), eq(variants.id, variantId)))
    .for('update');
  if (!before) throw notFound('variant', variantId);
  try {
    await tx.delete(variants).where(and(eq(variants.storeId, storeId), eq(variants.id, variantId)));
  } catch (err) {
    throw referencedElsewhere(err, 'variant');
  }
  await emitCatalogEvent(tx, storeId, 'variant.deleted', 'variant', variantId, {
    variantId,
    productId: before.productId,
    sku: before.sku,
  });
  await audit(tx, opts, { action: 'variant.deleted', entityType: 'variant', entityId: variantId, before });
}
