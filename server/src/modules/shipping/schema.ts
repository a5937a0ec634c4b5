import { bigint, boolean, integer, jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/** Tables of migrations/0020_shipping.sql. Amounts are integer minor units. */
const money = (name: string) => bigint(name, { mode: 'number' });
const at = (name: string) => timestamp(name, { withTimezone: true });

export const shippingZones = pgTable('shipping_zones', {
  id: text('id').primaryKey(),
  storeId: text('store_id').notNull(),
  name: text('name').notNull(),
  countries: text('countries').array().notNull(),
  regions: text('regions').array().notNull().default([]),
  postcodePatterns: text('postcode_patterns').array().notNull().default([]),
  createdAt: at('created_at').notNull().defaultNow(),
  updatedAt: at('updated_at').notNull().defaultNow(),
});
export type ShippingZone = typeof shippingZones.$inferSelect;

export type RateType = 'flat' | 'weight_band' | 'price_band';

/** One band of a weight or price rate table: `from` inclusive, `to` exclusive (null: no limit). */
export interface RateBand {
  from: number;
  to: number | null;
  amount: number;
}

export const shippingMethods = pgTable('shipping_methods', {
  id: text('id').primaryKey(),
  storeId: text('store_id').notNull(),
  zoneId: text('zone_id').notNull(),
  name: text('name').notNull(),
  currency: text('currency').notNull(),
  rateType: text('rate_type', { enum: ['flat', 'weight_band', 'price_band'] }).notNull(),
  flatAmount: money('flat_amount'),
  bands: jsonb('bands').$type<RateBand[]>().notNull().default([]),
  freeShippingThreshold: money('free_shipping_threshold'),
  minDays: integer('min_days'),
  maxDays: integer('max_days'),
  active: boolean('active').notNull().default(true),
  provider: text('provider').notNull().default('table'),
  providerService: text('provider_service'),
  /** A pickup method (click and collect): the stock location the shopper collects from. */
  pickupLocationId: text('pickup_location_id'),
  pickupInstructions: text('pickup_instructions'),
  createdAt: at('created_at').notNull().defaultNow(),
  updatedAt: at('updated_at').notNull().defaultNow(),
});
export type ShippingMethod = typeof shippingMethods.$inferSelect;
