import { reservedUnitsOf } from './reserved-units.ts';
import { and, eq, lt, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Platform } from '../../platform/context.ts';
import { withStore } from '../../platform/db/database.ts';
import { AppError } from '../../platform/errors.ts';
import { parseInput } from '../../platform/validation.ts';
import { releaseReservation, restockInTx } from '../inventory/service.ts';
import { getPaymentIntent, refundPayment, voidPayment, type PaymentIntentView } from '../payments/service.ts';
import { getStore } from '../tenancy/service.ts';
import { refundReasons } from './refund-reasons.ts';
import { giveBackToGiftCards } from './gift-card-refunds.ts';
import { nextOrderStatus, type OrderStatus } from './order-states.ts';
import { orderPolicyOf } from './policy.ts';
import {
  audit,
  findOrder,
  linesOf,
  lockOrder,
  moveOrder,
  notePayment,
  notFound,
  patchOrder,
  viewOf,
  type Actor,
} from './shared.ts';
import { fulfilments, orders } from './schema.ts';
import { locationsOfUnits, mergeRestock } from './unit-locations.ts';
import type { OrderView } from './views.ts';

export const CancelInput = z.strictObject({
  reason: z.string().trim().min(1).max(500).optional().describe('Shown in the order history'),
});

/** The payments idempotency key of a cancellation's refund: the same on every retry of one attempt. */
export const cancellationRefundKey = (orderId: string, attempt: number) =>
  `order:${orderId}:cancel:${attempt}`;

/** For tests: a crash right after the payment was settled, before the order recorded it. */
export const cancellationFaults = { afterPaymentSettled: null as null | (() => void) };

/**
 * Cancel an order that has not shipped (confirmed or processing; a pending order belongs to its
 * checkout). In one transaction the order becomes `cancelled` and the units its checkout
 * committed go back on hand (inventory `restockInTx`, reference = the order id) — so the stock
 * comes back exactly once. Then the payment is settled: an authorization is voided, a captured
 * payment refunded in full (the order then becomes `refunded`).
 *
 * Retry-safe: until the payment is settled the order keeps `settlement_due`; calling again (or
 * the worker's sweep) settles it with the same payments idempotency key, so a crash between the
 * refund and its recording never refunds twice. A provider that does not answer is 503 with the
 * order already cancelled; retrying finishes it.
 */
export async function cancelOrder(
  platform: Platform,
  o: {
    storeId: string;
    orderId: string;
    reason?: string;
    actor?: Actor;
    /** Only from these statuses, checked under the order's lock (a shopper's cancel: confirmed). */
    onlyFrom?: readonly OrderStatus[];
    /** What the history says when no reason is given. */
    defaultReason?: string;
    /** Put the units back on hand (default); false for units damaged or lost. */
    restock?: boolean;
    /** E-mail the shopper (default). */
    notifyCustomer?: boolean;
  },
): Promise<OrderView> {
  const { reason } = parseInput(CancelInput, { reason: o.reason });
  const { storeId } = o;
  const current = await withStore(platform.db, storeId, (tx) => findOrder(tx, storeId, o.orderId));
  if (!current) throw notFound(o.orderId);
  if (current.status !== 'cancelled' && current.status !== 'refunded') {
    if (current.status === 'pending') {
      throw new AppError(
        'INVALID_STATE_TRANSITION',
        `Order ${current.id} is pending: its checkout is still running; it cancels the order itself if it fails.`,
      );
    }
    nextOrderStatus(current.status, 'cancelled', current.id);
    // Where the committed units came from. A reservation never committed (a checkout that died
    // before committing) is released instead; a released or expired one holds nothing.
    const reserved = await reservedUnitsOf(platform, current);
    const reservation = reserved.checkout;
    if (reservation?.status === 'active') {
      await releaseReservation(platform.db, { storeId, reservationId: reservation.id });
    }
    await withStore(platform.db, storeId, async (tx) => {
      const row = await lockOrder(tx, storeId, o.orderId);
      if (row.status === 'cancelled' || row.status === 'refunded') return; // a concurrent cancel won
      if (o.onlyFrom && !o.onlyFrom.includes(row.status)) throw notCancellableByShopper(row.id);
      nextOrderStatus(row.status, 'cancelled', row.id);
      const [shipped] = await tx
        .select({ id: fulfilments.id })
        .from(fulfilments)
        .where(eq(fulfilments.orderId, row.id))
        .limit(1);
      if (shipped) {
        throw new AppError(
          'INVALID_STATE_TRANSITION',
          `Order ${row.id} has shipped units; return them instead.`,
        );
      }
      const restocked = reservation?.status === 'committed' && o.restock !== false;
      if (restocked) {
        // Every unit not already cancelled (and restocked) on its own, where it was reserved.
        const lines = await linesOf(tx, [row.id]);
        const units = locationsOfUnits(reserved.lines, lines);
        await restockInTx(tx, {
          storeId,
          reference: row.id,
          note: 'order cancelled',
          lines: mergeRestock(
            lines.flatMap((l) =>
              (units.get(l.id) ?? [])
                .slice(0, l.quantity - l.cancelledQuantity)
                .map((locationId) => ({ variantId: l.variantId, locationId, quantity: 1 })),
            ),
          ),
          actor: o.actor,
        });
      }
      const after = await moveOrder(tx, row, 'cancelled', {
        actor: o.actor,
        reason: reason ?? o.defaultReason ?? 'cancelled by staff',
        patch: { cancelReason: reason ?? null, settlementDue: true },
        event: {
          abandoned: false,
          restocked,
          ...(o.notifyCustomer === false ? { notifyCustomer: false } : {}),
        },
      });
      await audit(tx, o.actor, {
        storeId,
        action: 'order.cancelled',
        entityType: 'order',
        entityId: row.id,
        before: { status: row.status },
        after: { status: after.status, reason: reason ?? null },
      });
    });
  }
  return settleCancellation(platform, { storeId, orderId: o.orderId, actor: o.actor });
}

/**
 * Until when the shopper may still cancel the order themselves: while it is confirmed (not yet
 * being prepared, nothing shipped) and within the store's window after it was placed —
 * `settings.orders.shopper_cancel_minutes` (60 by default; 0 turns it off). Null when they may not.
 */
export function shopperCancellableUntil(
  order: { status: OrderStatus; createdAt: Date },
  storeSettings: Record<string, unknown>,
): Date | null {
  const minutes = orderPolicyOf(storeSettings).shopper_cancel_minutes;
  if (order.status !== 'confirmed' || minutes === 0) return null;
  const until = new Date(order.createdAt.getTime() + minutes * 60_000);
  return until.getTime() > Date.now() ? until : null;
}

const notCancellableByShopper = (orderId: string) =>
  new AppError(
    'INVALID_STATE_TRANSITION',
    `Order ${orderId} can no longer be cancelled here: it is being prepared, or the time to cancel it has passed. ` +
      'Contact the shop.',
  );

/**
 * The shopper cancels their own order (signed in, or a guest with the order's link): as staff
 * would, stock back and the payment voided or refunded, but only while `shopperCancellableUntil`
 * allows — re-checked under the order's lock, so staff starting to prepare it wins. A cancelled
 * order is answered as it is (a double click changes nothing).
 */
export async function cancelOrderByShopper(
  platform: Platform,
  o: {
    storeId: string;
    orderId: string;
    reason?: string | undefined;
    /** The signed-in shopper: another shopper's order is not found. */
    customerId?: string;
    /** Who cancels, for the audit log and the history: the shopper (a guest has no id). */
    actor?: Actor;
  },
): Promise<OrderView> {
  const { storeId, orderId } = o;
  const [store, row] = await Promise.all([
    getStore(platform.db, storeId),
    withStore(platform.db, storeId, (tx) => findOrder(tx, storeId, orderId)),
  ]);
  if (!row || (o.customerId !== undefined && row.customerId !== o.customerId)) throw notFound(orderId);
  const done = row.status === 'cancelled' || row.status === 'refunded';
  if (!done && !shopperCancellableUntil(row, store.settings)) throw notCancellableByShopper(orderId);
  return cancelOrder(platform, {
    storeId,
    orderId,
    ...(o.reason ? { reason: `Cancelled by the customer: ${o.reason}` } : {}),
    defaultReason: 'cancelled by the customer',
    onlyFrom: ['confirmed'],
    actor: o.actor,
  });
}

/**
 * Void or refund the payment of a cancelled order whose settlement is due, then record it on the
 * order. Safe to call any number of times, concurrently too: the void is idempotent at payments,
 * the refund carries a key derived from the order and attempt. A refund the provider refuses
 * opens a new attempt (a new key) for the next try and is 502.
 */
export async function settleCancellation(
  platform: Platform,
  o: { storeId: string; orderId: string; actor?: Actor },
): Promise<OrderView> {
  const { storeId } = o;
  const row = await withStore(platform.db, storeId, (tx) => findOrder(tx, storeId, o.orderId));
  if (!row) throw notFound(o.orderId);
  if (!row.settlementDue) return withStore(platform.db, storeId, (tx) => viewOf(tx, row));

  let payment: PaymentIntentView = await getPaymentIntent(platform, {
    storeId,
    intentId: row.paymentIntentId,
  });
  let refusal: AppError | null = null;
  if (payment.status === 'captured') {
    if (payment.refundable_amount > 0 || payment.refunded_amount < payment.captured_amount) {
      try {
        const refund = await refundPayment(platform, {
          storeId,
          intentId: payment.id,
          reason: refundReasons.orderCancelled(row.id),
          idempotencyKey: cancellationRefundKey(row.id, row.settlementAttempt),
          actor: o.actor,
        });
        if (refund.status === 'failed') {
          refusal = new AppError(
            'PAYMENT_PROVIDER_ERROR',
            `The payment provider refused the refund (${refund.error?.message ?? 'no reason given'}); try again.`,
          );
        }
      } catch (err) {
        // A refusal is recorded below (a new attempt next time); an unknown outcome stays due as is.
        if (!(err instanceof AppError) || err.code !== 'PAYMENT_PROVIDER_ERROR') throw err;
        refusal = err;
      }
      payment = await getPaymentIntent(platform, { storeId, intentId: payment.id });
    }
  } else if (payment.status !== 'canceled') {
    payment = await voidPayment(platform, { storeId, intentId: payment.id, actor: o.actor });
  }
  cancellationFaults.afterPaymentSettled?.();

  const view = await withStore(platform.db, storeId, async (tx) => {
    let now = await lockOrder(tx, storeId, row.id);
    now = await notePayment(tx, now, payment, o.actor);
    if (!now.settlementDue) return viewOf(tx, now);
    // What gift cards paid goes back to them with the payment's settlement (once, whatever the attempts).
    if (!refusal && now.giftCardTotal > 0) {
      await giveBackToGiftCards(platform, tx, now, {
        amount: now.giftCardTotal,
        key: `order:${now.id}:cancelled`,
        reason: refundReasons.orderCancelled(now.id),
      });
    }
    now = await patchOrder(
      tx,
      now,
      refusal ? { settlementAttempt: now.settlementAttempt + 1 } : { settlementDue: false },
    );
    return viewOf(tx, now);
  });
  if (refusal) throw refusal;
  return view;
}

/** Cancelled orders whose payment is still to be settled, older than `olderThanSeconds` (all stores). */
export async function dueSettlements(
  platform: Platform,
  o: { olderThanSeconds: number; limit?: number },
): Promise<{ storeId: string; orderId: string }[]> {
  const rows = await platform.db
    .select({ storeId: orders.storeId, orderId: orders.id })
    .from(orders)
    .where(
      and(
        eq(orders.settlementDue, true),
        lt(orders.updatedAt, sql`now() - make_interval(secs => ${o.olderThanSeconds})`),
      ),
    )
    .limit(o.limit ?? 100);
  return rows;
}
