import { z } from 'zod';
import { paymentOwes } from './gift-card-refunds.ts';
import type { Platform } from '../../platform/context.ts';
import { withStore } from '../../platform/db/database.ts';
import { AppError, isAppError } from '../../platform/errors.ts';
import { Tag } from '../../platform/tags.ts';
import { parseInput } from '../../platform/validation.ts';
import { capturePayment, getPaymentIntent } from '../payments/service.ts';
import { fulfilOrder } from './fulfilment.ts';
import { openUnits } from './open-units.ts';
import type { OrderLineRow, OrderRow } from './schema.ts';
import { findOrder, linesOf, type Actor } from './shared.ts';
import { displayNumber } from './views.ts';
import { changeOrderTags } from './tags.ts';

/**
 * What staff do to many orders at once from the list — ship the day's orders, take the money of
 * those authorized, tag a batch. Each order is its own operation (its own transaction, audit and
 * events, exactly as when done one by one), so one that cannot be done is reported and the rest
 * go on; an order that needs nothing (shipped already, paid already) is skipped. Safe to repeat:
 * a second run skips what the first did.
 */

export const MAX_BULK_ORDERS = 100;

const BULK_ORDER_ACTIONS = ['fulfil', 'capture', 'add_tags', 'remove_tags'] as const;

export const BulkOrderInput = z
  .strictObject({
    action: z
      .enum(BULK_ORDER_ACTIONS)
      .describe(
        '`fulfil`: ship every unit not yet shipped (one parcel, the shopper notified; pickup orders: ready for ' +
          'pickup); `capture`: take the money of authorized payments — what is owed after cancelled units — or ' +
          'mark manual payments paid; `add_tags` / `remove_tags`: the `tags` given',
      ),
    order_ids: z
      .array(z.string().min(1).max(64))
      .min(1)
      .max(MAX_BULK_ORDERS)
      .refine((ids) => new Set(ids).size === ids.length, 'each order once')
      .describe(`The orders, at most ${MAX_BULK_ORDERS}`),
    tags: z.array(Tag).min(1).max(20).optional().describe('For add_tags and remove_tags'),
    carrier: z.string().trim().min(1).max(100).optional().describe('For fulfil: the carrier of every parcel'),
    notify_customer: z.boolean().default(true).describe('For fulfil: send each shopper a shipping notice'),
  })
  .refine((v) => !v.action.endsWith('_tags') || v.tags !== undefined, {
    path: ['tags'],
    message: 'required for add_tags and remove_tags',
  });
export type BulkOrderInput = z.input<typeof BulkOrderInput>;

const BulkOrderResult = z.object({
  order_id: z.string(),
  display_number: z.string().nullable().describe('`#1001`; null for an order not found'),
  outcome: z.enum(['done', 'skipped', 'failed']),
  code: z.string().nullable().describe('Why it was skipped or failed (an error code, or NOTHING_TO_DO)'),
  message: z.string().nullable(),
});
type BulkOrderResult = z.infer<typeof BulkOrderResult>;

export const BulkOrderView = z.object({
  action: z.enum(BULK_ORDER_ACTIONS),
  done: z.number().int(),
  skipped: z.number().int(),
  failed: z.number().int(),
  results: z.array(BulkOrderResult).describe('One per order, in the order asked'),
});
export type BulkOrderView = z.infer<typeof BulkOrderView>;

/** Nothing to do for this order: reported as skipped, not as a failure. */
class NothingToDo extends Error {}

/** Do one action to each of the orders, one after another; the answer says what became of each. */
export async function bulkOrderAction(
  platform: Platform,
  o: { storeId: string; input: BulkOrderInput; actor?: Actor },
): Promise<BulkOrderView> {
  const input = parseInput(BulkOrderInput, o.input);
  const results: BulkOrderResult[] = [];
  for (const orderId of input.order_ids) {
    const found = await withStore(platform.db, o.storeId, async (tx) => {
      const row = await findOrder(tx, o.storeId, orderId);
      return row && { row, lines: await linesOf(tx, [row.id]) };
    });
    const of = { order_id: orderId, display_number: found ? displayNumber(found.row.number) : null };
    try {
      if (!found) throw new AppError('NOT_FOUND', `Order ${orderId} does not exist.`);
      await actOn(platform, { storeId: o.storeId, ...found, input, actor: o.actor });
      results.push({ ...of, outcome: 'done', code: null, message: null });
    } catch (err) {
      if (err instanceof NothingToDo) {
        results.push({ ...of, outcome: 'skipped', code: 'NOTHING_TO_DO', message: err.message });
      } else if (isAppError(err)) {
        results.push({ ...of, outcome: 'failed', code: err.code, message: err.message });
      } else throw err;
    }
  }
  const count = (outcome: BulkOrderResult['outcome']) => results.filter((r) => r.outcome === outcome).length;
  return {
    action: input.action,
    done: count('done'),
    skipped: count('skipped'),
    failed: count('failed'),
    results,
  };
}

async function actOn(
  platform: Platform,
  o: {
    storeId: string;
    row: OrderRow;
    lines: OrderLineRow[];
    input: z.output<typeof BulkOrderInput>;
    actor?: Actor;
  },
): Promise<void> {
  const { storeId, row, lines, input } = o;
  const orderId = row.id;
  switch (input.action) {
    case 'fulfil': {
      if (row.status !== 'confirmed' && row.status !== 'processing') {
        throw new NothingToDo(`The order is ${row.status}; only confirmed or processing orders ship.`);
      }
      if (!lines.some((l) => openUnits(l) > 0)) throw new NothingToDo('Nothing left to ship.');
      await fulfilOrder(platform, {
        storeId,
        orderId,
        input: {
          notify_customer: input.notify_customer,
          ...(input.carrier ? { carrier: input.carrier } : {}),
        },
        actor: o.actor,
      });
      return;
    }
    case 'capture': {
      if (row.status === 'cancelled' || row.status === 'pending') {
        throw new NothingToDo(`The order is ${row.status}.`);
      }
      const payment = await getPaymentIntent(platform, { storeId, intentId: row.paymentIntentId });
      if (payment.status !== 'authorized') throw new NothingToDo(`The payment is ${payment.status}.`);
      await capturePayment(platform, {
        storeId,
        intentId: row.paymentIntentId,
        // Units cancelled (or an edit's changes) before the capture: what is owed, not the hold.
        ...(row.cancelledAmount > 0 || row.editedAt
          ? { amount: await withStore(platform.db, storeId, (tx) => paymentOwes(tx, row)) }
          : {}),
        actor: o.actor,
      });
      return;
    }
    case 'add_tags':
    case 'remove_tags': {
      const tags = input.tags!;
      const add = input.action === 'add_tags';
      const next = (current: string[]) =>
        add ? [...current, ...tags] : current.filter((t) => !tags.includes(t));
      const { changed } = await changeOrderTags(platform.db, { storeId, orderId, next, actor: o.actor });
      if (!changed) throw new NothingToDo(add ? 'It has these tags.' : 'It has none of these tags.');
      return;
    }
  }
}
