import type { FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { principalOf, requirePermission, storeOf } from '../../platform/auth/principal.ts';
import type { Platform } from '../../platform/context.ts';
import type { App } from '../../platform/http/app.ts';
import type { CartAccess } from '../cart/service.ts';
import { STOREFRONT_PERMISSION } from '../identity/permissions.ts';
import { CheckoutView, completeCheckout, CompleteCheckoutInput, getCheckout } from './service.ts';

const TAGS = ['checkout'];
const SHOPPER: Record<string, string[]>[] = [{ publishableKey: [] }, { publishableKey: [], bearer: [] }];
const CartParams = z.object({ cartId: z.string().min(1).max(64) });

function accessOf(req: FastifyRequest): CartAccess {
  const p = principalOf(req);
  return {
    customerId: p.kind === 'customer' ? (p.customerId ?? null) : null,
    trusted: p.kind === 'secret_key',
  };
}

/** The shopper's checkout: complete a cart, follow its attempt. */
export async function checkoutRoutes(app: App, platform: Platform): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const needsKey = requirePermission(STOREFRONT_PERMISSION);

  r.post(
    '/store/v1/carts/:cartId/complete',
    {
      preHandler: needsKey,
      schema: {
        tags: TAGS,
        security: SHOPPER,
        summary: 'Complete the cart: pay and place the order',
        description:
          'Re-validates the cart (prices, stock, coupons, shipping and tax), then runs the durable checkout: ' +
          'reserve stock → fraud check → authorize the payment → create the order → commit the stock → confirm the ' +
          'order (order.placed) → capture if the store captures on placement. Any failure undoes what was done ' +
          '(stock released, payment voided) and the cart stays open. Calling it again — a double click, a retry, ' +
          'another tab — joins the same attempt: one order, one charge; a completed cart answers with its order.\n\n' +
          '200: the order was placed. 202: a 3-D Secure challenge awaits the shopper (`payment.next_action.url`), ' +
          'or the checkout is still working; follow it with GET …/checkout. Refusals (nothing charged): ' +
          '402 PAYMENT_DECLINED (the card’s decline message), 409 CHECKOUT_TOTAL_CHANGED (expected_total no longer ' +
          'matches; `totals` has the new ones), 409 CART_CHANGED (re-validation changed the cart; `notices`), ' +
          '409 INSUFFICIENT_STOCK, 422 CHECKOUT_INCOMPLETE (no lines, e-mail, address or shipping method; `errors`), ' +
          '422 NO_SHIPPING_TO_ADDRESS, 404 unknown cart, 403 another customer’s cart, 410 CART_EXPIRED, ' +
          '409 CART_NOT_ACTIVE (merged).',
        params: CartParams,
        body: CompleteCheckoutInput,
        response: { 200: CheckoutView, 202: CheckoutView },
      },
    },
    async (req, reply) => {
      const { httpStatus, checkout } = await completeCheckout(platform, {
        storeId: storeOf(req),
        cartId: req.params.cartId,
        access: accessOf(req),
        input: req.body,
      });
      return reply.code(httpStatus).send(checkout);
    },
  );

  r.get(
    '/store/v1/carts/:cartId/checkout',
    {
      preHandler: needsKey,
      schema: {
        tags: TAGS,
        security: SHOPPER,
        summary: "The cart's current checkout attempt",
        description:
          'For the shopper’s page after a 3-D Secure return: `status` running, requires_action, completed (with ' +
          '`order`) or failed (with `failure`). Asking wakes a checkout waiting for the challenge. 404 when the cart ' +
          'has not been checked out.',
        params: CartParams,
        response: { 200: CheckoutView },
      },
    },
    async (req) =>
      getCheckout(platform, { storeId: storeOf(req), cartId: req.params.cartId, access: accessOf(req) }),
  );
}
