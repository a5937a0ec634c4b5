import { defineEventTypes } from '../../platform/events/catalog.ts';
import { isAppError } from '../../platform/errors.ts';
import { subscribe } from '../../platform/events/subscribers.ts';
import { linkGuestConsents, recordMarketingConsentInTx } from './consent.ts';
import { sendConfirmationEmail } from './consent-emails.ts';
import { findShopper } from './identity-port.ts';
import { readProfile, recordRegistration } from './profiles.ts';
import { customersPlatform } from './runtime.ts';

/**
 * Events the customers module emits, in the transaction of the change. Aggregate `customer` (the
 * shopper's id), so one shopper's events keep their order; payloads carry ids and facts, never
 * addresses, names or phone numbers.
 *
 * - `customer.created`: `{ customerId, source: 'staff' }` — staff added them (no password yet).
 * - `customer.profile_updated`: `{ customerId, fields }` (`phone`, `locale`; from staff also
 *   `email`, `first_name`, `last_name`, `note`, `tags`).
 * - `customer.account_disabled` / `customer.account_enabled`: `{ customerId }` (staff).
 * - `customer.address_added`: `{ customerId, addressId, country, defaultShipping, defaultBilling }`.
 * - `customer.address_updated`: `{ customerId, addressId, fields, country, defaultShipping, defaultBilling }`.
 * - `customer.address_removed`: `{ customerId, addressId, newDefaultShippingAddressId?, newDefaultBillingAddressId? }`.
 * - `customer.wishlist_item_added` / `customer.wishlist_item_removed`: `{ customerId, itemId, productId, variantId }`.
 * - `customer.consent_changed`: `{ customerId, email?, channel, status, previousStatus, source, occurredAt }`
 *   — `email` only for a guest without an account, whose consent is aggregate `marketing_consent`.
 * - `customer.consent_confirmation_requested`: `{ requestId, customerId, channel, source }` — double
 *   opt-in: a shopper's e-mail grant waits for the link e-mailed to them (aggregate `customer`, or
 *   `marketing_consent` by request for a guest).
 * - `customer.tax_exemption_changed`: `{ customerId, exempt }` (staff; the reference is not in it).
 * - `customer.erased`: `{ customerId, erasedAt, modules }`.
 * - `customer_group.created` / `customer_group.updated` / `customer_group.deleted` (aggregate
 *   `customer_group`): `{ groupId, name }`, `{ groupId, fields }`, `{ groupId, name, memberCount }`.
 * - `customer_group.members_added`: `{ groupId, customerIds }`; `customer_group.member_removed`:
 *   `{ groupId, customerId }`.
 *
 * Consumed: `customer.registered` (identity) — see `registrationLinker`; its own
 * `customer.consent_confirmation_requested` (the e-mail); `contact_consent.granted` /
 * `contact_consent.withdrawn` (messaging) — see `messagingConsentFollower`.
 */
export const CUSTOMER_EVENT_TYPES = {
  'customer.created': 'Staff added a customer (no password until they accept an invitation).',
  'customer.profile_updated':
    "A shopper's details changed: phone or locale by the shopper; e-mail, names, note or tags by staff too.",
  'customer.account_disabled': "Staff disabled a customer's account: they sign in no more.",
  'customer.account_enabled': "Staff enabled a customer's account again.",
  'customer.address_added': 'A shopper added an address to their address book.',
  'customer.address_updated': 'A shopper changed an address or made it a default.',
  'customer.address_removed': 'A shopper removed an address from their address book.',
  'customer.wishlist_item_added': 'A shopper put a product or variant on their wish list.',
  'customer.wishlist_item_removed': 'A shopper took an item off their wish list.',
  'customer.consent_changed':
    'Marketing consent on a channel was granted or withdrawn (account or guest e-mail).',
  'customer.consent_confirmation_requested':
    "A shopper's e-mail consent waits for them to confirm it from a link e-mailed to them (double opt-in).",
  'customer.tax_exemption_changed': 'Staff marked a customer tax exempt, or no longer.',
  'customer.erased': "A shopper's personal data was erased (GDPR); financial records remain, anonymised.",
  'customer_group.created': 'Staff created a customer group.',
  'customer_group.updated': 'Staff renamed or described a customer group.',
  'customer_group.deleted': 'Staff deleted a customer group; its members left it.',
  'customer_group.members_added': 'Shoppers were put in a customer group (their carts take its prices).',
  'customer_group.member_removed': 'A shopper was taken out of a customer group.',
} as const;

defineEventTypes(CUSTOMER_EVENT_TYPES);

/**
 * When a shopper registers: remember when (and whether they had been a guest), and move the
 * consent they gave as a guest (at checkout, by e-mail) to their account. Idempotent, so a
 * redelivered event changes nothing.
 */
export const registrationLinker = subscribe({
  name: 'customers.registration',
  types: ['customer.registered'],
  async handle(event, { tx }) {
    const customerId = event.payload.customerId;
    if (typeof customerId !== 'string') return;
    const storeId = event.storeId;
    const shopper = await findShopper(tx, storeId, customerId);
    // Gone or erased since: nothing to link (an erased record's e-mail is not theirs any more).
    if (!shopper || (await readProfile(tx, storeId, customerId))?.erased_at) return;
    await recordRegistration(tx, {
      storeId,
      customerId,
      registeredAt: event.occurredAt,
      claimedGuest: event.payload.claimedGuest === true,
    });
    await linkGuestConsents(tx, { storeId, customerId, email: shopper.email });
  },
});

/** Double opt-in: e-mail the confirmation link (through messaging, keyed by the event). */
export const consentConfirmationSender = subscribe({
  name: 'customers.consent-confirmation',
  types: ['customer.consent_confirmation_requested'],
  async handle(event) {
    const requestId = event.payload.requestId;
    if (typeof requestId !== 'string') return;
    await sendConfirmationEmail(customersPlatform(), {
      storeId: event.storeId,
      requestId,
      eventId: event.id,
    });
  },
});

/**
 * Marketing e-mail consent stated in messaging — an unsubscribe link, a spam report, a sign-up
 * form, a connected platform — is where the customer's consent stands here too (source
 * `messaging`, at the time it was made). Statements messaging took from this module (source
 * `customers`) are not sent back. Idempotent: a repeat records nothing.
 */
export const messagingConsentFollower = subscribe({
  name: 'customers.messaging-consent',
  types: ['contact_consent.granted', 'contact_consent.withdrawn'],
  eventsWhere: `c.payload->>'channel' = 'email' AND c.payload->>'category' = 'marketing' AND c.payload->>'source' <> 'customers'`,
  async handle(event, { tx }) {
    const p = event.payload;
    if (p.channel !== 'email' || p.category !== 'marketing' || p.source === 'customers') return;
    if (typeof p.address !== 'string' || (p.status !== 'granted' && p.status !== 'withdrawn')) return;
    try {
      await recordMarketingConsentInTx(tx, {
        storeId: event.storeId,
        email: p.address,
        channel: 'email',
        status: p.status,
        source: 'messaging',
        occurredAt: typeof p.occurredAt === 'string' ? p.occurredAt : event.occurredAt,
      });
    } catch (err) {
      // An erased shopper's address (409) or one that is not an e-mail (400): nothing to follow.
      if (!isAppError(err) || (err.status !== 409 && err.status !== 400)) throw err;
    }
  },
});
