import { describe, expect, it } from 'vitest';
import { formatMoney, translator } from '../i18n.ts';
import { editLines, editPayment, editReason } from './order-edits.ts';

const t = translator('en');
const money = (n: number) => formatMoney(n, 'USD', 'en');
const edit = (over: Partial<Parameters<typeof editLines>[0]> = {}): Parameters<typeof editLines>[0] => ({
  id: 'oe_1',
  order_id: 'ord_1',
  display_number: '#1001-E1',
  reason: null,
  added: [],
  added_amount: 0,
  removed: [],
  removed_amount: 0,
  cancellation_id: null,
  payment: { outcome: 'nothing', amount: 0 },
  created_at: '2026-12-04T08:00:00Z',
  ...over,
});

describe('the changes to an order, as the shopper reads them', () => {
  it('names the units added and taken out, with a plus and a minus sign', () => {
    const titles: Record<string, string> = { ol_m: 'Shirt — Size M', ol_l: 'Shirt — Size L' };
    const e = edit({
      added: [{ order_line_id: 'ol_l', quantity: 1, amount: 2500 }],
      removed: [{ order_line_id: 'ol_m', quantity: 1, amount: 2500 }],
    });
    expect(editLines(e, (id) => titles[id] ?? id)).toEqual(['+1 × Shirt — Size L', '−1 × Shirt — Size M']);
  });

  it("says the shopper's own change is theirs, and gives the shop's reason as it is", () => {
    expect(editReason(t, 'Changed by the customer')).toBe('You changed this');
    expect(editReason(t, 'Out of stock')).toBe('Reason: Out of stock');
    expect(editReason(t, null)).toBeNull();
    expect(editReason(t, '')).toBeNull();
  });

  it('tells a refund and a new amount to pay; nothing else', () => {
    expect(editPayment(t, { outcome: 'refund', amount: 1250 }, money)).toBe('$12.50 refunded to your card');
    expect(editPayment(t, { outcome: 'amount_due', amount: 4000 }, money)).toBe('Now to pay: $40.00');
    expect(editPayment(t, { outcome: 'capture_less', amount: 4000 }, money)).toBeNull();
    expect(editPayment(t, { outcome: 'nothing', amount: 0 }, money)).toBeNull();
  });

  it('speaks Vietnamese too', () => {
    const vi = translator('vi');
    expect(editReason(vi, 'Changed by the customer')).toBe('Bạn đã thay đổi');
  });
});
