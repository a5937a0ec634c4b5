import { defineEventTypes } from '../../platform/events/catalog.ts';
import { subscribe } from '../../platform/events/subscribers.ts';
import { invalidateStorePrices } from './price-for.ts';

/**
 * Events pricing emits, in the transaction of the change. Payloads: the record as the admin API
 * shows it (`price.changed` also `previous`; a deleted price has `amount: null`).
 *
 * - `price.changed`: aggregate `variant_price` (the variant id), so a variant's price changes are ordered.
 * - `price_list.*`: aggregate `price_list`; `price_list.entries_changed` adds `entries_set` / `entries_removed` (ids).
 * - `price_rule.*`: aggregate `price_rule`. `exchange_rate.*`: aggregate `exchange_rate`.
 */
export const PRICING_EVENT_TYPES = {
  'price.changed': "A variant's price in a currency was set, changed or removed.",
  'price_list.created': 'A price list was created.',
  'price_list.updated': 'A price list changed (name, window, groups, priority, status).',
  'price_list.deleted': 'A price list was deleted with its entries.',
  'price_list.entries_changed': 'Prices of a price list were set or removed.',
  'price_rule.created': 'A price rule (adjustment) was created.',
  'price_rule.updated': 'A price rule changed.',
  'price_rule.deleted': 'A price rule was deleted.',
  'exchange_rate.changed': 'An exchange rate was set or changed.',
  'exchange_rate.deleted': 'An exchange rate was removed.',
} as const;

defineEventTypes(PRICING_EVENT_TYPES);

/**
 * The price cache of the process that dispatches events forgets a store's facts on any pricing
 * change, and on catalog changes that move a variant in or out of a rule's target (brand, tags,
 * categories). The writing node has already invalidated itself after commit, and every API node
 * also hears NOTIFY `carton_pricing`; this covers writers that bypass both (and catalog changes).
 */
export const pricingCacheSubscriber = subscribe({
  name: 'pricing.cache',
  types: [
    'price.changed',
    'price_list.*',
    'price_rule.*',
    'exchange_rate.*',
    'product.updated',
    'product.deleted',
    'variant.deleted',
    'category.updated',
    'category.products_changed',
  ],
  async handle(event) {
    invalidateStorePrices(event.storeId);
  },
});
