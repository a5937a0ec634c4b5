import { sql } from 'drizzle-orm';
import type { Database } from '../../platform/db/database.ts';
import type { OutboxEvent } from '../../platform/events/outbox.ts';
import { listen } from '../../platform/events/listener.ts';
import { subscribe } from '../../platform/events/subscribers.ts';
import { getVariants } from '../catalog/service.ts';
import { productCache, STOREFRONT_CHANNEL, stockCache } from './cache.ts';

const str = (v: unknown) => (typeof v === 'string' && v ? v : undefined);

function variantIdsOf(event: OutboxEvent): string[] {
  const ids: string[] = [];
  const one = str(event.payload.variantId);
  if (one) ids.push(one);
  const lines = event.payload.lines;
  if (Array.isArray(lines))
    for (const l of lines as Record<string, unknown>[])
      if (str(l?.variantId)) ids.push(l.variantId as string);
  return ids;
}

/**
 * Turns catalog and inventory events into cache evictions on every API process: the subscriber
 * (which runs in one worker) NOTIFYs `carton_storefront` with `<kind>:<store>:<product>` in its
 * transaction — `p` for catalog changes (drop the product), `s` for stock (drop its availability).
 */
export const storefrontCacheInvalidator = subscribe({
  name: 'storefront.cache',
  types: ['product.*', 'variant.*', 'inventory.*'],
  async handle(event, { tx }) {
    const { storeId } = event;
    let kind = 'p';
    let productIds: string[];
    if (event.type.startsWith('inventory.')) {
      kind = 's';
      productIds = (await getVariants(tx, storeId, variantIdsOf(event))).map((v) => v.productId);
    } else {
      const productId =
        str(event.payload.productId) ?? (event.aggregateType === 'product' ? event.aggregateId : undefined);
      productIds = productId ? [productId] : [];
    }
    for (const productId of new Set(productIds)) {
      await tx.execute(sql`SELECT pg_notify(${STOREFRONT_CHANNEL}, ${`${kind}:${storeId}:${productId}`})`);
    }
  },
});

/** Listen for evictions in this (API) process; returns how to stop. */
export function listenForEvictions(database: Database): Promise<() => Promise<void>> {
  return listen(database, STOREFRONT_CHANNEL, (payload) => {
    if (payload === null) {
      productCache.clear(); // reconnected: evictions may have been missed
      return;
    }
    const [kind, storeId, productId] = payload.split(':');
    if (!storeId || !productId) return;
    if (kind === 's') stockCache.evict(storeId, productId);
    else productCache.evict(storeId, productId);
  });
}
