import { z } from 'zod';
import type { Platform } from '../../platform/context.ts';
import { withStore } from '../../platform/db/database.ts';
import { AppError } from '../../platform/errors.ts';
import { parseInput } from '../../platform/validation.ts';
import { getStore } from '../tenancy/service.ts';
import { shopperCancellableUntil } from './cancellation.ts';
import { editOrder, previewOrderEdit, type OrderEditInput } from './edits.ts';
import { findOrder, linesOf, notFound, type Actor } from './shared.ts';
import type { OrderLineRow } from './schema.ts';

/**
 * The shopper changes a size or a colour themselves, in the same window in which they may cancel
 * (`cancellable_until`: confirmed, not yet being prepared, within the store's minutes): each swap
 * takes units of a line out and adds as many of another variant of the same product, at the price
 * the shopper paid for the line (its coupon discount carried over), through the same edit staff
 * make (`editOrder`: stock reserved and committed, the units taken out restocked, the e-mail).
 * Only a swap that costs no more and whose new variant sells at the line's price today is taken;
 * anything else is for the shop (409 / 422).
 */

export const ShopperSwapInput = z.strictObject({
  swaps: z
    .array(
      z.strictObject({
        order_line_id: z.string().min(1).max(64),
        variant_id: z.string().min(1).max(64).describe('Another variant of the same product'),
        quantity: z.number().int('must be a whole number').positive('must be greater than 0').max(1000),
      }),
    )
    .min(1)
    .max(20),
});
export type ShopperSwapInput = z.input<typeof ShopperSwapInput>;

const notSwappable = (orderId: string) =>
  new AppError(
    'INVALID_STATE_TRANSITION',
    `Order ${orderId} can no longer be changed here: it is being prepared, or the time to change it has passed. ` +
      'Contact the shop.',
  );

/** What each unit of the line was paid before tax: its price less its share of the discount. */
const paidUnitPrice = (l: OrderLineRow) => Math.floor((l.subtotal - l.discount) / l.quantity);

export async function swapByShopper(
  platform: Platform,
  o: { storeId: string; orderId: string; customerId?: string; input: ShopperSwapInput; actor?: Actor },
): Promise<void> {
  const input = parseInput(ShopperSwapInput, o.input);
  const { storeId, orderId } = o;
  const [store, row] = await Promise.all([
    getStore(platform.db, storeId),
    withStore(platform.db, storeId, (tx) => findOrder(tx, storeId, orderId)),
  ]);
  if (!row || (o.customerId !== undefined && row.customerId !== o.customerId)) throw notFound(orderId);
  if (!shopperCancellableUntil(row, store.settings)) throw notSwappable(orderId);
  const lines = await withStore(platform.db, storeId, (tx) => linesOf(tx, [row.id]));
  const byId = new Map(lines.map((l) => [l.id, l]));
  const errors: { path: string; message: string }[] = [];
  input.swaps.forEach((s, i) => {
    const line = byId.get(s.order_line_id);
    if (!line) errors.push({ path: `body.swaps.${i}.order_line_id`, message: 'not a line of this order' });
    else if (line.giftCard) errors.push({ path: `body.swaps.${i}.order_line_id`, message: 'a gift card' });
    else if (line.variantId === s.variant_id)
      errors.push({ path: `body.swaps.${i}.variant_id`, message: 'the variant the line already is' });
  });
  if (errors.length) throw new AppError('UNPROCESSABLE', 'These items cannot be changed.', { errors });

  const remove = input.swaps.map((s) => ({ order_line_id: s.order_line_id, quantity: s.quantity }));
  // Today's price of each new variant, as the shop sells it, must be the line's.
  const priced = await previewOrderEdit(platform, {
    storeId,
    orderId,
    input: { remove, add: input.swaps.map((s) => ({ variant_id: s.variant_id, quantity: s.quantity })) },
  });
  input.swaps.forEach((s, i) => {
    const line = byId.get(s.order_line_id)!;
    const added = priced.added[i]!;
    if (added.product_id !== line.productId) {
      errors.push({ path: `body.swaps.${i}.variant_id`, message: 'not a variant of the same product' });
    } else if (added.unit_price !== line.unitPrice) {
      errors.push({ path: `body.swaps.${i}.variant_id`, message: 'sells at another price: ask the shop' });
    }
  });
  if (errors.length) throw new AppError('UNPROCESSABLE', 'These items cannot be changed.', { errors });

  const edit: OrderEditInput = {
    remove,
    add: input.swaps.map((s) => {
      const line = byId.get(s.order_line_id)!;
      return {
        variant_id: s.variant_id,
        quantity: s.quantity,
        unit_price: paidUnitPrice(line),
        ...(Object.keys(line.properties).length ? { properties: line.properties } : {}),
      };
    }),
    reason: 'Changed by the customer',
  };
  await editOrder(platform, {
    storeId,
    orderId,
    input: edit,
    actor: o.actor,
    // Staff may have started preparing it meanwhile: they win, as with the shopper's cancellation.
    onlyWhile: (locked) => (shopperCancellableUntil(locked, store.settings) ? null : notSwappable(orderId)),
  }).catch((err: unknown) => {
    // Told as the shopper reads it: the staff's refusal speaks of draft orders.
    if (err instanceof AppError && err.code === 'EDIT_NOT_COVERED') {
      throw new AppError(
        'EDIT_NOT_COVERED',
        `This change to order ${orderId} costs more than was paid: ask the shop.`,
      );
    }
    throw err;
  });
}
