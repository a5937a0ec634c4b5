/**
 * Erasure of a person from stored JSON (event payloads, webhook bodies): the outbox and webhook
 * history keep what happened, not who it happened to.
 */

/** Keys whose values are personal data wherever they appear (names, contact details, addresses). */
const PERSONAL_KEY =
  /^(e_?mail|phone|(first|last|full|given|family)_?name|company|line_?[12]|address_?line_?[12]|postal_?code|postcode|zip|city|ip|ip_?address|user_?agent)$|address/i;

export interface Redaction {
  /** Strings that identify the person (e-mail, customer id); matched without regard to case. */
  needles: readonly string[];
  /** What an e-mail address of theirs becomes, e.g. `erased+<id>@invalid`. */
  replacement: string;
}

/**
 * `value` with personal fields nulled and any string containing a needle replaced. Returns the
 * same reference when nothing changed, so callers can skip unchanged rows.
 */
export function redactJson(value: unknown, r: Redaction): unknown {
  const needles = r.needles.filter(Boolean).map((n) => n.toLowerCase());
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') {
      const lower = v.toLowerCase();
      return needles.some((n) => lower.includes(n) && n.includes('@')) ? r.replacement : v;
    }
    if (Array.isArray(v)) {
      const out = v.map(walk);
      return out.some((x, i) => x !== v[i]) ? out : v;
    }
    if (v && typeof v === 'object') {
      let changed = false;
      const out: Record<string, unknown> = {};
      for (const [k, x] of Object.entries(v)) {
        const next = x !== null && PERSONAL_KEY.test(k) ? (k.match(/mail/i) ? r.replacement : null) : walk(x);
        if (next !== x) changed = true;
        out[k] = next;
      }
      return changed ? out : v;
    }
    return v;
  };
  return walk(value);
}

/** ILIKE patterns finding rows whose JSON mentions any needle. */
export function mentionPatterns(needles: readonly string[]): string[] {
  return needles.filter(Boolean).map((n) => `%${n.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
}
