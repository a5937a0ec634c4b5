import { sql } from 'drizzle-orm';
import { withStore, type Db } from '../../platform/db/database.ts';
import { AppError } from '../../platform/errors.ts';
import { newId } from '../../platform/ids.ts';
import { moveCartCoupons } from '../promotions/service.ts';
import { assertCartOpen, nextCartStatus } from './cart-states.ts';
import {
  cartView,
  findCustomerCartId,
  lockCart,
  readCart,
  sameProperties,
  workingCart,
  type CartRow,
} from './cart-rows.ts';
import { sellableUnits, warmPrices } from './catalog-port.ts';
import { cartNotFound, describe, runChange, type ChangeContext } from './change.ts';
import { accountEmail } from './customer-port.ts';
import { expireCart } from './expiry.ts';
import { storeCartRules } from './policy.ts';
import type { CartView } from './views.ts';

/**
 * At sign-in, the anonymous cart the shopper was filling joins the customer's cart:
 *
 * - the customer has an active cart: it absorbs the anonymous one — quantities of a variant in
 *   both are summed (within the line limit and the stock), the other lines are added (within the
 *   line limit), coupons move over where the customer's cart has none of that kind, an e-mail or
 *   address the customer's cart lacks is taken over — and the anonymous cart is marked `merged`;
 * - they have none: the anonymous cart simply becomes theirs (`claimed`).
 *
 * A cart left without an e-mail either way takes the account's.
 *
 * Either way `cart.merged` is emitted on the customer's cart. Idempotent: merging a cart that was
 * already merged into (or claimed by) this customer returns their cart and changes nothing.
 */
export async function mergeCartIntoCustomerCart(
  db: Db,
  options: { storeId: string; customerId: string; cartId: string },
): Promise<CartView> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await mergeOnce(db, options);
    } catch (err) {
      // Two sign-ins raced to give this customer a cart (the one-active-cart index): again, once.
      if (attempt < 3 && uniqueViolation(err)) continue;
      throw err;
    }
  }
}

function uniqueViolation(err: unknown): boolean {
  for (let e = err as { code?: string; cause?: unknown } | undefined; e; e = e.cause as typeof e) {
    if (e.code === '23505') return true;
  }
  return false;
}

async function mergeOnce(
  db: Db,
  options: { storeId: string; customerId: string; cartId: string },
): Promise<CartView> {
  const { storeId, customerId, cartId } = options;
  const source = await readCart(db, storeId, cartId);
  const done = await alreadyMerged(db, source, options);
  if (done) return done;
  const targetId = await findCustomerCartId(db, storeId, customerId);
  const target = targetId ? await readCart(db, storeId, targetId) : null;
  const rules = await storeCartRules(db, storeId);
  const prices = await warmPrices(
    db,
    storeId,
    [...(source?.lines ?? []), ...(target?.lines ?? [])].map((l) => l.variant_id),
    customerId, // the merged cart is the customer's: their groups' prices
  );

  return withStore(db, storeId, async (tx) => {
    // The customer's cart first, then the anonymous one: every merge locks in that order.
    let customerCart = targetId ? await lockCart(tx, storeId, targetId, target) : null;
    if (customerCart && (customerCart.status !== 'active' || customerCart.customer_id !== customerId)) {
      customerCart = null; // ended (or changed hands) since we looked
    }
    const anonymous = await lockCart(tx, storeId, cartId, source);
    const again = await alreadyMergedLocked(anonymous, options, customerCart);
    if (again) return again;
    const anon = anonymous!;

    if (customerCart && customerCart.expired) {
      // Stale: it makes way, and the anonymous cart becomes the customer's.
      await expireCart(tx, customerCart);
      customerCart = null;
    }

    if (!customerCart) {
      return runChange(tx, anon, rules, prices, {
        async edit(ctx) {
          ctx.cart.customerId = customerId;
          ctx.cart.email ??= await accountEmail(tx, storeId, customerId);
          ctx.emit('cart.merged', { sourceCartId: anon.id, claimed: true });
        },
      });
    }

    const into = customerCart;
    return runChange(tx, into, rules, prices, {
      async edit(ctx) {
        await absorb(ctx, anon);
        ctx.cart.email ??= await accountEmail(tx, storeId, customerId);
        const status = nextCartStatus(anon.status, 'merge', anon.id);
        await tx.execute(sql`
          UPDATE carts SET status = ${status}, merged_into_cart_id = ${into.id}, version = version + 1, updated_at = now()
          WHERE id = ${anon.id}`);
        const coupons = await moveCartCoupons(tx, { storeId, fromCartId: anon.id, toCartId: into.id });
        if (coupons.moved.length) ctx.couponsTouched = true;
        for (const code of coupons.dropped) {
          ctx.notices.push({
            code: 'coupon_removed',
            message: `Coupon ${code} of the other cart was not kept: your cart already has a code of that kind.`,
            coupon_code: code,
            reason: 'COUPON_NOT_APPLICABLE',
          });
        }
        ctx.emit('cart.merged', { sourceCartId: anon.id, claimed: false, couponsMoved: coupons.moved });
      },
    });
  });
}

/** Before any lock: the cart is already the customer's, or was merged into their cart. */
async function alreadyMerged(
  db: Db,
  source: CartRow | null,
  options: { storeId: string; customerId: string; cartId: string },
): Promise<CartView | null> {
  // A draft order is staff's, never a shopper's cart to merge.
  if (!source || source.kind === 'draft') throw cartNotFound(options.cartId);
  if (source.customer_id && source.customer_id !== options.customerId) {
    throw new AppError('FORBIDDEN', `Cart ${source.id} belongs to another customer.`);
  }
  if (source.status === 'merged' && source.merged_into_cart_id) {
    const into = await readCart(db, options.storeId, source.merged_into_cart_id);
    if (into && into.customer_id === options.customerId) return cartView(workingCart(into));
  }
  if (source.customer_id === options.customerId && source.status === 'active' && !source.expired) {
    return cartView(workingCart(source));
  }
  return null;
}

/** The same checks under the locks (a concurrent merge may have finished meanwhile). */
async function alreadyMergedLocked(
  source: CartRow | null,
  options: { customerId: string; cartId: string },
  customerCart: CartRow | null,
): Promise<CartView | null> {
  // A draft order is staff's, never a shopper's cart to merge.
  if (!source || source.kind === 'draft') throw cartNotFound(options.cartId);
  if (source.customer_id && source.customer_id !== options.customerId) {
    throw new AppError('FORBIDDEN', `Cart ${source.id} belongs to another customer.`);
  }
  if (source.status === 'merged' && customerCart && source.merged_into_cart_id === customerCart.id) {
    return cartView(workingCart(customerCart));
  }
  if (customerCart && source.id === customerCart.id) return cartView(workingCart(customerCart));
  if (source.customer_id === options.customerId && source.status === 'active' && !source.expired) {
    return cartView(workingCart(source)); // claimed by a concurrent sign-in of the same customer
  }
  assertCartOpen(source);
  return null;
}

/**
 * Move the anonymous cart's lines and missing contact details into the customer's cart. Summed
 * quantities stay within the line limit and the stock; what could not be taken over is said in a
 * notice (the `cart.merged` event carries the resulting cart).
 */
async function absorb(ctx: ChangeContext, source: CartRow): Promise<void> {
  const cart = ctx.cart;
  const src = workingCart(source);
  cart.email ??= src.email;
  cart.shippingAddress ??= src.shippingAddress;
  cart.billingAddress ??= src.billingAddress;
  cart.locale ??= src.locale;
  cart.note ??= src.note;
  if (src.marketingOptIn && !cart.marketingOptIn) {
    cart.marketingOptIn = true;
    cart.marketingConsentRef = src.marketingConsentRef;
  }
  ctx.dirty = true;
  if (src.lines.length === 0) return;
  const units = await sellableUnits(
    ctx.tx,
    ctx.storeId,
    src.lines.map((l) => l.variantId),
  );
  for (const line of src.lines) {
    const mine = cart.lines.find(
      (l) => l.variantId === line.variantId && sameProperties(l.properties, line.properties),
    );
    const had = mine?.quantity ?? 0;
    const wanted = had + line.quantity;
    const available = units.get(line.variantId) ?? 0;
    const quantity = Math.min(wanted, ctx.rules.maxLineQuantity, Math.max(available, had));
    const why = quantity < Math.min(wanted, ctx.rules.maxLineQuantity) ? 'stock' : 'quantity_limit';
    if (!mine && cart.lines.length >= ctx.rules.maxLines) {
      ctx.notices.push({
        code: 'line_removed',
        message: `${describe(line)} was not taken over from your other cart: a cart holds at most ${ctx.rules.maxLines} lines.`,
        variant_id: line.variantId,
        reason: 'line_limit',
      });
      continue;
    }
    if (!mine && quantity <= 0) {
      ctx.notices.push({
        code: 'line_removed',
        message: `${describe(line)} was not taken over from your other cart: it is out of stock.`,
        variant_id: line.variantId,
        reason: 'out_of_stock',
      });
      continue;
    }
    let kept = mine;
    if (!kept) {
      kept = { ...line, id: newId('cline'), quantity, dirty: true };
      cart.lines.push(kept);
    } else if (quantity > had) {
      kept.quantity = quantity;
      kept.dirty = true;
    }
    if (quantity < wanted) {
      ctx.notices.push({
        code: 'quantity_reduced',
        message:
          why === 'stock'
            ? `Only ${Math.max(available, had)} of ${describe(line)} can be bought: the quantity is ${kept.quantity}, not ${wanted}.`
            : `A cart line holds at most ${ctx.rules.maxLineQuantity} units: ${describe(line)} is at ${kept.quantity}, not ${wanted}.`,
        line_id: kept.id,
        variant_id: line.variantId,
        previous_quantity: wanted,
        quantity: kept.quantity,
        reason: why,
      });
    }
  }
}
