import { sql } from 'drizzle-orm';
import { withStore, type Db, type DbOrTx, type Tx } from '../../platform/db/database.ts';
import { AppError } from '../../platform/errors.ts';
import { newId } from '../../platform/ids.ts';
import { getStore } from '../tenancy/service.ts';
import { emitOrderEvent } from './events.ts';
import { addressLines, formatDate, formatMoney } from './formatting.ts';
import { orderMessages, type OrderMessages } from './messages.ts';
import { detailOf } from './orders.ts';
import { paperHeading, paperRule, paperTable, startPaper, type Column, type PaperStore } from './pdf.ts';
import { kindOfRefund, type RefundKind } from './refund-reasons.ts';
import { findOrder, lockOrderIfAny, notFound } from './shared.ts';
import type { CreditNoteView, OrderDetailView } from './views.ts';

/**
 * Credit notes: for every refund of an order's payment that succeeded — a return, cancelled
 * units, a cancelled order, staff on the payments API, a refund made at the provider — the
 * document that reverses that much of the invoice: the amount and the tax inside it, numbered per
 * store without gaps (`CN-1`, `CN-2`…). Issued from payments' `payment.refunded` (subscriber
 * `orders.credit-notes`), once per refund whatever the deliveries.
 *
 * The tax of a note is the order's tax share of the amount (tax ÷ total), rounded; the note that
 * completes the refund of the whole order takes the tax left, so the notes add up to the invoice.
 */

interface CreditNoteRow {
  [column: string]: unknown;
  id: string;
  order_id: string;
  number: number;
  refund_id: string;
  currency: string;
  amount: number | string;
  tax: number | string;
  kind: RefundKind;
  return_id: string | null;
  reason: string | null;
  issued_at: Date | string;
}

const view = (r: CreditNoteRow): CreditNoteView => ({
  id: r.id,
  number: r.number,
  display_number: `CN-${r.number}`,
  refund_id: r.refund_id,
  currency: r.currency,
  amount: Number(r.amount),
  tax: Number(r.tax),
  kind: r.kind,
  return_id: r.return_id,
  reason: r.reason,
  issued_at: new Date(r.issued_at).toISOString(),
});

/** The credit notes of an order, oldest first. */
export async function creditNotesOf(tx: DbOrTx, storeId: string, orderId: string): Promise<CreditNoteView[]> {
  const { rows } = await tx.execute<CreditNoteRow>(sql`
    SELECT * FROM order_credit_notes WHERE store_id = ${storeId} AND order_id = ${orderId} ORDER BY number`);
  return rows.map(view);
}

/**
 * Issue the credit note of a refund that succeeded, in the caller's transaction (the event's
 * delivery): once — a redelivered event finds it. Null for an unknown order or a refund of 0.
 */
export async function issueCreditNoteInTx(
  tx: Tx,
  o: {
    storeId: string;
    orderId: string;
    refund: { id: string; amount: number; currency: string; reason: string | null };
  },
): Promise<CreditNoteView | null> {
  const { storeId, refund } = o;
  if (!(refund.amount > 0)) return null;
  // Under the order's lock: its notes' tax shares are worked out one after another.
  const order = await lockOrderIfAny(tx, storeId, o.orderId);
  if (!order) return null;
  const { rows: known } = await tx.execute<CreditNoteRow>(sql`
    SELECT * FROM order_credit_notes WHERE store_id = ${storeId} AND refund_id = ${refund.id}`);
  if (known[0]) return view(known[0]);
  const { rows: before } = await tx.execute<{ refunded: string; taxed: string }>(sql`
    SELECT coalesce(sum(amount), 0) AS refunded, coalesce(sum(tax), 0) AS taxed
    FROM order_credit_notes WHERE store_id = ${storeId} AND order_id = ${order.id}`);
  const refunded = Number(before[0]!.refunded);
  const taxLeft = Math.max(0, order.taxTotal - Number(before[0]!.taxed));
  const tax =
    refunded + refund.amount >= order.total
      ? taxLeft
      : Math.min(taxLeft, order.total > 0 ? Math.round((refund.amount * order.taxTotal) / order.total) : 0);
  // The orders module's own refunds say what they were for; another is staff's (their words).
  const { kind, returnId } = kindOfRefund(refund.reason);
  // Numbers without gaps: one store's notes are numbered one after another.
  await tx.execute(sql`SELECT pg_advisory_xact_lock(hashtextextended(${`credit-note:${storeId}`}, 0))`);
  const { rows } = await tx.execute<CreditNoteRow>(sql`
    INSERT INTO order_credit_notes
      (id, store_id, order_id, number, refund_id, currency, amount, tax, kind, return_id, reason)
    SELECT ${newId('ocn')}, ${storeId}, ${order.id}, coalesce(max(number), 0) + 1, ${refund.id},
           ${refund.currency}, ${refund.amount}, ${tax}, ${kind}, ${returnId},
           ${kind === 'refund' ? refund.reason : null}
    FROM order_credit_notes WHERE store_id = ${storeId}
    RETURNING *`);
  const note = view(rows[0]!);
  await emitOrderEvent(
    tx,
    storeId,
    'order.credit_note_issued',
    { type: 'order', id: order.id },
    {
      orderId: order.id,
      creditNoteId: note.id,
      number: note.number,
      refundId: refund.id,
      amount: note.amount,
      tax: note.tax,
      currency: note.currency,
    },
  );
  return note;
}

/** What a note credits, in the order's language. */
function describe(note: CreditNoteView, order: OrderDetailView, m: OrderMessages): string {
  switch (note.kind) {
    case 'return': {
      const ret = order.returns.find((r) => r.id === note.return_id);
      return m.creditForReturn(ret?.display_number ?? '');
    }
    case 'cancelled_items':
      return m.creditForCancelledItems;
    case 'cancelled_order':
      return m.creditForCancelledOrder;
    default:
      return note.reason ? `${m.refund}: ${note.reason}` : m.refund;
  }
}

/** The credit note as a PDF (one page): the store, the note and the invoice it corrects, the amounts. */
async function renderCreditNotePdf(
  order: OrderDetailView,
  note: CreditNoteView,
  store: PaperStore,
): Promise<Buffer> {
  const locale = order.locale ?? store.locale;
  const m = orderMessages(locale);
  const money = (n: number) => formatMoney(n, note.currency, locale);
  const paper = await startPaper({
    title: m.creditNoteTitle(note.display_number),
    author: store.name,
    subject: m.orderSubject(order.display_number),
  });
  const { doc, left, width } = paper;
  let y = paperHeading(
    paper,
    { order, store, locale, what: m.creditNoteFor(note.display_number, order.display_number) },
    [
      {
        title: m.billTo,
        lines: [...addressLines(order.billing_address ?? order.shipping_address), order.email],
      },
      {
        title: m.creditNote,
        lines: [
          `${m.creditNoteNumber}: ${note.display_number}`,
          `${m.issued}: ${formatDate(note.issued_at, store.timezone, locale)}`,
          m.correctsInvoice(order.display_number),
        ],
      },
    ],
  );
  const cols: Column[] = [
    { title: m.item, x: left, w: 330, align: 'left' },
    { title: m.total, x: left + 330, w: width - 330, align: 'right' },
  ];
  y = paperTable(paper, cols, [[describe(note, order, m), money(note.amount)]], y);
  y += 6;
  paperRule(paper, y);
  y += 8;
  const totals: [string, string, boolean?][] = [
    [m.netCredited, money(note.amount - note.tax)],
    [m.tax, money(note.tax)],
    [m.totalCredited, money(note.amount), true],
  ];
  for (const [label, value, strong] of totals) {
    doc.font(strong ? 'bold' : 'body').fontSize(strong ? 11 : 10);
    doc.text(label, left + 210, y, { width: 190, align: 'left' });
    doc.text(value, left + 400, y, { width: width - 400, align: 'right' });
    y += 16;
  }
  doc.font('body').fontSize(8).fillColor('#555555');
  doc.text(m.amountsIn(note.currency), left, y + 10, { width });
  return paper.finish();
}

/** One credit note of one order of the store as a PDF (optionally only if the order is this shopper's). */
export async function getCreditNotePdf(
  db: Db,
  o: { storeId: string; orderId: string; creditNoteId: string; customerId?: string },
): Promise<{ pdf: Buffer; filename: string }> {
  const { order, note, store } = await withStore(db, o.storeId, async (tx) => {
    const row = await findOrder(tx, o.storeId, o.orderId);
    if (!row || (o.customerId !== undefined && row.customerId !== o.customerId)) throw notFound(o.orderId);
    const note = (await creditNotesOf(tx, o.storeId, row.id)).find((n) => n.id === o.creditNoteId);
    if (!note) {
      throw new AppError('NOT_FOUND', `Credit note ${o.creditNoteId} does not exist for order ${o.orderId}.`);
    }
    return { order: await detailOf(tx, row), note, store: await getStore(tx, o.storeId) };
  });
  const pdf = await renderCreditNotePdf(order, note, {
    name: store.name,
    timezone: store.timezone,
    locale: store.locale,
  });
  return { pdf, filename: `credit-note-${note.number}.pdf` };
}
