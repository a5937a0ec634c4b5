import { defineEventTypes } from '../../platform/events/catalog.ts';

/**
 * Events the catalog emits, in the transaction of the change. Payloads carry ids, not the whole
 * record: consumers (search index, caches) re-read current state, so redelivery is harmless.
 *
 * - `product.*`: aggregate `product`; payload `{ productId, handle, status }`
 *   (`product.updated` also `changes`: the changed field names, e.g. `['title', 'images']`).
 * - `variant.*`: aggregate `variant`; payload `{ variantId, productId, sku }`.
 * - `category.*`: aggregate `category`; payload `{ categoryId, parentId, path }`
 *   (`category.products_changed`: `{ categoryId, productIds }`).
 * - `collection.*`: aggregate `collection`; payload `{ collectionId, handle }`
 *   (`collection.products_changed`: `{ collectionId, productIds }`).
 */
export const CATALOG_EVENT_TYPES = {
  'product.created': 'A product was created (with its options and variants).',
  'product.updated':
    'A product changed: fields, status, options, images, translations or categories (`changes` lists which).',
  'product.deleted': 'A product was deleted with its variants, images and translations.',
  'variant.created': 'A variant was added to a product.',
  'variant.updated': 'A variant changed (SKU, barcode, option values, weight, backorder policy…).',
  'variant.deleted': 'A variant was removed from a product.',
  'category.created': 'A category was created.',
  'category.updated': 'A category was renamed or moved (a move changes the path of its subtree).',
  'category.deleted': 'A category was deleted.',
  'category.products_changed': 'Products were assigned to or removed from a category.',
  'collection.created': 'A collection was created.',
  'collection.updated': 'A collection was changed.',
  'collection.deleted': 'A collection was deleted.',
  'collection.products_changed': 'The products of a collection, or their order, changed.',
} as const;

export type CatalogEventType = keyof typeof CATALOG_EVENT_TYPES;

export interface ProductEventPayload {
  [key: string]: unknown;
  productId: string;
  handle: string;
  status: string;
  changes?: string[];
}

export interface VariantEventPayload {
  [key: string]: unknown;
  variantId: string;
  productId: string;
  sku: string;
}

export interface CategoryEventPayload {
  [key: string]: unknown;
  categoryId: string;
  parentId: string | null;
  path: string;
  productIds?: string[];
}

export interface CollectionEventPayload {
  [key: string]: unknown;
  collectionId: string;
  handle: string;
  productIds?: string[];
}

defineEventTypes(CATALOG_EVENT_TYPES);
