import { defineEventTypes } from '../../platform/events/catalog.ts';

/**
 * Events the shipping module emits, in the transaction of the change. Payloads: the record as the
 * admin API shows it.
 *
 * - `shipping_zone.*`: aggregate `shipping_zone`; payload the zone with its methods. Deleting a
 *   zone deletes its methods with it: `shipping_zone.deleted` carries them, and no
 *   `shipping_method.deleted` is emitted for them.
 * - `shipping_method.*`: aggregate `shipping_zone` (the method's zone, so a zone's changes are
 *   ordered); payload the method.
 */
export const SHIPPING_EVENT_TYPES = {
  'shipping_zone.created': 'A shipping zone was created.',
  'shipping_zone.updated': 'A shipping zone changed (name, countries, regions or postcode patterns).',
  'shipping_zone.deleted': 'A shipping zone was deleted with its methods.',
  'shipping_method.created': 'A shipping method was added to a zone.',
  'shipping_method.updated': 'A shipping method changed (rate, threshold, estimate, provider, active).',
  'shipping_method.deleted': 'A shipping method was deleted.',
} as const;

defineEventTypes(SHIPPING_EVENT_TYPES);
