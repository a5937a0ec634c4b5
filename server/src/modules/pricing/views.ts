import { z } from 'zod';
import type { PriceQuote } from './resolve.ts';
import type { ExchangeRate, Price, PriceList, PriceListEntry, PriceRule } from './schema.ts';

/** How the API (and pricing events) show pricing records. Amounts are integer minor units. */

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export const PriceView = z.object({
  id: z.string(),
  variant_id: z.string(),
  currency: z.string(),
  amount: z.number().int(),
  compare_at_amount: z.number().int().nullable(),
  created_at: z.string(),
  updated_at: z.string(),
});
export type PriceView = z.infer<typeof PriceView>;

export function priceView(p: Price): PriceView {
  return {
    id: p.id,
    variant_id: p.variantId,
    currency: p.currency,
    amount: p.amount,
    compare_at_amount: p.compareAtAmount,
    created_at: p.createdAt.toISOString(),
    updated_at: p.updatedAt.toISOString(),
  };
}

export const PriceListView = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string(),
  status: z.enum(['active', 'draft']),
  priority: z.number().int(),
  starts_at: z.string().nullable(),
  ends_at: z.string().nullable(),
  customer_group_ids: z.array(z.string()),
  created_at: z.string(),
  updated_at: z.string(),
});
export type PriceListView = z.infer<typeof PriceListView>;

export function priceListView(l: PriceList): PriceListView {
  return {
    id: l.id,
    name: l.name,
    description: l.description,
    status: l.status,
    priority: l.priority,
    starts_at: iso(l.startsAt),
    ends_at: iso(l.endsAt),
    customer_group_ids: l.customerGroupIds,
    created_at: l.createdAt.toISOString(),
    updated_at: l.updatedAt.toISOString(),
  };
}

export const PriceListEntryView = z.object({
  id: z.string(),
  price_list_id: z.string(),
  variant_id: z.string(),
  currency: z.string(),
  amount: z.number().int(),
  compare_at_amount: z.number().int().nullable(),
  min_quantity: z.number().int(),
  location_id: z.string().nullable(),
  created_at: z.string(),
  updated_at: z.string(),
});
export type PriceListEntryView = z.infer<typeof PriceListEntryView>;

export function priceListEntryView(e: PriceListEntry): PriceListEntryView {
  return {
    id: e.id,
    price_list_id: e.priceListId,
    variant_id: e.variantId,
    currency: e.currency,
    amount: e.amount,
    compare_at_amount: e.compareAtAmount,
    min_quantity: e.minQuantity,
    location_id: e.locationId,
    created_at: e.createdAt.toISOString(),
    updated_at: e.updatedAt.toISOString(),
  };
}

export const PriceRuleView = z.object({
  id: z.string(),
  name: z.string(),
  status: z.enum(['active', 'draft']),
  priority: z.number().int(),
  starts_at: z.string().nullable(),
  ends_at: z.string().nullable(),
  customer_group_ids: z.array(z.string()),
  target: z.object({
    kind: z.enum(['all', 'products', 'variants', 'categories', 'tags', 'brands']),
    values: z.array(z.string()),
  }),
  adjustment: z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('percentage_off'), basis_points: z.number().int() }),
    z.object({ kind: z.literal('amount_off'), amount: z.number().int(), currency: z.string() }),
  ]),
  created_at: z.string(),
  updated_at: z.string(),
});
export type PriceRuleView = z.infer<typeof PriceRuleView>;

export function priceRuleView(r: PriceRule): PriceRuleView {
  return {
    id: r.id,
    name: r.name,
    status: r.status,
    priority: r.priority,
    starts_at: iso(r.startsAt),
    ends_at: iso(r.endsAt),
    customer_group_ids: r.customerGroupIds,
    target: { kind: r.targetKind, values: r.targetValues },
    adjustment:
      r.adjustmentKind === 'percentage_off'
        ? { kind: 'percentage_off', basis_points: r.adjustmentValue }
        : { kind: 'amount_off', amount: r.adjustmentValue, currency: r.currency ?? '' },
    created_at: r.createdAt.toISOString(),
    updated_at: r.updatedAt.toISOString(),
  };
}

export const ExchangeRateView = z.object({
  id: z.string(),
  base_currency: z.string(),
  quote_currency: z.string(),
  rate: z.string().describe('1 base_currency = rate quote_currency'),
  created_at: z.string(),
  updated_at: z.string(),
});
export type ExchangeRateView = z.infer<typeof ExchangeRateView>;

/** numeric(24,12) comes back padded ("0.920000000000"); show it without trailing zeros. */
export function normalizeRate(rate: string): string {
  return rate.includes('.') ? rate.replace(/0+$/, '').replace(/\.$/, '') : rate;
}

export function exchangeRateView(x: ExchangeRate): ExchangeRateView {
  return {
    id: x.id,
    base_currency: x.baseCurrency,
    quote_currency: x.quoteCurrency,
    rate: normalizeRate(x.rate),
    created_at: x.createdAt.toISOString(),
    updated_at: x.updatedAt.toISOString(),
  };
}

const SourceKind = z.enum(['base', 'price_list', 'rule', 'exchange_rate']);

export const PriceQuoteView = z.object({
  variant_id: z.string(),
  amount: z.number().int(),
  currency: z.string(),
  compare_at_amount: z.number().int().nullable(),
  source: z.object({ kind: SourceKind, id: z.string(), name: z.string() }),
  steps: z
    .array(
      z.object({
        kind: SourceKind,
        id: z.string(),
        name: z.string(),
        amount: z.number().int(),
        currency: z.string(),
        detail: z.string(),
      }),
    )
    .describe('How the price came about, in order; the last step is the source'),
});
export type PriceQuoteView = z.infer<typeof PriceQuoteView>;

export function priceQuoteView(q: PriceQuote): PriceQuoteView {
  return {
    variant_id: q.variantId,
    amount: q.amount,
    currency: q.currency,
    compare_at_amount: q.compareAtAmount,
    source: q.source,
    steps: q.steps,
  };
}
