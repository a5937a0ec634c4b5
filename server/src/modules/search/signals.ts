import type { Tx } from '../../platform/db/database.ts';

/**
 * Where the search index gets what the catalog does not hold: prices (pricing module) and stock
 * (inventory module). Both are read in batches for the variants of the products being indexed.
 * The search module wires the real sources in `sources.ts`; until one is registered, products
 * have no prices in the index and count as in stock.
 */
export interface VariantPrice {
  currency: string;
  amount: number;
}

export interface SearchSignalSources {
  /** Base prices per variant (every currency that has one). */
  prices?(tx: Tx, storeId: string, variantIds: string[]): Promise<Map<string, VariantPrice[]>>;
  /**
   * Whether each variant can be bought now (stock available or backorders allowed). `policies`:
   * each variant's backorder policy, as the indexer has just read it (no read of its own).
   */
  availability?(
    tx: Tx,
    storeId: string,
    variantIds: string[],
    policies?: ReadonlyMap<string, { backorderPolicy: 'deny' | 'allow' }>,
  ): Promise<Map<string, boolean>>;
}

let sources: SearchSignalSources = {};

export function registerSearchSignalSources(next: SearchSignalSources): void {
  sources = { ...sources, ...next };
}

export function searchSignalSources(): SearchSignalSources {
  return sources;
}
