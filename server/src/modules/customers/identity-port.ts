import type { Platform } from '../../platform/context.ts';
import type { DbOrTx, Tx } from '../../platform/db/database.ts';
import { AppError } from '../../platform/errors.ts';
import {
  anonymiseCustomer,
  changeCustomerRecord,
  createCustomerRecord,
  customerSessions,
  findCustomerByEmailAddress,
  findCustomerById,
  findCustomersByIds,
  forgetCustomerSessions,
  pendingAccountInvitation,
  pendingAccountInvitations,
  searchCustomers,
  setCustomerStatus,
} from '../identity/customer-records.ts';
import { inviteCustomer } from '../identity/customer-invitations.ts';
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

/** A shopper record made by staff (no password until they accept an invitation); 409 when the e-mail is taken. */
export function createShopper(
  tx: Tx,
  storeId: string,
  record: { email: string; firstName: string | null; lastName: string | null },
): Promise<Shopper> {
  return createCustomerRecord(tx, { storeId, ...record });
}

/** Staff correct a shopper's e-mail or names (undefined: unchanged); 409 when the e-mail is taken. */
export function changeShopper(
  tx: Tx,
  storeId: string,
  customerId: string,
  change: {
    email?: string | undefined;
    firstName?: string | null | undefined;
    lastName?: string | null | undefined;
  },
): Promise<Shopper> {
  return changeCustomerRecord(tx, { storeId, customerId, ...change });
}

/** Disable a shopper's account (sessions end) or enable it; the sessions ended are returned. */
export function setShopperStatus(tx: Tx, storeId: string, customerId: string, status: 'active' | 'disabled') {
  return setCustomerStatus(tx, { storeId, customerId, status });
}

/** E-mail a shopper without a password a link to choose one. */
export function inviteShopper(
  platform: Platform,
  storeId: string,
  customerId: string,
  locale: string | null,
) {
  return inviteCustomer(platform, { storeId, customerId, locale });
}

/** Their invitation to choose a password that can still be used, or null. */
export function pendingInvitation(tx: DbOrTx, storeId: string, customerId: string) {
  return pendingAccountInvitation(tx, { storeId, customerId });
}

/** Of these shoppers, those with an open invitation, and until when it works. */
export function pendingInvitations(tx: DbOrTx, storeId: string, customerIds: readonly string[]) {
  return pendingAccountInvitations(tx, { storeId, customerIds });
}

/** A shopper who has a password: an account, not only a guest record made at checkout. */
export const isRegistered = (s: Shopper): boolean => s.passwordHash !== null;
