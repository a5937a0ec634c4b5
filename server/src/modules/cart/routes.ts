import type { FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { principalOf, requirePermission, storeOf } from '../../platform/auth/principal.ts';
import type { Platform } from '../../platform/context.ts';
import type { App } from '../../platform/http/app.ts';
import { pageSchema } from '../../platform/http/pagination.ts';
import { CUSTOMER_PERMISSION, STOREFRONT_PERMISSION } from '../identity/permissions.ts';
import {
  AddLineInput,
  AddLinesInput,
  addCartLines,
  addCartLine,
  applyCartCoupon,
  ApplyCouponInput,
  CartDetailsInput,
  CartListQuery,
  CartSummaryView,
  CartView,
  cartShippingOptions,
  createCart,
  CreateCartInput,
  getCart,
  getCartForAdmin,
  getCustomerCart,
  listCarts,
  mergeCartIntoCustomerCart,
  removeCartCoupon,
  removeCartLine,
  setCartShippingMethod,
  ShippingMethodChoice,
  ShippingOptionView,
  updateCartDetails,
  updateCartLine,
  UpdateLineInput,
  type CartAccess,
} from './service.ts';

const TAGS = ['carts'];
/** A cart is reached with the store's publishable key; a customer's cart also needs their token. */
const SHOPPER: Record<string, string[]>[] = [{ publishableKey: [] }, { publishableKey: [], bearer: [] }];
const SIGNED_IN: Record<string, string[]>[] = [{ publishableKey: [], bearer: [] }];
const ADMIN: Record<string, string[]>[] = [{ bearer: [] }, { apiKey: [] }];

const CartParams = z.object({ cartId: z.string().min(1).max(64) });
const LineParams = CartParams.extend({ lineId: z.string().min(1).max(64) });
const CouponParams = CartParams.extend({ code: z.string().min(1).max(64) });
/** Optional optimistic concurrency: the cart `version` the client last saw. Other headers pass through. */
const IfMatchHeaders = z.looseObject({
  'if-match': z
    .string()
    .regex(/^(W\/)?"?\d{1,9}"?$/, 'the cart version, e.g. "7"')
    .optional()
    .describe('Refuse the change (409 CONFLICT) unless the cart is still at this version'),
});

function versionOf(req: FastifyRequest): number | undefined {
  const raw = req.headers['if-match'];
  if (typeof raw !== 'string') return undefined;
  return Number(raw.replace(/\D/g, ''));
}

/** A signed-in customer may use their own carts; a secret key any cart; anyone an anonymous cart. */
function accessOf(req: FastifyRequest): CartAccess {
  const p = principalOf(req);
  return {
    customerId: p.kind === 'customer' ? (p.customerId ?? null) : null,
    trusted: p.kind === 'secret_key',
  };
}

const ERRORS =
  'Refusals: 404 unknown cart, 403 another customer’s cart, 410 CART_EXPIRED, 409 CART_NOT_ACTIVE (completed or merged), ' +
  '409 CONFLICT (If-Match version is stale).';

/** The shopper's cart API (`/store/v1/carts`) and the staff's read-only view (`/admin/v1/carts`). */
export async function cartRoutes(app: App, platform: Platform): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const db = platform.db;
  const needsKey = requirePermission(STOREFRONT_PERMISSION);
  const needsCustomer = requirePermission(CUSTOMER_PERMISSION);
  const target = (req: FastifyRequest, cartId: string) => ({
    storeId: storeOf(req),
    cartId,
    access: accessOf(req),
    expectedVersion: versionOf(req),
  });

  r.post(
    '/store/v1/carts',
    {
      preHandler: needsKey,
      schema: {
        tags: TAGS,
        security: SHOPPER,
        summary: 'Create a cart',
        description:
          "Anonymous (keep its id: it is the only way back to it) or, with a customer's token, the customer's cart. " +
          'A customer has one active cart: if they already have one it is returned unchanged (200).',
        body: CreateCartInput,
        response: { 201: CartView, 200: CartView },
      },
    },
    async (req, reply) => {
      const p = principalOf(req);
      const { cart, created } = await createCart(db, {
        storeId: storeOf(req),
        customerId: p.kind === 'customer' ? p.customerId : null,
        input: req.body,
      });
      return reply.code(created ? 201 : 200).send(cart);
    },
  );

  r.get(
    '/store/v1/carts/:cartId',
    {
      preHandler: needsKey,
      schema: {
        tags: TAGS,
        security: SHOPPER,
        summary: 'A cart with its lines and totals',
        description: 'Prices are those of the last change (every change re-prices). ' + ERRORS,
        params: CartParams,
        response: { 200: CartView },
      },
    },
    async (req) => getCart(db, { storeId: storeOf(req), cartId: req.params.cartId, access: accessOf(req) }),
  );

  r.patch(
    '/store/v1/carts/:cartId',
    {
      preHandler: needsKey,
      schema: {
        tags: TAGS,
        security: SHOPPER,
        summary: "Set the cart's e-mail, shipping and billing addresses or locale",
        description:
          'Addresses are checked per country (ISO 3166-1 alpha-2, postcode formats). Fields left out stay; null clears. ' +
          ERRORS,
        params: CartParams,
        headers: IfMatchHeaders,
        body: CartDetailsInput,
        response: { 200: CartView },
      },
    },
    async (req) => updateCartDetails(db, { ...target(req, req.params.cartId), input: req.body }),
  );

  r.get(
    '/store/v1/carts/:cartId/shipping-options',
    {
      preHandler: needsKey,
      schema: {
        tags: TAGS,
        security: SHOPPER,
        summary: 'Shipping rates for the cart',
        description:
          "The methods of the zone serving the cart's shipping address that fit its lines, cheapest first (an empty " +
          "cart has none). Without a shipping address: the store's pickup points (click and collect needs none; " +
          'each quoted and taxed where it is), delivery once there is an address. 422 NO_SHIPPING_TO_ADDRESS when ' +
          'no zone covers the address. Pickup points that cannot fill the cart now are left out. ' +
          ERRORS,
        params: CartParams,
        response: { 200: z.object({ data: z.array(ShippingOptionView) }) },
      },
    },
    async (req) => ({
      data: await cartShippingOptions(db, {
        storeId: storeOf(req),
        cartId: req.params.cartId,
        access: accessOf(req),
      }),
    }),
  );

  r.put(
    '/store/v1/carts/:cartId/shipping-method',
    {
      preHandler: needsKey,
      schema: {
        tags: TAGS,
        security: SHOPPER,
        summary: "Choose the cart's shipping method",
        description:
          'Quoted for the cart now and again at every later change, so `totals` include shipping and tax. Refused ' +
          'with nothing changed: 422 UNPROCESSABLE no lines, or a delivery method without a shipping address (a ' +
          'pickup method needs none), 422 NO_SHIPPING_TO_ADDRESS no ' +
          'zone covers the address, 422 SHIPPING_METHOD_UNAVAILABLE the method does not serve this address or ' +
          'basket, 404 unknown method. ' +
          ERRORS,
        params: CartParams,
        headers: IfMatchHeaders,
        body: ShippingMethodChoice,
        response: { 200: CartView },
      },
    },
    async (req) => setCartShippingMethod(db, { ...target(req, req.params.cartId), input: req.body }),
  );

  r.post(
    '/store/v1/carts/:cartId/lines',
    {
      preHandler: needsKey,
      schema: {
        tags: TAGS,
        security: SHOPPER,
        summary: 'Add a variant to the cart',
        description:
          'A variant already in the cart gets more units on its line. Refused with nothing changed: 404 a variant not for ' +
          'sale in this store, 422 UNPROCESSABLE no price in the cart currency, 422 CART_LIMIT_EXCEEDED above the ' +
          'per-line quantity or the number of lines, 409 INSUFFICIENT_STOCK more than can be sold. ' +
          ERRORS,
        params: CartParams,
        headers: IfMatchHeaders,
        body: AddLineInput,
        response: { 200: CartView },
      },
    },
    async (req) => addCartLine(db, { ...target(req, req.params.cartId), input: req.body }),
  );

  r.post(
    '/store/v1/carts/:cartId/lines/batch',
    {
      preHandler: needsKey,
      schema: {
        tags: TAGS,
        security: SHOPPER,
        summary: 'Add several variants to the cart at once (a quick-order form, buy again)',
        description:
          'Each line as POST …/lines adds it, in one change (one `cart.line_added` each). All or nothing: a refusal ' +
          'names its line (`body.lines[2].quantity`) and changes nothing. With `skip_unavailable`, lines that cannot ' +
          'be added (not for sale, no price, out of stock, a limit) are left out and told in `notices` ' +
          '(`line_not_added`, with the variant and the reason) and the rest are added. ' +
          ERRORS,
        params: CartParams,
        headers: IfMatchHeaders,
        body: AddLinesInput,
        response: { 200: CartView },
      },
    },
    async (req) => addCartLines(db, { ...target(req, req.params.cartId), input: req.body }),
  );

  r.patch(
    '/store/v1/carts/:cartId/lines/:lineId',
    {
      preHandler: needsKey,
      schema: {
        tags: TAGS,
        security: SHOPPER,
        summary: "Set a line's quantity or properties",
        description:
          'At least 1 (DELETE the line to remove it). More units are checked against the per-line limit (422) and ' +
          "the stock of every line of the variant (409). `properties` replaces the line's properties. " +
          ERRORS,
        params: LineParams,
        headers: IfMatchHeaders,
        body: UpdateLineInput,
        response: { 200: CartView },
      },
    },
    async (req) =>
      updateCartLine(db, { ...target(req, req.params.cartId), lineId: req.params.lineId, input: req.body }),
  );

  r.delete(
    '/store/v1/carts/:cartId/lines/:lineId',
    {
      preHandler: needsKey,
      schema: {
        tags: TAGS,
        security: SHOPPER,
        summary: 'Remove a line from the cart',
        description: ERRORS,
        params: LineParams,
        headers: IfMatchHeaders,
        response: { 200: CartView },
      },
    },
    async (req) => removeCartLine(db, { ...target(req, req.params.cartId), lineId: req.params.lineId }),
  );

  r.post(
    '/store/v1/carts/:cartId/coupons',
    {
      preHandler: needsKey,
      schema: {
        tags: TAGS,
        security: SHOPPER,
        summary: 'Apply a coupon code',
        description:
          'Codes ignore case. A cart takes one discount code and one free-shipping code. Refused with nothing ' +
          'changed: 404 COUPON_NOT_FOUND, 422 COUPON_EXPIRED / COUPON_NOT_YET_VALID / COUPON_MINIMUM_NOT_MET / ' +
          'COUPON_NOT_APPLICABLE (scope, currency, a second code of a kind), 409 COUPON_LIMIT_REACHED. Every later ' +
          'change re-checks the code and removes it, with a notice, once it stops applying. ' +
          ERRORS,
        params: CartParams,
        headers: IfMatchHeaders,
        body: ApplyCouponInput,
        response: { 200: CartView },
      },
    },
    async (req) => applyCartCoupon(db, { ...target(req, req.params.cartId), input: req.body }),
  );

  r.delete(
    '/store/v1/carts/:cartId/coupons/:code',
    {
      preHandler: needsKey,
      schema: {
        tags: TAGS,
        security: SHOPPER,
        summary: 'Remove a coupon code from the cart',
        description: '404 COUPON_NOT_FOUND when the cart does not have it. ' + ERRORS,
        params: CouponParams,
        headers: IfMatchHeaders,
        response: { 200: CartView },
      },
    },
    async (req) => removeCartCoupon(db, { ...target(req, req.params.cartId), code: req.params.code }),
  );

  r.post(
    '/store/v1/carts/:cartId/merge',
    {
      preHandler: needsCustomer,
      schema: {
        tags: TAGS,
        security: SIGNED_IN,
        summary: "Merge an anonymous cart into the signed-in customer's cart",
        description:
          'Call right after sign-in with the anonymous cart the shopper was using. The customer’s active cart absorbs ' +
          'it (quantities summed within the line limit and the stock; notices say what could not be kept) and it ' +
          'becomes `merged`; a customer without a cart simply gets this one. Answers the customer’s cart. ' +
          'Idempotent: merging it again returns the same cart. 403 when it belongs to another customer.',
        params: CartParams,
        response: { 200: CartView },
      },
    },
    async (req) => {
      const p = principalOf(req);
      return mergeCartIntoCustomerCart(db, {
        storeId: storeOf(req),
        customerId: p.customerId!,
        cartId: req.params.cartId,
      });
    },
  );

  r.get(
    '/store/v1/customers/me/cart',
    {
      preHandler: needsCustomer,
      schema: {
        tags: TAGS,
        security: SIGNED_IN,
        summary: "The signed-in customer's active cart",
        description: '404 when they have none.',
        response: { 200: CartView },
      },
    },
    async (req) => getCustomerCart(db, { storeId: storeOf(req), customerId: principalOf(req).customerId! }),
  );

  // --- staff ----------------------------------------------------------------------------------

  const READ = requirePermission('carts.read');

  r.get(
    '/admin/v1/carts',
    {
      preHandler: READ,
      schema: {
        tags: TAGS,
        security: ADMIN,
        summary: "The store's carts, most recently changed first",
        querystring: CartListQuery,
        response: { 200: pageSchema(CartSummaryView) },
      },
    },
    async (req) => listCarts(db, { storeId: storeOf(req), query: req.query }),
  );

  r.get(
    '/admin/v1/carts/:cartId',
    {
      preHandler: READ,
      schema: {
        tags: TAGS,
        security: ADMIN,
        summary: 'One cart with its lines and totals, whatever its status',
        params: CartParams,
        response: { 200: CartView },
      },
    },
    async (req) => getCartForAdmin(db, { storeId: storeOf(req), cartId: req.params.cartId }),
  );
}
