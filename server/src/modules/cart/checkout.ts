import { sql } from 'drizzle-orm';
import { hotStatement, type Batch, type Db, type Tx } from '../../platform/db/database.ts';
import { sentAheadRows, writeAhead, type ReadAhead } from '../../platform/db/read-ahead.ts';
import type pg from 'pg';
import { AppError } from '../../platform/errors.ts';
import { assertCartOpen, nextCartStatus } from './cart-states.ts';
import {
  cartEventText,
  cartView,
  COLUMNS,
  emitCartEvent,
  lockCart,
  readCart,
  workingCart,
  type CartRow,
} from './cart-rows.ts';
import { stockAhead } from './catalog-port.ts';
import { cartNotFound, changeCart } from './change.ts';
import { requoteAhead } from './shipping-quote.ts';
import { cartTotals, type CartTotals, type TotalsShipping, type TotalsTax } from './totals.ts';
import { iso, type CartView } from './views.ts';

/**
 * What the checkout asks of the cart: the cart re-validated for an order, and marking it completed
 * once the order exists.
 */

/**
 * The cart with its lines and totals, re-validated as for any change and more: every line
 * re-priced, still for sale and in stock (a line short of stock is reduced, one out of stock or
 * no longer sold is removed), every coupon re-checked. What changed is written (with its events)
 * and listed in `notices`: a checkout should stop and show the cart when there are any.
 *
 * A completed cart comes back as it is (with its `order_id`), so a retried checkout finds the
 * order it already placed. Refused: unknown (404), expired (410 CART_EXPIRED), merged (409
 * CART_NOT_ACTIVE). No access check: the checkout has done it.
 */
export async function getCartForCheckout(
  db: Db,
  options: {
    storeId: string;
    cartId: string;
    /** The cart as the caller has just read it (`getCartAndRow`), to save reading it again. */
    known?: CartRow;
  },
): Promise<CartView> {
  const { storeId, cartId } = options;
  const row = options.known?.id === cartId ? options.known : await readCart(db, storeId, cartId);
  if (!row) throw cartNotFound(cartId);
  if (row.status === 'completed') return cartView(workingCart(row));
  assertCartOpen(row);
  return changeCart(
    db,
    { storeId, cartId, access: { customerId: null, trusted: true, drafts: row.kind === 'draft' } },
    {
      recheckStock: true,
      // The stock of its lines, the zones of its method and the tax rates, read with its lock.
      withLock: (pre) => [
        ...stockAhead(
          storeId,
          pre.lines.map((l) => l.variant_id),
        ),
        ...requoteAhead(storeId, {
          lines: pre.lines.length,
          address: pre.shipping_address,
          methodId: pre.shipping_method_id,
        }),
      ],
    },
    row,
  );
}

/**
 * Mark the cart completed by `orderId`, in the checkout's transaction (so it commits with the
 * order), and emit `cart.completed`. Idempotent: completing it again with the same order returns
 * it unchanged; with another order, or a merged or expired cart, it is 409 CART_NOT_ACTIVE. From
 * then on the cart refuses every change (409).
 */
export async function markCartCompleted(
  tx: Tx,
  options: {
    storeId: string;
    cartId: string;
    orderId: string;
    /** The version the order was built from (`getCartForCheckout`): refuse (409 CONFLICT) if the cart changed since. */
    version?: number;
  },
): Promise<CartView> {
  const { storeId, cartId, orderId } = options;
  const row = await lockCart(tx, storeId, cartId);
  if (!row) throw cartNotFound(cartId);
  if (row.status === 'completed') {
    if (row.order_id === orderId) return cartView(workingCart(row));
    throw new AppError('CART_NOT_ACTIVE', `Cart ${cartId} was already completed by order ${row.order_id}.`);
  }
  if (options.version !== undefined && options.version !== row.version) {
    throw new AppError(
      'CONFLICT',
      `Cart ${cartId} changed during checkout (version ${options.version} → ${row.version}); review it and try again.`,
    );
  }
  // Time alone does not stop it: a checkout that began before the cart expired may finish.
  const status = nextCartStatus(row.status, 'complete', cartId);
  const { rows } = await tx.execute<{ version: number; updated_at: Date; completed_at: Date }>(sql`
    UPDATE carts SET status = ${status}, order_id = ${orderId}, completed_at = now(), version = version + 1,
                     updated_at = now()
    WHERE id = ${cartId} AND store_id = ${storeId}
    RETURNING version, updated_at, completed_at`);
  const cart = workingCart(row);
  cart.status = status;
  cart.orderId = orderId;
  cart.version = rows[0]!.version;
  cart.updatedAt = iso(rows[0]!.updated_at);
  cart.completedAt = iso(rows[0]!.completed_at);
  await emitCartEvent(tx, cart, 'cart.completed', { orderId });
  return cartView(cart);
}

/**
 * `markCartCompleted` for a cart the caller has just locked (`lockCartForCheckoutText`, whose
 * answer is `locked`): the update returns the cart with its lines, for its event, in one message;
 * `cart.completed` goes with the caller's `COMMIT`. The same refusals.
 */
export async function completeLockedCart(
  tx: Tx,
  batch: Batch,
  options: { storeId: string; cartId: string; orderId: string },
  locked: CartCheckoutState,
): Promise<void> {
  const { storeId, cartId, orderId } = options;
  if (locked.status === 'completed') {
    if (locked.orderId === orderId) return;
    throw new AppError('CART_NOT_ACTIVE', `Cart ${cartId} was already completed by order ${locked.orderId}.`);
  }
  // Time alone does not stop it: a checkout that began before the cart expired may finish.
  const status = nextCartStatus(locked.status as CartView['status'], 'complete', cartId);
  const text = completeCart(status, orderId, cartId, storeId);
  const rows = sentAheadRows<CartRow>(tx, text) ?? ((await batch.send(text))[0]!.rows as CartRow[]);
  const row = rows[0];
  if (!row) throw cartNotFound(cartId);
  batch.closeWith(cartEventText(tx, workingCart(row), 'cart.completed', { orderId }));
}

/**
 * `completeLockedCart`'s write, to send ahead of the transaction's work (the checkout's order
 * placement, right after the cart's lock); `completeLockedCart` takes its answer. Only an active
 * cart completes, so the status it writes is known.
 */
export function completeCartAhead(options: { storeId: string; cartId: string; orderId: string }): ReadAhead {
  return writeAhead(completeCart('completed', options.orderId, options.cartId, options.storeId));
}

const completeCart = hotStatement(
  'cart_complete',
  ['text', 'text', 'text', 'text'],
  `UPDATE carts c SET status = $1, order_id = $2, completed_at = now(), version = c.version + 1, updated_at = now()
   WHERE c.id = $3 AND c.store_id = $4
   RETURNING ${COLUMNS}`,
);

/** Where a cart stands for the checkout (`lockCartForCheckout`). */
export interface CartCheckoutState {
  status: string;
  version: number;
  orderId: string | null;
  expired: boolean;
}

/** `lockCartForCheckout`'s statement as SQL text, to travel with `BEGIN`; `cartCheckoutState` reads its answer. */
export function lockCartForCheckoutText(options: { storeId: string; cartId: string }): string {
  return lockForCheckout(options.storeId, options.cartId);
}

const lockForCheckout = hotStatement(
  'cart_lock_for_checkout',
  ['text', 'text'],
  `SELECT status, version, order_id, (status = 'active' AND expires_at <= now()) AS expired
   FROM carts WHERE store_id = $1 AND id = $2 FOR UPDATE`,
);

export function cartCheckoutState(result: pg.QueryResult | undefined): CartCheckoutState | null {
  const r = result?.rows[0] as
    { status: string; version: number; order_id: string | null; expired: boolean } | undefined;
  return r ? { status: r.status, version: r.version, orderId: r.order_id, expired: r.expired } : null;
}

/**
 * Row-lock the cart in the checkout's transaction and say where it stands: a checkout claims its
 * attempt under this lock, and `markCartCompleted` takes the same lock, so a claim made while an
 * order is being placed waits and then sees the cart completed. Null for an unknown cart.
 */
export async function lockCartForCheckout(
  tx: Tx,
  options: { storeId: string; cartId: string },
): Promise<{ status: string; version: number; orderId: string | null; expired: boolean } | null> {
  const { rows } = await tx.execute<{
    status: string;
    version: number;
    order_id: string | null;
    expired: boolean;
  }>(
    sql`SELECT status, version, order_id, (status = 'active' AND expires_at <= now()) AS expired
        FROM carts WHERE store_id = ${options.storeId} AND id = ${options.cartId} FOR UPDATE`,
  );
  const r = rows[0];
  return r ? { status: r.status, version: r.version, orderId: r.order_id, expired: r.expired } : null;
}

/**
 * The totals of a cart from `getCartForCheckout` with the shipping quote and the tax result the
 * checkout obtained (`cartTotals` on the cart's own lines and discounts).
 */
export function checkoutTotals(
  cart: CartView,
  extras: { shipping?: TotalsShipping | null; tax?: TotalsTax | null } = {},
): CartTotals {
  return cartTotals({
    currency: cart.currency,
    lines: cart.lines.map((l) => ({ id: l.id, unitPrice: l.unit_price, quantity: l.quantity })),
    discounts: cart.discounts.map((d) => ({
      code: d.code,
      amount: d.amount,
      freeShipping: d.free_shipping,
      lines: d.lines.map((l) => ({ lineId: l.line_id, amount: l.amount })),
    })),
    shipping: extras.shipping ?? null,
    tax: extras.tax ?? null,
  });
}
