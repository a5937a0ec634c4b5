import type { DbOrTx } from '../../platform/db/database.ts';
import { customerPricingFacts } from '../customers/service.ts';
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
