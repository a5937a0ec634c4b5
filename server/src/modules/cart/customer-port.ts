import type { DbOrTx, Tx } from '../../platform/db/database.ts';
import {
  customerPricingFacts,
  recordMarketingConsentInTx,
  revokeCheckoutStatementInTx,
} from '../customers/service.ts';
import { findCustomerById } from '../identity/customer-records.ts';

/**
 * What the cart asks of the modules that know the shopper, through their exported functions only.
 * From identity: the account's e-mail, which a customer's cart uses until the shopper gives
 * another (so an account checkout needs no e-mail step). Null for a disabled or unknown account.
 */
export async function accountEmail(tx: DbOrTx, storeId: string, customerId: string): Promise<string | null> {
  const customer = await findCustomerById(tx, { storeId, customerId });
  return customer?.status === 'active' ? customer.email : null;
}

/**
 * From customers: the customer groups the shopper is in, whose price lists price their cart, and
 * whether they are tax exempt.
 */
export function shopperFacts(
  db: DbOrTx,
  storeId: string,
  customerId: string,
): Promise<{ groupIds: string[]; taxExempt: boolean }> {
  return customerPricingFacts(db, storeId, customerId);
}

/**
 * To customers: the checkout's "e-mail me news and offers" box ticked for this address — the
 * shopper's marketing consent, source `checkout`, in the cart's transaction (under the store's
 * double opt-in it waits for the link e-mailed to the address). Returns what the tick recorded
 * (a statement or a confirmation request), for `revokeCheckoutConsent`; null when it recorded
 * nothing (consent already given).
 */
export async function recordCheckoutConsent(
  tx: Tx,
  o: { storeId: string; email: string; locale: string | null },
): Promise<string | null> {
  const recorded = await recordMarketingConsentInTx(tx, {
    storeId: o.storeId,
    email: o.email,
    channel: 'email',
    status: 'granted',
    source: 'checkout',
    locale: o.locale,
  });
  return recorded.statementId ?? recorded.requestId ?? null;
}

/** The box unticked, or the cart's address changed: undo what the tick recorded, and only that. */
export function revokeCheckoutConsent(tx: Tx, o: { storeId: string; ref: string }): Promise<void> {
  return revokeCheckoutStatementInTx(tx, o);
}
