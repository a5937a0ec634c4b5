import type { Tx } from '../../platform/db/database.ts';
import type { OutboxEvent } from '../../platform/events/outbox.ts';
import { subscribe } from '../../platform/events/subscribers.ts';
import {
  indexCategories,
  indexProducts,
  productsInCollection,
  productsOfVariants,
  productsUnderCategory,
  refreshSignals,
} from './indexer.ts';

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v ? v : undefined;
}

/** Payload field by either naming style (`productId` / `product_id`). */
function field(event: OutboxEvent, camel: string, snake: string): string | undefined {
  return str(event.payload[camel]) ?? str(event.payload[snake]);
}

function list(event: OutboxEvent, camel: string, snake: string): string[] {
  const v = event.payload[camel] ?? event.payload[snake];
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}

/** The variant ids an event is about (a single `variantId` or a batch `variantIds`). */
function variantsOf(event: OutboxEvent): string[] {
  const ids = list(event, 'variantIds', 'variant_ids');
  const one =
    field(event, 'variantId', 'variant_id') ??
    (event.aggregateType === 'variant' ? event.aggregateId : undefined);
  if (one) ids.push(one);
  // Reservations carry `lines: [{ variantId, … }]`.
  const lines = event.payload.lines;
  if (Array.isArray(lines)) {
    for (const l of lines as Record<string, unknown>[]) {
      const id = str(l?.variantId) ?? str(l?.variant_id);
      if (id) ids.push(id);
    }
  }
  return ids;
}

/**
 * Keeps the search index fresh. Each handler re-reads the current state rather than applying the
 * payload, so redelivery and reordering across aggregates are harmless (idempotent).
 */
export const searchIndexer = subscribe({
  name: 'search.index',
  types: [
    'product.*',
    'variant.*',
    'category.*',
    'collection.*',
    'price.changed',
    'price_list.*',
    'inventory.*',
  ],
  // Stock committed to an order leaves on hand and reserved together: availability, the only
  // stock signal indexed, is unchanged. A reservation that leaves units of each of its variants
  // changes no in-stock flag either (`variantsInStockQuestion`): only one that names a variant
  // with none left, or that does not say, gets a delivery.
  eventsWhere: `c.type <> 'inventory.committed' AND CASE
    WHEN c.type <> 'inventory.reserved' OR jsonb_typeof(c.payload->'lines') IS DISTINCT FROM 'array'
      OR c.payload ?| array['productId', 'product_id', 'productIds', 'product_ids'] THEN true
    ELSE EXISTS (SELECT 1 FROM jsonb_array_elements(c.payload->'lines') l
      WHERE jsonb_typeof(l->'variantId') = 'string' AND l->>'variantId' <> ''
        AND CASE WHEN jsonb_typeof(l->'variantAvailable') = 'number' THEN (l->>'variantAvailable')::numeric <= 0
                 ELSE true END)
  END`,
  async handle(event, { tx }) {
    const storeId = event.storeId;
    const [entity] = event.type.split('.');
    switch (entity) {
      case 'product': {
        const productId = field(event, 'productId', 'product_id') ?? event.aggregateId;
        await indexProducts(tx, {
          storeId,
          productIds: [productId, ...list(event, 'productIds', 'product_ids')],
        });
        return;
      }
      case 'variant': {
        const productId = field(event, 'productId', 'product_id');
        const ids = productId ? [productId] : await productsOfVariants(tx, variantsOf(event));
        await indexProducts(tx, { storeId, productIds: ids });
        return;
      }
      case 'category': {
        const categoryId = field(event, 'categoryId', 'category_id') ?? event.aggregateId;
        await indexCategories(tx, { storeId, categoryIds: [categoryId] });
        // A move changes the ancestors of everything under it; a rename changes nothing indexed.
        if (event.type !== 'category.created') {
          await indexProducts(tx, { storeId, productIds: await productsUnderCategory(tx, categoryId) });
        }
        return;
      }
      case 'collection': {
        const collectionId = field(event, 'collectionId', 'collection_id') ?? event.aggregateId;
        const productIds = new Set([
          ...list(event, 'productIds', 'product_ids'),
          ...(await productsInCollection(tx, collectionId)),
        ]);
        if (event.type === 'collection.products_changed' || event.type === 'collection.deleted') {
          await indexProducts(tx, { storeId, productIds: [...productIds] });
        }
        return;
      }
      case 'price':
      case 'price_list':
      case 'inventory':
        await this.handleMany!([event], { tx });
        return;
    }
  },
  /**
   * A store's burst (a checkout's reservation, many checkouts at once): the signals of every
   * product touched are refreshed once, with one look-up of the variants' products — only the
   * in-stock flag when only stock moved; other events go one by one.
   */
  async handleMany(events, ctx) {
    const signals = events.filter((e) => SIGNAL_ENTITIES.has(e.type.split('.')[0]!));
    for (const event of events)
      if (!signals.includes(event)) await this.handle(event, { ...ctx, attempt: 1 });
    if (signals.length === 0) return;
    const stock = signals.filter((e) => e.type.startsWith('inventory.'));
    const prices = signals.filter((e) => !stock.includes(e));
    const priced = await productsOf(ctx.tx, prices, variantsOf);
    const stocked = (await productsOf(ctx.tx, stock, variantsInStockQuestion)).filter(
      (id) => !priced.includes(id),
    );
    const storeId = signals[0]!.storeId;
    // A price-list change without variant ids (e.g. its window moved) touches too much to guess.
    if (priced.length) await refreshSignals(ctx.tx, { storeId, productIds: priced });
    if (stocked.length) await refreshSignals(ctx.tx, { storeId, productIds: stocked, only: 'stock' });
  },
});

/** The products events name, directly or by their variants (`variants` picks those). */
async function productsOf(
  tx: Tx,
  events: OutboxEvent[],
  variants: (event: OutboxEvent) => string[],
): Promise<string[]> {
  if (events.length === 0) return [];
  const ids = new Set(
    events.flatMap((e) => [
      ...list(e, 'productIds', 'product_ids'),
      ...(field(e, 'productId', 'product_id') ? [field(e, 'productId', 'product_id')!] : []),
    ]),
  );
  const variantIds = [...new Set(events.flatMap(variants))];
  if (variantIds.length) for (const id of await productsOfVariants(tx, variantIds)) ids.add(id);
  return [...ids];
}

/**
 * The variants whose in-stock flag a stock event may have changed. A reservation only takes units
 * away, and tells what each variant has left (`variantAvailable`): one that leaves units behind
 * changed nothing the index shows.
 */
function variantsInStockQuestion(event: OutboxEvent): string[] {
  const lines = event.payload.lines;
  if (event.type !== 'inventory.reserved' || !Array.isArray(lines)) return variantsOf(event);
  return (lines as Record<string, unknown>[])
    .filter((l) => !(typeof l?.variantAvailable === 'number' && l.variantAvailable > 0))
    .map((l) => str(l?.variantId))
    .filter((id): id is string => Boolean(id));
}

const SIGNAL_ENTITIES = new Set(['price', 'price_list', 'inventory']);
