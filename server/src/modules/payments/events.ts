import { defineEventTypes } from '../../platform/events/catalog.ts';

/**
 * Events the payments module emits, in the transaction of the change. Aggregate `payment_intent`
 * (the intent id), so one payment's events arrive in order. Payload: the intent as the admin API
 * shows it (`PaymentIntentView`); `payment.refunded` and `payment.refund_failed` add `refund`
 * (`RefundView`). Never a secret, never a card number.
 *
 * `payment_settings.updated`: aggregate `payment_settings` (the store id); payload
 * `{ provider, capture_mode, stripe_configured, manual_methods }` — the secrets themselves never leave
 * the store.
 */
export const PAYMENT_EVENT_TYPES = {
  'payment.created': 'A payment intent was created for a cart.',
  'payment.action_required':
    'The shopper must complete a challenge (3-D Secure) before the payment can go on.',
  'payment.authorized': 'The payment was authorized: the money is held, ready to capture.',
  'payment.failed':
    'The payment attempt failed (declined card, failed challenge); another method may be tried.',
  'payment.captured': 'The payment was captured (in full or in part).',
  'payment.voided': 'The payment was voided (canceled) before capture; any hold was released.',
  'payment.refunded': 'Part or all of a captured payment was refunded.',
  'payment.refund_failed': 'The provider refused a refund.',
  'payment.order_attached': 'The order a payment pays for was recorded on it.',
  'payment.amount_changed':
    'What a manual payment not yet received is for changed (staff edited its order); `previous_amount` says what it was.',
  'payment_method.saved':
    'A customer saved a card (aggregate `customer`; payload `{ customer_id, payment_method }`: brand, last four, expiry — never the number).',
  'payment_method.removed':
    'A saved card was removed and detached at the provider, or detached there first (payload as `payment_method.saved`).',
  'payment_dispute.opened':
    'A cardholder disputed a payment (a chargeback, or an inquiry before one): aggregate `payment_dispute`; the dispute with its `order_id`, amount, reason and `evidence_due_by`.',
  'payment_dispute.updated':
    'A dispute changed: evidence submitted (under review), or the provider reported a new state or deadline.',
  'payment_dispute.closed': 'A dispute was decided: won, lost (or accepted), or an inquiry closed.',
  'payment_settings.updated':
    "The store's payment provider, capture mode, provider credentials or manual methods changed.",
} as const;

defineEventTypes(PAYMENT_EVENT_TYPES);
