import { defineEventTypes } from '../../platform/events/catalog.ts';

/**
 * Events the tax module emits, in the transaction of the change. Payloads: the record as the
 * admin API shows it.
 *
 * - `tax_rate.*`: aggregate `tax_rate`.
 * - `tax_settings.updated`: aggregate `tax_settings` (id: the store id); payload the settings.
 */
export const TAX_EVENT_TYPES = {
  'tax_rate.created': 'A tax rate was created.',
  'tax_rate.updated': 'A tax rate changed.',
  'tax_rate.deleted': 'A tax rate was deleted.',
  'tax_settings.updated': "The store's tax settings changed (prices with or without tax, provider).",
} as const;

defineEventTypes(TAX_EVENT_TYPES);
