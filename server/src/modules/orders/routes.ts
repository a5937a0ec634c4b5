import { editOrder, OrderEditInput, previewOrderEdit } from './edits.ts';
import type { FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { principalOf, requirePermission, storeOf } from '../../platform/auth/principal.ts';
import type { Platform } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import type { App } from '../../platform/http/app.ts';
import { sendCsvDownload } from '../../platform/http/csv-download.ts';
import { pageSchema } from '../../platform/http/pagination.ts';
import { auditContext } from '../audit/service.ts';
import { getPaymentIntent, listRefunds } from '../payments/service.ts';
import { getCreditNotePdf } from './credit-notes.ts';
import { PaymentIntentView, RefundView } from '../payments/views.ts';
import {
  approveReturn,
  CancelInput,
  cancelItems,
  CancelItemsInput,
  OrderRefundInput,
  refundOrder,
  cancelOrder,
  fulfilOrder,
  FulfilmentInput,
  getInvoicePdf,
  getPackingSlipPdf,
  getOrderDetail,
  getReturn,
  listOrders,
  listReturns,
  markDelivered,
  OrderListQuery,
  receiveReturn,
  refundReturn,
  rejectReturn,
  requestReturn,
  ReturnListQuery,
  ReturnReceiptInput,
  ReturnRefundInput,
  ReturnRequestInput,
  startProcessing,
} from './service.ts';
import { addOrderNote, deleteOrderNote, listOrderNotes, OrderNoteInput } from './notes.ts';
import { OrderTagsInput, setOrderTags } from './tags.ts';
import { exportOrdersCsv, OrderExportQuery } from './export.ts';
import { listOrderEmails, resendOrderEmail } from './notifications.ts';
import { OrderDetailsInput, updateOrderDetails } from './order-details.ts';
import {
  CancellationView,
  EditPreview,
  EditView,
  OrderRefundView,
  FulfilmentView,
  OrderDetailView,
  OrderEmailView,
  OrderNoteView,
  OrderView,
  ReturnView,
} from './views.ts';
import { getOrderPolicy, OrderPolicy, OrderPolicyPatch, updateOrderPolicy } from './policy.ts';
import { BulkOrderInput, bulkOrderAction, BulkOrderView, MAX_BULK_ORDERS } from './bulk.ts';
import { getPackingSlipsPdf } from './packing-slip.ts';

const security: Record<string, string[]>[] = [{ bearer: [] }, { apiKey: [] }];
const tags = ['orders'];

const READ = requirePermission('orders.read');
const MANAGE = requirePermission('orders.manage');
const OrderParams = z.object({ orderId: z.string().min(1).max(64) });
const ReturnParams = z.object({ returnId: z.string().min(1).max(64) });
export const CreditNoteParams = OrderParams.extend({ creditNoteId: z.string().min(1).max(64) });

export const AdminOrderView = OrderDetailView.extend({
  payment: PaymentIntentView.nullable().describe('The payment as payments shows it'),
  refunds: z.array(RefundView),
});

export const PdfResponse = {
  description: 'The invoice (PDF)',
  content: { 'application/pdf': { schema: z.string().describe('PDF') } },
};

export function sendPdf(reply: FastifyReply, file: { pdf: Buffer; filename: string }): FastifyReply {
  return reply
    .type('application/pdf')
    .header('content-disposition', `inline; filename="${file.filename}"`)
    .header('cache-control', 'private, no-store')
    .send(file.pdf);
}

/** Admin API: orders (list, detail, invoice, processing, fulfilment, delivery, cancellation) and returns. */
export async function ordersAdminRoutes(app: App, platform: Platform): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const db = platform.db;

  r.get(
    '/admin/v1/order-settings',
    {
      preHandler: READ,
      schema: {
        tags,
        security,
        summary: "The store's order policy: shopper cancellation, unpaid transfers, the return window",
        response: { 200: OrderPolicy },
      },
    },
    async (req) => getOrderPolicy(db, storeOf(req)),
  );

  r.patch(
    '/admin/v1/order-settings',
    {
      preHandler: requirePermission('store.manage'),
      schema: {
        tags,
        security,
        summary: "Change the store's order policy",
        description:
          'Values left out keep theirs. The shopper is held to it on the storefront — cancelling, asking for a ' +
          'return — and unpaid bank transfers are cancelled by it; staff are not (they cancel and open returns ' +
          'when they judge right). Applies at once, to orders already placed too. Audited ' +
          '`store.order_policy_changed` with the policy before and after.',
        body: OrderPolicyPatch,
        response: { 200: OrderPolicy },
      },
    },
    async (req) =>
      updateOrderPolicy(db, { storeId: storeOf(req), input: req.body, actor: auditContext(req) }),
  );

  r.get(
    '/admin/v1/orders',
    {
      preHandler: READ,
      schema: {
        tags,
        security,
        summary: "The store's orders, newest first, with filters and search",
        querystring: OrderListQuery,
        response: { 200: pageSchema(OrderView) },
      },
    },
    async (req) => listOrders(db, { storeId: storeOf(req), query: req.query as OrderListQuery }),
  );

  r.get(
    '/admin/v1/orders/:orderId',
    {
      preHandler: READ,
      schema: {
        tags,
        security,
        summary: 'One order with its history, payment, refunds, fulfilments and returns',
        params: OrderParams,
        response: { 200: AdminOrderView },
      },
    },
    async (req) => {
      const storeId = storeOf(req);
      const order = await getOrderDetail(db, { storeId, orderId: req.params.orderId });
      const intent = { storeId, intentId: order.payment_intent_id };
      const [payment, refunds] = await Promise.all([
        getPaymentIntent(platform, intent).catch(() => null),
        listRefunds(platform, intent).catch(() => []),
      ]);
      return { ...order, payment, refunds };
    },
  );

  r.get(
    '/admin/v1/orders/:orderId/invoice.pdf',
    {
      preHandler: READ,
      schema: {
        tags,
        security,
        summary: 'The invoice of an order (PDF)',
        params: OrderParams,
        response: { 200: PdfResponse },
      },
    },
    async (req, reply) =>
      sendPdf(reply, await getInvoicePdf(db, { storeId: storeOf(req), orderId: req.params.orderId })),
  );

  r.get(
    '/admin/v1/orders/:orderId/credit-notes/:creditNoteId.pdf',
    {
      preHandler: READ,
      schema: {
        tags,
        security,
        summary: 'A credit note of an order (PDF): one refund, its tax, the invoice it corrects',
        params: CreditNoteParams,
        response: { 200: PdfResponse },
      },
    },
    async (req, reply) =>
      sendPdf(reply, await getCreditNotePdf(db, { storeId: storeOf(req), ...req.params })),
  );

  r.get(
    '/admin/v1/orders/packing-slips.pdf',
    {
      preHandler: READ,
      schema: {
        tags,
        security,
        summary: 'The packing slips of several orders in one PDF, each from a new page',
        description: `In the order asked (at most ${MAX_BULK_ORDERS}); an order not of this store is 404 and nothing is printed.`,
        querystring: z.object({
          ids: z
            .string()
            .min(1)
            .max(MAX_BULK_ORDERS * 65)
            .describe('Comma-separated order ids'),
        }),
        response: { 200: { ...PdfResponse, description: 'The packing slips (PDF)' } },
      },
    },
    async (req, reply) => {
      const ids = [
        ...new Set(
          req.query.ids
            .split(',')
            .map((id) => id.trim())
            .filter(Boolean),
        ),
      ];
      if (ids.length === 0 || ids.length > MAX_BULK_ORDERS || ids.some((id) => id.length > 64)) {
        throw new AppError('VALIDATION_FAILED', `Name 1 to ${MAX_BULK_ORDERS} orders.`, {
          errors: [{ path: 'querystring.ids', message: `1 to ${MAX_BULK_ORDERS} order ids` }],
        });
      }
      return sendPdf(reply, await getPackingSlipsPdf(db, { storeId: storeOf(req), orderIds: ids }));
    },
  );

  r.post(
    '/admin/v1/orders/bulk',
    {
      preHandler: MANAGE,
      schema: {
        tags,
        security,
        summary: 'Do one thing to many orders: ship them, capture their payments, tag or untag them',
        description:
          'Each order is its own operation, audited and announced as when done one by one: one that cannot be ' +
          'done is reported (`failed` with its error code) and the rest go on; one that needs nothing is ' +
          '`skipped`. Repeating the request skips what was done. `capture` also needs `payments.manage`.',
        body: BulkOrderInput,
        response: { 200: BulkOrderView },
      },
    },
    async (req) => {
      // Capturing is what payments.manage guards, wherever it is asked from.
      if (req.body.action === 'capture' && !principalOf(req).permissions.has('payments.manage')) {
        throw new AppError('FORBIDDEN', 'Capturing payments needs the "payments.manage" permission.');
      }
      return bulkOrderAction(platform, { storeId: storeOf(req), input: req.body, actor: auditContext(req) });
    },
  );

  r.get(
    '/admin/v1/orders/:orderId/packing-slip.pdf',
    {
      preHandler: READ,
      schema: {
        tags,
        security,
        summary:
          'The packing slip of an order (PDF): where it goes, what is in it, the shopper’s note; no prices',
        params: OrderParams,
        response: { 200: { ...PdfResponse, description: 'The packing slip (PDF)' } },
      },
    },
    async (req, reply) =>
      sendPdf(reply, await getPackingSlipPdf(db, { storeId: storeOf(req), orderId: req.params.orderId })),
  );

  r.get(
    '/admin/v1/orders/:orderId/emails',
    {
      preHandler: READ,
      schema: {
        tags,
        security,
        summary: 'The e-mails sent to the shopper about an order, and whether each went out',
        params: OrderParams,
        response: { 200: z.object({ data: z.array(OrderEmailView) }) },
      },
    },
    async (req) => ({
      data: await listOrderEmails(db, { storeId: storeOf(req), orderId: req.params.orderId }),
    }),
  );

  r.post(
    '/admin/v1/orders/:orderId/emails/:emailId/resend',
    {
      preHandler: MANAGE,
      schema: {
        tags,
        security,
        summary: 'Send an order e-mail to the shopper again',
        description:
          'Rendered as the order stands now, with its own Message-ID. One still waiting to be sent is 409. Audited.',
        params: OrderParams.extend({ emailId: z.string().min(1).max(64) }),
        response: { 200: OrderEmailView },
      },
    },
    async (req) =>
      resendOrderEmail(db, {
        storeId: storeOf(req),
        orderId: req.params.orderId,
        emailId: req.params.emailId,
        actor: auditContext(req),
      }),
  );

  r.get(
    '/admin/v1/orders/export.csv',
    {
      preHandler: READ,
      schema: {
        tags,
        security,
        summary: 'The orders as CSV (the list’s filters), for accounting and spreadsheets',
        description:
          'One row per order, newest first: number, placed_at (UTC), statuses, e-mail, name, shipping ' +
          'country and method, currency, items, amounts as decimals in the order’s currency (with tax_exempt and the tax_exemption taken off), coupons, tags. ' +
          'With `rows=lines`, one row per line item: the order’s number, date, statuses and e-mail, then ' +
          'SKU, product, variant, quantity, unit price, subtotal, discount, tax, total, fulfilled and ' +
          'returned units. Streamed; bad filters are 400 before anything is sent. Audited ' +
          '(`order.exported`, with the filters).',
        querystring: OrderExportQuery,
        response: { 200: { description: 'CSV', content: { 'text/csv': { schema: z.string() } } } },
      },
    },
    async (req, reply) => {
      const csv = await exportOrdersCsv(db, {
        storeId: storeOf(req),
        query: req.query,
        actor: auditContext(req),
      });
      const name = req.query.rows === 'lines' ? 'order-lines' : 'orders';
      return sendCsvDownload(reply, `${name}-${new Date().toISOString().slice(0, 10)}.csv`, csv);
    },
  );

  r.patch(
    '/admin/v1/orders/:orderId',
    {
      preHandler: MANAGE,
      schema: {
        tags,
        security,
        summary: "Correct an order's e-mail, shipping or billing address",
        description:
          'The shipping address only while units are still to ship (confirmed or processing), and within the ' +
          'country and region the order was taxed and its shipping priced for (422 otherwise; 409 once shipped). ' +
          'Nothing is re-priced. Emits `order.details_changed` and is audited with the names of the fields changed; ' +
          'the same values again change nothing. 409 when the customer’s personal data was erased.',
        params: OrderParams,
        body: OrderDetailsInput,
        response: { 200: OrderView },
      },
    },
    async (req) =>
      updateOrderDetails(db, {
        storeId: storeOf(req),
        orderId: req.params.orderId,
        input: req.body,
        actor: auditContext(req),
      }),
  );

  r.put(
    '/admin/v1/orders/:orderId/tags',
    {
      preHandler: MANAGE,
      schema: {
        tags,
        security,
        summary: "Set an order's tags (all of them)",
        description:
          'Lower-cased and de-duplicated; at most 20, each 1–40 characters without commas. Find orders by ' +
          'tag with `GET /admin/v1/orders?tag=`. Never shown to the shopper. Emits `order.tags_changed` ' +
          'and is audited when they changed.',
        params: OrderParams,
        body: OrderTagsInput,
        response: { 200: z.object({ tags: z.array(z.string()) }) },
      },
    },
    async (req) =>
      setOrderTags(db, {
        storeId: storeOf(req),
        orderId: req.params.orderId,
        input: req.body,
        actor: auditContext(req),
      }),
  );

  r.get(
    '/admin/v1/orders/:orderId/notes',
    {
      preHandler: READ,
      schema: {
        tags,
        security,
        summary: "Staff's internal notes on an order, oldest first",
        params: OrderParams,
        response: { 200: z.object({ data: z.array(OrderNoteView) }) },
      },
    },
    async (req) => ({
      data: await listOrderNotes(db, { storeId: storeOf(req), orderId: req.params.orderId }),
    }),
  );

  r.post(
    '/admin/v1/orders/:orderId/notes',
    {
      preHandler: MANAGE,
      schema: {
        tags,
        security,
        summary: 'Add an internal note to an order',
        description:
          'Never shown to the shopper. At most 200 per order (409 LIMIT_REACHED). Emits `order.note_added` ' +
          "(its id, not its words); audited. Erased with the shopper's personal data. Accepts Idempotency-Key.",
        params: OrderParams,
        body: OrderNoteInput,
        response: { 201: OrderNoteView },
      },
    },
    async (req, reply) =>
      reply.code(201).send(
        await addOrderNote(db, {
          storeId: storeOf(req),
          orderId: req.params.orderId,
          input: req.body,
          actor: auditContext(req),
        }),
      ),
  );

  r.delete(
    '/admin/v1/orders/:orderId/notes/:noteId',
    {
      preHandler: MANAGE,
      schema: {
        tags,
        security,
        summary: 'Delete an internal note of an order',
        description: 'Emits `order.note_deleted`; audited.',
        params: OrderParams.extend({ noteId: z.string().min(1).max(64) }),
        response: { 204: z.null() },
      },
    },
    async (req, reply) => {
      await deleteOrderNote(db, {
        storeId: storeOf(req),
        orderId: req.params.orderId,
        noteId: req.params.noteId,
        actor: auditContext(req),
      });
      return reply.code(204).send(null);
    },
  );

  r.post(
    '/admin/v1/orders/:orderId/process',
    {
      preHandler: MANAGE,
      schema: {
        tags,
        security,
        summary: 'Start preparing a confirmed order (confirmed → processing)',
        params: OrderParams,
        response: { 200: OrderView },
      },
    },
    async (req) =>
      startProcessing(db, { storeId: storeOf(req), orderId: req.params.orderId, actor: auditContext(req) }),
  );

  r.post(
    '/admin/v1/orders/:orderId/fulfilments',
    {
      preHandler: MANAGE,
      schema: {
        tags,
        security,
        summary: 'Ship units of an order (a fulfilment with carrier and tracking)',
        description:
          'Captures the payment first when the store captures on fulfilment; a payment that cannot be captured ' +
          'ships nothing. The order is `shipped` once every unit is in a fulfilment. Send an `Idempotency-Key`.',
        params: OrderParams,
        body: FulfilmentInput,
        response: { 201: z.object({ fulfilment: FulfilmentView, order: OrderView }) },
      },
    },
    async (req, reply) => {
      const result = await fulfilOrder(platform, {
        storeId: storeOf(req),
        orderId: req.params.orderId,
        input: req.body,
        actor: auditContext(req),
      });
      return reply.code(201).send(result);
    },
  );

  r.post(
    '/admin/v1/orders/:orderId/deliver',
    {
      preHandler: MANAGE,
      schema: {
        tags,
        security,
        summary: 'Mark a shipped order delivered',
        params: OrderParams,
        response: { 200: OrderView },
      },
    },
    async (req) =>
      markDelivered(db, { storeId: storeOf(req), orderId: req.params.orderId, actor: auditContext(req) }),
  );

  r.post(
    '/admin/v1/orders/:orderId/cancel',
    {
      preHandler: MANAGE,
      schema: {
        tags,
        security,
        summary: 'Cancel an order that has not shipped: restock, void or refund',
        description:
          'The committed units go back on hand and the payment is voided (authorized) or refunded in full ' +
          '(captured; the order ends `refunded`). 503 PAYMENT_PROVIDER_UNAVAILABLE: the order is cancelled but its ' +
          'payment not yet settled — retrying (or the worker) finishes it, never refunding twice.',
        params: OrderParams,
        body: CancelInput.nullish(),
        response: { 200: OrderView },
      },
    },
    async (req) =>
      cancelOrder(platform, {
        storeId: storeOf(req),
        orderId: req.params.orderId,
        reason: req.body?.reason,
        actor: auditContext(req),
      }),
  );

  r.post(
    '/admin/v1/orders/:orderId/cancel-items',
    {
      preHandler: MANAGE,
      schema: {
        tags,
        security,
        summary: 'Cancel some units that have not shipped: restock, and refund them if already captured',
        description:
          'Units of a confirmed or processing order not yet shipped. They go back on hand where they were reserved ' +
          '(unless `restock: false`); the order keeps `cancelled_amount`, what they were paid for. An authorized ' +
          'payment is captured for less at fulfilment; a captured one is refunded that amount (`refund_problem` ' +
          'says why it has not gone through yet: the worker retries it, never refunding twice). When what is left ' +
          'has all shipped the order becomes `shipped`; asking for every unit of an order of which nothing shipped ' +
          'cancels the order (`cancellation: null`). 422: a line not of the order, or more units than not shipped.',
        params: OrderParams,
        body: CancelItemsInput,
        response: {
          200: z.object({
            cancellation: CancellationView.nullable(),
            order: OrderView,
            refund_problem: z.string().nullable(),
          }),
        },
      },
    },
    async (req) =>
      cancelItems(platform, {
        storeId: storeOf(req),
        orderId: req.params.orderId,
        input: req.body,
        actor: auditContext(req),
      }),
  );

  const editDescription =
    'Add units (each a new line, priced as the customer would pay today unless `unit_price` is given, taxed at ' +
    'the order’s address, its stock reserved and committed at once) and/or take units out that have not shipped ' +
    '(an item cancellation, restocked unless `restock: false`), on a confirmed or processing order. The ' +
    'customer then owes `total − cancelled_amount`: a captured payment is refunded the difference, an ' +
    'authorized card captured for less at fulfilment, a manual payment awaited changed to the new amount; an ' +
    'edit costing more than a card payment covers is 409 `EDIT_NOT_COVERED` (sell the extra as a draft order). ' +
    '422: a line not of the order, too many units, a gift card, goods to ship on an order that ships nothing; ' +
    '404: a variant not for sale; 409 `INSUFFICIENT_STOCK`.';

  r.post(
    '/admin/v1/orders/:orderId/edits/preview',
    {
      preHandler: MANAGE,
      config: { idempotency: false },
      schema: {
        tags,
        security,
        summary: 'What an edit would do: the lines, the new total, and what happens to the payment',
        description: `Changes nothing. ${editDescription}`,
        params: OrderParams,
        body: OrderEditInput,
        response: { 200: EditPreview },
      },
    },
    async (req) =>
      previewOrderEdit(platform, { storeId: storeOf(req), orderId: req.params.orderId, input: req.body }),
  );

  r.post(
    '/admin/v1/orders/:orderId/edits',
    {
      preHandler: MANAGE,
      schema: {
        tags,
        security,
        summary: 'Edit an order before it ships: add items, swap them, take them out',
        description: editDescription,
        params: OrderParams,
        body: OrderEditInput,
        response: {
          200: z.object({ edit: EditView, order: OrderView, refund_problem: z.string().nullable() }),
        },
      },
    },
    async (req) =>
      editOrder(platform, {
        storeId: storeOf(req),
        orderId: req.params.orderId,
        input: req.body,
        actor: auditContext(req),
      }),
  );

  r.post(
    '/admin/v1/orders/:orderId/refunds',
    {
      preHandler: MANAGE,
      schema: {
        tags,
        security,
        summary: 'Refund without a return: items the customer keeps, shipping, an amount',
        description:
          'Shipped units not returned or refunded before (valued at what they were paid for), up to the shipping ' +
          'charged with its tax, and/or an amount on top. The order’s gift cards get their part back first, the ' +
          'payment the rest; gift cards bought with refunded units are disabled (refused if one was spent). ' +
          '`refund.status`: `refunded`, or `pending` when the payment provider did not answer (the worker asks ' +
          'again with the same key, never refunding twice). Each part refunded gets its credit note; the customer ' +
          'is e-mailed unless `notify_customer: false`. 422: units that cannot be refunded, more than is left; ' +
          '502: the provider refused (the refund is recorded failed, nothing given back). Send an `Idempotency-Key`.',
        params: OrderParams,
        body: OrderRefundInput,
        response: { 201: z.object({ refund: OrderRefundView, order: OrderView }) },
      },
    },
    async (req, reply) => {
      const result = await refundOrder(platform, {
        storeId: storeOf(req),
        orderId: req.params.orderId,
        input: req.body,
        actor: auditContext(req),
      });
      return reply.code(201).send(result);
    },
  );

  r.post(
    '/admin/v1/orders/:orderId/returns',
    {
      preHandler: MANAGE,
      schema: {
        tags,
        security,
        summary: 'Open a return for shipped units',
        params: OrderParams,
        body: ReturnRequestInput,
        response: { 201: ReturnView },
      },
    },
    async (req, reply) => {
      const ret = await requestReturn(db, {
        storeId: storeOf(req),
        orderId: req.params.orderId,
        input: req.body,
        requestedBy: 'staff',
        actor: auditContext(req),
      });
      return reply.code(201).send(ret);
    },
  );

  r.get(
    '/admin/v1/returns',
    {
      preHandler: READ,
      schema: {
        tags,
        security,
        summary: 'Returns, newest first',
        querystring: ReturnListQuery,
        response: { 200: pageSchema(ReturnView) },
      },
    },
    async (req) => listReturns(db, { storeId: storeOf(req), query: req.query }),
  );

  r.get(
    '/admin/v1/returns/:returnId',
    {
      preHandler: READ,
      schema: { tags, security, summary: 'One return', params: ReturnParams, response: { 200: ReturnView } },
    },
    async (req) => getReturn(db, { storeId: storeOf(req), returnId: req.params.returnId }),
  );

  r.post(
    '/admin/v1/returns/:returnId/approve',
    {
      preHandler: MANAGE,
      schema: {
        tags,
        security,
        summary: 'Approve a requested return',
        params: ReturnParams,
        response: { 200: ReturnView },
      },
    },
    async (req) =>
      approveReturn(db, { storeId: storeOf(req), returnId: req.params.returnId, actor: auditContext(req) }),
  );

  r.post(
    '/admin/v1/returns/:returnId/reject',
    {
      preHandler: MANAGE,
      schema: {
        tags,
        security,
        summary: 'Reject a return (its units may be asked for again)',
        params: ReturnParams,
        body: z.strictObject({ reason: z.string().trim().min(1).max(500).optional() }).nullish(),
        response: { 200: ReturnView },
      },
    },
    async (req) =>
      rejectReturn(db, {
        storeId: storeOf(req),
        returnId: req.params.returnId,
        reason: req.body?.reason,
        actor: auditContext(req),
      }),
  );

  r.post(
    '/admin/v1/returns/:returnId/receive',
    {
      preHandler: MANAGE,
      schema: {
        tags,
        security,
        summary: 'Record the units of an approved return as arrived (and restock them)',
        params: ReturnParams,
        body: ReturnReceiptInput.nullish(),
        response: { 200: ReturnView },
      },
    },
    async (req) =>
      receiveReturn(platform, {
        storeId: storeOf(req),
        returnId: req.params.returnId,
        input: req.body ?? {},
        actor: auditContext(req),
      }),
  );

  r.post(
    '/admin/v1/returns/:returnId/refund',
    {
      preHandler: MANAGE,
      schema: {
        tags,
        security,
        summary: 'Refund a received return, in full or in part',
        description:
          'Default amount: what the received units were paid for. Retrying (with or without the same amount) never ' +
          'refunds twice. 503: the provider did not answer — retry (or let the worker finish it). With `to: ' +
          '"store_credit"` the customer gets a new gift card for the amount instead (its code e-mailed to them).',
        params: ReturnParams,
        body: ReturnRefundInput.nullish(),
        response: { 200: ReturnView },
      },
    },
    async (req) =>
      refundReturn(platform, {
        storeId: storeOf(req),
        returnId: req.params.returnId,
        amount: req.body?.amount,
        ...(req.body?.to ? { to: req.body.to } : {}),
        actor: auditContext(req),
      }),
  );
}
