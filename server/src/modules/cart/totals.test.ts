import { describe, expect, it } from 'vitest';
import { basisPointsOf, evaluateCoupon, type CouponFacts } from '../promotions/service.ts';
import type { ShippingRate } from '../shipping/service.ts';
import type { TaxResult } from '../tax/service.ts';
import { cartTotals, type TotalsShipping, type TotalsTax } from './totals.ts';

// Checked by the compiler: what the shipping and tax modules return is what cartTotals takes.
const _shippingAndTaxFit: [TotalsShipping, TotalsTax] = [
  null as unknown as ShippingRate,
  null as unknown as TaxResult,
];

const coupon = (over: Partial<CouponFacts> = {}): CouponFacts => ({
  id: 'cpn_1',
  code: 'C',
  kind: 'percentage',
  basisPoints: 1000,
  amounts: {},
  minimumSubtotal: {},
  scope: 'all',
  scopeIds: [],
  startsAt: null,
  endsAt: null,
  usageLimit: null,
  perCustomerLimit: null,
  timesRedeemed: 0,
  active: true,
  customerRedemptions: 0,
  ...over,
});
const line = (id: string, amount: number, productId = 'prod_a', categoryPaths: string[] = []) => ({
  id,
  amount,
  productId,
  categoryPaths,
});
const now = new Date('2026-05-01T00:00:00Z');

describe('cartTotals', () => {
  const lines = [
    { id: 'a', unitPrice: 1000, quantity: 2 },
    { id: 'b', unitPrice: 333, quantity: 3 },
  ];

  it('adds up lines; no shipping or tax until the checkout brings them', () => {
    const t = cartTotals({ currency: 'USD', lines });
    expect(t).toMatchObject({
      subtotal: 2999,
      discountTotal: 0,
      shippingTotal: 0,
      taxTotal: 0,
      total: 2999,
      itemCount: 5,
    });
    expect(t.lines).toEqual([
      { id: 'a', subtotal: 2000, discount: 0, taxExemption: 0, total: 2000, tax: 0 },
      { id: 'b', subtotal: 999, discount: 0, taxExemption: 0, total: 999, tax: 0 },
    ]);
  });

  it('takes discounts per line, waives shipping for free shipping, adds tax when prices exclude it', () => {
    const t = cartTotals({
      currency: 'USD',
      lines,
      discounts: [
        {
          code: 'TEN',
          amount: 300,
          freeShipping: false,
          lines: [
            { lineId: 'a', amount: 200 },
            { lineId: 'b', amount: 100 },
          ],
        },
        { code: 'SHIP', amount: 0, freeShipping: true, lines: [] },
      ],
      shipping: { amount: 500 },
      tax: {
        inclusive: false,
        lines: [
          { id: 'a', tax: 180 },
          { id: 'b', tax: 90 },
        ],
        shippingTax: 0,
        total: 270,
      },
    });
    expect(t).toMatchObject({
      subtotal: 2999,
      discountTotal: 300,
      shippingTotal: 0,
      shippingDiscount: 500,
      taxTotal: 270,
      taxInclusive: false,
      total: 2999 - 300 + 0 + 270,
      freeShipping: true,
    });
    expect(t.lines[0]).toEqual({
      id: 'a',
      subtotal: 2000,
      discount: 200,
      taxExemption: 0,
      total: 1800,
      tax: 180,
    });
  });

  it('shows tax without adding it when prices include it; a line never takes more discount than it costs', () => {
    const t = cartTotals({
      currency: 'EUR',
      lines: [{ id: 'a', unitPrice: 100, quantity: 1 }],
      discounts: [{ code: 'X', amount: 500, freeShipping: false, lines: [{ lineId: 'a', amount: 500 }] }],
      shipping: { amount: 490 },
      tax: { inclusive: true, lines: [{ id: 'a', tax: 0 }], shippingTax: 82, total: 82 },
    });
    expect(t).toMatchObject({ discountTotal: 100, shippingTotal: 490, taxTotal: 82, total: 490 });
  });

  it('a tax-exempt buyer: no tax, and where prices include it the tax inside them comes off', () => {
    const exempt = {
      inclusive: true,
      lines: [
        { id: 'a', tax: 0 },
        { id: 'b', tax: 0 },
      ],
      shippingTax: 0,
      total: 0,
    };
    const t = cartTotals({
      currency: 'GBP',
      lines,
      discounts: [{ code: 'TEN', amount: 200, freeShipping: false, lines: [{ lineId: 'a', amount: 200 }] }],
      shipping: { amount: 600 },
      // 20 % inside 1800, 999 and 600: 300, 166.5 and 100.
      tax: {
        ...exempt,
        exempt: true,
        exemption: {
          lines: [
            { id: 'a', amount: 300 },
            { id: 'b', amount: 167 },
          ],
          shipping: 100,
          total: 567,
        },
      },
    });
    expect(t).toMatchObject({
      taxTotal: 0,
      taxExempt: true,
      taxExemption: 567,
      total: 2999 - 200 - 567 + 600,
    });
    expect(t.lines.map((l) => [l.taxExemption, l.total])).toEqual([
      [300, 1500],
      [167, 832],
    ]);
    // Prices without tax: nothing to take off, nothing added.
    const exclusive = cartTotals({
      currency: 'USD',
      lines,
      shipping: { amount: 600 },
      tax: { ...exempt, inclusive: false, exempt: true, exemption: { lines: [], shipping: 0, total: 0 } },
    });
    expect(exclusive).toMatchObject({ taxTotal: 0, taxExempt: true, taxExemption: 0, total: 2999 + 600 });
  });
});

describe('evaluateCoupon', () => {
  it('rounds a percentage half up, exactly, even for large amounts', () => {
    expect(basisPointsOf(5, 1000)).toBe(1); // 0.5 → 1
    expect(basisPointsOf(4, 1000)).toBe(0);
    expect(basisPointsOf(9_000_000_000_000_001, 5000)).toBe(4_500_000_000_000_001);
  });

  it('splits the discount over eligible lines so the parts sum exactly (random carts)', () => {
    let seed = 7;
    const rand = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    for (let run = 0; run < 500; run++) {
      const lines = Array.from({ length: 1 + rand(8) }, (_, i) =>
        line(`l${i}`, 1 + rand(100_000), `p${rand(3)}`),
      );
      const kinds: Partial<CouponFacts>[] = [
        { kind: 'percentage', basisPoints: 1 + rand(10_000) },
        { kind: 'fixed_amount', amounts: { USD: 1 + rand(200_000) } },
        { kind: 'percentage', basisPoints: 1 + rand(10_000), scope: 'products', scopeIds: ['p1'] },
      ];
      const c = coupon(kinds[run % 3]);
      const verdict = evaluateCoupon(c, { currency: 'USD', lines }, now);
      if (!verdict.ok) {
        expect(verdict.error).toBe('COUPON_NOT_APPLICABLE'); // no line of p1
        continue;
      }
      const d = verdict.discount;
      const parts = d.lines.reduce((s, l) => s + l.amount, 0);
      expect(parts).toBe(d.amount);
      for (const part of d.lines) {
        const l = lines.find((x) => x.id === part.lineId)!;
        expect(part.amount).toBeLessThanOrEqual(l.amount);
        if (c.scope === 'products') expect(l.productId).toBe('p1');
      }
      const eligible = lines
        .filter((l) => c.scope === 'all' || l.productId === 'p1')
        .reduce((s, l) => s + l.amount, 0);
      expect(d.amount).toBeLessThanOrEqual(eligible);
    }
  });

  it('refuses for the right reason', () => {
    const cart = { currency: 'USD', lines: [line('a', 1000)] };
    const refused = (over: Partial<CouponFacts>, c = cart) => {
      const v = evaluateCoupon(coupon(over), c, now);
      return v.ok ? 'ok' : v.error;
    };
    expect(refused({})).toBe('ok');
    expect(refused({ active: false })).toBe('COUPON_NOT_FOUND');
    expect(refused({ startsAt: new Date('2026-06-01T00:00:00Z') })).toBe('COUPON_NOT_YET_VALID');
    expect(refused({ endsAt: now })).toBe('COUPON_EXPIRED');
    expect(refused({ usageLimit: 3, timesRedeemed: 3 })).toBe('COUPON_LIMIT_REACHED');
    expect(refused({ perCustomerLimit: 1, customerRedemptions: 1 })).toBe('COUPON_LIMIT_REACHED');
    expect(refused({ minimumSubtotal: { USD: 1001 } })).toBe('COUPON_MINIMUM_NOT_MET');
    expect(refused({ minimumSubtotal: { USD: 1000 } })).toBe('ok');
    expect(refused({ minimumSubtotal: { EUR: 1 } })).toBe('COUPON_NOT_APPLICABLE');
    expect(refused({ kind: 'fixed_amount', amounts: { EUR: 100 } })).toBe('COUPON_NOT_APPLICABLE');
    expect(refused({ scope: 'products', scopeIds: ['prod_b'] })).toBe('COUPON_NOT_APPLICABLE');
    expect(refused({}, { currency: 'USD', lines: [] })).toBe('COUPON_NOT_APPLICABLE');
    const inCategory = { currency: 'USD', lines: [line('a', 1000, 'prod_a', ['/cat_root/cat_child/'])] };
    expect(refused({ scope: 'categories', scopeIds: ['cat_root'] }, inCategory)).toBe('ok');
    expect(refused({ scope: 'categories', scopeIds: ['cat_other'] }, inCategory)).toBe(
      'COUPON_NOT_APPLICABLE',
    );
  });

  it('free shipping takes nothing off the lines; a fixed amount never exceeds what it applies to', () => {
    const cart = { currency: 'USD', lines: [line('a', 300), line('b', 200)] };
    const ship = evaluateCoupon(coupon({ kind: 'free_shipping' }), cart, now);
    expect(ship.ok && ship.discount).toMatchObject({ amount: 0, freeShipping: true, lines: [] });
    const fixed = evaluateCoupon(coupon({ kind: 'fixed_amount', amounts: { USD: 10_000 } }), cart, now);
    expect(fixed.ok && fixed.discount).toMatchObject({
      amount: 500,
      lines: [
        { lineId: 'a', amount: 300 },
        { lineId: 'b', amount: 200 },
      ],
    });
  });
});
