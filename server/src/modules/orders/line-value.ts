import { allocate } from '../../platform/money.ts';
import type { OrderLineRow, OrderRow } from './schema.ts';

/**
 * What the customer paid for a line: its total (subtotal less its discount and any tax exemption),
 * plus tax when prices exclude it.
 */
const paidFor = (order: Pick<OrderRow, 'taxInclusive'>, line: OrderLineRow) =>
  line.total + (order.taxInclusive ? 0 : line.tax);

/**
 * The value of units `from` … `from + count − 1` of a line: the line's paid amount is split over
 * its units (`allocate`), so however its units come back or are cancelled, the parts add up to
 * what was paid. Returns count units from the first, cancellations from the last, so the two
 * never take the same part.
 */
export function unitsValue(
  order: Pick<OrderRow, 'taxInclusive'>,
  line: OrderLineRow,
  from: number,
  count: number,
): number {
  const perUnit = allocate(
    paidFor(order, line),
    Array.from({ length: line.quantity }, () => 1),
  );
  return perUnit.slice(from, from + count).reduce((s, x) => s + x, 0);
}
