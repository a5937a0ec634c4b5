import { AppError } from '../../platform/errors.ts';

/**
 * A cart's lifecycle. It is born `active` and only an active cart changes. It ends `completed`
 * (an order was placed from it), `expired` (nobody changed it for the expiry period) or `merged`
 * (at sign-in, the customer's cart absorbed it).
 */
export type CartStatus = 'active' | 'completed' | 'expired' | 'merged';
export type CartAction = 'complete' | 'expire' | 'merge';

const transitions: Record<CartStatus, Partial<Record<CartAction, CartStatus>>> = {
  active: { complete: 'completed', expire: 'expired', merge: 'merged' },
  completed: {},
  expired: {},
  merged: {},
};

/** The status after `action`, or CART_NOT_ACTIVE (409) when the cart has already ended. */
export function nextCartStatus(from: CartStatus, action: CartAction, cartId: string): CartStatus {
  const to = transitions[from][action];
  if (!to) throw notActive(from, cartId);
  return to;
}

/**
 * Refuse any change to a cart that is not open: 410 CART_EXPIRED once its expiry has passed (even
 * before the sweep marks it), 409 CART_NOT_ACTIVE when it was completed or merged.
 */
export function assertCartOpen(cart: { id: string; status: CartStatus; expired: boolean }): void {
  if (cart.status === 'expired' || cart.expired) {
    throw new AppError(
      'CART_EXPIRED',
      `Cart ${cart.id} has expired: it was not changed for too long. Start a new cart.`,
    );
  }
  if (cart.status !== 'active') throw notActive(cart.status, cart.id);
}

function notActive(status: CartStatus, cartId: string): AppError {
  const why =
    status === 'completed'
      ? 'an order has been placed from it'
      : status === 'merged'
        ? "it was merged into the customer's cart"
        : `it is ${status}`;
  return new AppError('CART_NOT_ACTIVE', `Cart ${cartId} cannot change: ${why}.`);
}
