/**
 * Postcode patterns, for shipping zones and tax rates that cover part of a country. A pattern is
 * one of:
 *
 * - a range `700000-709999`: two digit strings of the same length, low ≤ high. A postcode is in
 *   it when its first that-many characters (spaces and dashes left out) are digits within the
 *   range — so `10000-14999` covers the US ZIP+4 `10001-1234`;
 * - a wildcard pattern `70*`, `SW1A*`, `M?V*`: `*` stands for any run of characters, `?` for one;
 * - an exact postcode `10001` (the whole postcode: `10001*` also covers ZIP+4 codes).
 *
 * Letters are compared upper case, and spaces and dashes are ignored on both sides (`SW1A1AA`
 * matches `SW1A 1AA`). Several patterns (a prefix list) match when any one does.
 */

export type PostcodePattern =
  | { kind: 'range'; source: string; low: string; high: string }
  | { kind: 'glob'; source: string; regex: RegExp }
  | { kind: 'exact'; source: string; value: string };

const RANGE = /^(\d{1,10})-(\d{1,10})$/;
const ALLOWED = /^[A-Z0-9 ?*-]+$/;

/** What a merchant wrote, tidied: trimmed, upper case, single spaces. */
export function normalizePostcodePattern(source: string): string {
  return source.trim().toUpperCase().replace(/\s+/g, ' ');
}

/** Spaces and dashes are not significant in a postcode. */
const compact = (s: string) => s.replace(/[\s-]+/g, '');

/** Why `source` is not a postcode pattern, or undefined when it is one. */
export function postcodePatternError(source: string): string | undefined {
  const p = normalizePostcodePattern(source);
  if (p.length === 0) return 'A postcode pattern cannot be empty.';
  if (p.length > 40) return 'A postcode pattern has at most 40 characters.';
  if (!ALLOWED.test(p)) {
    return `"${source}" is not a postcode pattern: use letters, digits, spaces, dashes, * and ? only.`;
  }
  const range = RANGE.exec(p);
  if (range && range[1]!.length === range[2]!.length && range[1]! > range[2]!) {
    return `"${source}" is a range whose start is after its end.`;
  }
  if (compact(p).replace(/[*?]/g, '').length === 0) {
    return `"${source}" matches every postcode: leave the postcode patterns out instead.`;
  }
  return undefined;
}

/** Compile a pattern (check it first with `postcodePatternError`). */
export function compilePostcodePattern(source: string): PostcodePattern {
  const p = normalizePostcodePattern(source);
  const range = RANGE.exec(p);
  if (range && range[1]!.length === range[2]!.length) {
    return { kind: 'range', source: p, low: range[1]!, high: range[2]! };
  }
  const body = compact(p);
  if (/[*?]/.test(body)) {
    const regex = body.replace(/[*?]|[^*?]+/g, (part) =>
      part === '*' ? '.*' : part === '?' ? '.' : part.replace(/[^A-Z0-9]/g, '\\$&'),
    );
    return { kind: 'glob', source: p, regex: new RegExp(`^${regex}$`) };
  }
  return { kind: 'exact', source: p, value: body };
}

/** Whether `postcode` (as `parseAddress` leaves it) matches the pattern; no postcode never does. */
export function postcodeMatches(pattern: PostcodePattern, postcode: string | null | undefined): boolean {
  if (!postcode) return false;
  const code = compact(postcode.toUpperCase());
  switch (pattern.kind) {
    case 'exact':
      return code === pattern.value;
    case 'glob':
      return pattern.regex.test(code);
    case 'range': {
      const head = code.slice(0, pattern.low.length);
      // Equal-length digit strings compare like the numbers they spell.
      return (
        head.length === pattern.low.length &&
        /^\d+$/.test(head) &&
        head >= pattern.low &&
        head <= pattern.high
      );
    }
  }
}

const compiled = new Map<string, PostcodePattern>();

/** `compilePostcodePattern`, remembered: zones and tax rates are matched on every quote. */
export function compiledPostcodePattern(source: string): PostcodePattern {
  let pattern = compiled.get(source);
  if (!pattern) {
    if (compiled.size >= 10_000) compiled.clear();
    pattern = compilePostcodePattern(source);
    compiled.set(source, pattern);
  }
  return pattern;
}

/** Whether any of the patterns matches. */
export function postcodeMatchesAny(
  patterns: readonly PostcodePattern[],
  postcode: string | null | undefined,
): boolean {
  return patterns.some((p) => postcodeMatches(p, postcode));
}
