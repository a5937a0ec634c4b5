import type { Platform } from '../../platform/context.ts';
import type { DbOrTx } from '../../platform/db/database.ts';
import { AppError } from '../../platform/errors.ts';
import { publicBaseUrl, sendStaffAddedToStore, sendStaffInvitation } from './emails.ts';
import { addMembership } from './memberships.ts';
import { consumeOneTimeToken, INVITE_TTL_MS, issueOneTimeToken } from './one-time-tokens.ts';
import { hashPassword } from './passwords.ts';
import { canAssignStoreRole, type OperatorRole, type StoreRole } from './permissions.ts';
import type { Membership, User } from './schema.ts';
import { startStaffSession, type StaffTokens } from './staff-auth.ts';
import { createUser, findUserByEmail, getUser, setOperatorRole, setUserPassword } from './staff-users.ts';

/**
 * Invitations: a person without an account gets a pending user and an e-mailed, single-use link
 * to choose a password; a person who already has an account is simply given access (and told).
 * The e-mail is sent inside the caller's transaction, so when it cannot be sent nothing is kept.
 */

async function findOrCreateInvitee(
  tx: DbOrTx,
  email: string,
  name: string | null | undefined,
  operatorRole?: OperatorRole,
) {
  const existing = await findUserByEmail(tx, email);
  if (existing) return existing;
  return createUser(tx, { email, name, operatorRole: operatorRole ?? null, status: 'invited' });
}

export async function inviteStaffMember(
  platform: Platform,
  tx: DbOrTx,
  options: {
    storeId: string;
    storeName: string;
    email: string;
    role: StoreRole;
    name?: string | null | undefined;
    actorRole: string | null | undefined;
  },
): Promise<{ user: User; membership: Membership; invited: boolean }> {
  if (!canAssignStoreRole(options.actorRole, options.role)) {
    throw new AppError('FORBIDDEN', `Only an owner can grant the ${options.role} role.`);
  }
  const user = await findOrCreateInvitee(tx, options.email, options.name);
  if (user.status === 'disabled') throw new AppError('CONFLICT', 'This account is disabled.');
  const membership = await addMembership(tx, {
    storeId: options.storeId,
    userId: user.id,
    role: options.role,
  });
  const baseUrl = publicBaseUrl(platform.config);
  const invited = user.status === 'invited';
  if (invited) {
    const token = await issueOneTimeToken(tx, {
      purpose: 'invite',
      userId: user.id,
      storeId: options.storeId,
      ttlMs: INVITE_TTL_MS,
    });
    await sendStaffInvitation(platform.mailer, {
      to: user.email,
      baseUrl,
      token,
      storeName: options.storeName,
    });
  } else {
    await sendStaffAddedToStore(platform.mailer, {
      to: user.email,
      baseUrl,
      storeName: options.storeName,
      role: options.role,
    });
  }
  return { user, membership, invited };
}

/** Give a person an operator role, inviting them first when they have no account. */
export async function inviteOperator(
  platform: Platform,
  tx: DbOrTx,
  options: { email: string; operatorRole: OperatorRole; name?: string | null | undefined },
): Promise<{ before: User | null; user: User; invited: boolean }> {
  const existing = await findUserByEmail(tx, options.email);
  if (existing?.operatorRole) throw new AppError('ALREADY_EXISTS', 'This person is already operator staff.');
  const created =
    existing ?? (await createUser(tx, { email: options.email, name: options.name, status: 'invited' }));
  const { after: user } = await setOperatorRole(tx, {
    userId: created.id,
    operatorRole: options.operatorRole,
  });
  const invited = user.status === 'invited';
  if (invited) {
    const token = await issueOneTimeToken(tx, { purpose: 'invite', userId: user.id, ttlMs: INVITE_TTL_MS });
    await sendStaffInvitation(platform.mailer, {
      to: user.email,
      baseUrl: publicBaseUrl(platform.config),
      token,
      storeName: null,
    });
  }
  return { before: existing, user, invited };
}

/** Accept an invitation: choose a password, and be signed in to the inviting store. */
export async function acceptInvitation(
  platform: Platform,
  options: { token: string; password: string; name?: string | undefined },
): Promise<{ user: User; tokens: StaffTokens }> {
  const passwordHash = await hashPassword(options.password);
  const { user, storeId } = await platform.db.transaction(async (tx) => {
    const spent = await consumeOneTimeToken(tx, { token: options.token, purpose: 'invite', owner: 'user' });
    const before = await findUserById(tx, spent.userId);
    if (!before || before.status !== 'invited') {
      throw new AppError('TOKEN_INVALID', 'This invitation was already accepted.');
    }
    const user = await setUserPassword(tx, { userId: before.id, passwordHash, name: options.name });
    return { user, storeId: spent.storeId };
  });
  const tokens = await startStaffSession(platform, { user, storeId, mfaVerified: false });
  return { user, tokens };
}

async function findUserById(tx: DbOrTx, userId: string | null): Promise<User | null> {
  return userId ? getUser(tx, userId).catch(() => null) : null;
}
