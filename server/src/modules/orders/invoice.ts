import type { Db } from '../../platform/db/database.ts';
import { withStore } from '../../platform/db/database.ts';
import { manualPaymentOf, type ManualPayment } from '../payments/service.ts';
import { getStore } from '../tenancy/service.ts';
import { detailOf } from './orders.ts';
import { findOrder, notFound } from './shared.ts';
import {
  addressLines,
  formatMoney,
  giftCardRows,
  howToPay,
  lineLabel,
  propertyLines,
  taxRows,
} from './formatting.ts';
import { orderMessages } from './messages.ts';
import {
  paperHeading,
  paperNote,
  paperRule,
  paperTable,
  delivery,
  startPaper,
  type Column,
  type PaperStore,
} from './pdf.ts';
import type { OrderDetailView } from './views.ts';

/**
 * The invoice of an order as a PDF: the store, the order number and date, billing and shipping
 * addresses, every line (quantity, unit price, discount, tax, total), shipping, tax and totals,
 * in the order's currency with its own minor units. Units cancelled before shipping are marked on
 * their lines and taken off under the total, then refunds so far (of returns, or the whole order); for
 * an order still to be paid by bank transfer or cash on delivery, how to pay it.
 * Lines that do not fit go on further pages, with the table header repeated.
 */
export async function renderInvoicePdf(
  order: OrderDetailView,
  store: PaperStore,
  /** An order still to be paid by a manual method: the invoice says how (the bank account). */
  manual: ManualPayment | null = null,
  /** What was refunded for units cancelled before shipping (shown as cancelled, not as a refund). */
  itemsRefunded = 0,
): Promise<Buffer> {
  const locale = order.locale ?? store.locale;
  const money = (n: number) => formatMoney(n, order.currency, locale);
  const m = orderMessages(locale);
  const paper = await startPaper({
    title: m.invoiceTitle(order.display_number),
    author: store.name,
    subject: m.orderSubject(order.display_number),
  });
  const { doc, left, width, bottom } = paper;
  const billTo = addressLines(order.billing_address ?? order.shipping_address);
  let y = paperHeading(paper, { order, store, locale, what: m.invoiceFor(order.display_number) }, [
    { title: m.billTo, lines: [...billTo, order.email] },
    delivery(order, m),
  ]);

  // The lines table.
  const cols: Column[] = [
    { title: m.item, x: left, w: 200, align: 'left' },
    { title: m.qty, x: left + 200, w: 35, align: 'right' },
    { title: m.unitPrice, x: left + 235, w: 70, align: 'right' },
    { title: m.discount, x: left + 305, w: 65, align: 'right' },
    { title: m.tax, x: left + 370, w: 55, align: 'right' },
    { title: m.total, x: left + 425, w: width - 425, align: 'right' },
  ];
  const rows = order.lines.map((line) => [
    `${lineLabel(line)}${line.sku ? `\n${m.sku} ${line.sku}` : ''}` +
      propertyLines(line)
        .map((p) => `\n${p}`)
        .join('') +
      (line.cancelled_quantity ? `\n${m.unitsCancelled(line.cancelled_quantity)}` : ''),
    String(line.quantity),
    money(line.unit_price),
    line.discount ? `−${money(line.discount)}` : '',
    money(line.tax),
    money(line.total + (order.tax_inclusive ? 0 : line.tax)),
  ]);
  y = paperTable(paper, cols, rows, y);

  // Totals.
  const totals: [string, string, boolean?][] = [
    [m.subtotal, money(order.totals.subtotal)],
    ...(order.totals.discount ? [[m.discount, `−${money(order.totals.discount)}`] as [string, string]] : []),
    [order.shipping ? `${m.shipping} (${order.shipping.name})` : m.shipping, money(order.totals.shipping)],
    ...taxRows(order, m, money),
    [m.total, money(order.totals.total), true],
    ...giftCardRows(order, m, money),
    ...(order.cancelled_amount
      ? [
          [m.cancelledItems, `−${money(order.cancelled_amount)}`] as [string, string],
          [m.totalAfterCancellations, money(order.totals.total - order.cancelled_amount), true] as [
            string,
            string,
            boolean,
          ],
        ]
      : []),
    ...(order.refunded_amount > itemsRefunded
      ? [[m.refunded, `−${money(order.refunded_amount - itemsRefunded)}`] as [string, string]]
      : []),
  ];
  if (y + totals.length * 16 + 30 > bottom) {
    doc.addPage();
    y = 50;
  }
  y += 6;
  paperRule(paper, y);
  y += 8;
  for (const [label, value, strong] of totals) {
    doc.font(strong ? 'bold' : 'body').fontSize(strong ? 11 : 10);
    // A long label (a shipping method's name) wraps; the next row starts below it.
    const h = doc.heightOfString(label, { width: 190 });
    doc.text(label, left + 210, y, { width: 190, align: 'left' });
    doc.text(value, left + 400, y, { width: width - 400, align: 'right' });
    y += Math.max(16, h + 4);
  }
  if (manual && order.payment_status === 'pending') {
    y = paperNote(paper, m.howToPay, howToPay(order, manual, locale), y);
  }
  doc.font('body').fontSize(8).fillColor('#555555');
  doc.text(m.amountsIn(order.currency), left, y + 10, { width });
  return paper.finish();
}

/** The invoice of one order of the store (optionally only if it is this shopper's). */
export async function getInvoicePdf(
  db: Db,
  o: { storeId: string; orderId: string; customerId?: string },
): Promise<{ pdf: Buffer; filename: string }> {
  const { order, store, manual, itemsRefunded } = await withStore(db, o.storeId, async (tx) => {
    const row = await findOrder(tx, o.storeId, o.orderId);
    if (!row || (o.customerId !== undefined && row.customerId !== o.customerId)) throw notFound(o.orderId);
    return {
      order: await detailOf(tx, row),
      store: await getStore(tx, o.storeId),
      manual:
        row.paymentStatus === 'pending' ? await manualPaymentOf(tx, o.storeId, row.paymentIntentId) : null,
      itemsRefunded: row.itemsRefundedAmount,
    };
  });
  const pdf = await renderInvoicePdf(
    order,
    { name: store.name, timezone: store.timezone, locale: store.locale },
    manual,
    itemsRefunded,
  );
  return { pdf, filename: `invoice-${order.number}.pdf` };
}
