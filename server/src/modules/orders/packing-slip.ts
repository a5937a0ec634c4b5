import type { Db } from '../../platform/db/database.ts';
import { withStore } from '../../platform/db/database.ts';
import { getStore } from '../tenancy/service.ts';
import { lineLabel, propertyLines } from './formatting.ts';
import { orderMessages } from './messages.ts';
import { detailOf } from './orders.ts';
import {
  delivery,
  paperHeading,
  paperNote,
  paperTable,
  startPaper,
  type Paper,
  type PaperStore,
} from './pdf.ts';
import { findOrder, notFound } from './shared.ts';
import type { OrderDetailView } from './views.ts';

/**
 * The packing slip that goes in the parcel: the store, the order's number and date, where it goes,
 * what is in it — each line with its SKU, units ordered and units still to ship — and the
 * shopper's note. No prices: a parcel may be a gift.
 */
async function renderPackingSlipPdf(order: OrderDetailView, store: PaperStore): Promise<Buffer> {
  const m = orderMessages(order.locale ?? store.locale);
  const paper = await startPaper({
    title: m.packingSlipTitle(order.display_number),
    author: store.name,
    subject: m.orderSubject(order.display_number),
  });
  drawPackingSlip(paper, order, store);
  return paper.finish();
}

/** One order's packing slip on the paper's current page (and the next ones it needs). */
function drawPackingSlip(paper: Paper, order: OrderDetailView, store: PaperStore): void {
  const locale = order.locale ?? store.locale;
  const m = orderMessages(locale);
  const { left, width } = paper;
  let y = paperHeading(paper, { order, store, locale, what: m.packingSlipFor(order.display_number) }, [
    delivery(order, m),
    { title: m.shippingMethod, lines: order.shipping ? [order.shipping.name] : ['—'] },
  ]);
  y = paperTable(
    paper,
    [
      { title: m.item, x: left, w: 260, align: 'left' },
      { title: m.sku, x: left + 260, w: 120, align: 'left' },
      { title: m.qty, x: left + 380, w: 55, align: 'right' },
      { title: m.toShip, x: left + 435, w: width - 435, align: 'right' },
    ],
    // Digital goods and services are not packed.
    order.lines
      .filter((l) => l.requires_shipping)
      .map((l) => [
        // What to engrave, print or write travels with the item to the packing table.
        [lineLabel(l), ...propertyLines(l)].join('\n'),
        l.sku ?? '',
        String(l.quantity),
        String(l.quantity - l.fulfilled_quantity - l.cancelled_quantity),
      ]),
    y,
  );
  if (order.customer_note) paperNote(paper, m.customerNote, order.customer_note.split(/\r?\n/), y);
}

/** The packing slip of one order of the store. */
export async function getPackingSlipPdf(
  db: Db,
  o: { storeId: string; orderId: string },
): Promise<{ pdf: Buffer; filename: string }> {
  const { order, store } = await withStore(db, o.storeId, async (tx) => {
    const row = await findOrder(tx, o.storeId, o.orderId);
    if (!row) throw notFound(o.orderId);
    return { order: await detailOf(tx, row), store: await getStore(tx, o.storeId) };
  });
  const pdf = await renderPackingSlipPdf(order, {
    name: store.name,
    timezone: store.timezone,
    locale: store.locale,
  });
  return { pdf, filename: `packing-slip-${order.number}.pdf` };
}

/**
 * The packing slips of several orders in one PDF, each from a new page, in the order asked — the
 * day's parcels printed at once. An order that is not the store's is 404 and nothing is printed.
 */
export async function getPackingSlipsPdf(
  db: Db,
  o: { storeId: string; orderIds: readonly string[] },
): Promise<{ pdf: Buffer; filename: string }> {
  const { orders, store } = await withStore(db, o.storeId, async (tx) => {
    const details: OrderDetailView[] = [];
    for (const id of o.orderIds) {
      const row = await findOrder(tx, o.storeId, id);
      if (!row) throw notFound(id);
      details.push(await detailOf(tx, row));
    }
    return { orders: details, store: await getStore(tx, o.storeId) };
  });
  const paperStore = { name: store.name, timezone: store.timezone, locale: store.locale };
  const first = orders[0]!;
  const last = orders.at(-1)!;
  const span = orders.length === 1 ? first.display_number : `${first.display_number}–${last.display_number}`;
  const m = orderMessages(store.locale);
  const paper = await startPaper({ title: m.packingSlipTitle(span), author: store.name, subject: span });
  orders.forEach((order, i) => {
    if (i > 0) paper.doc.addPage();
    drawPackingSlip(paper, order, paperStore);
  });
  return { pdf: await paper.finish(), filename: `packing-slips-${first.number}-${orders.length}.pdf` };
}
