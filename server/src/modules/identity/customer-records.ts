import { and, desc, eq, inArray, isNotNull, isNull, lt, or, sql, type SQL } from 'drizzle-orm';
import type { Platform } from '../../platform/context.ts';
import { withStore, type DbOrTx, type Tx } from '../../platform/db/database.ts';
import { isUniqueViolation } from '../../platform/db/scope.ts';
import { AppError } from '../../platform/errors.ts';
import { newId } from '../../platform/ids.ts';
import { authSessions, authTokens, customers, type AuthSession, type Customer } from './schema.ts';
import { revokeSessionsOf } from './sessions.ts';
import { identityState } from './state.ts';

/**
 * Identity's shopper records as other modules (customers: profiles, GDPR export and erasure) see
 * them. Every function takes the caller's store-scoped transaction (`withStore`), so another
 * store's shopper is simply not found. Identity keeps owning these tables: nothing outside this
 * module writes them.
 */

/** A shopper of this store by id, or null. */
export async function findCustomerById(
  tx: DbOrTx,
  options: { storeId: string; customerId: string },
): Promise<Customer | null> {
  const [customer] = await tx
    .select()
    .from(customers)
    .where(and(eq(customers.storeId, options.storeId), eq(customers.id, options.customerId)));
  return customer ?? null;
}

/** Shoppers of this store among these ids (unknown ids, or another store's, are left out). */
export async function findCustomersByIds(
  tx: DbOrTx,
  options: { storeId: string; customerIds: readonly string[] },
): Promise<Customer[]> {
  if (options.customerIds.length === 0) return [];
  return tx
    .select()
    .from(customers)
    .where(and(eq(customers.storeId, options.storeId), inArray(customers.id, [...options.customerIds])))
    .orderBy(desc(customers.id));
}

/** A shopper of this store by e-mail (case-insensitive), or null — a guest record or an account. */
export async function findCustomerByEmailAddress(
  tx: DbOrTx,
  options: { storeId: string; email: string },
): Promise<Customer | null> {
  const [customer] = await tx
    .select()
    .from(customers)
    .where(
      and(
        eq(customers.storeId, options.storeId),
        sql`lower(${customers.email}) = ${options.email.trim().toLowerCase()}`,
      ),
    );
  return customer ?? null;
}

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => '\\' + c);

/**
 * Shoppers of this store, newest first (ids are time-ordered), `limit` of them after the id
 * `before`. `search` matches any part of the e-mail address, first name, last name or "first
 * last", case-insensitively.
 */
export async function searchCustomers(
  tx: DbOrTx,
  options: {
    storeId: string;
    search?: string;
    before?: string;
    limit: number;
    /** Only these customers (another module's filter, e.g. the tax-exempt ones). */
    ids?: readonly string[];
  },
): Promise<Customer[]> {
  const where: (SQL | undefined)[] = [eq(customers.storeId, options.storeId)];
  if (options.ids) where.push(options.ids.length ? inArray(customers.id, [...options.ids]) : sql`false`);
  const q = options.search?.trim().toLowerCase();
  if (q) {
    const pattern = `%${escapeLike(q)}%`;
    where.push(
      or(
        sql`lower(${customers.email}) LIKE ${pattern}`,
        sql`lower(${customers.firstName}) LIKE ${pattern}`,
        sql`lower(${customers.lastName}) LIKE ${pattern}`,
        sql`lower(concat_ws(' ', ${customers.firstName}, ${customers.lastName})) LIKE ${pattern}`,
      ),
    );
  }
  if (options.before) where.push(lt(customers.id, options.before));
  return tx
    .select()
    .from(customers)
    .where(and(...where))
    .orderBy(desc(customers.id))
    .limit(options.limit);
}

/** A shopper's sign-in sessions (what a GDPR export shows of them: no tokens, they are hashes). */
export async function customerSessions(
  tx: DbOrTx,
  options: { storeId: string; customerId: string },
): Promise<AuthSession[]> {
  return tx
    .select()
    .from(authSessions)
    .where(and(eq(authSessions.storeId, options.storeId), eq(authSessions.customerId, options.customerId)))
    .orderBy(authSessions.id);
}

/** The e-mail address an erased shopper record carries: unique, undeliverable, not personal. */
export const erasedEmail = (customerId: string) => `erased+${customerId}@invalid`;

/**
 * GDPR erasure of a shopper's login record: the row stays (orders and payments keep pointing at
 * it) but names, e-mail and password go, the account is disabled, every session ends and pending
 * password-reset links stop working. Idempotent. Returns the sessions it ended; tell this
 * process's session cache with `forgetCustomerSessions` after commit.
 */
export async function anonymiseCustomer(
  tx: Tx,
  options: { storeId: string; customerId: string },
): Promise<{ anonymised: boolean; sessionsEnded: string[] }> {
  const [row] = await tx
    .update(customers)
    .set({
      email: erasedEmail(options.customerId),
      firstName: null,
      lastName: null,
      passwordHash: null,
      status: 'disabled',
      updatedAt: sql`now()`,
    })
    .where(and(eq(customers.storeId, options.storeId), eq(customers.id, options.customerId)))
    .returning({ id: customers.id });
  if (!row) return { anonymised: false, sessionsEnded: [] };
  const sessionsEnded = await revokeSessionsOf(tx, { customerId: options.customerId }, 'erased');
  await tx
    .delete(authTokens)
    .where(and(eq(authTokens.storeId, options.storeId), eq(authTokens.customerId, options.customerId)));
  return { anonymised: true, sessionsEnded };
}

/** After a shopper's sessions were ended elsewhere (erasure): this process stops honouring their tokens at once. */
export async function forgetCustomerSessions(
  platform: Platform,
  options: { storeId: string; customerId: string },
): Promise<void> {
  const ended = await withStore(platform.db, options.storeId, (tx) =>
    tx
      .select({ id: authSessions.id })
      .from(authSessions)
      .where(and(eq(authSessions.customerId, options.customerId), isNotNull(authSessions.revokedAt))),
  );
  identityState(platform).sessions.markRevoked(...ended.map((s) => s.id));
}

/** 409 naming the e-mail field: another shopper record of this store (an account or a guest) has the address. */
const emailTaken = () =>
  new AppError('ALREADY_EXISTS', 'A customer with this e-mail address already exists in this store.', {
    errors: [{ path: 'body.email', message: 'already taken' }],
  });

/**
 * A shopper record made by staff (a phone order, a wholesale buyer): no password until they
 * accept an invitation (`inviteCustomer`), so for now it signs in nowhere — like a guest record
 * made at checkout. 409 when the e-mail address is taken.
 */
export async function createCustomerRecord(
  tx: Tx,
  options: { storeId: string; email: string; firstName: string | null; lastName: string | null },
): Promise<Customer> {
  const [created] = await tx
    .insert(customers)
    .values({
      id: newId('cus'),
      storeId: options.storeId,
      email: options.email.trim().toLowerCase(),
      firstName: options.firstName,
      lastName: options.lastName,
      addedByStaff: true,
    })
    .onConflictDoNothing()
    .returning();
  if (!created) throw emailTaken();
  return created;
}

/**
 * Staff correct a shopper's e-mail address or names (undefined leaves one as it is). The new
 * address is also where an account signs in. 409 when another record of the store has it.
 */
export async function changeCustomerRecord(
  tx: Tx,
  options: {
    storeId: string;
    customerId: string;
    email?: string | undefined;
    firstName?: string | null | undefined;
    lastName?: string | null | undefined;
  },
): Promise<Customer> {
  const [row] = await tx
    .update(customers)
    .set({
      // A new address is not proven: guest orders placed with it wait for the shopper to confirm it.
      ...(options.email !== undefined
        ? { email: options.email.trim().toLowerCase(), emailVerifiedAt: null }
        : {}),
      ...(options.firstName !== undefined ? { firstName: options.firstName } : {}),
      ...(options.lastName !== undefined ? { lastName: options.lastName } : {}),
      updatedAt: sql`now()`,
    })
    .where(and(eq(customers.storeId, options.storeId), eq(customers.id, options.customerId)))
    .returning()
    .catch((err: unknown) => {
      if (isUniqueViolation(err)) throw emailTaken();
      throw err;
    });
  if (!row) throw new AppError('NOT_FOUND', `Customer ${options.customerId} does not exist in this store.`);
  return row;
}

/**
 * Staff disable a shopper's account (it signs in no more: every session ends, pending reset and
 * invitation links stop working) or enable it again. Returns the sessions ended; tell this
 * process's session cache with `forgetCustomerSessions` after commit.
 */
export async function setCustomerStatus(
  tx: Tx,
  options: { storeId: string; customerId: string; status: 'active' | 'disabled' },
): Promise<{ customer: Customer; sessionsEnded: string[] }> {
  const [row] = await tx
    .update(customers)
    .set({ status: options.status, updatedAt: sql`now()` })
    .where(and(eq(customers.storeId, options.storeId), eq(customers.id, options.customerId)))
    .returning();
  if (!row) throw new AppError('NOT_FOUND', `Customer ${options.customerId} does not exist in this store.`);
  if (options.status === 'active') return { customer: row, sessionsEnded: [] };
  const sessionsEnded = await revokeSessionsOf(tx, { customerId: options.customerId }, 'disabled');
  await tx
    .update(authTokens)
    .set({ usedAt: sql`now()` })
    .where(
      and(
        eq(authTokens.storeId, options.storeId),
        eq(authTokens.customerId, options.customerId),
        isNull(authTokens.usedAt),
      ),
    );
  return { customer: row, sessionsEnded };
}

/** The shopper's invitation to choose a password that can still be used, or null. */
export async function pendingAccountInvitation(
  tx: DbOrTx,
  options: { storeId: string; customerId: string },
): Promise<{ sentAt: Date; expiresAt: Date } | null> {
  const [row] = await tx
    .select({ sentAt: authTokens.createdAt, expiresAt: authTokens.expiresAt })
    .from(authTokens)
    .where(
      and(
        eq(authTokens.storeId, options.storeId),
        eq(authTokens.customerId, options.customerId),
        eq(authTokens.purpose, 'account_invite'),
        isNull(authTokens.usedAt),
        sql`${authTokens.expiresAt} > now()`,
      ),
    )
    .orderBy(desc(authTokens.createdAt))
    .limit(1);
  return row ?? null;
}

/** Of these customers, those with an open invitation, and until when it works. */
export async function pendingAccountInvitations(
  tx: DbOrTx,
  options: { storeId: string; customerIds: readonly string[] },
): Promise<Map<string, Date>> {
  if (options.customerIds.length === 0) return new Map();
  const rows = await tx
    .select({ customerId: authTokens.customerId, expiresAt: sql<Date>`max(${authTokens.expiresAt})` })
    .from(authTokens)
    .where(
      and(
        eq(authTokens.storeId, options.storeId),
        inArray(authTokens.customerId, [...options.customerIds]),
        eq(authTokens.purpose, 'account_invite'),
        isNull(authTokens.usedAt),
        sql`${authTokens.expiresAt} > now()`,
      ),
    )
    .groupBy(authTokens.customerId);
  return new Map(rows.map((r) => [r.customerId!, new Date(r.expiresAt)]));
}
