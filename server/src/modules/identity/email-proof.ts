import { and, eq, sql } from 'drizzle-orm';
import type { Platform } from '../../platform/context.ts';
import { withStore, type Tx } from '../../platform/db/database.ts';
import { AppError } from '../../platform/errors.ts';
import { emitEvent } from '../../platform/events/outbox.ts';
import { getStore } from '../tenancy/service.ts';
import { customerVerifyUrl, sendEmailVerification, storefrontUrl } from './emails.ts';
import { consumeOneTimeToken, EMAIL_VERIFY_TTL_MS, issueOneTimeToken } from './one-time-tokens.ts';
import { customers, type Customer } from './schema.ts';
import { resetRequestAllowed } from './staff-passwords.ts';

/**
 * A shopper proves their e-mail address — the link e-mailed at registration, or an invitation
 * accepted, or a password reset (each reached them there) — before the guest orders placed with
 * it join their account (`customer.email_verified`): registering with someone else's address
 * must not show their orders.
 */

/** E-mail the link that proves the shopper's address (earlier ones stop working). */
export async function sendVerification(platform: Platform, customer: Customer): Promise<void> {
  const store = await getStore(platform.db, customer.storeId);
  const token = await withStore(platform.db, customer.storeId, (tx) =>
    issueOneTimeToken(tx, {
      purpose: 'email_verify',
      customerId: customer.id,
      storeId: customer.storeId,
      ttlMs: EMAIL_VERIFY_TTL_MS,
    }),
  );
  await sendEmailVerification(platform.mailer, {
    to: customer.email,
    url: customerVerifyUrl(storefrontUrl(platform.config, store), token),
    token,
    who: store.name,
  });
}

/**
 * Mark the shopper's address proven (once) and announce it, in the caller's transaction: the
 * confirmation link, an invitation accepted and a password reset each prove it.
 */
export async function markEmailVerified(tx: Tx, customer: Customer): Promise<Customer> {
  if (customer.emailVerifiedAt) return customer;
  const [row] = await tx
    .update(customers)
    .set({ emailVerifiedAt: sql`now()` })
    .where(and(eq(customers.id, customer.id), sql`${customers.emailVerifiedAt} IS NULL`))
    .returning();
  if (!row) return customer; // proven meanwhile
  await emitEvent(tx, {
    storeId: row.storeId,
    type: 'customer.email_verified',
    aggregateType: 'customer',
    aggregateId: row.id,
    payload: { customerId: row.id },
  });
  return row;
}

/** The shopper follows the confirmation link; 401 for a spent, expired, replaced or foreign token. */
export async function verifyCustomerEmail(
  platform: Platform,
  options: { storeId: string; token: string },
): Promise<Customer> {
  return withStore(platform.db, options.storeId, async (tx) => {
    const spent = await consumeOneTimeToken(tx, {
      token: options.token,
      purpose: 'email_verify',
      owner: 'customer',
      storeId: options.storeId,
    });
    const [customer] = await tx.select().from(customers).where(eq(customers.id, spent.customerId!));
    if (!customer || customer.status !== 'active') {
      throw new AppError('TOKEN_INVALID', 'This link is not valid or was already used.');
    }
    return markEmailVerified(tx, customer);
  });
}

/** The signed-in shopper asks for the confirmation e-mail again (throttled like resets); nothing when proven. */
export async function resendEmailVerification(
  platform: Platform,
  options: { storeId: string; customerId: string },
): Promise<void> {
  const [customer] = await withStore(platform.db, options.storeId, (tx) =>
    tx.select().from(customers).where(eq(customers.id, options.customerId)),
  );
  if (!customer || customer.emailVerifiedAt || customer.status !== 'active') return;
  if (!(await resetRequestAllowed(platform, `verify:${customer.storeId}:${customer.email}`))) return;
  await sendVerification(platform, customer);
}
