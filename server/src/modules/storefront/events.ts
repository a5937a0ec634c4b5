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
  // Committing a reservation moves its units out of on-hand and reserved at once: what shoppers
  // see (available, in stock) is unchanged, so that event — one per order — needs no eviction.
  eventsWhere: `c.type <> 'inventory.committed'`,
  handle(event, ctx) {
    return this.handleMany!([event], ctx);
  },
  /** A store's burst: one look-up of the variants' products and one NOTIFY statement for all. */
  async handleMany(events, { tx }) {
    const storeId = events[0]!.storeId;
    const stock = events.filter((e) => e.type.startsWith('inventory.'));
    const payloads = new Set<string>();
    const variantIds = [...new Set(stock.flatMap(variantIdsOf))];
    if (variantIds.length) {
      for (const v of await getVariants(tx, storeId, variantIds)) payloads.add(`s:${storeId}:${v.productId}`);
    }
    for (const event of events) {
      if (event.type.startsWith('inventory.')) continue;
      const productId =
        str(event.payload.productId) ?? (event.aggregateType === 'product' ? event.aggregateId : undefined);
      if (productId) payloads.add(`p:${storeId}:${productId}`);
    }
    if (payloads.size === 0) return;
    await tx.execute(
      sql`SELECT pg_notify(${STOREFRONT_CHANNEL}, p) FROM unnest(${sql.param([...payloads])}::text[]) AS p`,
    );
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
