import { z } from 'zod';
import { OrderGiftCardView } from '../gift-cards/views.ts';
import { AddressView } from '../../platform/address.ts';
import { DisputeView, MANUAL_METHODS } from '../payments/service.ts';
import { PickupPointView } from '../shipping/service.ts';
import { ORDER_STATUSES } from './order-states.ts';
import { RETURN_STATUSES } from './return-states.ts';
import {
  ORDER_EMAIL_KINDS,
  PAYMENT_STATUSES,
  type CancellationLineRow,
  type OrderRefundLineRow,
  type OrderRefundRow,
  type CancellationRow,
  type EditRow,
  type FulfilmentLineRow,
  type FulfilmentRow,
  type OrderHistoryRow,
  type OrderLineRow,
  type OrderNotificationRow,
  type OrderRow,
  type ReturnLineRow,
  type ReturnRow,
} from './schema.ts';

/** How the API (and the service functions) show orders: snake_case, amounts in minor units, ISO 8601 UTC times. */

const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());
const Timestamp = z.string().describe('ISO 8601, UTC');
const Amount = z.number().int().describe('Minor units of the order currency');

export const OrderLineView = z.object({
  id: z.string(),
  variant_id: z.string(),
  product_id: z.string(),
  sku: z.string().nullable(),
  title: z.string(),
  variant_title: z.string().nullable(),
  image_url: z.string().nullable(),
  requires_shipping: z.boolean().describe('False for digital goods and services: nothing to ship'),
  gift_card: z
    .boolean()
    .describe(
      'A gift card bought: each unit is issued (and e-mailed to the buyer) once the payment is captured',
    ),
  properties: z
    .record(z.string(), z.string())
    .describe('What the shopper told about the item, name → text (an engraving, a gift card’s recipient)'),
  quantity: z.number().int(),
  unit_price: Amount,
  subtotal: Amount.describe('unit_price × quantity'),
  discount: Amount,
  tax: Amount,
  total: Amount.describe('subtotal − discount − its share of a tax exemption'),
  fulfilled_quantity: z.number().int(),
  returned_quantity: z.number().int().describe('Units received back by returns'),
  refunded_quantity: z
    .number()
    .int()
    .describe('Units shipped and refunded without coming back (order refunds)'),
  cancelled_quantity: z.number().int().describe('Units cancelled before they shipped'),
});
export type OrderLineView = z.infer<typeof OrderLineView>;

export const OrderView = z.object({
  id: z.string(),
  number: z.number().int().describe('Per store, from 1001'),
  display_number: z.string().describe('#1001'),
  status: z.enum(ORDER_STATUSES),
  cart_id: z.string(),
  currency: z.string(),
  locale: z.string().nullable(),
  customer_note: z
    .string()
    .nullable()
    .describe("The shopper's note for the shop from checkout (delivery instructions, a gift message)"),
  customer_id: z.string().nullable().describe('Null for a guest order'),
  email: z.string(),
  shipping_address: AddressView.nullable().describe('Null when nothing in the order ships'),
  billing_address: AddressView.nullable(),
  shipping: z
    .object({
      method_id: z.string(),
      name: z.string(),
      amount: Amount,
      tax: Amount,
      pickup: PickupPointView.nullable().describe(
        'A pickup method: where the shopper collects the order; null for delivery',
      ),
    })
    .nullable()
    .describe('The shipping method chosen at checkout'),
  totals: z.object({
    subtotal: Amount,
    discount: Amount,
    shipping: Amount,
    tax: Amount,
    tax_exemption: Amount.describe(
      'The tax inside tax-inclusive prices a tax-exempt buyer did not pay (0 otherwise); total = subtotal − ' +
        'discount − tax_exemption + shipping (+ tax when prices exclude it)',
    ),
    total: Amount,
  }),
  tax_inclusive: z.boolean(),
  tax_exempt: z.boolean().describe('Charged no tax: the buyer is tax exempt'),
  coupon_codes: z.array(z.string()),
  gift_card_total: z
    .number()
    .int()
    .describe('Paid with gift cards (`gift_cards`); the payment covered the rest'),
  tags: z.array(z.string()).describe("Staff's tags (lower case); not shown to the shopper"),
  payment_intent_id: z.string(),
  payment_status: z.enum(PAYMENT_STATUSES),
  captured_amount: Amount,
  refunded_amount: Amount,
  fulfilment_status: z.enum(['unfulfilled', 'partial', 'fulfilled']),
  reservation_id: z.string(),
  cancel_reason: z.string().nullable(),
  cancelled_amount: Amount.describe(
    'What units cancelled before shipping were paid for: the customer owes total − cancelled_amount',
  ),
  lines: z.array(OrderLineView),
  edited_at: Timestamp.nullable().describe('When staff last edited the order (its `edits`), else null'),
  confirmed_at: Timestamp.nullable(),
  shipped_at: Timestamp.nullable(),
  delivered_at: Timestamp.nullable(),
  cancelled_at: Timestamp.nullable(),
  created_at: Timestamp,
  updated_at: Timestamp,
});
export type OrderView = z.infer<typeof OrderView>;

export const displayNumber = (n: number) => `#${n}`;

export function orderView(r: OrderRow, lines: OrderLineRow[]): OrderView {
  const units = lines.reduce((s, l) => s + l.quantity - l.cancelledQuantity, 0);
  const fulfilled = lines.reduce((s, l) => s + l.fulfilledQuantity, 0);
  return {
    id: r.id,
    number: r.number,
    display_number: displayNumber(r.number),
    status: r.status,
    cart_id: r.cartId,
    currency: r.currency,
    locale: r.locale,
    customer_note: r.customerNote,
    customer_id: r.customerId,
    email: r.email,
    shipping_address: r.shippingAddress,
    billing_address: r.billingAddress ?? null,
    shipping: r.shipping ? { ...r.shipping, pickup: r.shipping.pickup ?? null } : null,
    totals: {
      subtotal: r.subtotal,
      discount: r.discountTotal,
      shipping: r.shippingTotal,
      tax: r.taxTotal,
      tax_exemption: r.taxExemption,
      total: r.total,
    },
    tax_inclusive: r.taxInclusive,
    tax_exempt: r.taxExempt,
    coupon_codes: r.couponCodes,
    gift_card_total: r.giftCardTotal,
    tags: r.tags,
    payment_intent_id: r.paymentIntentId,
    payment_status: r.paymentStatus,
    captured_amount: r.capturedAmount,
    refunded_amount: r.refundedAmount,
    fulfilment_status: fulfilled === 0 ? 'unfulfilled' : fulfilled < units ? 'partial' : 'fulfilled',
    reservation_id: r.reservationId,
    cancel_reason: r.cancelReason,
    cancelled_amount: r.cancelledAmount,
    edited_at: iso(r.editedAt),
    lines: [...lines]
      .sort((a, b) => a.position - b.position)
      .map((l) => ({
        id: l.id,
        variant_id: l.variantId,
        product_id: l.productId,
        sku: l.sku,
        title: l.title,
        variant_title: l.variantTitle,
        image_url: l.imageUrl,
        requires_shipping: l.requiresShipping,
        gift_card: l.giftCard,
        properties: l.properties,
        quantity: l.quantity,
        unit_price: l.unitPrice,
        subtotal: l.subtotal,
        discount: l.discount,
        tax: l.tax,
        total: l.total,
        fulfilled_quantity: l.fulfilledQuantity,
        returned_quantity: l.returnedQuantity,
        refunded_quantity: l.refundedQuantity,
        cancelled_quantity: l.cancelledQuantity,
      })),
    confirmed_at: iso(r.confirmedAt),
    shipped_at: iso(r.shippedAt),
    delivered_at: iso(r.deliveredAt),
    cancelled_at: iso(r.cancelledAt),
    created_at: iso(r.createdAt)!,
    updated_at: iso(r.updatedAt)!,
  };
}

export const OrderHistoryView = z.object({
  id: z.string(),
  from_status: z.enum(ORDER_STATUSES).nullable(),
  to_status: z.enum(ORDER_STATUSES),
  actor: z.object({ type: z.string(), id: z.string().nullable() }),
  reason: z.string().nullable(),
  at: Timestamp,
});
export type OrderHistoryView = z.infer<typeof OrderHistoryView>;

export const historyView = (h: OrderHistoryRow): OrderHistoryView => ({
  id: h.id,
  from_status: h.fromStatus,
  to_status: h.toStatus,
  actor: { type: h.actorType, id: h.actorId },
  reason: h.reason,
  at: iso(h.createdAt)!,
});

export const OrderNoteView = z.object({
  id: z.string(),
  body: z.string(),
  author: z.object({ type: z.string(), id: z.string().nullable() }).describe('Who wrote it (staff, API key)'),
  created_at: Timestamp,
});
export type OrderNoteView = z.infer<typeof OrderNoteView>;

/** A note as stored (`order_notes`). */
export interface OrderNoteRow {
  [column: string]: unknown;
  id: string;
  body: string;
  author_type: string;
  author_id: string | null;
  created_at: Date | string;
}

export const orderNoteView = (r: OrderNoteRow): OrderNoteView => ({
  id: r.id,
  body: r.body,
  author: { type: r.author_type, id: r.author_id },
  created_at: iso(r.created_at)!,
});

export const FulfilmentView = z.object({
  id: z.string(),
  order_id: z.string(),
  carrier: z.string().nullable(),
  tracking_number: z.string().nullable(),
  tracking_url: z.string().nullable(),
  lines: z.array(z.object({ order_line_id: z.string(), quantity: z.number().int() })),
  shipped_at: Timestamp,
  delivered_at: Timestamp.nullable(),
});
export type FulfilmentView = z.infer<typeof FulfilmentView>;

export const fulfilmentView = (f: FulfilmentRow, lines: FulfilmentLineRow[]): FulfilmentView => ({
  id: f.id,
  order_id: f.orderId,
  carrier: f.carrier,
  tracking_number: f.trackingNumber,
  tracking_url: f.trackingUrl,
  lines: lines
    .filter((l) => l.fulfilmentId === f.id)
    .map((l) => ({ order_line_id: l.orderLineId, quantity: l.quantity })),
  shipped_at: iso(f.shippedAt)!,
  delivered_at: iso(f.deliveredAt),
});

export const ReturnView = z.object({
  id: z.string(),
  order_id: z.string(),
  display_number: z.string().describe('#1001-R1'),
  status: z.enum(RETURN_STATUSES),
  reason: z.string().nullable(),
  note: z.string().nullable(),
  requested_by: z.enum(['customer', 'staff']),
  rejection_reason: z.string().nullable(),
  lines: z.array(
    z.object({
      id: z.string(),
      order_line_id: z.string(),
      quantity: z.number().int(),
      received_quantity: z.number().int(),
      restocked_quantity: z.number().int(),
    }),
  ),
  received_value: Amount.describe('What the received units were paid for: the default refund'),
  refund_amount: Amount.nullable().describe('The refund decided (asked of payments), once decided'),
  refunded_amount: Amount,
  refund_id: z.string().nullable(),
  store_credit_gift_card_id: z
    .string()
    .nullable()
    .describe(
      'Refunded as store credit: the gift card issued for it (its code was e-mailed to the customer)',
    ),
  approved_at: Timestamp.nullable(),
  received_at: Timestamp.nullable(),
  refunded_at: Timestamp.nullable(),
  rejected_at: Timestamp.nullable(),
  created_at: Timestamp,
  updated_at: Timestamp,
});
export type ReturnView = z.infer<typeof ReturnView>;

export const returnView = (r: ReturnRow, lines: ReturnLineRow[], orderNumber: number): ReturnView => ({
  id: r.id,
  order_id: r.orderId,
  display_number: `${displayNumber(orderNumber)}-R${r.sequence}`,
  status: r.status,
  reason: r.reason,
  note: r.note,
  requested_by: r.requestedBy,
  rejection_reason: r.rejectionReason,
  lines: lines
    .filter((l) => l.returnId === r.id)
    .map((l) => ({
      id: l.id,
      order_line_id: l.orderLineId,
      quantity: l.quantity,
      received_quantity: l.receivedQuantity,
      restocked_quantity: l.restockedQuantity,
    })),
  received_value: r.receivedValue,
  refund_amount: r.refundAmount,
  refunded_amount: r.refundedAmount,
  refund_id: r.refundId,
  store_credit_gift_card_id: r.storeCreditGiftCardId,
  approved_at: iso(r.approvedAt),
  received_at: iso(r.receivedAt),
  refunded_at: iso(r.refundedAt),
  rejected_at: iso(r.rejectedAt),
  created_at: iso(r.createdAt)!,
  updated_at: iso(r.updatedAt)!,
});

export const CancellationView = z.object({
  id: z.string(),
  order_id: z.string(),
  display_number: z.string().describe('#1001-C1'),
  reason: z.string().nullable(),
  amount: Amount.describe('What the cancelled units were paid for'),
  restocked: z.boolean().describe('Whether the units went back on hand'),
  lines: z.array(z.object({ order_line_id: z.string(), quantity: z.number().int(), amount: Amount })),
  created_at: Timestamp,
});
export type CancellationView = z.infer<typeof CancellationView>;

export const cancellationView = (
  c: CancellationRow,
  lines: CancellationLineRow[],
  orderNumber: number,
): CancellationView => ({
  id: c.id,
  order_id: c.orderId,
  display_number: `${displayNumber(orderNumber)}-C${c.sequence}`,
  reason: c.reason,
  amount: c.amount,
  restocked: c.restocked,
  lines: lines
    .filter((l) => l.cancellationId === c.id)
    .map((l) => ({ order_line_id: l.orderLineId, quantity: l.quantity, amount: l.amount })),
  created_at: iso(c.createdAt)!,
});

const EditLine = z.object({ order_line_id: z.string(), quantity: z.number().int(), amount: Amount });

/** A staff edit of a placed order (`edits.ts`): the units it added and those it took out. */
export const EditView = z.object({
  id: z.string(),
  order_id: z.string(),
  display_number: z.string().describe('#1001-E1'),
  reason: z.string().nullable(),
  added_amount: Amount.describe('What the added units cost (with tax when prices exclude it)'),
  removed_amount: Amount.describe('What the units taken out were paid for'),
  added: z.array(EditLine).describe('The order lines the edit added'),
  removed: z.array(EditLine).describe('The units it took out (its cancellation)'),
  cancellation_id: z.string().nullable().describe('The item cancellation that took units out'),
  payment: z
    .object({ outcome: z.enum(['nothing', 'refund', 'capture_less', 'amount_due']), amount: Amount })
    .describe(
      'What the payment did: `refund` of `amount`, `capture_less` (the card captured for `amount` at fulfilment), ' +
        '`amount_due` (the manual payment awaited is now for `amount`), or `nothing`',
    ),
  created_at: Timestamp,
});
export type EditView = z.infer<typeof EditView>;

export const editView = (
  e: EditRow,
  added: z.infer<typeof EditLine>[],
  removed: z.infer<typeof EditLine>[],
  orderNumber: number,
): EditView => ({
  id: e.id,
  order_id: e.orderId,
  display_number: `${displayNumber(orderNumber)}-E${e.sequence}`,
  reason: e.reason,
  added_amount: e.addedAmount,
  removed_amount: e.removedAmount,
  added,
  removed,
  cancellation_id: e.cancellationId,
  payment: { outcome: e.paymentOutcome, amount: e.paymentAmount },
  created_at: iso(e.createdAt)!,
});

/** What an edit would do, before it is made (`POST …/edits/preview`). */
export const EditPreview = z.object({
  added: z.array(
    z.object({
      variant_id: z.string(),
      product_id: z.string(),
      title: z.string(),
      variant_title: z.string().nullable(),
      sku: z.string().nullable(),
      image_url: z.string().nullable(),
      quantity: z.number().int(),
      unit_price: Amount,
      subtotal: Amount,
      tax: Amount,
      amount: Amount.describe('What the customer pays for the line'),
    }),
  ),
  removed: z.array(EditLine),
  added_amount: Amount,
  removed_amount: Amount,
  total_before: Amount.describe('What the customer owes for the order now: total − cancelled_amount'),
  total_after: Amount.describe('…and after the edit'),
  gift_card_refund: Amount.describe('Given back to the gift cards that paid part of the order'),
  payment: z
    .object({
      outcome: z.enum(['nothing', 'refund', 'capture_less', 'amount_due', 'not_covered']),
      amount: Amount,
    })
    .describe(
      '`refund`: the captured payment is refunded `amount`; `capture_less`: the authorized card will be captured ' +
        'for `amount`; `amount_due`: the manual payment awaited is now for `amount`; `not_covered`: the edit costs ' +
        '`amount` more than the payment covers and is refused (409 `EDIT_NOT_COVERED`); `nothing`: no money moves',
    ),
});
export type EditPreview = z.infer<typeof EditPreview>;

/** An order refund's number as people read it: `#1001-RF1`. */
export const refundNumber = (orderNumber: number, sequence: number) =>
  `${displayNumber(orderNumber)}-RF${sequence}`;

export const OrderRefundView = z.object({
  id: z.string(),
  order_id: z.string(),
  display_number: z.string().describe('#1001-RF1'),
  status: z
    .enum(['pending', 'refunded', 'failed'])
    .describe('pending while the payment provider is asked (retried by the worker); failed when it refused'),
  reason: z.string().nullable(),
  items_amount: Amount.describe('What the refunded units were paid for'),
  shipping_amount: Amount,
  extra_amount: Amount.describe('On top of items and shipping'),
  amount: Amount.describe('Asked: items + shipping + extra'),
  gift_card_amount: Amount.describe('Of it, to the gift cards that paid the order'),
  refunded_amount: Amount.describe('Given back once refunded'),
  store_credit_gift_card_id: z
    .string()
    .nullable()
    .describe('Refunded as store credit: the gift card issued for it (its code e-mailed to the customer)'),
  failure_message: z.string().nullable(),
  notify_customer: z.boolean(),
  lines: z.array(
    z.object({
      order_line_id: z.string(),
      quantity: z.number().int(),
      amount: Amount,
      gift_card_ids: z
        .array(z.string())
        .describe('Gift cards bought with these units, disabled by the refund'),
    }),
  ),
  created_at: Timestamp,
  refunded_at: Timestamp.nullable(),
});
export type OrderRefundView = z.infer<typeof OrderRefundView>;

export const orderRefundView = (
  r: OrderRefundRow,
  lines: OrderRefundLineRow[],
  orderNumber: number,
): OrderRefundView => ({
  id: r.id,
  order_id: r.orderId,
  display_number: refundNumber(orderNumber, r.sequence),
  status: r.status,
  reason: r.reason,
  items_amount: r.itemsAmount,
  shipping_amount: r.shippingAmount,
  extra_amount: r.extraAmount,
  amount: r.amount,
  gift_card_amount: r.giftCardAmount,
  refunded_amount: r.refundedAmount,
  store_credit_gift_card_id: r.storeCreditGiftCardId,
  failure_message: r.failureMessage,
  notify_customer: r.notifyCustomer,
  lines: lines
    .filter((l) => l.refundId === r.id)
    .map((l) => ({
      order_line_id: l.orderLineId,
      quantity: l.quantity,
      amount: l.amount,
      gift_card_ids: l.giftCardIds,
    })),
  created_at: iso(r.createdAt)!,
  refunded_at: iso(r.refundedAt),
});

/** A credit note: the document of one refund of the order (`credit-notes.ts`). */
export const CreditNoteView = z.object({
  id: z.string(),
  number: z.number().int().describe('Per store, without gaps'),
  display_number: z.string().describe('`CN-12`'),
  refund_id: z.string().describe('The refund (payments) it documents'),
  currency: z.string(),
  amount: z.number().int().describe('Refunded, minor units'),
  tax: z.number().int().describe('The tax inside the amount'),
  kind: z
    .enum(['return', 'cancelled_items', 'cancelled_order', 'refund'])
    .describe('What was refunded: a return, units cancelled, the order cancelled, or a refund staff made'),
  return_id: z.string().nullable().describe('The return, for `kind: return`'),
  reason: z.string().nullable().describe('Staff’s words for a refund they made (`kind: refund`)'),
  issued_at: Timestamp,
});
export type CreditNoteView = z.infer<typeof CreditNoteView>;

/** An order with everything staff need on its page. */
export const OrderDetailView = OrderView.extend({
  history: z.array(OrderHistoryView),
  fulfilments: z.array(FulfilmentView),
  returns: z.array(ReturnView),
  cancellations: z.array(CancellationView).describe('Units cancelled before they shipped, oldest first'),
  edits: z
    .array(EditView)
    .describe('Staff edits of the order (items added, swapped, taken out), oldest first'),
  disputes: z.array(DisputeView).describe("Disputes (chargebacks) of the order's payment, oldest first"),
  order_refunds: z.array(OrderRefundView).describe('Refunds staff made without a return, oldest first'),
  credit_notes: z.array(CreditNoteView).describe('One per refund that succeeded, oldest first'),
  gift_cards: z.array(OrderGiftCardView).describe('The gift cards that paid part or all of the order'),
});
export type OrderDetailView = z.infer<typeof OrderDetailView>;

/** What only staff see of an order: internal references and their tags. */
const STAFF_ONLY = { cart_id: true, reservation_id: true, payment_intent_id: true, tags: true } as const;

/** An order as its shopper may see it (the staff-only fields left out). */
export function forShopper<T extends OrderView>(order: T): Omit<T, keyof typeof STAFF_ONLY> {
  const { cart_id: _c, reservation_id: _r, payment_intent_id: _p, tags: _t, ...shown } = order;
  return shown;
}

/** A shopper's order in a list. */
export const ShopperOrderSummary = OrderView.omit(STAFF_ONLY);

/** What a shopper sees of their order: no internal references. */
export const ShopperOrderView = OrderView.omit(STAFF_ONLY).extend({
  fulfilments: z.array(FulfilmentView),
  returns: z.array(ReturnView),
  cancellations: z.array(CancellationView),
  edits: z
    .array(EditView)
    .describe('What the shop (or the shopper) changed in the order: items added, swapped, taken out'),
  order_refunds: z.array(OrderRefundView).describe('Refunds given back without a return'),
  credit_notes: z.array(CreditNoteView),
  gift_cards: z.array(OrderGiftCardView),
  cancellable_until: z
    .string()
    .nullable()
    .describe(
      'Until when (ISO 8601, UTC) the shopper may cancel the order themselves; null when they may not',
    ),
  returnable_until: z
    .string()
    .nullable()
    .describe(
      'Until when (ISO 8601, UTC) the shopper may ask for a return online — the store’s window from delivery, or ' +
        'from shipment; past: the window has closed; null: nothing shipped, or returns only through the shop',
    ),
  manual_payment: z
    .object({
      method: z.enum(MANUAL_METHODS),
      instructions: z.string().nullable().describe("The store's instructions (bank account, reference)"),
    })
    .nullable()
    .describe(
      'Paid outside the shop (cash on delivery, bank transfer): unpaid while payment_status is pending',
    ),
});
export type ShopperOrderView = z.infer<typeof ShopperOrderView>;

export const OrderEmailView = z.object({
  id: z.string(),
  kind: z.enum(ORDER_EMAIL_KINDS),
  ref: z.string().nullable().describe('The fulfilment, the cancellation, or "<return id>:<status>"'),
  status: z.enum(['pending', 'sent', 'failed']),
  attempts: z.number().int(),
  resends: z.number().int(),
  sent_at: z.string().nullable().describe('ISO 8601, UTC'),
  last_error: z.string().nullable(),
});
export type OrderEmailView = z.infer<typeof OrderEmailView>;

export const orderEmailView = (n: OrderNotificationRow): OrderEmailView => ({
  id: n.id,
  kind: n.kind,
  ref: n.ref || null,
  status: n.status,
  attempts: n.attempts,
  resends: n.resends,
  sent_at: iso(n.sentAt),
  last_error: n.lastError,
});
