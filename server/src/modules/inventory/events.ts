import { defineEventTypes } from '../../platform/events/catalog.ts';

/**
 * Events the inventory module emits, in the transaction of the change.
 *
 * - `inventory.adjusted`: aggregate `inventory_level`; payload `{ levelId, variantId, locationId,
 *   kind, reason, onHandDelta, damagedDelta, onHand, reserved, damaged, available }` — one per level
 *   changed by an adjustment, a level set (single or bulk, with `reference`), or a transfer (two events, `kind` transfer_out/transfer_in).
 * - `inventory.low_stock`: aggregate `inventory_level`; payload `{ levelId, variantId, locationId,
 *   available, reorderPoint }` — once when available drops below the reorder point; again only
 *   after it has risen back to it or above.
 * - `inventory.reserved` / `inventory.released` / `inventory.committed`: aggregate `reservation`;
 *   payload `{ reservationId, ownerRef, status, lines: [{ variantId, locationId, quantity }] }`
 *   (`inventory.released` also `reason`: `released` or `expired`; `inventory.committed` also `orderRef`).
 */
export const INVENTORY_EVENT_TYPES = {
  'inventory.adjusted': 'Stock of a variant at a location changed (adjustment, stock count or transfer).',
  'inventory.low_stock': 'Available stock of a variant at a location fell below its reorder point.',
  'inventory.reserved': 'Stock was reserved for a cart or checkout.',
  'inventory.released': 'A reservation was released (explicitly or on expiry); its stock is available again.',
  'inventory.committed': 'A reservation was committed to an order; its units left on-hand stock.',
} as const;

defineEventTypes(INVENTORY_EVENT_TYPES);
