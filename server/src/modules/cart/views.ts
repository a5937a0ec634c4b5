import { PickupPointView } from '../shipping/service.ts';
import { z } from 'zod';
import { AddressView } from '../../platform/address.ts';

/** What the API shows (and the services return): snake_case, integer minor units, ISO 8601 UTC. */

const Timestamp = z.string().describe('ISO 8601, UTC');
const Minor = z.number().int();

export const CartLineView = z.object({
  id: z.string(),
  variant_id: z.string(),
  product_id: z.string(),
  product_title: z.string(),
  variant_title: z.string(),
  sku: z.string(),
  image_url: z.string().nullable(),
  weight_grams: z.number().int().nullable(),
  requires_shipping: z.boolean().describe('False for digital goods and services: the line ships nothing'),
  gift_card: z
    .boolean()
    .describe('A gift card bought: no coupon or tax applies; paid with a card, never with another gift card'),
  properties: z
    .record(z.string(), z.string())
    .describe(
      'What the shopper tells about the item, name → text (an engraving; a gift card’s "Recipient email", ' +
        '"Recipient name", "Message")',
    ),
  quantity: z.number().int(),
  unit_price: Minor.describe('Price of one unit when the cart last changed'),
  compare_at_price: Minor.nullable().describe('The "was" price, when above unit_price'),
  price_source: z
    .object({ kind: z.string(), id: z.string(), name: z.string() })
    .describe('What produced unit_price: base price, price list, rule or exchange rate'),
  subtotal: Minor.describe('unit_price × quantity'),
  discount: Minor.describe("This line's share of the coupon discounts"),
  tax_exemption: Minor.describe(
    'The tax inside this line’s price that a tax-exempt buyer does not pay (prices that include tax; else 0)',
  ),
  total: Minor.describe('subtotal − discount − tax_exemption'),
  tax: Minor.describe("This line's tax (0 until a shipping address is known)"),
});
export type CartLineView = z.infer<typeof CartLineView>;

export const CartDiscountView = z.object({
  code: z.string(),
  kind: z.enum(['percentage', 'fixed_amount', 'free_shipping']),
  amount: Minor.describe('Taken off the lines (0 for free shipping)'),
  free_shipping: z.boolean(),
  lines: z
    .array(z.object({ line_id: z.string(), amount: Minor }))
    .describe('The amount split over the lines it applies to; the parts sum to it exactly'),
});

export const CartTotalsView = z.object({
  subtotal: Minor,
  discount_total: Minor,
  shipping_total: Minor.describe('0 until a shipping method is chosen, or with free shipping'),
  shipping_discount: Minor,
  tax_total: Minor.describe('0 until the cart has a shipping address'),
  tax_inclusive: z.boolean(),
  tax_exempt: z.boolean().describe('Taxed for a tax-exempt buyer: no tax'),
  tax_exemption: Minor.describe(
    'The tax inside tax-inclusive prices (lines and shipping) a tax-exempt buyer does not pay; 0 otherwise',
  ),
  total: Minor.describe(
    'subtotal − discount_total − tax_exemption + shipping_total (+ tax_total when prices exclude tax)',
  ),
});

export const CartShippingView = z.object({
  id: z.string(),
  name: z.string(),
  amount: Minor.describe('The rate before a free-shipping coupon (totals.shipping_discount waives it)'),
  free_shipping_applied: z.boolean().describe("The method's own free-shipping threshold was reached"),
  estimate: z.object({ min_days: z.number().int(), max_days: z.number().int() }).nullable(),
  pickup: PickupPointView.nullable().describe('A pickup method: where the shopper collects the order'),
});

export const CART_NOTICE_CODES = [
  'price_changed',
  'line_removed',
  'line_not_added',
  'quantity_reduced',
  'coupon_removed',
  'shipping_method_removed',
] as const;
export type CartNoticeCode = (typeof CART_NOTICE_CODES)[number];

/** Something that changed in the cart besides what was asked, and why. */
export const CartNotice = z.object({
  code: z.enum(CART_NOTICE_CODES),
  message: z.string(),
  line_id: z.string().optional(),
  variant_id: z.string().optional(),
  coupon_code: z.string().optional(),
  previous_unit_price: Minor.optional(),
  unit_price: Minor.optional(),
  previous_quantity: z.number().int().optional(),
  quantity: z.number().int().optional(),
  reason: z
    .string()
    .optional()
    .describe(
      'line_removed: unavailable | no_price | out_of_stock | line_limit | merged (a line changed to the same ' +
        "details as another of its variant joined it: `quantity` is the joined line's); line_not_added (adding several lines " +
        'with skip_unavailable): unavailable | no_price | out_of_stock | limit | details_needed (the product asks for ' +
        'personalization not given); quantity_reduced: quantity_limit | ' +
        'stock; coupon_removed: the error code the coupon now gets (e.g. COUPON_EXPIRED); shipping_method_removed: ' +
        'the error code the method now gets (NO_SHIPPING_TO_ADDRESS, SHIPPING_METHOD_UNAVAILABLE, NOT_FOUND, SHIPPING_NOT_REQUIRED)',
    ),
});
export type CartNotice = z.infer<typeof CartNotice>;

export const CartView = z.object({
  id: z.string(),
  status: z.enum(['active', 'completed', 'expired', 'merged']),
  currency: z.string(),
  customer_id: z.string().nullable(),
  email: z.string().nullable(),
  locale: z.string().nullable(),
  note: z
    .string()
    .nullable()
    .describe("The shopper's note for the shop (delivery instructions, a gift message)"),
  marketing_opt_in: z
    .boolean()
    .describe(
      'The shopper asked for news and offers by e-mail (checkout box): recorded as their marketing consent',
    ),
  shipping_address: AddressView.nullable(),
  billing_address: AddressView.nullable(),
  requires_shipping: z
    .boolean()
    .describe(
      'Something in the cart ships. False (only digital goods and services, or empty): no shipping address or ' +
        'method is asked, the billing address is taxed',
    ),
  lines: z.array(CartLineView),
  discounts: z.array(CartDiscountView),
  shipping_method: CartShippingView.nullable().describe('The chosen shipping method, as last quoted'),
  totals: CartTotalsView,
  item_count: z.number().int().describe('Units in the cart'),
  version: z
    .number()
    .int()
    .describe('Bumped by every change; send it back in If-Match to refuse a stale change'),
  merged_into_cart_id: z.string().nullable(),
  order_id: z.string().nullable(),
  expires_at: Timestamp,
  created_at: Timestamp,
  updated_at: Timestamp,
  completed_at: Timestamp.nullable(),
  notices: z
    .array(CartNotice)
    .describe(
      'What this change did besides what was asked (a price that changed, a coupon that stopped applying…)',
    ),
});
export type CartView = z.infer<typeof CartView>;

/** A cart in the admin list: no lines. */
export const CartSummaryView = CartView.omit({
  note: true,
  marketing_opt_in: true,
  requires_shipping: true,
  lines: true,
  notices: true,
  discounts: true,
  shipping_method: true,
  totals: true,
}).extend({
  subtotal: Minor,
  discount_total: Minor,
  line_count: z.number().int(),
});
export type CartSummaryView = z.infer<typeof CartSummaryView>;

export const iso = (v: Date | string): string => new Date(v).toISOString();
export const isoOrNull = (v: Date | string | null): string | null => (v === null ? null : iso(v));
