import type { FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { principalOf, requirePermission, storeOf } from '../../platform/auth/principal.ts';
import { AppError } from '../../platform/errors.ts';
import type { Platform } from '../../platform/context.ts';
import type { App } from '../../platform/http/app.ts';
import { pageSchema } from '../../platform/http/pagination.ts';
import { auditContext } from '../audit/service.ts';
import {
  addCartLine,
  AddLineInput,
  applyCartCoupon,
  ApplyCouponInput,
  CartDetailsFields,
  CartListQuery,
  CartSummaryView,
  CartView,
  cartShippingOptions,
  DraftLinePriceInput,
  listCarts,
  getDraftCart,
  removeCartCoupon,
  removeCartLine,
  setCartShippingMethod,
  ShippingMethodChoice,
  ShippingOptionView,
  updateCartDetails,
  updateCartLine,
  UpdateLineInput,
} from '../cart/service.ts';
import { CheckoutView } from '../checkout/service.ts';
import {
  changeDraftCustomer,
  createDraftOrder,
  DraftCustomerInput,
  CreateDraftInput,
  deleteDraftOrder,
  priceDraftLine,
  placeDraftOrder,
  PlaceDraftInput,
  sendPaymentLink,
  STAFF,
} from './drafts.ts';

const tags = ['draft-orders'];
const security: Record<string, string[]>[] = [{ bearer: [] }, { apiKey: [] }];
const READ = requirePermission('orders.read');
const MANAGE = requirePermission('orders.manage');
const DraftParams = z.object({ draftId: z.string().min(1).max(64) });
const LineParams = DraftParams.extend({ lineId: z.string().min(1).max(64) });
const CouponParams = DraftParams.extend({ code: z.string().min(1).max(64) });
// The checkout's consent box is the shopper's own statement: staff record consent on the customer.
const DraftDetailsInput = CartDetailsFields.omit({ marketing_opt_in: true })
  .extend({
    tax_exempt: z.boolean().optional().describe('Charge the order no tax (a tax-exempt buyer)'),
  })
  .refine(
    (v) => Object.keys(v).length > 0,
    'name at least one of email, shipping_address, billing_address, locale, note, tax_exempt',
  )
  .describe('Fields left out stay as they are; null clears one');
const REFUSALS =
  'Refusals: 404 unknown draft order (or a shopper’s cart), 409 CART_NOT_ACTIVE once it was placed, 410 CART_EXPIRED ' +
  'after the cart expiry period without a change. Answers the draft order as a cart (`/store/v1/carts` shape).';

/** Staff's draft orders (`/admin/v1/draft-orders`): build, price and place an order for a customer. */
export async function draftOrderRoutes(app: App, platform: Platform): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const db = platform.db;
  const draft = (req: FastifyRequest, draftId: string) => ({
    storeId: storeOf(req),
    cartId: draftId,
    access: STAFF,
  });

  r.post(
    '/admin/v1/draft-orders',
    {
      preHandler: MANAGE,
      schema: {
        tags,
        security,
        summary: 'Start a draft order for a customer',
        description:
          'For a registered customer (`customer_id`: their group prices, the order in their account) or anyone by ' +
          '`email`; with addresses, a note and lines if known — or `from_order_id` to start from a placed order ' +
          '(its customer, addresses and items, each replaced by what the body gives: an exchange, a replacement). ' +
          'Priced, taxed and shipped as a cart is; never the ' +
          'customer’s own cart, never chased by cart recovery. 422 an unknown customer; a line that cannot be sold ' +
          'refuses the whole draft (nothing is kept). Emits `draft_order.created`; audited.',
        body: CreateDraftInput,
        response: { 201: CartView },
      },
    },
    async (req, reply) =>
      reply.code(201).send(
        await createDraftOrder(platform, {
          storeId: storeOf(req),
          input: req.body,
          actor: auditContext(req),
        }),
      ),
  );

  r.get(
    '/admin/v1/draft-orders',
    {
      preHandler: READ,
      schema: {
        tags,
        security,
        summary: "The store's draft orders, most recently changed first",
        description: '`status`: active (open), completed (placed: `order_id`), expired.',
        querystring: CartListQuery,
        response: { 200: pageSchema(CartSummaryView) },
      },
    },
    async (req) => listCarts(db, { storeId: storeOf(req), query: req.query, kind: 'draft' }),
  );

  r.get(
    '/admin/v1/draft-orders/:draftId',
    {
      preHandler: READ,
      schema: {
        tags,
        security,
        summary: 'One draft order with its lines and totals',
        params: DraftParams,
        response: { 200: CartView },
      },
    },
    async (req) => getDraftCart(db, { storeId: storeOf(req), cartId: req.params.draftId }),
  );

  r.patch(
    '/admin/v1/draft-orders/:draftId',
    {
      preHandler: MANAGE,
      schema: {
        tags,
        security,
        summary: "Set the draft order's e-mail, addresses, locale, note or tax exemption",
        description:
          'As `PATCH /store/v1/carts/{id}`, and `tax_exempt`: charge the order no tax (where prices include ' +
          'tax, the tax inside them comes off: `totals.tax_exemption`). A draft for a registered customer ' +
          'starts with their exemption. ' +
          REFUSALS,
        params: DraftParams,
        body: DraftDetailsInput,
        response: { 200: CartView },
      },
    },
    async (req) => {
      const { tax_exempt: taxExempt, ...input } = req.body;
      return updateCartDetails(db, { ...draft(req, req.params.draftId), input, taxExempt });
    },
  );

  r.put(
    '/admin/v1/draft-orders/:draftId/customer',
    {
      preHandler: MANAGE,
      schema: {
        tags,
        security,
        summary: 'Give the draft order to another customer, or to no account',
        description:
          'The draft takes the customer’s e-mail, tax exemption and customer groups’ prices (re-priced now, ' +
          'with `price_changed` notices); `null` leaves it to no account, its e-mail kept. 422 naming ' +
          '`customer_id` for an unknown or disabled customer. Audited `draft_order.customer_changed`. ' +
          REFUSALS,
        params: DraftParams,
        body: DraftCustomerInput,
        response: { 200: CartView },
      },
    },
    async (req) =>
      changeDraftCustomer(platform, {
        storeId: storeOf(req),
        draftId: req.params.draftId,
        input: req.body,
        actor: auditContext(req),
      }),
  );

  r.delete(
    '/admin/v1/draft-orders/:draftId',
    {
      preHandler: MANAGE,
      schema: {
        tags,
        security,
        summary: 'Delete a draft order',
        description:
          'Emits `draft_order.deleted`; audited. 409 CONFLICT while the customer is paying it (a 3-D Secure ' +
          'challenge open); 409 CART_NOT_ACTIVE once placed (its order points at it).',
        params: DraftParams,
        response: { 204: z.null() },
      },
    },
    async (req, reply) => {
      await deleteDraftOrder(platform, {
        storeId: storeOf(req),
        draftId: req.params.draftId,
        actor: auditContext(req),
      });
      return reply.code(204).send(null);
    },
  );

  r.post(
    '/admin/v1/draft-orders/:draftId/lines',
    {
      preHandler: MANAGE,
      schema: {
        tags,
        security,
        summary: 'Add a variant to the draft order',
        description: 'As `POST /store/v1/carts/{id}/lines`: stock and quantity limits checked. ' + REFUSALS,
        params: DraftParams,
        body: AddLineInput,
        response: { 200: CartView },
      },
    },
    async (req) => addCartLine(db, { ...draft(req, req.params.draftId), input: req.body }),
  );

  r.patch(
    '/admin/v1/draft-orders/:draftId/lines/:lineId',
    {
      preHandler: MANAGE,
      schema: {
        tags,
        security,
        summary: "Change a line's quantity or properties",
        params: LineParams,
        body: UpdateLineInput,
        response: { 200: CartView },
      },
    },
    async (req) =>
      updateCartLine(db, { ...draft(req, req.params.draftId), lineId: req.params.lineId, input: req.body }),
  );

  r.put(
    '/admin/v1/draft-orders/:draftId/lines/:lineId/price',
    {
      preHandler: MANAGE,
      schema: {
        tags,
        security,
        summary: "Set a line's agreed unit price",
        description:
          'A negotiated or wholesale price: it stands at every later change and at the checkout while the variant ' +
          'is sold (`price_source.kind` `staff`); the catalog’s price, when higher, shows as the compare-at price. ' +
          '`null` returns the line to the catalog’s price. Audited with the new price. ' +
          REFUSALS,
        params: LineParams,
        body: DraftLinePriceInput,
        response: { 200: CartView },
      },
    },
    async (req) =>
      priceDraftLine(platform, {
        storeId: storeOf(req),
        draftId: req.params.draftId,
        lineId: req.params.lineId,
        input: req.body,
        actor: auditContext(req),
      }),
  );

  r.delete(
    '/admin/v1/draft-orders/:draftId/lines/:lineId',
    {
      preHandler: MANAGE,
      schema: { tags, security, summary: 'Remove a line', params: LineParams, response: { 200: CartView } },
    },
    async (req) => removeCartLine(db, { ...draft(req, req.params.draftId), lineId: req.params.lineId }),
  );

  r.post(
    '/admin/v1/draft-orders/:draftId/coupons',
    {
      preHandler: MANAGE,
      schema: {
        tags,
        security,
        summary: 'Apply a coupon code',
        description: 'The coupon’s own rules apply as for the customer’s cart. ' + REFUSALS,
        params: DraftParams,
        body: ApplyCouponInput,
        response: { 200: CartView },
      },
    },
    async (req) => applyCartCoupon(db, { ...draft(req, req.params.draftId), input: req.body }),
  );

  r.delete(
    '/admin/v1/draft-orders/:draftId/coupons/:code',
    {
      preHandler: MANAGE,
      schema: {
        tags,
        security,
        summary: 'Remove a coupon code',
        params: CouponParams,
        response: { 200: CartView },
      },
    },
    async (req) => removeCartCoupon(db, { ...draft(req, req.params.draftId), code: req.params.code }),
  );

  r.get(
    '/admin/v1/draft-orders/:draftId/shipping-options',
    {
      preHandler: READ,
      schema: {
        tags,
        security,
        summary: 'Shipping rates for the draft order',
        params: DraftParams,
        response: { 200: z.object({ data: z.array(ShippingOptionView) }) },
      },
    },
    async (req) => ({ data: await cartShippingOptions(db, draft(req, req.params.draftId)) }),
  );

  r.put(
    '/admin/v1/draft-orders/:draftId/shipping-method',
    {
      preHandler: MANAGE,
      schema: {
        tags,
        security,
        summary: "Choose the draft order's shipping method",
        params: DraftParams,
        body: ShippingMethodChoice,
        response: { 200: CartView },
      },
    },
    async (req) => setCartShippingMethod(db, { ...draft(req, req.params.draftId), input: req.body }),
  );

  r.post(
    '/admin/v1/draft-orders/:draftId/payment-link',
    {
      preHandler: MANAGE,
      schema: {
        tags,
        security,
        summary: 'Send the customer a link to review and pay the draft order',
        description:
          'A signed link to the storefront’s page for it (`/pay/{id}?token=`), valid while the draft is; e-mailed to ' +
          'the draft’s address unless `send_email` is false. The customer pays with the store’s card provider or a ' +
          'manual method it offers, through the ordinary checkout. 422 CHECKOUT_INCOMPLETE without lines, e-mail, ' +
          'address or shipping method (`errors`); 409 CART_NOT_ACTIVE once placed. Audited.',
        params: DraftParams,
        body: z.strictObject({ send_email: z.boolean().default(true) }).optional(),
        response: {
          200: z.object({
            url: z.string(),
            token: z.string(),
            expires_at: z.string(),
            emailed_to: z.string().nullable(),
          }),
        },
      },
    },
    async (req) =>
      sendPaymentLink(platform, {
        storeId: storeOf(req),
        draftId: req.params.draftId,
        send: req.body?.send_email ?? true,
        actor: auditContext(req),
      }),
  );

  r.post(
    '/admin/v1/draft-orders/:draftId/complete',
    {
      preHandler: MANAGE,
      schema: {
        tags,
        security,
        summary: 'Place the order for the customer',
        description:
          'Runs the ordinary durable checkout (re-validation, stock, the order, its e-mail to the customer) with a ' +
          'manual payment: the order is placed unpaid by `payment_method`, and captured at once when `mark_paid` ' +
          '(which also needs `payments.manage`: 403 before anything is placed). ' +
          'Placing it again answers the same order. Refusals as `POST /store/v1/carts/{id}/complete` (409 CART_CHANGED, ' +
          '409 CHECKOUT_TOTAL_CHANGED, 409 INSUFFICIENT_STOCK, 422 CHECKOUT_INCOMPLETE…). Audited.',
        params: DraftParams,
        body: PlaceDraftInput,
        response: { 200: CheckoutView },
      },
    },
    async (req) => {
      // Marking it paid is a capture: the same permission as capturing any payment.
      if (req.body.mark_paid && !principalOf(req).permissions.has('payments.manage')) {
        throw new AppError('FORBIDDEN', 'Marking an order paid needs the "payments.manage" permission.');
      }
      return placeDraftOrder(platform, {
        storeId: storeOf(req),
        draftId: req.params.draftId,
        input: req.body,
        actor: auditContext(req),
      });
    },
  );
}
