import { subscribe } from '../../platform/events/subscribers.ts';
import { findCustomerById } from '../identity/customer-records.ts';
import { recordConsentInTx } from './consent.ts';

/**
 * Marketing consent the customers module records for e-mail (at checkout, in the shopper's
 * account, by import) is consent on file here too: each `customer.consent_changed` on the e-mail
 * channel becomes a statement about that address (source `customers`, at the time the shopper
 * made it — an older one does not overrule a newer statement made here). Idempotent: a
 * redelivered event repeats a statement, which records nothing. SMS and push statements of the
 * customers module name no number or subscription, so they cannot be mirrored.
 */
export const customerConsentMirror = subscribe({
  name: 'messaging.customer-consent',
  types: ['customer.consent_changed'],
  async handle(event, { tx }) {
    const p = event.payload;
    if (p.channel !== 'email' || (p.status !== 'granted' && p.status !== 'withdrawn')) return;
    let email = typeof p.email === 'string' ? p.email : null;
    if (!email && typeof p.customerId === 'string') {
      email =
        (await findCustomerById(tx, { storeId: event.storeId, customerId: p.customerId }))?.email ?? null;
    }
    // Gone, or erased since (an erased account's address is a placeholder).
    if (!email || email.endsWith('.invalid') || email.endsWith('@invalid')) return;
    await recordConsentInTx(tx, {
      storeId: event.storeId,
      channel: 'email',
      address: email,
      category: 'marketing',
      status: p.status,
      source: 'customers',
      occurredAt: typeof p.occurredAt === 'string' ? p.occurredAt : event.occurredAt,
    });
  },
});
