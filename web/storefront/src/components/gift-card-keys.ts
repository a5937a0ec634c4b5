/**
 * How the checkout tells applied gift cards apart. Never by their last characters: two different
 * cards may end alike (only 4 characters of a 16-character code), and both must apply and show.
 * A card applied by its code is known by that code (as the shop keeps it: upper case, without
 * spaces and dashes); one of the shopper's own cards, applied without a code, by its id.
 */

/** A code as the shop keeps it: upper case, without spaces and dashes (two spellings, one card). */
const normaliseCode = (typed: string) => typed.toUpperCase().replace(/[\s-]/g, '');

/** An applied card: by its code (typed), or one of the shopper's own by its id (no code). */
type CardRef = { code: string; id?: never } | { id: string; code?: never };

/** One applied card's key: unique per card, whatever its last characters. */
export const giftCardKey = (c: CardRef): string => (c.id ? `id:${c.id}` : `code:${normaliseCode(c.code!)}`);

/** Whether `card` is among the cards applied (the same code, however spelled, or the same id). */
export const isApplied = (applied: readonly CardRef[], card: CardRef): boolean => {
  const key = giftCardKey(card);
  return applied.some((a) => giftCardKey(a) === key);
};

/**
 * The shopper's own cards not applied yet: neither by their id nor by a code the balance check said
 * is that card (`byCode`'s `cardId`); a card that only ends like an applied one still is offered.
 */
export const notApplied = <T extends { id: string }>(
  own: readonly T[],
  applied: readonly CardRef[],
  byCode: readonly { cardId?: string }[] = [],
): T[] => own.filter((c) => !isApplied(applied, { id: c.id }) && !byCode.some((b) => b.cardId === c.id));
