import { describe, expect, it } from 'vitest';
import {
  convertMinorUnits,
  resolvePrice,
  type StorePricingBook,
  type VariantPricingFacts,
} from './resolve.ts';

const facts = (over: Partial<VariantPricingFacts> = {}): VariantPricingFacts => ({
  variantId: 'var_1',
  productId: 'prod_1',
  brand: 'Acme',
  tags: ['Summer'],
  categoryPaths: ['/cat_root/cat_child/'],
  prices: [{ id: 'price_1', currency: 'USD', amount: 1000, compareAtAmount: null }],
  entries: [],
  ...over,
});
const book = (over: Partial<StorePricingBook> = {}): StorePricingBook => ({
  storeCurrency: 'USD',
  lists: new Map(),
  rules: [],
  rates: [],
  ...over,
});
const ctx = {
  currency: 'USD',
  quantity: 1,
  customerGroupIds: [],
  locationId: null,
  at: new Date('2026-06-01T00:00:00Z'),
};

describe('convertMinorUnits', () => {
  it('converts exactly across exponents and rounds half up to the target minor unit', () => {
    expect(convertMinorUnits(1000, 'USD', 'VND', '25000.5')).toBe(250005); // 10.00 USD → 250,005 VND
    expect(convertMinorUnits(1001, 'USD', 'JPY', '150.5')).toBe(1507); // 1506.505 → 1507
    expect(convertMinorUnits(1, 'USD', 'EUR', '0.5')).toBe(1); // 0.5 → 1 (half up)
    expect(convertMinorUnits(1, 'USD', 'EUR', '0.49')).toBe(0);
    expect(convertMinorUnits(250000, 'VND', 'USD', '0.00004')).toBe(1000); // no float drift
    expect(convertMinorUnits(1000, 'USD', 'KWD', '0.307')).toBe(3070); // three-decimal currency
    expect(convertMinorUnits(9_007_199_254, 'USD', 'VND', '25000')).toBe(2_251_799_813_500);
  });
});

describe('resolvePrice', () => {
  it('rounds a percentage off half up and keeps the pre-rule price as compare-at', () => {
    const q = resolvePrice(
      facts({ prices: [{ id: 'p', currency: 'USD', amount: 999, compareAtAmount: null }] }),
      book({
        rules: [
          {
            id: 'r1',
            name: 'Summer',
            status: 'active',
            priority: 0,
            startsAt: null,
            endsAt: null,
            customerGroupIds: [],
            targetKind: 'tags',
            targetValues: ['summer'],
            adjustmentKind: 'percentage_off',
            adjustmentValue: 1500,
            currency: null,
          },
        ],
      }),
      ctx,
    );
    expect(q).toMatchObject({ amount: 849, compareAtAmount: 999, source: { kind: 'rule', id: 'r1' } });
  });

  it('returns null when there is no price and no rate reaches the currency', () => {
    expect(resolvePrice(facts(), book(), { ...ctx, currency: 'EUR' })).toBeNull();
  });

  it('drops a compare-at that is not above the price', () => {
    const q = resolvePrice(
      facts({ prices: [{ id: 'p', currency: 'USD', amount: 1000, compareAtAmount: 900 }] }),
      book(),
      ctx,
    );
    expect(q?.compareAtAmount).toBeNull();
  });
});
