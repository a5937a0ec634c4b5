import { and, asc, desc, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import { AddressInput, type Address } from '../../platform/address.ts';
import { withStore, type Db, type DbOrTx, type Tx } from '../../platform/db/database.ts';
import { inStore } from '../../platform/db/scope.ts';
import { AppError } from '../../platform/errors.ts';
import { newId } from '../../platform/ids.ts';
import { parseInput } from '../../platform/validation.ts';
import { attachOrderToPayment, type PaymentIntentView } from '../payments/service.ts';
import { CurrencyCode } from '../tenancy/service.ts';
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
  viewOf,
  type Actor,
} from './shared.ts';
import {
  fulfilmentLines,
  fulfilments,
  orderCounters,
  orderLines,
  orderReturnLines,
  orderReturns,
  orders,
  orderStatusHistory,
  type OrderRow,
} from './schema.ts';
import {
  fulfilmentView,
  historyView,
  orderView,
  returnView,
  type OrderDetailView,
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
  customerId: string | null;
  email: string;
  /** platform/address.ts */
  shippingAddress: Address;
  billingAddress: Address | null;
  lines: OrderLineInput[];
  shipping: { methodId: string; name: string; amount: number; tax: number } | null;
  totals: { subtotal: number; discount: number; shipping: number; tax: number; total: number };
  taxInclusive: boolean;
  couponCodes: string[];
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
  });

const CreateOrderSchema = z
  .object({
    storeId: Id,
    cartId: Id,
    currency: CurrencyCode,
    locale: z.string().min(2).max(35).optional(),
    customerId: Id.nullable(),
    email: z.email().max(320),
    shippingAddress: AddressInput,
    billingAddress: AddressInput.nullable(),
    lines: z.array(LineSchema).min(1).max(500),
    shipping: z
      .object({ methodId: Id, name: z.string().min(1).max(200), amount: Minor, tax: Minor })
      .nullable(),
    totals: z.object({ subtotal: Minor, discount: Minor, shipping: Minor, tax: Minor, total: Minor }),
    taxInclusive: z.boolean(),
    couponCodes: z.array(z.string().min(1).max(100)).max(50),
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
    const expected = t.subtotal - t.discount + t.shipping + (o.taxInclusive ? 0 : t.tax);
    if (t.total !== expected)
      ctx.addIssue({
        code: 'custom',
        path: ['totals', 'total'],
        message: `must be subtotal − discount + shipping${o.taxInclusive ? '' : ' + tax'} (${expected})`,
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
    .values({
      id,
      storeId,
      number,
      cartId: o.cartId,
      status: 'pending',
      currency: o.currency,
      locale: o.locale ?? null,
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
          }
        : null,
      subtotal: o.totals.subtotal,
      discountTotal: o.totals.discount,
      shippingTotal: o.totals.shipping,
      taxTotal: o.totals.tax,
      total: o.totals.total,
      taxInclusive: o.taxInclusive,
      couponCodes: o.couponCodes,
      paymentIntentId: o.paymentIntentId,
      paymentStatus: 'pending',
      capturedAmount: 0,
      refundedAmount: 0,
      reservationId: o.reservationId,
      settlementDue: false,
      settlementAttempt: 1,
      createdAt: sql`now()`,
      updatedAt: sql`now()`,
    })
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
  await tx.insert(orderLines).values(
    o.lines.map((l, i) => ({
      id: newId('ordln'),
      storeId,
      orderId: id,
      position: i + 1,
      variantId: l.variantId,
      productId: l.productId,
      sku: l.sku,
      title: l.title,
      variantTitle: l.variantTitle,
      imageUrl: l.imageUrl,
      quantity: l.quantity,
      unitPrice: l.unitPrice,
      subtotal: l.subtotal,
      discount: l.discount,
      tax: l.tax,
      total: l.total,
    })),
  );
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
    payment?: Pick<PaymentIntentView, 'id' | 'status' | 'captured_amount' | 'refunded_amount' | 'updated_at'>;
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
  return withStore(db, o.storeId, async (tx) => {
    const row = await findOrder(tx, o.storeId, o.orderId);
    if (!row) throw notFound(o.orderId);
    return viewOf(tx, row);
  });
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
    const {
      cart_id: _c,
      reservation_id: _r,
      payment_intent_id: _p,
      history: _h,
      ...shown
    } = await detailOf(tx, row);
    return shown;
  });
}
