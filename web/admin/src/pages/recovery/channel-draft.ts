import type { Answer, Body } from '../../api/client.ts';

/**
 * The messaging channels page's editable form of a channel and of the frequency caps, and the
 * conversions to the API's bodies. Secrets are never in a view: the form starts them empty, and
 * an empty secret is left out of the body so that the server keeps the one it holds.
 */

export type ChannelView = Answer<'/admin/v1/messaging/channels', 'get'>['data'][number];
export type Channel = ChannelView['channel'];
export type Provider = ChannelView['provider'];
type ChannelBody = Body<'/admin/v1/messaging/channels/{channel}', 'put'>;
type Caps = Answer<'/admin/v1/messaging/settings', 'get'>;
type CapsBody = Body<'/admin/v1/messaging/settings', 'patch'>;

export const CHANNEL_PROVIDERS: Record<Channel, readonly Provider[]> = {
  email: ['smtp', 'sendgrid', 'log'],
  sms: ['twilio', 'log'],
  push: ['webpush', 'log'],
};

export interface ConfigField {
  name: string;
  kind: 'text' | 'email' | 'number' | 'boolean' | 'long';
}

const sender: ConfigField[] = [
  { name: 'from_email', kind: 'email' },
  { name: 'from_name', kind: 'text' },
  { name: 'reply_to', kind: 'email' },
];

/** Each provider's settings, in the order the form shows them. */
export const CONFIG_FIELDS: Record<Provider, ConfigField[]> = {
  log: [],
  smtp: [
    ...sender,
    { name: 'host', kind: 'text' },
    { name: 'port', kind: 'number' },
    { name: 'username', kind: 'text' },
    { name: 'secure', kind: 'boolean' },
  ],
  sendgrid: [...sender, { name: 'webhook_verification_key', kind: 'long' }],
  twilio: [
    { name: 'account_sid', kind: 'text' },
    { name: 'from', kind: 'text' },
    { name: 'messaging_service_sid', kind: 'text' },
  ],
  webpush: [{ name: 'vapid_subject', kind: 'text' }],
};

/** Each provider's write-only secrets. */
export const SECRET_FIELDS: Record<Provider, string[]> = {
  log: [],
  smtp: ['password'],
  sendgrid: ['api_key'],
  twilio: ['auth_token'],
  webpush: ['vapid_private_key', 'vapid_public_key'],
};

export interface ChannelDraft {
  provider: Provider;
  /** Every provider's settings as text, so switching provider and back loses nothing typed. */
  config: Record<string, string>;
  /** Secrets typed in this form (empty: keep the one held). */
  secrets: Record<string, string>;
}

export function channelDraft(view: ChannelView): ChannelDraft {
  const config: Record<string, string> = {};
  for (const [k, v] of Object.entries(view.config)) {
    if (v !== null && v !== undefined) config[k] = String(v);
  }
  return { provider: view.provider, config, secrets: {} };
}

/** The PUT body: the provider's fields only, blanks left out, numbers and switches typed. */
export function channelBody(d: ChannelDraft): ChannelBody {
  const config: Record<string, unknown> = {};
  for (const f of CONFIG_FIELDS[d.provider]) {
    const text = (d.config[f.name] ?? '').trim();
    if (f.kind === 'boolean') {
      if (text) config[f.name] = text === 'true';
    } else if (text) {
      config[f.name] = f.kind === 'number' && /^\d+$/.test(text) ? Number(text) : text;
    }
  }
  const credentials: Record<string, string> = {};
  for (const name of SECRET_FIELDS[d.provider]) {
    const value = (d.secrets[name] ?? '').trim();
    if (value) credentials[name] = value;
  }
  if (d.provider === 'log') return { provider: 'log' };
  return {
    provider: d.provider,
    config,
    ...(Object.keys(credentials).length ? { credentials } : {}),
  } as ChannelBody;
}

const CHANNELS = ['email', 'sms', 'push'] as const;

/** Caps are kept in seconds and edited in hours. */
export function capsDraft(caps: Caps): Record<Channel, string> {
  const hours = (s: number) => String(Math.round((s / 3600) * 100) / 100);
  return {
    email: hours(caps.frequency_caps.email.seconds),
    sms: hours(caps.frequency_caps.sms.seconds),
    push: hours(caps.frequency_caps.push.seconds),
  };
}

/** The caps changed from `was` (hours shown rounded must not rewrite a cap nobody touched). */
export function capsBody(
  d: Record<Channel, string>,
  was: Record<Channel, string>,
  message: string,
): { body: CapsBody } | { errors: Partial<Record<Channel, string>> } {
  const errors: Partial<Record<Channel, string>> = {};
  const caps: Record<string, { seconds: number }> = {};
  for (const c of CHANNELS) {
    if (d[c] === was[c]) continue;
    const text = d[c].trim().replace(',', '.');
    const hours = /^\d+(\.\d+)?$/.test(text) ? Number(text) : NaN;
    if (!(hours >= 0 && hours <= 720)) errors[c] = message;
    else caps[c] = { seconds: Math.round(hours * 3600) };
  }
  if (Object.keys(errors).length) return { errors };
  return { body: { frequency_caps: caps } };
}
