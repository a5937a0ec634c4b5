import { and, asc, eq, isNotNull } from 'drizzle-orm';
import type { Platform } from '../../platform/context.ts';
import { withStore } from '../../platform/db/database.ts';
import { AppError } from '../../platform/errors.ts';
import { getReservation } from '../inventory/service.ts';
import { orderEdits, type OrderRow } from './schema.ts';

type ReservedLine = { variant_id: string; location_id: string; quantity: number };

/**
 * Where an order's units were reserved: the checkout's reservation (null when gone), then each
 * edit's, oldest first — so `locationsOfUnits` hands a variant's units to the order's lines in
 * the order they were added. An order never edited reads only the checkout's.
 */
export async function reservedUnitsOf(
  platform: Platform,
  order: Pick<OrderRow, 'id' | 'storeId' | 'reservationId' | 'editedAt'>,
): Promise<{ checkout: { id: string; status: string } | null; lines: ReservedLine[] }> {
  const { storeId } = order;
  const read = (reservationId: string) =>
    getReservation(platform.db, { storeId, reservationId }).catch((err: unknown) => {
      if (err instanceof AppError && err.code === 'NOT_FOUND') return null;
      throw err;
    });
  const checkout = await read(order.reservationId);
  const lines: ReservedLine[] = [...(checkout?.lines ?? [])];
  if (order.editedAt) {
    const edits = await withStore(platform.db, storeId, (tx) =>
      tx
        .select({ reservationId: orderEdits.reservationId })
        .from(orderEdits)
        .where(and(eq(orderEdits.orderId, order.id), isNotNull(orderEdits.reservationId)))
        .orderBy(asc(orderEdits.sequence)),
    );
    for (const e of edits) {
      const r = await read(e.reservationId!);
      if (r?.status === 'committed') lines.push(...r.lines);
    }
  }
  return { checkout: checkout && { id: checkout.id, status: checkout.status }, lines };
}
