import { bigint, boolean, integer, jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import type { Address } from '../../platform/address.ts';
import type { PickupPointView } from '../shipping/service.ts';
import type { OrderStatus } from './order-states.ts';
import type { ReturnStatus } from './return-states.ts';

/** Tables of migrations/0026_orders.sql and 0027_returns.sql. Amounts are integer minor units. */
const money = (name: string) => bigint(name, { mode: 'number' });
const at = (name: string) => timestamp(name, { withTimezone: true });

export const PAYMENT_STATUSES = [
  'pending',
  'authorized',
  'captured',
  'partially_refunded',
  'refunded',
  'voided',
] as const;
export type OrderPaymentStatus = (typeof PAYMENT_STATUSES)[number];

export interface ShippingSnapshot {
  method_id: string;
  name: string;
  amount: number;
  tax: number;
  /** A pickup method: where the shopper collects the order. */
  pickup?: PickupPointView;
}

export const orderCounters = pgTable('order_counters', {
  storeId: text('store_id').primaryKey(),
  lastNumber: money('last_number').notNull(),
});

export const orders = pgTable('orders', {
  id: text('id').primaryKey(),
  storeId: text('store_id').notNull(),
  number: money('number').notNull(),
  cartId: text('cart_id').notNull(),
  status: text('status').$type<OrderStatus>().notNull(),
  currency: text('currency').notNull(),
  locale: text('locale'),
  /** The shopper's note for the shop, from the cart (personal data: erased with the shopper). */
  customerNote: text('customer_note'),
  customerId: text('customer_id'),
  email: text('email').notNull(),
  /** Null when nothing in the order ships (digital goods and services). */
  shippingAddress: jsonb('shipping_address').$type<Address | null>(),
  billingAddress: jsonb('billing_address').$type<Address | null>(),
  shipping: jsonb('shipping').$type<ShippingSnapshot | null>(),
  subtotal: money('subtotal').notNull(),
  discountTotal: money('discount_total').notNull(),
  shippingTotal: money('shipping_total').notNull(),
  taxTotal: money('tax_total').notNull(),
  total: money('total').notNull(),
  taxInclusive: boolean('tax_inclusive').notNull(),
  /** Charged no tax (a tax-exempt buyer); `taxExemption` is the tax inside inclusive prices taken off. */
  taxExempt: boolean('tax_exempt').notNull().default(false),
  taxExemption: money('tax_exemption').notNull().default(0),
  couponCodes: text('coupon_codes').array().notNull().default([]),
  /** Staff's tags (lower case), to sort and find orders; never shown to the shopper. */
  tags: text('tags').array().notNull().default([]),
  paymentIntentId: text('payment_intent_id').notNull(),
  paymentStatus: text('payment_status').$type<OrderPaymentStatus>().notNull().default('pending'),
  capturedAmount: money('captured_amount').notNull().default(0),
  refundedAmount: money('refunded_amount').notNull().default(0),
  paymentSeenAt: at('payment_seen_at'),
  reservationId: text('reservation_id').notNull(),
  settlementDue: boolean('settlement_due').notNull().default(false),
  settlementAttempt: integer('settlement_attempt').notNull().default(1),
  cancelReason: text('cancel_reason'),
  /** What the units cancelled from the order were paid for: the customer no longer owes it. */
  cancelledAmount: money('cancelled_amount').notNull().default(0),
  /** Paid with gift cards (gift-cards module); the payment covers the rest. */
  giftCardTotal: money('gift_card_total').notNull().default(0),
  /** What the order's gift card lines cost: each unit becomes a card once the payment is captured. */
  giftCardsBought: money('gift_cards_bought').notNull().default(0),
  /** A refund for cancelled units being asked of payments (kept so a retry asks the same), else null. */
  itemsRefundAmount: money('items_refund_amount'),
  itemsRefundAttempt: integer('items_refund_attempt').notNull().default(1),
  itemsRefundedAmount: money('items_refunded_amount').notNull().default(0),
  confirmedAt: at('confirmed_at'),
  shippedAt: at('shipped_at'),
  deliveredAt: at('delivered_at'),
  cancelledAt: at('cancelled_at'),
  /** Last edited by staff (`order_edits`): the capture then takes what is owed, not the authorization. */
  editedAt: at('edited_at'),
  createdAt: at('created_at').notNull().defaultNow(),
  updatedAt: at('updated_at').notNull().defaultNow(),
});
export type OrderRow = typeof orders.$inferSelect;

export const orderLines = pgTable('order_lines', {
  id: text('id').primaryKey(),
  storeId: text('store_id').notNull(),
  orderId: text('order_id').notNull(),
  position: integer('position').notNull(),
  variantId: text('variant_id').notNull(),
  productId: text('product_id').notNull(),
  sku: text('sku'),
  title: text('title').notNull(),
  variantTitle: text('variant_title'),
  imageUrl: text('image_url'),
  /** False for digital goods and services: nothing to ship (the packing slip leaves it out). */
  requiresShipping: boolean('requires_shipping').notNull().default(true),
  /** A gift card bought: each unit is issued as a card once the payment is captured. */
  giftCard: boolean('gift_card').notNull().default(false),
  /** What the shopper told about the item (an engraving, a gift card's recipient): name → text. */
  properties: jsonb('properties').$type<Record<string, string>>().notNull().default({}),
  quantity: integer('quantity').notNull(),
  unitPrice: money('unit_price').notNull(),
  subtotal: money('subtotal').notNull(),
  discount: money('discount').notNull(),
  tax: money('tax').notNull(),
  total: money('total').notNull(),
  fulfilledQuantity: integer('fulfilled_quantity').notNull().default(0),
  returnedQuantity: integer('returned_quantity').notNull().default(0),
  /** Units staff cancelled before they shipped (`order_cancellations`). */
  cancelledQuantity: integer('cancelled_quantity').notNull().default(0),
  /** Units shipped and refunded without coming back (`order_refunds`). */
  refundedQuantity: integer('refunded_quantity').notNull().default(0),
});
export type OrderLineRow = typeof orderLines.$inferSelect;

export const orderStatusHistory = pgTable('order_status_history', {
  id: text('id').primaryKey(),
  storeId: text('store_id').notNull(),
  orderId: text('order_id').notNull(),
  fromStatus: text('from_status').$type<OrderStatus | null>(),
  toStatus: text('to_status').$type<OrderStatus>().notNull(),
  actorType: text('actor_type').notNull(),
  actorId: text('actor_id'),
  reason: text('reason'),
  createdAt: at('created_at').notNull().defaultNow(),
});
export type OrderHistoryRow = typeof orderStatusHistory.$inferSelect;

export const fulfilments = pgTable('fulfilments', {
  id: text('id').primaryKey(),
  storeId: text('store_id').notNull(),
  orderId: text('order_id').notNull(),
  carrier: text('carrier'),
  trackingNumber: text('tracking_number'),
  trackingUrl: text('tracking_url'),
  shippedAt: at('shipped_at').notNull().defaultNow(),
  deliveredAt: at('delivered_at'),
  createdAt: at('created_at').notNull().defaultNow(),
});
export type FulfilmentRow = typeof fulfilments.$inferSelect;

export const fulfilmentLines = pgTable('fulfilment_lines', {
  id: text('id').primaryKey(),
  storeId: text('store_id').notNull(),
  fulfilmentId: text('fulfilment_id').notNull(),
  orderLineId: text('order_line_id').notNull(),
  quantity: integer('quantity').notNull(),
});
export type FulfilmentLineRow = typeof fulfilmentLines.$inferSelect;

/**
 * What an e-mail about an order tells: placed, shipped, cancelled, refunded, a return's progress —
 * or, to a staff address (`ref`), that a new order came in.
 */
export const ORDER_EMAIL_KINDS = [
  'confirmation',
  'shipment',
  'cancellation',
  'return',
  'payment_reminder',
  'items_cancelled',
  'refund',
  'new_order',
  'order_edited',
  'dispute',
] as const;
export type OrderEmailKind = (typeof ORDER_EMAIL_KINDS)[number];

export const orderNotifications = pgTable('order_notifications', {
  id: text('id').primaryKey(),
  storeId: text('store_id').notNull(),
  orderId: text('order_id').notNull(),
  kind: text('kind').$type<OrderEmailKind>().notNull(),
  ref: text('ref').notNull().default(''),
  messageId: text('message_id'),
  /** pending until the SMTP server took it (the mail sender's outbox); failed after its last attempt. */
  status: text('status').$type<'pending' | 'sent' | 'failed'>().notNull().default('pending'),
  attempts: integer('attempts').notNull().default(0),
  nextAttemptAt: at('next_attempt_at'),
  lastError: text('last_error'),
  sentAt: at('sent_at'),
  /** Times staff asked to send it again (each send its own Message-ID). */
  resends: integer('resends').notNull().default(0),
});
export type OrderNotificationRow = typeof orderNotifications.$inferSelect;

export const orderReturns = pgTable('order_returns', {
  id: text('id').primaryKey(),
  storeId: text('store_id').notNull(),
  orderId: text('order_id').notNull(),
  sequence: integer('sequence').notNull(),
  status: text('status').$type<ReturnStatus>().notNull().default('requested'),
  reason: text('reason'),
  note: text('note'),
  requestedBy: text('requested_by').$type<'customer' | 'staff'>().notNull(),
  rejectionReason: text('rejection_reason'),
  receivedValue: money('received_value').notNull().default(0),
  refundAmount: money('refund_amount'),
  refundAttempt: integer('refund_attempt').notNull().default(1),
  refundedAmount: money('refunded_amount').notNull().default(0),
  refundId: text('refund_id'),
  /** Refunded as store credit: the gift card issued for it (gift-cards module). */
  storeCreditGiftCardId: text('store_credit_gift_card_id'),
  approvedAt: at('approved_at'),
  receivedAt: at('received_at'),
  refundedAt: at('refunded_at'),
  rejectedAt: at('rejected_at'),
  createdAt: at('created_at').notNull().defaultNow(),
  updatedAt: at('updated_at').notNull().defaultNow(),
});
export type ReturnRow = typeof orderReturns.$inferSelect;

export const orderReturnLines = pgTable('order_return_lines', {
  id: text('id').primaryKey(),
  storeId: text('store_id').notNull(),
  returnId: text('return_id').notNull(),
  orderLineId: text('order_line_id').notNull(),
  quantity: integer('quantity').notNull(),
  receivedQuantity: integer('received_quantity').notNull().default(0),
  restockedQuantity: integer('restocked_quantity').notNull().default(0),
});
export type ReturnLineRow = typeof orderReturnLines.$inferSelect;

/** Units of an order cancelled before they shipped (migration 0066), `#1001-C1`. */
export const orderCancellations = pgTable('order_cancellations', {
  id: text('id').primaryKey(),
  storeId: text('store_id').notNull(),
  orderId: text('order_id').notNull(),
  sequence: integer('sequence').notNull(),
  reason: text('reason'),
  amount: money('amount').notNull(),
  restocked: boolean('restocked').notNull(),
  actorType: text('actor_type').notNull(),
  actorId: text('actor_id'),
  createdAt: at('created_at').notNull().defaultNow(),
});
export type CancellationRow = typeof orderCancellations.$inferSelect;

export const orderCancellationLines = pgTable('order_cancellation_lines', {
  id: text('id').primaryKey(),
  storeId: text('store_id').notNull(),
  cancellationId: text('cancellation_id').notNull(),
  orderLineId: text('order_line_id').notNull(),
  quantity: integer('quantity').notNull(),
  amount: money('amount').notNull(),
});
export type CancellationLineRow = typeof orderCancellationLines.$inferSelect;

/** Staff's edits of a placed order (migration 0084): units added, and units taken out (a cancellation). */
export const orderEdits = pgTable('order_edits', {
  id: text('id').primaryKey(),
  storeId: text('store_id').notNull(),
  orderId: text('order_id').notNull(),
  sequence: integer('sequence').notNull(),
  reason: text('reason'),
  addedAmount: money('added_amount').notNull(),
  removedAmount: money('removed_amount').notNull(),
  paymentOutcome: text('payment_outcome')
    .$type<'nothing' | 'refund' | 'capture_less' | 'amount_due'>()
    .notNull(),
  paymentAmount: money('payment_amount').notNull(),
  cancellationId: text('cancellation_id'),
  reservationId: text('reservation_id'),
  actorType: text('actor_type').notNull(),
  actorId: text('actor_id'),
  createdAt: at('created_at').notNull().defaultNow(),
});
export type EditRow = typeof orderEdits.$inferSelect;

/** The order lines an edit added. */
export const orderEditLines = pgTable('order_edit_lines', {
  id: text('id').primaryKey(),
  storeId: text('store_id').notNull(),
  editId: text('edit_id').notNull(),
  orderLineId: text('order_line_id').notNull(),
  quantity: integer('quantity').notNull(),
  amount: money('amount').notNull(),
});
export type EditLineRow = typeof orderEditLines.$inferSelect;

export const orderRefunds = pgTable('order_refunds', {
  id: text('id').primaryKey(),
  storeId: text('store_id').notNull(),
  orderId: text('order_id').notNull(),
  sequence: integer('sequence').notNull(),
  status: text('status').$type<'pending' | 'refunded' | 'failed'>().notNull().default('pending'),
  reason: text('reason'),
  notifyCustomer: boolean('notify_customer').notNull(),
  itemsAmount: money('items_amount').notNull(),
  shippingAmount: money('shipping_amount').notNull(),
  extraAmount: money('extra_amount').notNull(),
  amount: money('amount').notNull(),
  /** What goes back to the gift cards that paid the order; the payment is refunded the rest. */
  giftCardAmount: money('gift_card_amount').notNull(),
  refundedAmount: money('refunded_amount').notNull().default(0),
  paymentRefundId: text('payment_refund_id'),
  storeCreditGiftCardId: text('store_credit_gift_card_id'),
  failureMessage: text('failure_message'),
  actorType: text('actor_type').notNull(),
  actorId: text('actor_id'),
  createdAt: at('created_at').notNull().defaultNow(),
  refundedAt: at('refunded_at'),
});
export type OrderRefundRow = typeof orderRefunds.$inferSelect;

export const orderRefundLines = pgTable('order_refund_lines', {
  id: text('id').primaryKey(),
  storeId: text('store_id').notNull(),
  refundId: text('refund_id').notNull(),
  orderLineId: text('order_line_id').notNull(),
  quantity: integer('quantity').notNull(),
  amount: money('amount').notNull(),
  giftCardIds: text('gift_card_ids').array().notNull().default([]),
});
export type OrderRefundLineRow = typeof orderRefundLines.$inferSelect;
