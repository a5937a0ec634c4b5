/** Money is integer minor units plus an ISO 4217 currency code. Never floats. */
export interface Money {
  amount: number;
  currency: string;
}

/** Minor-unit exponent per currency (ISO 4217); two when not listed. */
const EXPONENTS: Record<string, number> = { VND: 0, JPY: 0, KRW: 0, CLP: 0, ISK: 0, BHD: 3, KWD: 3, OMR: 3 };

export function minorUnitExponent(currency: string): number {
  return EXPONENTS[currency] ?? 2;
}

/**
 * Split `total` minor units in proportion to `weights`, so the parts always sum to the
 * whole: each part is floored, and the leftover units go to the largest remainders first.
 */
export function allocate(total: number, weights: readonly number[]): number[] {
  if (!Number.isSafeInteger(total)) throw new RangeError('total must be an integer number of minor units');
  const sum = weights.reduce((a, b) => a + b, 0);
  if (weights.length === 0) return [];
  if (sum <= 0) {
    const parts = weights.map(() => 0);
    parts[0] = total;
    return parts;
  }
  const exact = weights.map((w) => (total * w) / sum);
  const parts = exact.map((x) => Math.floor(x));
  let left = total - parts.reduce((a, b) => a + b, 0);
  const order = exact.map((x, i) => ({ i, r: x - Math.floor(x) })).sort((a, b) => b.r - a.r || a.i - b.i);
  for (let k = 0; left > 0; k = (k + 1) % order.length, left--) parts[order[k]!.i]! += 1;
  return parts;
}

/** Integer minor units as a plain decimal string with `exponent` digits after the point (1234, 2 → `12.34`). */
export function minorToDecimal(amount: number, exponent: number): string {
  if (exponent === 0) return String(amount);
  const digits = String(Math.abs(amount)).padStart(exponent + 1, '0');
  return `${amount < 0 ? '-' : ''}${digits.slice(0, -exponent)}.${digits.slice(-exponent)}`;
}
