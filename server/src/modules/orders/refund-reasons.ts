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

export function kindOfRefund(reason: string | null): { kind: RefundKind; returnId: string | null } {
  const returned = /^Return (\S+) of order \S+$/.exec(reason ?? '');
  if (returned) return { kind: 'return', returnId: returned[1]! };
  if (/^Items cancelled from order \S+$/.test(reason ?? ''))
    return { kind: 'cancelled_items', returnId: null };
  if (/^Order \S+ cancelled$/.test(reason ?? '')) return { kind: 'cancelled_order', returnId: null };
  return { kind: 'refund', returnId: null };
}
