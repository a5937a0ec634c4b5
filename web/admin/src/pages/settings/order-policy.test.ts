import { describe, expect, it } from 'vitest';
import { policyChanges, policyDraftOf, type OrderPolicy } from './order-policy.ts';

/** The "Orders & returns" form ↔ the API's order policy, without a browser. */

const saved: OrderPolicy = { shopper_cancel_minutes: 60, unpaid_cancel_days: 7, return_window_days: 30 };
const range = (min: number, max: number) => `${min}-${max}`;

describe('order policy form', () => {
  it('sends only what changed, and nothing when nothing did', () => {
    expect(policyChanges(saved, policyDraftOf(saved), range)).toEqual({ body: null });
    const draft = { ...policyDraftOf(saved), return_window_days: ' 14 ' };
    expect(policyChanges(saved, draft, range)).toEqual({ body: { return_window_days: 14 } });
    const zeros = { shopper_cancel_minutes: '0', unpaid_cancel_days: '0', return_window_days: '0' };
    expect(policyChanges(saved, zeros, range)).toEqual({
      body: { shopper_cancel_minutes: 0, unpaid_cancel_days: 0, return_window_days: 0 },
    });
  });

  it('names each value outside its range, or not a whole number, and sends nothing', () => {
    const draft = {
      shopper_cancel_minutes: '10081',
      unpaid_cancel_days: '2.5',
      return_window_days: '',
    };
    expect(policyChanges(saved, draft, range)).toEqual({
      errors: { shopper_cancel_minutes: '0-10080', unpaid_cancel_days: '0-90', return_window_days: '0-365' },
    });
    const oneBad = { ...policyDraftOf(saved), unpaid_cancel_days: '91', return_window_days: '365' };
    expect(policyChanges(saved, oneBad, range)).toEqual({ errors: { unpaid_cancel_days: '0-90' } });
    expect(policyChanges(saved, { ...policyDraftOf(saved), return_window_days: '-1' }, range)).toEqual({
      errors: { return_window_days: '0-365' },
    });
  });
});
