import type { RateBand, RateType } from './schema.ts';

/** A method's own rate table, as the `table` provider reads it. */
export interface RateTable {
  rateType: RateType;
  flatAmount: number | null;
  bands: readonly RateBand[];
}

/** What a basket weighs and is worth, the two things rate tables look at. */
export interface BasketMeasure {
  weightGrams: number;
  subtotal: number;
}

/**
 * The table price of shipping a basket: the flat amount, or the amount of the band the basket's
 * weight (grams) or subtotal (minor units) falls in — `from` inclusive, `to` exclusive. Null when
 * the basket falls outside every band (the method is not offered for it).
 */
export function tableAmount(table: RateTable, basket: BasketMeasure): number | null {
  if (table.rateType === 'flat') return table.flatAmount;
  const x = table.rateType === 'weight_band' ? basket.weightGrams : basket.subtotal;
  const band = table.bands.find((b) => x >= b.from && (b.to === null || x < b.to));
  return band ? band.amount : null;
}

/** Why bands are not a usable rate table (one message per problem), or an empty list. */
export function bandProblems(bands: readonly RateBand[]): { index: number; message: string }[] {
  const problems: { index: number; message: string }[] = [];
  bands.forEach((band, i) => {
    if (band.to !== null && band.to <= band.from) {
      problems.push({ index: i, message: '`to` must be greater than `from`' });
    }
    const previous = bands[i - 1];
    if (!previous) return;
    if (band.from <= previous.from) {
      problems.push({ index: i, message: 'bands must be sorted by `from`, ascending' });
    } else if (previous.to === null || previous.to > band.from) {
      problems.push({
        index: i,
        message: `overlaps the band before it (which runs to ${previous.to ?? 'no limit'})`,
      });
    }
  });
  return problems;
}
