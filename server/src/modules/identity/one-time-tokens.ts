import { and, eq, gt, isNotNull, isNull, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../platform/db/database.ts';
import { hashToken, randomToken } from '../../platform/crypto.ts';
import { AppError } from '../../platform/errors.ts';
import { authTokens } from './schema.ts';

/**
 * Single-use, expiring tokens sent by e-mail (staff invitations, password resets, a customer's
 * invitation to their account); stored hashed.
 */

export type OneTimePurpose = 'invite' | 'password_reset' | 'account_invite' | 'email_verify';

export const INVITE_TTL_MS = 7 * 24 * 60 * 60 * 1000;
export const PASSWORD_RESET_TTL_MS = 60 * 60 * 1000;
export const EMAIL_VERIFY_TTL_MS = 3 * 24 * 60 * 60 * 1000;

type Owner = { userId: string; customerId?: never } | { customerId: string; userId?: never };

/**
 * Issue a token; earlier unused tokens of the same owner and purpose stop working — unless
 * `keepEarlier`, for a token sent afterwards (`spendEarlierTokens` once it went out).
 */
export async function issueOneTimeToken(
  db: DbOrTx,
  options: Owner & { purpose: OneTimePurpose; storeId?: string | null; ttlMs: number; keepEarlier?: boolean },
): Promise<string> {
  if (!options.keepEarlier) await spendEarlierTokens(db, options);
  const token = randomToken(32);
  await db.insert(authTokens).values({
    tokenHash: hashToken(token),
    purpose: options.purpose,
    userId: options.userId ?? null,
    customerId: options.customerId ?? null,
    storeId: options.storeId ?? null,
    expiresAt: new Date(Date.now() + options.ttlMs),
  });
  return token;
}

/**
 * Spend a token. Call it inside the transaction that acts on it, so a failure later in that
 * transaction leaves the token unspent.
 */
export async function consumeOneTimeToken(
  db: DbOrTx,
  options: { token: string; purpose: OneTimePurpose; owner: 'user' | 'customer'; storeId?: string },
): Promise<{ userId: string | null; customerId: string | null; storeId: string | null }> {
  const tokenHash = hashToken(options.token);
  const scope = and(
    eq(authTokens.tokenHash, tokenHash),
    eq(authTokens.purpose, options.purpose),
    options.owner === 'user' ? isNotNull(authTokens.userId) : isNotNull(authTokens.customerId),
    options.storeId ? eq(authTokens.storeId, options.storeId) : undefined,
  );
  const [row] = await db
    .update(authTokens)
    .set({ usedAt: sql`now()` })
    .where(and(scope, isNull(authTokens.usedAt), gt(authTokens.expiresAt, sql`now()`)))
    .returning({ userId: authTokens.userId, customerId: authTokens.customerId, storeId: authTokens.storeId });
  if (row) return row;
  const [seen] = await db.select({ usedAt: authTokens.usedAt }).from(authTokens).where(scope);
  if (seen && !seen.usedAt) throw new AppError('TOKEN_EXPIRED', 'This link has expired; ask for a new one.');
  throw new AppError('TOKEN_INVALID', 'This link is not valid or was already used.');
}

/**
 * Unused tokens of this owner and purpose stop working: all of them, or with `olderThan` (a token)
 * those issued before it — so of two sent at once, the later one stays good.
 */
export async function spendEarlierTokens(
  db: DbOrTx,
  options: Owner & { purpose: OneTimePurpose; olderThan?: string },
): Promise<void> {
  const owner = options.userId
    ? eq(authTokens.userId, options.userId)
    : eq(authTokens.customerId, options.customerId!);
  await db
    .update(authTokens)
    .set({ usedAt: sql`now()` })
    .where(
      and(
        owner,
        eq(authTokens.purpose, options.purpose),
        isNull(authTokens.usedAt),
        options.olderThan
          ? sql`${authTokens.createdAt} < (SELECT created_at FROM auth_tokens WHERE token_hash = ${hashToken(options.olderThan)})`
          : undefined,
      ),
    );
}
