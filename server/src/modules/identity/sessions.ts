import { and, eq, isNull, ne, sql } from 'drizzle-orm';
import type { Db, DbOrTx } from '../../platform/db/database.ts';
import { hashToken, randomToken } from '../../platform/crypto.ts';
import { AppError } from '../../platform/errors.ts';
import { newId } from '../../platform/ids.ts';
import { authRefreshTokens, authSessions, type AuthSession } from './schema.ts';

/**
 * Sign-in sessions. A session is one refresh-token family: every refresh spends the presented
 * token and issues the next one. A spent token presented again means it was copied, so the
 * whole family is revoked (RFC 6819 §5.2.2.3 / OAuth 2.0 Security BCP refresh-token rotation).
 */

export const REFRESH_TOKEN_TTL_MS = 30 * 24 * 60 * 60 * 1000;

export type SessionSubject =
  | { kind: 'staff'; userId: string; activeStoreId: string | null; mfaVerified: boolean }
  | { kind: 'customer'; customerId: string; storeId: string };

export interface IssuedSession {
  session: AuthSession;
  refreshToken: string;
}

function newRefreshToken(): string {
  return `rt_${randomToken(32)}`;
}

export async function openSession(db: DbOrTx, subject: SessionSubject): Promise<IssuedSession> {
  const id = newId('sess');
  const expiresAt = new Date(Date.now() + REFRESH_TOKEN_TTL_MS);
  const [session] = await db
    .insert(authSessions)
    .values(
      subject.kind === 'staff'
        ? {
            id,
            subjectKind: 'staff',
            userId: subject.userId,
            activeStoreId: subject.activeStoreId,
            mfaVerified: subject.mfaVerified,
            expiresAt,
          }
        : {
            id,
            subjectKind: 'customer',
            customerId: subject.customerId,
            storeId: subject.storeId,
            expiresAt,
          },
    )
    .returning();
  const refreshToken = newRefreshToken();
  await db
    .insert(authRefreshTokens)
    .values({ tokenHash: hashToken(refreshToken), sessionId: id, storeId: session!.storeId });
  return { session: session!, refreshToken };
}

/**
 * Spend a refresh token and issue the next one of its family. `kind` (and `storeId` for
 * customers) must match the session, so a shopper's token never refreshes a staff session.
 * Takes the database, not a transaction: revoking a family on reuse must commit even though
 * the call then fails.
 */
export async function rotateRefreshToken(
  db: Db,
  options: {
    refreshToken: string;
    kind: 'staff' | 'customer';
    storeId?: string;
    /** Told at once when reuse ends a family, so its access tokens stop working on this node. */
    statusCache?: SessionStatusCache;
  },
): Promise<IssuedSession> {
  const tokenHash = hashToken(options.refreshToken);
  // Atomic: of two concurrent refreshes with one token, exactly one spends it.
  const [spent] = await db
    .update(authRefreshTokens)
    .set({ usedAt: sql`now()` })
    .where(and(eq(authRefreshTokens.tokenHash, tokenHash), isNull(authRefreshTokens.usedAt)))
    .returning({ sessionId: authRefreshTokens.sessionId });

  if (!spent) {
    const [seen] = await db
      .select({ sessionId: authRefreshTokens.sessionId })
      .from(authRefreshTokens)
      .where(eq(authRefreshTokens.tokenHash, tokenHash));
    if (seen) {
      await revokeSession(db, seen.sessionId, 'refresh_token_reuse');
      options.statusCache?.markRevoked(seen.sessionId);
      throw new AppError('TOKEN_REVOKED', 'This refresh token was already used; the session has been ended.');
    }
    throw new AppError('TOKEN_INVALID', 'The refresh token is not valid.');
  }

  const [session] = await db.select().from(authSessions).where(eq(authSessions.id, spent.sessionId));
  if (!session || session.subjectKind !== options.kind) {
    throw new AppError('TOKEN_INVALID', 'The refresh token is not valid.');
  }
  if (options.kind === 'customer' && session.storeId !== options.storeId) {
    throw new AppError('TOKEN_INVALID', 'The refresh token is not valid for this store.');
  }
  if (session.revokedAt) throw new AppError('TOKEN_REVOKED', 'The session has been ended; sign in again.');
  if (session.expiresAt.getTime() <= Date.now()) {
    throw new AppError('TOKEN_EXPIRED', 'The session has expired; sign in again.');
  }

  const refreshToken = newRefreshToken();
  await db
    .insert(authRefreshTokens)
    .values({ tokenHash: hashToken(refreshToken), sessionId: session.id, storeId: session.storeId });
  const [renewed] = await db
    .update(authSessions)
    .set({ refreshedAt: sql`now()`, expiresAt: new Date(Date.now() + REFRESH_TOKEN_TTL_MS) })
    .where(eq(authSessions.id, session.id))
    .returning();
  return { session: renewed!, refreshToken };
}

export async function getSession(db: DbOrTx, sessionId: string): Promise<AuthSession | null> {
  const [session] = await db.select().from(authSessions).where(eq(authSessions.id, sessionId));
  return session ?? null;
}

export async function updateStaffSession(
  db: DbOrTx,
  sessionId: string,
  patch: { activeStoreId?: string | null; mfaVerified?: boolean },
): Promise<AuthSession> {
  const [session] = await db
    .update(authSessions)
    .set(patch)
    .where(and(eq(authSessions.id, sessionId), eq(authSessions.subjectKind, 'staff')))
    .returning();
  if (!session) throw new AppError('TOKEN_REVOKED', 'The session has been ended; sign in again.');
  return session;
}

export async function revokeSession(db: DbOrTx, sessionId: string, reason: string): Promise<void> {
  await db
    .update(authSessions)
    .set({ revokedAt: sql`now()`, revokedReason: reason })
    .where(and(eq(authSessions.id, sessionId), isNull(authSessions.revokedAt)));
}

/** End every open session of a staff user or customer (but `except`); returns the session ids ended. */
export async function revokeSessionsOf(
  db: DbOrTx,
  subject: { userId: string } | { customerId: string },
  reason: string,
  options: { except?: string } = {},
): Promise<string[]> {
  const who =
    'userId' in subject
      ? eq(authSessions.userId, subject.userId)
      : eq(authSessions.customerId, subject.customerId);
  const rows = await db
    .update(authSessions)
    .set({ revokedAt: sql`now()`, revokedReason: reason })
    .where(
      and(
        who,
        isNull(authSessions.revokedAt),
        options.except ? ne(authSessions.id, options.except) : undefined,
      ),
    )
    .returning({ id: authSessions.id });
  return rows.map((r) => r.id);
}

const STATUS_TTL_MS = 30_000;
const STATUS_CACHE_LIMIT = 50_000;

/**
 * Whether a session is still open, as seen by this process: looked up at most every 30 s per
 * session, and marked revoked at once when this process ends it. Access tokens are checked
 * against it on every request without a database round trip.
 */
export class SessionStatusCache {
  readonly #entries = new Map<string, { revoked: boolean; checkedAt: number }>();
  readonly #pending = new Map<string, Promise<boolean>>();
  readonly #db: DbOrTx;

  constructor(db: DbOrTx) {
    this.#db = db;
  }

  async isRevoked(sessionId: string): Promise<boolean> {
    const entry = this.#entries.get(sessionId);
    if (entry && (entry.revoked || Date.now() - entry.checkedAt < STATUS_TTL_MS)) return entry.revoked;
    let pending = this.#pending.get(sessionId);
    if (!pending) {
      pending = this.#lookup(sessionId).finally(() => this.#pending.delete(sessionId));
      this.#pending.set(sessionId, pending);
    }
    return pending;
  }

  markRevoked(...sessionIds: string[]): void {
    for (const id of sessionIds) this.#remember(id, true);
  }

  async #lookup(sessionId: string): Promise<boolean> {
    const [row] = await this.#db
      .select({ revokedAt: authSessions.revokedAt, expiresAt: authSessions.expiresAt })
      .from(authSessions)
      .where(eq(authSessions.id, sessionId));
    const revoked = !row || row.revokedAt !== null || row.expiresAt.getTime() <= Date.now();
    this.#remember(sessionId, revoked);
    return revoked;
  }

  #remember(sessionId: string, revoked: boolean): void {
    if (this.#entries.size >= STATUS_CACHE_LIMIT && !this.#entries.has(sessionId)) {
      const oldest = this.#entries.keys().next().value;
      if (oldest !== undefined) this.#entries.delete(oldest);
    }
    this.#entries.set(sessionId, { revoked, checkedAt: Date.now() });
  }
}
