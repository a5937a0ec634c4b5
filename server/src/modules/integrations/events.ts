import { defineEventTypes } from '../../platform/events/catalog.ts';

/**
 * Events the integrations module emits, in the transaction of the change. Payloads carry ids,
 * amounts and facts — never credentials, e-mail addresses, phone numbers or names.
 *
 * Aggregate `integration_connection` (the connection id):
 * - `integration_connection.created` / `.updated` / `.disconnected`: the connection as the admin API
 *   shows it (credential hints only).
 * - `integration_connection.sync_requested`: `{ connectionId }` — staff asked for a sync now.
 * - `integration_connection.synced`: `{ connectionId, recorded, duplicates, unreadable, fetched }` —
 *   a sync run recorded or moved something.
 * - `integration_connection.sync_failed`: `{ connectionId, error, failures, nextSyncAt }`.
 *
 * Aggregate `external_cart` / `external_purchase` / `external_contact` (`<connection>:<external id>`),
 * one event per item recorded in the inbox (a duplicate records nothing and emits nothing):
 * - `external_cart.received`: `{ inboxId, connectionId, source, externalId, currency, value,
 *   itemCount, hasEmail, completed, updatedAt, via }`.
 * - `external_purchase.received`: `{ inboxId, connectionId, source, externalOrderId, externalCartId,
 *   currency, total, placedAt, via }`.
 * - `external_contact.received`: `{ inboxId, connectionId, source, externalCustomerId, consent:
 *   [{ channel, status }], updatedAt, via }`.
 *
 * Aggregate `integration_delivery` (the delivery id):
 * - `integration_delivery.failed`: `{ deliveryId, connectionId, topic, attempts, error }` — a
 *   delivery whose data could not be fetched after every retry.
 *
 * Consumed: none. (Recovery takes these items through the port, `recovery-port.ts`.)
 */
export const INTEGRATION_EVENT_TYPES = {
  'integration_connection.created': 'A shop on Shopify, WooCommerce, BigCommerce or Magento was connected.',
  'integration_connection.updated': "A connection's name, shop, credentials or polling changed.",
  'integration_connection.disconnected':
    'A connection was disconnected: credentials erased, deliveries refused.',
  'integration_connection.sync_requested': 'Staff asked for a connection to be synced now.',
  'integration_connection.synced':
    'A sync of a connection (polling, fetches left pending) recorded something.',
  'integration_connection.sync_failed': 'A sync of a connection failed; it is tried again later.',
  'external_cart.received': 'A cart or checkout from a connected shop was recorded for recovery.',
  'external_purchase.received': 'An order placed on a connected shop was recorded for recovery.',
  'external_contact.received': "A connected shop's customer (with marketing consent) was recorded.",
  'integration_delivery.failed': "A webhook delivery's data could not be fetched from the platform.",
} as const;

defineEventTypes(INTEGRATION_EVENT_TYPES);
