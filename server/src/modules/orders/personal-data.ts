import { disputesOfIntent, type DisputeView } from '../payments/service.ts';
import { and, eq, inArray, isNull, or, sql } from 'drizzle-orm';
import type { Address } from '../../platform/address.ts';
import type { DbOrTx, Tx } from '../../platform/db/database.ts';
import { emitOrderEvent } from './events.ts';
import { eraseNotesOfOrders, notesOfOrders } from './notes.ts';
import { linesOf } from './shared.ts';
import { orderLines, orderReturns, orders, type OrderRow } from './schema.ts';
import { orderView, type OrderNoteView, type OrderView } from './views.ts';

/**
 * GDPR export and erasure of what orders hold about a shopper, shaped as the customers module's
 * personal-data handlers (`{ export(db, subject), erase(tx, subject) }`, subject
 * `{ storeId, customerId, email }`), so that module can register them:
 *
 *   registerPersonalDataHandler({ name: 'orders', export: exportOrdersPersonalData, erase: eraseOrdersPersonalData });
 *
 * The shopper's orders are those of their account and the guest orders placed with their e-mail.
 */
export interface OrdersDataSubject {
  storeId: string;
  customerId: string;
  /** Lower-case. */
  email: string;
}

async function subjectOrders(db: DbOrTx, s: OrdersDataSubject): Promise<OrderRow[]> {
  return db
    .select()
    .from(orders)
    .where(
      and(
        eq(orders.storeId, s.storeId),
        or(
          eq(orders.customerId, s.customerId),
          and(isNull(orders.customerId), sql`lower(${orders.email}) = ${s.email.toLowerCase()}`),
        ),
      ),
    )
    .orderBy(orders.id);
}

/** Every order of the shopper as the API shows it (addresses, e-mail, lines, totals, statuses). */
export async function exportOrdersPersonalData(
  db: DbOrTx,
  s: OrdersDataSubject,
): Promise<{ orders: (OrderView & { staff_notes: OrderNoteView[]; disputes: DisputeView[] })[] }> {
  const rows = await subjectOrders(db, s);
  const ids = rows.map((r) => r.id);
  const lines = await linesOf(db, ids);
  const notes = await notesOfOrders(db, s.storeId, ids);
  const orders = [];
  for (const r of rows) {
    orders.push({
      ...orderView(
        r,
        lines.filter((l) => l.orderId === r.id),
      ),
      staff_notes: notes.get(r.id) ?? [],
      // A dispute's evidence may name the shopper (kept after an erasure: the defence of a legal claim).
      disputes: r.capturedAmount > 0 ? await disputesOfIntent(db, s.storeId, r.paymentIntentId) : [],
    });
  }
  return { orders };
}

/** What is left of an address once its person is erased: the country and region (tax records need them). */
function erasedAddress(a: Address): Address;
function erasedAddress(a: Address | null): Address | null;
function erasedAddress(a: Address | null): Address | null {
  if (!a) return a;
  const kept = { line1: 'erased', city: 'erased', country: a.country, postal_code: undefined };
  return a.region ? { ...kept, region: a.region } : kept;
}

/**
 * Erase the shopper's personal data from their orders, keeping the financial records: e-mail →
 * `erased+<customer id>@invalid`, addresses reduced to country and region, the shopper's own words
 * (their note at checkout, on returns) and staff's notes on the orders removed. Amounts, lines, statuses, numbers and history stay. Emits
 * `order.personal_data_erased` per order. Idempotent (an erased order no longer matches the e-mail,
 * and erasing it again changes nothing).
 */
export async function eraseOrdersPersonalData(
  tx: Tx,
  s: OrdersDataSubject,
): Promise<{ orders_anonymised: number; order_notes_deleted: number }> {
  const rows = await subjectOrders(tx, s);
  const erasedEmail = `erased+${s.customerId}@invalid`;
  const toErase = rows.filter(
    (r) =>
      r.email !== erasedEmail ||
      (r.shippingAddress ?? r.billingAddress)?.line1 !== 'erased' ||
      r.customerNote !== null,
  );
  for (const r of toErase) {
    await tx
      .update(orders)
      .set({
        email: erasedEmail,
        shippingAddress: erasedAddress(r.shippingAddress),
        billingAddress: erasedAddress(r.billingAddress ?? null),
        customerNote: null,
        updatedAt: sql`now()`,
      })
      .where(eq(orders.id, r.id));
    await emitOrderEvent(
      tx,
      s.storeId,
      'order.personal_data_erased',
      { type: 'order', id: r.id },
      { orderId: r.id },
    );
  }
  if (rows.length) {
    // What the shopper told about the items (an engraving, a gift card's recipient and message).
    await tx
      .update(orderLines)
      .set({ properties: {} })
      .where(
        and(
          inArray(
            orderLines.orderId,
            rows.map((r) => r.id),
          ),
          sql`${orderLines.properties} <> '{}'::jsonb`,
        ),
      );
    await tx
      .update(orderReturns)
      .set({ note: null, reason: null, updatedAt: sql`now()` })
      .where(
        inArray(
          orderReturns.orderId,
          rows.map((r) => r.id),
        ),
      );
  }
  // A gift card someone else bought for the shopper names them on the buyer's line (the
  // recipient's e-mail, name and message): those properties go too; the line and its money stay.
  await tx
    .update(orderLines)
    .set({ properties: {} })
    .where(
      and(
        eq(orderLines.storeId, s.storeId),
        sql`lower(${orderLines.properties}->>'Recipient email') = ${s.email.toLowerCase()}`,
      ),
    );
  const notesDeleted = await eraseNotesOfOrders(
    tx,
    s.storeId,
    rows.map((r) => r.id),
  );
  return { orders_anonymised: toErase.length, order_notes_deleted: notesDeleted };
}
