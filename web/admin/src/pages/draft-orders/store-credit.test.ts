import { describe, expect, it } from 'vitest';
import type { GiftCard } from '../gift-cards/gift-cards.ts';
import { leftToPay, usableCredit } from './store-credit.ts';

const card = (over: Partial<GiftCard>): GiftCard => ({
  id: 'gc_1',
  balance: 2500,
  initial_value: 2500,
  currency: 'USD',
  status: 'active',
  customer_id: 'cus_1',
  disabled_at: null,
  expires_at: null,
  last_characters: 'ABCD',
  note: null,
  order_id: null,
  recipient_email: null,
  created_at: '2026-01-01T00:00:00Z',
  updated_at: '2026-01-01T00:00:00Z',
  ...over,
});
const NOW = new Date('2026-06-01T00:00:00Z');

describe('usableCredit', () => {
  it('keeps active cards with a balance in the draft’s currency, not expired', () => {
    const cards = [
      card({ id: 'ok' }),
      card({ id: 'later', expires_at: '2027-01-01T00:00:00Z' }),
      card({ id: 'empty', balance: 0, status: 'used_up' }),
      card({ id: 'zero', balance: 0 }),
      card({ id: 'eur', currency: 'EUR' }),
      card({ id: 'disabled', status: 'disabled' }),
      card({ id: 'expiredStatus', status: 'expired' }),
      card({ id: 'pastDate', expires_at: '2026-05-31T23:59:59Z' }),
    ];
    expect(usableCredit(cards, 'usd', NOW).map((c) => c.id)).toEqual(['ok', 'later']);
  });
});

describe('leftToPay', () => {
  const cards = [card({ id: 'a', balance: 1000 }), card({ id: 'b', balance: 2500 })];
  it('is the total less the ticked balances', () => {
    expect(leftToPay(5000, cards, new Set(['a']))).toBe(4000);
    expect(leftToPay(5000, cards, new Set())).toBe(5000);
  });
  it('is never below 0', () => {
    expect(leftToPay(3000, cards, new Set(['a', 'b']))).toBe(0);
  });
});
