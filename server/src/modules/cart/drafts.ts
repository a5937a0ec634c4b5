import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { withStore, type Db } from '../../platform/db/database.ts';
import { AppError } from '../../platform/errors.ts';
import { emitEvent } from '../../platform/events/outbox.ts';
import { parseInput } from '../../platform/validation.ts';
import { CreateCartInput, findLine, newCartInsert } from './carts.ts';
import {
  cartView,
  emitCartEvent,
  eventLine,
  eventSummary,
  lockCart,
  readCart,
  workingCart,
  type CartRow,
} from './cart-rows.ts';
import { cartNotFound, changeCart, STAFF_PRICE, type CartTarget } from './change.ts';
import { storeCartRules } from './policy.ts';
import type { CartView } from './views.ts';

/**
 * Draft orders as carts: staff build one for a customer (a phone order, a quote) with the cart's
 * own engine — prices, stock checks, coupons, shipping and tax — and it is placed through the
 * same checkout. Its kind keeps it apart: it is not the customer's one active cart, shoppers'
 * routes do not find it (`CartAccess.drafts`), it is never merged, and its events are
 * `draft_order.*`, which recovery does not follow. Like a quote it lapses after the cart expiry
 * period without a change.
 */

/**
 * A new draft order, for a registered customer or anyone by e-mail (the caller gives the e-mail,
 * and the customer's tax exemption to start with).
 */
export async function createDraftCart(
  db: Db,
  options: { storeId: string; customerId: string | null; taxExempt?: boolean; input: CreateCartInput },
): Promise<CartView> {
  const input = parseInput(CreateCartInput, options.input);
  const { storeId, customerId } = options;
  const rules = await storeCartRules(db, storeId);
  return withStore(db, storeId, async (tx) => {
    const { rows } = await tx.execute<CartRow>(
      newCartInsert({
        storeId,
        kind: 'draft',
        currency: input.currency ?? rules.currency,
        customerId,
        email: input.email ?? null,
        taxExempt: options.taxExempt ?? false,
        input,
      }),
    );
    const cart = workingCart({ ...rows[0]!, expired: false, lines: [] });
    await emitCartEvent(tx, cart, 'cart.created');
    return cartView(cart);
  });
}

/** The draft order as it stands (404 for a shopper's cart or an unknown id). */
export async function getDraftCart(db: Db, options: { storeId: string; cartId: string }): Promise<CartView> {
  const row = await readCart(db, options.storeId, options.cartId);
  if (!row || row.kind !== 'draft') throw cartNotFound(options.cartId);
  return cartView(workingCart(row));
}

/**
 * Delete an open draft order with its lines (`draft_order.deleted`). One that was placed stays:
 * its order points at it (409 CART_NOT_ACTIVE).
 */
export async function deleteDraftCart(db: Db, options: { storeId: string; cartId: string }): Promise<void> {
  const { storeId, cartId } = options;
  await withStore(db, storeId, async (tx) => {
    const row = await lockCart(tx, storeId, cartId);
    if (!row || row.kind !== 'draft') throw cartNotFound(cartId);
    if (row.status === 'completed') {
      throw new AppError(
        'CART_NOT_ACTIVE',
        `Draft order ${cartId} was placed (order ${row.order_id}); it stays.`,
      );
    }
    await tx.execute(sql`DELETE FROM cart_lines WHERE store_id = ${storeId} AND cart_id = ${cartId}`);
    await tx.execute(sql`DELETE FROM carts WHERE store_id = ${storeId} AND id = ${cartId}`);
    const { cartId: draftOrderId, ...summary } = eventSummary(workingCart(row));
    await emitEvent(tx, {
      storeId,
      type: 'draft_order.deleted',
      aggregateType: 'draft_order',
      aggregateId: cartId,
      payload: { draftOrderId, ...summary },
    });
  });
}

export const DraftLinePriceInput = z.strictObject({
  unit_price: z
    .number()
    .int()
    .min(0)
    .max(1_000_000_000)
    .nullable()
    .describe("One unit's price in minor units, agreed with the customer; null: back to the catalog's price"),
});
export type DraftLinePriceInput = z.input<typeof DraftLinePriceInput>;

/**
 * Staff set a draft line's unit price (a negotiated or wholesale price): it stands at every later
 * change and at the checkout while the variant is sold; coupons, tax and shipping apply to it. The
 * catalog's price, when higher, becomes the line's compare-at price. `null` returns the line to
 * the catalog's price.
 */
export async function setDraftLinePrice(
  db: Db,
  options: CartTarget & { lineId: string; input: DraftLinePriceInput },
): Promise<CartView> {
  const { unit_price: price } = parseInput(DraftLinePriceInput, options.input);
  return changeCart(db, options, {
    async edit(ctx) {
      if (ctx.cart.kind !== 'draft') throw cartNotFound(ctx.cart.id);
      const line = findLine(ctx, options.lineId);
      const staffPriced = line.priceSource.kind === STAFF_PRICE;
      if (price === null) {
        // Re-priced from the catalog by the change (with its price_changed notice).
        if (staffPriced) line.priceSource = { kind: 'base', id: '', name: '' };
        line.dirty = staffPriced;
        return;
      }
      if (staffPriced && line.unitPrice === price) return;
      const previous = line.unitPrice;
      const catalog = staffPriced ? line.compareAtPrice : Math.max(previous, line.compareAtPrice ?? 0);
      line.unitPrice = price;
      line.compareAtPrice = catalog !== null && catalog > price ? catalog : null;
      line.priceSource = { kind: STAFF_PRICE, id: '', name: 'Set by staff' };
      line.dirty = true;
      ctx.emit('cart.line_updated', () => ({
        line: eventLine(line),
        previousQuantity: line.quantity,
        previousUnitPrice: previous,
        reason: 'price_set',
      }));
    },
  });
}

/**
 * Give the draft to another customer, or to no account (`customerId` null: the e-mail stays): it
 * takes their e-mail, tax exemption and customer groups' prices at this change (the caller has
 * checked the customer). `draft_order.updated` with `changed: ['customer']`.
 */
export async function setDraftCustomer(
  db: Db,
  options: CartTarget & { customerId: string | null; email?: string; taxExempt?: boolean },
): Promise<CartView> {
  const { customerId } = options;
  return changeCart(db, options, {
    pricedFor: customerId,
    async edit(ctx) {
      const cart = ctx.cart;
      if (cart.kind !== 'draft') throw cartNotFound(cart.id);
      if (cart.customerId === customerId) return;
      cart.customerId = customerId;
      if (options.email !== undefined) cart.email = options.email;
      if (options.taxExempt !== undefined) cart.taxExempt = options.taxExempt;
      ctx.emit('cart.contact_updated', { changed: ['customer'] });
    },
  });
}
