import { and, eq, sql } from 'drizzle-orm';
import { paymentOwes } from './gift-card-refunds.ts';
import { z } from 'zod';
import type { Platform } from '../../platform/context.ts';
import { withStore, type Tx } from '../../platform/db/database.ts';
import { AppError } from '../../platform/errors.ts';
import { newId } from '../../platform/ids.ts';
import { parseInput } from '../../platform/validation.ts';
import { captureIfDue } from '../payments/service.ts';
import { emitOrderEvent } from './events.ts';
import { settleCancelledItems } from './item-cancellation.ts';
import { LineUnits, openUnits, takeOpenUnits } from './open-units.ts';
import {
  audit,
  findOrder,
  linesOf,
  lockOrder,
  moveOrder,
  notePayment,
  notFound,
  type Actor,
} from './shared.ts';
import { fulfilmentLines, fulfilments, orderLines, type OrderRow } from './schema.ts';
import { TRACKED_CARRIERS, trackingUrlFor } from './tracking.ts';
import { fulfilmentView, type FulfilmentView, type OrderView, orderView } from './views.ts';

export const FulfilmentInput = z.strictObject({
  carrier: z.string().trim().min(1).max(100).optional().describe('e.g. UPS, DHL, VNPost'),
  tracking_number: z.string().trim().min(1).max(100).optional(),
  tracking_url: z
    .url()
    .max(2000)
    .optional()
    .describe(`Left out: made from the carrier and tracking number for ${TRACKED_CARRIERS}`),
  lines: LineUnits.optional().describe('What this parcel holds; default: every unit not yet shipped'),
  notify_customer: z.boolean().default(true).describe('Send the shopper a shipping notice'),
});
export type FulfilmentInput = z.input<typeof FulfilmentInput>;

/**
 * Ship units of a confirmed or processing order: a fulfilment with the carrier and tracking
 * number. Once every unit is in a fulfilment the order is `shipped` (a confirmed order passes
 * through `processing`). Inventory is not touched: the checkout committed the stock at placement.
 *
 * The payment is captured first when the store captures on fulfilment (`captureIfDue`, whose
 * provider call is idempotent): a payment that cannot be captured ships nothing, and a retry
 * after a crash between the capture and the fulfilment captures once and ships once.
 */
export async function fulfilOrder(
  platform: Platform,
  o: { storeId: string; orderId: string; input: FulfilmentInput; actor?: Actor },
): Promise<{ fulfilment: FulfilmentView; order: OrderView }> {
  const input = parseInput(FulfilmentInput, o.input);
  const { storeId } = o;
  const current = await withStore(platform.db, storeId, (tx) => findOrder(tx, storeId, o.orderId));
  if (!current) throw notFound(o.orderId);
  assertShippable(current.status, current.id);
  // Units cancelled before shipping are not charged, and an edit may have changed what is owed:
  // the capture takes what is still owed rather than the whole hold.
  const changed = current.cancelledAmount > 0 || current.editedAt !== null;
  const owed = changed ? await withStore(platform.db, storeId, (tx) => paymentOwes(tx, current)) : 0;
  const payment = await captureIfDue(platform, {
    storeId,
    intentId: current.paymentIntentId,
    moment: 'fulfilment',
    ...(changed && owed > 0 ? { amount: owed } : {}),
  });

  const shipped = await withStore(platform.db, storeId, async (tx) => {
    const row = await notePayment(tx, await lockOrder(tx, storeId, o.orderId), payment, o.actor);
    return shipUnitsInTx(tx, row, input, o.actor);
  });
  if (shipped.order.cancelled_amount > 0 && payment.status === 'captured') {
    // A capture that raced a cancellation took more than is owed: the rest goes back.
    await settleCancelledItems(platform, { storeId, orderId: o.orderId, actor: o.actor }).catch(
      (err: unknown) => {
        platform.log.warn(
          { err, orderId: o.orderId },
          'refund of cancelled items not settled yet; will retry',
        );
      },
    );
  }
  return shipped;
}

/**
 * A fulfilment of `input`'s units (default: every unit not yet shipped) of the order locked as
 * `locked`, in the caller's transaction: the fulfilment and its lines, the units counted shipped,
 * the order moved (confirmed → processing; shipped once every unit is), `fulfilment.created`.
 * Refused when the order is not confirmed or processing, or nothing is left to ship. The
 * payment is the caller's: `fulfilOrder` captures first; gift cards bought are delivered once paid.
 */
export async function shipUnitsInTx(
  tx: Tx,
  locked: OrderRow,
  input: z.output<typeof FulfilmentInput>,
  actor: Actor | undefined,
): Promise<{ fulfilment: FulfilmentView; order: OrderView }> {
  let row = locked;
  const storeId = row.storeId;
  assertShippable(row.status, row.id);
  const lines = await linesOf(tx, [row.id]);
  const wanted = input.lines ?? lines.map((l) => ({ order_line_id: l.id, quantity: openUnits(l) }));
  const take = takeOpenUnits(lines, wanted, {
    refusal: 'These units cannot be shipped.',
    tooMany: (open) => `only ${open} left to ship`,
  });
  const parcel = [...take].filter(([, q]) => q > 0);
  if (parcel.length === 0)
    throw new AppError('CONFLICT', `Every unit of order ${row.id} has already shipped.`);

  const [fulfilment] = await tx
    .insert(fulfilments)
    .values({
      id: newId('ful'),
      storeId,
      orderId: row.id,
      carrier: input.carrier ?? null,
      trackingNumber: input.tracking_number ?? null,
      trackingUrl: input.tracking_url ?? trackingUrlFor(input.carrier, input.tracking_number),
      shippedAt: sql`now()`,
      createdAt: sql`now()`,
    })
    .returning();
  const shippedLines = await tx
    .insert(fulfilmentLines)
    .values(
      parcel.map(([lineId, quantity]) => ({
        id: newId('fulln'),
        storeId,
        fulfilmentId: fulfilment!.id,
        orderLineId: lineId,
        quantity,
      })),
    )
    .returning();
  for (const [lineId, quantity] of parcel) {
    await tx
      .update(orderLines)
      .set({ fulfilledQuantity: sql`${orderLines.fulfilledQuantity} + ${quantity}` })
      .where(and(eq(orderLines.id, lineId), eq(orderLines.orderId, row.id)));
  }
  const before = row.status;
  if (row.status === 'confirmed') row = await moveOrder(tx, row, 'processing', { actor: actor });
  const after = await linesOf(tx, [row.id]);
  // An order of digital goods and services is delivered when it is fulfilled: nothing travels.
  const delivered = after.every((l) => !l.requiresShipping);
  if (after.every((l) => openUnits(l) === 0)) {
    row = await moveOrder(tx, row, 'shipped', { actor: actor });
    if (delivered) {
      row = await moveOrder(tx, row, 'delivered', {
        actor,
        reason: 'nothing to ship: delivered when fulfilled',
      });
    }
  }
  const ful = delivered
    ? (
        await tx
          .update(fulfilments)
          .set({ deliveredAt: sql`now()` })
          .where(eq(fulfilments.id, fulfilment!.id))
          .returning()
      )[0]!
    : fulfilment!;
  const view = fulfilmentView(ful, shippedLines);
  await emitOrderEvent(
    tx,
    storeId,
    'fulfilment.created',
    { type: 'order', id: row.id },
    {
      orderId: row.id,
      fulfilmentId: view.id,
      carrier: view.carrier,
      trackingNumber: view.tracking_number,
      notifyCustomer: input.notify_customer,
      lines: view.lines.map((l) => ({ orderLineId: l.order_line_id, quantity: l.quantity })),
    },
  );
  await audit(tx, actor, {
    storeId,
    action: 'fulfilment.created',
    entityType: 'order',
    entityId: row.id,
    before: { status: before },
    after: { status: row.status, fulfilment: view },
  });
  return { fulfilment: view, order: orderView(row, after) };
}

function assertShippable(status: string, orderId: string): void {
  if (status !== 'confirmed' && status !== 'processing') {
    throw new AppError('INVALID_STATE_TRANSITION', `Order ${orderId} is ${status}; it cannot be shipped.`);
  }
}
