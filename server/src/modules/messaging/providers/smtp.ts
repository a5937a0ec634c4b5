import nodemailer from 'nodemailer';
import type { Mailer } from '../../../platform/mail/mailer.ts';
import { networkError, ProviderError, type MessagingProvider, type OutgoingMessage } from './provider.ts';

/** A store's own SMTP server; without one, the platform's mailer (SMTP_URL or the local capture). */
export interface SmtpSettings {
  host?: string | undefined;
  port?: number | undefined;
  secure?: boolean | undefined;
  username?: string | undefined;
  password?: string | undefined;
  from: string | null;
  replyTo?: string | undefined;
  timeoutMs: number;
}

function mailOf(m: OutgoingMessage) {
  return {
    to: m.address,
    subject: m.content.subject ?? '',
    text: m.content.text,
    html: m.content.html,
    headers: m.headers,
  };
}

/** SMTP reply codes 4xx are temporary (try again), 5xx permanent; connection trouble is temporary. */
function smtpError(err: unknown): ProviderError {
  const e = err as { responseCode?: number; code?: string };
  if (typeof e.responseCode === 'number') {
    return new ProviderError(`smtp_${e.responseCode}`, `the SMTP server answered ${e.responseCode}`, {
      transient: e.responseCode < 500,
    });
  }
  if (e.code === 'EAUTH')
    return new ProviderError('smtp_auth', 'the SMTP server refused the credentials', { transient: false });
  return networkError(err, 'the SMTP server');
}

export function smtpProvider(settings: SmtpSettings, mailer: Mailer): MessagingProvider {
  return {
    name: 'smtp',
    async send(m) {
      if (!settings.host) {
        // The platform's mailer: it logs only codes and throws UNAVAILABLE when the server fails.
        try {
          const sent = await mailer.send({
            ...mailOf(m),
            ...(settings.from ? { from: settings.from } : {}),
            replyTo: settings.replyTo,
          });
          return { providerMessageId: sent.messageId };
        } catch {
          throw new ProviderError('smtp_unavailable', 'the platform SMTP server did not take the message', {
            transient: true,
          });
        }
      }
      const transport = nodemailer.createTransport({
        host: settings.host,
        port: settings.port ?? 587,
        secure: settings.secure ?? false,
        ...(settings.username ? { auth: { user: settings.username, pass: settings.password ?? '' } } : {}),
        connectionTimeout: settings.timeoutMs,
        greetingTimeout: settings.timeoutMs,
        socketTimeout: settings.timeoutMs,
      });
      try {
        const info = await transport.sendMail({
          ...mailOf(m),
          from: settings.from ?? undefined,
          replyTo: settings.replyTo,
        });
        return { providerMessageId: info.messageId };
      } catch (err) {
        throw smtpError(err);
      } finally {
        transport.close();
      }
    },
  };
}
