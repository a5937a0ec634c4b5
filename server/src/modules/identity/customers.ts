import { and, eq, sql } from 'drizzle-orm';
import type { Platform } from '../../platform/context.ts';
import { withStore, type DbOrTx } from '../../platform/db/database.ts';
import { AppError } from '../../platform/errors.ts';
import { emitEvent } from '../../platform/events/outbox.ts';
import { newId } from '../../platform/ids.ts';
import { getStore } from '../tenancy/service.ts';
import { inviteSetUpCustomer } from './customer-invitations.ts';
import { customerResetUrl, sendPasswordReset, storefrontUrl } from './emails.ts';
import { markEmailVerified, sendVerification } from './email-proof.ts';
import './events.ts';
import { assertLoginAllowed, clearLoginFailures, recordLoginFailure } from './login-guard.ts';
import { consumeOneTimeToken, issueOneTimeToken, PASSWORD_RESET_TTL_MS } from './one-time-tokens.ts';
import { hashPassword, verifyPassword } from './passwords.ts';
import { customers, type Customer } from './schema.ts';
import { openSession, revokeSession, revokeSessionsOf, rotateRefreshToken } from './sessions.ts';
import { resetRequestAllowed } from './staff-passwords.ts';
import { identityState } from './state.ts';
import { ACCESS_TOKEN_TTL_SECONDS } from './tokens.ts';

/**
 * Shopper accounts, one set per store (a shopper of two stores has two accounts). Every query
 * runs inside the store's row-level-security scope. Checkout may create guest customers
 * without a password; registering with their address then claims that record.
 */

export interface CustomerTokens {
  accessToken: string;
  refreshToken: string;
  expiresIn: number;
  sessionId: string;
}

export interface CustomerProfile {
  firstName?: string | null | undefined;
  lastName?: string | null | undefined;
}

async function findCustomerByEmail(tx: DbOrTx, storeId: string, email: string): Promise<Customer | null> {
  const [customer] = await tx
    .select()
    .from(customers)
    .where(and(eq(customers.storeId, storeId), sql`lower(${customers.email}) = ${email.toLowerCase()}`));
  return customer ?? null;
}

export async function getCustomer(platform: Platform, options: { storeId: string; customerId: string }) {
  const [customer] = await withStore(platform.db, options.storeId, (tx) =>
    tx
      .select()
      .from(customers)
      .where(and(eq(customers.id, options.customerId), eq(customers.storeId, options.storeId))),
  );
  if (!customer) throw new AppError('NOT_FOUND', 'No such customer.');
  return customer;
}

async function issueCustomerTokens(
  platform: Platform,
  tx: DbOrTx,
  customer: Customer,
): Promise<CustomerTokens> {
  const { session, refreshToken } = await openSession(tx, {
    kind: 'customer',
    customerId: customer.id,
    storeId: customer.storeId,
  });
  const accessToken = await identityState(platform).tokens.signCustomer({
    customerId: customer.id,
    sessionId: session.id,
    storeId: customer.storeId,
  });
  return { accessToken, refreshToken, expiresIn: ACCESS_TOKEN_TTL_SECONDS, sessionId: session.id };
}

export async function registerCustomer(
  platform: Platform,
  options: { storeId: string; email: string; password: string } & CustomerProfile,
): Promise<{ customer: Customer; tokens: CustomerTokens }> {
  const passwordHash = await hashPassword(options.password);
  const registered = await withStore(platform.db, options.storeId, async (tx) => {
    const existing = await findCustomerByEmail(tx, options.storeId, options.email);
    if (existing?.passwordHash) {
      throw new AppError(
        'ALREADY_EXISTS',
        'An account with this e-mail address already exists; sign in instead.',
      );
    }
    // What staff entered goes only to whoever can read this address's mail: the invitation.
    if (existing && existing.addedByStaff) return { setUpByStaff: existing };
    let customer: Customer;
    if (existing) {
      const [claimed] = await tx
        .update(customers)
        .set({
          passwordHash,
          firstName: options.firstName ?? existing.firstName,
          lastName: options.lastName ?? existing.lastName,
          updatedAt: sql`now()`,
        })
        .where(eq(customers.id, existing.id))
        .returning();
      customer = claimed!;
    } else {
      const [created] = await tx
        .insert(customers)
        .values({
          id: newId('cus'),
          storeId: options.storeId,
          email: options.email.toLowerCase(),
          passwordHash,
          firstName: options.firstName ?? null,
          lastName: options.lastName ?? null,
        })
        .onConflictDoNothing()
        .returning();
      if (!created)
        throw new AppError('ALREADY_EXISTS', 'An account with this e-mail address already exists.');
      customer = created;
    }
    // In the same transaction: an account exists exactly when its event does.
    await emitEvent(tx, {
      storeId: options.storeId,
      type: 'customer.registered',
      aggregateType: 'customer',
      aggregateId: customer.id,
      // No e-mail in the payload: events outlive a GDPR erasure; consumers read it from the record.
      payload: { customerId: customer.id, claimedGuest: existing !== null },
    });
    return { customer, tokens: await issueCustomerTokens(platform, tx, customer) };
  });
  if (registered.setUpByStaff) {
    await inviteSetUpCustomer(platform, registered.setUpByStaff);
    throw new AppError(
      'ALREADY_EXISTS',
      'The shop has already set up an account for this e-mail address: we have e-mailed it a link to choose your password.',
    );
  }
  const customer = registered.customer!;
  // Not awaited: registering never fails for the mail; the shopper may ask for it again.
  void sendVerification(platform, customer).catch((err: unknown) =>
    platform.log.warn({ err }, 'e-mail confirmation not sent'),
  );
  return { customer, tokens: registered.tokens! };
}

export async function loginCustomer(
  platform: Platform,
  options: { storeId: string; email: string; password: string; ip?: string | null },
): Promise<{ customer: Customer; tokens: CustomerTokens }> {
  const attempt = { account: `customer:${options.storeId}:${options.email.toLowerCase()}`, ip: options.ip };
  await assertLoginAllowed(platform, attempt);
  const customer = await withStore(platform.db, options.storeId, (tx) =>
    findCustomerByEmail(tx, options.storeId, options.email),
  );
  const ok = await verifyPassword(customer?.passwordHash, options.password);
  if (!customer || !ok || customer.status !== 'active') {
    await recordLoginFailure(platform, attempt);
    throw new AppError('INVALID_CREDENTIALS', 'The e-mail address or password is not correct.');
  }
  await clearLoginFailures(platform, attempt);
  return withStore(platform.db, options.storeId, async (tx) => {
    await tx
      .update(customers)
      .set({ lastLoginAt: sql`now()` })
      .where(eq(customers.id, customer.id));
    return { customer, tokens: await issueCustomerTokens(platform, tx, customer) };
  });
}

export async function refreshCustomerTokens(
  platform: Platform,
  options: { storeId: string; refreshToken: string },
): Promise<{ customer: Customer; tokens: CustomerTokens }> {
  const { session, refreshToken } = await rotateRefreshToken(platform.db, {
    refreshToken: options.refreshToken,
    kind: 'customer',
    storeId: options.storeId,
    statusCache: identityState(platform).sessions,
  });
  const customer = await getCustomer(platform, { storeId: options.storeId, customerId: session.customerId! });
  if (customer.status !== 'active') throw new AppError('TOKEN_REVOKED', 'This account is not active.');
  const accessToken = await identityState(platform).tokens.signCustomer({
    customerId: customer.id,
    sessionId: session.id,
    storeId: customer.storeId,
  });
  return {
    customer,
    tokens: { accessToken, refreshToken, expiresIn: ACCESS_TOKEN_TTL_SECONDS, sessionId: session.id },
  };
}

export async function logoutCustomer(platform: Platform, options: { storeId: string; sessionId: string }) {
  await withStore(platform.db, options.storeId, (tx) => revokeSession(tx, options.sessionId, 'logout'));
  identityState(platform).sessions.markRevoked(options.sessionId);
}

export async function updateCustomerProfile(
  platform: Platform,
  options: { storeId: string; customerId: string } & CustomerProfile,
): Promise<Customer> {
  const [customer] = await withStore(platform.db, options.storeId, (tx) =>
    tx
      .update(customers)
      .set({
        ...(options.firstName !== undefined ? { firstName: options.firstName } : {}),
        ...(options.lastName !== undefined ? { lastName: options.lastName } : {}),
        updatedAt: sql`now()`,
      })
      .where(and(eq(customers.id, options.customerId), eq(customers.storeId, options.storeId)))
      .returning(),
  );
  if (!customer) throw new AppError('NOT_FOUND', 'No such customer.');
  return customer;
}

/** Same contract as staff: the answer never tells whether the address has an account. */
export async function requestCustomerPasswordReset(
  platform: Platform,
  options: { storeId: string; email: string },
): Promise<void> {
  const store = await getStore(platform.db, options.storeId);
  const issued = await withStore(platform.db, options.storeId, async (tx) => {
    const customer = await findCustomerByEmail(tx, options.storeId, options.email);
    if (customer && customer.addedByStaff && !customer.passwordHash) return { setUpByStaff: customer };
    if (!customer?.passwordHash || customer.status !== 'active') return null;
    if (!(await resetRequestAllowed(platform, `customer:${options.storeId}:${customer.email}`))) return null;
    const token = await issueOneTimeToken(tx, {
      purpose: 'password_reset',
      customerId: customer.id,
      storeId: options.storeId,
      ttlMs: PASSWORD_RESET_TTL_MS,
    });
    return { to: customer.email, token };
  });
  if (!issued) return;
  // Staff set the account up and it was never opened: a password reset is its invitation.
  if (issued.setUpByStaff) {
    // Not awaited, like the reset e-mail: the answer takes as long whoever the address is.
    void inviteSetUpCustomer(platform, issued.setUpByStaff);
    return;
  }
  const storefront = storefrontUrl(platform.config, store);
  sendPasswordReset(platform.mailer, {
    to: issued.to,
    url: customerResetUrl(storefront, issued.token),
    token: issued.token,
    who: store.name,
  }).catch((err: unknown) => platform.log.warn({ err }, 'password reset e-mail not sent'));
}

export async function resetCustomerPassword(
  platform: Platform,
  options: { storeId: string; token: string; password: string },
): Promise<Customer> {
  const passwordHash = await hashPassword(options.password);
  const { customer, ended } = await withStore(platform.db, options.storeId, async (tx) => {
    const spent = await consumeOneTimeToken(tx, {
      token: options.token,
      purpose: 'password_reset',
      owner: 'customer',
      storeId: options.storeId,
    });
    if (!spent.customerId) throw new AppError('TOKEN_INVALID', 'This link is not valid or was already used.');
    const [customer] = await tx
      .update(customers)
      .set({ passwordHash, updatedAt: sql`now()` })
      .where(eq(customers.id, spent.customerId))
      .returning();
    const ended = await revokeSessionsOf(tx, { customerId: spent.customerId }, 'password_reset');
    // The reset link reached them at this address: it is theirs.
    return { customer: await markEmailVerified(tx, customer!), ended };
  });
  identityState(platform).sessions.markRevoked(...ended);
  await clearLoginFailures(platform, {
    account: `customer:${options.storeId}:${customer.email}`,
    ip: null,
  });
  return customer;
}

/**
 * The invited customer chooses their password with the e-mailed token and is signed in. Emits
 * `customer.registered` (`invited: true`), as registering would. A token spent, expired,
 * replaced by a newer invitation or of another store is 401; an account that has a password by
 * now (they registered meanwhile) is 401 too — the link is spent.
 */
export async function activateCustomerAccount(
  platform: Platform,
  options: { storeId: string; token: string; password: string },
): Promise<{ customer: Customer; tokens: CustomerTokens }> {
  const passwordHash = await hashPassword(options.password);
  return withStore(platform.db, options.storeId, async (tx) => {
    const spent = await consumeOneTimeToken(tx, {
      token: options.token,
      purpose: 'account_invite',
      owner: 'customer',
      storeId: options.storeId,
    });
    const [customer] = await tx
      .update(customers)
      .set({ passwordHash, updatedAt: sql`now()` })
      .where(
        and(
          eq(customers.id, spent.customerId!),
          sql`${customers.passwordHash} IS NULL`,
          eq(customers.status, 'active'),
        ),
      )
      .returning();
    if (!customer) throw new AppError('TOKEN_INVALID', 'This link is not valid or was already used.');
    await emitEvent(tx, {
      storeId: options.storeId,
      type: 'customer.registered',
      aggregateType: 'customer',
      aggregateId: customer.id,
      payload: { customerId: customer.id, claimedGuest: false, invited: true },
    });
    // The invitation reached them at this address: it is theirs.
    const proven = await markEmailVerified(tx, customer);
    return { customer: proven, tokens: await issueCustomerTokens(platform, tx, proven) };
  });
}
