import { z } from 'zod';
import { basisPointsOf, percentOf } from './math.ts';
import type { TaxRate, TaxSettings } from './schema.ts';

/** How the API (and tax events) show tax settings, rates and results. */

export const TaxSettingsView = z.object({
  prices_include_tax: z
    .boolean()
    .describe('true: prices and shipping rates include tax (it is extracted); false: tax is added'),
  provider: z.string().describe('The tax provider that calculates tax'),
  providers: z.array(z.string()).describe('Tax providers this installation has'),
  updated_at: z.string().nullable().describe('Null while the store has the defaults'),
});
export type TaxSettingsView = z.infer<typeof TaxSettingsView>;

export function taxSettingsView(s: TaxSettings | null, providers: string[]): TaxSettingsView {
  return {
    prices_include_tax: s?.pricesIncludeTax ?? false,
    provider: s?.provider ?? 'table',
    providers,
    updated_at: s ? s.updatedAt.toISOString() : null,
  };
}

export const TaxRateView = z.object({
  id: z.string(),
  name: z.string(),
  country: z.string(),
  region: z.string().nullable(),
  postcode_pattern: z.string().nullable(),
  tax_class: z.string(),
  percent: z.string().describe('The rate as a decimal percent, e.g. "8.875"'),
  basis_points: z.number().describe('The rate in basis points (may have two decimals: 887.5)'),
  rate_ppm: z.number().int().describe('The rate in parts per million, as stored: 88750'),
  shipping_taxable: z.boolean(),
  created_at: z.string(),
  updated_at: z.string(),
});
export type TaxRateView = z.infer<typeof TaxRateView>;

export function taxRateView(r: TaxRate): TaxRateView {
  return {
    id: r.id,
    name: r.name,
    country: r.country,
    region: r.region,
    postcode_pattern: r.postcodePattern,
    tax_class: r.taxClass,
    percent: percentOf(r.ratePpm),
    basis_points: basisPointsOf(r.ratePpm),
    rate_ppm: r.ratePpm,
    shipping_taxable: r.shippingTaxable,
    created_at: r.createdAt.toISOString(),
    updated_at: r.updatedAt.toISOString(),
  };
}

export const TaxResultView = z.object({
  inclusive: z.boolean().describe('Whether the amounts included tax (and it was extracted)'),
  provider: z.string(),
  lines: z.array(
    z.object({
      id: z.string(),
      tax: z.number().int(),
      rate: z.number().describe('Basis points'),
    }),
  ),
  shipping_tax: z.number().int(),
  shipping_rate: z.number().describe('Basis points'),
  total: z.number().int().describe('Total tax: the lines and shipping tax sum to it'),
  exempt: z.boolean().describe('Calculated for a tax-exempt buyer: every tax is 0'),
  exemption: z
    .object({
      lines: z.array(z.object({ id: z.string(), amount: z.number().int() })),
      shipping: z.number().int(),
      total: z.number().int(),
    })
    .nullable()
    .describe(
      'For an exempt buyer: the tax inside inclusive prices, taken off them (zeros when prices exclude tax)',
    ),
});
export type TaxResultView = z.infer<typeof TaxResultView>;

export function taxResultView(r: {
  inclusive: boolean;
  provider?: string;
  lines: { id: string; tax: number; rate: number }[];
  shippingTax: number;
  shippingRate?: number;
  total: number;
  exempt?: boolean;
  exemption?: { lines: { id: string; amount: number }[]; shipping: number; total: number };
}): TaxResultView {
  return {
    inclusive: r.inclusive,
    provider: r.provider ?? 'table',
    lines: r.lines.map((l) => ({ id: l.id, tax: l.tax, rate: l.rate })),
    shipping_tax: r.shippingTax,
    shipping_rate: r.shippingRate ?? 0,
    total: r.total,
    exempt: r.exempt ?? false,
    exemption: r.exemption ?? null,
  };
}
