import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { withStore, type Db, type Tx } from '../../platform/db/database.ts';
import { AppError } from '../../platform/errors.ts';
import { newId } from '../../platform/ids.ts';
import { parseInput } from '../../platform/validation.ts';
import { auditAs, type Actor } from '../audit/service.ts';
import { emitOrderEvent } from './events.ts';
import { findOrder, lockOrder, notFound } from './shared.ts';
import { orderNoteView as noteView, type OrderNoteRow as NoteRow, type OrderNoteView } from './views.ts';

/**
 * Staff notes on an order: internal (never shown to the shopper), oldest first beside the order's
 * history. The events and the audit log carry the note's id, not its words, which may name people.
 */

/** Notes one order may hold: enough for any order's story, not a chat log. */
const MAX_NOTES_PER_ORDER = 200;

export const OrderNoteInput = z.strictObject({
  body: z.string().trim().min(1).max(2000).describe('What staff want to remember about the order'),
});
export type OrderNoteInput = z.input<typeof OrderNoteInput>;

export async function listOrderNotes(
  db: Db,
  o: { storeId: string; orderId: string },
): Promise<OrderNoteView[]> {
  return withStore(db, o.storeId, async (tx) => {
    if (!(await findOrder(tx, o.storeId, o.orderId))) throw notFound(o.orderId);
    const { rows } = await tx.execute<NoteRow>(sql`
      SELECT id, body, author_type, author_id, created_at FROM order_notes
      WHERE store_id = ${o.storeId} AND order_id = ${o.orderId} ORDER BY id`);
    return rows.map(noteView);
  });
}

/** Add a note; 409 LIMIT_REACHED past MAX_NOTES_PER_ORDER. Emits `order.note_added`; audited. */
export async function addOrderNote(
  db: Db,
  o: { storeId: string; orderId: string; input: OrderNoteInput; actor?: Actor },
): Promise<OrderNoteView> {
  const input = parseInput(OrderNoteInput, o.input);
  const { storeId, orderId } = o;
  const author = o.actor?.actor ?? { type: 'system', id: null };
  return withStore(db, storeId, async (tx) => {
    await lockOrder(tx, storeId, orderId); // one change of the order's notes at a time
    const { rows: count } = await tx.execute<{ n: number }>(
      sql`SELECT count(*)::int AS n FROM order_notes WHERE store_id = ${storeId} AND order_id = ${orderId}`,
    );
    if (count[0]!.n >= MAX_NOTES_PER_ORDER) {
      throw new AppError('LIMIT_REACHED', `An order keeps at most ${MAX_NOTES_PER_ORDER} notes.`);
    }
    const { rows } = await tx.execute<NoteRow>(sql`
      INSERT INTO order_notes (id, store_id, order_id, body, author_type, author_id)
      VALUES (${newId('onote')}, ${storeId}, ${orderId}, ${input.body}, ${author.type}, ${author.id})
      RETURNING id, body, author_type, author_id, created_at`);
    const note = rows[0]!;
    await emitOrderEvent(
      tx,
      storeId,
      'order.note_added',
      { type: 'order', id: orderId },
      {
        orderId,
        noteId: note.id,
        author: { type: note.author_type, id: note.author_id },
      },
    );
    await auditAs(tx, o.actor, {
      storeId,
      action: 'order.note_added',
      entityType: 'order',
      entityId: orderId,
      after: { note_id: note.id },
    });
    return noteView(note);
  });
}

/** Delete a note (a mistake, a note no longer true); 404 when not on this order. Emits `order.note_deleted`; audited. */
export async function deleteOrderNote(
  db: Db,
  o: { storeId: string; orderId: string; noteId: string; actor?: Actor },
): Promise<void> {
  const { storeId, orderId, noteId } = o;
  await withStore(db, storeId, async (tx) => {
    await lockOrder(tx, storeId, orderId); // one change of the order's notes at a time
    const { rows } = await tx.execute(sql`
      DELETE FROM order_notes WHERE store_id = ${storeId} AND order_id = ${orderId} AND id = ${noteId}
      RETURNING 1`);
    if (rows.length === 0) throw new AppError('NOT_FOUND', `Note ${noteId} is not on order ${orderId}.`);
    await emitOrderEvent(
      tx,
      storeId,
      'order.note_deleted',
      { type: 'order', id: orderId },
      { orderId, noteId },
    );
    await auditAs(tx, o.actor, {
      storeId,
      action: 'order.note_deleted',
      entityType: 'order',
      entityId: orderId,
      after: { note_id: noteId },
    });
  });
}

/** The notes of these orders (a shopper's GDPR export). */
export async function notesOfOrders(
  tx: Tx | Db,
  storeId: string,
  orderIds: string[],
): Promise<Map<string, OrderNoteView[]>> {
  const byOrder = new Map<string, OrderNoteView[]>();
  if (orderIds.length === 0) return byOrder;
  const { rows } = await tx.execute<NoteRow & { order_id: string }>(sql`
    SELECT id, order_id, body, author_type, author_id, created_at FROM order_notes
    WHERE store_id = ${storeId} AND order_id = ANY(${sql.param(orderIds)}::text[]) ORDER BY id`);
  for (const r of rows) {
    const notes = byOrder.get(r.order_id) ?? [];
    notes.push(noteView(r));
    byOrder.set(r.order_id, notes);
  }
  return byOrder;
}

/** Erasure: staff's words about the shopper's orders go with the rest of their personal data. */
export async function eraseNotesOfOrders(tx: Tx, storeId: string, orderIds: string[]): Promise<number> {
  if (orderIds.length === 0) return 0;
  const { rowCount } = await tx.execute(sql`
    DELETE FROM order_notes WHERE store_id = ${storeId} AND order_id = ANY(${sql.param(orderIds)}::text[])`);
  return rowCount ?? 0;
}
