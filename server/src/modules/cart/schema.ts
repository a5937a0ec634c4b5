import type { PickupPointView } from '../shipping/service.ts';
import { bigint, boolean, integer, jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import type { Address } from '../../platform/address.ts';
import type { CartStatus } from './cart-states.ts';

/** Tables of migrations/0023_cart.sql. Amounts are integer minor units. Only the cart module writes them. */
const money = (name: string) => bigint(name, { mode: 'number' });
const at = (name: string) => timestamp(name, { withTimezone: true });

/** A coupon's discount as the cart stored it at its last change. */
export interface StoredDiscount {
  coupon_id: string;
  code: string;
  kind: 'percentage' | 'fixed_amount' | 'free_shipping';
  amount: number;
  free_shipping: boolean;
  lines: { line_id: string; amount: number }[];
}

/** The chosen shipping method as quoted at the cart's last change. */
export interface StoredShipping {
  method_id: string;
  name: string;
  /** Before a free-shipping coupon (the totals waive it). */
  amount: number;
  provider: string;
  free_shipping_applied: boolean;
  estimate: { min_days: number; max_days: number } | null;
  /** A pickup method: where the shopper collects (its address is the tax address). */
  pickup?: PickupPointView | null;
}

/** Tax as calculated at the cart's last change (tax's `calculateTax`, snake_case). */
export interface StoredTax {
  inclusive: boolean;
  lines: { id: string; tax: number; rate: number }[];
  shipping_tax: number;
  total: number;
  /** Taxed for a tax-exempt buyer: the taxes above are 0. */
  exempt?: boolean;
  /** The tax inside inclusive prices an exempt buyer does not pay (tax's `TaxExemption`). */
  exemption?: { lines: { id: string; amount: number }[]; shipping: number; total: number } | null;
}

/** What produced a line's unit price (pricing's quote source). */
export interface PriceSource {
  kind: string;
  id: string;
  name: string;
}

export const carts = pgTable('carts', {
  id: text('id').primaryKey(),
  storeId: text('store_id').notNull(),
  currency: text('currency').notNull(),
  customerId: text('customer_id'),
  email: text('email'),
  shippingAddress: jsonb('shipping_address').$type<Address>(),
  billingAddress: jsonb('billing_address').$type<Address>(),
  locale: text('locale'),
  kind: text('kind').$type<'shopper' | 'draft'>().notNull().default('shopper'),
  status: text('status').$type<CartStatus>().notNull().default('active'),
  version: integer('version').notNull().default(1),
  subtotal: money('subtotal').notNull().default(0),
  discountTotal: money('discount_total').notNull().default(0),
  itemCount: integer('item_count').notNull().default(0),
  discounts: jsonb('discounts').$type<StoredDiscount[]>().notNull().default([]),
  shippingMethodId: text('shipping_method_id'),
  shipping: jsonb('shipping').$type<StoredShipping>(),
  tax: jsonb('tax').$type<StoredTax>(),
  taxExempt: boolean('tax_exempt').notNull().default(false),
  mergedIntoCartId: text('merged_into_cart_id'),
  orderId: text('order_id'),
  completedAt: at('completed_at'),
  expiresAt: at('expires_at').notNull(),
  createdAt: at('created_at').notNull().defaultNow(),
  updatedAt: at('updated_at').notNull().defaultNow(),
});

export const cartLines = pgTable('cart_lines', {
  id: text('id').primaryKey(),
  storeId: text('store_id').notNull(),
  cartId: text('cart_id').notNull(),
  variantId: text('variant_id').notNull(),
  productId: text('product_id').notNull(),
  quantity: integer('quantity').notNull(),
  unitPrice: money('unit_price').notNull(),
  compareAtPrice: money('compare_at_price'),
  priceSource: jsonb('price_source').$type<PriceSource>().notNull(),
  productTitle: text('product_title').notNull(),
  variantTitle: text('variant_title').notNull().default(''),
  sku: text('sku').notNull().default(''),
  imageUrl: text('image_url'),
  weightGrams: integer('weight_grams'),
  requiresShipping: boolean('requires_shipping').notNull().default(true),
  giftCard: boolean('gift_card').notNull().default(false),
  properties: jsonb('properties').$type<Record<string, string>>().notNull().default({}),
  createdAt: at('created_at').notNull().defaultNow(),
  updatedAt: at('updated_at').notNull().defaultNow(),
});
