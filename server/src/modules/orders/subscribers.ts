import { storeOwnerEmails } from '../identity/memberships.ts';
import { subscribe } from '../../platform/events/subscribers.ts';
import { getCustomer } from '../identity/customers.ts';
import type { PaymentIntentView, RefundView } from '../payments/service.ts';
import { issueCreditNoteInTx } from './credit-notes.ts';
import { attachGuestOrders } from './guest-orders.ts';
import { queueOrderEmail } from './notifications.ts';
import { RETURN_NEWS } from './return-states.ts';
import { ordersPlatform } from './runtime.ts';
import { lockOrderIfAny, notePayment } from './shared.ts';

/**
 * What the orders module does when events arrive (worker processes). Each runs in the
 * dispatcher's transaction, scoped to the event's store; its writes commit with the delivery's
 * acknowledgement, so a redelivered event changes nothing twice.
 */

/** The confirmation e-mail, once per order (`order_notifications` claims it; the mail sender sends it). */
export const confirmationEmailSender = subscribe({
  name: 'orders.confirmation-email',
  types: ['order.placed'],
  async handle(event, { tx }) {
    const { orderId } = event.payload as { orderId: string };
    await queueOrderEmail(tx, { storeId: event.storeId, orderId, kind: 'confirmation' });
  },
});

/** The shipping notice, once per fulfilment, unless staff asked for none. */
export const shipmentEmailSender = subscribe({
  name: 'orders.shipment-email',
  types: ['fulfilment.created'],
  async handle(event, { tx }) {
    const p = event.payload as { orderId: string; fulfilmentId: string; notifyCustomer?: boolean };
    if (p.notifyCustomer === false) return;
    await queueOrderEmail(tx, {
      storeId: event.storeId,
      orderId: p.orderId,
      kind: 'shipment',
      ref: p.fulfilmentId,
    });
  },
});

/**
 * The shopper hears when their order is cancelled (whole, or some of its items), when staff refund
 * it, and when a return is approved, declined or refunded — unless staff said not to tell them.
 */
export const orderNewsEmailSender = subscribe({
  name: 'orders.news-email',
  types: [
    'order.cancelled',
    'order.items_cancelled',
    'order.edited',
    'order.refund_issued',
    ...RETURN_NEWS.map((s) => `return.${s}`),
  ],
  async handle(event, { tx }) {
    const p = event.payload as {
      orderId: string;
      returnId?: string;
      refundId?: string;
      notifyCustomer?: boolean;
    };
    if (p.notifyCustomer === false) return;
    await queueOrderEmail(
      tx,
      event.type === 'order.cancelled'
        ? { storeId: event.storeId, orderId: p.orderId, kind: 'cancellation' }
        : event.type === 'order.refund_issued'
          ? { storeId: event.storeId, orderId: p.orderId, kind: 'refund', ref: p.refundId! }
          : event.type === 'order.edited'
            ? {
                storeId: event.storeId,
                orderId: p.orderId,
                kind: 'order_edited',
                ref: (event.payload as { editId: string }).editId,
              }
            : event.type === 'order.items_cancelled'
              ? {
                  storeId: event.storeId,
                  orderId: p.orderId,
                  kind: 'items_cancelled',
                  ref: (event.payload as { cancellationId: string }).cancellationId,
                }
              : {
                  storeId: event.storeId,
                  orderId: p.orderId,
                  kind: 'return',
                  ref: `${p.returnId}:${event.type.slice('return.'.length)}`,
                },
    );
  },
});

/**
 * The store's owners hear of a dispute (chargeback) of an order's payment at once: there is a
 * deadline to answer it. One e-mail per owner and dispute (ref `<dispute>:<address>`).
 */
export const disputeEmailSender = subscribe({
  name: 'orders.dispute-email',
  types: ['payment_dispute.opened'],
  eventsWhere: `c.payload->>'order_id' IS NOT NULL`,
  async handle(event, { tx }) {
    const p = event.payload as { id: string; order_id: string | null };
    if (!p.order_id) return;
    for (const to of await storeOwnerEmails(tx, event.storeId)) {
      await queueOrderEmail(tx, {
        storeId: event.storeId,
        orderId: p.order_id,
        kind: 'dispute',
        ref: `${p.id}:${to}`,
      });
    }
  },
});

/**
 * Keep each order's payment status in step with its payment, whoever changed it (the checkout's
 * capture, staff on the payments API, a provider webhook). Payments' events carry the intent as
 * the API shows it; one intent's events arrive in order, and an older view never overwrites a
 * newer one the order already holds.
 */
export const paymentStatusFollower = subscribe({
  name: 'orders.payment-status',
  types: ['payment.*'],
  // A payment not yet attached to an order (the checkout's authorization) has no order to update;
  // an order is created knowing the payment it is attached to (`placeOrder`, `createOrder`), so
  // the attachment tells it nothing new.
  eventsWhere: `c.payload->>'order_id' IS NOT NULL AND c.type <> 'payment.order_attached'`,
  async handle(event, { tx }) {
    const payment = event.payload as Partial<PaymentIntentView>;
    if (!payment.order_id || !payment.id || !payment.status || payment.updated_at === undefined) return;
    const row = await lockOrderIfAny(tx, event.storeId, payment.order_id);
    if (!row) return;
    await notePayment(tx, row, payment as PaymentIntentView, undefined);
  },
});

/**
 * A shopper proved their e-mail address: their earlier guest orders (same e-mail) become theirs.
 * Not at registration — anyone can register with any address, and a guest's orders hold their
 * address and what they bought.
 */
export const guestOrdersAttacher = subscribe({
  name: 'orders.guest-orders',
  types: ['customer.email_verified'],
  async handle(event, { tx }) {
    const { customerId } = event.payload as { customerId?: string };
    if (!customerId) return;
    const customer = await getCustomer(ordersPlatform(), { storeId: event.storeId, customerId }).catch(
      () => null,
    );
    if (!customer?.email) return; // erased since, or unknown: nothing to attach
    await attachGuestOrders(tx, { storeId: event.storeId, customerId, email: customer.email });
  },
});

/**
 * Every refund of an order's payment that succeeded — whoever made it — gets its credit note
 * (`credit-notes.ts`), once.
 */
export const creditNoteIssuer = subscribe({
  name: 'orders.credit-notes',
  types: ['payment.refunded'],
  eventsWhere: `c.payload->>'order_id' IS NOT NULL`,
  async handle(event, { tx }) {
    const p = event.payload as Partial<PaymentIntentView> & { refund?: RefundView };
    if (!p.order_id || !p.refund || p.refund.status !== 'succeeded') return;
    await issueCreditNoteInTx(tx, { storeId: event.storeId, orderId: p.order_id, refund: p.refund });
  },
});
