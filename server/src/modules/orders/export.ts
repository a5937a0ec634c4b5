import { Readable } from 'node:stream';
import type { z } from 'zod';
import { withStore, type Db } from '../../platform/db/database.ts';
import { csvRow } from '../../platform/csv.ts';
import { parseInput } from '../../platform/validation.ts';
import { auditAs, type Actor } from '../audit/service.ts';
import { customerName, decimalAmount } from './formatting.ts';
import { listOrders, OrderListQuery } from './listing.ts';
import type { OrderView } from './views.ts';

/**
 * The orders list as CSV, for the merchant's accounting and spreadsheets: one row per order,
 * with the list's filters. Streamed a page at a time, so a year of orders never sits in memory;
 * amounts as decimals in the order's currency (`12.34`), instants in UTC (ISO 8601).
 */

export const OrderExportQuery = OrderListQuery.omit({ limit: true, cursor: true });
export type OrderExportQuery = z.input<typeof OrderExportQuery>;

const COLUMNS: [string, (o: OrderView) => unknown][] = [
  ['number', (o) => o.display_number],
  ['placed_at', (o) => o.created_at],
  ['status', (o) => o.status],
  ['payment_status', (o) => o.payment_status],
  ['fulfilment_status', (o) => o.fulfilment_status],
  ['email', (o) => o.email],
  ['customer_id', (o) => o.customer_id],
  ['name', (o) => customerName(o)],
  ['shipping_country', (o) => o.shipping_address.country],
  ['shipping_region', (o) => o.shipping_address.region],
  ['shipping_method', (o) => o.shipping?.name],
  ['currency', (o) => o.currency],
  ['items', (o) => o.lines.reduce((n, l) => n + l.quantity, 0)],
  ['subtotal', (o) => decimalAmount(o.totals.subtotal, o.currency)],
  ['discount', (o) => decimalAmount(o.totals.discount, o.currency)],
  ['shipping', (o) => decimalAmount(o.totals.shipping, o.currency)],
  ['tax', (o) => decimalAmount(o.totals.tax, o.currency)],
  ['total', (o) => decimalAmount(o.totals.total, o.currency)],
  ['captured', (o) => decimalAmount(o.captured_amount, o.currency)],
  ['refunded', (o) => decimalAmount(o.refunded_amount, o.currency)],
  ['coupon_codes', (o) => o.coupon_codes.join(' ')],
  ['tags', (o) => o.tags.join(' ')],
  ['cancel_reason', (o) => o.cancel_reason],
];

/** The CSV's lines, header first, page by page (each page its own read). */
async function* csvLines(
  db: Db,
  storeId: string,
  query: OrderExportQuery,
  pageSize: number,
): AsyncGenerator<string> {
  yield csvRow(COLUMNS.map(([name]) => name));
  let cursor: string | undefined;
  do {
    const page = await listOrders(db, { storeId, query: { ...query, limit: pageSize, cursor } });
    yield page.data.map((o) => csvRow(COLUMNS.map(([, cell]) => cell(o)))).join('');
    cursor = page.next_cursor ?? undefined;
  } while (cursor);
}

/**
 * The store's orders matching `query` as a CSV stream. Bad filters are refused (400) before
 * anything is sent; the export is audited (who, which filters) since it holds shoppers' e-mails.
 */
export async function exportOrdersCsv(
  db: Db,
  o: {
    storeId: string;
    query: OrderExportQuery;
    actor?: Actor;
    /** Orders read at a time. */ pageSize?: number;
  },
): Promise<Readable> {
  parseInput(OrderExportQuery, o.query, 'querystring'); // refused here, before the first byte
  // The filters as asked (each page parses them again, as the list does).
  const filters = Object.fromEntries(Object.entries(o.query).filter(([, v]) => v !== undefined));
  await withStore(db, o.storeId, (tx) =>
    auditAs(tx, o.actor, {
      storeId: o.storeId,
      action: 'order.exported',
      entityType: 'order',
      entityId: 'export',
      after: { filters },
    }),
  );
  return Readable.from(csvLines(db, o.storeId, o.query, o.pageSize ?? 200));
}
