import { and, asc, eq, inArray, lt, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Platform } from '../../platform/context.ts';
import { withStore, type DbOrTx, type Tx } from '../../platform/db/database.ts';
import { AppError } from '../../platform/errors.ts';
import { newId } from '../../platform/ids.ts';
import { parseInput } from '../../platform/validation.ts';
import {
  disableBoughtCardsInTx,
  enableCardsInTx,
  giftCardView,
  issueGiftCardInTx,
} from '../gift-cards/cards.ts';
import { queueGiftCardEmailInTx } from '../gift-cards/emails.ts';
import { issueCreditNoteInTx } from './credit-notes.ts';
import { giftCardsOfOrder } from '../gift-cards/tender.ts';
import { getPaymentIntent, refundPayment, type PaymentIntentView } from '../payments/service.ts';
import { emitOrderEvent } from './events.ts';
import { giveBackToGiftCards } from './gift-card-refunds.ts';
import { unitsValue } from './line-value.ts';
import { LineUnits, takeOpenUnits } from './open-units.ts';
import { unitsInReturns } from './returns.ts';
import {
  audit,
  findOrder,
  linesOf,
  lockOrder,
  notePayment,
  orderEventPayload,
  viewOf,
  type Actor,
} from './shared.ts';
import {
  orderLines,
  orderRefundLines,
  orderRefunds,
  orderReturns,
  type OrderLineRow,
  type OrderRefundRow,
  type OrderRow,
} from './schema.ts';
import { orderRefundView, refundNumber, type OrderRefundView, type OrderView } from './views.ts';

/**
 * Refunds staff make on an order without a return: items the customer keeps (damaged in transit,
 * not as described), the shipping, an amount of goodwill — as Shopify's "Refund" does. Asked in
 * two steps, like a return's refund:
 *
 * 1. **Claimed** in one transaction under the order's lock: the units checked (shipped, not
 *    returned or refunded before), valued as returns value them (each line's paid amount split
 *    over its units), the shipping at most what was charged for it, the total at most what is
 *    left to give back; gift cards bought with refunded units disabled (none may be spent once
 *    refunded); the split decided — the order's gift cards first, the payment for the rest — and
 *    the refund recorded `pending` with its lines.
 * 2. **Settled**: payments refunds its part under the key `order-refund:<id>` (once, whatever the
 *    retries), then one transaction gives the gift cards their part (once per refund), records it
 *    `refunded` and emits `order.refund_issued` (the shopper's e-mail). A provider's refusal
 *    records it `failed` and releases its units and cards; an unknown answer (a crash, a provider
 *    down) leaves it `pending` for the worker's settlement to ask again with the same key.
 */

export const OrderRefundInput = z
  .strictObject({
    lines: z
      .array(LineUnits.element)
      .max(500)
      .default([])
      .describe('Shipped units the customer keeps, refunded at what they were paid for'),
    shipping_amount: z
      .number()
      .int()
      .min(0)
      .default(0)
      .describe('Of the shipping charged (with its tax), minor units'),
    amount: z
      .number()
      .int()
      .min(0)
      .default(0)
      .describe('An amount on top (goodwill, a price adjustment), minor units'),
    reason: z
      .string()
      .trim()
      .min(1)
      .max(500)
      .optional()
      .describe('Shown to the customer and on the credit note'),
    notify_customer: z.boolean().default(true).describe('E-mail the customer the refund'),
    to: z
      .enum(['payment', 'store_credit'])
      .default('payment')
      .describe(
        'payment: back to how the order was paid (its gift cards first, then the payment); store_credit: a ' +
          'new gift card for the amount, its code e-mailed to the customer',
      ),
  })
  .describe('What to refund: items, shipping and/or an amount; at least one');
export type OrderRefundInput = z.input<typeof OrderRefundInput>;

/** Orders whose payment may be refunded without a return (not pending, cancelled or refunded). */
const REFUNDABLE_STATUSES = ['confirmed', 'processing', 'shipped', 'delivered', 'returned'] as const;

/** The payments idempotency key of an order refund: the same on every try. */
const paymentKey = (refundId: string) => `order-refund:${refundId}`;

/** For tests: work just before payments is asked; a crash right after it refunded, before the order recorded it. */
export const orderRefundFaults = {
  beforePaymentRefund: null as null | (() => Promise<void>),
  afterPaymentRefund: null as null | (() => void),
};

interface OrderRefundResult {
  refund: OrderRefundView;
  order: OrderView;
}

/** `POST /admin/v1/orders/{id}/refunds`: claim the refund, then settle it (above). */
export async function refundOrder(
  platform: Platform,
  o: { storeId: string; orderId: string; input: OrderRefundInput; actor?: Actor },
): Promise<OrderRefundResult> {
  const input = parseInput(OrderRefundInput, o.input);
  const { storeId } = o;
  const current = await withStore(platform.db, storeId, (tx) => findOrder(tx, storeId, o.orderId));
  if (!current) throw new AppError('NOT_FOUND', `Order ${o.orderId} not found.`);
  // What the payment may still give back, asked before the order's lock (payments has its own).
  const payment = await getPaymentIntent(platform, { storeId, intentId: current.paymentIntentId });
  const { refund: claimed, storeCredit } = await withStore(platform.db, storeId, (tx) =>
    claimRefund(platform, tx, { storeId, orderId: o.orderId, input, payment, actor: o.actor }),
  );
  if (!storeCredit) {
    try {
      await settleOrderRefund(platform, { storeId, refundId: claimed.id, actor: o.actor });
    } catch (err) {
      // Refused: the refund is recorded failed, staff hear why. Unknown (the provider down): it
      // stays pending and the worker's settlement asks again with the same key.
      if (!(err instanceof AppError) || err.code === 'PAYMENT_PROVIDER_ERROR' || err.status < 500) throw err;
      platform.log.warn({ err, refundId: claimed.id }, 'order refund not settled yet; will retry');
    }
  }
  return withStore(platform.db, storeId, async (tx) => {
    const order = (await findOrder(tx, storeId, o.orderId))!;
    return { refund: (await refundsOf(tx, order, [claimed.id]))[0]!, order: await viewOf(tx, order) };
  });
}

async function claimRefund(
  platform: Platform,
  tx: Tx,
  o: {
    storeId: string;
    orderId: string;
    input: z.output<typeof OrderRefundInput>;
    payment: PaymentIntentView;
    actor?: Actor;
  },
): Promise<{ refund: OrderRefundRow; storeCredit?: true }> {
  const { storeId, input } = o;
  const order = await lockOrder(tx, storeId, o.orderId);
  if (!(REFUNDABLE_STATUSES as readonly string[]).includes(order.status)) {
    throw new AppError(
      'INVALID_STATE_TRANSITION',
      order.status === 'pending'
        ? `Order ${order.id} is pending: its checkout is still running.`
        : `Order ${order.id} is ${order.status}; it has nothing more to refund.`,
    );
  }
  const lines = await linesOf(tx, [order.id]);
  const refunding = await takeRefundableUnits(tx, order, lines, input.lines);

  const errors: { path: string; message: string }[] = [];
  const refunds = await tx
    .select()
    .from(orderRefunds)
    .where(and(eq(orderRefunds.orderId, order.id), inArray(orderRefunds.status, ['pending', 'refunded'])));
  const shippingLeft =
    order.shippingTotal +
    (order.taxInclusive ? 0 : (order.shipping?.tax ?? 0)) -
    refunds.reduce((s, r) => s + r.shippingAmount, 0);
  if (input.shipping_amount > shippingLeft) {
    errors.push({
      path: 'body.shipping_amount',
      message: `at most ${Math.max(shippingLeft, 0)}: the shipping not yet refunded`,
    });
  }
  const itemsAmount = refunding.reduce((s, r) => s + r.amount, 0);
  const amount = itemsAmount + input.shipping_amount + input.amount;
  if (amount === 0 && !errors.length) {
    errors.push({ path: 'body', message: 'name items, a shipping amount or an amount to refund' });
  }

  // What is left to give back: the gift cards' part not yet given, and the payment's refundable
  // amount less what refunds under way (this order's, a return's, cancelled items') will take.
  const cardsLeft = (await giftCardsOfOrder(tx, storeId, order.id)).reduce(
    (s, c) => s + c.amount - c.refunded,
    0,
  );
  const pending = refunds.filter((r) => r.status === 'pending');
  const cardsPending = pending.reduce((s, r) => s + r.giftCardAmount, 0);
  const giftCardAmount =
    input.to === 'store_credit' ? 0 : Math.max(0, Math.min(amount, cardsLeft - cardsPending));
  // Store credit given for this order (a new card) took money the payment still holds.
  const storeCredit = refunds.reduce((s, r) => s + (r.storeCreditGiftCardId ? r.refundedAmount : 0), 0);
  const paymentLeft =
    (o.payment.status === 'captured' ? o.payment.refundable_amount : 0) -
    pending.reduce((s, r) => s + r.amount - r.giftCardAmount, 0) -
    (await returnsTakingMoney(tx, order.id)) -
    storeCredit -
    (order.itemsRefundAmount ?? 0);
  const left = Math.max(0, paymentLeft) + Math.max(0, cardsLeft - cardsPending);
  if (amount > left && !errors.length) {
    errors.push({
      path:
        input.amount > 0 ? 'body.amount' : input.shipping_amount > 0 ? 'body.shipping_amount' : 'body.lines',
      message:
        o.payment.status === 'authorized' && cardsLeft === 0
          ? 'nothing was captured yet: cancel the items instead, or capture first'
          : `at most ${left} in all: what is left to refund`,
    });
  }
  if (errors.length) throw new AppError('UNPROCESSABLE', 'This refund cannot be made.', { errors });

  // Gift cards bought with refunded units: disabled now, or the refund is refused.
  const cardsOff = new Map<string, string[]>();
  for (const r of refunding) {
    if (!r.line.giftCard) continue;
    const ids = await disableBoughtCardsInTx(tx, {
      storeId,
      orderId: order.id,
      orderLineId: r.line.id,
      count: r.quantity,
    });
    if (!ids) {
      throw new AppError('UNPROCESSABLE', 'This refund cannot be made.', {
        errors: [
          {
            path: `body.lines.${r.index}.quantity`,
            message:
              'a gift card bought with these units was spent or disabled: refund what is left on it as an amount',
          },
        ],
      });
    }
    cardsOff.set(r.line.id, ids);
  }

  const [{ sequence }] = (await tx
    .select({ sequence: sql<number>`coalesce(max(${orderRefunds.sequence}), 0)::int + 1` })
    .from(orderRefunds)
    .where(eq(orderRefunds.orderId, order.id))) as [{ sequence: number }];
  const [refund] = await tx
    .insert(orderRefunds)
    .values({
      id: newId('orf'),
      storeId,
      orderId: order.id,
      sequence,
      status: 'pending',
      reason: input.reason ?? null,
      notifyCustomer: input.notify_customer,
      itemsAmount,
      shippingAmount: input.shipping_amount,
      extraAmount: input.amount,
      amount,
      giftCardAmount,
      actorType: o.actor?.actor.type ?? 'system',
      actorId: o.actor?.actor.id ?? null,
    })
    .returning();
  if (refunding.length) {
    await tx.insert(orderRefundLines).values(
      refunding.map((r) => ({
        id: newId('orfln'),
        storeId,
        refundId: refund!.id,
        orderLineId: r.line.id,
        quantity: r.quantity,
        amount: r.amount,
        giftCardIds: cardsOff.get(r.line.id) ?? [],
      })),
    );
    for (const r of refunding) {
      await tx
        .update(orderLines)
        .set({ refundedQuantity: sql`${orderLines.refundedQuantity} + ${r.quantity}` })
        .where(and(eq(orderLines.id, r.line.id), eq(orderLines.orderId, order.id)));
    }
  }
  if (input.to === 'payment') return { refund: refund! };
  // Store credit: a new gift card for the amount, issued and recorded now — nothing to ask payments.
  const label = refundNumber(order.number, sequence);
  const card = await issueGiftCardInTx(tx, {
    storeId,
    currency: order.currency,
    value: amount,
    customerId: order.customerId,
    recipientEmail: order.email,
    note: `Store credit for refund ${label}`,
    ...(o.actor ? { by: o.actor.actor } : {}),
  });
  await issueCreditNoteInTx(tx, {
    storeId,
    orderId: order.id,
    refund: {
      id: `store-credit:${card.row.id}`,
      amount,
      currency: order.currency,
      reason: input.reason ?? `Refund ${label}`,
    },
  });
  await recordIssued(
    tx,
    order,
    refund!.id,
    { refunded: amount, given: 0, paymentRefundId: null, storeCreditGiftCardId: card.row.id },
    o.actor,
  );
  // Its code exists only here: the e-mail is recorded with the card (sent once this commits).
  await queueGiftCardEmailInTx(platform, tx, {
    card: giftCardView(card.row),
    storeId,
    code: card.code,
    storeCreditFor: label,
  });
  return { refund: refund!, storeCredit: true };
}

/**
 * The units asked of each line (a line named twice adds up), checked against what shipped and has
 * neither come back (or is on its way back) nor been refunded: 422 naming each line that asks too
 * many. Valued from the first units not yet returned or refunded, as a return values them.
 */
async function takeRefundableUnits(
  tx: Tx,
  order: OrderRow,
  lines: readonly OrderLineRow[],
  wanted: readonly { order_line_id: string; quantity: number }[],
): Promise<{ line: OrderLineRow; quantity: number; amount: number; index: number }[]> {
  if (!wanted.length) return [];
  const inReturns = await unitsInReturns(tx, order.id);
  const take = takeOpenUnits(
    lines,
    wanted,
    {
      refusal: 'These units cannot be refunded.',
      tooMany: (open) =>
        open <= 0
          ? 'no unit of this line can be refunded: none shipped, or all came back or were refunded'
          : `only ${open} shipped and not returned or refunded`,
    },
    (l) => l.fulfilledQuantity - (inReturns.get(l.id) ?? 0) - l.refundedQuantity,
  );
  const byId = new Map(lines.map((l) => [l.id, l]));
  return [...take].map(([lineId, quantity]) => {
    const line = byId.get(lineId)!;
    const from = line.returnedQuantity + line.refundedQuantity;
    return {
      line,
      quantity,
      amount: unitsValue(order, line, from, quantity),
      index: wanted.findIndex((w) => w.order_line_id === lineId),
    };
  });
}

/**
 * What returns of the order take that the payment still holds: refunds decided and not yet
 * recorded, and store credit given instead of a refund.
 */
async function returnsTakingMoney(tx: Tx, orderId: string): Promise<number> {
  const [{ due }] = (await tx
    .select({
      due: sql<number>`coalesce(sum(CASE
        WHEN ${orderReturns.status} = 'received' THEN ${orderReturns.refundAmount}
        WHEN ${orderReturns.storeCreditGiftCardId} IS NOT NULL THEN ${orderReturns.refundedAmount} END), 0)::bigint`,
    })
    .from(orderReturns)
    .where(eq(orderReturns.orderId, orderId))) as [{ due: number }];
  return Number(due);
}

/**
 * Ask payments for a pending refund's part and record the outcome (above). Safe to call any time
 * and from any process: a refund no longer pending is left as it is. A refusal is 502
 * PAYMENT_PROVIDER_ERROR (the refund recorded failed); an unknown answer is thrown as it came.
 */
export async function settleOrderRefund(
  platform: Platform,
  o: { storeId: string; refundId: string; actor?: Actor },
): Promise<void> {
  const { storeId } = o;
  const found = await withStore(platform.db, storeId, async (tx) => {
    const [row] = await tx
      .select()
      .from(orderRefunds)
      .where(and(eq(orderRefunds.storeId, storeId), eq(orderRefunds.id, o.refundId)));
    return row?.status === 'pending'
      ? { refund: row, order: (await findOrder(tx, storeId, row.orderId))! }
      : null;
  });
  if (!found) return;
  const { refund, order } = found;
  // Staff's words on the credit notes (a refund they made), else its number.
  const reason = refund.reason ?? `Refund ${refundNumber(order.number, refund.sequence)}`;
  const paymentPart = refund.amount - refund.giftCardAmount;
  let paymentRefundId: string | null = null;
  if (paymentPart > 0) {
    let refusal: string | null = null;
    await orderRefundFaults.beforePaymentRefund?.();
    try {
      const r = await refundPayment(platform, {
        storeId,
        intentId: order.paymentIntentId,
        amount: paymentPart,
        reason,
        idempotencyKey: paymentKey(refund.id),
        actor: o.actor,
      });
      if (r.status === 'failed') refusal = r.error?.message ?? 'no reason given';
      else paymentRefundId = r.id;
    } catch (err) {
      // A refusal (too much, a payment not captured, the provider's no) is final for this refund;
      // anything else (a provider down, a crash) leaves it pending, asked again with the same key.
      if (!(err instanceof AppError) || (err.status >= 500 && err.code !== 'PAYMENT_PROVIDER_ERROR'))
        throw err;
      refusal = err.message;
    }
    if (refusal !== null) {
      await withStore(platform.db, storeId, (tx) => failRefund(tx, refund, refusal!, o.actor));
      throw new AppError('PAYMENT_PROVIDER_ERROR', `The refund was refused: ${refusal}`, {
        extensions: { refund_id: refund.id },
      });
    }
  }
  orderRefundFaults.afterPaymentRefund?.();
  const payment = await getPaymentIntent(platform, { storeId, intentId: order.paymentIntentId });
  await withStore(platform.db, storeId, async (tx) => {
    let row = await lockOrder(tx, storeId, refund.orderId);
    const [now] = await tx.select().from(orderRefunds).where(eq(orderRefunds.id, refund.id)).for('update');
    if (now!.status !== 'pending') return; // recorded meanwhile
    const given =
      refund.giftCardAmount > 0
        ? await giveBackToGiftCards(platform, tx, row, {
            amount: refund.giftCardAmount,
            key: `refund:${refund.id}`,
            reason,
          })
        : 0;
    row = await notePayment(tx, row, payment, o.actor);
    await recordIssued(
      tx,
      row,
      refund.id,
      { refunded: paymentPart + given, given, paymentRefundId },
      o.actor,
    );
  });
}

/** Record a refund given back (`refunded`), announce it (`order.refund_issued`: the e-mail) and audit it. */
async function recordIssued(
  tx: Tx,
  order: OrderRow,
  refundId: string,
  parts: { refunded: number; given: number; paymentRefundId: string | null; storeCreditGiftCardId?: string },
  actor?: Actor,
): Promise<void> {
  const [done] = await tx
    .update(orderRefunds)
    .set({
      status: 'refunded',
      refundedAmount: parts.refunded,
      paymentRefundId: parts.paymentRefundId,
      storeCreditGiftCardId: parts.storeCreditGiftCardId ?? null,
      refundedAt: sql`now()`,
    })
    .where(eq(orderRefunds.id, refundId))
    .returning();
  const [view] = await refundsOf(tx, order, [refundId]);
  await emitOrderEvent(
    tx,
    order.storeId,
    'order.refund_issued',
    { type: 'order', id: order.id },
    orderEventPayload(order, {
      refundId,
      refundedAmount: done!.refundedAmount,
      giftCardAmount: parts.given,
      paymentRefundId: parts.paymentRefundId,
      storeCreditGiftCardId: done!.storeCreditGiftCardId,
      reason: done!.reason,
      notifyCustomer: done!.notifyCustomer,
      lines: view!.lines.map((l) => ({ orderLineId: l.order_line_id, quantity: l.quantity })),
    }),
  );
  await audit(tx, actor, {
    storeId: order.storeId,
    action: 'order.refund_issued',
    entityType: 'order',
    entityId: order.id,
    after: { refund: view },
  });
}

/** A refund the provider refused: recorded failed; its units may be refunded again, its cards spent. */
async function failRefund(tx: Tx, refund: OrderRefundRow, message: string, actor?: Actor): Promise<void> {
  await lockOrder(tx, refund.storeId, refund.orderId);
  const [now] = await tx.select().from(orderRefunds).where(eq(orderRefunds.id, refund.id)).for('update');
  if (now!.status !== 'pending') return;
  await tx
    .update(orderRefunds)
    .set({ status: 'failed', failureMessage: message.slice(0, 500) })
    .where(eq(orderRefunds.id, refund.id));
  const lines = await tx.select().from(orderRefundLines).where(eq(orderRefundLines.refundId, refund.id));
  for (const l of lines) {
    await tx
      .update(orderLines)
      .set({ refundedQuantity: sql`${orderLines.refundedQuantity} - ${l.quantity}` })
      .where(eq(orderLines.id, l.orderLineId));
    if (l.giftCardIds.length) await enableCardsInTx(tx, { storeId: refund.storeId, ids: l.giftCardIds });
  }
  await audit(tx, actor, {
    storeId: refund.storeId,
    action: 'order.refund_failed',
    entityType: 'order',
    entityId: refund.orderId,
    after: { refund_id: refund.id, failure: message.slice(0, 500) },
  });
}

/** The order's refunds (or only `ids`), oldest first. */
async function refundsOf(
  tx: DbOrTx,
  order: Pick<OrderRow, 'id' | 'number'>,
  ids?: readonly string[],
): Promise<OrderRefundView[]> {
  const rows = await tx
    .select()
    .from(orderRefunds)
    .where(and(eq(orderRefunds.orderId, order.id), ids ? inArray(orderRefunds.id, [...ids]) : undefined))
    .orderBy(asc(orderRefunds.sequence));
  if (!rows.length) return [];
  const lines = await tx
    .select()
    .from(orderRefundLines)
    .where(
      inArray(
        orderRefundLines.refundId,
        rows.map((r) => r.id),
      ),
    );
  return rows.map((r) => orderRefundView(r, lines, order.number));
}

/** Refunds still pending after `olderThanSeconds` (all stores), for the worker's settlement. */
export async function dueOrderRefunds(
  platform: Platform,
  o: { olderThanSeconds: number; limit?: number },
): Promise<{ storeId: string; refundId: string }[]> {
  return platform.db
    .select({ storeId: orderRefunds.storeId, refundId: orderRefunds.id })
    .from(orderRefunds)
    .where(
      and(
        eq(orderRefunds.status, 'pending'),
        lt(orderRefunds.createdAt, sql`now() - make_interval(secs => ${o.olderThanSeconds})`),
      ),
    )
    .limit(o.limit ?? 100);
}
