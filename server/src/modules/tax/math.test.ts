import { describe, expect, it } from 'vitest';
import { percentOf, ppmOfPercent, taxParts } from './math.ts';
import { rateFor, shippingRatePpm, type TaxRateFact } from './resolve.ts';

const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

describe('tax amounts', () => {
  it('exclusive: three lines of 333 at 10 % sum exactly to the document tax', () => {
    const { parts, total } = taxParts(
      [
        { amount: 333, ratePpm: 100_000 },
        { amount: 333, ratePpm: 100_000 },
        { amount: 333, ratePpm: 100_000 },
      ],
      false,
    );
    expect(total).toBe(100); // 99.9 rounded once
    expect(parts).toEqual([34, 33, 33]);
  });

  it('rounds the document total half up, once', () => {
    expect(taxParts([{ amount: 5, ratePpm: 100_000 }], false)).toEqual({ parts: [1], total: 1 }); // 0.5 → 1
    expect(taxParts([{ amount: 4, ratePpm: 100_000 }], false)).toEqual({ parts: [0], total: 0 }); // 0.4 → 0
    // Per-line rounding would give 0 + 0 + 0; the document's 1.2 gives 1.
    const three = taxParts(Array(3).fill({ amount: 4, ratePpm: 100_000 }), false);
    expect(three.total).toBe(1);
    expect(sum(three.parts)).toBe(1);
  });

  it('inclusive: extracts the tax inside a gross amount', () => {
    expect(taxParts([{ amount: 1200, ratePpm: 200_000 }], true)).toEqual({ parts: [200], total: 200 });
    expect(taxParts([{ amount: 1000, ratePpm: 100_000 }], true)).toEqual({ parts: [91], total: 91 }); // 90.909…
    const lines = taxParts(Array(3).fill({ amount: 333, ratePpm: 100_000 }), true); // 30.27 each, 90.82
    expect(lines.total).toBe(91);
    expect(lines.parts).toEqual([31, 30, 30]);
  });

  it('mixed rates: exact fractions, no float decides a rounding, every part within a unit', () => {
    const parts = [
      { amount: 1999, ratePpm: 88_750 }, // 177.41125
      { amount: 2499, ratePpm: 50_000 }, // 124.95
      { amount: 0, ratePpm: 200_000 },
      { amount: 599, ratePpm: 0 },
      { amount: 1, ratePpm: 88_750 }, // 0.08875
    ];
    const out = taxParts(parts, false);
    expect(out.total).toBe(302); // 302.45
    expect(sum(out.parts)).toBe(302);
    parts.forEach((p, i) => {
      const exact = (p.amount * p.ratePpm) / 1_000_000;
      expect(Math.abs(out.parts[i]! - exact)).toBeLessThan(1);
    });
    expect(out.parts[2]).toBe(0);
    expect(out.parts[3]).toBe(0);
  });

  it('large amounts stay exact', () => {
    const out = taxParts([{ amount: 9_000_000_000_000, ratePpm: 88_755 }], false);
    expect(out.total).toBe(798_795_000_000);
  });

  it('percent text converts to parts per million and back without floats', () => {
    expect(ppmOfPercent('8.875')).toBe(88_750);
    expect(ppmOfPercent('20')).toBe(200_000);
    expect(ppmOfPercent('0.0001')).toBe(1);
    expect(percentOf(88_750)).toBe('8.875');
    expect(percentOf(200_000)).toBe('20');
    expect(percentOf(1)).toBe('0.0001');
  });
});

describe('which rate applies', () => {
  const rate = (
    id: string,
    taxClass: string,
    ratePpm: number,
    extra: Partial<TaxRateFact> = {},
  ): TaxRateFact => ({
    id,
    country: 'US',
    region: null,
    postcodePattern: null,
    taxClass,
    ratePpm,
    shippingTaxable: true,
    ...extra,
  });
  const rates = [
    rate('txr_1', 'standard', 50_000, { shippingTaxable: false }),
    rate('txr_2', 'standard', 60_000, { region: 'NY' }),
    rate('txr_3', 'standard', 88_750, { region: 'NY', postcodePattern: '100*' }),
    rate('txr_4', 'reduced', 20_000),
    rate('txr_5', 'zero', 0),
  ];

  it('postcode beats region beats country; the class falls back to standard', () => {
    const nyc = { country: 'US', region: 'ny', postal_code: '10001' };
    const albany = { country: 'US', region: 'NY', postal_code: '12207' };
    const ohio = { country: 'US', region: 'OH', postal_code: '43004' };
    expect(rateFor(rates, nyc)?.id).toBe('txr_3');
    expect(rateFor(rates, albany, 'standard')?.id).toBe('txr_2');
    expect(rateFor(rates, ohio)?.id).toBe('txr_1');
    expect(rateFor(rates, nyc, 'reduced')?.id).toBe('txr_4');
    expect(rateFor(rates, nyc, 'zero')?.ratePpm).toBe(0);
    expect(rateFor(rates, nyc, 'luxury')?.id).toBe('txr_3');
    expect(rateFor(rates, { country: 'CA', region: 'ON' })).toBeNull();
  });

  it('shipping follows the standard rate that applies', () => {
    expect(shippingRatePpm(rates, { country: 'US', region: 'NY', postal_code: '10001' })).toBe(88_750);
    expect(shippingRatePpm(rates, { country: 'US', region: 'OH' })).toBe(0);
  });
});
