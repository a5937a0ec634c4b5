import { and, eq, isNull, sql } from 'drizzle-orm';
import type { Tx } from '../../platform/db/database.ts';
import { emitOrderEvent } from './events.ts';
import { orderEventPayload } from './shared.ts';
import { orders } from './schema.ts';

/**
 * "A guest can later register and see their orders": attach this store's guest orders placed
 * with `email` (any case) to the customer, in the caller's transaction, and emit
 * `order.customer_attached` for each. Orders of another customer are left alone. Idempotent: a
 * second run finds nothing left to attach. Returns the ids attached.
 */
export async function attachGuestOrders(
  tx: Tx,
  o: { storeId: string; customerId: string; email: string },
): Promise<string[]> {
  const attached = await tx
    .update(orders)
    .set({ customerId: o.customerId, updatedAt: sql`now()` })
    .where(
      and(
        eq(orders.storeId, o.storeId),
        isNull(orders.customerId),
        sql`lower(${orders.email}) = ${o.email.trim().toLowerCase()}`,
      ),
    )
    .returning();
  for (const row of attached.sort((a, b) => a.id.localeCompare(b.id))) {
    await emitOrderEvent(
      tx,
      o.storeId,
      'order.customer_attached',
      { type: 'order', id: row.id },
      orderEventPayload(row),
    );
  }
  return attached.map((r) => r.id);
}
