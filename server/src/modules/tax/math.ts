import { allocate } from '../../platform/money.ts';

/**
 * Tax amounts, exactly. Rates are parts per million (10 % = 100000); amounts integer minor units.
 *
 * - Prices without tax: the exact tax of a part is `amount × rate / 10⁶`.
 * - Prices with tax (gross): the tax inside it is `amount × rate / (10⁶ + rate)`.
 *
 * The document's total tax is the exact sum over all parts rounded once, half up; it is then
 * allocated to the parts in proportion to their exact tax (`allocate`: floors, then the leftover
 * units to the largest remainders), so each part is within a unit of its exact tax and the parts
 * sum to the total. Three lines of 333 at 10 %: exact 33.3 each, total 99.9 → 100 = 34 + 33 + 33.
 */

export const PPM = 1_000_000;

export interface TaxablePart {
  amount: number;
  ratePpm: number;
}

const gcd = (a: bigint, b: bigint): bigint => {
  while (b) [a, b] = [b, a % b];
  return a < 0n ? -a : a;
};

export function taxParts(
  parts: readonly TaxablePart[],
  inclusive: boolean,
): { parts: number[]; total: number } {
  // Σ exact tax as one fraction num/den, in integers: no float ever decides a rounding.
  let num = 0n;
  let den = 1n;
  const weights: number[] = [];
  for (const { amount, ratePpm } of parts) {
    const n = BigInt(amount) * BigInt(ratePpm);
    const d = BigInt(inclusive ? PPM + ratePpm : PPM);
    num = num * d + n * den;
    den = den * d;
    const g = gcd(num, den);
    if (g > 1n) [num, den] = [num / g, den / g];
    weights.push((amount * ratePpm) / Number(d)); // only the proportions of the split
  }
  const total = Number((2n * num + den) / (2n * den)); // half up
  return { parts: allocate(total, weights), total };
}

/** Parts per million as basis points (1 bp = 100 ppm): 8.875 % = 887.5. */
export const basisPointsOf = (ratePpm: number) => ratePpm / 100;

/** Parts per million as a decimal percent string without trailing zeros: 88750 → "8.875". */
export function percentOf(ratePpm: number): string {
  const whole = Math.floor(ratePpm / 10_000);
  const fraction = String(ratePpm % 10_000)
    .padStart(4, '0')
    .replace(/0+$/, '');
  return fraction ? `${whole}.${fraction}` : String(whole);
}

/** A decimal percent string ("8.875", up to 4 decimals) as parts per million, without floats. */
export function ppmOfPercent(percent: string): number {
  const [whole = '0', fraction = ''] = percent.split('.');
  return Number(whole) * 10_000 + Number(fraction.padEnd(4, '0'));
}
