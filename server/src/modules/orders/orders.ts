import { editsOf } from './edits.ts';
import { PickupPointView } from '../shipping/service.ts';
import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm';
import { z } from 'zod';
import { AddressInput, type Address } from '../../platform/address.ts';
import {
  hotStatementsOf,
  readInStore,
  rowFrom,
  sqlLiteral,
  withStore,
  withStoreSnapshot,
  type Batch,
  type Db,
  type DbOrTx,
  type Tx,
} from '../../platform/db/database.ts';
import { emitEventTextCompleted, type EventCompletion } from '../../platform/events/outbox.ts';
import { inStore } from '../../platform/db/scope.ts';
import { AppError } from '../../platform/errors.ts';
import { newId } from '../../platform/ids.ts';
import { parseInput } from '../../platform/validation.ts';
import {
  attachOrderToPayment,
  attachOrderToPaymentBatched,
  disputesOfIntent,
  manualPaymentOf,
} from '../payments/service.ts';
import { CurrencyCode, getStore } from '../tenancy/service.ts';
import { shopperCancellableUntil } from './cancellation.ts';
import { emitOrderEvent } from './events.ts';
import {
  audit,
  findOrder,
  linesOf,
  lockOrder,
  moveOrder,
  notFound,
  notePayment,
  orderEventPayload,
  paymentStatusOf,
  viewOf,
  type Actor,
  type PaymentFacts,
} from './shared.ts';
import {
  fulfilmentLines,
  fulfilments,
  orderCancellationLines,
  orderRefundLines,
  orderRefunds,
  orderCancellations,
  orderCounters,
  orderLines,
  orderReturnLines,
  orderReturns,
  orders,
  orderStatusHistory,
  type OrderPaymentStatus,
  type OrderRow,
} from './schema.ts';
import { creditNotesOf } from './credit-notes.ts';
import { giftCardsOfOrder } from '../gift-cards/tender.ts';
import { RETURNABLE_STATUSES, type OrderStatus } from './order-states.ts';
import { orderPolicyOf, returnableUntil } from './policy.ts';
import {
  cancellationView,
  orderRefundView,
  fulfilmentView,
  historyView,
  forShopper,
  orderView,
  returnView,
  type OrderDetailView,
  displayNumber,
  type OrderView,
  type ShopperOrderView,
} from './views.ts';

/** The first order number of a store (shown as #1001). */
export const FIRST_ORDER_NUMBER = 1001;

const Id = z.string().trim().min(1).max(64);
const Minor = z.number().int('must be a whole number of minor units').min(0).max(Number.MAX_SAFE_INTEGER);

export interface OrderLineInput {
  variantId: string;
  productId: string;
  sku: string | null;
  title: string;
  variantTitle: string | null;
  imageUrl: string | null;
  /** False for digital goods and services: the line ships nothing (default true). */
  requiresShipping?: boolean;
  /** A gift card bought: each unit is issued as a card once the payment is captured (default false). */
  giftCard?: boolean;
  /** What the shopper told about the item (an engraving, a gift card's recipient). */
  properties?: Record<string, string>;
  quantity: number;
  /** Minor units. */
  unitPrice: number;
  /** Per line, minor units. */
  subtotal: number;
  discount: number;
  tax: number;
  total: number;
}

export interface CreateOrderInput {
  /** The new order's id when the caller chose it first (`newId('ord')`); see `CreateOrderSchema`. */
  id?: string;
  storeId: string;
  cartId: string;
  currency: string;
  locale?: string;
  /** The shopper's note for the shop (delivery instructions, a gift message). */
  note?: string;
  customerId: string | null;
  email: string;
  /** platform/address.ts; null when nothing in the order ships. */
  shippingAddress: Address | null;
  billingAddress: Address | null;
  lines: OrderLineInput[];
  shipping: {
    methodId: string;
    name: string;
    amount: number;
    tax: number;
    /** A pickup method: where the shopper collects the order. */
    pickup?: PickupPointView | null;
  } | null;
  /** `taxExemption`: the tax inside inclusive prices a tax-exempt buyer did not pay (default 0). */
  totals: {
    subtotal: number;
    discount: number;
    shipping: number;
    tax: number;
    total: number;
    taxExemption?: number;
  };
  taxInclusive: boolean;
  /** Charged no tax: the buyer is tax exempt (default false). */
  taxExempt?: boolean;
  couponCodes: string[];
  /** Paid with gift cards; the payment covers the rest (default 0). */
  giftCardTotal?: number;
  paymentIntentId: string;
  reservationId: string;
}

const LineSchema = z
  .object({
    variantId: Id,
    productId: Id,
    sku: z.string().max(255).nullable(),
    title: z.string().trim().min(1).max(500),
    variantTitle: z.string().max(500).nullable(),
    imageUrl: z.string().max(2000).nullable(),
    requiresShipping: z.boolean().default(true),
    giftCard: z.boolean().default(false),
    properties: z.record(z.string().max(50), z.string().max(500)).default({}),
    quantity: z.number().int().min(1).max(1_000_000),
    unitPrice: Minor,
    subtotal: Minor,
    discount: Minor,
    tax: Minor,
    total: Minor,
  })
  .superRefine((l, ctx) => {
    if (l.subtotal !== l.unitPrice * l.quantity)
      ctx.addIssue({ code: 'custom', path: ['subtotal'], message: 'must be unitPrice × quantity' });
    if (l.discount > l.subtotal)
      ctx.addIssue({ code: 'custom', path: ['discount'], message: 'must not exceed the subtotal' });
    if (l.total > l.subtotal - l.discount)
      ctx.addIssue({ code: 'custom', path: ['total'], message: 'must not exceed subtotal − discount' });
  });

const CreateOrderSchema = z
  .object({
    storeId: Id,
    cartId: Id,
    currency: CurrencyCode,
    locale: z.string().min(2).max(35).optional(),
    note: z.string().max(500).optional(),
    customerId: Id.nullable(),
    email: z.email().max(320),
    shippingAddress: AddressInput.nullable(),
    billingAddress: AddressInput.nullable(),
    lines: z.array(LineSchema).min(1).max(500),
    shipping: z
      .object({
        methodId: Id,
        name: z.string().min(1).max(200),
        amount: Minor,
        tax: Minor,
        pickup: PickupPointView.nullable().optional(),
      })
      .nullable(),
    totals: z.object({
      subtotal: Minor,
      discount: Minor,
      shipping: Minor,
      tax: Minor,
      total: Minor,
      taxExemption: Minor.default(0),
    }),
    taxInclusive: z.boolean(),
    taxExempt: z.boolean().default(false),
    couponCodes: z.array(z.string().min(1).max(100)).max(50),
    giftCardTotal: Minor.default(0),
    paymentIntentId: Id,
    reservationId: Id,
    /**
     * The new order's id, when the caller chose it (`newId('ord')`) to record it elsewhere in the
     * same transaction first: the checkout creates the order last, to hold the store's order-number
     * counter for as short a time as it can.
     */
    id: z
      .string()
      .regex(/^ord_[0-9A-HJKMNP-TV-Z]{26}$/, 'an order id (newId)')
      .optional(),
  })
  .superRefine((o, ctx) => {
    const sum = (f: (l: (typeof o.lines)[number]) => number) => o.lines.reduce((s, l) => s + f(l), 0);
    const t = o.totals;
    if (t.subtotal !== sum((l) => l.subtotal))
      ctx.addIssue({
        code: 'custom',
        path: ['totals', 'subtotal'],
        message: 'must be the sum of the line subtotals',
      });
    if (t.discount !== sum((l) => l.discount))
      ctx.addIssue({
        code: 'custom',
        path: ['totals', 'discount'],
        message: 'must be the sum of the line discounts',
      });
    if (t.taxExemption > 0 && !(o.taxExempt && o.taxInclusive))
      ctx.addIssue({
        code: 'custom',
        path: ['totals', 'taxExemption'],
        message: 'only a tax-exempt order in a store whose prices include tax has one',
      });
    if (o.giftCardTotal > t.total)
      ctx.addIssue({ code: 'custom', path: ['giftCardTotal'], message: 'must not exceed the total' });
    if (o.taxExempt && t.tax !== 0)
      ctx.addIssue({ code: 'custom', path: ['totals', 'tax'], message: 'a tax-exempt order has no tax' });
    const expected = t.subtotal - t.discount - t.taxExemption + t.shipping + (o.taxInclusive ? 0 : t.tax);
    if (t.total !== expected)
      ctx.addIssue({
        code: 'custom',
        path: ['totals', 'total'],
        message: `must be subtotal − discount − tax exemption + shipping${o.taxInclusive ? '' : ' + tax'} (${expected})`,
      });
  });

/**
 * Creates the order in status `pending` with the next per-store number, in the checkout's
 * transaction (`tx`, scoped to the store); idempotent per (store, cart): a second call for the
 * same cart returns the existing order unchanged. Records the order on its payment
 * (`attachOrderToPayment`). Emits `order.created`.
 *
 * Numbers: the store's counter row is updated in `tx`, so concurrent checkouts of a store queue
 * on it and a checkout that rolls back gives its number back — no gaps, no duplicates.
 */
export async function createOrder(tx: Tx, input: CreateOrderInput): Promise<OrderView> {
  const o = parseInput(CreateOrderSchema, input);
  const { storeId } = o;
  const existing = await orderOfCart(tx, storeId, o.cartId);
  if (existing) return viewOf(tx, existing);

  const id = o.id ?? newId('ord');
  // The counter row stays locked until the checkout commits (see above).
  const [counter] = await tx
    .insert(orderCounters)
    .values({ storeId, lastNumber: FIRST_ORDER_NUMBER })
    .onConflictDoUpdate({
      target: orderCounters.storeId,
      set: { lastNumber: sql`${orderCounters.lastNumber} + 1` },
    })
    .returning();
  const number = counter!.lastNumber;
  const [row] = await tx
    .insert(orders)
    .values({ ...orderValues(o, id), number })
    .onConflictDoNothing({ target: [orders.storeId, orders.cartId] })
    .returning();
  if (!row) {
    // The cart's order was committed by a checkout that held the counter before us: give our
    // number back (we still hold the counter row, so nobody took a later one) and answer with it.
    await tx
      .update(orderCounters)
      .set({ lastNumber: sql`${orderCounters.lastNumber} - 1` })
      .where(eq(orderCounters.storeId, storeId));
    return viewOf(tx, (await orderOfCart(tx, storeId, o.cartId))!);
  }
  await tx
    .insert(orderLines)
    .values(o.lines.map((l, i) => ({ ...lineValues(l, i), id: newId('ordln'), storeId, orderId: id })));
  await tx.insert(orderStatusHistory).values({
    id: newId('ordhist'),
    storeId,
    orderId: id,
    fromStatus: null,
    toStatus: 'pending',
    actorType: o.customerId ? 'customer' : 'system',
    actorId: o.customerId,
    reason: 'checkout',
  });
  await attachOrderToPayment(tx, { storeId, intentId: o.paymentIntentId, orderId: id });
  await emitOrderEvent(tx, storeId, 'order.created', { type: 'order', id }, orderEventPayload(row));
  return viewOf(tx, row);
}

type ParsedOrder = z.infer<typeof CreateOrderSchema>;

/** The columns of a new (pending) order, but its number. */
function orderValues(o: ParsedOrder, id: string) {
  return {
    id,
    storeId: o.storeId,
    cartId: o.cartId,
    status: 'pending' as OrderStatus,
    currency: o.currency,
    locale: o.locale ?? null,
    customerNote: o.note ?? null,
    customerId: o.customerId,
    email: o.email.toLowerCase(),
    shippingAddress: o.shippingAddress,
    billingAddress: o.billingAddress,
    shipping: o.shipping
      ? {
          method_id: o.shipping.methodId,
          name: o.shipping.name,
          amount: o.shipping.amount,
          tax: o.shipping.tax,
          ...(o.shipping.pickup ? { pickup: o.shipping.pickup } : {}),
        }
      : null,
    subtotal: o.totals.subtotal,
    discountTotal: o.totals.discount,
    shippingTotal: o.totals.shipping,
    taxTotal: o.totals.tax,
    total: o.totals.total,
    taxInclusive: o.taxInclusive,
    taxExempt: o.taxExempt,
    taxExemption: o.totals.taxExemption,
    couponCodes: o.couponCodes,
    giftCardTotal: o.giftCardTotal,
    giftCardsBought: o.lines.reduce((sum, l) => sum + (l.giftCard ? l.total : 0), 0),
    paymentIntentId: o.paymentIntentId,
    paymentStatus: 'pending' as OrderPaymentStatus,
    capturedAmount: 0,
    refundedAmount: 0,
    reservationId: o.reservationId,
    settlementDue: false,
    settlementAttempt: 1,
    createdAt: sql`now()`,
    updatedAt: sql`now()`,
  };
}

/** The columns of an order line, in the order's position `i` (0-based), but its ids. */
export function lineValues(l: ParsedOrder['lines'][number], i: number) {
  return {
    position: i + 1,
    variantId: l.variantId,
    productId: l.productId,
    sku: l.sku,
    title: l.title,
    variantTitle: l.variantTitle,
    imageUrl: l.imageUrl,
    requiresShipping: l.requiresShipping,
    giftCard: l.giftCard,
    properties: l.properties,
    quantity: l.quantity,
    unitPrice: l.unitPrice,
    subtotal: l.subtotal,
    discount: l.discount,
    tax: l.tax,
    total: l.total,
  };
}

async function orderOfCart(tx: DbOrTx, storeId: string, cartId: string): Promise<OrderRow | null> {
  const [row] = await tx
    .select()
    .from(orders)
    .where(and(eq(orders.storeId, storeId), eq(orders.cartId, cartId)));
  return row ?? null;
}

/**
 * pending → confirmed; emits `order.placed` (the confirmation e-mail is sent by a subscriber of
 * that event, idempotently — once per order even when redelivered). Idempotent: an order already
 * confirmed (or further along) is returned unchanged; a cancelled one is 409.
 */
export async function confirmOrder(
  tx: Tx,
  o: {
    storeId: string;
    orderId: string;
    /**
     * The order's payment as the checkout last saw it (authorized, say): noted on the order now,
     * as the `payment.*` subscriber would a moment later, so the answer and `order.placed` show it.
     */
    payment?: PaymentFacts;
  },
): Promise<OrderView> {
  let row = await lockOrder(tx, o.storeId, o.orderId);
  if (row.status !== 'pending' && row.status !== 'cancelled') return viewOf(tx, row);
  if (o.payment) row = await notePayment(tx, row, o.payment, undefined);
  return viewOf(
    tx,
    await moveOrder(tx, row, 'confirmed', { actor: undefined, reason: 'checkout completed' }),
  );
}

// The placement (counter, order, lines, history) prepared once per connection for each shape of order.
const placement = hotStatementsOf('order_placement');

/** An order event's payload completed with the number the same message draws (`$2` its store, `$5` the order). */
const NUMBERED: EventCompletion = {
  from: '(SELECT number FROM orders WHERE store_id = $2 AND id = $5) AS o',
  merge: `jsonb_build_object('number', o.number, 'displayNumber', ${sqlLiteral(displayNumber(0).slice(0, -1))} || o.number)`,
};

/**
 * `createOrder` then `confirmOrder` with the payment noted, for the checkout's one transaction, in
 * as few messages as can be, with the store's order-number counter held as briefly as can be:
 * the payment is attached first (one message); then the counter, the order (already `confirmed`,
 * its payment noted), its lines and its two history lines (`pending`, then `confirmed`) — one
 * statement — and the events the two functions emit (`order.created`, `order.payment_updated`,
 * `order.placed`, each with the order as it stood at that point, the number completed in SQL) all
 * go with the caller's `COMMIT`. So the counter row is locked only while that last message runs:
 * checkouts of a store queue on it for one commit each, not for round trips to a busy process.
 * The order's id is chosen by the caller. When the cart has its order already (one per cart) the
 * insert fails with the orders' unique (store, cart) violation and the whole transaction rolls
 * back, the counter with it (`isCartOrderTaken` tells that error).
 */
export async function placeOrder(
  tx: Tx,
  batch: Batch,
  input: CreateOrderInput & {
    id: string;
    payment: PaymentFacts;
  },
): Promise<void> {
  const o = parseInput(CreateOrderSchema, input);
  const { storeId } = o;
  const id = input.id;
  const payment = input.payment;
  const paymentStatus = paymentStatusOf(payment);
  const seen = new Date(payment.updated_at);
  const confirmedAt = new Date();
  const values = orderValues(o, id);
  const order = tx
    .insert(orders)
    .values({
      ...values,
      number: sql`(SELECT last_number FROM counter)`,
      status: 'confirmed',
      paymentStatus,
      capturedAmount: payment.captured_amount,
      refundedAmount: payment.refunded_amount,
      paymentSeenAt: seen,
      confirmedAt,
    })
    .returning({ id: orders.id });
  const lines = o.lines.map((l, i) => {
    const v = lineValues(l, i);
    return {
      id: newId('ordln'),
      position: v.position,
      variant_id: v.variantId,
      product_id: v.productId,
      sku: v.sku,
      title: v.title,
      variant_title: v.variantTitle,
      image_url: v.imageUrl,
      requires_shipping: v.requiresShipping,
      gift_card: v.giftCard,
      properties: v.properties,
      quantity: v.quantity,
      unit_price: v.unitPrice,
      subtotal: v.subtotal,
      discount: v.discount,
      tax: v.tax,
      total: v.total,
    };
  });
  const actorType = o.customerId ? 'customer' : 'system';
  const history = [
    {
      id: newId('ordhist'),
      from_status: null,
      to_status: 'pending',
      actor_type: actorType,
      actor_id: o.customerId,
      reason: 'checkout',
    },
    {
      id: newId('ordhist'),
      from_status: 'pending',
      to_status: 'confirmed',
      actor_type: 'system',
      actor_id: null,
      reason: 'checkout completed',
    },
  ];
  // The payment first: it needs an answer (attached already?), and must not hold the counter.
  await attachOrderToPaymentBatched(tx, batch, { storeId, intentId: o.paymentIntentId, orderId: id });
  batch.closeWith(
    placement(sql`
    WITH counter AS (
      INSERT INTO order_counters (store_id, last_number) VALUES (${storeId}, ${FIRST_ORDER_NUMBER})
      ON CONFLICT (store_id) DO UPDATE SET last_number = order_counters.last_number + 1
      RETURNING last_number
    ), placed AS (${order.getSQL()}), ordered_lines AS (
      INSERT INTO order_lines (id, store_id, order_id, position, variant_id, product_id, sku, title, variant_title,
                               image_url, requires_shipping, gift_card, properties, quantity, unit_price, subtotal, discount, tax, total)
      SELECT x.id, ${storeId}, placed.id, x.position, x.variant_id, x.product_id, x.sku, x.title, x.variant_title,
             x.image_url, x.requires_shipping, x.gift_card, x.properties, x.quantity, x.unit_price, x.subtotal, x.discount, x.tax, x.total
      FROM placed, jsonb_to_recordset(${JSON.stringify(lines)}::jsonb) AS x(
        id text, position int, variant_id text, product_id text, sku text, title text, variant_title text,
        image_url text, requires_shipping boolean, gift_card boolean, properties jsonb, quantity int, unit_price bigint, subtotal bigint, discount bigint,
        tax bigint, total bigint)
    ), histories AS (
      INSERT INTO order_status_history (id, store_id, order_id, from_status, to_status, actor_type, actor_id, reason)
      SELECT h.id, ${storeId}, placed.id, h.from_status, h.to_status, h.actor_type, h.actor_id, h.reason
      FROM placed, jsonb_to_recordset(${JSON.stringify(history)}::jsonb) AS h(
        id text, from_status text, to_status text, actor_type text, actor_id text, reason text)
    )
    SELECT 1 FROM placed`),
  );
  // The events createOrder and confirmOrder emit, each with the order as it stood then; its
  // number (not known until the counter is taken) is completed from the row just written.
  const row = { ...values, number: 0, status: 'confirmed', paymentStatus } as unknown as OrderRow;
  const pending: OrderRow = { ...row, status: 'pending', paymentStatus: 'pending' };
  const event = (type: string, payload: Record<string, unknown>) => {
    const { number: _n, displayNumber: _d, ...rest } = payload;
    batch.closeWith(
      emitEventTextCompleted(
        tx,
        { storeId, type, aggregateType: 'order', aggregateId: id, payload: rest },
        NUMBERED,
      ).text,
    );
  };
  event('order.created', orderEventPayload(pending));
  if (paymentStatus !== 'pending') {
    event(
      'order.payment_updated',
      orderEventPayload(
        { ...pending, paymentStatus },
        {
          paymentStatus,
          capturedAmount: payment.captured_amount,
          refundedAmount: payment.refunded_amount,
        },
      ),
    );
  }
  event('order.placed', orderEventPayload(row, { previousStatus: 'pending', reason: 'checkout completed' }));
}

/** The error of `placeOrder` when the cart has its order already (the orders' unique store + cart). */
export function isCartOrderTaken(err: unknown): boolean {
  const e = err as { code?: string; constraint?: string; cause?: { code?: string; constraint?: string } };
  const pgError = e?.code === '23505' ? e : e?.cause?.code === '23505' ? e.cause : null;
  return pgError?.constraint === 'orders_store_id_cart_id_key';
}

/**
 * A checkout that failed after createOrder: pending → cancelled without refunds or restock (the
 * checkout compensates those itself). Idempotent: a cancelled order is returned unchanged; one
 * already confirmed is 409 (cancel it with `cancelOrder`).
 */
export async function abandonPendingOrder(
  tx: Tx,
  o: { storeId: string; orderId: string; reason: string },
): Promise<OrderView> {
  const row = await lockOrder(tx, o.storeId, o.orderId);
  if (row.status === 'cancelled') return viewOf(tx, row);
  if (row.status !== 'pending') {
    throw new AppError(
      'INVALID_STATE_TRANSITION',
      `Order ${row.id} is ${row.status}; only a pending order is abandoned by its checkout.`,
    );
  }
  const reason = o.reason.trim().slice(0, 500) || 'checkout failed';
  const after = await moveOrder(tx, row, 'cancelled', {
    actor: undefined,
    reason,
    patch: { cancelReason: reason },
    event: { abandoned: true },
  });
  return viewOf(tx, after);
}

/** The order a cart became, or null. */
export async function getOrderByCart(
  db: DbOrTx,
  o: { storeId: string; cartId: string },
): Promise<OrderView | null> {
  const read = async (tx: DbOrTx) => {
    const row = await orderOfCart(tx, o.storeId, o.cartId);
    return row ? viewOf(tx, row) : null;
  };
  return inStore(db, o.storeId, read);
}

export async function getOrder(db: Db, o: { storeId: string; orderId: string }): Promise<OrderView> {
  return withStoreSnapshot(db, o.storeId, async (tx) => {
    const row = await findOrder(tx, o.storeId, o.orderId);
    if (!row) throw notFound(o.orderId);
    return viewOf(tx, row);
  });
}

/** What the checkout's answer shows of an order: no lines. */
export type OrderSummary = Pick<
  OrderView,
  'id' | 'number' | 'display_number' | 'status' | 'payment_status' | 'totals' | 'customer_id'
>;

/** The order's summary (`OrderSummary`), in one read on the read pool (`readInStore`). */
export async function getOrderSummary(
  db: Db,
  o: { storeId: string; orderId: string },
): Promise<OrderSummary> {
  const [raw] = await readInStore<Record<string, unknown>>(
    db,
    o.storeId,
    'SELECT * FROM orders WHERE store_id = $1 AND id = $2',
    [o.storeId, o.orderId],
  );
  if (!raw) throw notFound(o.orderId);
  const v = orderView(rowFrom(orders, raw), []);
  return {
    id: v.id,
    number: v.number,
    display_number: v.display_number,
    status: v.status,
    payment_status: v.payment_status,
    totals: v.totals,
    customer_id: v.customer_id,
  };
}

/** The order with its history, fulfilments and returns. */
export async function getOrderDetail(
  db: Db,
  o: { storeId: string; orderId: string },
): Promise<OrderDetailView> {
  return withStore(db, o.storeId, async (tx) => {
    const row = await findOrder(tx, o.storeId, o.orderId);
    if (!row) throw notFound(o.orderId);
    return detailOf(tx, row);
  });
}

export async function detailOf(tx: DbOrTx, row: OrderRow): Promise<OrderDetailView> {
  // One after another: the queries share the transaction's connection.
  const lines = await linesOf(tx, [row.id]);
  const history = await tx
    .select()
    .from(orderStatusHistory)
    .where(eq(orderStatusHistory.orderId, row.id))
    .orderBy(asc(orderStatusHistory.id));
  const shipped = await tx
    .select()
    .from(fulfilments)
    .where(eq(fulfilments.orderId, row.id))
    .orderBy(asc(fulfilments.id));
  const shippedLines = await tx
    .select({ l: fulfilmentLines })
    .from(fulfilmentLines)
    .innerJoin(fulfilments, eq(fulfilments.id, fulfilmentLines.fulfilmentId))
    .where(eq(fulfilments.orderId, row.id));
  const returns = await tx
    .select()
    .from(orderReturns)
    .where(eq(orderReturns.orderId, row.id))
    .orderBy(desc(orderReturns.sequence));
  const returnLines = await tx
    .select({ l: orderReturnLines })
    .from(orderReturnLines)
    .innerJoin(orderReturns, eq(orderReturns.id, orderReturnLines.returnId))
    .where(eq(orderReturns.orderId, row.id));
  // Most orders have no cancelled units: their cancellations are not looked for.
  const cancelled = row.cancelledAmount > 0 || lines.some((l) => l.cancelledQuantity > 0);
  const cancellations = cancelled
    ? await tx
        .select()
        .from(orderCancellations)
        .where(eq(orderCancellations.orderId, row.id))
        .orderBy(asc(orderCancellations.sequence))
    : [];
  const cancellationLines = cancelled
    ? await tx
        .select({ l: orderCancellationLines })
        .from(orderCancellationLines)
        .innerJoin(orderCancellations, eq(orderCancellations.id, orderCancellationLines.cancellationId))
        .where(eq(orderCancellations.orderId, row.id))
    : [];
  const refunds = await tx
    .select()
    .from(orderRefunds)
    .where(eq(orderRefunds.orderId, row.id))
    .orderBy(asc(orderRefunds.sequence));
  const refundLines = refunds.length
    ? await tx
        .select()
        .from(orderRefundLines)
        .where(
          inArray(
            orderRefundLines.refundId,
            refunds.map((r) => r.id),
          ),
        )
    : [];
  // Nor do most have refunds (of the payment, to gift cards, or a return's store credit), so their
  // credit notes are not looked for either.
  const refunded =
    row.refundedAmount > 0 ||
    row.giftCardTotal > 0 ||
    returns.some((r) => r.refundedAmount > 0) ||
    refunds.some((r) => r.refundedAmount > 0);
  const creditNotes = refunded ? await creditNotesOf(tx, row.storeId, row.id) : [];
  const giftCards = row.giftCardTotal > 0 ? await giftCardsOfOrder(tx, row.storeId, row.id) : [];
  return {
    ...orderView(row, lines),
    history: history.map(historyView),
    fulfilments: shipped.map((f) =>
      fulfilmentView(
        f,
        shippedLines.map((x) => x.l),
      ),
    ),
    returns: returns.map((r) =>
      returnView(
        r,
        returnLines.map((x) => x.l),
        row.number,
      ),
    ),
    cancellations: cancellations.map((c) =>
      cancellationView(
        c,
        cancellationLines.map((x) => x.l),
        row.number,
      ),
    ),
    edits: await editsOf(tx, row),
    // Only a captured payment can be disputed.
    disputes: row.capturedAmount > 0 ? await disputesOfIntent(tx, row.storeId, row.paymentIntentId) : [],
    order_refunds: refunds.map((r) => orderRefundView(r, refundLines, row.number)),
    credit_notes: creditNotes,
    gift_cards: giftCards,
  };
}

/** confirmed → processing: staff started preparing the order. Idempotent (processing again returns it). */
export async function startProcessing(
  db: Db,
  o: { storeId: string; orderId: string; actor?: Actor },
): Promise<OrderView> {
  return withStore(db, o.storeId, async (tx) => {
    const row = await lockOrder(tx, o.storeId, o.orderId);
    if (row.status === 'processing') return viewOf(tx, row);
    const after = await moveOrder(tx, row, 'processing', { actor: o.actor });
    const view = await viewOf(tx, after);
    await audit(tx, o.actor, {
      storeId: o.storeId,
      action: 'order.processing_started',
      entityType: 'order',
      entityId: row.id,
      before: { status: row.status },
      after: { status: after.status },
    });
    return view;
  });
}

/** shipped → delivered (every fulfilment too). Idempotent (delivered again returns it). */
export async function markDelivered(
  db: Db,
  o: { storeId: string; orderId: string; actor?: Actor },
): Promise<OrderView> {
  return withStore(db, o.storeId, async (tx) => {
    const row = await lockOrder(tx, o.storeId, o.orderId);
    if (row.status === 'delivered') return viewOf(tx, row);
    const after = await moveOrder(tx, row, 'delivered', { actor: o.actor });
    await tx
      .update(fulfilments)
      .set({ deliveredAt: sql`now()` })
      .where(and(eq(fulfilments.orderId, row.id), sql`${fulfilments.deliveredAt} IS NULL`));
    await audit(tx, o.actor, {
      storeId: o.storeId,
      action: 'order.delivered',
      entityType: 'order',
      entityId: row.id,
      before: { status: row.status },
      after: { status: after.status },
    });
    return viewOf(tx, after);
  });
}

/** What a shopper sees of one order of theirs; with `customerId`, someone else's order is not found. */
export async function getShopperOrder(
  db: Db,
  o: { storeId: string; orderId: string; customerId?: string },
): Promise<ShopperOrderView> {
  return withStore(db, o.storeId, async (tx) => {
    const row = await findOrder(tx, o.storeId, o.orderId);
    if (!row || (o.customerId !== undefined && row.customerId !== o.customerId)) throw notFound(o.orderId);
    // Disputes are between the shop and the card network: not the shopper's to read here.
    const { history: _h, disputes: _d, ...detail } = await detailOf(tx, row);
    const settings = (await getStore(tx, o.storeId)).settings;
    const until = shopperCancellableUntil(row, settings);
    const returnsUntil = RETURNABLE_STATUSES.includes(row.status)
      ? returnableUntil(row, orderPolicyOf(settings))
      : null;
    const manual = await manualPaymentOf(tx, o.storeId, row.paymentIntentId);
    return {
      ...forShopper(detail),
      // Only what was given back: a refund still asked or refused is staff's business.
      order_refunds: detail.order_refunds.filter((r) => r.status === 'refunded'),
      cancellable_until: until?.toISOString() ?? null,
      returnable_until: returnsUntil?.toISOString() ?? null,
      manual_payment: manual && { method: manual.method, instructions: manual.instructions },
    };
  });
}
