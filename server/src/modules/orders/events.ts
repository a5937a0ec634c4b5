import type { Tx } from '../../platform/db/database.ts';
import { defineEventTypes } from '../../platform/events/catalog.ts';
import { emitEvent } from '../../platform/events/outbox.ts';

/**
 * Events the orders module emits, in the transaction of the change. Aggregate `order` (the order
 * id) for every order and fulfilment event, so one order's events arrive in order; aggregate
 * `return` for returns; `order_notification` (the notification id) for `order.notification_sent`,
 * which records a sent e-mail and changes nothing about the order. Payloads carry ids, statuses
 * and amounts, never addresses: consumers that need more read the order.
 *
 * - `order.*`: `{ orderId, number, status, previousStatus?, customerId, currency, total, … }`
 *   (`order.cancelled` adds `reason` and `abandoned`; `order.payment_updated` adds `paymentStatus`,
 *   `capturedAmount`, `refundedAmount`; `order.notification_sent` adds `kind`, `fulfilmentId` and
 *   `returnId`).
 * - `order.items_cancelled`: the order's fields and `{ cancellationId, cancelledAmount, reason,
 *   restocked, notifyCustomer, lines: [{ orderLineId, quantity }] }`.
 * - `order.edited`: the order's fields and `{ editId, addedAmount, removedAmount, payment: { outcome,
 *   amount }, reason, notifyCustomer, added: [{ orderLineId, quantity }], removed: [...] }`.
 * - `order.refund_issued`: the order's fields and `{ refundId, refundedAmount, giftCardAmount,
 *   paymentRefundId, reason, notifyCustomer, lines: [{ orderLineId, quantity }] }`.
 * - `order.tags_changed`: `{ orderId, tags, added, removed }`.
 * - `order.details_changed`: `{ orderId, number, status, customerId, changed: ['email' | 'shipping_address' | 'billing_address'] }`.
 * - `order.note_added`: `{ orderId, noteId, author: { type, id } }`; `order.note_deleted`:
 *   `{ orderId, noteId }` — never the note's words.
 * - `order.credit_note_issued`: `{ orderId, creditNoteId, number, refundId, amount, tax, currency }`.
 * - `fulfilment.created`: `{ orderId, fulfilmentId, carrier, trackingNumber, lines: [{ orderLineId, quantity }] }`.
 * - `return.*`: `{ returnId, orderId, status, lines: [{ orderLineId, quantity }], refundAmount?, refundId? }`.
 */
export const ORDER_EVENT_TYPES = {
  'order.created': 'A checkout created an order (pending until the payment and stock are secured).',
  'order.placed': 'An order was confirmed: paid for (authorized) and its stock committed.',
  'order.credit_note_issued': 'A refund of an order was documented by a credit note (CN-n).',
  'order.processing_started': 'Staff started preparing an order.',
  'order.shipped': 'Every unit of an order is in a fulfilment.',
  'order.delivered': 'An order was delivered.',
  'order.cancelled': 'An order was cancelled (its stock given back, its payment voided or refunded).',
  'order.items_cancelled':
    'Staff cancelled some units of an order before they shipped (restocked; refunded if already captured).',
  'order.edited':
    'Staff edited an order before it shipped: items added, swapped or taken out (new totals; the payment settles the difference).',
  'order.refund_issued':
    'Staff refunded an order without a return (items kept, shipping, goodwill): to its gift cards and payment.',
  'order.returned': 'Every unit of an order came back.',
  'order.refunded': 'A cancelled or returned order was refunded in full.',
  'order.payment_updated': "An order's payment changed (authorized, captured, refunded, voided).",
  'order.customer_attached': 'A guest order was attached to the account its shopper registered.',
  'order.notification_sent':
    'An e-mail about an order was sent (confirmation, shipping notice, cancellation, a return’s news).',
  'order.tags_changed': "Staff changed an order's tags.",
  'order.details_changed':
    "Staff corrected an order's e-mail, shipping or billing address (the event names the fields, not the values).",
  'order.note_added': 'Staff added an internal note to an order (the event carries its id, not its words).',
  'order.note_deleted': 'Staff deleted an internal note of an order.',
  'order.personal_data_erased':
    "The shopper's personal data was erased from an order (GDPR); the financial record stays.",
  'fulfilment.created': 'Units of an order were shipped, with the carrier and tracking number.',
  'return.requested': 'A return of shipped units was requested.',
  'return.approved': 'A return was approved.',
  'return.rejected': 'A return was rejected.',
  'return.received': 'The units of a return arrived (and were restocked).',
  'return.refunded': 'A return was refunded.',
} as const;

export type OrderEventType = keyof typeof ORDER_EVENT_TYPES;

defineEventTypes(ORDER_EVENT_TYPES);

export async function emitOrderEvent(
  tx: Tx,
  storeId: string,
  type: OrderEventType,
  aggregate: { type: 'order' | 'return'; id: string },
  payload: Record<string, unknown>,
): Promise<void> {
  await emitEvent(tx, { storeId, type, aggregateType: aggregate.type, aggregateId: aggregate.id, payload });
}
