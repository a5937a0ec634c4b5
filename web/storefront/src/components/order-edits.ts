import type { ShopperOrder } from '../api.ts';
import type { Translate } from '../i18n.ts';

type Edit = ShopperOrder['edits'][number];

/** The reason the server gives a change the shopper made ("Change size or colour"). */
export const CHANGED_BY_CUSTOMER = 'Changed by the customer';

/**
 * An edit's units, added first then taken out: "+1 × Shirt — L", "−1 × Shirt — M" (a true minus
 * sign). `titleOf` names a line as the page does.
 */
export const editLines = (edit: Edit, titleOf: (orderLineId: string) => string): string[] => [
  ...edit.added.map((l) => `+${l.quantity} × ${titleOf(l.order_line_id)}`),
  ...edit.removed.map((l) => `−${l.quantity} × ${titleOf(l.order_line_id)}`),
];

/** Why the order changed: "You changed this" for the shopper's own change; null without a reason. */
export const editReason = (t: Translate, reason: string | null): string | null =>
  !reason
    ? null
    : reason === CHANGED_BY_CUSTOMER
      ? t('order.edit_by_you')
      : t('order.cancel_reason', { reason });

/**
 * What the change did to the money, in a sentence: a refund to the card, or the new amount to pay
 * (an order paid by bank transfer or on delivery); nothing to say otherwise (no money moved, or the
 * card will simply be charged less at shipping).
 */
export const editPayment = (
  t: Translate,
  payment: Edit['payment'],
  money: (amount: number) => string,
): string | null => {
  if (payment.outcome === 'refund') return t('order.edit_refunded', { amount: money(payment.amount) });
  if (payment.outcome === 'amount_due') return t('order.edit_amount_due', { amount: money(payment.amount) });
  return null;
};
