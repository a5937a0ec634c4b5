/**
 * Refunds without a return on the order page (`POST /admin/v1/orders/{id}/refunds`): what the
 * dialog offers, worked out as the server checks it — units shipped and neither in a return nor
 * refunded before, the shipping charged with its tax less what refunds not failed gave back.
 */

interface ReturnLike {
  status: string;
  lines: { order_line_id: string; quantity: number; received_quantity: number }[];
}
interface LineLike {
  id: string;
  quantity: number;
  fulfilled_quantity: number;
  refunded_quantity: number;
  total: number;
  tax: number;
}
interface OrderLike {
  tax_inclusive: boolean;
  totals: { shipping: number };
  shipping: { tax: number } | null;
  returns: ReturnLike[];
  order_refunds: { status: string; shipping_amount: number }[];
}

/** Order statuses an order refund is taken in (the server's list). */
export const REFUNDABLE_ORDER_STATUSES: readonly string[] = [
  'confirmed',
  'processing',
  'shipped',
  'delivered',
  'returned',
];

/**
 * Units of a line in returns not rejected (what a received return got back, else what it asks):
 * they come back through their return, never through an order refund.
 */
export const unitsInReturns = (order: Pick<OrderLike, 'returns'>, lineId: string): number =>
  order.returns
    .filter((r) => r.status !== 'rejected')
    .flatMap((r) =>
      r.lines
        .filter((l) => l.order_line_id === lineId)
        .map((l) => (r.status === 'received' || r.status === 'refunded' ? l.received_quantity : l.quantity)),
    )
    .reduce((n, q) => n + q, 0);

/** Units of a line an order refund may take: shipped, not in a return, not refunded before. */
export const refundableUnits = (order: Pick<OrderLike, 'returns'>, l: LineLike): number =>
  Math.max(0, l.fulfilled_quantity - unitsInReturns(order, l.id) - l.refunded_quantity);

/** The shipping an order refund may still give back: what was charged with its tax, less refunds not failed. */
export const shippingRefundable = (order: OrderLike): number =>
  Math.max(
    0,
    order.totals.shipping +
      (order.tax_inclusive ? 0 : (order.shipping?.tax ?? 0)) -
      order.order_refunds.filter((r) => r.status !== 'failed').reduce((s, r) => s + r.shipping_amount, 0),
  );

/**
 * An estimate of what units are worth: each at its share of what its line was paid for (with the
 * tax a tax-exclusive store added). The server values them exactly, from the first units not yet
 * returned or refunded, so the dialog calls this an estimate.
 */
export const itemsEstimate = (
  order: Pick<OrderLike, 'tax_inclusive'>,
  lines: readonly LineLike[],
  asked: readonly { order_line_id: string; quantity: number }[],
): number =>
  asked.reduce((sum, { order_line_id, quantity }) => {
    const l = lines.find((x) => x.id === order_line_id);
    if (!l || l.quantity === 0) return sum;
    return sum + Math.round((l.total + (order.tax_inclusive ? 0 : l.tax)) / l.quantity) * quantity;
  }, 0);
