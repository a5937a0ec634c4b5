import type { Platform } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { assertLoginAllowed, clearLoginFailures, recordLoginFailure } from './login-guard.ts';
import { getMembership, listMembershipsOfUser } from './memberships.ts';
import { verifySecondFactor } from './mfa.ts';
import { verifyPassword } from './passwords.ts';
import { roleRequiresMfa } from './permissions.ts';
import type { AuthSession, User } from './schema.ts';
import {
  getSession,
  openSession,
  revokeSession,
  rotateRefreshToken,
  updateStaffSession,
} from './sessions.ts';
import { findUserByEmail, getUser, recordStaffLogin } from './staff-users.ts';
import { identityState } from './state.ts';
import { ACCESS_TOKEN_TTL_SECONDS, MFA_TOKEN_TTL_SECONDS } from './tokens.ts';

/**
 * Staff sign-in: password, then (for users who enrolled) a second factor, then a session with
 * a 15-minute access token and a rotating refresh token. The access token names the active
 * store and the roles in force, so the authentication hook needs no database.
 */

export interface StaffAccess {
  accessToken: string;
  expiresIn: number;
  sessionId: string;
  userId: string;
  storeId: string | null;
  storeRole: string | null;
  operatorRole: string | null;
  mfaEnrolmentRequired: boolean;
}

export interface StaffTokens extends StaffAccess {
  refreshToken: string;
}

export type StaffLoginResult =
  | { status: 'authenticated'; tokens: StaffTokens; user: User }
  | { status: 'mfa_required'; mfaToken: string; expiresIn: number };

function invalidCredentials(): AppError {
  return new AppError('INVALID_CREDENTIALS', 'The e-mail address or password is not correct.');
}

/** The access token for a session as things stand now: current roles, current active store. */
async function accessFor(platform: Platform, session: AuthSession, user: User): Promise<StaffAccess> {
  if (user.status !== 'active') throw new AppError('TOKEN_REVOKED', 'This account is not active.');
  let storeId = session.activeStoreId;
  let storeRole: string | null = null;
  if (storeId) {
    storeRole = (await getMembership(platform.db, { storeId, userId: user.id }))?.role ?? null;
    if (!storeRole) storeId = null; // removed from that store since
  }
  const requiresMfa = roleRequiresMfa({ storeRole, operatorRole: user.operatorRole });
  const enrolled = user.mfaEnabledAt !== null;
  if (requiresMfa && enrolled && !session.mfaVerified) {
    throw new AppError('TOKEN_REVOKED', 'This role needs a second factor; sign in again.');
  }
  const mfaEnrolmentRequired = requiresMfa && !enrolled;
  const accessToken = await identityState(platform).tokens.signStaff({
    userId: user.id,
    sessionId: session.id,
    storeId,
    storeRole,
    operatorRole: user.operatorRole,
    mfa: session.mfaVerified,
    mfaEnrolmentRequired,
  });
  return {
    accessToken,
    expiresIn: ACCESS_TOKEN_TTL_SECONDS,
    sessionId: session.id,
    userId: user.id,
    storeId,
    storeRole,
    operatorRole: user.operatorRole,
    mfaEnrolmentRequired,
  };
}

async function defaultStore(platform: Platform, user: User, requested: string | null | undefined) {
  if (requested) {
    const membership = await getMembership(platform.db, { storeId: requested, userId: user.id });
    if (!membership) throw new AppError('FORBIDDEN', 'You are not a member of that store.');
    return requested;
  }
  const [first] = await listMembershipsOfUser(platform.db, user.id);
  return first?.storeId ?? null;
}

/** Open a session for a user who has proven who they are (password, and second factor if any). */
export async function startStaffSession(
  platform: Platform,
  options: { user: User; storeId?: string | null; mfaVerified: boolean },
): Promise<StaffTokens> {
  const activeStoreId = await defaultStore(platform, options.user, options.storeId);
  const { session, refreshToken } = await openSession(platform.db, {
    kind: 'staff',
    userId: options.user.id,
    activeStoreId,
    mfaVerified: options.mfaVerified,
  });
  await recordStaffLogin(platform.db, options.user.id);
  return { ...(await accessFor(platform, session, options.user)), refreshToken };
}

export async function loginStaff(
  platform: Platform,
  options: { email: string; password: string; storeId?: string | undefined; ip?: string | null },
): Promise<StaffLoginResult> {
  const attempt = { account: `staff:${options.email.toLowerCase()}`, ip: options.ip };
  await assertLoginAllowed(platform, attempt);
  const user = await findUserByEmail(platform.db, options.email);
  const ok = await verifyPassword(user?.passwordHash, options.password);
  if (!user || !ok || user.status !== 'active') {
    await recordLoginFailure(platform, attempt);
    throw invalidCredentials();
  }
  await clearLoginFailures(platform, attempt);
  const storeId = await defaultStore(platform, user, options.storeId);
  if (user.mfaEnabledAt) {
    const mfaToken = await identityState(platform).tokens.signMfaChallenge({ userId: user.id, storeId });
    return { status: 'mfa_required', mfaToken, expiresIn: MFA_TOKEN_TTL_SECONDS };
  }
  return {
    status: 'authenticated',
    user,
    tokens: await startStaffSession(platform, { user, storeId, mfaVerified: false }),
  };
}

/** The second step of sign-in: a TOTP code or a recovery code against the challenge token. */
export async function completeMfaLogin(
  platform: Platform,
  options: { mfaToken: string; code: string; ip?: string | null },
): Promise<{ tokens: StaffTokens; user: User; method: 'totp' | 'recovery_code' }> {
  const challenge = await identityState(platform).tokens.verifyMfaChallenge(options.mfaToken);
  const attempt = { account: `mfa:${challenge.userId}`, ip: options.ip };
  await assertLoginAllowed(platform, attempt);
  const user = await getUser(platform.db, challenge.userId);
  if (user.status !== 'active') throw invalidCredentials();
  let method: 'totp' | 'recovery_code';
  try {
    method = await verifySecondFactor(platform.db, {
      user,
      code: options.code,
      cartonSecret: platform.config.CARTON_SECRET,
    });
  } catch (err) {
    await recordLoginFailure(platform, attempt);
    throw err;
  }
  await clearLoginFailures(platform, attempt);
  const tokens = await startStaffSession(platform, { user, storeId: challenge.storeId, mfaVerified: true });
  return { tokens, user, method };
}

export async function refreshStaffTokens(
  platform: Platform,
  options: { refreshToken: string },
): Promise<StaffTokens> {
  const { session, refreshToken } = await rotateRefreshToken(platform.db, {
    refreshToken: options.refreshToken,
    kind: 'staff',
    statusCache: identityState(platform).sessions,
  });
  const user = await getUser(platform.db, session.userId!);
  return { ...(await accessFor(platform, session, user)), refreshToken };
}

/** A fresh access token for a session whose state changed (MFA activated, store switched). */
export async function reissueStaffAccess(platform: Platform, sessionId: string): Promise<StaffAccess> {
  const session = await getSession(platform.db, sessionId);
  if (!session || session.revokedAt || session.subjectKind !== 'staff') {
    throw new AppError('TOKEN_REVOKED', 'The session has been ended; sign in again.');
  }
  return accessFor(platform, session, await getUser(platform.db, session.userId!));
}

export async function switchActiveStore(
  platform: Platform,
  options: { sessionId: string; userId: string; storeId: string },
): Promise<StaffAccess> {
  const membership = await getMembership(platform.db, { storeId: options.storeId, userId: options.userId });
  if (!membership) throw new AppError('FORBIDDEN', 'You are not a member of that store.');
  const session = await updateStaffSession(platform.db, options.sessionId, {
    activeStoreId: options.storeId,
  });
  return accessFor(platform, session, await getUser(platform.db, options.userId));
}

/** End a session (its whole refresh-token family); its access tokens stop working at once here. */
export async function logoutSession(platform: Platform, sessionId: string): Promise<void> {
  await revokeSession(platform.db, sessionId, 'logout');
  identityState(platform).sessions.markRevoked(sessionId);
}
