import type { Platform } from '../../platform/context.ts';
import type { DbOrTx, Tx } from '../../platform/db/database.ts';
import { AppError } from '../../platform/errors.ts';
import {
  anonymiseCustomer,
  customerSessions,
  findCustomerByEmailAddress,
  findCustomerById,
  findCustomersByIds,
  forgetCustomerSessions,
  searchCustomers,
} from '../identity/customer-records.ts';
import type { Customer } from '../identity/schema.ts';

/**
 * Everything this module asks of identity, which owns shopper accounts (the login record: e-mail,
 * names, password, sessions). The one place the customers module touches identity; every call
 * runs in the caller's store-scoped transaction, so another store's shopper is simply unknown.
 */

export type Shopper = Customer;

export async function findShopper(tx: DbOrTx, storeId: string, customerId: string): Promise<Shopper | null> {
  return findCustomerById(tx, { storeId, customerId });
}

/** The shopper, or 404. */
export async function requireShopper(tx: DbOrTx, storeId: string, customerId: string): Promise<Shopper> {
  const shopper = await findCustomerById(tx, { storeId, customerId });
  if (!shopper) throw new AppError('NOT_FOUND', `Customer ${customerId} does not exist in this store.`);
  return shopper;
}

/** The store's shoppers among these ids, newest first. */
export function findShoppers(
  tx: DbOrTx,
  storeId: string,
  customerIds: readonly string[],
): Promise<Shopper[]> {
  return findCustomersByIds(tx, { storeId, customerIds });
}

export function findShopperByEmail(tx: DbOrTx, storeId: string, email: string): Promise<Shopper | null> {
  return findCustomerByEmailAddress(tx, { storeId, email });
}

export function searchShoppers(
  tx: DbOrTx,
  options: { storeId: string; search?: string; before?: string; limit: number; ids?: readonly string[] },
): Promise<Shopper[]> {
  return searchCustomers(tx, options);
}

export function shopperSessions(tx: DbOrTx, storeId: string, customerId: string) {
  return customerSessions(tx, { storeId, customerId });
}

export function anonymiseShopper(tx: Tx, storeId: string, customerId: string) {
  return anonymiseCustomer(tx, { storeId, customerId });
}

export function forgetShopperSessions(platform: Platform, storeId: string, customerId: string) {
  return forgetCustomerSessions(platform, { storeId, customerId });
}

/** A shopper who has a password: an account, not only a guest record made at checkout. */
export const isRegistered = (s: Shopper): boolean => s.passwordHash !== null;
