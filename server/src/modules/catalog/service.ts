/**
 * The catalog's public service: every other module (pricing, inventory, search, storefront, CSV)
 * reads and changes the catalog through these functions only. Reads take any `DbOrTx` and always
 * filter on the store; writes take the transaction of a `withStore` block, emit their events in
 * it and record audit entries when given `{ audit }`.
 */
import './events.ts';

export * from './products.ts';
export * from './storefront-read.ts';
export { PRODUCT_STATUSES, canTransition } from './product-status.ts';
export { slugify, type MutationOptions } from './shared.ts';
export type {
  BackorderPolicy,
  OptionValues,
  ProductRow,
  ProductStatus,
  VariantRow,
  ProductImageRow,
} from './schema.ts';
export * from './categories.ts';
export * from './collections.ts';
export * from './images.ts';
export * from './translations.ts';
