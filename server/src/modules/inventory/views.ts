import { z } from 'zod';

/** What the API shows (and services return): snake_case, timestamps as ISO 8601 UTC. */

const Timestamp = z.string().describe('ISO 8601, UTC');

export const StockLocationAddress = z.strictObject({
  line1: z.string().trim().max(200).optional(),
  line2: z.string().trim().max(200).optional(),
  city: z.string().trim().max(100).optional(),
  region: z.string().trim().max(100).optional(),
  postal_code: z.string().trim().max(20).optional(),
  country: z
    .string()
    .regex(/^[A-Z]{2}$/, 'must be an ISO 3166-1 alpha-2 code')
    .optional(),
});

export const StockLocationView = z.object({
  id: z.string(),
  name: z.string(),
  code: z.string(),
  address: StockLocationAddress,
  active: z.boolean(),
  priority: z.number().int().describe('Allocation order: lower numbers are drawn from first'),
  created_at: Timestamp,
  updated_at: Timestamp,
});
export type StockLocationView = z.infer<typeof StockLocationView>;

export const InventoryLevelView = z.object({
  id: z.string(),
  variant_id: z.string(),
  location_id: z.string(),
  on_hand: z.number().int(),
  reserved: z.number().int(),
  damaged: z.number().int(),
  available: z.number().int().describe('on_hand − reserved − damaged; negative only when backordered'),
  reorder_point: z.number().int().nullable(),
  low_stock: z.boolean().describe('available is below the reorder point'),
  updated_at: Timestamp,
});
export type InventoryLevelView = z.infer<typeof InventoryLevelView>;

export const ReservationLineView = z.object({
  variant_id: z.string(),
  location_id: z.string(),
  quantity: z.number().int(),
});

export const ReservationView = z.object({
  id: z.string(),
  key: z.string(),
  owner_ref: z.string(),
  status: z.enum(['active', 'released', 'committed', 'expired']),
  expires_at: Timestamp,
  order_ref: z.string().nullable(),
  lines: z.array(ReservationLineView),
  created_at: Timestamp,
  updated_at: Timestamp,
  released_at: Timestamp.nullable(),
  committed_at: Timestamp.nullable(),
});
export type ReservationView = z.infer<typeof ReservationView>;

export const MovementView = z.object({
  id: z.string(),
  variant_id: z.string(),
  location_id: z.string(),
  kind: z.enum(['adjustment', 'transfer_out', 'transfer_in', 'committed']),
  reason: z.string().nullable(),
  on_hand_delta: z.number().int(),
  damaged_delta: z.number().int(),
  reference: z.string().nullable(),
  note: z.string().nullable(),
  actor_type: z.string().nullable(),
  actor_id: z.string().nullable(),
  created_at: Timestamp,
});
export type MovementView = z.infer<typeof MovementView>;

export const VariantAvailabilityView = z.object({
  variant_id: z.string(),
  available: z.number().int().describe('Sum over active locations (negative when backordered)'),
  on_hand: z.number().int(),
  reserved: z.number().int(),
  in_stock: z.boolean().describe('Something can be sold now: available > 0, or backorders are allowed'),
  backorder_policy: z.enum(['deny', 'allow']),
  locations: z.array(z.object({ location_id: z.string(), available: z.number().int() })),
});
export type VariantAvailabilityView = z.infer<typeof VariantAvailabilityView>;

export const iso = (v: Date | string | null): string | null =>
  v === null ? null : new Date(v).toISOString();
export const isoOf = (v: Date | string): string => new Date(v).toISOString();
