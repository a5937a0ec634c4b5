import { and, asc, eq, gt, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../platform/db/database.ts';
import { AppError } from '../../platform/errors.ts';
import { newId } from '../../platform/ids.ts';
import { decodeCursor, toPage, type Page } from '../../platform/http/pagination.ts';
import { canAssignStoreRole, type StoreRole } from './permissions.ts';
import { memberships, users, type Membership, type User } from './schema.ts';

/** A staff user's role in a store. Store-scoped calls run inside `withStore` (row-level security). */

export interface StaffMember {
  membership: Membership;
  user: User;
}

export async function addMembership(
  db: DbOrTx,
  options: { storeId: string; userId: string; role: StoreRole },
): Promise<Membership> {
  const [membership] = await db
    .insert(memberships)
    .values({ id: newId('mem'), storeId: options.storeId, userId: options.userId, role: options.role })
    .onConflictDoNothing()
    .returning();
  if (!membership) throw new AppError('ALREADY_EXISTS', 'This person is already a member of the store.');
  return membership;
}

export async function getMembership(
  db: DbOrTx,
  options: { storeId: string; userId: string },
): Promise<Membership | null> {
  const [membership] = await db
    .select()
    .from(memberships)
    .where(and(eq(memberships.storeId, options.storeId), eq(memberships.userId, options.userId)));
  return membership ?? null;
}

/** Every store a user belongs to, oldest membership first (the default store at sign-in). */
export async function listMembershipsOfUser(db: DbOrTx, userId: string): Promise<Membership[]> {
  return db
    .select()
    .from(memberships)
    .where(eq(memberships.userId, userId))
    .orderBy(asc(memberships.createdAt), asc(memberships.id));
}

export async function listStaffOfStore(
  db: DbOrTx,
  options: { storeId: string; limit: number; cursor?: string | undefined },
): Promise<Page<StaffMember>> {
  const after = decodeCursor<{ id: string }>(options.cursor);
  const rows = await db
    .select({ membership: memberships, user: users })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(
      and(eq(memberships.storeId, options.storeId), after ? gt(memberships.id, String(after.id)) : undefined),
    )
    .orderBy(asc(memberships.id))
    .limit(options.limit + 1);
  return toPage(rows, options.limit, (r) => ({ id: r.membership.id }));
}

export async function getStaffMember(
  db: DbOrTx,
  options: { storeId: string; userId: string },
): Promise<StaffMember> {
  const [row] = await db
    .select({ membership: memberships, user: users })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(eq(memberships.storeId, options.storeId), eq(memberships.userId, options.userId)));
  if (!row) throw new AppError('NOT_FOUND', 'No such staff member in this store.');
  return row;
}

/** The e-mail addresses of the store's owners (who hear of what cannot wait: a chargeback). */
export async function storeOwnerEmails(db: DbOrTx, storeId: string): Promise<string[]> {
  const rows = await db
    .select({ email: users.email })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(eq(memberships.storeId, storeId), eq(memberships.role, 'owner')))
    .orderBy(asc(memberships.id));
  return rows.map((r) => r.email);
}

/** The store's owners, locked, so two concurrent demotions cannot leave it with none. */
async function ownerCount(db: DbOrTx, storeId: string): Promise<number> {
  const rows = await db
    .select({ id: memberships.id })
    .from(memberships)
    .where(and(eq(memberships.storeId, storeId), eq(memberships.role, 'owner')))
    .for('update');
  return rows.length;
}

function assertMayAssign(actorRole: string | null | undefined, role: string): void {
  if (!canAssignStoreRole(actorRole, role)) {
    throw new AppError('FORBIDDEN', `Only an owner can grant or take away the ${role} role.`);
  }
}

/**
 * Change a member's role. Owners are granted and taken away only by owners, and a store always
 * keeps at least one owner.
 */
export async function changeMemberRole(
  db: DbOrTx,
  options: { storeId: string; userId: string; role: StoreRole; actorRole: string | null | undefined },
): Promise<{ before: Membership; after: Membership }> {
  const { membership: before } = await getStaffMember(db, options);
  assertMayAssign(options.actorRole, before.role);
  assertMayAssign(options.actorRole, options.role);
  if (before.role === 'owner' && options.role !== 'owner' && (await ownerCount(db, options.storeId)) <= 1) {
    throw new AppError('CONFLICT', 'A store must keep at least one owner.');
  }
  const [after] = await db
    .update(memberships)
    .set({ role: options.role, updatedAt: sql`now()` })
    .where(eq(memberships.id, before.id))
    .returning();
  return { before, after: after! };
}

export async function removeMember(
  db: DbOrTx,
  options: { storeId: string; userId: string; actorRole: string | null | undefined },
): Promise<Membership> {
  const { membership } = await getStaffMember(db, options);
  assertMayAssign(options.actorRole, membership.role);
  if (membership.role === 'owner' && (await ownerCount(db, options.storeId)) <= 1) {
    throw new AppError('CONFLICT', 'A store must keep at least one owner.');
  }
  await db.delete(memberships).where(eq(memberships.id, membership.id));
  return membership;
}

/** Add a member or change their role, without the checks of the staff routes (CLI, seeding). */
export async function upsertMembership(
  db: DbOrTx,
  options: { storeId: string; userId: string; role: StoreRole },
): Promise<Membership> {
  const [membership] = await db
    .insert(memberships)
    .values({ id: newId('mem'), storeId: options.storeId, userId: options.userId, role: options.role })
    .onConflictDoUpdate({
      target: [memberships.storeId, memberships.userId],
      set: { role: options.role, updatedAt: sql`now()` },
    })
    .returning();
  return membership!;
}
