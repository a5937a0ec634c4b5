import type { Channel, PushSubscription } from '../contacts.ts';
import type { MessageContent } from '../render.ts';

/**
 * A channel provider: hands one rendered message to the outside world (an SMTP server, SendGrid,
 * Twilio, a browser's push service) and says what became of it. Providers hold no state and
 * touch no table; the message row is messaging's.
 */
export interface OutgoingMessage {
  storeId: string;
  messageId: string;
  channel: Channel;
  /** E-mail address, E.164 phone number, or push endpoint. */
  address: string;
  subscription?: PushSubscription;
  content: MessageContent;
  /** E-mail headers (Message-ID, List-Unsubscribe…). */
  headers: Record<string, string>;
  /** The URL a provider should report this message's status to (Twilio's StatusCallback). */
  statusCallbackUrl?: string;
}

export interface SendOutcome {
  /** The provider's id for the message (SendGrid X-Message-Id, Twilio SM…), when it gives one. */
  providerMessageId: string | null;
}

/**
 * A provider refused or could not take the message. `transient`: worth trying again later
 * (timeouts, 429, 5xx); otherwise the message failed for good (a bad address, bad credentials).
 * `gone`: the address no longer exists (a push subscription answered 404/410).
 */
export class ProviderError extends Error {
  readonly transient: boolean;
  readonly gone: boolean;
  /** A short code for the message log: `http_429`, `smtp_550`, `timeout`… never personal data. */
  readonly code: string;
  constructor(code: string, message: string, o: { transient: boolean; gone?: boolean }) {
    super(message);
    this.name = 'ProviderError';
    this.code = code;
    this.transient = o.transient;
    this.gone = o.gone ?? false;
  }
}

export interface MessagingProvider {
  readonly name: ProviderName;
  send(message: OutgoingMessage): Promise<SendOutcome>;
}

export const PROVIDERS = ['log', 'smtp', 'sendgrid', 'twilio', 'webpush'] as const;
export type ProviderName = (typeof PROVIDERS)[number];

/** Which providers serve which channel. */
export const CHANNEL_PROVIDERS: Record<Channel, readonly ProviderName[]> = {
  email: ['smtp', 'sendgrid', 'log'],
  sms: ['twilio', 'log'],
  push: ['webpush', 'log'],
};

/** An HTTP answer's status as a ProviderError: 408/429/5xx are worth retrying, other 4xx are not. */
export function httpError(status: number, what: string): ProviderError {
  const transient = status === 408 || status === 429 || status >= 500;
  return new ProviderError(`http_${status}`, `${what} answered HTTP ${status}`, { transient });
}

/** A fetch that failed before any answer (refused, reset, timed out): transient. */
export function networkError(err: unknown, what: string): ProviderError {
  const e = err as Error;
  const timeout = e.name === 'TimeoutError' || e.name === 'AbortError';
  return new ProviderError(
    timeout ? 'timeout' : 'network',
    timeout ? `${what} did not answer in time` : `${what} could not be reached`,
    { transient: true },
  );
}
