import type { CartRow } from './cart-rows.ts';

/**
 * The carts this process changed last, as it left them: a cart change starts from here instead
 * of reading the cart first (one round trip before its transaction) when the shopper's previous
 * change went through this process. Only a starting guess — the change's lock reads the cart's
 * version, and a cart changed meanwhile anywhere else (another process, the checkout, an expiry
 * sweep, an erasure: every write bumps the version) is read again under the lock — so what is
 * kept here can be stale but is never taken for the truth. Keyed by store and cart; the oldest
 * leave first.
 */
const MAX_CARTS = 5000;
const recent = new Map<string, CartRow>();

const keyOf = (storeId: string, cartId: string) => `${storeId} ${cartId}`;

/** Keep the cart as this process has just committed it. */
export function rememberCart(row: CartRow): void {
  const key = keyOf(row.store_id, row.id);
  recent.delete(key);
  recent.set(key, structuredClone(row));
  if (recent.size > MAX_CARTS) recent.delete(recent.keys().next().value!);
}

/** The cart as this process last left it (a copy, its expiry judged now), or null. */
export function recentCart(storeId: string, cartId: string): CartRow | null {
  const row = recent.get(keyOf(storeId, cartId));
  if (!row) return null;
  const copy = structuredClone(row);
  copy.expired = copy.status === 'active' && new Date(copy.expires_at).getTime() <= Date.now();
  return copy;
}

export function forgetCart(storeId: string, cartId: string): void {
  recent.delete(keyOf(storeId, cartId));
}
