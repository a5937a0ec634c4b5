import { and, eq, inArray, isNotNull, lt, notInArray, or, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Platform } from '../../platform/context.ts';
import { withStore, type Tx } from '../../platform/db/database.ts';
import { AppError } from '../../platform/errors.ts';
import { newId } from '../../platform/ids.ts';
import { parseInput } from '../../platform/validation.ts';
import { restockInTx, type RestockLine } from '../inventory/service.ts';
import { getPaymentIntent, refundPayment } from '../payments/service.ts';
import { refundReasons } from './refund-reasons.ts';
import { giveBackToGiftCards, itemsGiftCardKey, paymentOwes } from './gift-card-refunds.ts';
import { cancelOrder } from './cancellation.ts';
import { emitOrderEvent } from './events.ts';
import { unitsValue } from './line-value.ts';
import { LineUnits, openUnits, takeOpenUnits } from './open-units.ts';
import { locationsOfUnits, mergeRestock } from './unit-locations.ts';
import {
  audit,
  findOrder,
  linesOf,
  lockOrder,
  moveOrder,
  notePayment,
  notFound,
  orderEventPayload,
  patchOrder,
  viewOf,
  type Actor,
} from './shared.ts';
import { reservedUnitsOf } from './reserved-units.ts';
import {
  orderCancellationLines,
  orderCancellations,
  orderLines,
  orders,
  type OrderLineRow,
  type OrderRow,
} from './schema.ts';
import { cancellationView, displayNumber, type CancellationView, type OrderView } from './views.ts';

export const CancelItemsInput = z.strictObject({
  lines: LineUnits.describe('The units to cancel: at most what has not shipped of each line'),
  reason: z.string().trim().min(1).max(500).optional().describe('Shown to the customer and in the history'),
  restock: z
    .boolean()
    .default(true)
    .describe('Put the units back on hand where they were reserved; false for units damaged or lost'),
  notify_customer: z.boolean().default(true).describe('E-mail the shopper which items were cancelled'),
});
export type CancelItemsInput = z.input<typeof CancelItemsInput>;

/** The payments idempotency key of a refund for cancelled units: the same on every retry of one attempt. */
const itemsRefundKey = (orderId: string, attempt: number) => `order:${orderId}:items-refund:${attempt}`;

/** For tests: a crash right after payments refunded cancelled units, before the order recorded it. */
export const itemCancellationFaults = { afterRefund: null as null | (() => void) };

export interface CancelItemsResult {
  /** Null when the units asked were everything left and nothing had shipped: the order was cancelled whole. */
  cancellation: CancellationView | null;
  order: OrderView;
  /** Why the refund of the cancelled units did not go through yet (the worker retries it), else null. */
  refund_problem: string | null;
}

/**
 * Cancel some units of a confirmed or processing order that have not shipped — a customer who
 * no longer wants one item, a unit found damaged in the warehouse. In one transaction, under the
 * order's lock: the lines count the units cancelled, the order what they were paid for
 * (`cancelled_amount`: each line's paid amount split over its units, the last units first), the
 * units go back on hand where the checkout reserved them (unless `restock: false`), a
 * cancellation `#1001-C1` records it, and `order.items_cancelled` is emitted. When what is left
 * has all shipped the order becomes `shipped`; asking for every unit of an order of which nothing
 * shipped cancels the whole order (`cancelOrder`).
 *
 * The money: an authorization is left as it is and the store's capture at fulfilment takes the
 * smaller amount; a captured payment is refunded what the units were worth
 * (`settleCancelledItems`), under a key derived from the order.
 */
export async function cancelItems(
  platform: Platform,
  o: { storeId: string; orderId: string; input: CancelItemsInput; actor?: Actor },
): Promise<CancelItemsResult> {
  const input = parseInput(CancelItemsInput, o.input);
  const { storeId } = o;
  const current = await withStore(platform.db, storeId, (tx) => findOrder(tx, storeId, o.orderId));
  if (!current) throw notFound(o.orderId);
  assertCancellable(current);
  // Where the checkout (and any edit) took each unit from; a committed reservation never changes.
  const reserved = await reservedUnitsOf(platform, current);

  const done = await withStore(platform.db, storeId, async (tx) => {
    const row = await lockOrder(tx, storeId, o.orderId);
    assertCancellable(row);
    const lines = await linesOf(tx, [row.id]);
    const take = takeOpenUnits(lines, input.lines, {
      refusal: 'These units cannot be cancelled.',
      tooMany: (open) =>
        open === 0 ? 'every unit has shipped or been cancelled' : `only ${open} not shipped`,
    });
    const left = lines.every((l) => openUnits(l) === (take.get(l.id) ?? 0));
    if (left && lines.every((l) => l.fulfilledQuantity === 0)) return null; // the whole order: below
    return (
      await cancelUnitsInTx(platform, tx, row, {
        lines,
        take,
        reason: input.reason ?? null,
        restock: input.restock,
        notifyCustomer: input.notify_customer,
        reserved: { committed: reserved.checkout?.status === 'committed', lines: reserved.lines },
        actor: o.actor,
      })
    ).view;
  });

  if (!done) {
    const order = await cancelOrder(platform, {
      storeId,
      orderId: o.orderId,
      ...(input.reason ? { reason: input.reason } : {}),
      restock: input.restock,
      notifyCustomer: input.notify_customer,
      actor: o.actor,
    });
    return { cancellation: null, order, refund_problem: null };
  }
  const problem = await settleNow(platform, { storeId, orderId: o.orderId, actor: o.actor });
  const order = await withStore(platform.db, storeId, async (tx) =>
    viewOf(tx, (await findOrder(tx, storeId, o.orderId))!),
  );
  return { cancellation: done, order, refund_problem: problem };
}

/**
 * Cancel `take` (line id → units) of the locked order `row`, whose lines are `lines`, in `tx`: the
 * cancellation and its lines, the units counted cancelled, restocked where `reserved` says they
 * were taken from, `cancelled_amount` raised, gift cards given back `giftCardGiveBack` (default:
 * all the units were worth) before the payment, `order.items_cancelled`, the audit entry. The
 * order moves to `shipped` when what is left has all shipped. The refund is the caller's
 * (`settleCancelledItems`).
 */
export async function cancelUnitsInTx(
  platform: Platform,
  tx: Tx,
  row: OrderRow,
  o: {
    lines: readonly OrderLineRow[];
    take: ReadonlyMap<string, number>;
    reason: string | null;
    restock: boolean;
    notifyCustomer: boolean;
    reserved: { committed: boolean; lines: Parameters<typeof locationsOfUnits>[0] };
    giftCardGiveBack?: number;
    actor?: Actor;
  },
): Promise<{ row: OrderRow; view: CancellationView }> {
  const { storeId } = row;
  const { lines, take } = o;
  const left = lines.every((l) => openUnits(l) === (take.get(l.id) ?? 0));
  const [{ sequence }] = (await tx
    .select({ sequence: sql<number>`coalesce(max(${orderCancellations.sequence}), 0)::int + 1` })
    .from(orderCancellations)
    .where(eq(orderCancellations.orderId, row.id))) as [{ sequence: number }];
  const cancellationId = newId('ocan');
  const label = `${displayNumber(row.number)}-C${sequence}`;
  const byId = new Map(lines.map((l) => [l.id, l]));
  const units = locationsOfUnits(o.reserved.lines, lines);
  const restock: RestockLine[] = [];
  const cancelled = [...take].map(([lineId, quantity]) => {
    const line = byId.get(lineId)!;
    // The last units not yet cancelled: returns count from the first, so no part is taken twice.
    const from = line.quantity - line.cancelledQuantity - quantity;
    for (const locationId of units.get(lineId)?.slice(from, from + quantity) ?? []) {
      restock.push({ variantId: line.variantId, locationId, quantity: 1 });
    }
    return { line, quantity, amount: unitsValue(row, line, from, quantity) };
  });
  const amount = cancelled.reduce((s, c) => s + c.amount, 0);
  const restocked = o.restock && o.reserved.committed;

  const [cancellation] = await tx
    .insert(orderCancellations)
    .values({
      id: cancellationId,
      storeId,
      orderId: row.id,
      sequence,
      reason: o.reason,
      amount,
      restocked,
      actorType: o.actor?.actor.type ?? 'system',
      actorId: o.actor?.actor.id ?? null,
    })
    .returning();
  const cancellationLines = await tx
    .insert(orderCancellationLines)
    .values(
      cancelled.map((c) => ({
        id: newId('ocanln'),
        storeId,
        cancellationId,
        orderLineId: c.line.id,
        quantity: c.quantity,
        amount: c.amount,
      })),
    )
    .returning();
  for (const c of cancelled) {
    await tx
      .update(orderLines)
      .set({ cancelledQuantity: sql`${orderLines.cancelledQuantity} + ${c.quantity}` })
      .where(and(eq(orderLines.id, c.line.id), eq(orderLines.orderId, row.id)));
  }
  if (restocked) {
    await restockInTx(tx, {
      storeId,
      reference: row.id,
      note: `items cancelled (${label})`,
      lines: mergeRestock(restock),
      actor: o.actor,
    });
  }
  const before = row.status;
  row = await patchOrder(tx, row, { cancelledAmount: row.cancelledAmount + amount });
  // What gift cards paid goes back to them first; the payment is refunded for the rest (below).
  const giveBack = Math.min(amount, o.giftCardGiveBack ?? amount);
  if (row.giftCardTotal > 0 && giveBack > 0) {
    await giveBackToGiftCards(platform, tx, row, {
      amount: giveBack,
      key: itemsGiftCardKey(row.id, cancellationId),
      reason: refundReasons.itemsCancelled(row.id),
    });
  }
  if (left) {
    // What remains has all shipped.
    const reason = `the units not shipped were cancelled (${label})`;
    if (row.status === 'confirmed') row = await moveOrder(tx, row, 'processing', { actor: o.actor, reason });
    row = await moveOrder(tx, row, 'shipped', { actor: o.actor, reason });
  }
  const view = cancellationView(cancellation!, cancellationLines, row.number);
  await emitOrderEvent(
    tx,
    storeId,
    'order.items_cancelled',
    { type: 'order', id: row.id },
    orderEventPayload(row, {
      cancellationId,
      cancelledAmount: amount,
      reason: o.reason,
      restocked,
      notifyCustomer: o.notifyCustomer,
      lines: view.lines.map((l) => ({ orderLineId: l.order_line_id, quantity: l.quantity })),
    }),
  );
  await audit(tx, o.actor, {
    storeId,
    action: 'order.items_cancelled',
    entityType: 'order',
    entityId: row.id,
    before: { status: before, cancelled_amount: row.cancelledAmount - amount },
    after: { status: row.status, cancelled_amount: row.cancelledAmount, cancellation: view },
  });
  return { row, view };
}

function assertCancellable(row: OrderRow): void {
  if (row.status === 'pending') {
    throw new AppError(
      'INVALID_STATE_TRANSITION',
      `Order ${row.id} is pending: its checkout is still running.`,
    );
  }
  if (row.status !== 'confirmed' && row.status !== 'processing') {
    throw new AppError(
      'INVALID_STATE_TRANSITION',
      `Order ${row.id} is ${row.status}; only units of a confirmed or processing order that have not shipped can be cancelled.`,
    );
  }
}

/**
 * Give back what cancelled units were paid for, once the payment is captured: the customer owes
 * `total − cancelled_amount`, so whatever was captured beyond that and not yet refunded for
 * cancelled units is refunded — after a cancellation of a captured payment, or a capture that
 * raced a cancellation and took the larger amount. An authorized payment waits for its (smaller)
 * capture. The amount is held on the order before payments is asked, under the key
 * `order:<id>:items-refund:<attempt>`, so a crash or a retry refunds once. Safe to call any time;
 * a refund the provider refuses opens a new attempt and is 502.
 */
export async function settleCancelledItems(
  platform: Platform,
  o: { storeId: string; orderId: string; actor?: Actor },
): Promise<void> {
  const { storeId } = o;
  const row = await withStore(platform.db, storeId, (tx) => findOrder(tx, storeId, o.orderId));
  if (!row || (row.cancelledAmount === 0 && row.itemsRefundAmount === null)) return;
  const payment = await getPaymentIntent(platform, { storeId, intentId: row.paymentIntentId });
  const claim = await withStore(platform.db, storeId, async (tx) => {
    const now = await lockOrder(tx, storeId, row.id);
    if (now.itemsRefundAmount !== null) return now;
    // A whole cancellation refunds everything itself.
    if (payment.status !== 'captured' || now.status === 'cancelled' || now.status === 'refunded') return null;
    const owed = await paymentOwes(tx, now);
    const due = Math.min(payment.captured_amount - owed - now.itemsRefundedAmount, payment.refundable_amount);
    if (due <= 0) return null;
    return patchOrder(tx, now, { itemsRefundAmount: due });
  });
  if (!claim) return;

  const amount = claim.itemsRefundAmount!;
  const attempt = claim.itemsRefundAttempt;
  let refusal: AppError | null = null;
  let refunded = 0;
  try {
    const refund = await refundPayment(platform, {
      storeId,
      intentId: claim.paymentIntentId,
      amount,
      reason: refundReasons.itemsCancelled(claim.id),
      idempotencyKey: itemsRefundKey(claim.id, attempt),
      actor: o.actor,
    });
    if (refund.status === 'failed') {
      refusal = new AppError(
        'PAYMENT_PROVIDER_ERROR',
        `The payment provider refused the refund (${refund.error?.message ?? 'no reason given'}); it will be tried again.`,
      );
    } else refunded = refund.amount;
  } catch (err) {
    // Unknown outcome (503): the refund stays held and is retried with the same key.
    if (!(err instanceof AppError) || err.code !== 'PAYMENT_PROVIDER_ERROR') throw err;
    refusal = err;
  }
  itemCancellationFaults.afterRefund?.();
  const after = await getPaymentIntent(platform, { storeId, intentId: claim.paymentIntentId });
  await withStore(platform.db, storeId, async (tx) => {
    let now = await lockOrder(tx, storeId, claim.id);
    now = await notePayment(tx, now, after, o.actor);
    if (now.itemsRefundAttempt !== attempt || now.itemsRefundAmount === null) return; // recorded meanwhile
    await patchOrder(tx, now, {
      itemsRefundAmount: null,
      itemsRefundAttempt: attempt + 1,
      itemsRefundedAmount: now.itemsRefundedAmount + refunded,
    });
  });
  if (refusal) throw refusal;
}

/**
 * `settleCancelledItems` right after staff's change, for its answer: why the refund has not gone
 * through yet (the worker's sweep, `orders.settle`, retries it; the change itself stands), else null.
 */
export async function settleNow(
  platform: Platform,
  o: { storeId: string; orderId: string; actor?: Actor },
): Promise<string | null> {
  try {
    await settleCancelledItems(platform, o);
    return null;
  } catch (err) {
    if (!(err instanceof AppError)) throw err;
    platform.log.warn(
      { err, orderId: o.orderId },
      'refund of what is no longer owed not settled yet; will retry',
    );
    return err.message;
  }
}

/** Orders with cancelled units whose refund is held, or whose payment holds more than is owed (all stores). */
export async function dueItemRefunds(
  platform: Platform,
  o: { olderThanSeconds: number; limit?: number },
): Promise<{ storeId: string; orderId: string }[]> {
  return platform.db
    .select({ storeId: orders.storeId, orderId: orders.id })
    .from(orders)
    .where(
      and(
        sql`${orders.cancelledAmount} > 0`,
        lt(orders.updatedAt, sql`now() - make_interval(secs => ${o.olderThanSeconds})`),
        or(
          isNotNull(orders.itemsRefundAmount),
          and(
            notInArray(orders.status, ['cancelled', 'refunded']),
            inArray(orders.paymentStatus, ['captured', 'partially_refunded']),
            // (gift cards paid part: a candidate the settlement may find nothing due for)
            sql`${orders.capturedAmount} + ${orders.giftCardTotal} - (${orders.total} - ${orders.cancelledAmount}) - ${orders.itemsRefundedAmount} > 0`,
          ),
        ),
      ),
    )
    .limit(o.limit ?? 100);
}
