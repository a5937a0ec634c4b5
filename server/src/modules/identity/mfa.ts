import { and, eq, isNull, or, lt, sql } from 'drizzle-orm';
import { Secret, TOTP } from 'otpauth';
import type { DbOrTx } from '../../platform/db/database.ts';
import { decryptSecret, encryptSecret, hashToken, randomString } from '../../platform/crypto.ts';
import { AppError } from '../../platform/errors.ts';
import { newId } from '../../platform/ids.ts';
import { mfaRecoveryCodes, users, type User } from './schema.ts';

/**
 * TOTP second factor (RFC 6238: SHA-1, 6 digits, 30 s steps, one step of clock drift either
 * way) with ten single-use recovery codes. The TOTP secret is encrypted at rest; each accepted
 * time step is remembered so that a code cannot be replayed.
 */

const PERIOD_SECONDS = 30;
const ISSUER = 'Carton';
const RECOVERY_CODES = 10;
// No look-alike characters (0/o, 1/l/i): codes are typed from paper.
const RECOVERY_ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';

function secretContext(userId: string): string {
  return `mfa:${userId}`;
}

function totpFor(secretBase32: string, label: string): TOTP {
  return new TOTP({ issuer: ISSUER, label, secret: Secret.fromBase32(secretBase32), period: PERIOD_SECONDS });
}

function normaliseRecoveryCode(code: string): string {
  return code.trim().toLowerCase().replaceAll('-', '').replaceAll(' ', '');
}

/**
 * Start enrolment: a new secret, kept encrypted but not yet active. Enrolling again before
 * activation replaces it; once active, MFA cannot be re-enrolled this way.
 */
export async function enrolMfa(
  db: DbOrTx,
  options: { user: User; cartonSecret: string },
): Promise<{ secret: string; otpauthUri: string }> {
  const { user } = options;
  if (user.mfaEnabledAt) throw new AppError('CONFLICT', 'Multi-factor authentication is already active.');
  const secret = new Secret({ size: 20 }).base32;
  await db
    .update(users)
    .set({
      mfaSecret: encryptSecret(options.cartonSecret, secret, secretContext(user.id)),
      mfaLastStep: null,
      updatedAt: sql`now()`,
    })
    .where(eq(users.id, user.id));
  return { secret, otpauthUri: totpFor(secret, user.email).toString() };
}

/** Finish enrolment with the first code from the authenticator; returns the recovery codes, once. */
export async function activateMfa(
  db: DbOrTx,
  options: { user: User; code: string; cartonSecret: string },
): Promise<{ recoveryCodes: string[] }> {
  const { user } = options;
  if (user.mfaEnabledAt) throw new AppError('CONFLICT', 'Multi-factor authentication is already active.');
  if (!user.mfaSecret)
    throw new AppError('CONFLICT', 'Start enrolment first (POST /admin/v1/auth/mfa/enrol).');
  await acceptTotp(db, { user, code: options.code, cartonSecret: options.cartonSecret });
  await db
    .update(users)
    .set({ mfaEnabledAt: sql`now()`, updatedAt: sql`now()` })
    .where(eq(users.id, user.id));
  await db.delete(mfaRecoveryCodes).where(eq(mfaRecoveryCodes.userId, user.id));
  const recoveryCodes = Array.from({ length: RECOVERY_CODES }, () => {
    const raw = randomString(10, RECOVERY_ALPHABET);
    return `${raw.slice(0, 5)}-${raw.slice(5)}`;
  });
  await db.insert(mfaRecoveryCodes).values(
    recoveryCodes.map((code) => ({
      id: newId('mfarc'),
      userId: user.id,
      codeHash: hashToken(normaliseRecoveryCode(code)),
    })),
  );
  return { recoveryCodes };
}

/** Check a TOTP code or a recovery code at sign-in. Throws MFA_INVALID. */
export async function verifySecondFactor(
  db: DbOrTx,
  options: { user: User; code: string; cartonSecret: string },
): Promise<'totp' | 'recovery_code'> {
  const { user } = options;
  if (!user.mfaEnabledAt || !user.mfaSecret)
    throw new AppError('MFA_INVALID', 'MFA is not active for this user.');
  if (/^\d{6}$/.test(options.code.trim())) {
    await acceptTotp(db, { user, code: options.code.trim(), cartonSecret: options.cartonSecret });
    return 'totp';
  }
  const [used] = await db
    .update(mfaRecoveryCodes)
    .set({ usedAt: sql`now()` })
    .where(
      and(
        eq(mfaRecoveryCodes.userId, user.id),
        eq(mfaRecoveryCodes.codeHash, hashToken(normaliseRecoveryCode(options.code))),
        isNull(mfaRecoveryCodes.usedAt),
      ),
    )
    .returning({ id: mfaRecoveryCodes.id });
  if (!used) throw new AppError('MFA_INVALID', 'The code is not valid.');
  return 'recovery_code';
}

async function acceptTotp(
  db: DbOrTx,
  options: { user: User; code: string; cartonSecret: string },
): Promise<void> {
  const { user } = options;
  const secret = decryptSecret(options.cartonSecret, user.mfaSecret!, secretContext(user.id));
  const now = Date.now();
  const delta = totpFor(secret, user.email).validate({ token: options.code, timestamp: now, window: 1 });
  if (delta === null) throw new AppError('MFA_INVALID', 'The code is not valid.');
  const step = Math.floor(now / 1000 / PERIOD_SECONDS) + delta;
  // Atomic: a code is accepted once, even by two concurrent requests.
  const [accepted] = await db
    .update(users)
    .set({ mfaLastStep: step })
    .where(and(eq(users.id, user.id), or(isNull(users.mfaLastStep), lt(users.mfaLastStep, step))))
    .returning({ id: users.id });
  if (!accepted) throw new AppError('MFA_INVALID', 'This code was already used; wait for the next one.');
}

export async function remainingRecoveryCodes(db: DbOrTx, userId: string): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(mfaRecoveryCodes)
    .where(and(eq(mfaRecoveryCodes.userId, userId), isNull(mfaRecoveryCodes.usedAt)));
  return row?.n ?? 0;
}
