import type pg from 'pg';
import {
  keyedStoreScope,
  transactionOpenedWith,
  type Batch,
  type Db,
  type Tx,
} from '../../platform/db/database.ts';
import { keepAnswers, type ReadAhead } from '../../platform/db/read-ahead.ts';
import { AppError } from '../../platform/errors.ts';
import { evaluateCartCoupons, type CouponCart, type CouponShopper } from '../promotions/service.ts';
import { assertCartOpen } from './cart-states.ts';
import {
  cartClock,
  cartEventText,
  cartRowOf,
  cartView,
  emitCartEvent,
  eventLine,
  lockCartText,
  lockedCart,
  persistCart,
  persistCartWithCommit,
  readCart,
  workingCart,
  type CartClock,
  type CartRow,
  type WorkingCart,
  type WorkingLine,
} from './cart-rows.ts';
import {
  completePrices,
  priceOf,
  sellableUnits,
  variantsForSale,
  warmPrices,
  type PriceBook,
} from './catalog-port.ts';
import type { CartEventType } from './events.ts';
import { forgetCart, recentCart, rememberCart } from './recent-carts.ts';
import { storeCartRules, type StoreCartRules } from './policy.ts';
import { requoteShippingAndTax } from './shipping-quote.ts';
import type { StoredDiscount } from './schema.ts';
import type { CartNotice, CartView } from './views.ts';

/**
 * How every change of a cart runs, so that each one re-validates the whole cart the same way:
 *
 * 1. read the cart (one round trip, no lock) and refuse at once what cannot go ahead: unknown
 *    cart, another customer's, expired, completed, stale `If-Match` version;
 * 2. warm pricing's cache for its variants (no round trip when warm) — before the transaction,
 *    so a cold read never waits for a second connection while holding one;
 * 3. in one store-scoped transaction: lock the cart row (concurrent changes of one cart queue
 *    here, so none is lost), apply the edit, re-price every line (a changed price updates the
 *    line and adds a notice), re-check the coupons (one that stopped applying is removed with a
 *    notice), write everything in one statement and emit the events (outbox, same transaction).
 */

/** Who is asking: a signed-in customer, a trusted server (secret key, checkout), or anyone with the id. */
export interface CartAccess {
  customerId: string | null;
  /** Secret API keys and other modules: any cart of the store. */
  trusted?: boolean;
  /** Staff and a draft's payment link: draft orders, which are no cart to anyone else. */
  drafts?: boolean;
}

export interface ChangeContext {
  tx: Tx;
  storeId: string;
  cart: WorkingCart;
  rules: StoreCartRules;
  prices: PriceBook;
  now: Date;
  notices: CartNotice[];
  /** Something was changed that must be written. */
  dirty: boolean;
  /** The change applied or removed a coupon: re-check them even if the cart had none. */
  couponsTouched: boolean;
  emit(type: CartEventType, change?: Record<string, unknown> | (() => Record<string, unknown>)): void;
}

export interface CartChange {
  /** Variants the edit will price beyond the cart's own lines (for the warm-up). */
  variants?: readonly string[];
  /** The shopper the cart is priced for when the edit gives it to another (a draft's new customer). */
  pricedFor?: string | null;
  /** Lines and contact details, before the cart is re-priced. */
  edit?(ctx: ChangeContext): Promise<void>;
  /** Coupons, after re-pricing and before they are all re-checked. */
  coupons?(ctx: ChangeContext, cart: CouponCart, shopper: CouponShopper): Promise<void>;
  /** Also re-check that every line is still for sale and in stock (the checkout's re-validation). */
  recheckStock?: boolean;
  /**
   * Reads the edit will make, sent ahead with BEGIN and the cart's lock in one message instead of
   * a round trip each (`read-ahead.ts`), planned from the cart as read before the transaction.
   */
  withLock?(pre: CartRow, prices: PriceBook): ReadAhead[];
}

export interface CartTarget {
  storeId: string;
  cartId: string;
  access: CartAccess;
  /** If-Match: refuse the change when the cart's version is no longer this. */
  expectedVersion?: number;
}

export function assertCartAccess(
  cart: Pick<CartRow, 'id' | 'customer_id' | 'kind'>,
  access: CartAccess,
): void {
  if ((cart.kind === 'draft') !== Boolean(access.drafts)) throw cartNotFound(cart.id);
  if (!cart.customer_id || access.trusted || access.customerId === cart.customer_id) return;
  throw new AppError(
    'FORBIDDEN',
    `Cart ${cart.id} belongs to a signed-in customer: send that customer's token to use it.`,
  );
}

export function cartNotFound(cartId: string): AppError {
  return new AppError('NOT_FOUND', `Cart ${cartId} does not exist.`);
}

function assertChangeable(row: CartRow | null, target: CartTarget): asserts row is CartRow {
  if (!row) throw cartNotFound(target.cartId);
  assertCartAccess(row, target.access);
  assertCartOpen(row);
  if (target.expectedVersion !== undefined && target.expectedVersion !== row.version) {
    throw new AppError(
      'CONFLICT',
      `The cart changed since version ${target.expectedVersion} (it is now at ${row.version}); reload it and try again.`,
    );
  }
}

/** Run one change of a cart (see above); the cart as it stands afterwards, with the notices. */
export async function changeCart(
  db: Db,
  target: CartTarget,
  change: CartChange,
  /** The cart as the caller has just read it (`readCart`), to save reading it again. */
  known?: CartRow | null,
): Promise<CartView> {
  const { storeId, cartId } = target;
  const pre =
    known && known.id === cartId
      ? known
      : (changeableOrNull(recentCart(storeId, cartId), target) ?? (await readCart(db, storeId, cartId)));
  assertChangeable(pre, target);
  const rules = await storeCartRules(db, storeId);
  const prices = await warmPrices(
    db,
    storeId,
    [...pre.lines.map((l) => l.variant_id), ...(change.variants ?? [])],
    change.pricedFor !== undefined ? change.pricedFor : pre.customer_id,
  );
  // The row lock (and the reads the change plans) travel with BEGIN and the scope, the change's
  // write and events with COMMIT: a change is two messages in its transaction.
  const ahead = change.withLock?.(pre, prices) ?? [];
  let after: WorkingCart | undefined;
  try {
    const view = await transactionOpenedWith(
      db,
      [keyedStoreScope(storeId), lockCartText(storeId, cartId), ...ahead.map((r) => r.text)].join('; '),
      async (tx, io) => {
        const [locked, ...answers] = io.opened.slice(-1 - ahead.length) as [
          pg.QueryResult,
          ...pg.QueryResult[],
        ];
        keepAnswers(tx, ahead, answers);
        const lock = locked.rows[0] as { version: number; expired: boolean } | undefined;
        const row = await lockedCart(tx, storeId, cartId, lock?.version ?? null, pre);
        // Expiry as the database judges it now (the cart this process kept may be from long ago).
        if (row && lock) row.expired = lock.expired;
        assertChangeable(row, target);
        return runChange(tx, row, rules, prices, change, io, cartClock(locked) ?? undefined, (cart) => {
          after = cart;
        });
      },
    );
    // Committed: the shopper's next change starts from this (recent-carts.ts).
    if (after) rememberCart(cartRowOf(after));
    return view;
  } catch (err) {
    forgetCart(storeId, cartId);
    throw err;
  }
}

/** `row` if a change may go ahead on it (as far as it tells), else null (read the cart to be sure). */
function changeableOrNull(row: CartRow | null, target: CartTarget): CartRow | null {
  try {
    assertChangeable(row, target);
    return row;
  } catch {
    return null;
  }
}

/** Steps 3… of a change, on a cart already locked in `tx` (merge and checkout reuse it). */
export async function runChange(
  tx: Tx,
  row: CartRow,
  rules: StoreCartRules,
  prices: PriceBook,
  change: CartChange,
  /** When given, the events are sent with the caller's COMMIT (`closeWith`) instead of one by one. */
  batch?: Batch,
  /** With `batch`: the cart's write goes with COMMIT too, its answer taken from the lock's clock. */
  clock?: CartClock,
  /** Told the cart as the change leaves it (written, or untouched). */
  done?: (cart: WorkingCart) => void,
): Promise<CartView> {
  const events: {
    type: CartEventType;
    change?: Record<string, unknown> | (() => Record<string, unknown>);
  }[] = [];
  const ctx: ChangeContext = {
    tx,
    storeId: row.store_id,
    cart: workingCart(row),
    rules,
    prices,
    now: new Date(),
    notices: [],
    dirty: false,
    couponsTouched: false,
    emit(type, change) {
      events.push({ type, change });
      this.dirty = true;
    },
  };
  if (change.edit) await change.edit(ctx);
  await completePrices(
    tx,
    ctx.storeId,
    prices,
    ctx.cart.lines.map((l) => l.variantId),
  );
  if (change.recheckStock) await recheckLines(ctx);
  reprice(ctx);
  const shopper = { customerId: ctx.cart.customerId, email: ctx.cart.email };
  if (change.coupons) await change.coupons(ctx, couponCartOf(ctx), shopper);
  if (ctx.couponsTouched || ctx.cart.discounts.length > 0) {
    const { discounts, removed } = await evaluateCartCoupons(tx, {
      storeId: ctx.storeId,
      cartId: ctx.cart.id,
      shopper,
      cart: couponCartOf(ctx),
      at: ctx.now,
    });
    const stored: StoredDiscount[] = discounts.map((d) => ({
      coupon_id: d.couponId,
      code: d.code,
      kind: d.kind,
      amount: d.amount,
      free_shipping: d.freeShipping,
      lines: d.lines.map((l) => ({ line_id: l.lineId, amount: l.amount })),
    }));
    if (!sameDiscounts(stored, ctx.cart.discounts)) ctx.dirty = true;
    // A coupon the merchant deleted is simply gone from the cart's coupons: say so too.
    const accounted = new Set([...discounts, ...removed].map((d) => d.couponId));
    const vanished = ctx.cart.discounts
      .filter((d) => !accounted.has(d.coupon_id))
      .map((d) => ({
        code: d.code,
        error: 'COUPON_NOT_FOUND',
        message: `Coupon ${d.code} no longer exists.`,
      }));
    ctx.cart.discounts = stored;
    for (const r of [...removed, ...vanished]) {
      ctx.notices.push({
        code: 'coupon_removed',
        message: `${r.message} It was removed from the cart.`,
        coupon_code: r.code,
        reason: r.error,
      });
      ctx.emit('cart.coupon_removed', { coupon: { code: r.code }, reason: r.error });
    }
  }
  await requoteShippingAndTax(ctx);
  if (ctx.dirty) {
    if (batch && clock) persistCartWithCommit(batch, ctx.cart, clock);
    else await persistCart(tx, ctx.cart);
    for (const e of events) {
      const change = typeof e.change === 'function' ? e.change() : e.change;
      if (batch) batch.closeWith(cartEventText(tx, ctx.cart, e.type, change));
      else await emitCartEvent(tx, ctx.cart, e.type, change);
    }
  }
  done?.(ctx.cart);
  return cartView(ctx.cart, ctx.notices);
}

/** Field by field: jsonb does not keep the key order a JSON string comparison would need. */
function sameDiscounts(a: readonly StoredDiscount[], b: readonly StoredDiscount[]): boolean {
  const key = (d: StoredDiscount) =>
    [
      d.coupon_id,
      d.code,
      d.kind,
      d.amount,
      d.free_shipping,
      ...d.lines.flatMap((l) => [l.line_id, l.amount]),
    ].join('|');
  return a.length === b.length && a.every((d, i) => key(d) === key(b[i]!));
}

function couponCartOf(ctx: ChangeContext): CouponCart {
  return {
    currency: ctx.cart.currency,
    // A gift card is money, not goods: no coupon takes anything off it, nor counts it to a minimum.
    lines: ctx.cart.lines
      .filter((l) => !l.giftCard)
      .map((l) => ({
        id: l.id,
        productId: l.productId,
        categoryPaths: ctx.prices.facts.get(l.variantId)?.categoryPaths ?? [],
        amount: l.unitPrice * l.quantity,
      })),
  };
}

/** The price source of a unit price staff set on a draft order's line (`setDraftLinePrice`). */
export const STAFF_PRICE = 'staff';

/** Take a line out of the cart, with the notice and the event saying why. */
export function dropLine(ctx: ChangeContext, line: WorkingLine, reason: string, message: string): void {
  ctx.cart.lines = ctx.cart.lines.filter((l) => l !== line);
  ctx.notices.push({ code: 'line_removed', message, line_id: line.id, variant_id: line.variantId, reason });
  ctx.emit('cart.line_removed', { line: eventLine(line), reason });
}

/**
 * Every line at today's price for its quantity (a draft's line at the price staff set). A line
 * whose variant is gone, or has no price in the cart's currency any more, leaves the cart.
 */
function reprice(ctx: ChangeContext): void {
  for (const line of [...ctx.cart.lines]) {
    // The price staff set on a draft order's line stands while the variant is sold.
    if (line.priceSource.kind === STAFF_PRICE && ctx.prices.facts.has(line.variantId)) continue;
    const quote = priceOf(ctx.prices, {
      variantId: line.variantId,
      currency: ctx.cart.currency,
      quantity: line.quantity,
      at: ctx.now,
    });
    if (!quote) {
      const gone = !ctx.prices.facts.has(line.variantId);
      dropLine(
        ctx,
        line,
        gone ? 'unavailable' : 'no_price',
        gone
          ? `${describe(line)} is no longer sold and was removed from the cart.`
          : `${describe(line)} has no price in ${ctx.cart.currency} any more and was removed from the cart.`,
      );
      continue;
    }
    const source = { kind: quote.source.kind, id: quote.source.id, name: quote.source.name };
    const compareAt = quote.compareAtAmount;
    const samePrice = quote.amount === line.unitPrice;
    // Field by field: jsonb does not keep the key order a JSON string comparison would need.
    const sameSource =
      source.kind === line.priceSource.kind &&
      source.id === line.priceSource.id &&
      source.name === line.priceSource.name;
    if (samePrice && compareAt === line.compareAtPrice && sameSource) continue;
    const previous = line.unitPrice;
    line.unitPrice = quote.amount;
    line.compareAtPrice = compareAt;
    line.priceSource = source;
    line.dirty = true;
    ctx.dirty = true;
    if (samePrice) continue;
    ctx.notices.push({
      code: 'price_changed',
      message: `The price of ${describe(line)} changed from ${previous} to ${quote.amount} (minor units of ${ctx.cart.currency}).`,
      line_id: line.id,
      variant_id: line.variantId,
      previous_unit_price: previous,
      unit_price: quote.amount,
    });
    ctx.emit('cart.line_updated', () => ({
      line: eventLine(line),
      previousQuantity: line.quantity,
      previousUnitPrice: previous,
      reason: 'price_changed',
    }));
  }
}

/** The checkout's re-validation: every line still for sale and in stock, or reduced / removed. */
async function recheckLines(ctx: ChangeContext): Promise<void> {
  const ids = ctx.cart.lines.map((l) => l.variantId);
  if (ids.length === 0) return;
  const { forSale, policies } = await variantsForSale(ctx.tx, ctx.storeId, ids);
  // What is left of each variant for the next line (one variant may be on several lines).
  const units = new Map(await sellableUnits(ctx.tx, ctx.storeId, ids, policies));
  for (const line of [...ctx.cart.lines]) {
    if (!forSale.has(line.variantId)) {
      dropLine(
        ctx,
        line,
        'unavailable',
        `${describe(line)} is no longer sold and was removed from the cart.`,
      );
      continue;
    }
    const available = units.get(line.variantId) ?? 0;
    units.set(line.variantId, Math.max(0, available - line.quantity));
    if (line.quantity <= available) continue;
    if (available <= 0) {
      dropLine(ctx, line, 'out_of_stock', `${describe(line)} is out of stock and was removed from the cart.`);
      continue;
    }
    reduceLine(ctx, line, available, 'stock', `Only ${available} of ${describe(line)} are available`);
  }
}

/** Lower a line's quantity (a limit or the stock), with the notice and the event. */
export function reduceLine(
  ctx: ChangeContext,
  line: WorkingLine,
  quantity: number,
  reason: string,
  why: string,
): void {
  const previous = line.quantity;
  line.quantity = quantity;
  line.dirty = true;
  ctx.notices.push({
    code: 'quantity_reduced',
    message: `${why}: the quantity went from ${previous} to ${quantity}.`,
    line_id: line.id,
    variant_id: line.variantId,
    previous_quantity: previous,
    quantity,
    reason,
  });
  ctx.emit('cart.line_updated', () => ({
    line: eventLine(line),
    previousQuantity: previous,
    reason: 'quantity_reduced',
  }));
}

export function describe(line: Pick<WorkingLine, 'productTitle' | 'variantTitle' | 'sku'>): string {
  const name = line.variantTitle ? `${line.productTitle} (${line.variantTitle})` : line.productTitle;
  return line.sku ? `${name} [${line.sku}]` : name;
}
