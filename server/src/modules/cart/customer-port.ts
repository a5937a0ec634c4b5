import type { DbOrTx } from '../../platform/db/database.ts';
import { findCustomerById } from '../identity/customer-records.ts';

/**
 * What the cart asks the identity module about a signed-in customer, through its exported
 * functions only: the account's e-mail, which a customer's cart uses until the shopper gives
 * another (so an account checkout needs no e-mail step). Null for a disabled or unknown account.
 */
export async function accountEmail(tx: DbOrTx, storeId: string, customerId: string): Promise<string | null> {
  const customer = await findCustomerById(tx, { storeId, customerId });
  return customer?.status === 'active' ? customer.email : null;
}
