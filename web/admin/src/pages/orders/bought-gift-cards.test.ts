import { describe, expect, it } from 'vitest';
import { boughtCardsState, boughtGiftCards, giftCardUnits } from './bought-gift-cards.ts';

const line = (over: Partial<Parameters<typeof giftCardUnits>[0][number]> = {}) => ({
  gift_card: true,
  quantity: 1,
  cancelled_quantity: 0,
  unit_price: 2500,
  ...over,
});

describe('giftCardUnits', () => {
  it('counts one card per unit of the gift card lines, less those cancelled', () => {
    expect(
      giftCardUnits([line({ quantity: 3, cancelled_quantity: 1 }), line(), line({ gift_card: false })]),
    ).toBe(3);
  });
  it('counts no card for a unit worth nothing', () => {
    expect(giftCardUnits([line({ unit_price: 0 })])).toBe(0);
  });
});

describe('boughtGiftCards', () => {
  it('is true when a line is a gift card', () => {
    expect(boughtGiftCards([line({ gift_card: false }), line()])).toBe(true);
    expect(boughtGiftCards([line({ gift_card: false })])).toBe(false);
  });
});

describe('boughtCardsState', () => {
  const order = (status: string, payment_status: string) => ({
    status,
    payment_status,
    lines: [line({ quantity: 2 })],
  });
  it('is issued once every card is listed', () => {
    expect(boughtCardsState(order('shipped', 'captured'), 2)).toBe('issued');
  });
  it('awaits the payment while it is only authorized', () => {
    expect(boughtCardsState(order('confirmed', 'authorized'), 0)).toBe('awaiting_payment');
  });
  it('is issuing once the payment is captured and cards are missing', () => {
    expect(boughtCardsState(order('confirmed', 'captured'), 0)).toBe('issuing');
    expect(boughtCardsState(order('processing', 'captured'), 1)).toBe('issuing');
  });
  it('is none for an order cancelled before any card was issued', () => {
    expect(boughtCardsState(order('cancelled', 'voided'), 0)).toBe('none');
    expect(boughtCardsState(order('refunded', 'refunded'), 1)).toBe('issued');
  });
});
