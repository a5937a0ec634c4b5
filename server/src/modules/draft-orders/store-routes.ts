import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requirePermission, storeOf } from '../../platform/auth/principal.ts';
import type { Platform } from '../../platform/context.ts';
import type { App } from '../../platform/http/app.ts';
import { CartView } from '../cart/service.ts';
import { CheckoutView, CompleteCheckoutInput } from '../checkout/service.ts';
import { STOREFRONT_PERMISSION } from '../identity/permissions.ts';
import { draftCheckoutForLink, getDraftForLink, payDraftThroughLink } from './drafts.ts';

const tags = ['draft-orders'];
const security: Record<string, string[]>[] = [{ publishableKey: [] }];
const DraftParams = z.object({ draftId: z.string().min(1).max(64) });
const LinkQuery = z.object({
  token: z.string().min(10).max(200).describe('The token of the payment link staff sent'),
});
const BAD_LINK = '404 for an unknown draft order or a forged, altered or expired link (never says which).';

/** The customer's side of a draft order: the page its payment link opens. */
export async function draftOrderStoreRoutes(app: App, platform: Platform): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const needsKey = requirePermission(STOREFRONT_PERMISSION);
  const link = (req: { params: { draftId: string }; query: { token: string } }, storeId: string) => ({
    storeId,
    draftId: req.params.draftId,
    token: req.query.token,
  });

  r.get(
    '/store/v1/draft-orders/:draftId',
    {
      preHandler: needsKey,
      schema: {
        tags,
        security,
        summary: 'The draft order a payment link opens',
        description: 'Lines, totals, addresses and shipping as staff prepared them. ' + BAD_LINK,
        params: DraftParams,
        querystring: LinkQuery,
        response: { 200: CartView },
      },
    },
    async (req) => getDraftForLink(platform, link(req, storeOf(req))),
  );

  r.post(
    '/store/v1/draft-orders/:draftId/complete',
    {
      preHandler: needsKey,
      schema: {
        tags,
        security,
        summary: 'Pay the draft order: the order is placed',
        description:
          'The ordinary checkout (`POST /store/v1/carts/{id}/complete`) for the draft: the same body, answers and ' +
          'refusals; paying twice places one order. ' +
          BAD_LINK,
        params: DraftParams,
        querystring: LinkQuery,
        body: CompleteCheckoutInput,
        response: { 200: CheckoutView, 202: CheckoutView },
      },
    },
    async (req, reply) => {
      const { httpStatus, checkout } = await payDraftThroughLink(platform, {
        ...link(req, storeOf(req)),
        input: req.body,
      });
      return reply.code(httpStatus).send(checkout);
    },
  );

  r.get(
    '/store/v1/draft-orders/:draftId/checkout',
    {
      preHandler: needsKey,
      schema: {
        tags,
        security,
        summary: "The draft order's checkout attempt (after a 3-D Secure challenge)",
        description: 'As `GET /store/v1/carts/{id}/checkout`. ' + BAD_LINK,
        params: DraftParams,
        querystring: LinkQuery,
        response: { 200: CheckoutView },
      },
    },
    async (req) => draftCheckoutForLink(platform, link(req, storeOf(req))),
  );
}
