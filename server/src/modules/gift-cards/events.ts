import { defineEventTypes } from '../../platform/events/catalog.ts';

/**
 * Events gift cards emit, in the transaction of the change (aggregate `gift_card`, the card's id;
 * payload the card as the admin API shows it — never its code — plus, for a balance change, the
 * `transaction`):
 *
 * - `gift_card.issued`, `gift_card.updated` (disabled, enabled, expiry or note changed);
 * - `gift_card.balance_changed`: spent on an order, given back (a failed checkout, a refund) or
 *   adjusted by staff.
 */
export const GIFT_CARD_EVENT_TYPES = {
  'gift_card.issued': 'A gift card was issued.',
  'gift_card.updated': 'A gift card was disabled or enabled, or its expiry or note changed.',
  'gift_card.balance_changed':
    'A gift card’s balance changed: spent on an order, given back, or adjusted by staff.',
} as const;

defineEventTypes(GIFT_CARD_EVENT_TYPES);
