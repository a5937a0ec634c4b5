import type { FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { principalOf, requirePermission, storeOf } from '../../platform/auth/principal.ts';
import type { Platform } from '../../platform/context.ts';
import type { App } from '../../platform/http/app.ts';
import { PageQuery, pageSchema } from '../../platform/http/pagination.ts';
import { CUSTOMER_PERMISSION, STOREFRONT_PERMISSION } from '../identity/permissions.ts';
import { auditContext } from '../audit/service.ts';
import {
  assertOrderAccess,
  cancelOrderByShopper,
  getInvoicePdf,
  getShopperOrder,
  listCustomerOrders,
  requestReturn,
  ReturnRequestInput,
} from './service.ts';
import { OrderLookupInput, requestOrderLink } from './lookup.ts';
import { ShopperSwapInput, swapByShopper } from './shopper-swaps.ts';
import { CreditNoteParams, PdfResponse, sendPdf } from './routes.ts';
import { getCreditNotePdf } from './credit-notes.ts';
import { forShopper, ReturnView, ShopperOrderSummary, ShopperOrderView } from './views.ts';

const TAGS = ['storefront'];
const KEY = [{ publishableKey: [] }];
const SIGNED_IN = [{ publishableKey: [], bearer: [] }];
const OrderParams = z.object({ orderId: z.string().min(1).max(64) });
const ShopperCancelInput = z.strictObject({
  reason: z
    .string()
    .trim()
    .min(1)
    .max(300)
    .optional()
    .describe('Why, for the shop (shown in the order history)'),
});
const CANCEL_DESCRIPTION =
  'While the order is confirmed (not yet being prepared) and within the store’s window after it was placed ' +
  '(`cancellable_until` on the order; 60 minutes unless the store sets `settings.orders.shopper_cancel_minutes`, ' +
  '0 = never): the stock goes back and the payment is voided or refunded, as when staff cancel. 409 ' +
  'INVALID_STATE_TRANSITION afterwards. Cancelling a cancelled order answers it as it is.';
const SWAP_DESCRIPTION =
  'In the same window as cancelling (`cancellable_until`): each swap takes `quantity` units of a line out and ' +
  'adds as many of another variant of the same product that sells at the line’s price, at what the shopper paid ' +
  'for the line (its discount carried over). The stock moves at once (409 INSUFFICIENT_STOCK), the shopper gets ' +
  'an e-mail, no money moves. 422: a line not of the order, a variant of another product or at another price; ' +
  '409 INVALID_STATE_TRANSITION once the window has passed.';
const TokenQuery = z.object({
  token: z
    .string()
    .min(10)
    .max(200)
    .describe('The order-status token the checkout handed out (or the e-mail linked)'),
});

function me(req: FastifyRequest): { storeId: string; customerId: string } {
  return { storeId: storeOf(req), customerId: principalOf(req).customerId! };
}

/** Storefront API: a signed-in shopper's orders, and a guest's order through its signed link. */
export async function ordersStoreRoutes(app: App, platform: Platform): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const db = platform.db;
  const needsKey = requirePermission(STOREFRONT_PERMISSION);
  const needsCustomer = requirePermission(CUSTOMER_PERMISSION);

  r.get(
    '/store/v1/customers/me/orders',
    {
      preHandler: needsCustomer,
      schema: {
        tags: TAGS,
        security: SIGNED_IN,
        summary:
          "The signed-in shopper's orders, newest first (guest orders of their e-mail included once they register)",
        querystring: PageQuery,
        response: { 200: pageSchema(ShopperOrderSummary) },
      },
    },
    async (req) => {
      const page = await listCustomerOrders(db, { ...me(req), query: req.query });
      return {
        data: page.data.map(forShopper),
        next_cursor: page.next_cursor,
      };
    },
  );

  r.get(
    '/store/v1/customers/me/orders/:orderId',
    {
      preHandler: needsCustomer,
      schema: {
        tags: TAGS,
        security: SIGNED_IN,
        summary: 'One order of the signed-in shopper, with shipments and returns',
        params: OrderParams,
        response: { 200: ShopperOrderView },
      },
    },
    async (req) => getShopperOrder(db, { ...me(req), orderId: req.params.orderId }),
  );

  r.get(
    '/store/v1/customers/me/orders/:orderId/invoice.pdf',
    {
      preHandler: needsCustomer,
      schema: {
        tags: TAGS,
        security: SIGNED_IN,
        summary: 'The invoice of an order of the signed-in shopper (PDF)',
        params: OrderParams,
        response: { 200: PdfResponse },
      },
    },
    async (req, reply) =>
      sendPdf(reply, await getInvoicePdf(db, { ...me(req), orderId: req.params.orderId })),
  );

  r.get(
    '/store/v1/customers/me/orders/:orderId/credit-notes/:creditNoteId.pdf',
    {
      preHandler: needsCustomer,
      schema: {
        tags: TAGS,
        security: SIGNED_IN,
        summary: 'A credit note of an order of the signed-in shopper (PDF)',
        params: CreditNoteParams,
        response: { 200: PdfResponse },
      },
    },
    async (req, reply) => sendPdf(reply, await getCreditNotePdf(db, { ...me(req), ...req.params })),
  );

  r.post(
    '/store/v1/customers/me/orders/:orderId/returns',
    {
      preHandler: needsCustomer,
      schema: {
        tags: TAGS,
        security: SIGNED_IN,
        summary: 'Ask to return shipped units of an order',
        params: OrderParams,
        body: ReturnRequestInput,
        response: { 201: ReturnView },
      },
    },
    async (req, reply) => {
      const who = me(req);
      await getShopperOrder(db, { ...who, orderId: req.params.orderId }); // someone else's: 404
      const ret = await requestReturn(db, {
        storeId: who.storeId,
        orderId: req.params.orderId,
        input: req.body,
        requestedBy: 'customer',
      });
      return reply.code(201).send(ret);
    },
  );

  r.post(
    '/store/v1/customers/me/orders/:orderId/cancel',
    {
      preHandler: needsCustomer,
      schema: {
        tags: TAGS,
        security: SIGNED_IN,
        summary: 'Cancel an order of the signed-in shopper that is not yet being prepared',
        description: CANCEL_DESCRIPTION,
        params: OrderParams,
        body: ShopperCancelInput.nullish(),
        response: { 200: ShopperOrderView },
      },
    },
    async (req) => {
      const who = me(req);
      await cancelOrderByShopper(platform, {
        ...who,
        orderId: req.params.orderId,
        reason: req.body?.reason,
        actor: auditContext(req),
      });
      return getShopperOrder(db, { ...who, orderId: req.params.orderId });
    },
  );

  r.post(
    '/store/v1/orders/:orderId/cancel',
    {
      preHandler: needsKey,
      schema: {
        tags: TAGS,
        security: KEY,
        summary: 'A guest cancels their order (with the order-status token) before it is being prepared',
        description: CANCEL_DESCRIPTION,
        params: OrderParams,
        querystring: TokenQuery,
        body: ShopperCancelInput.nullish(),
        response: { 200: ShopperOrderView },
      },
    },
    async (req) => {
      const storeId = storeOf(req);
      assertOrderAccess(platform, { storeId, orderId: req.params.orderId, token: req.query.token });
      await cancelOrderByShopper(platform, {
        storeId,
        orderId: req.params.orderId,
        reason: req.body?.reason,
        // The order's link speaks for its shopper, whose account (if any) is not known here.
        actor: { ...auditContext(req), actor: { type: 'customer', id: null } },
      });
      return getShopperOrder(db, { storeId, orderId: req.params.orderId });
    },
  );

  r.post(
    '/store/v1/customers/me/orders/:orderId/swaps',
    {
      preHandler: needsCustomer,
      schema: {
        tags: TAGS,
        security: SIGNED_IN,
        summary:
          'Change a size or colour of an order of the signed-in shopper that is not yet being prepared',
        description: SWAP_DESCRIPTION,
        params: OrderParams,
        body: ShopperSwapInput,
        response: { 200: ShopperOrderView },
      },
    },
    async (req) => {
      const who = me(req);
      await swapByShopper(platform, {
        ...who,
        orderId: req.params.orderId,
        input: req.body,
        actor: auditContext(req),
      });
      return getShopperOrder(db, { ...who, orderId: req.params.orderId });
    },
  );

  r.post(
    '/store/v1/orders/:orderId/swaps',
    {
      preHandler: needsKey,
      schema: {
        tags: TAGS,
        security: KEY,
        summary:
          'A guest changes a size or colour (with the order-status token) before the order is being prepared',
        description: SWAP_DESCRIPTION,
        params: OrderParams,
        querystring: TokenQuery,
        body: ShopperSwapInput,
        response: { 200: ShopperOrderView },
      },
    },
    async (req) => {
      const storeId = storeOf(req);
      assertOrderAccess(platform, { storeId, orderId: req.params.orderId, token: req.query.token });
      await swapByShopper(platform, {
        storeId,
        orderId: req.params.orderId,
        input: req.body,
        actor: { ...auditContext(req), actor: { type: 'customer', id: null } },
      });
      return getShopperOrder(db, { storeId, orderId: req.params.orderId });
    },
  );

  r.post(
    '/store/v1/orders/lookup',
    {
      preHandler: needsKey,
      schema: {
        tags: TAGS,
        security: KEY,
        summary:
          'Find my order: e-mail the link to an order, given its number and the address it was placed with',
        description:
          'Always 202 for a well-formed question, whether or not an order matched: the link (signed, as the ' +
          'confirmation’s) goes by e-mail to the order’s own address, after the answer, at most 5 per address and hour.',
        body: OrderLookupInput,
        response: { 202: z.object({ status: z.literal('accepted') }) },
      },
    },
    async (req, reply) => {
      await requestOrderLink(platform, { storeId: storeOf(req), input: req.body });
      return reply.code(202).send({ status: 'accepted' as const });
    },
  );

  r.get(
    '/store/v1/orders/:orderId',
    {
      preHandler: needsKey,
      schema: {
        tags: TAGS,
        security: KEY,
        summary: "A guest's order through its signed, expiring order-status token",
        params: OrderParams,
        querystring: TokenQuery,
        response: { 200: ShopperOrderView },
      },
    },
    async (req) => {
      const storeId = storeOf(req);
      assertOrderAccess(platform, { storeId, orderId: req.params.orderId, token: req.query.token });
      return getShopperOrder(db, { storeId, orderId: req.params.orderId });
    },
  );

  r.get(
    '/store/v1/orders/:orderId/invoice.pdf',
    {
      preHandler: needsKey,
      schema: {
        tags: TAGS,
        security: KEY,
        summary: "A guest's invoice through the order-status token (PDF)",
        params: OrderParams,
        querystring: TokenQuery,
        response: { 200: PdfResponse },
      },
    },
    async (req, reply) => {
      const storeId = storeOf(req);
      assertOrderAccess(platform, { storeId, orderId: req.params.orderId, token: req.query.token });
      return sendPdf(reply, await getInvoicePdf(db, { storeId, orderId: req.params.orderId }));
    },
  );

  r.get(
    '/store/v1/orders/:orderId/credit-notes/:creditNoteId.pdf',
    {
      preHandler: needsKey,
      schema: {
        tags: TAGS,
        security: KEY,
        summary: "A guest's credit note through the order-status token (PDF)",
        params: CreditNoteParams,
        querystring: TokenQuery,
        response: { 200: PdfResponse },
      },
    },
    async (req, reply) => {
      const storeId = storeOf(req);
      assertOrderAccess(platform, { storeId, orderId: req.params.orderId, token: req.query.token });
      return sendPdf(reply, await getCreditNotePdf(db, { storeId, ...req.params }));
    },
  );

  r.post(
    '/store/v1/orders/:orderId/returns',
    {
      preHandler: needsKey,
      schema: {
        tags: TAGS,
        security: KEY,
        summary: 'A guest asks to return shipped units (with the order-status token)',
        params: OrderParams,
        querystring: TokenQuery,
        body: ReturnRequestInput,
        response: { 201: ReturnView },
      },
    },
    async (req, reply) => {
      const storeId = storeOf(req);
      assertOrderAccess(platform, { storeId, orderId: req.params.orderId, token: req.query.token });
      const ret = await requestReturn(db, {
        storeId,
        orderId: req.params.orderId,
        input: req.body,
        requestedBy: 'customer',
      });
      return reply.code(201).send(ret);
    },
  );
}
