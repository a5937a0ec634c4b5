/**
 * The reasons the orders module gives payments for the refunds it asks for — and how a credit note
 * reads them back (`kindOfRefund`): a return, units cancelled, a cancelled order. Anything else is
 * a refund staff made on the payments API (their own words) or one made at the provider.
 */
export const refundReasons = {
  returned: (returnId: string, orderId: string) => `Return ${returnId} of order ${orderId}`,
  itemsCancelled: (orderId: string) => `Items cancelled from order ${orderId}`,
  orderCancelled: (orderId: string) => `Order ${orderId} cancelled`,
};

export type RefundKind = 'return' | 'cancelled_items' | 'cancelled_order' | 'refund';

/** An id as Carton makes them (a prefix and a ULID): staff's own words never pass for one. */
const ID = (prefix: string) => `${prefix}_[0-9A-HJKMNP-TV-Z]{26}`;
const RETURNED = new RegExp(`^Return (${ID('ret')}) of order ${ID('ord')}$`);
const ITEMS_CANCELLED = new RegExp(`^Items cancelled from order ${ID('ord')}$`);
const ORDER_CANCELLED = new RegExp(`^Order ${ID('ord')} cancelled$`);

export function kindOfRefund(reason: string | null): { kind: RefundKind; returnId: string | null } {
  const text = reason ?? '';
  const returned = RETURNED.exec(text);
  if (returned) return { kind: 'return', returnId: returned[1]! };
  if (ITEMS_CANCELLED.test(text)) return { kind: 'cancelled_items', returnId: null };
  if (ORDER_CANCELLED.test(text)) return { kind: 'cancelled_order', returnId: null };
  return { kind: 'refund', returnId: null };
}
