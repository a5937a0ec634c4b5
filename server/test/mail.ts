import type { Platform } from '../src/platform/context.ts';
import type { CapturedMail, MailCapture, MailCaptureMatch } from '../src/platform/mail/capture.ts';

export type { CapturedMail };

/** A test platform, or a test server / runtime (anything with a `platform`). */
type MailTarget = Pick<Platform, 'mailer'> | { platform: Pick<Platform, 'mailer'> };

function captureOf(target: MailTarget): MailCapture {
  const mailer = 'platform' in target ? target.platform.mailer : target.mailer;
  if (!mailer.capture)
    throw new Error('this platform sends real mail (SMTP_URL is set); nothing is captured');
  return mailer.capture;
}

/** Every message the platform's local SMTP capture server received, newest first. */
export function capturedMail(target: MailTarget): CapturedMail[] {
  return captureOf(target).list();
}

/**
 * The first message (already received or still to come) sent to `to` and/or with `subject`
 * (exact string or RegExp), e.g. a password-reset e-mail:
 *   const mail = await waitForMail(server, { to: 'ann@example.com', subject: /reset/i });
 */
export function waitForMail(
  target: MailTarget,
  match: MailCaptureMatch | ((m: CapturedMail) => boolean),
  timeoutMs = 5_000,
): Promise<CapturedMail> {
  return captureOf(target).waitFor(match, timeoutMs);
}

/** Forget captured mail, e.g. between tests that look for "the" message to one address. */
export function clearMail(target: MailTarget): void {
  captureOf(target).clear();
}
