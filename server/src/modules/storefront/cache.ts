import type { StorefrontProduct } from '../catalog/service.ts';
import type { VariantAvailabilityView } from '../inventory/views.ts';

/** NOTIFY channel the `storefront.cache` subscriber announces changed products on (`<store>:<product>`). */
export const STOREFRONT_CHANNEL = 'carton_storefront';

/** Bounds staleness if an invalidation is ever missed. */
const TTL_MS = 30_000;
const MAX_ENTRIES = 20_000;

interface Entry {
  product: StorefrontProduct | null;
  at: number;
}

/**
 * The catalog half of product detail (product, options, variants, images, translation), per store,
 * lookup (id or handle) and locale, in process. Prices come from pricing's own cache and stock is
 * read live, so only catalog edits invalidate this — through NOTIFY from the `storefront.cache`
 * subscriber, on every API process. Misses (no such product) are cached too, briefly, so a
 * crawler asking for missing handles does not reach the database each time.
 */
class ProductCache {
  readonly #entries = new Map<string, Entry>();
  /** `<store>:<product>` → the keys holding it, to evict every lookup of a changed product. */
  readonly #byProduct = new Map<string, Set<string>>();
  hits = 0;
  misses = 0;
  /** Bumped on every eviction: a read that started before one must not be cached after it. */
  generation = 0;

  get(key: string): StorefrontProduct | null | undefined {
    const e = this.#entries.get(key);
    if (!e) {
      this.misses++;
      return undefined;
    }
    if (Date.now() - e.at > (e.product ? TTL_MS : 2000)) {
      this.#entries.delete(key);
      this.misses++;
      return undefined;
    }
    this.hits++;
    return e.product;
  }

  set(key: string, storeId: string, product: StorefrontProduct | null, readAtGeneration: number): void {
    if (readAtGeneration !== this.generation) return;
    if (this.#entries.size >= MAX_ENTRIES) this.clear();
    this.#entries.set(key, { product, at: Date.now() });
    if (product) {
      const ref = `${storeId}:${product.id}`;
      let keys = this.#byProduct.get(ref);
      if (!keys) this.#byProduct.set(ref, (keys = new Set()));
      keys.add(key);
    }
  }

  /** Forget a product (every lookup of it) and the store's cached misses (a new handle may now exist). */
  evict(storeId: string, productId: string): void {
    this.generation++;
    stockCache.evict(storeId, productId);
    const ref = `${storeId}:${productId}`;
    for (const key of this.#byProduct.get(ref) ?? []) this.#entries.delete(key);
    this.#byProduct.delete(ref);
    for (const [key, e] of this.#entries)
      if (e.product === null && key.startsWith(`${storeId}|`)) this.#entries.delete(key);
  }

  clear(): void {
    this.generation++;
    stockCache.clear();
    this.#entries.clear();
    this.#byProduct.clear();
  }
}

const STOCK_TTL_MS = 1000;

/** Availability per product, for a second at most (see getShopperProduct). */
class StockCache {
  readonly #entries = new Map<string, { stock: VariantAvailabilityView[]; at: number }>();

  get(storeId: string, productId: string): VariantAvailabilityView[] | undefined {
    const e = this.#entries.get(`${storeId}:${productId}`);
    if (!e || Date.now() - e.at > STOCK_TTL_MS) return undefined;
    return e.stock;
  }

  set(storeId: string, productId: string, stock: VariantAvailabilityView[], readAtGeneration: number): void {
    if (readAtGeneration !== productCache.generation) return;
    if (this.#entries.size >= MAX_ENTRIES) this.#entries.clear();
    this.#entries.set(`${storeId}:${productId}`, { stock, at: Date.now() });
  }

  evict(storeId: string, productId: string): void {
    productCache.generation++;
    this.#entries.delete(`${storeId}:${productId}`);
  }

  clear(): void {
    this.#entries.clear();
  }
}

export const stockCache = new StockCache();
export const productCache = new ProductCache();

export function productCacheKey(
  storeId: string,
  lookup: { id?: string; handle?: string },
  locale: string,
): string {
  return lookup.id !== undefined
    ? `${storeId}|i:${lookup.id}|${locale}`
    : `${storeId}|h:${lookup.handle}|${locale}`;
}
