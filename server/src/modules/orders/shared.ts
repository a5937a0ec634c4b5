import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { DbOrTx, Tx } from '../../platform/db/database.ts';
import { AppError } from '../../platform/errors.ts';
import { newId } from '../../platform/ids.ts';
import type { PaymentIntentView } from '../payments/service.ts';
import { emitOrderEvent } from './events.ts';
import { nextOrderStatus, type OrderStatus } from './order-states.ts';
import {
  orderLines,
  orders,
  orderStatusHistory,
  type OrderLineRow,
  type OrderPaymentStatus,
  type OrderRow,
} from './schema.ts';
import { displayNumber, orderView, type OrderView } from './views.ts';

// Who acts, and the audit entry recorded only when someone does (shared with every module).
import { auditAs as audit, type Actor } from '../audit/service.ts';
export { audit, type Actor };

export const notFound = (orderId: string) => new AppError('NOT_FOUND', `No order ${orderId} in this store.`);

export async function findOrder(tx: DbOrTx, storeId: string, orderId: string): Promise<OrderRow | null> {
  const [row] = await tx
    .select()
    .from(orders)
    .where(and(eq(orders.storeId, storeId), eq(orders.id, orderId)));
  return row ?? null;
}

/** The order, row-locked until the transaction ends: every change of an order goes through this. */
export async function lockOrder(tx: Tx, storeId: string, orderId: string): Promise<OrderRow> {
  const row = await lockOrderIfAny(tx, storeId, orderId);
  if (!row) throw notFound(orderId);
  return row;
}

/** `lockOrder`, or null when there is no such order. */
export async function lockOrderIfAny(tx: Tx, storeId: string, orderId: string): Promise<OrderRow | null> {
  const [row] = await tx
    .select()
    .from(orders)
    .where(and(eq(orders.storeId, storeId), eq(orders.id, orderId)))
    .for('update');
  return row ?? null;
}

export async function linesOf(tx: DbOrTx, orderIds: readonly string[]): Promise<OrderLineRow[]> {
  if (orderIds.length === 0) return [];
  return tx
    .select()
    .from(orderLines)
    .where(inArray(orderLines.orderId, [...orderIds]))
    .orderBy(asc(orderLines.orderId), asc(orderLines.position));
}

export async function viewOf(tx: DbOrTx, row: OrderRow): Promise<OrderView> {
  return orderView(row, await linesOf(tx, [row.id]));
}

type OrderPatch = Partial<Omit<OrderRow, 'id' | 'storeId' | 'number' | 'cartId' | 'createdAt'>>;

export async function patchOrder(tx: Tx, row: OrderRow, patch: OrderPatch): Promise<OrderRow> {
  const [updated] = await tx
    .update(orders)
    .set({ ...patch, updatedAt: sql`now()` })
    .where(eq(orders.id, row.id))
    .returning();
  return updated!;
}

/** What an event says about an order. */
export function orderEventPayload(
  row: OrderRow,
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    orderId: row.id,
    number: row.number,
    displayNumber: displayNumber(row.number),
    status: row.status,
    customerId: row.customerId,
    cartId: row.cartId,
    currency: row.currency,
    total: row.total,
    paymentStatus: row.paymentStatus,
    // Only an order that bought gift cards says so (its subscriber looks at nothing else).
    ...(row.giftCardsBought > 0 ? { giftCardsBought: row.giftCardsBought } : {}),
    ...extra,
  };
}

const STAMP: Partial<Record<OrderStatus, keyof OrderPatch>> = {
  confirmed: 'confirmedAt',
  shipped: 'shippedAt',
  delivered: 'deliveredAt',
  cancelled: 'cancelledAt',
};

const EVENT_OF = {
  confirmed: 'order.placed',
  processing: 'order.processing_started',
  shipped: 'order.shipped',
  delivered: 'order.delivered',
  cancelled: 'order.cancelled',
  returned: 'order.returned',
  refunded: 'order.refunded',
} as const;

/**
 * Move a locked order to `to` through the state machine (INVALID_STATE_TRANSITION when the table
 * forbids it): stamp the time, record the history line, emit the transition's event — all in
 * the caller's transaction.
 */
export async function moveOrder(
  tx: Tx,
  row: OrderRow,
  to: OrderStatus,
  o: { actor: Actor; reason?: string | null; patch?: OrderPatch; event?: Record<string, unknown> },
): Promise<OrderRow> {
  nextOrderStatus(row.status, to, row.id);
  const stamp = STAMP[to];
  const updated = await patchOrder(tx, row, {
    ...(stamp ? { [stamp]: new Date() } : {}),
    ...o.patch,
    status: to,
  });
  await tx.insert(orderStatusHistory).values({
    id: newId('ordhist'),
    storeId: row.storeId,
    orderId: row.id,
    fromStatus: row.status,
    toStatus: to,
    actorType: o.actor?.actor.type ?? 'system',
    actorId: o.actor?.actor.id ?? null,
    reason: o.reason ?? null,
  });
  if (to !== 'pending') {
    await emitOrderEvent(
      tx,
      row.storeId,
      EVENT_OF[to],
      { type: 'order', id: row.id },
      orderEventPayload(updated, {
        previousStatus: row.status,
        ...(o.reason ? { reason: o.reason } : {}),
        ...o.event,
      }),
    );
  }
  return updated;
}

/** What an order keeps in step with of its payment (`notePayment`). */
export type PaymentFacts = Pick<
  PaymentIntentView,
  'id' | 'status' | 'provider' | 'captured_amount' | 'refunded_amount' | 'updated_at'
>;

/**
 * The order's view of its payment. A manual payment (cash on delivery, bank transfer) accepted at
 * placement is still `pending` to the order: no money is held until staff mark it paid.
 */
export function paymentStatusOf(
  p: Pick<PaymentIntentView, 'status' | 'provider' | 'captured_amount' | 'refunded_amount'>,
): OrderPaymentStatus {
  if (p.status === 'canceled') return 'voided';
  if (p.status === 'authorized') return p.provider === 'manual' ? 'pending' : 'authorized';
  if (p.status !== 'captured') return 'pending';
  if (p.refunded_amount <= 0) return 'captured';
  return p.refunded_amount >= p.captured_amount ? 'refunded' : 'partially_refunded';
}

/**
 * Record what the payment looks like now on the locked order (status and amounts), unless the
 * order already holds a newer view of it; emits `order.payment_updated` when something changed.
 * A cancelled or returned order whose payment is now refunded in full becomes `refunded`.
 */
export async function notePayment(
  tx: Tx,
  row: OrderRow,
  payment: PaymentFacts,
  actor: Actor,
): Promise<OrderRow> {
  if (payment.id !== row.paymentIntentId) return row;
  const seen = new Date(payment.updated_at);
  if (row.paymentSeenAt && row.paymentSeenAt.getTime() > seen.getTime()) return row;
  const status = paymentStatusOf(payment);
  let updated = row;
  if (
    status !== row.paymentStatus ||
    payment.captured_amount !== row.capturedAmount ||
    payment.refunded_amount !== row.refundedAmount
  ) {
    updated = await patchOrder(tx, row, {
      paymentStatus: status,
      capturedAmount: payment.captured_amount,
      refundedAmount: payment.refunded_amount,
      paymentSeenAt: seen,
    });
    await emitOrderEvent(
      tx,
      row.storeId,
      'order.payment_updated',
      { type: 'order', id: row.id },
      orderEventPayload(updated, {
        paymentStatus: status,
        capturedAmount: payment.captured_amount,
        refundedAmount: payment.refunded_amount,
      }),
    );
  } else if (!row.paymentSeenAt || row.paymentSeenAt.getTime() !== seen.getTime()) {
    updated = await patchOrder(tx, row, { paymentSeenAt: seen });
  }
  if (status === 'refunded' && (updated.status === 'cancelled' || updated.status === 'returned')) {
    updated = await moveOrder(tx, updated, 'refunded', { actor, reason: 'payment refunded in full' });
  }
  return updated;
}
