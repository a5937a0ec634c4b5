import { z } from 'zod';
import type { ShippingMethod, ShippingZone } from './schema.ts';

/** How the API (and shipping events) show zones, methods and rates. Amounts are minor units. */

const Band = z.object({
  from: z.number().int(),
  to: z.number().int().nullable(),
  amount: z.number().int(),
});

export const RateView = z.discriminatedUnion('type', [
  z.object({ type: z.literal('flat'), amount: z.number().int() }),
  z.object({
    type: z.literal('weight_band'),
    bands: z.array(Band).describe('`from`/`to` in grams, `from` inclusive, `to` exclusive'),
  }),
  z.object({
    type: z.literal('price_band'),
    bands: z.array(Band).describe('`from`/`to`: subtotal in minor units, `from` inclusive, `to` exclusive'),
  }),
]);

const Estimate = z.object({ min_days: z.number().int(), max_days: z.number().int() });

export const ShippingMethodView = z.object({
  id: z.string(),
  zone_id: z.string(),
  name: z.string(),
  currency: z.string(),
  rate: RateView,
  free_shipping_threshold: z.number().int().nullable(),
  delivery_estimate: Estimate.nullable().describe('Business days'),
  active: z.boolean(),
  provider: z.string(),
  provider_service: z.string().nullable(),
  created_at: z.string(),
  updated_at: z.string(),
});
export type ShippingMethodView = z.infer<typeof ShippingMethodView>;

export function shippingMethodView(m: ShippingMethod): ShippingMethodView {
  return {
    id: m.id,
    zone_id: m.zoneId,
    name: m.name,
    currency: m.currency,
    rate:
      m.rateType === 'flat'
        ? { type: 'flat', amount: m.flatAmount ?? 0 }
        : { type: m.rateType, bands: m.bands.map((b) => ({ from: b.from, to: b.to, amount: b.amount })) },
    free_shipping_threshold: m.freeShippingThreshold,
    delivery_estimate:
      m.minDays === null || m.maxDays === null ? null : { min_days: m.minDays, max_days: m.maxDays },
    active: m.active,
    provider: m.provider,
    provider_service: m.providerService,
    created_at: m.createdAt.toISOString(),
    updated_at: m.updatedAt.toISOString(),
  };
}

export const ShippingZoneView = z.object({
  id: z.string(),
  name: z.string(),
  countries: z.array(z.string()).describe('ISO 3166-1 alpha-2 codes, or ["*"] for every country'),
  regions: z.array(z.string()),
  postcode_patterns: z.array(z.string()),
  methods: z.array(ShippingMethodView),
  created_at: z.string(),
  updated_at: z.string(),
});
export type ShippingZoneView = z.infer<typeof ShippingZoneView>;

export function shippingZoneView(zone: ShippingZone, methods: readonly ShippingMethod[]): ShippingZoneView {
  return {
    id: zone.id,
    name: zone.name,
    countries: zone.countries,
    regions: zone.regions,
    postcode_patterns: zone.postcodePatterns,
    methods: methods.map(shippingMethodView),
    created_at: zone.createdAt.toISOString(),
    updated_at: zone.updatedAt.toISOString(),
  };
}

export const ShippingRateView = z.object({
  method_id: z.string(),
  name: z.string(),
  amount: z.number().int(),
  currency: z.string(),
  provider: z.string(),
  estimate: Estimate.nullable().describe('Business days'),
  free_shipping_applied: z.boolean(),
});
export type ShippingRateView = z.infer<typeof ShippingRateView>;

export function shippingRateView(r: {
  methodId: string;
  name: string;
  amount: number;
  currency: string;
  provider: string;
  estimate: { minDays: number; maxDays: number } | null;
  freeShippingApplied: boolean;
}): ShippingRateView {
  return {
    method_id: r.methodId,
    name: r.name,
    amount: r.amount,
    currency: r.currency,
    provider: r.provider,
    estimate: r.estimate ? { min_days: r.estimate.minDays, max_days: r.estimate.maxDays } : null,
    free_shipping_applied: r.freeShippingApplied,
  };
}
