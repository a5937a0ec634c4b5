import { sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Platform } from '../../platform/context.ts';
import { decryptSecret, encryptSecret } from '../../platform/crypto.ts';
import { withStore, type DbOrTx } from '../../platform/db/database.ts';
import { AppError } from '../../platform/errors.ts';
import { emitEvent } from '../../platform/events/outbox.ts';
import { parseInput } from '../../platform/validation.ts';
import { publicBaseUrl } from '../identity/emails.ts';
import { auditAs, type Actor } from '../audit/service.ts';
import { CHANNELS, type Channel } from './contacts.ts';
import { logProvider } from './providers/log.ts';
import { CHANNEL_PROVIDERS, type MessagingProvider, type ProviderName } from './providers/provider.ts';
import { sendgridProvider } from './providers/sendgrid.ts';
import { smtpProvider } from './providers/smtp.ts';
import { twilioProvider } from './providers/twilio.ts';
import { generateVapidKeys, webpushProvider } from './providers/webpush.ts';

/**
 * Per-store messaging settings: frequency caps, and for each channel the provider that sends it,
 * its settings and its credentials. Credentials are encrypted at rest (AES-256-GCM, bound to the
 * store and channel) and never shown again — only whether each is set and a hint. A channel
 * never configured uses: e-mail → `smtp` through the platform's mailer (SMTP_URL, or the local
 * capture server); SMS and push → `log` (recorded, not delivered).
 */

// --- frequency caps ----------------------------------------------------------------------------

export const DEFAULT_CAPS: Record<Channel, number> = { email: 16 * 3600, sms: 24 * 3600, push: 24 * 3600 };

export interface MessagingSettingsView {
  frequency_caps: Record<Channel, { seconds: number }>;
}

export const MessagingSettingsPatch = z.strictObject({
  frequency_caps: z
    .strictObject(
      Object.fromEntries(
        CHANNELS.map((c) => [
          c,
          z
            .strictObject({
              seconds: z
                .number()
                .int()
                .min(0)
                .max(30 * 86_400),
            })
            .optional()
            .describe(`Least time between two recovery messages to one contact by ${c}; 0: no cap`),
        ]),
      ) as Record<Channel, z.ZodOptional<z.ZodObject<{ seconds: z.ZodNumber }>>>,
    )
    .optional(),
});

interface SettingsRow {
  [k: string]: unknown;
  email_cap_seconds: number;
  sms_cap_seconds: number;
  push_cap_seconds: number;
}

export async function frequencyCaps(tx: DbOrTx, storeId: string): Promise<Record<Channel, number>> {
  const { rows } = await tx.execute<SettingsRow>(
    sql`SELECT * FROM messaging_settings WHERE store_id = ${storeId}`,
  );
  const r = rows[0];
  return r
    ? { email: r.email_cap_seconds, sms: r.sms_cap_seconds, push: r.push_cap_seconds }
    : { ...DEFAULT_CAPS };
}

const settingsView = (caps: Record<Channel, number>): MessagingSettingsView => ({
  frequency_caps: {
    email: { seconds: caps.email },
    sms: { seconds: caps.sms },
    push: { seconds: caps.push },
  },
});

export async function getMessagingSettings(
  platform: Platform,
  storeId: string,
): Promise<MessagingSettingsView> {
  return settingsView(await withStore(platform.db, storeId, (tx) => frequencyCaps(tx, storeId)));
}

/** Change the frequency caps. Audited; emits `messaging_settings.updated`. */
export async function updateMessagingSettings(
  platform: Platform,
  o: { storeId: string; patch: z.input<typeof MessagingSettingsPatch>; actor?: Actor },
): Promise<MessagingSettingsView> {
  const patch = parseInput(MessagingSettingsPatch, o.patch);
  const { storeId } = o;
  return withStore(platform.db, storeId, async (tx) => {
    const before = await frequencyCaps(tx, storeId);
    const after = { ...before };
    for (const c of CHANNELS) {
      const v = patch.frequency_caps?.[c];
      if (v) after[c] = v.seconds;
    }
    await tx.execute(sql`
      INSERT INTO messaging_settings (store_id, email_cap_seconds, sms_cap_seconds, push_cap_seconds)
      VALUES (${storeId}, ${after.email}, ${after.sms}, ${after.push})
      ON CONFLICT (store_id) DO UPDATE SET email_cap_seconds = EXCLUDED.email_cap_seconds,
        sms_cap_seconds = EXCLUDED.sms_cap_seconds, push_cap_seconds = EXCLUDED.push_cap_seconds, updated_at = now()`);
    const view = settingsView(after);
    await emitEvent(tx, {
      storeId,
      type: 'messaging_settings.updated',
      aggregateType: 'messaging_settings',
      aggregateId: storeId,
      payload: view as unknown as Record<string, unknown>,
    });
    await auditAs(tx, o.actor, {
      storeId,
      action: 'messaging_settings.updated',
      entityType: 'messaging_settings',
      entityId: storeId,
      before: settingsView(before),
      after: view,
    });
    return view;
  });
}

// --- channel providers -------------------------------------------------------------------------

const Secret = (max = 512) => z.string().min(1).max(max);
const FromEmail = z.email().max(254);

/** What each provider is told (write-only secrets in `credentials`). */
export const ChannelSettingsInput = z.discriminatedUnion('provider', [
  z.strictObject({ provider: z.literal('log') }),
  z.strictObject({
    provider: z.literal('smtp'),
    config: z
      .strictObject({
        from_email: FromEmail.optional(),
        from_name: z.string().max(100).optional(),
        reply_to: FromEmail.optional(),
        host: z
          .string()
          .max(253)
          .optional()
          .describe("The store's own SMTP server; without it, the platform's"),
        port: z.number().int().min(1).max(65535).optional(),
        secure: z
          .boolean()
          .optional()
          .describe('TLS from the start (port 465); otherwise STARTTLS when offered'),
        username: z.string().max(256).optional(),
      })
      .default({}),
    credentials: z.strictObject({ password: Secret().optional() }).optional(),
  }),
  z.strictObject({
    provider: z.literal('sendgrid'),
    config: z.strictObject({
      from_email: FromEmail,
      from_name: z.string().max(100).optional(),
      reply_to: FromEmail.optional(),
      webhook_verification_key: z
        .string()
        .regex(/^[A-Za-z0-9+/=\s]{40,400}$/)
        .optional()
        .describe("The Signed Event Webhook's verification key (base64 public key from SendGrid)"),
    }),
    credentials: z.strictObject({ api_key: Secret().optional() }).optional(),
  }),
  z.strictObject({
    provider: z.literal('twilio'),
    config: z
      .strictObject({
        account_sid: z.string().regex(/^AC[0-9a-fA-F]{32}$/, 'a Twilio Account SID (AC…)'),
        from: z
          .string()
          .regex(/^\+[1-9]\d{6,14}$/, 'an E.164 number')
          .optional(),
        messaging_service_sid: z
          .string()
          .regex(/^MG[0-9a-fA-F]{32}$/)
          .optional(),
      })
      .refine((c) => c.from || c.messaging_service_sid, 'a sender: from or messaging_service_sid'),
    credentials: z.strictObject({ auth_token: Secret(128).optional() }).optional(),
  }),
  z.strictObject({
    provider: z.literal('webpush'),
    config: z.strictObject({
      vapid_subject: z
        .string()
        .regex(/^(mailto:\S+@\S+|https:\/\/\S+)$/, 'mailto: or https: (RFC 8292)')
        .describe('Who the push services contact about this sender'),
    }),
    credentials: z
      .strictObject({
        vapid_public_key: z
          .string()
          .regex(/^[A-Za-z0-9_-]{80,90}$/)
          .optional(),
        vapid_private_key: z
          .string()
          .regex(/^[A-Za-z0-9_-]{40,50}$/)
          .optional(),
      })
      .optional()
      .describe('Omit to keep the current keys, or to have a key pair generated'),
  }),
]);
export type ChannelSettingsInput = z.input<typeof ChannelSettingsInput>;

/** Secrets each provider needs before it can send. */
const REQUIRED_SECRETS: Record<ProviderName, string[]> = {
  log: [],
  smtp: [],
  sendgrid: ['api_key'],
  twilio: ['auth_token'],
  webpush: ['vapid_private_key'],
};

export interface ChannelSettingsView {
  channel: Channel;
  provider: ProviderName;
  configured: boolean;
  config: Record<string, unknown>;
  credentials: Record<string, { set: true; hint: string }>;
  /** Where the provider should POST delivery events or inbound messages. */
  webhook_urls: Record<string, string>;
  /** Push: the application server key browsers subscribe with. */
  vapid_public_key: string | null;
}

interface ChannelRow {
  [k: string]: unknown;
  channel: Channel;
  provider: ProviderName;
  config: Record<string, unknown>;
  credentials_ciphertext: string | null;
  credential_hints: Record<string, string>;
}

const secretContext = (storeId: string, channel: Channel) => `messaging_channel:${storeId}:${channel}`;
const hintOf = (s: string) => (s.length > 12 ? `${s.slice(0, 4)}…${s.slice(-4)}` : '…');

const DEFAULT_PROVIDER: Record<Channel, ProviderName> = { email: 'smtp', sms: 'log', push: 'log' };

async function readChannel(tx: DbOrTx, storeId: string, channel: Channel): Promise<ChannelRow | null> {
  const { rows } = await tx.execute<ChannelRow>(
    sql`SELECT * FROM messaging_channel_settings WHERE store_id = ${storeId} AND channel = ${channel}`,
  );
  return rows[0] ?? null;
}

function webhookUrls(base: string, storeId: string, provider: ProviderName): Record<string, string> {
  const root = `${base}/ingest/v1/messaging`;
  if (provider === 'sendgrid') return { events: `${root}/sendgrid/${storeId}/events` };
  if (provider === 'twilio') {
    return {
      status_callback: `${root}/twilio/${storeId}/status`,
      inbound: `${root}/twilio/${storeId}/inbound`,
    };
  }
  return {};
}

function channelView(
  platform: Platform,
  storeId: string,
  channel: Channel,
  row: ChannelRow | null,
): ChannelSettingsView {
  const provider = row?.provider ?? DEFAULT_PROVIDER[channel];
  const hints = row?.credential_hints ?? {};
  const config = { ...(row?.config ?? {}) };
  const vapid = typeof config.vapid_public_key === 'string' ? config.vapid_public_key : null;
  delete config.vapid_public_key;
  return {
    channel,
    provider,
    configured: row !== null,
    config,
    credentials: Object.fromEntries(
      Object.entries(hints).map(([k, hint]) => [k, { set: true as const, hint }]),
    ),
    webhook_urls: webhookUrls(publicBaseUrl(platform.config), storeId, provider),
    vapid_public_key: provider === 'webpush' ? vapid : null,
  };
}

export async function getChannelSettings(
  platform: Platform,
  storeId: string,
): Promise<ChannelSettingsView[]> {
  return withStore(platform.db, storeId, async (tx) => {
    const out: ChannelSettingsView[] = [];
    for (const c of CHANNELS) out.push(channelView(platform, storeId, c, await readChannel(tx, storeId, c)));
    return out;
  });
}

/**
 * Choose and configure a channel's provider. Secrets not sent are kept when the provider stays
 * the same (so settings can change without re-entering a key); a provider without its required
 * secrets is 422 and nothing changes. A `webpush` channel without keys gets a fresh VAPID pair.
 * Audited (hints only); emits `messaging_channel.updated`.
 */
export async function updateChannelSettings(
  platform: Platform,
  o: { storeId: string; channel: Channel; input: ChannelSettingsInput; actor?: Actor },
): Promise<ChannelSettingsView> {
  const input = parseInput(ChannelSettingsInput, o.input);
  const { storeId, channel } = o;
  if (!CHANNEL_PROVIDERS[channel].includes(input.provider)) {
    throw new AppError('UNPROCESSABLE', `The ${input.provider} provider does not send ${channel} messages.`, {
      errors: [{ path: 'body.provider', message: `one of ${CHANNEL_PROVIDERS[channel].join(', ')}` }],
    });
  }
  const secret = platform.config.CARTON_SECRET;
  const context = secretContext(storeId, channel);
  return withStore(platform.db, storeId, async (tx) => {
    const before = await readChannel(tx, storeId, channel);
    const kept: Record<string, string> =
      before && before.provider === input.provider && before.credentials_ciphertext
        ? JSON.parse(decryptSecret(secret, before.credentials_ciphertext, context))
        : {};
    const given = Object.fromEntries(
      Object.entries(('credentials' in input && input.credentials) || {}).filter(
        ([, v]) => typeof v === 'string',
      ),
    ) as Record<string, string>;
    const secrets = { ...kept, ...given };
    const config: Record<string, unknown> = { ...('config' in input ? input.config : {}) };
    if (input.provider === 'webpush') {
      if (given.vapid_private_key && !given.vapid_public_key) {
        throw new AppError('VALIDATION_FAILED', 'A VAPID private key needs its public key.', {
          errors: [{ path: 'body.credentials.vapid_public_key', message: 'required with vapid_private_key' }],
        });
      }
      if (!secrets.vapid_private_key) {
        const pair = generateVapidKeys();
        secrets.vapid_private_key = pair.privateKey;
        secrets.vapid_public_key = pair.publicKey;
      }
      config.vapid_public_key = secrets.vapid_public_key;
      delete secrets.vapid_public_key;
    }
    const missing = REQUIRED_SECRETS[input.provider].filter((k) => !secrets[k]);
    if (missing.length) {
      throw new AppError('UNPROCESSABLE', `The ${input.provider} provider needs ${missing.join(', ')}.`, {
        errors: missing.map((k) => ({ path: `body.credentials.${k}`, message: 'required' })),
      });
    }
    const hints = Object.fromEntries(Object.entries(secrets).map(([k, v]) => [k, hintOf(v)]));
    const ciphertext = Object.keys(secrets).length
      ? encryptSecret(secret, JSON.stringify(secrets), context)
      : null;
    const { rows } = await tx.execute<ChannelRow>(sql`
      INSERT INTO messaging_channel_settings (store_id, channel, provider, config, credentials_ciphertext, credential_hints)
      VALUES (${storeId}, ${channel}, ${input.provider}, ${JSON.stringify(config)}::jsonb, ${ciphertext},
              ${JSON.stringify(hints)}::jsonb)
      ON CONFLICT (store_id, channel) DO UPDATE SET provider = EXCLUDED.provider, config = EXCLUDED.config,
        credentials_ciphertext = EXCLUDED.credentials_ciphertext, credential_hints = EXCLUDED.credential_hints,
        updated_at = now()
      RETURNING *`);
    const view = channelView(platform, storeId, channel, rows[0]!);
    await emitEvent(tx, {
      storeId,
      type: 'messaging_channel.updated',
      aggregateType: 'messaging_channel',
      aggregateId: `${storeId}:${channel}`,
      payload: { channel, provider: input.provider, credentials: Object.keys(hints) },
    });
    await auditAs(tx, o.actor, {
      storeId,
      action: 'messaging_channel.updated',
      entityType: 'messaging_channel',
      entityId: channel,
      before: before ? channelView(platform, storeId, channel, before) : null,
      after: view,
    });
    return view;
  });
}

/** What the send path and the webhooks need of a channel: its provider and decrypted settings. */
export interface ChannelSetup {
  provider: ProviderName;
  config: Record<string, unknown>;
  secrets: Record<string, string>;
}

export async function channelSetup(
  platform: Platform,
  tx: DbOrTx,
  storeId: string,
  channel: Channel,
): Promise<ChannelSetup> {
  const row = await readChannel(tx, storeId, channel);
  if (!row) return { provider: DEFAULT_PROVIDER[channel], config: {}, secrets: {} };
  const secrets = row.credentials_ciphertext
    ? (JSON.parse(
        decryptSecret(
          platform.config.CARTON_SECRET,
          row.credentials_ciphertext,
          secretContext(storeId, channel),
        ),
      ) as Record<string, string>)
    : {};
  return { provider: row.provider, config: row.config, secrets };
}

/**
 * The store's VAPID public key, for a browser's `PushManager.subscribe({ applicationServerKey })`;
 * null while push goes through another provider (`log`: nothing reaches a browser).
 */
export async function pushPublicKey(platform: Pick<Platform, 'db'>, storeId: string): Promise<string | null> {
  const row = await withStore(platform.db, storeId, (tx) => readChannel(tx, storeId, 'push'));
  const key = row?.provider === 'webpush' ? row.config.vapid_public_key : null;
  return typeof key === 'string' ? key : null;
}

const str = (v: unknown): string | undefined => (typeof v === 'string' && v ? v : undefined);

/** The provider object for a channel's setup. */
export function providerOf(platform: Platform, setup: ChannelSetup, storeName: string): MessagingProvider {
  const { config: c, secrets } = setup;
  const timeoutMs = platform.config.MESSAGING_PROVIDER_TIMEOUT_MS;
  switch (setup.provider) {
    case 'log':
      return logProvider(platform.log);
    case 'smtp': {
      const fromEmail = str(c.from_email);
      const name = (str(c.from_name) ?? storeName).replace(/["\\\r\n]/g, '');
      return smtpProvider(
        {
          host: str(c.host),
          port: typeof c.port === 'number' ? c.port : undefined,
          secure: typeof c.secure === 'boolean' ? c.secure : undefined,
          username: str(c.username),
          password: secrets.password,
          from: fromEmail ? `"${name}" <${fromEmail}>` : null,
          replyTo: str(c.reply_to),
          timeoutMs,
        },
        platform.mailer,
      );
    }
    case 'sendgrid':
      return sendgridProvider({
        apiBase: platform.config.SENDGRID_API_BASE,
        apiKey: secrets.api_key ?? '',
        fromEmail: str(c.from_email) ?? '',
        fromName: str(c.from_name) ?? storeName,
        replyTo: str(c.reply_to),
        timeoutMs,
      });
    case 'twilio':
      return twilioProvider({
        apiBase: platform.config.TWILIO_API_BASE,
        accountSid: str(c.account_sid) ?? '',
        authToken: secrets.auth_token ?? '',
        from: str(c.from),
        messagingServiceSid: str(c.messaging_service_sid),
        timeoutMs,
      });
    case 'webpush':
      return webpushProvider({
        subject: str(c.vapid_subject) ?? 'mailto:no-reply@carton.local',
        publicKey: str(c.vapid_public_key) ?? '',
        privateKey: secrets.vapid_private_key ?? '',
        timeoutMs,
        allowPrivateNetworks: platform.config.NODE_ENV !== 'production',
      });
  }
}
