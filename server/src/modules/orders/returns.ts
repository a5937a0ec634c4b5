import { reservedUnitsOf } from './reserved-units.ts';
import { and, asc, desc, eq, inArray, lt, sql } from 'drizzle-orm';
import { minorToDecimal, minorUnitExponent } from '../../platform/money.ts';
import { giftCardView, issueGiftCardInTx } from '../gift-cards/cards.ts';
import { queueGiftCardEmailInTx } from '../gift-cards/emails.ts';
import { issueCreditNoteInTx } from './credit-notes.ts';
import { z } from 'zod';
import type { Platform } from '../../platform/context.ts';
import { withStore, type Db, type Tx } from '../../platform/db/database.ts';
import { AppError } from '../../platform/errors.ts';
import { decodeCursor, PageQuery, toPage, type Page } from '../../platform/http/pagination.ts';
import { newId } from '../../platform/ids.ts';
import { refundReasons } from './refund-reasons.ts';
import { giveBackToGiftCards } from './gift-card-refunds.ts';
import { unitsValue } from './line-value.ts';
import { parseInput } from '../../platform/validation.ts';
import { restockInTx, type RestockLine } from '../inventory/service.ts';
import { getPaymentIntent, refundPayment } from '../payments/service.ts';
import { emitOrderEvent } from './events.ts';
import { getStore } from '../tenancy/service.ts';
import { RETURNABLE_STATUSES } from './order-states.ts';
import { orderPolicyOf, returnableUntil } from './policy.ts';
import { ACTIVE_RETURN_STATUSES, nextReturnStatus, RETURN_STATUSES } from './return-states.ts';
import { audit, linesOf, lockOrder, moveOrder, notePayment, type Actor } from './shared.ts';
import {
  orderLines,
  orderReturnLines,
  orderReturns,
  orders,
  type OrderRow,
  type ReturnLineRow,
  type ReturnRow,
} from './schema.ts';
import { displayNumber, returnView, type ReturnView } from './views.ts';

const Id = z.string().min(1).max(64);

export const ReturnRequestInput = z.strictObject({
  lines: z
    .array(
      z.strictObject({
        order_line_id: Id,
        quantity: z.number().int('must be a whole number').positive('must be greater than 0').max(1_000_000),
      }),
    )
    .min(1)
    .max(500),
  reason: z.string().trim().min(1).max(500).optional().describe('Why the units come back'),
  note: z.string().trim().min(1).max(2000).optional(),
});
export type ReturnRequestInput = z.input<typeof ReturnRequestInput>;

export const ReturnReceiptInput = z.strictObject({
  lines: z
    .array(
      z.strictObject({
        return_line_id: Id,
        quantity: z
          .number()
          .int('must be a whole number')
          .min(0)
          .max(1_000_000)
          .describe('Units that arrived'),
        restock: z.boolean().default(true).describe('Put them back in stock (false: damaged, written off)'),
      }),
    )
    .min(1)
    .max(500)
    .optional()
    .describe('What arrived; default: every unit of the return, restocked'),
  location_id: Id.optional().describe('Where restocked units go; default: where they were shipped from'),
});
export type ReturnReceiptInput = z.input<typeof ReturnReceiptInput>;

export const ReturnRefundInput = z.strictObject({
  amount: z
    .number()
    .int('must be a whole number of minor units')
    .min(0)
    .max(Number.MAX_SAFE_INTEGER)
    .optional()
    .describe('Default: what the received units were paid for (`received_value`); less for a partial refund'),
  to: z
    .enum(['payment', 'store_credit'])
    .optional()
    .describe(
      'payment (default): back to how the order was paid (its gift cards first, then the payment); ' +
        'store_credit: a new gift card for the amount, its code e-mailed to the customer',
    ),
});

export const ReturnListQuery = PageQuery.extend({
  status: z.enum(RETURN_STATUSES).optional(),
  order_id: Id.optional(),
});

/** The payments idempotency key of a return's refund: the same on every retry of one attempt. */
export const returnRefundKey = (returnId: string, attempt: number) => `return:${returnId}:refund:${attempt}`;

/** For tests: a crash right after payments refunded, before the return recorded it. */
export const returnFaults = { afterRefund: null as null | (() => void) };

async function lockReturn(tx: Tx, storeId: string, returnId: string): Promise<ReturnRow> {
  const [row] = await tx
    .select()
    .from(orderReturns)
    .where(and(eq(orderReturns.storeId, storeId), eq(orderReturns.id, returnId)))
    .for('update');
  if (!row) throw new AppError('NOT_FOUND', `No return ${returnId} in this store.`);
  return row;
}

async function returnLinesOf(tx: Tx, returnIds: readonly string[]): Promise<ReturnLineRow[]> {
  if (returnIds.length === 0) return [];
  return tx
    .select()
    .from(orderReturnLines)
    .where(inArray(orderReturnLines.returnId, [...returnIds]))
    .orderBy(asc(orderReturnLines.id));
}

/** The order and the return, both locked — always in that order, so lockers never deadlock. */
async function lockBoth(
  tx: Tx,
  storeId: string,
  returnId: string,
): Promise<{ order: OrderRow; ret: ReturnRow }> {
  const [peek] = await tx
    .select({ orderId: orderReturns.orderId })
    .from(orderReturns)
    .where(and(eq(orderReturns.storeId, storeId), eq(orderReturns.id, returnId)));
  if (!peek) throw new AppError('NOT_FOUND', `No return ${returnId} in this store.`);
  const order = await lockOrder(tx, storeId, peek.orderId);
  return { order, ret: await lockReturn(tx, storeId, returnId) };
}

async function viewOfReturn(tx: Tx, ret: ReturnRow, order: Pick<OrderRow, 'number'>): Promise<ReturnView> {
  return returnView(ret, await returnLinesOf(tx, [ret.id]), order.number);
}

function returnPayload(ret: ReturnRow, lines: ReturnLineRow[], extra: Record<string, unknown> = {}) {
  return {
    returnId: ret.id,
    orderId: ret.orderId,
    status: ret.status,
    lines: lines.map((l) => ({
      orderLineId: l.orderLineId,
      quantity: l.quantity,
      receivedQuantity: l.receivedQuantity,
    })),
    ...extra,
  };
}

/** Units of each order line already held by returns that are not rejected (received ones: what arrived). */
/** Units of each line in returns not rejected: asked for, or received once received. */
export async function unitsInReturns(tx: Tx, orderId: string): Promise<Map<string, number>> {
  const { rows } = await tx.execute<{ order_line_id: string; units: number }>(sql`
    SELECT l.order_line_id,
           sum(CASE WHEN r.status IN ('received', 'refunded') THEN l.received_quantity ELSE l.quantity END)::int AS units
    FROM order_return_lines l JOIN order_returns r ON r.id = l.return_id
    WHERE r.order_id = ${orderId} AND r.status = ANY(${sql.param([...ACTIVE_RETURN_STATUSES])}::text[])
    GROUP BY l.order_line_id`);
  return new Map(rows.map((r) => [r.order_line_id, r.units]));
}

/**
 * Ask to return shipped units of a shipped or delivered order — by staff (admin API) or by the
 * shopper (storefront). At most what shipped and is not already in another return.
 */
export async function requestReturn(
  db: Db,
  o: {
    storeId: string;
    orderId: string;
    input: ReturnRequestInput;
    requestedBy: 'customer' | 'staff';
    actor?: Actor;
  },
): Promise<ReturnView> {
  const input = parseInput(ReturnRequestInput, o.input);
  const { storeId } = o;
  return withStore(db, storeId, async (tx) => {
    const order = await lockOrder(tx, storeId, o.orderId);
    if (!RETURNABLE_STATUSES.includes(order.status)) {
      throw new AppError(
        'INVALID_STATE_TRANSITION',
        `Order ${order.id} is ${order.status}; only shipped or delivered orders take returns.`,
      );
    }
    if (o.requestedBy === 'customer') {
      // The store's return window binds the shopper, not staff (who may make an exception).
      const until = returnableUntil(order, orderPolicyOf((await getStore(tx, storeId)).settings));
      if (!until || until.getTime() <= Date.now()) {
        throw new AppError(
          'RETURN_WINDOW_CLOSED',
          until
            ? `The time to return this order online ended on ${until.toISOString().slice(0, 10)}; contact the shop.`
            : 'This shop takes returns through its staff; contact the shop.',
        );
      }
    }
    const lines = new Map((await linesOf(tx, [order.id])).map((l) => [l.id, l]));
    const held = await unitsInReturns(tx, order.id);
    const asked = new Map<string, number>();
    const errors: { path: string; message: string }[] = [];
    input.lines.forEach((l, i) => {
      const line = lines.get(l.order_line_id);
      if (!line)
        return errors.push({ path: `body.lines.${i}.order_line_id`, message: 'not a line of this order' });
      // A gift card is not sent back: staff refund its line, which disables it (refunds.ts).
      if (line.giftCard)
        return errors.push({
          path: `body.lines.${i}.order_line_id`,
          message: 'a gift card cannot be returned',
        });
      const total = (asked.get(line.id) ?? 0) + l.quantity;
      // Units refunded without coming back stay with the customer.
      const left = line.fulfilledQuantity - (held.get(line.id) ?? 0) - line.refundedQuantity;
      if (total > left)
        errors.push({
          path: `body.lines.${i}.quantity`,
          message: `only ${Math.max(left, 0)} can be returned`,
        });
      asked.set(line.id, total);
    });
    if (errors.length) throw new AppError('UNPROCESSABLE', 'These units cannot be returned.', { errors });

    const [{ next }] = (
      await tx.execute<{ next: number }>(sql`
      SELECT coalesce(max(sequence), 0)::int + 1 AS next FROM order_returns WHERE order_id = ${order.id}`)
    ).rows as [{ next: number }];
    const [ret] = await tx
      .insert(orderReturns)
      .values({
        id: newId('ret'),
        storeId,
        orderId: order.id,
        sequence: next,
        status: 'requested',
        reason: input.reason ?? null,
        note: input.note ?? null,
        requestedBy: o.requestedBy,
        receivedValue: 0,
        refundAttempt: 1,
        refundedAmount: 0,
        createdAt: sql`now()`,
        updatedAt: sql`now()`,
      })
      .returning();
    const retLines = await tx
      .insert(orderReturnLines)
      .values(
        [...asked].map(([lineId, quantity]) => ({
          id: newId('retln'),
          storeId,
          returnId: ret!.id,
          orderLineId: lineId,
          quantity,
        })),
      )
      .returning();
    await emitOrderEvent(
      tx,
      storeId,
      'return.requested',
      { type: 'return', id: ret!.id },
      returnPayload(ret!, retLines, { requestedBy: o.requestedBy }),
    );
    const view = returnView(ret!, retLines, order.number);
    await audit(tx, o.actor, {
      storeId,
      action: 'return.requested',
      entityType: 'return',
      entityId: ret!.id,
      after: view,
    });
    return view;
  });
}

async function moveReturn(
  tx: Tx,
  ret: ReturnRow,
  to: ReturnRow['status'],
  patch: Partial<ReturnRow>,
  event: 'return.approved' | 'return.rejected' | 'return.received' | 'return.refunded',
  extra: Record<string, unknown> = {},
): Promise<ReturnRow> {
  nextReturnStatus(ret.status, to, ret.id);
  const [updated] = await tx
    .update(orderReturns)
    .set({ ...patch, status: to, updatedAt: sql`now()` })
    .where(eq(orderReturns.id, ret.id))
    .returning();
  await emitOrderEvent(
    tx,
    ret.storeId,
    event,
    { type: 'return', id: ret.id },
    returnPayload(updated!, await returnLinesOf(tx, [ret.id]), extra),
  );
  return updated!;
}

/** requested → approved. Approving an approved return returns it. */
export async function approveReturn(
  db: Db,
  o: { storeId: string; returnId: string; actor?: Actor },
): Promise<ReturnView> {
  return withStore(db, o.storeId, async (tx) => {
    const { order, ret } = await lockBoth(tx, o.storeId, o.returnId);
    if (ret.status === 'approved') return viewOfReturn(tx, ret, order);
    const after = await moveReturn(tx, ret, 'approved', { approvedAt: new Date() }, 'return.approved');
    await audit(tx, o.actor, {
      storeId: o.storeId,
      action: 'return.approved',
      entityType: 'return',
      entityId: ret.id,
      before: { status: ret.status },
      after: { status: after.status },
    });
    return viewOfReturn(tx, after, order);
  });
}

/** requested or approved → rejected: its units may be asked for again. */
export async function rejectReturn(
  db: Db,
  o: { storeId: string; returnId: string; reason?: string; actor?: Actor },
): Promise<ReturnView> {
  const reason = parseInput(z.string().trim().min(1).max(500).optional(), o.reason, 'body.reason');
  return withStore(db, o.storeId, async (tx) => {
    const { order, ret } = await lockBoth(tx, o.storeId, o.returnId);
    if (ret.status === 'rejected') return viewOfReturn(tx, ret, order);
    const after = await moveReturn(
      tx,
      ret,
      'rejected',
      { rejectedAt: new Date(), rejectionReason: reason ?? null },
      'return.rejected',
      { reason: reason ?? null },
    );
    await audit(tx, o.actor, {
      storeId: o.storeId,
      action: 'return.rejected',
      entityType: 'return',
      entityId: ret.id,
      before: { status: ret.status },
      after: { status: after.status, reason },
    });
    return viewOfReturn(tx, after, order);
  });
}

/**
 * approved → received: the parcel arrived. Received units marked for restock go back on hand (at
 * `location_id`, or where they were shipped from) in the same transaction; the order counts them
 * returned, and becomes `returned` once every unit is back. Records what the received units were
 * paid for (`received_value`), the default refund.
 */
export async function receiveReturn(
  platform: Platform,
  o: { storeId: string; returnId: string; input?: ReturnReceiptInput; actor?: Actor },
): Promise<ReturnView> {
  const input = parseInput(ReturnReceiptInput, o.input ?? {});
  const { storeId } = o;
  // Where each variant was shipped from (the checkout's reservation), read before the transaction.
  const origin = async (order: Parameters<typeof reservedUnitsOf>[1]): Promise<Map<string, string>> => {
    const { lines } = await reservedUnitsOf(platform, order).catch(() => ({ lines: [] }));
    const m = new Map<string, string>();
    for (const l of lines) if (!m.has(l.variant_id)) m.set(l.variant_id, l.location_id);
    return m;
  };
  const [peek] = await withStore(platform.db, storeId, (tx) =>
    tx
      .select({
        id: orders.id,
        storeId: orders.storeId,
        reservationId: orders.reservationId,
        editedAt: orders.editedAt,
      })
      .from(orderReturns)
      .innerJoin(orders, eq(orders.id, orderReturns.orderId))
      .where(and(eq(orderReturns.storeId, storeId), eq(orderReturns.id, o.returnId))),
  );
  if (!peek) throw new AppError('NOT_FOUND', `No return ${o.returnId} in this store.`);
  const locations = input.location_id ? null : await origin(peek);

  return withStore(platform.db, storeId, async (tx) => {
    const { order, ret } = await lockBoth(tx, storeId, o.returnId);
    if (ret.status === 'received' || ret.status === 'refunded') return viewOfReturn(tx, ret, order);
    nextReturnStatus(ret.status, 'received', ret.id);
    const retLines = await returnLinesOf(tx, [ret.id]);
    const orderLinesById = new Map((await linesOf(tx, [order.id])).map((l) => [l.id, l]));
    const receipt = new Map(retLines.map((l) => [l.id, { quantity: l.quantity, restock: true }]));
    if (input.lines) {
      for (const l of retLines) receipt.set(l.id, { quantity: 0, restock: true });
      const errors: { path: string; message: string }[] = [];
      input.lines.forEach((x, i) => {
        const line = retLines.find((l) => l.id === x.return_line_id);
        if (!line)
          return errors.push({
            path: `body.lines.${i}.return_line_id`,
            message: 'not a line of this return',
          });
        if (x.quantity > line.quantity)
          errors.push({ path: `body.lines.${i}.quantity`, message: `at most ${line.quantity}` });
        receipt.set(line.id, { quantity: x.quantity, restock: x.restock });
      });
      if (errors.length)
        throw new AppError('UNPROCESSABLE', 'This receipt does not match the return.', { errors });
    }
    if ([...receipt.values()].every((r) => r.quantity === 0)) {
      throw new AppError('UNPROCESSABLE', 'A receipt needs at least one unit; reject the return instead.', {
        errors: [{ path: 'body.lines', message: 'no units received' }],
      });
    }

    const restock: RestockLine[] = [];
    let value = 0;
    for (const l of retLines) {
      const got = receipt.get(l.id)!;
      if (got.quantity === 0) continue;
      const line = orderLinesById.get(l.orderLineId)!;
      // From the first units neither returned nor refunded (order refunds take them from there too).
      value += unitsValue(order, line, line.returnedQuantity + line.refundedQuantity, got.quantity);
      if (got.restock) {
        const locationId = input.location_id ?? locations?.get(line.variantId);
        if (!locationId) {
          throw new AppError(
            'UNPROCESSABLE',
            `Where units of ${line.sku ?? line.variantId} were shipped from is unknown.`,
            {
              errors: [{ path: 'body.location_id', message: 'name the stock location to restock at' }],
            },
          );
        }
        restock.push({ variantId: line.variantId, locationId, quantity: got.quantity });
      }
      await tx
        .update(orderReturnLines)
        .set({ receivedQuantity: got.quantity, restockedQuantity: got.restock ? got.quantity : 0 })
        .where(eq(orderReturnLines.id, l.id));
      await tx
        .update(orderLines)
        .set({ returnedQuantity: sql`${orderLines.returnedQuantity} + ${got.quantity}` })
        .where(eq(orderLines.id, line.id));
    }
    if (restock.length) {
      await restockInTx(tx, {
        storeId,
        reference: ret.id,
        note: `return of order ${order.id}`,
        lines: restock,
        actor: o.actor,
      });
    }
    const after = await moveReturn(
      tx,
      ret,
      'received',
      { receivedAt: new Date(), receivedValue: value },
      'return.received',
      {
        receivedValue: value,
        restocked: restock.map((r) => ({
          variantId: r.variantId,
          locationId: r.locationId,
          quantity: r.quantity,
        })),
      },
    );
    const lines = await linesOf(tx, [order.id]);
    // Every unit that shipped is back (units cancelled before shipping never left).
    if (lines.every((l) => l.returnedQuantity === l.quantity - l.cancelledQuantity)) {
      await moveOrder(tx, order, 'returned', {
        actor: o.actor,
        reason: `every unit came back (return ${ret.id})`,
      });
    }
    const view = await viewOfReturn(tx, after, order);
    await audit(tx, o.actor, {
      storeId,
      action: 'return.received',
      entityType: 'return',
      entityId: ret.id,
      before: { status: ret.status },
      after: view,
    });
    return view;
  });
}

/**
 * received → refunded: refund `amount` (default: `received_value`) through payments, under a
 * key derived from the return (`returnRefundKey`). The amount is recorded on the return before
 * payments is asked, so a retry — by the caller or the worker's sweep — asks for the same refund
 * with the same key and a crash between the refund and its recording never refunds twice. A
 * refund the provider refuses opens a new attempt and is 502; 503 leaves it due (retry).
 */
export async function refundReturn(
  platform: Platform,
  o: { storeId: string; returnId: string; amount?: number; to?: 'payment' | 'store_credit'; actor?: Actor },
): Promise<ReturnView> {
  const { amount: asked, to } = parseInput(ReturnRefundInput, { amount: o.amount, to: o.to });
  if (to === 'store_credit') return refundReturnAsStoreCredit(platform, { ...o, amount: asked });
  const { storeId } = o;
  const claim = await withStore(platform.db, storeId, async (tx) => {
    const { order, ret } = await lockBoth(tx, storeId, o.returnId);
    if (ret.status === 'refunded') return { done: await viewOfReturn(tx, ret, order) };
    nextReturnStatus(ret.status, 'refunded', ret.id);
    if (ret.refundAmount !== null) {
      if (asked !== undefined && asked !== ret.refundAmount) {
        throw new AppError(
          'CONFLICT',
          `A refund of ${ret.refundAmount} is already under way for return ${ret.id}.`,
          {
            errors: [{ path: 'body.amount', message: `must be ${ret.refundAmount} (or left out)` }],
          },
        );
      }
      return { order, ret };
    }
    const amount = asked ?? ret.receivedValue;
    const [held] = await tx
      .update(orderReturns)
      .set({ refundAmount: amount, updatedAt: sql`now()` })
      .where(eq(orderReturns.id, ret.id))
      .returning();
    return { order, ret: held! };
  });
  if ('done' in claim) return claim.done!;
  const { order, ret } = claim;
  // What the order paid with gift cards goes back to them first (once per return, whatever the
  // attempts); the card payment is refunded for the rest.
  const toGiftCards =
    order.giftCardTotal > 0 && ret.refundAmount! > 0
      ? await withStore(platform.db, storeId, async (tx) =>
          giveBackToGiftCards(platform, tx, await lockOrder(tx, storeId, order.id), {
            amount: ret.refundAmount!,
            key: `return:${ret.id}`,
            reason: refundReasons.returned(ret.id, order.id),
          }),
        )
      : 0;
  const toCard = Math.max(0, ret.refundAmount! - toGiftCards);

  let refund: { id: string; amount: number } | null = null;
  if (toCard > 0) {
    let refusal: unknown = null;
    try {
      const r = await refundPayment(platform, {
        storeId,
        intentId: order.paymentIntentId,
        amount: toCard,
        reason: refundReasons.returned(ret.id, order.id),
        idempotencyKey: returnRefundKey(ret.id, ret.refundAttempt),
        actor: o.actor,
      });
      if (r.status === 'failed') {
        refusal = new AppError(
          'PAYMENT_PROVIDER_ERROR',
          `The payment provider refused the refund (${r.error?.message ?? 'no reason given'}); try again.`,
        );
      } else refund = { id: r.id, amount: r.amount };
    } catch (err) {
      // Unknown outcome (503): the refund stays due and is retried with the same key.
      if (
        !(err instanceof AppError) ||
        err.code === 'PAYMENT_PROVIDER_UNAVAILABLE' ||
        (err.status >= 500 && err.code !== 'PAYMENT_PROVIDER_ERROR')
      )
        throw err;
      refusal = err;
    }
    if (refusal) {
      // Refused (or not possible as asked): the decision is reopened, under a new key for the next try.
      await withStore(platform.db, storeId, async (tx) => {
        const { ret: now } = await lockBoth(tx, storeId, ret.id);
        if (now.status !== 'received' || now.refundAttempt !== ret.refundAttempt) return;
        await tx
          .update(orderReturns)
          .set({ refundAttempt: now.refundAttempt + 1, refundAmount: null, updatedAt: sql`now()` })
          .where(eq(orderReturns.id, now.id));
      });
      throw refusal;
    }
  }
  returnFaults.afterRefund?.();
  const payment = await getPaymentIntent(platform, { storeId, intentId: order.paymentIntentId });

  return withStore(platform.db, storeId, async (tx) => {
    const both = await lockBoth(tx, storeId, ret.id);
    let now = both.ret;
    const current = await notePayment(tx, both.order, payment, o.actor);
    if (now.status === 'refunded') return viewOfReturn(tx, now, current);
    now = await moveReturn(
      tx,
      now,
      'refunded',
      {
        refundedAt: new Date(),
        refundedAmount: (refund?.amount ?? 0) + toGiftCards,
        refundId: refund?.id ?? null,
      },
      'return.refunded',
      { refundAmount: (refund?.amount ?? 0) + toGiftCards, refundId: refund?.id ?? null },
    );
    await audit(tx, o.actor, {
      storeId,
      action: 'return.refunded',
      entityType: 'return',
      entityId: now.id,
      before: { status: ret.status },
      after: { status: now.status, refund_amount: now.refundedAmount, refund_id: now.refundId },
    });
    return viewOfReturn(tx, now, current);
  });
}

/**
 * received → refunded as store credit: a new gift card worth `amount` (default `received_value`,
 * at most that) for the order's customer, its code e-mailed to the order's address, in ONE
 * transaction with the return's move (a retry finds it refunded and issues nothing more), and the
 * credit note that documents it. The payment and the order's gift cards are not touched.
 */
async function refundReturnAsStoreCredit(
  platform: Platform,
  o: { storeId: string; returnId: string; amount?: number | undefined; actor?: Actor },
): Promise<ReturnView> {
  const { storeId } = o;
  return withStore(platform.db, storeId, async (tx) => {
    const { order, ret } = await lockBoth(tx, storeId, o.returnId);
    if (ret.status === 'refunded') return viewOfReturn(tx, ret, order);
    nextReturnStatus(ret.status, 'refunded', ret.id);
    if (ret.refundAmount !== null) {
      throw new AppError(
        'CONFLICT',
        `A refund of ${ret.refundAmount} to the payment is already under way for return ${ret.id}.`,
      );
    }
    const amount = o.amount ?? ret.receivedValue;
    if (amount > ret.receivedValue) {
      throw new AppError(
        'UNPROCESSABLE',
        'Store credit cannot exceed what the received units were paid for.',
        {
          errors: [
            {
              path: 'body.amount',
              message: `at most ${ret.receivedValue} (${minorToDecimal(ret.receivedValue, minorUnitExponent(order.currency))} ${order.currency}): what the received units were paid for`,
            },
          ],
        },
      );
    }
    const label = `${displayNumber(order.number)}-R${ret.sequence}`;
    const card =
      amount > 0
        ? await issueGiftCardInTx(tx, {
            storeId,
            currency: order.currency,
            value: amount,
            customerId: order.customerId,
            recipientEmail: order.email,
            note: `Store credit for return ${label}`,
            ...(o.actor ? { by: o.actor.actor } : {}),
          })
        : null;
    const now = await moveReturn(
      tx,
      ret,
      'refunded',
      {
        refundedAt: new Date(),
        refundAmount: amount,
        refundedAmount: amount,
        storeCreditGiftCardId: card?.row.id ?? null,
      },
      'return.refunded',
      { refundAmount: amount, refundId: null, storeCreditGiftCardId: card?.row.id ?? null },
    );
    if (card) {
      await issueCreditNoteInTx(tx, {
        storeId,
        orderId: order.id,
        refund: {
          id: `store-credit:${card.row.id}`,
          amount,
          currency: order.currency,
          reason: refundReasons.returned(ret.id, order.id),
        },
      });
    }
    await audit(tx, o.actor, {
      storeId,
      action: 'return.refunded',
      entityType: 'return',
      entityId: now.id,
      before: { status: ret.status },
      after: { status: now.status, refund_amount: amount, store_credit_gift_card_id: card?.row.id ?? null },
    });
    // Its code exists only here: the e-mail is recorded with the card (sent once this commits).
    if (card) {
      await queueGiftCardEmailInTx(platform, tx, {
        card: giftCardView(card.row),
        storeId,
        code: card.code,
        storeCreditFor: label,
      });
    }
    return viewOfReturn(tx, now, order);
  });
}

export async function getReturn(db: Db, o: { storeId: string; returnId: string }): Promise<ReturnView> {
  return withStore(db, o.storeId, async (tx) => {
    const [row] = await tx
      .select({ r: orderReturns, number: orders.number })
      .from(orderReturns)
      .innerJoin(orders, eq(orders.id, orderReturns.orderId))
      .where(and(eq(orderReturns.storeId, o.storeId), eq(orderReturns.id, o.returnId)));
    if (!row) throw new AppError('NOT_FOUND', `No return ${o.returnId} in this store.`);
    return viewOfReturn(tx, row.r, { number: row.number });
  });
}

/** Returns, newest first, by status and/or order. */
export async function listReturns(
  db: Db,
  o: { storeId: string; query: z.input<typeof ReturnListQuery> },
): Promise<Page<ReturnView>> {
  const q = parseInput(ReturnListQuery, o.query, 'querystring');
  const cursor = decodeCursor<{ id: string }>(q.cursor);
  return withStore(db, o.storeId, async (tx) => {
    const rows = await tx
      .select({ r: orderReturns, number: orders.number })
      .from(orderReturns)
      .innerJoin(orders, eq(orders.id, orderReturns.orderId))
      .where(
        and(
          eq(orderReturns.storeId, o.storeId),
          q.status ? eq(orderReturns.status, q.status) : undefined,
          q.order_id ? eq(orderReturns.orderId, q.order_id) : undefined,
          cursor ? lt(orderReturns.id, String(cursor.id)) : undefined,
        ),
      )
      .orderBy(desc(orderReturns.id))
      .limit(q.limit + 1);
    const page = toPage(rows, q.limit, (x) => ({ id: x.r.id }));
    const lines = await returnLinesOf(
      tx,
      page.data.map((x) => x.r.id),
    );
    return { data: page.data.map((x) => returnView(x.r, lines, x.number)), next_cursor: page.next_cursor };
  });
}

/** Received returns whose refund was decided but not recorded, older than `olderThanSeconds` (all stores). */
export async function dueReturnRefunds(
  platform: Platform,
  o: { olderThanSeconds: number; limit?: number },
): Promise<{ storeId: string; returnId: string }[]> {
  return platform.db
    .select({ storeId: orderReturns.storeId, returnId: orderReturns.id })
    .from(orderReturns)
    .where(
      and(
        eq(orderReturns.status, 'received'),
        sql`${orderReturns.refundAmount} IS NOT NULL`,
        lt(orderReturns.updatedAt, sql`now() - make_interval(secs => ${o.olderThanSeconds})`),
      ),
    )
    .limit(o.limit ?? 100);
}
