import { and, asc, eq, gt, isNotNull, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../platform/db/database.ts';
import { AppError } from '../../platform/errors.ts';
import { newId } from '../../platform/ids.ts';
import { decodeCursor, toPage, type Page } from '../../platform/http/pagination.ts';
import type { OperatorRole } from './permissions.ts';
import { users, type User } from './schema.ts';

/** Staff users: one global account per e-mail address (compared case-insensitively). */

export async function findUserByEmail(db: DbOrTx, email: string): Promise<User | null> {
  const [user] = await db
    .select()
    .from(users)
    .where(sql`lower(${users.email}) = ${email.toLowerCase()}`);
  return user ?? null;
}

export async function getUser(db: DbOrTx, userId: string): Promise<User> {
  const [user] = await db.select().from(users).where(eq(users.id, userId));
  if (!user) throw new AppError('NOT_FOUND', 'No such user.');
  return user;
}

export async function createUser(
  db: DbOrTx,
  options: {
    email: string;
    name?: string | null;
    passwordHash?: string | null;
    operatorRole?: OperatorRole | null;
    status: 'invited' | 'active';
  },
): Promise<User> {
  const [user] = await db
    .insert(users)
    .values({
      id: newId('user'),
      email: options.email.toLowerCase(),
      name: options.name ?? null,
      passwordHash: options.passwordHash ?? null,
      operatorRole: options.operatorRole ?? null,
      status: options.status,
    })
    .onConflictDoNothing()
    .returning();
  if (!user) throw new AppError('ALREADY_EXISTS', 'A user with this e-mail address already exists.');
  return user;
}

/** Set a password (accepting an invitation, resetting); an invited user becomes active. */
export async function setUserPassword(
  db: DbOrTx,
  options: { userId: string; passwordHash: string; name?: string | undefined },
): Promise<User> {
  const [user] = await db
    .update(users)
    .set({
      passwordHash: options.passwordHash,
      status: sql`CASE WHEN ${users.status} = 'invited' THEN 'active' ELSE ${users.status} END`,
      ...(options.name ? { name: options.name } : {}),
      updatedAt: sql`now()`,
    })
    .where(eq(users.id, options.userId))
    .returning();
  if (!user) throw new AppError('NOT_FOUND', 'No such user.');
  return user;
}

export async function recordStaffLogin(db: DbOrTx, userId: string): Promise<void> {
  await db
    .update(users)
    .set({ lastLoginAt: sql`now()` })
    .where(eq(users.id, userId));
}

export async function setOperatorRole(
  db: DbOrTx,
  options: { userId: string; operatorRole: OperatorRole | null },
): Promise<{ before: User; after: User }> {
  const before = await getUser(db, options.userId);
  const [after] = await db
    .update(users)
    .set({ operatorRole: options.operatorRole, updatedAt: sql`now()` })
    .where(eq(users.id, options.userId))
    .returning();
  return { before, after: after! };
}

export async function listOperatorUsers(
  db: DbOrTx,
  options: { limit: number; cursor?: string | undefined },
): Promise<Page<User>> {
  const after = decodeCursor<{ id: string }>(options.cursor);
  const rows = await db
    .select()
    .from(users)
    .where(and(isNotNull(users.operatorRole), after ? gt(users.id, String(after.id)) : undefined))
    .orderBy(asc(users.id))
    .limit(options.limit + 1);
  return toPage(rows, options.limit, (u) => ({ id: u.id }));
}

/** Operator admins, locked, so the platform cannot be left without one by two concurrent changes. */
export async function operatorAdminCount(db: DbOrTx): Promise<number> {
  const rows = await db
    .select({ id: users.id })
    .from(users)
    .where(eq(users.operatorRole, 'admin'))
    .for('update');
  return rows.length;
}
