import { describe, expect, it } from 'vitest';
import { en } from '../../i18n/catalog.ts';
import { vi } from '../../i18n/vi.ts';
import {
  adjustmentAmount,
  GIFT_CARD_STATUSES,
  giftCardBatchCount,
  giftCardBatchFilename,
  giftCardStatusOf,
  maskedCode,
  orderGiftCardPayment,
  signedMoney,
} from './gift-cards.ts';

describe('gift cards in the console', () => {
  it('names a card by its last four characters, never more', () => {
    expect(maskedCode('PW3C')).toBe('••••PW3C');
  });

  it('reads only the four statuses the API filters by', () => {
    expect(GIFT_CARD_STATUSES.map(giftCardStatusOf)).toEqual(['active', 'used_up', 'expired', 'disabled']);
    expect(giftCardStatusOf('spent')).toBeUndefined();
    expect(giftCardStatusOf(undefined)).toBeUndefined();
  });

  it('writes every amount of the history with its sign', () => {
    expect(signedMoney(1000, 'USD', 'en')).toBe('+$10.00');
    expect(signedMoney(-2500, 'USD', 'en')).toBe('−$25.00');
    expect(signedMoney(0, 'USD', 'en')).toBe('$0.00');
    expect(signedMoney(-150000, 'VND', 'vi')).toMatch(/^−150\.000\s₫$/);
  });

  it('turns an adjustment typed as a positive decimal into signed minor units', () => {
    expect(adjustmentAmount('10.00', 'USD', 'add')).toBe(1000);
    expect(adjustmentAmount('10,5', 'USD', 'remove')).toBe(-1050);
    expect(adjustmentAmount('150000', 'VND', 'add')).toBe(150000);
    for (const bad of ['', '0', '0.00', '-5', 'ten', '1.234']) {
      expect(adjustmentAmount(bad, 'USD', 'add'), bad).toBeNull();
    }
  });

  it('reads how many cards to issue at once as a whole number from 1 to 500', () => {
    expect(giftCardBatchCount('3')).toBe(3);
    expect(giftCardBatchCount(' 500 ')).toBe(500);
    expect(giftCardBatchCount('1')).toBe(1);
    for (const bad of ['', '0', '501', '-2', '2.5', '1e2', 'ten', '3 cards']) {
      expect(giftCardBatchCount(bad), bad).toBeNull();
    }
  });

  it('names the batch’s file of codes as the API does, by the UTC day', () => {
    expect(giftCardBatchFilename(new Date('2026-03-14T23:30:00Z'))).toBe('gift-cards-2026-03-14.csv');
  });

  it('says what gift cards paid of an order and what the payment covered', () => {
    const card = { gift_card_id: 'gc_1', last_characters: 'ABCD', amount: 2500, refunded: 500 };
    expect(
      orderGiftCardPayment({ gift_cards: [card], gift_card_total: 2500, totals: { total: 6000 } }),
    ).toEqual({ cards: [card], paid: 2500, rest: 3500 });
    expect(
      orderGiftCardPayment({
        gift_cards: [{ ...card, amount: 6000 }],
        gift_card_total: 6000,
        totals: { total: 6000 },
      }),
    ).toMatchObject({ paid: 6000, rest: 0 });
    // An order view from before gift cards: none, and the payment covered everything.
    expect(orderGiftCardPayment({ totals: { total: 6000 } })).toEqual({ cards: [], paid: 0, rest: 6000 });
  });

  it('has every gift-card message in Vietnamese too', () => {
    const keys = Object.keys(en).filter((k) => k.startsWith('giftCards.') || k.startsWith('orders.giftCard'));
    expect(keys.length).toBeGreaterThan(50);
    for (const key of keys) expect(vi[key as keyof typeof vi], key).toBeTruthy();
  });
});
