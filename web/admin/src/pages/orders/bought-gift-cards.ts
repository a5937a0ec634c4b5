/**
 * Gift cards sold as products: an order's lines with `gift_card: true`. Once the order's payment is
 * captured, a background subscriber turns each unit (not cancelled, with a price) into a card worth
 * the unit price, e-mails its code to the buyer and fulfils the line — a few seconds after the
 * capture, so the order page waits for them.
 */
interface MaybeGiftCardLine {
  gift_card: boolean;
  quantity: number;
  cancelled_quantity: number;
  unit_price: number;
}

/** Whether the order bought gift cards at all (the page lists them only then). */
export const boughtGiftCards = (lines: readonly MaybeGiftCardLine[]): boolean =>
  lines.some((l) => l.gift_card);

/** How many cards the order's gift card lines become: one per unit not cancelled and worth something. */
export function giftCardUnits(lines: readonly MaybeGiftCardLine[]): number {
  return lines
    .filter((l) => l.gift_card && l.unit_price > 0)
    .reduce((n, l) => n + Math.max(0, l.quantity - l.cancelled_quantity), 0);
}

/** Order statuses in which the server issues the cards bought, once the payment is captured. */
const ISSUING_STATUSES = new Set(['confirmed', 'processing', 'shipped', 'delivered']);

/**
 * Where an order's bought cards stand, given how many are listed so far: `issued` (all there, or
 * nothing to issue), `awaiting_payment` (issued once the payment is captured), `issuing` (captured:
 * the subscriber issues them in a moment), or `none` (cancelled or refunded before they were).
 */
export function boughtCardsState(
  order: { status: string; payment_status: string; lines: readonly MaybeGiftCardLine[] },
  listed: number,
): 'issued' | 'awaiting_payment' | 'issuing' | 'none' {
  const expected = giftCardUnits(order.lines);
  if (listed >= expected) return 'issued';
  if (!ISSUING_STATUSES.has(order.status)) return listed > 0 ? 'issued' : 'none';
  if (order.payment_status === 'pending' || order.payment_status === 'authorized') return 'awaiting_payment';
  if (order.payment_status === 'captured') return 'issuing';
  return listed > 0 ? 'issued' : 'none';
}
