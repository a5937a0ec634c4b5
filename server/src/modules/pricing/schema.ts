import { bigint, integer, numeric, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/** Tables of migrations/0011_pricing.sql. Amounts are integer minor units. */
const money = (name: string) => bigint(name, { mode: 'number' });
const at = (name: string) => timestamp(name, { withTimezone: true });

export const prices = pgTable('prices', {
  id: text('id').primaryKey(),
  storeId: text('store_id').notNull(),
  variantId: text('variant_id').notNull(),
  currency: text('currency').notNull(),
  amount: money('amount').notNull(),
  compareAtAmount: money('compare_at_amount'),
  createdAt: at('created_at').notNull().defaultNow(),
  updatedAt: at('updated_at').notNull().defaultNow(),
});
export type Price = typeof prices.$inferSelect;

export const priceLists = pgTable('price_lists', {
  id: text('id').primaryKey(),
  storeId: text('store_id').notNull(),
  name: text('name').notNull(),
  description: text('description').notNull().default(''),
  status: text('status', { enum: ['active', 'draft'] })
    .notNull()
    .default('active'),
  priority: integer('priority').notNull().default(0),
  startsAt: at('starts_at'),
  endsAt: at('ends_at'),
  customerGroupIds: text('customer_group_ids').array().notNull().default([]),
  createdAt: at('created_at').notNull().defaultNow(),
  updatedAt: at('updated_at').notNull().defaultNow(),
});
export type PriceList = typeof priceLists.$inferSelect;

export const priceListEntries = pgTable('price_list_entries', {
  id: text('id').primaryKey(),
  storeId: text('store_id').notNull(),
  priceListId: text('price_list_id').notNull(),
  variantId: text('variant_id').notNull(),
  currency: text('currency').notNull(),
  amount: money('amount').notNull(),
  compareAtAmount: money('compare_at_amount'),
  minQuantity: integer('min_quantity').notNull().default(1),
  locationId: text('location_id'),
  createdAt: at('created_at').notNull().defaultNow(),
  updatedAt: at('updated_at').notNull().defaultNow(),
});
export type PriceListEntry = typeof priceListEntries.$inferSelect;

export const priceRules = pgTable('price_rules', {
  id: text('id').primaryKey(),
  storeId: text('store_id').notNull(),
  name: text('name').notNull(),
  status: text('status', { enum: ['active', 'draft'] })
    .notNull()
    .default('active'),
  priority: integer('priority').notNull().default(0),
  startsAt: at('starts_at'),
  endsAt: at('ends_at'),
  customerGroupIds: text('customer_group_ids').array().notNull().default([]),
  targetKind: text('target_kind', {
    enum: ['all', 'products', 'variants', 'categories', 'tags', 'brands'],
  }).notNull(),
  targetValues: text('target_values').array().notNull().default([]),
  adjustmentKind: text('adjustment_kind', { enum: ['percentage_off', 'amount_off'] }).notNull(),
  adjustmentValue: money('adjustment_value').notNull(),
  currency: text('currency'),
  createdAt: at('created_at').notNull().defaultNow(),
  updatedAt: at('updated_at').notNull().defaultNow(),
});
export type PriceRule = typeof priceRules.$inferSelect;

export const exchangeRates = pgTable('exchange_rates', {
  id: text('id').primaryKey(),
  storeId: text('store_id').notNull(),
  baseCurrency: text('base_currency').notNull(),
  quoteCurrency: text('quote_currency').notNull(),
  rate: numeric('rate').notNull(),
  createdAt: at('created_at').notNull().defaultNow(),
  updatedAt: at('updated_at').notNull().defaultNow(),
});
export type ExchangeRate = typeof exchangeRates.$inferSelect;
