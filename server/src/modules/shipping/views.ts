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

/** Where a pickup method's shopper collects their order, as carts and orders show it. */
export const PickupPointView = z.object({
  location_id: z.string(),
  name: z.string().describe("The location's name, e.g. the shop's"),
  address: z
    .record(z.string(), z.string())
    .describe("The location's address (line1, city, postal_code, country…)"),
  instructions: z.string().nullable().describe('Opening hours, where to go, what to bring'),
});
export type PickupPointView = z.infer<typeof PickupPointView>;

/** A pickup point as carts and orders store and show it (snake_case). */
export function pickupPointView(p: {
  locationId: string;
  name: string;
  address: Record<string, unknown>;
  instructions: string | null;
}): PickupPointView {
  return {
    location_id: p.locationId,
    name: p.name,
    address: Object.fromEntries(
      Object.entries(p.address).filter((e): e is [string, string] => typeof e[1] === 'string'),
    ),
    instructions: p.instructions,
  };
}

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
  pickup: z
    .object({ location_id: z.string(), instructions: z.string().nullable() })
    .nullable()
    .describe('A pickup method (click and collect): where the shopper collects the order; null for delivery'),
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
    pickup: m.pickupLocationId
      ? { location_id: m.pickupLocationId, instructions: m.pickupInstructions }
      : null,
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
  pickup: PickupPointView.nullable().describe(
    'A pickup method (click and collect): where the order is collected',
  ),
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
  pickup: Parameters<typeof pickupPointView>[0] | null;
}): ShippingRateView {
  return {
    method_id: r.methodId,
    name: r.name,
    amount: r.amount,
    currency: r.currency,
    provider: r.provider,
    estimate: r.estimate ? { min_days: r.estimate.minDays, max_days: r.estimate.maxDays } : null,
    free_shipping_applied: r.freeShippingApplied,
    pickup: r.pickup ? pickupPointView(r.pickup) : null,
  };
}
