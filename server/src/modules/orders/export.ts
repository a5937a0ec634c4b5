import { Readable } from 'node:stream';
import { z } from 'zod';
import { withStore, type Db } from '../../platform/db/database.ts';
import { csvRow } from '../../platform/csv.ts';
import { parseInput } from '../../platform/validation.ts';
import { auditAs, type Actor } from '../audit/service.ts';
import { customerName, decimalAmount } from './formatting.ts';
import { listOrders, OrderListQuery } from './listing.ts';
import type { OrderLineView, OrderView } from './views.ts';

/**
 * The orders list as CSV, for the merchant's accounting and spreadsheets: one row per order, or
 * one per line item (`rows=lines`: what sold, for stock and sales by product), with the list's
 * filters. Streamed a page at a time, so a year of orders never sits in memory; amounts as
 * decimals in the order's currency (`12.34`), instants in UTC (ISO 8601).
 */

export const OrderExportQuery = OrderListQuery.omit({ limit: true, cursor: true, ids: true }).extend({
  rows: z
    .enum(['orders', 'lines'])
    .default('orders')
    .describe('One row per order (default), or one per line item with its order’s number and statuses'),
});
export type OrderExportQuery = z.input<typeof OrderExportQuery>;

type Column<T> = [string, (row: T) => unknown];

const ORDER_COLUMNS: Column<OrderView>[] = [
  ['number', (o) => o.display_number],
  ['placed_at', (o) => o.created_at],
  ['status', (o) => o.status],
  ['payment_status', (o) => o.payment_status],
  ['fulfilment_status', (o) => o.fulfilment_status],
  ['email', (o) => o.email],
  ['customer_id', (o) => o.customer_id],
  ['name', (o) => customerName(o)],
  ['shipping_country', (o) => o.shipping_address?.country],
  ['shipping_region', (o) => o.shipping_address?.region],
  ['shipping_method', (o) => o.shipping?.name],
  ['currency', (o) => o.currency],
  ['items', (o) => o.lines.reduce((n, l) => n + l.quantity, 0)],
  ['subtotal', (o) => decimalAmount(o.totals.subtotal, o.currency)],
  ['discount', (o) => decimalAmount(o.totals.discount, o.currency)],
  ['shipping', (o) => decimalAmount(o.totals.shipping, o.currency)],
  ['tax', (o) => decimalAmount(o.totals.tax, o.currency)],
  ['tax_exempt', (o) => (o.tax_exempt ? 'yes' : 'no')],
  ['tax_exemption', (o) => decimalAmount(o.totals.tax_exemption, o.currency)],
  ['total', (o) => decimalAmount(o.totals.total, o.currency)],
  ['captured', (o) => decimalAmount(o.captured_amount, o.currency)],
  ['cancelled_items', (o) => decimalAmount(o.cancelled_amount, o.currency)],
  ['refunded', (o) => decimalAmount(o.refunded_amount, o.currency)],
  ['coupon_codes', (o) => o.coupon_codes.join(' ')],
  ['tags', (o) => o.tags.join(' ')],
  ['cancel_reason', (o) => o.cancel_reason],
];

type LineRow = { order: OrderView; line: OrderLineView };
const money = (amount: number, { order }: LineRow) => decimalAmount(amount, order.currency);

const LINE_COLUMNS: Column<LineRow>[] = [
  ['number', (r) => r.order.display_number],
  ['placed_at', (r) => r.order.created_at],
  ['status', (r) => r.order.status],
  ['payment_status', (r) => r.order.payment_status],
  ['fulfilment_status', (r) => r.order.fulfilment_status],
  ['email', (r) => r.order.email],
  ['sku', (r) => r.line.sku],
  ['product', (r) => r.line.title],
  ['variant', (r) => r.line.variant_title],
  ['product_id', (r) => r.line.product_id],
  ['variant_id', (r) => r.line.variant_id],
  ['currency', (r) => r.order.currency],
  ['quantity', (r) => r.line.quantity],
  ['unit_price', (r) => money(r.line.unit_price, r)],
  ['subtotal', (r) => money(r.line.subtotal, r)],
  ['discount', (r) => money(r.line.discount, r)],
  ['tax', (r) => money(r.line.tax, r)],
  ['total', (r) => money(r.line.total, r)],
  ['fulfilled', (r) => r.line.fulfilled_quantity],
  ['returned', (r) => r.line.returned_quantity],
];

/** An order's rows: itself, or each of its lines. */
function rowsOf(order: OrderView, by: 'orders' | 'lines'): string {
  if (by === 'orders') return csvRow(ORDER_COLUMNS.map(([, cell]) => cell(order)));
  return order.lines.map((line) => csvRow(LINE_COLUMNS.map(([, cell]) => cell({ order, line })))).join('');
}

/** The CSV's lines, header first, page by page (each page its own read). */
async function* csvLines(
  db: Db,
  storeId: string,
  query: OrderExportQuery,
  pageSize: number,
): AsyncGenerator<string> {
  const { rows: by = 'orders', ...filters } = query;
  yield csvRow((by === 'orders' ? ORDER_COLUMNS : LINE_COLUMNS).map(([name]) => name));
  let cursor: string | undefined;
  do {
    const page = await listOrders(db, { storeId, query: { ...filters, limit: pageSize, cursor } });
    yield page.data.map((o) => rowsOf(o, by)).join('');
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
  const { rows } = parseInput(OrderExportQuery, o.query, 'querystring'); // refused here, before the first byte
  // The filters as asked (each page parses them again, as the list does).
  const filters = Object.fromEntries(
    Object.entries(o.query).filter(([k, v]) => v !== undefined && k !== 'rows'),
  );
  await withStore(db, o.storeId, (tx) =>
    auditAs(tx, o.actor, {
      storeId: o.storeId,
      action: 'order.exported',
      entityType: 'order',
      entityId: 'export',
      after: { filters, rows },
    }),
  );
  return Readable.from(csvLines(db, o.storeId, { ...o.query, rows }, o.pageSize ?? 200));
}
