import { boolean, integer, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/** Tables of migrations/0021_tax.sql. */
const at = (name: string) => timestamp(name, { withTimezone: true });

export const taxSettings = pgTable('tax_settings', {
  storeId: text('store_id').primaryKey(),
  pricesIncludeTax: boolean('prices_include_tax').notNull().default(false),
  provider: text('provider').notNull().default('table'),
  createdAt: at('created_at').notNull().defaultNow(),
  updatedAt: at('updated_at').notNull().defaultNow(),
});
export type TaxSettings = typeof taxSettings.$inferSelect;

export const taxRates = pgTable('tax_rates', {
  id: text('id').primaryKey(),
  storeId: text('store_id').notNull(),
  name: text('name').notNull(),
  country: text('country').notNull(),
  region: text('region'),
  postcodePattern: text('postcode_pattern'),
  taxClass: text('tax_class').notNull().default('standard'),
  /** Parts per million: 10 % = 100000. */
  ratePpm: integer('rate_ppm').notNull(),
  shippingTaxable: boolean('shipping_taxable').notNull().default(true),
  createdAt: at('created_at').notNull().defaultNow(),
  updatedAt: at('updated_at').notNull().defaultNow(),
});
export type TaxRate = typeof taxRates.$inferSelect;
