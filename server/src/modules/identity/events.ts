import { defineEventTypes } from '../../platform/events/catalog.ts';

/**
 * Events identity emits, in the transaction of the change.
 *
 * - `customer.registered`: aggregate `customer`; payload `{ customerId, claimedGuest, invited? }` —
 *   a shopper created an account with a password. `claimedGuest` is true when a guest record of the
 *   same e-mail (made at checkout or by staff) became the account; `invited` when they chose their
 *   password through staff's invitation.
 * - `customer.email_verified`: aggregate `customer`; payload `{ customerId }` — the shopper proved
 *   the address (the link e-mailed at registration, an invitation accepted, a password reset).
 *   Orders attaches earlier guest orders of that e-mail then, not at registration: registering
 *   with someone else's address must not show their orders. No e-mail in the payload (events outlive a
 *   GDPR erasure): consumers read it from the record. The customers module links earlier guest
 *   consent to the account; orders attach earlier guest orders of that e-mail.
 */
export const IDENTITY_EVENT_TYPES = {
  'customer.email_verified':
    'A shopper proved their e-mail address (the confirmation link, an invitation accepted, a password reset): guest orders placed with it join their account.',
  'customer.registered': 'A shopper created an account (a guest who had checked out may claim their record).',
} as const;

defineEventTypes(IDENTITY_EVENT_TYPES);
