import { z } from 'zod';
import { CHECKOUT_STATUSES } from './checkout-states.ts';

/** What the store API shows of a checkout attempt. Amounts are integer minor units. */

const Minor = z.number().int();

export const CheckoutTotalsView = z.object({
  subtotal: Minor,
  discount_total: Minor,
  shipping_total: Minor,
  shipping_discount: Minor,
  tax_total: Minor,
  tax_inclusive: z.boolean(),
  tax_exempt: z.boolean(),
  tax_exemption: Minor.describe('The tax inside inclusive prices a tax-exempt buyer does not pay'),
  total: Minor.describe('What is charged'),
});

export const CheckoutOrderView = z.object({
  id: z.string(),
  number: z.number().int(),
  display_number: z.string(),
  status: z.string(),
  payment_status: z.string(),
  totals: z.object({ subtotal: Minor, discount: Minor, shipping: Minor, tax: Minor, total: Minor }),
  access_url: z
    .string()
    .nullable()
    .describe(
      "A guest's link to the order's status page (GET /store/v1/orders/{id}?token=…); null for a customer",
    ),
  access_token: z.string().nullable(),
});

export const CheckoutView = z.object({
  id: z.string().describe('The attempt (chk_…)'),
  cart_id: z.string(),
  attempt: z.number().int().describe('1, 2, … per cart: a retry after a failure is a new attempt'),
  status: z.enum(CHECKOUT_STATUSES),
  step: z
    .string()
    .describe('validated, awaiting_action, order_created, completed or failed: how far the workflow got'),
  currency: z.string(),
  totals: CheckoutTotalsView,
  payment: z.object({
    intent_id: z.string().nullable(),
    next_action: z
      .object({ type: z.literal('redirect_to_url'), url: z.string() })
      .nullable()
      .describe('requires_action: send the shopper here (3-D Secure); they come back to return_url'),
  }),
  order: CheckoutOrderView.nullable(),
  failure: z.object({ code: z.string(), message: z.string().describe('Readable by the shopper') }).nullable(),
  created_at: z.string(),
  updated_at: z.string(),
  finished_at: z.string().nullable(),
});
export type CheckoutView = z.infer<typeof CheckoutView>;
export type CheckoutOrderView = z.infer<typeof CheckoutOrderView>;
