/** Formatting for the console's two languages: money in minor units, dates, numbers, rates. */
import type { Locale } from '../i18n/catalog.ts';

const TAGS: Record<Locale, string> = { en: 'en-US', vi: 'vi-VN' };

const digitsCache = new Map<string, number>();

/** How many minor units a currency has (USD 2, VND 0, JPY 0, …). */
export function minorDigits(currency: string): number {
  let d = digitsCache.get(currency);
  if (d === undefined) {
    try {
      d =
        new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions()
          .maximumFractionDigits ?? 2;
    } catch {
      d = 2;
    }
    digitsCache.set(currency, d);
  }
  return d;
}

export function formatMoney(amount: number, currency: string, locale: Locale): string {
  const digits = minorDigits(currency);
  try {
    return new Intl.NumberFormat(TAGS[locale], { style: 'currency', currency }).format(amount / 10 ** digits);
  } catch {
    return `${(amount / 10 ** digits).toFixed(digits)} ${currency}`;
  }
}

/** A decimal amount typed by a person ("19.99", "19,99", "150000") in minor units; null when unreadable. */
export function parseMoney(text: string, currency: string): number | null {
  const digits = minorDigits(currency);
  const cleaned = text.trim().replace(/\s/g, '').replace(',', '.');
  if (!/^\d+(\.\d+)?$/.test(cleaned)) return null;
  const [whole, fraction = ''] = cleaned.split('.');
  if (fraction.length > digits) return null;
  return Number(whole) * 10 ** digits + Number(fraction.padEnd(digits, '0') || '0');
}

/** Minor units as the decimal text a person edits ("19.99"). */
export function moneyInput(amount: number | null | undefined, currency: string): string {
  if (amount === null || amount === undefined) return '';
  const digits = minorDigits(currency);
  return (amount / 10 ** digits).toFixed(digits);
}

/** An ISO instant as the text of a `datetime-local` input, in the browser's time zone ('' for none). */
export function toDateTimeLocal(iso: string | null | undefined): string {
  if (!iso) return '';
  const d = new Date(iso);
  return new Date(d.getTime() - d.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
}

/** A `datetime-local` input's text (the browser's time zone) as an ISO instant; null when empty. */
export const fromDateTimeLocal = (text: string): string | null =>
  text ? new Date(text).toISOString() : null;

export function formatDateTime(iso: string | null | undefined, locale: Locale): string {
  if (!iso) return '—';
  return new Intl.DateTimeFormat(TAGS[locale], { dateStyle: 'medium', timeStyle: 'short' }).format(
    new Date(iso),
  );
}

export function formatDate(iso: string, locale: Locale, opts: Intl.DateTimeFormatOptions = {}): string {
  // A bare date (YYYY-MM-DD) is a calendar day: format it without shifting time zones.
  const date = /^\d{4}-\d{2}-\d{2}$/.test(iso) ? new Date(`${iso}T12:00:00Z`) : new Date(iso);
  return new Intl.DateTimeFormat(TAGS[locale], { dateStyle: 'medium', timeZone: 'UTC', ...opts }).format(
    date,
  );
}

export function formatNumber(n: number, locale: Locale): string {
  return new Intl.NumberFormat(TAGS[locale]).format(n);
}

export function formatPercent(rate: number, locale: Locale): string {
  return new Intl.NumberFormat(TAGS[locale], { style: 'percent', maximumFractionDigits: 1 }).format(rate);
}
