import { boolean, integer, jsonb, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';

/** Tables of migrations/0010_catalog.sql. Only the catalog module writes them. */

export type ProductStatus = 'draft' | 'active' | 'archived';
export type BackorderPolicy = 'deny' | 'allow';
/** Option name -> value, e.g. `{ Size: 'M', Colour: 'Red' }`. */
export type OptionValues = Record<string, string>;
/** A field the product asks the shopper to fill in (an engraving): its answer is a line property. */
export interface PersonalizationField {
  name: string;
  required: boolean;
  max_length: number;
}

const ts = (name: string) => timestamp(name, { withTimezone: true });

export const products = pgTable('products', {
  id: text('id').primaryKey(),
  storeId: text('store_id').notNull(),
  handle: text('handle').notNull(),
  title: text('title').notNull(),
  description: text('description').notNull().default(''),
  status: text('status').$type<ProductStatus>().notNull().default('draft'),
  brand: text('brand'),
  vendor: text('vendor'),
  productType: text('product_type'),
  tags: text('tags').array().notNull().default([]),
  /** False for digital goods and services: a cart of only these asks no shipping. */
  requiresShipping: boolean('requires_shipping').notNull().default(true),
  /** Sold as a gift card: each unit bought becomes a card worth its price (it ships nothing). */
  giftCard: boolean('gift_card').notNull().default(false),
  /** What the shopper is asked to tell about the item (an engraving): see `PersonalizationField`. */
  personalization: jsonb('personalization').$type<PersonalizationField[]>().notNull().default([]),
  seoTitle: text('seo_title'),
  seoDescription: text('seo_description'),
  metadata: jsonb('metadata').$type<Record<string, unknown>>().notNull().default({}),
  publishedAt: ts('published_at'),
  createdAt: ts('created_at').notNull().defaultNow(),
  updatedAt: ts('updated_at').notNull().defaultNow(),
});

export const productOptions = pgTable('product_options', {
  id: text('id').primaryKey(),
  storeId: text('store_id').notNull(),
  productId: text('product_id').notNull(),
  name: text('name').notNull(),
  position: integer('position').notNull(),
  values: text('values').array().notNull().default([]),
});

export const variants = pgTable('variants', {
  id: text('id').primaryKey(),
  storeId: text('store_id').notNull(),
  productId: text('product_id').notNull(),
  sku: text('sku').notNull(),
  barcode: text('barcode'),
  title: text('title').notNull().default(''),
  optionValues: jsonb('option_values').$type<OptionValues>().notNull().default({}),
  position: integer('position').notNull().default(0),
  weightGrams: integer('weight_grams'),
  lengthMm: integer('length_mm'),
  widthMm: integer('width_mm'),
  heightMm: integer('height_mm'),
  backorderPolicy: text('backorder_policy').$type<BackorderPolicy>().notNull().default('deny'),
  metadata: jsonb('metadata').$type<Record<string, unknown>>().notNull().default({}),
  createdAt: ts('created_at').notNull().defaultNow(),
  updatedAt: ts('updated_at').notNull().defaultNow(),
});

export const categories = pgTable('categories', {
  id: text('id').primaryKey(),
  storeId: text('store_id').notNull(),
  parentId: text('parent_id'),
  handle: text('handle').notNull(),
  name: text('name').notNull(),
  description: text('description').notNull().default(''),
  /** Materialized path of ids from the root, inclusive: `/cat_a/cat_b/`. */
  path: text('path').notNull(),
  position: integer('position').notNull().default(0),
  createdAt: ts('created_at').notNull().defaultNow(),
  updatedAt: ts('updated_at').notNull().defaultNow(),
});

export const productCategories = pgTable(
  'product_categories',
  {
    storeId: text('store_id').notNull(),
    productId: text('product_id').notNull(),
    categoryId: text('category_id').notNull(),
  },
  (t) => [primaryKey({ columns: [t.productId, t.categoryId] })],
);

export const collections = pgTable('collections', {
  id: text('id').primaryKey(),
  storeId: text('store_id').notNull(),
  handle: text('handle').notNull(),
  title: text('title').notNull(),
  description: text('description').notNull().default(''),
  createdAt: ts('created_at').notNull().defaultNow(),
  updatedAt: ts('updated_at').notNull().defaultNow(),
});

export const collectionProducts = pgTable(
  'collection_products',
  {
    storeId: text('store_id').notNull(),
    collectionId: text('collection_id').notNull(),
    productId: text('product_id').notNull(),
    position: integer('position').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.collectionId, t.productId] })],
);

export const productImages = pgTable('product_images', {
  id: text('id').primaryKey(),
  storeId: text('store_id').notNull(),
  productId: text('product_id').notNull(),
  variantId: text('variant_id'),
  storageKey: text('storage_key').notNull(),
  url: text('url').notNull(),
  alt: text('alt').notNull().default(''),
  position: integer('position').notNull().default(0),
  isPrimary: boolean('is_primary').notNull().default(false),
  width: integer('width'),
  height: integer('height'),
  contentType: text('content_type').notNull(),
  byteSize: integer('byte_size').notNull(),
  createdAt: ts('created_at').notNull().defaultNow(),
});

export const productTranslations = pgTable(
  'product_translations',
  {
    storeId: text('store_id').notNull(),
    productId: text('product_id').notNull(),
    locale: text('locale').notNull(),
    title: text('title'),
    description: text('description'),
    seoTitle: text('seo_title'),
    seoDescription: text('seo_description'),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.productId, t.locale] })],
);

export type ProductRow = typeof products.$inferSelect;
export type ProductOptionRow = typeof productOptions.$inferSelect;
export type VariantRow = typeof variants.$inferSelect;
export type CategoryRow = typeof categories.$inferSelect;
export type CollectionRow = typeof collections.$inferSelect;
export type ProductImageRow = typeof productImages.$inferSelect;
export type ProductTranslationRow = typeof productTranslations.$inferSelect;
