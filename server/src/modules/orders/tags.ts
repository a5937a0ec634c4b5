import { eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import { withStore, type Db } from '../../platform/db/database.ts';
import { AppError } from '../../platform/errors.ts';
import { parseInput } from '../../platform/validation.ts';
import { Tag, tagSet } from '../../platform/tags.ts';
import { auditAs, type Actor } from '../audit/service.ts';
import { emitOrderEvent } from './events.ts';
import { orders } from './schema.ts';
import { lockOrder } from './shared.ts';

/**
 * Staff's tags on an order (wholesale, gift, priority): to sort and find orders (`?tag=` on the
 * list). Lower case, so "Gift" and "gift" are one tag; never shown to the shopper.
 */

const MAX_TAGS_PER_ORDER = 20;

export const OrderTagsInput = z.strictObject({
  tags: z
    .array(Tag)
    .max(MAX_TAGS_PER_ORDER)
    .describe(`The order's tags, all of them (replaces what it had; at most ${MAX_TAGS_PER_ORDER})`),
});
export type OrderTagsInput = z.input<typeof OrderTagsInput>;

/** Replace an order's tags. Emits `order.tags_changed` and is audited when they changed. */
export async function setOrderTags(
  db: Db,
  o: { storeId: string; orderId: string; input: OrderTagsInput; actor?: Actor },
): Promise<{ tags: string[] }> {
  const tags = tagSet(parseInput(OrderTagsInput, o.input).tags);
  const changed = await changeOrderTags(db, {
    storeId: o.storeId,
    orderId: o.orderId,
    next: () => tags,
    actor: o.actor,
  });
  return { tags: changed.tags };
}

/**
 * Change an order's tags from what they are under its lock (`next` gets the current ones): a
 * bulk "add tag" never loses a tag staff set on the order meanwhile. Emits `order.tags_changed`
 * and is audited when they changed.
 */
export async function changeOrderTags(
  db: Db,
  o: { storeId: string; orderId: string; next: (current: string[]) => string[]; actor?: Actor },
): Promise<{ tags: string[]; changed: boolean }> {
  const { storeId, orderId } = o;
  return withStore(db, storeId, async (tx) => {
    const row = await lockOrder(tx, storeId, orderId);
    const tags = tagSet(o.next(row.tags));
    const added = tags.filter((t) => !row.tags.includes(t));
    const removed = row.tags.filter((t) => !tags.includes(t));
    if (added.length === 0 && removed.length === 0) return { tags, changed: false };
    if (tags.length > MAX_TAGS_PER_ORDER) {
      throw new AppError('LIMIT_REACHED', `An order keeps at most ${MAX_TAGS_PER_ORDER} tags.`);
    }
    await tx
      .update(orders)
      .set({ tags, updatedAt: sql`now()` })
      .where(eq(orders.id, orderId));
    await emitOrderEvent(
      tx,
      storeId,
      'order.tags_changed',
      { type: 'order', id: orderId },
      {
        orderId,
        tags,
        added,
        removed,
      },
    );
    await auditAs(tx, o.actor, {
      storeId,
      action: 'order.tags_changed',
      entityType: 'order',
      entityId: orderId,
      after: { added, removed },
    });
    return { tags, changed: true };
  });
}
