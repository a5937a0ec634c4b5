import { sql } from 'drizzle-orm';
import { withStore, type Db, type Tx } from '../../platform/db/database.ts';
import { nextCartStatus } from './cart-states.ts';
import { emitCartEvent, lockCart, workingCart, type CartRow } from './cart-rows.ts';
import { iso } from './views.ts';

/**
 * Carts expire after the expiry period without a change (CART_EXPIRY_DAYS, 30 by default). Until
 * the sweep marks one, it is already refused (410 CART_EXPIRED, see `assertCartOpen`); the sweep
 * makes the status true for staff, reports and the recovery pillar (`cart.expired`).
 */

/** Mark a cart expired in `tx` (the sweep, or a customer's stale cart making way for a new one). */
export async function expireCart(tx: Tx, row: CartRow): Promise<void> {
  const status = nextCartStatus(row.status, 'expire', row.id);
  const { rows } = await tx.execute<{ version: number; updated_at: Date }>(sql`
    UPDATE carts SET status = ${status}, version = version + 1, updated_at = now()
    WHERE id = ${row.id} RETURNING version, updated_at`);
  const cart = workingCart(row);
  cart.status = status;
  cart.version = rows[0]!.version;
  cart.updatedAt = iso(rows[0]!.updated_at);
  await emitCartEvent(tx, cart, 'cart.expired');
}

/**
 * Mark active carts past their expiry as expired, oldest first, across stores; one transaction per
 * cart under its store's row-level security. A change in progress is waited for, and a cart changed
 * meanwhile (its expiry moved) is left alone, so re-running the sweep is harmless. Returns how many
 * carts were expired.
 */
export async function expireStaleCarts(db: Db, options: { limit?: number } = {}): Promise<number> {
  const { rows } = await db.execute<{ id: string; store_id: string }>(sql`
    SELECT id, store_id FROM carts WHERE status = 'active' AND expires_at <= now()
    ORDER BY expires_at LIMIT ${options.limit ?? 500}`);
  let expired = 0;
  for (const due of rows) {
    const done = await withStore(db, due.store_id, async (tx) => {
      const row = await lockCart(tx, due.store_id, due.id);
      if (!row || row.status !== 'active' || !row.expired) return false;
      await expireCart(tx, row);
      return true;
    });
    if (done) expired++;
  }
  return expired;
}
