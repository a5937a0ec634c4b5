import { createHash } from 'node:crypto';
import type { Platform } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';

/**
 * Brute-force protection for sign-in and second-factor checks: failures are counted per account
 * and per IP in fixed windows (shared through Redis when configured); once either count reaches
 * its limit, attempts are refused with 429 ACCOUNT_LOCKED and Retry-After until the window ends.
 * A successful sign-in clears the account's count, not the IP's.
 */

export interface LoginAttempt {
  /** Names the account, e.g. `staff:<email>` or `customer:<store>:<email>`. Hashed before use. */
  account: string;
  ip: string | null | undefined;
}

function keys(attempt: LoginAttempt): { account: string; ip: string | null } {
  // Counter keys may sit in Redis; e-mail addresses must not.
  const digest = createHash('sha256').update(attempt.account).digest('base64url').slice(0, 27);
  return { account: `login:acct:${digest}`, ip: attempt.ip ? `login:ip:${attempt.ip}` : null };
}

function locked(resetAt: number): AppError {
  const seconds = Math.max(1, Math.ceil((resetAt - Date.now()) / 1000));
  return new AppError('ACCOUNT_LOCKED', `Too many failed attempts; try again in ${seconds} seconds.`, {
    headers: { 'retry-after': String(seconds) },
  });
}

/** Refuse the attempt (429) when the account or the IP is locked out. */
export async function assertLoginAllowed(platform: Platform, attempt: LoginAttempt): Promise<void> {
  const k = keys(attempt);
  const { LOGIN_MAX_FAILURES_PER_ACCOUNT: perAccount, LOGIN_MAX_FAILURES_PER_IP: perIp } = platform.config;
  const [account, ip] = await Promise.all([
    platform.counters.peek(k.account),
    k.ip ? platform.counters.peek(k.ip) : null,
  ]);
  if (account && account.count >= perAccount) throw locked(account.resetAt);
  if (ip && ip.count >= perIp) throw locked(ip.resetAt);
}

export async function recordLoginFailure(platform: Platform, attempt: LoginAttempt): Promise<void> {
  const k = keys(attempt);
  const windowMs = platform.config.LOGIN_LOCKOUT_SECONDS * 1000;
  await Promise.all([
    platform.counters.hit(k.account, windowMs),
    k.ip ? platform.counters.hit(k.ip, windowMs) : null,
  ]);
}

export async function clearLoginFailures(platform: Platform, attempt: LoginAttempt): Promise<void> {
  await platform.counters.reset(keys(attempt).account);
}
