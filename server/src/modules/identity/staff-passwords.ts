import type { Platform } from '../../platform/context.ts';
import { hourlyMailAllowed } from '../../platform/limits/counters.ts';
import { publicBaseUrl, sendPasswordReset, staffResetUrl } from './emails.ts';
import { clearLoginFailures } from './login-guard.ts';
import { consumeOneTimeToken, issueOneTimeToken, PASSWORD_RESET_TTL_MS } from './one-time-tokens.ts';
import { hashPassword } from './passwords.ts';
import { revokeSessionsOf } from './sessions.ts';
import { findUserByEmail, setUserPassword } from './staff-users.ts';
import { identityState } from './state.ts';

/** At most this many reset e-mails per address per hour, so the form cannot flood a mailbox. */
export const RESET_MAILS_PER_HOUR = 5;

export function resetRequestAllowed(platform: Platform, account: string): Promise<boolean> {
  return hourlyMailAllowed(platform.counters, { purpose: 'pwreset', account, perHour: RESET_MAILS_PER_HOUR });
}

/**
 * Send a password-reset link when the address belongs to an active account. The caller's answer
 * is the same either way, and the e-mail goes out after the answer, so neither the response nor
 * its timing tells whether the address has an account.
 */
export async function requestStaffPasswordReset(
  platform: Platform,
  options: { email: string },
): Promise<void> {
  const user = await findUserByEmail(platform.db, options.email);
  if (!user || user.status !== 'active') return;
  if (!(await resetRequestAllowed(platform, `staff:${user.email}`))) return;
  const token = await issueOneTimeToken(platform.db, {
    purpose: 'password_reset',
    userId: user.id,
    ttlMs: PASSWORD_RESET_TTL_MS,
  });
  const url = staffResetUrl(publicBaseUrl(platform.config), token);
  sendPasswordReset(platform.mailer, { to: user.email, url, token, who: 'Carton' }).catch((err: unknown) =>
    platform.log.warn({ err }, 'password reset e-mail not sent'),
  );
}

/** Choose a new password with a reset token: every session of the user ends. */
export async function resetStaffPassword(platform: Platform, options: { token: string; password: string }) {
  const passwordHash = await hashPassword(options.password);
  const { user, ended } = await platform.db.transaction(async (tx) => {
    const spent = await consumeOneTimeToken(tx, {
      token: options.token,
      purpose: 'password_reset',
      owner: 'user',
    });
    const user = await setUserPassword(tx, { userId: spent.userId!, passwordHash });
    const ended = await revokeSessionsOf(tx, { userId: user.id }, 'password_reset');
    return { user, ended };
  });
  identityState(platform).sessions.markRevoked(...ended);
  await clearLoginFailures(platform, { account: `staff:${user.email}`, ip: null });
  return user;
}
