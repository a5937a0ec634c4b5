import { describe, expect, it } from 'vitest';
import { mostSpecificZone, type ZoneFacts } from './matching.ts';
import { bandProblems, tableAmount } from './rate-table.ts';

const zone = (
  id: string,
  countries: string[],
  regions: string[] = [],
  postcodePatterns: string[] = [],
): ZoneFacts => ({
  id,
  countries,
  regions,
  postcodePatterns,
});

describe('zone matching', () => {
  const world = zone('shz_1', ['*']);
  const europe = zone('shz_2', ['DE', 'FR', 'IT', 'ES', 'NL']);
  const germany = zone('shz_3', ['DE']);
  const bavaria = zone('shz_4', ['DE'], ['BY', 'Bayern']);
  const munich = zone('shz_5', ['DE'], [], ['80*', '81*']);
  const zones = [world, europe, germany, bavaria, munich];

  it('the most specific covering zone wins: postcode, region, fewer countries, then "*"', () => {
    expect(mostSpecificZone(zones, { country: 'DE', region: 'BY', postal_code: '80331' })?.id).toBe('shz_5');
    expect(mostSpecificZone(zones, { country: 'DE', region: 'by', postal_code: '90402' })?.id).toBe('shz_4');
    expect(mostSpecificZone(zones, { country: 'DE', region: 'Bayern', postal_code: '90402' })?.id).toBe(
      'shz_4',
    );
    expect(mostSpecificZone(zones, { country: 'DE', region: 'BE', postal_code: '10115' })?.id).toBe('shz_3');
    expect(mostSpecificZone(zones, { country: 'FR', postal_code: '75001' })?.id).toBe('shz_2');
    expect(mostSpecificZone(zones, { country: 'VN', postal_code: '700000' })?.id).toBe('shz_1');
  });

  it('order of the list does not matter; equal zones: the older wins', () => {
    expect(mostSpecificZone([...zones].reverse(), { country: 'DE', postal_code: '81000' })?.id).toBe('shz_5');
    const twin = zone('shz_9', ['DE']);
    expect(mostSpecificZone([twin, germany], { country: 'DE', postal_code: '10115' })?.id).toBe('shz_3');
  });

  it('no covering zone: null; a region zone needs a region, a postcode zone a postcode', () => {
    expect(mostSpecificZone([europe, germany], { country: 'US', postal_code: '10001' })).toBeNull();
    expect(mostSpecificZone([bavaria], { country: 'DE', postal_code: '80331' })).toBeNull();
    expect(mostSpecificZone([munich], { country: 'DE' })).toBeNull();
  });
});

describe('rate tables', () => {
  const bands = [
    { from: 0, to: 1000, amount: 500 },
    { from: 1000, to: 5000, amount: 900 },
    { from: 5000, to: null, amount: 1500 },
  ];

  it('flat is flat; a band runs from `from` (inclusive) to `to` (exclusive)', () => {
    expect(
      tableAmount({ rateType: 'flat', flatAmount: 599, bands: [] }, { weightGrams: 99999, subtotal: 1 }),
    ).toBe(599);
    const weight = (g: number) =>
      tableAmount({ rateType: 'weight_band', flatAmount: null, bands }, { weightGrams: g, subtotal: 0 });
    expect([0, 999, 1000, 4999, 5000, 10_000_000].map(weight)).toEqual([500, 500, 900, 900, 1500, 1500]);
    const price = (s: number) =>
      tableAmount({ rateType: 'price_band', flatAmount: null, bands }, { weightGrams: 0, subtotal: s });
    expect([0, 999, 1000, 5000].map(price)).toEqual([500, 500, 900, 1500]);
  });

  it('a basket in a gap, or past the last closed band, has no rate', () => {
    const gappy = [
      { from: 0, to: 1000, amount: 500 },
      { from: 2000, to: 3000, amount: 900 },
    ];
    const weight = (g: number) =>
      tableAmount(
        { rateType: 'weight_band', flatAmount: null, bands: gappy },
        { weightGrams: g, subtotal: 0 },
      );
    expect([999, 1000, 1999, 2000, 2999, 3000].map(weight)).toEqual([500, null, null, 900, 900, null]);
  });

  it('finds unsorted, overlapping and empty bands', () => {
    expect(bandProblems(bands)).toEqual([]);
    expect(
      bandProblems([
        { from: 1000, to: 2000, amount: 1 },
        { from: 0, to: 1000, amount: 1 },
      ])[0]!.message,
    ).toMatch(/sorted/);
    expect(
      bandProblems([
        { from: 0, to: 1500, amount: 1 },
        { from: 1000, to: 2000, amount: 1 },
      ])[0]!.message,
    ).toMatch(/overlaps/);
    expect(
      bandProblems([
        { from: 0, to: null, amount: 1 },
        { from: 1000, to: 2000, amount: 1 },
      ])[0]!.message,
    ).toMatch(/overlaps/);
    expect(bandProblems([{ from: 500, to: 500, amount: 1 }])[0]!.message).toMatch(/greater than/);
  });
});
