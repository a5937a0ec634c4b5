import { compiledPostcodePattern, postcodeMatchesAny } from '../../platform/postcode-pattern.ts';

/**
 * Which zone serves an address. A zone covers an address when its countries include the
 * address's country (or are `*`), its regions (if any) include the address's region, and its
 * postcode patterns (if any) match the postcode. Of the zones that cover an address the most
 * specific one wins, and only its methods are offered:
 *
 *   1. a zone narrowed by postcode beats one narrowed only by region,
 *   2. which beats one naming whole countries,
 *   3. which beats the rest-of-the-world zone (`*`);
 *   4. then the zone naming fewer countries; then the one created first.
 */

/** The `countries` entry of a zone that covers every country. */
export const EVERY_COUNTRY = '*';

export interface ZoneFacts {
  id: string;
  countries: readonly string[];
  regions: readonly string[];
  postcodePatterns: readonly string[];
}

export interface Destination {
  country: string;
  region?: string | null | undefined;
  postal_code?: string | null | undefined;
}

const sameRegion = (a: string, b: string) => a.trim().toUpperCase() === b.trim().toUpperCase();

export function zoneCovers(zone: ZoneFacts, to: Destination): boolean {
  const everyCountry = zone.countries.includes(EVERY_COUNTRY);
  if (!everyCountry && !zone.countries.includes(to.country)) return false;
  if (zone.regions.length > 0) {
    const region = to.region;
    if (!region || !zone.regions.some((r) => sameRegion(r, region))) return false;
  }
  if (zone.postcodePatterns.length > 0) {
    return postcodeMatchesAny(zone.postcodePatterns.map(compiledPostcodePattern), to.postal_code);
  }
  return true;
}

/** Rule 1–3 as a number: higher is more specific. */
function narrowness(zone: ZoneFacts): number {
  if (zone.postcodePatterns.length > 0) return 3;
  if (zone.regions.length > 0) return 2;
  return zone.countries.includes(EVERY_COUNTRY) ? 0 : 1;
}

/** Negative when `a` is more specific than `b`: sorts the winner first. */
export function compareSpecificity(a: ZoneFacts, b: ZoneFacts): number {
  return (
    narrowness(b) - narrowness(a) ||
    a.countries.length - b.countries.length ||
    (a.id < b.id ? -1 : a.id > b.id ? 1 : 0) // ids are time-sortable: the older zone first
  );
}

/** The zone whose methods serve `to`, or null when no zone covers it. */
export function mostSpecificZone<Z extends ZoneFacts>(zones: readonly Z[], to: Destination): Z | null {
  let best: Z | null = null;
  for (const zone of zones) {
    if (!zoneCovers(zone, to)) continue;
    if (!best || compareSpecificity(zone, best) < 0) best = zone;
  }
  return best;
}
