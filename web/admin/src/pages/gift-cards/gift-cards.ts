import type { Answer } from '../../api/client.ts';
import type { Locale } from '../../i18n/catalog.ts';
import { formatMoney, parseMoney } from '../../lib/format.ts';

/**
 * What the gift-card pages and the order page share: the card as the API shows it, its statuses,
 * how it is named without its code (••••ABCD), signed amounts, and what an order's gift cards paid.
 */
export type GiftCard = Answer<'/admin/v1/gift-cards', 'get'>['data'][number];
export type GiftCardDetail = Answer<'/admin/v1/gift-cards/{giftCardId}', 'get'>;
export type GiftCardTransaction = GiftCardDetail['transactions'][number];

export const GIFT_CARD_STATUSES = ['active', 'used_up', 'expired', 'disabled'] as const;
export type GiftCardStatus = (typeof GIFT_CARD_STATUSES)[number];

export const giftCardStatusOf = (v: unknown): GiftCardStatus | undefined =>
  GIFT_CARD_STATUSES.find((s) => s === v);

/** A card named by the only part of its code Carton keeps: its last four characters. */
export const maskedCode = (lastCharacters: string) => `••••${lastCharacters}`;

/** An amount with its sign always written: +$10.00, −$25.00 (a true minus sign). */
export function signedMoney(amount: number, currency: string, locale: Locale): string {
  const text = formatMoney(Math.abs(amount), currency, locale);
  return amount < 0 ? `−${text}` : amount > 0 ? `+${text}` : text;
}

/** The signed minor units of an adjustment typed as a positive decimal; null when unreadable or 0. */
export function adjustmentAmount(text: string, currency: string, direction: 'add' | 'remove'): number | null {
  const n = parseMoney(text, currency);
  if (n === null || n <= 0) return null;
  return direction === 'add' ? n : -n;
}

/** At most this many cards are issued at once (`POST /admin/v1/gift-cards/batch`). */
export const MAX_GIFT_CARD_BATCH = 500;

/** How many cards to issue at once, typed as a whole number from 1 to 500; null otherwise. */
export function giftCardBatchCount(text: string): number | null {
  const cleaned = text.trim();
  if (!/^\d+$/.test(cleaned)) return null;
  const n = Number(cleaned);
  return n >= 1 && n <= MAX_GIFT_CARD_BATCH ? n : null;
}

/** The name the batch's CSV of codes is saved under, as the API names it: gift-cards-2026-03-14.csv. */
export const giftCardBatchFilename = (now = new Date()) => `gift-cards-${now.toISOString().slice(0, 10)}.csv`;

/** A gift card that paid (part of) an order, as the admin order view lists it. */
export interface OrderGiftCard {
  gift_card_id: string;
  last_characters: string;
  amount: number;
  refunded: number;
}

/**
 * What gift cards paid of an order and what the payment covered: none for an order from before
 * gift cards (the fields absent) or paid without one.
 */
export function orderGiftCardPayment(order: {
  gift_cards?: OrderGiftCard[] | undefined;
  gift_card_total?: number | undefined;
  totals: { total: number };
}): { cards: OrderGiftCard[]; paid: number; rest: number } {
  const cards = order.gift_cards ?? [];
  const paid = order.gift_card_total ?? cards.reduce((sum, c) => sum + c.amount, 0);
  return { cards, paid, rest: Math.max(0, order.totals.total - paid) };
}
