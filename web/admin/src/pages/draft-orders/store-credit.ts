import type { GiftCard } from '../gift-cards/gift-cards.ts';

/** At most this many cards are spent on one draft (`gift_card_ids` of POST …/complete). */
export const MAX_DRAFT_GIFT_CARDS = 5;

/**
 * The store credit and gift cards of the draft's customer that can pay it: active, something left,
 * in the draft's currency, not past their expiry (a card's status may lag behind its date).
 */
export function usableCredit(cards: readonly GiftCard[], currency: string, now = new Date()): GiftCard[] {
  return cards.filter(
    (c) =>
      c.status === 'active' &&
      c.balance > 0 &&
      c.currency.toUpperCase() === currency.toUpperCase() &&
      (c.expires_at === null || new Date(c.expires_at).getTime() > now.getTime()),
  );
}

/** What the payment method still has to pay once the ticked cards are spent: never below 0. */
export function leftToPay(total: number, cards: readonly GiftCard[], checked: ReadonlySet<string>): number {
  const credit = cards.filter((c) => checked.has(c.id)).reduce((sum, c) => sum + c.balance, 0);
  return Math.max(0, total - credit);
}
