import type { Db } from '../../platform/db/database.ts';
import { withStore } from '../../platform/db/database.ts';
import { getStore } from '../tenancy/service.ts';
import { lineLabel } from './formatting.ts';
import { orderMessages } from './messages.ts';
import { detailOf } from './orders.ts';
import { paperHeading, paperNote, paperTable, delivery, startPaper, type PaperStore } from './pdf.ts';
import { findOrder, notFound } from './shared.ts';
import type { OrderDetailView } from './views.ts';

/**
 * The packing slip that goes in the parcel: the store, the order's number and date, where it goes,
 * what is in it — each line with its SKU, units ordered and units still to ship — and the
 * shopper's note. No prices: a parcel may be a gift.
 */
async function renderPackingSlipPdf(order: OrderDetailView, store: PaperStore): Promise<Buffer> {
  const locale = order.locale ?? store.locale;
  const m = orderMessages(locale);
  const paper = await startPaper({
    title: m.packingSlipTitle(order.display_number),
    author: store.name,
    subject: m.orderSubject(order.display_number),
  });
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
    order.lines.map((l) => [
      lineLabel(l),
      l.sku ?? '',
      String(l.quantity),
      String(l.quantity - l.fulfilled_quantity - l.cancelled_quantity),
    ]),
    y,
  );
  if (order.customer_note) paperNote(paper, m.customerNote, order.customer_note.split(/\r?\n/), y);
  return paper.finish();
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
