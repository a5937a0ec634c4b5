import { createHash } from 'node:crypto';
import { z } from 'zod';
import { AppError } from '../../platform/errors.ts';

/**
 * Who a message goes to, per channel, and the address key a contact is known by in consent,
 * frequency caps and the message log: a lower-case e-mail address, an E.164 phone number, or
 * `push:<sha256 of the endpoint>` (a push subscription has no other stable name).
 */

export const CHANNELS = ['email', 'sms', 'push'] as const;
export type Channel = (typeof CHANNELS)[number];
export const PURPOSES = ['recovery', 'transactional'] as const;
export type Purpose = (typeof PURPOSES)[number];
/** Consent is kept per category: recovery messages are marketing. */
export const CATEGORIES = ['marketing', 'transactional'] as const;
export type Category = (typeof CATEGORIES)[number];

export const categoryOf = (purpose: Purpose): Category =>
  purpose === 'transactional' ? 'transactional' : 'marketing';

export const EmailAddress = z.email().max(254).toLowerCase();

/** E.164 after removing spaces, dots, dashes and parentheses: `+84 912-345-678` → `+84912345678`. */
export const PhoneNumber = z
  .string()
  .max(32)
  .transform((v) => v.replace(/[\s().-]/g, ''))
  .refine((v) => /^\+[1-9]\d{6,14}$/.test(v), 'an international phone number (E.164), e.g. +84912345678');

export const PushSubscription = z.object({
  endpoint: z
    .url()
    .max(2048)
    .refine((u) => /^https?:\/\//.test(u), 'an http(s) URL'),
  expirationTime: z.number().nullable().optional(),
  keys: z.object({
    p256dh: z
      .string()
      .regex(/^[A-Za-z0-9_-]{80,100}={0,2}$/, 'the base64url P-256 public key of the subscription'),
    auth: z.string().regex(/^[A-Za-z0-9_-]{16,32}={0,2}$/, 'the base64url auth secret of the subscription'),
  }),
});
export type PushSubscription = z.infer<typeof PushSubscription>;

export const Recipient = z.strictObject({
  email: EmailAddress.optional(),
  phone: PhoneNumber.optional(),
  pushSubscription: PushSubscription.optional(),
  /** IANA time zone of the recipient (SMS quiet hours); the store's when unknown. */
  timeZone: z.string().max(64).refine(isTimeZone, 'an IANA time zone, e.g. Asia/Ho_Chi_Minh').optional(),
  /** BCP 47 language of the recipient: picks the template's locale. */
  locale: z
    .string()
    .regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/)
    .optional(),
});
export type Recipient = z.input<typeof Recipient>;

export function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

export const pushAddressKey = (endpoint: string): string =>
  `push:${createHash('sha256').update(endpoint).digest('hex')}`;

/** The address key of a contact on a channel, from an address as given (normalised here). */
export function addressKeyOf(channel: Channel, address: string): string {
  if (channel === 'email') return parseOr422(EmailAddress, address, 'address');
  if (channel === 'sms') return parseOr422(PhoneNumber, address, 'address');
  return address.startsWith('push:') ? address : pushAddressKey(address);
}

function parseOr422<S extends z.ZodType>(schema: S, value: unknown, path: string): z.output<S> {
  const r = schema.safeParse(value);
  if (r.success) return r.data;
  throw new AppError('VALIDATION_FAILED', 'The address is not valid for this channel.', {
    errors: [{ path, message: r.error.issues[0]?.message ?? 'invalid' }],
  });
}

/** The recipient's address on `channel`: 422 when the recipient has none there. */
export function destinationOf(
  channel: Channel,
  to: z.output<typeof Recipient>,
): { addressKey: string; address: string; subscription?: PushSubscription } {
  const missing = (field: string) =>
    new AppError('UNPROCESSABLE', `A ${channel} message needs to.${field}.`, {
      errors: [{ path: `to.${field}`, message: `required for the ${channel} channel` }],
    });
  if (channel === 'email') {
    if (!to.email) throw missing('email');
    return { addressKey: to.email, address: to.email };
  }
  if (channel === 'sms') {
    if (!to.phone) throw missing('phone');
    return { addressKey: to.phone, address: to.phone };
  }
  if (!to.pushSubscription) throw missing('pushSubscription');
  return {
    addressKey: pushAddressKey(to.pushSubscription.endpoint),
    address: to.pushSubscription.endpoint,
    subscription: to.pushSubscription,
  };
}

/** An address for logs and the admin log list: never the whole address. */
export function maskAddress(addressKey: string): string {
  if (addressKey.startsWith('push:')) return `push:${addressKey.slice(5, 13)}…`;
  if (addressKey.includes('@')) {
    const [local, domain] = addressKey.split('@') as [string, string];
    return `${local.slice(0, 1)}…@${domain}`;
  }
  return `${addressKey.slice(0, 3)}…${addressKey.slice(-2)}`;
}
