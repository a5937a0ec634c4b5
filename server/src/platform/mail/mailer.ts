import nodemailer, { type Transporter } from 'nodemailer';
import type { Config } from '../config.ts';
import { AppError } from '../errors.ts';
import type { Logger } from '../logger.ts';
import { startMailCapture, type MailCapture } from './capture.ts';

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  html?: string;
  headers?: Record<string, string>;
  /** Sender instead of MAIL_FROM (a store's own address). */
  from?: string;
  /** Where replies go. */
  replyTo?: string;
}

/** Sends e-mail over SMTP: to SMTP_URL, or to the built-in capture server when it is unset. */
export interface Mailer {
  send(msg: MailMessage): Promise<{ messageId: string }>;
  close(): Promise<void>;
  /** The local capture server when SMTP_URL is unset (dev/test), else null. */
  readonly capture: MailCapture | null;
}

type MailerConfig = Pick<Config, 'SMTP_URL' | 'MAIL_FROM' | 'NODE_ENV'>;

export async function createMailer(config: MailerConfig, log: Logger): Promise<Mailer> {
  let capture: MailCapture | null = null;
  let transport: Transporter;
  if (config.SMTP_URL) {
    transport = nodemailer.createTransport(config.SMTP_URL);
  } else {
    capture = await startMailCapture();
    transport = nodemailer.createTransport({
      host: capture.host,
      port: capture.port,
      secure: false,
      ignoreTLS: true,
      // Reuse connections: the capture server makes every new one wait 100 ms before its greeting.
      pool: true,
    });
    if (config.NODE_ENV === 'production') {
      log.warn('SMTP_URL is unset: e-mail is captured locally and NOT delivered');
    } else if (config.NODE_ENV === 'development') {
      log.info('SMTP_URL is unset: e-mail is captured locally, see GET /dev/mail');
    }
  }

  return {
    capture,
    async send(msg) {
      try {
        const info = await transport.sendMail({
          from: msg.from ?? config.MAIL_FROM,
          replyTo: msg.replyTo,
          to: msg.to,
          subject: msg.subject,
          text: msg.text,
          html: msg.html,
          headers: msg.headers,
        });
        log.debug({ messageId: info.messageId }, 'mail sent');
        return { messageId: info.messageId };
      } catch (err) {
        // SMTP errors can quote the recipient, so only their codes are logged.
        const e = err as { code?: string; responseCode?: number; command?: string };
        log.warn({ code: e.code, responseCode: e.responseCode, command: e.command }, 'mail not sent');
        throw new AppError('UNAVAILABLE', 'The e-mail could not be sent; try again later.');
      }
    },
    async close() {
      transport.close();
      await capture?.close();
    },
  };
}
