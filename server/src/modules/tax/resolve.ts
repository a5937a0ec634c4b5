import { compiledPostcodePattern, postcodeMatches } from '../../platform/postcode-pattern.ts';

/**
 * Which tax rate applies to a line at an address. A rate covers an address when its country is
 * the address's, its region (if any) is the address's region (case-insensitive), and its postcode
 * pattern (if any) matches. Of the covering rates of the line's tax class the most specific wins —
 * postcode, then region, then the whole country; then the older rate. A class with no covering
 * rate is taxed as `standard`; no covering standard rate means no tax.
 *
 * Shipping is taxed at the standard rate that applies, when that rate says `shipping_taxable`.
 */

export const STANDARD_CLASS = 'standard';

/** A rate as the `table` provider reads it. */
export interface TaxRateFact {
  id: string;
  country: string;
  region: string | null;
  postcodePattern: string | null;
  taxClass: string;
  ratePpm: number;
  shippingTaxable: boolean;
}

export interface TaxDestination {
  country: string;
  region?: string | null | undefined;
  postal_code?: string | null | undefined;
}

function covers(rate: TaxRateFact, to: TaxDestination): boolean {
  if (rate.country !== to.country) return false;
  if (rate.region !== null && rate.region.trim().toUpperCase() !== (to.region ?? '').trim().toUpperCase()) {
    return false;
  }
  return (
    rate.postcodePattern === null ||
    postcodeMatches(compiledPostcodePattern(rate.postcodePattern), to.postal_code)
  );
}

const narrowness = (r: TaxRateFact) => (r.postcodePattern !== null ? 2 : r.region !== null ? 1 : 0);

function mostSpecific(
  rates: readonly TaxRateFact[],
  to: TaxDestination,
  taxClass: string,
): TaxRateFact | null {
  let best: TaxRateFact | null = null;
  for (const r of rates) {
    if (r.taxClass !== taxClass || !covers(r, to)) continue;
    if (!best || narrowness(r) > narrowness(best) || (narrowness(r) === narrowness(best) && r.id < best.id))
      best = r;
  }
  return best;
}

/** The rate for a line of `taxClass` (null: standard), or null when nothing is taxed there. */
export function rateFor(
  rates: readonly TaxRateFact[],
  to: TaxDestination,
  taxClass?: string | null,
): TaxRateFact | null {
  const cls = taxClass ?? STANDARD_CLASS;
  return (
    mostSpecific(rates, to, cls) ?? (cls === STANDARD_CLASS ? null : mostSpecific(rates, to, STANDARD_CLASS))
  );
}

/** The rate shipping is taxed at (0 when it is not taxed). */
export function shippingRatePpm(rates: readonly TaxRateFact[], to: TaxDestination): number {
  const standard = mostSpecific(rates, to, STANDARD_CLASS);
  return standard?.shippingTaxable ? standard.ratePpm : 0;
}
