import { z } from 'zod';
import { minorUnitExponent } from '../../platform/money.ts';

/**
 * Reading what platforms send: JSON whose ids outgrow JavaScript numbers, decimal amounts as
 * strings or floats, and each platform's own way of writing a time. Pure functions.
 */

/**
 * JSON.parse, except that integers beyond 2^53 (Shopify's ids can be) come back as their exact
 * digits, as strings, instead of a rounded number. Throws SyntaxError on malformed JSON.
 */
export function parseJsonKeepingIds(text: string): unknown {
  return JSON.parse(text, function keepBigIntegers(_key, value: unknown, context?: { source?: string }) {
    if (typeof value === 'number' && !Number.isSafeInteger(value) && context?.source) {
      if (/^-?\d+$/.test(context.source)) return context.source;
    }
    return value;
  } as (key: string, value: unknown) => unknown);
}

/** A platform id, numeric or not, as text. */
export const PlatformId = z.union([z.string().min(1).max(200), z.number().int()]).transform(String);

/** An amount as platforms write it: `"19.99"`, `19.99`, `"108.0000"`. */
export const Decimal = z.union([
  z.number().finite(),
  z.string().regex(/^-?\d+(\.\d+)?$/, 'a decimal amount such as 19.99'),
]);

/**
 * A decimal amount in minor units of `currency`, exactly (no float arithmetic): `"19.99"` USD →
 * 1999, `"108.0000"` → 10800, `1500` JPY → 1500. Digits beyond the currency's exponent round
 * half up.
 */
export function toMinorUnits(amount: number | string, currency: string): number {
  const exponent = minorUnitExponent(currency);
  let text = typeof amount === 'number' ? numberText(amount) : amount.trim();
  const negative = text.startsWith('-');
  if (negative) text = text.slice(1);
  const [whole = '0', fraction = ''] = text.split('.');
  const kept = fraction.padEnd(exponent, '0').slice(0, exponent);
  let units = Number(whole) * 10 ** exponent + Number(kept || '0');
  if ((fraction[exponent] ?? '0') >= '5') units += 1;
  return negative ? -units : units;
}

/** A float's shortest decimal text, never in exponent notation (1e-7 → "0.0000001"). */
function numberText(n: number): string {
  const text = String(n);
  if (!/e/i.test(text)) return text;
  return n.toFixed(20).replace(/0+$/, '').replace(/\.$/, '');
}

/**
 * A platform time as ISO 8601 UTC. Understands ISO with an offset, ISO without one (WooCommerce's
 * `_gmt` fields and Magento's `2024-03-05 10:11:12` are UTC), and RFC 2822 (BigCommerce's
 * orders: `Tue, 05 Mar 2024 10:11:12 +0000`). Null for anything else.
 */
export function toInstant(value: string | number | null | undefined): string | null {
  if (value === null || value === undefined || value === '') return null;
  if (typeof value === 'number') return Number.isFinite(value) ? new Date(value * 1000).toISOString() : null;
  let text = value.trim();
  if (/^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/.test(text)) text = `${text.replace(' ', 'T')}Z`;
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? null : new Date(ms).toISOString();
}

/** A platform time field that must be one (see `toInstant`). */
export const PlatformTime = z.union([z.string(), z.number()]).transform((v, ctx) => {
  const iso = toInstant(v);
  if (iso === null) {
    ctx.addIssue({ code: 'custom', message: 'a date-time' });
    return z.NEVER;
  }
  return iso;
});

/** Trimmed text, or undefined when a platform sends an empty string or null for "none". */
export function present(value: string | null | undefined, max = 500): string | undefined {
  if (typeof value !== 'string') return undefined;
  const text = value.trim();
  return text ? text.slice(0, max) : undefined;
}

/** An e-mail address as recorded: trimmed and lowercase; undefined when it does not look like one. */
export function emailOf(value: string | null | undefined): string | undefined {
  const text = present(value, 254)?.toLowerCase();
  return text && /^[^@\s]+@[^@\s]+$/.test(text) ? text : undefined;
}

/** A URL that is one (http or https), or undefined. */
export function urlOf(value: string | null | undefined): string | undefined {
  const text = present(value, 2048);
  if (!text) return undefined;
  try {
    const url = new URL(text);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.toString() : undefined;
  } catch {
    return undefined;
  }
}

/** A currency code as recorded: three uppercase letters. */
export const CurrencyCode = z
  .string()
  .trim()
  .regex(/^[A-Za-z]{3}$/, 'an ISO 4217 currency code')
  .transform((c) => c.toUpperCase());
