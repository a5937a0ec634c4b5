import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { Db } from '../../platform/db/database.ts';
import { withStore } from '../../platform/db/database.ts';
import { manualPaymentOf, type ManualPayment } from '../payments/service.ts';
import { getStore } from '../tenancy/service.ts';
import { detailOf } from './orders.ts';
import { findOrder, notFound } from './shared.ts';
import { addressLines, formatDate, formatMoney, howToPay, lineLabel } from './formatting.ts';
import { orderMessages } from './messages.ts';
import type { OrderDetailView } from './views.ts';

// DejaVu Sans covers Latin (Vietnamese included), Greek, Cyrillic and the currency signs, so any
// name, address or price prints; the standard PDF fonts cover only Western European text.
const fontDir = join(dirname(createRequire(import.meta.url).resolve('dejavu-fonts-ttf/package.json')), 'ttf');
const FONT = join(fontDir, 'DejaVuSans.ttf');
const BOLD = join(fontDir, 'DejaVuSans-Bold.ttf');

export interface InvoiceStore {
  name: string;
  timezone: string;
  locale: string;
}

/**
 * The invoice of an order as a PDF: the store, the order number and date, billing and shipping
 * addresses, every line (quantity, unit price, discount, tax, total), shipping, tax and totals,
 * in the order's currency with its own minor units. Refunds so far are shown under the total; for
 * an order still to be paid by bank transfer or cash on delivery, how to pay it.
 * Lines that do not fit go on further pages, with the table header repeated.
 */
export async function renderInvoicePdf(
  order: OrderDetailView,
  store: InvoiceStore,
  /** An order still to be paid by a manual method: the invoice says how (the bank account). */
  manual: ManualPayment | null = null,
): Promise<Buffer> {
  const locale = order.locale ?? store.locale;
  const money = (n: number) => formatMoney(n, order.currency, locale);
  const m = orderMessages(locale);
  const { default: PDFDocument } = await import('pdfkit'); // ~0.2 s to load: on the first invoice
  const doc = new PDFDocument({
    size: 'A4',
    margin: 50,
    info: {
      Title: m.invoiceTitle(order.display_number),
      Author: store.name,
      Subject: m.orderSubject(order.display_number),
    },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  doc.registerFont('body', FONT);
  doc.registerFont('bold', BOLD);

  const left = 50;
  const width = doc.page.width - 100;
  const bottom = doc.page.height - 50;

  doc.font('bold').fontSize(20).text(store.name, left, 50, { width });
  doc.font('body').fontSize(10).fillColor('#555555');
  doc.text(m.invoiceFor(order.display_number), { width });
  doc.text(`${m.date}: ${formatDate(order.confirmed_at ?? order.created_at, store.timezone, locale)}`, {
    width,
  });
  doc.text(`${m.orderId}: ${order.id}`, { width });
  doc.fillColor('#000000');

  const top = doc.y + 16;
  const column = (title: string, lines: string[], x: number) => {
    doc
      .font('bold')
      .fontSize(10)
      .text(title, x, top, { width: width / 2 - 10 });
    doc.font('body').fontSize(10);
    for (const l of lines) doc.text(l, x, doc.y, { width: width / 2 - 10 });
    return doc.y;
  };
  const billTo = addressLines(order.billing_address ?? order.shipping_address);
  const endA = column(m.billTo, [...billTo, order.email], left);
  const endB = column(m.shipTo, addressLines(order.shipping_address), left + width / 2);
  let y = Math.max(endA, endB) + 20;

  // The lines table.
  const cols = [
    { title: m.item, x: left, w: 200, align: 'left' as const },
    { title: m.qty, x: left + 200, w: 35, align: 'right' as const },
    { title: m.unitPrice, x: left + 235, w: 70, align: 'right' as const },
    { title: m.discount, x: left + 305, w: 65, align: 'right' as const },
    { title: m.tax, x: left + 370, w: 55, align: 'right' as const },
    { title: m.total, x: left + 425, w: width - 425, align: 'right' as const },
  ];
  const header = () => {
    doc.font('bold').fontSize(9);
    for (const c of cols) doc.text(c.title, c.x, y, { width: c.w, align: c.align });
    y += 14;
    doc
      .moveTo(left, y)
      .lineTo(left + width, y)
      .strokeColor('#999999')
      .stroke();
    y += 6;
    doc.font('body').fontSize(9);
  };
  header();
  for (const line of order.lines) {
    const label = `${lineLabel(line)}${line.sku ? `\n${m.sku} ${line.sku}` : ''}`;
    const h = Math.max(doc.heightOfString(label, { width: cols[0]!.w }), 12) + 6;
    if (y + h > bottom - 20) {
      doc.addPage();
      y = 50;
      header();
    }
    const cells = [
      label,
      String(line.quantity),
      money(line.unit_price),
      line.discount ? `−${money(line.discount)}` : '',
      money(line.tax),
      money(line.subtotal - line.discount + (order.tax_inclusive ? 0 : line.tax)),
    ];
    cells.forEach((text, i) => doc.text(text, cols[i]!.x, y, { width: cols[i]!.w, align: cols[i]!.align }));
    y += h;
  }

  // Totals.
  const rows: [string, string, boolean?][] = [
    [m.subtotal, money(order.totals.subtotal)],
    ...(order.totals.discount ? [[m.discount, `−${money(order.totals.discount)}`] as [string, string]] : []),
    [order.shipping ? `${m.shipping} (${order.shipping.name})` : m.shipping, money(order.totals.shipping)],
    [order.tax_inclusive ? m.taxIncluded : m.tax, money(order.totals.tax)],
    [m.total, money(order.totals.total), true],
    ...(order.refunded_amount ? [[m.refunded, `−${money(order.refunded_amount)}`] as [string, string]] : []),
  ];
  if (y + rows.length * 16 + 30 > bottom) {
    doc.addPage();
    y = 50;
  }
  y += 6;
  doc
    .moveTo(left, y)
    .lineTo(left + width, y)
    .strokeColor('#999999')
    .stroke();
  y += 8;
  for (const [label, value, strong] of rows) {
    doc.font(strong ? 'bold' : 'body').fontSize(strong ? 11 : 10);
    // A long label (a shipping method's name) wraps; the next row starts below it.
    const h = doc.heightOfString(label, { width: 190 });
    doc.text(label, left + 210, y, { width: 190, align: 'left' });
    doc.text(value, left + 400, y, { width: width - 400, align: 'right' });
    y += Math.max(16, h + 4);
  }
  if (manual && order.payment_status === 'pending') {
    const pay = howToPay(order, manual, locale);
    if (y + 30 + pay.length * 14 > bottom) {
      doc.addPage();
      y = 30;
    }
    doc
      .font('bold')
      .fontSize(11)
      .fillColor('#000000')
      .text(m.howToPay, left, y + 14, { width });
    doc.font('body').fontSize(10).text(pay.join('\n'), { width });
    y = doc.y;
  }
  doc.font('body').fontSize(8).fillColor('#555555');
  doc.text(m.amountsIn(order.currency), left, y + 10, { width });
  doc.end();
  return done;
}

/** The invoice of one order of the store (optionally only if it is this shopper's). */
export async function getInvoicePdf(
  db: Db,
  o: { storeId: string; orderId: string; customerId?: string },
): Promise<{ pdf: Buffer; filename: string }> {
  const { order, store, manual } = await withStore(db, o.storeId, async (tx) => {
    const row = await findOrder(tx, o.storeId, o.orderId);
    if (!row || (o.customerId !== undefined && row.customerId !== o.customerId)) throw notFound(o.orderId);
    return {
      order: await detailOf(tx, row),
      store: await getStore(tx, o.storeId),
      manual:
        row.paymentStatus === 'pending' ? await manualPaymentOf(tx, o.storeId, row.paymentIntentId) : null,
    };
  });
  const pdf = await renderInvoicePdf(
    order,
    { name: store.name, timezone: store.timezone, locale: store.locale },
    manual,
  );
  return { pdf, filename: `invoice-${order.number}.pdf` };
}
