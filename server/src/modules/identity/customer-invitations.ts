import { and, eq, sql } from 'drizzle-orm';
import type { Platform } from '../../platform/context.ts';
import { hashToken } from '../../platform/crypto.ts';
import { withStore } from '../../platform/db/database.ts';
import { AppError } from '../../platform/errors.ts';
import type { Store } from '../tenancy/schema.ts';
import { getStore } from '../tenancy/service.ts';
import { customerActivateUrl, sendAccountInvitation, storefrontUrl } from './emails.ts';
import { INVITE_TTL_MS, issueOneTimeToken, spendEarlierTokens } from './one-time-tokens.ts';
import { authTokens, customers, type Customer } from './schema.ts';
import { resetRequestAllowed } from './staff-passwords.ts';

/**
 * Invitations to a shopper account that staff set up (or a guest's record): the e-mailed link to
 * choose a password (`activateCustomerAccount` spends it). Each goes out before the earlier ones
 * are retired, so a mail server that fails leaves the open link working.
 */

/**
 * E-mail a customer staff added (or a guest record) a link to choose their password. Earlier
 * invitations stop working once this one went out (an e-mail that cannot be sent is 503 and
 * leaves them as they were). 409 when they already have a password or the account is disabled.
 */
export async function inviteCustomer(
  platform: Platform,
  options: { storeId: string; customerId: string; locale: string | null },
): Promise<{ emailedTo: string; expiresAt: string }> {
  const store = await getStore(platform.db, options.storeId);
  const customer = await withStore(platform.db, options.storeId, async (tx) => {
    const [row] = await tx
      .select()
      .from(customers)
      .where(and(eq(customers.storeId, options.storeId), eq(customers.id, options.customerId)));
    return row;
  });
  if (!customer)
    throw new AppError('NOT_FOUND', `Customer ${options.customerId} does not exist in this store.`);
  if (customer.passwordHash) {
    throw new AppError('CONFLICT', 'This customer already has an account; they can reset their password.');
  }
  if (customer.status !== 'active')
    throw new AppError('CONFLICT', 'This account is disabled; enable it first.');
  const expiresAt = await sendInvitation(platform, store, customer, options.locale);
  return { emailedTo: customer.email, expiresAt: expiresAt.toISOString() };
}

/** Issue an invitation, e-mail it, then retire the earlier ones; returns when it expires. */
async function sendInvitation(
  platform: Platform,
  store: Store,
  customer: Customer,
  locale: string | null,
): Promise<Date> {
  const scope = { purpose: 'account_invite' as const, customerId: customer.id };
  const { token, expiresAt } = await withStore(platform.db, store.id, async (tx) => {
    const issued = await issueOneTimeToken(tx, {
      ...scope,
      storeId: store.id,
      ttlMs: INVITE_TTL_MS,
      keepEarlier: true,
    });
    const [row] = await tx
      .select({ expiresAt: authTokens.expiresAt })
      .from(authTokens)
      .where(eq(authTokens.tokenHash, hashToken(issued)));
    return { token: issued, expiresAt: row!.expiresAt };
  });
  try {
    await sendAccountInvitation(platform.mailer, {
      to: customer.email,
      url: customerActivateUrl(storefrontUrl(platform.config, store), token),
      token,
      storeName: store.name,
      locale: locale ?? store.locale,
    });
  } catch (err) {
    platform.log.warn({ err, customerId: customer.id }, 'account invitation not sent');
    // A link nobody received is not pending; the earlier one, if any, still works.
    await withStore(platform.db, store.id, (tx) =>
      tx
        .update(authTokens)
        .set({ usedAt: sql`now()` })
        .where(eq(authTokens.tokenHash, hashToken(token))),
    );
    throw new AppError('UNAVAILABLE', 'The invitation could not be e-mailed; try again.');
  }
  await withStore(platform.db, store.id, (tx) => spendEarlierTokens(tx, { ...scope, olderThan: token }));
  return expiresAt;
}

/**
 * A shopper asks to register (or reset a password) for an account staff set up and nobody has
 * opened yet: they get the invitation e-mail, throttled like password resets. Never fails
 * the request it answers.
 */
export async function inviteSetUpCustomer(platform: Platform, customer: Customer): Promise<void> {
  if (customer.status !== 'active') return;
  try {
    if (!(await resetRequestAllowed(platform, `customer:${customer.storeId}:${customer.email}`))) return;
    await sendInvitation(platform, await getStore(platform.db, customer.storeId), customer, null);
  } catch (err) {
    platform.log.warn({ err }, 'invitation for a set-up account not sent');
  }
}
