import { minorToDecimal, minorUnitExponent } from '../../platform/money.ts';
import type { AddressView } from '../../platform/address.ts';
import type { ManualPayment } from '../payments/service.ts';
import { orderMessages } from './messages.ts';
import type { OrderView } from './views.ts';
import type { z } from 'zod';

/**
 * Money and addresses as people read them, for e-mails and invoices. Amounts are integer minor
 * units: they are turned into a decimal string (never a float) with the currency's own number of
 * minor digits, then formatted for the locale.
 */
export function formatMoney(amount: number, currency: string, locale = 'en'): string {
  // Intl formats a decimal string exactly (no float in between).
  return moneyFormat(locale, currency, minorUnitExponent(currency)).format(
    decimalAmount(amount, currency) as unknown as number,
  );
}

/** Integer minor units as a plain decimal string in the currency's digits: 1234 USD → `12.34`, 1500 JPY → `1500`. */
export function decimalAmount(amount: number, currency: string): string {
  return minorToDecimal(amount, minorUnitExponent(currency));
}

// A formatter costs far more to make than to use (an e-mail formats every line's amounts).
const moneyFormats = new Map<string, Intl.NumberFormat>();

function moneyFormat(locale: string, currency: string, exp: number): Intl.NumberFormat {
  const key = `${locale}|${currency}`;
  let format = moneyFormats.get(key);
  if (!format) {
    if (moneyFormats.size >= 500) moneyFormats.clear(); // locales and currencies come from data
    format = new Intl.NumberFormat(safeLocale(locale), {
      style: 'currency',
      currency,
      minimumFractionDigits: exp,
      maximumFractionDigits: exp,
    });
    moneyFormats.set(key, format);
  }
  return format;
}

function safeLocale(locale: string): string {
  try {
    return Intl.NumberFormat.supportedLocalesOf([locale]).length ? locale : 'en';
  } catch {
    return 'en';
  }
}

export function formatDate(iso: string, timeZone: string, locale = 'en'): string {
  try {
    return new Intl.DateTimeFormat(safeLocale(locale), { dateStyle: 'long', timeZone }).format(new Date(iso));
  } catch {
    return new Intl.DateTimeFormat('en', { dateStyle: 'long', timeZone: 'UTC' }).format(new Date(iso));
  }
}

/** An address as the lines of an envelope. */
export function addressLines(a: z.infer<typeof AddressView> | null): string[] {
  if (!a) return [];
  const name = [a.first_name, a.last_name].filter(Boolean).join(' ');
  const cityLine = [a.postal_code, a.city, a.region].filter(Boolean).join(' ');
  return [name, a.company, a.line1, a.line2, cityLine, a.country, a.phone].filter((x): x is string => !!x);
}

/** Where a pickup order is collected, in lines of text: the place, its address, the store's instructions. */
export function pickupLines(order: Pick<OrderView, 'shipping'>): string[] | null {
  const p = order.shipping?.pickup;
  if (!p) return null;
  return [
    p.name,
    ...addressLines(p.address as z.infer<typeof AddressView>),
    ...(p.instructions ? p.instructions.split(/\r?\n/) : []),
  ].filter(Boolean);
}

/**
 * Where the order goes, for its e-mails and papers: the pickup point (collected, not shipped), the
 * shipping address, or — nothing ships (digital goods and services) — a line that says so.
 */
export function deliveryLines(
  order: Pick<OrderView, 'shipping' | 'shipping_address'>,
  m: { pickUpAt: string; delivery: string; nothingShips: string },
  shipTo: string,
): { title: string; lines: string[] } {
  const pickup = pickupLines(order);
  if (pickup) return { title: m.pickUpAt, lines: pickup };
  if (!order.shipping_address) return { title: m.delivery, lines: [m.nothingShips] };
  return { title: shipTo, lines: addressLines(order.shipping_address) };
}

export function customerName(order: Pick<OrderView, 'billing_address' | 'shipping_address'>): string | null {
  const a = order.billing_address ?? order.shipping_address;
  if (!a) return null;
  const name = [a.first_name, a.last_name].filter(Boolean).join(' ');
  return name || null;
}

/** What the shopper told about the item (an engraving, a gift card's recipient), a line each. */
export function propertyLines(l: { properties?: Record<string, string> }): string[] {
  return Object.entries(l.properties ?? {}).map(([k, v]) => `${k}: ${v}`);
}

export function lineLabel(l: { title: string; variant_title: string | null }): string {
  return l.variant_title ? `${l.title} — ${l.variant_title}` : l.title;
}

const HTML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]!);
}

/** What the shopper of an order paid by a manual method is asked to do, in lines of text. */
export function howToPay(order: OrderView, manual: ManualPayment, locale: string): string[] {
  const m = orderMessages(locale);
  // Units cancelled since the order was placed are not to be paid for.
  const amount = formatMoney(order.totals.total - order.cancelled_amount, order.currency, locale);
  return [
    manual.method === 'cash_on_delivery'
      ? m.payOnDelivery(amount)
      : m.payByTransfer(amount, order.display_number),
    ...(manual.instructions ? manual.instructions.split(/\r?\n/) : []),
  ];
}

/** The tax row — included, added, or exempt with the tax taken off inclusive prices — for e-mails and invoices. */
export function taxRows(
  order: Pick<OrderView, 'tax_inclusive' | 'tax_exempt' | 'totals'>,
  m: { tax: string; taxIncluded: string; taxExempt: string; taxExemption: string },
  money: (n: number) => string,
): [string, string][] {
  if (!order.tax_exempt) return [[order.tax_inclusive ? m.taxIncluded : m.tax, money(order.totals.tax)]];
  return [
    ...(order.totals.tax_exemption
      ? [[m.taxExemption, `−${money(order.totals.tax_exemption)}`] as [string, string]]
      : []),
    [m.taxExempt, money(0)],
  ];
}

/**
 * An order paid partly or wholly with gift cards: what each card paid (when the cards are known,
 * by their last characters; else what they paid in all), and what the payment covers.
 */
export function giftCardRows(
  order: Pick<OrderView, 'gift_card_total' | 'totals'> & {
    gift_cards?: readonly { last_characters: string; amount: number }[];
  },
  m: { paidWithGiftCards: string; remainingPayment: string; giftCardEnding: (last: string) => string },
  money: (n: number) => string,
): [string, string][] {
  if (!order.gift_card_total) return [];
  const cards = order.gift_cards ?? [];
  return [
    ...(cards.length
      ? cards.map((c): [string, string] => [m.giftCardEnding(c.last_characters), `−${money(c.amount)}`])
      : [[m.paidWithGiftCards, `−${money(order.gift_card_total)}`] as [string, string]]),
    [m.remainingPayment, money(order.totals.total - order.gift_card_total)],
  ];
}
