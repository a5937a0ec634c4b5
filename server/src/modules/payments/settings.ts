import { eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Config } from '../../platform/config.ts';
import type { Platform } from '../../platform/context.ts';
import { decryptSecret, encryptSecret } from '../../platform/crypto.ts';
import { withStore, type Db, type DbOrTx } from '../../platform/db/database.ts';
import { AppError } from '../../platform/errors.ts';
import { emitEvent } from '../../platform/events/outbox.ts';
import { parseInput } from '../../platform/validation.ts';
import { recordAudit, type AuditContext } from '../audit/service.ts';
import {
  MANUAL_METHODS,
  paymentSettings as settingsTable,
  type CaptureMode,
  type ManualMethod,
  type ManualMethods,
  type PaymentSettingsRow,
} from './schema.ts';
import { ManualMethodPatch, withManualMethods } from './manual-methods.ts';
import { paymentSettingsView, type PaymentSettingsView } from './views.ts';

export const PaymentSettingsPatch = z.strictObject({
  provider: z.enum(['test', 'stripe']).optional().describe('Who processes new payments'),
  capture_mode: z
    .enum(['on_placement', 'on_fulfilment'])
    .optional()
    .describe('Capture when the order is placed, or when it is fulfilled'),
  stripe_secret_key: z
    .string()
    .regex(
      /^(sk|rk)_(test|live)_[A-Za-z0-9]{8,240}$/,
      'a Stripe secret or restricted key (sk_live_…, sk_test_…)',
    )
    .nullable()
    .optional()
    .describe('Write-only; null removes it'),
  stripe_webhook_secret: z
    .string()
    .regex(/^whsec_[A-Za-z0-9+/=_-]{8,240}$/, "a Stripe webhook endpoint's signing secret (whsec_…)")
    .nullable()
    .optional()
    .describe('Write-only; null removes it'),
  stripe_publishable_key: z
    .string()
    .regex(/^pk_(test|live)_[A-Za-z0-9]{8,240}$/, 'a Stripe publishable key (pk_live_…, pk_test_…)')
    .nullable()
    .optional()
    .describe(
      'Public: the storefront gives it to Stripe.js to collect cards in the browser; null removes it',
    ),
  manual_methods: z
    .strictObject(
      Object.fromEntries(MANUAL_METHODS.map((m) => [m, ManualMethodPatch.optional()])) as Record<
        ManualMethod,
        z.ZodOptional<typeof ManualMethodPatch>
      >,
    )
    .optional()
    .describe(
      'Methods paid outside Carton — cash on delivery, bank transfer: the order is placed unpaid and ' +
        'staff mark it paid (capture) when the money arrives. Methods left out keep their setting.',
    ),
});
export type PaymentSettingsPatch = z.input<typeof PaymentSettingsPatch>;

/** What a store that never changed its settings uses. */
export const DEFAULT_PAYMENT_SETTINGS = { provider: 'test', captureMode: 'on_placement' } as const;
const DEFAULTS = DEFAULT_PAYMENT_SETTINGS;

/** Whether the built-in test processor may take payments here (off in production unless enabled). */
export function testProcessorEnabled(config: Config): boolean {
  return (config.PAYMENTS_TEST_PROCESSOR ?? (config.NODE_ENV === 'production' ? 'off' : 'on')) === 'on';
}

/** A payment about to go to the test processor where it is switched off: refused before anything is written. */
export function assertProviderEnabled(config: Config, provider: string): void {
  if (provider !== 'test' || testProcessorEnabled(config)) return;
  throw new AppError(
    'PAYMENTS_NOT_CONFIGURED',
    'This store cannot take payments yet: the built-in test processor is switched off here. ' +
      'Set up a payment provider (PATCH /admin/v1/payment-settings).',
  );
}

async function readSettings(db: DbOrTx, storeId: string): Promise<PaymentSettingsRow | null> {
  const [row] = await db.select().from(settingsTable).where(eq(settingsTable.storeId, storeId));
  return row ?? null;
}

/**
 * The store's provider for new payments and when it captures. Stores that never changed their
 * settings use the built-in test processor and capture on order placement.
 */
export async function paymentSettings(
  db: DbOrTx,
  storeId: string,
): Promise<{ provider: 'test' | 'stripe'; captureMode: CaptureMode }> {
  const row = await readSettings(db, storeId);
  return row ? { provider: row.provider, captureMode: row.captureMode } : { ...DEFAULTS };
}

export async function getPaymentSettings(platform: Platform, storeId: string): Promise<PaymentSettingsView> {
  const row = await withStore(platform.db, storeId, (tx) => readSettings(tx, storeId));
  return paymentSettingsView(storeId, row, platform.config.PUBLIC_URL);
}

const secretContext = (storeId: string, field: string) => `payment_settings:${storeId}:${field}`;

/** `sk_test_…4242`: enough to recognise a key, not to use it. */
function hintOf(secret: string): string {
  const prefix = secret.startsWith('whsec_') ? 'whsec_' : secret.split('_').slice(0, 2).join('_') + '_';
  return `${prefix}…${secret.slice(-4)}`;
}

/**
 * Change the store's payment settings. Secrets are stored encrypted and never shown again; the
 * Stripe provider needs both its secret key and its webhook signing secret. Audited; emits
 * `payment_settings.updated`.
 */
export async function updatePaymentSettings(
  platform: Platform,
  options: { storeId: string; patch: PaymentSettingsPatch; actor?: AuditContext },
): Promise<PaymentSettingsView> {
  const patch = parseInput(PaymentSettingsPatch, options.patch);
  const { storeId } = options;
  const secret = platform.config.CARTON_SECRET;
  const row = await withStore(platform.db, storeId, async (tx) => {
    const before = await readSettings(tx, storeId);
    const values: Partial<PaymentSettingsRow> = {};
    if (patch.provider === 'test' && !testProcessorEnabled(platform.config)) {
      throw new AppError('UNPROCESSABLE', 'The built-in test processor is switched off on this server.', {
        errors: [{ path: 'body.provider', message: 'not available here (PAYMENTS_TEST_PROCESSOR=off)' }],
      });
    }
    if (patch.provider !== undefined) values.provider = patch.provider;
    if (patch.capture_mode !== undefined) values.captureMode = patch.capture_mode;
    if (patch.manual_methods) {
      values.manualMethods = withManualMethods(before?.manualMethods ?? {}, patch.manual_methods);
    }
    if (patch.stripe_secret_key !== undefined) {
      values.stripeSecretKeyCiphertext = patch.stripe_secret_key
        ? encryptSecret(secret, patch.stripe_secret_key, secretContext(storeId, 'stripe_secret_key'))
        : null;
      values.stripeSecretKeyHint = patch.stripe_secret_key ? hintOf(patch.stripe_secret_key) : null;
    }
    if (patch.stripe_webhook_secret !== undefined) {
      values.stripeWebhookSecretCiphertext = patch.stripe_webhook_secret
        ? encryptSecret(secret, patch.stripe_webhook_secret, secretContext(storeId, 'stripe_webhook_secret'))
        : null;
      values.stripeWebhookSecretHint = patch.stripe_webhook_secret
        ? hintOf(patch.stripe_webhook_secret)
        : null;
    }
    if (patch.stripe_publishable_key !== undefined)
      values.stripePublishableKey = patch.stripe_publishable_key;
    const [saved] = await tx
      .insert(settingsTable)
      .values({ storeId, ...DEFAULTS, ...values })
      .onConflictDoUpdate({ target: settingsTable.storeId, set: { ...values, updatedAt: sql`now()` } })
      .returning();
    const after = saved!;
    if (
      after.provider === 'stripe' &&
      (!after.stripeSecretKeyCiphertext || !after.stripeWebhookSecretCiphertext)
    ) {
      throw new AppError(
        'UNPROCESSABLE',
        'The Stripe provider needs a secret key and a webhook signing secret.',
        {
          errors: [
            ...(after.stripeSecretKeyCiphertext
              ? []
              : [{ path: 'body.stripe_secret_key', message: 'required for stripe' }]),
            ...(after.stripeWebhookSecretCiphertext
              ? []
              : [{ path: 'body.stripe_webhook_secret', message: 'required for stripe' }]),
          ],
        },
      );
    }
    // Test keys with test keys, live with live: Stripe refuses a card collected in the other mode.
    const modeOf = (key: string | null) => /^[a-z]+_(test|live)_/.exec(key ?? '')?.[1];
    const secretMode = modeOf(after.stripeSecretKeyHint);
    const publicMode = modeOf(after.stripePublishableKey);
    if (secretMode && publicMode && secretMode !== publicMode) {
      throw new AppError('UNPROCESSABLE', 'The Stripe keys are of different modes (test and live).', {
        errors: [
          { path: 'body.stripe_publishable_key', message: `a ${secretMode} key, as the secret key is` },
        ],
      });
    }
    const stripeConfigured = Boolean(after.stripeSecretKeyCiphertext && after.stripeWebhookSecretCiphertext);
    await emitEvent(tx, {
      storeId,
      type: 'payment_settings.updated',
      aggregateType: 'payment_settings',
      aggregateId: storeId,
      payload: {
        provider: after.provider,
        capture_mode: after.captureMode,
        stripe_configured: stripeConfigured,
        manual_methods: MANUAL_METHODS.filter((m) => after.manualMethods[m]?.enabled),
      },
    });
    if (options.actor) {
      const show = (r: PaymentSettingsRow | null) =>
        paymentSettingsView(storeId, r, platform.config.PUBLIC_URL);
      await recordAudit(tx, {
        ...options.actor,
        storeId,
        action: 'payment_settings.updated',
        entityType: 'payment_settings',
        entityId: storeId,
        before: before ? show(before) : null,
        after: show(after),
      });
    }
    return after;
  });
  return paymentSettingsView(storeId, row, platform.config.PUBLIC_URL);
}

/** The manual methods the store takes, each with what the shopper is told. */
export async function manualMethodsOf(db: Db, storeId: string): Promise<ManualMethods> {
  return (await withStore(db, storeId, (tx) => readSettings(tx, storeId)))?.manualMethods ?? {};
}

export const OfferedPaymentMethods = z.object({
  card: z
    .object({
      provider: z.enum(['test', 'stripe']),
      publishable_key: z
        .string()
        .nullable()
        .optional()
        .describe(
          'Stripe: the key for Stripe.js (null until the shop sets it: the storefront cannot take cards)',
        ),
      js_url: z.string().optional().describe('Stripe: where the storefront loads Stripe.js from'),
    })
    .nullable()
    .describe(
      "Cards, through this provider (the storefront collects the card with the provider's own form); null when none is set up",
    ),
  manual: z
    .array(
      z.object({
        method: z.enum(MANUAL_METHODS),
        instructions: z
          .string()
          .nullable()
          .describe('What the shopper will be asked to do after placing the order'),
      }),
    )
    .describe(
      'Methods paid outside the shop: the order is placed unpaid; pass `method` as the payment_method',
    ),
});
export type OfferedPaymentMethods = z.infer<typeof OfferedPaymentMethods>;

/** What a shopper may pay this store with, for the checkout page. */
export async function offeredPaymentMethods(
  platform: Platform,
  storeId: string,
): Promise<OfferedPaymentMethods> {
  const row = await withStore(platform.db, storeId, (tx) => readSettings(tx, storeId));
  const provider = row?.provider ?? DEFAULTS.provider;
  const cardReady =
    provider === 'test'
      ? testProcessorEnabled(platform.config)
      : Boolean(row?.stripeSecretKeyCiphertext && row.stripeWebhookSecretCiphertext);
  return {
    card: !cardReady
      ? null
      : provider === 'stripe'
        ? {
            provider,
            publishable_key: row?.stripePublishableKey ?? null,
            js_url: platform.config.STRIPE_JS_URL,
          }
        : { provider },
    manual: MANUAL_METHODS.filter((m) => row?.manualMethods[m]?.enabled).map((method) => ({
      method,
      instructions: row!.manualMethods[method]!.instructions,
    })),
  };
}

/** The store's Stripe credentials, decrypted; UNPROCESSABLE when they are not set. */
export async function stripeCredentials(
  platform: Platform,
  storeId: string,
): Promise<{ secretKey: string; webhookSecret: string | null }> {
  const row = await withStore(platform.db, storeId, (tx) => readSettings(tx, storeId));
  return stripeCredentialsOf(platform, storeId, row);
}

/** `stripeCredentials` from the settings row the caller has just read. */
export function stripeCredentialsOf(
  platform: Platform,
  storeId: string,
  row: PaymentSettingsRow | null,
): { secretKey: string; webhookSecret: string | null } {
  if (!row?.stripeSecretKeyCiphertext) {
    throw new AppError(
      'UNPROCESSABLE',
      'Stripe is not configured for this store: set its keys in the payment settings.',
    );
  }
  const secret = platform.config.CARTON_SECRET;
  return {
    secretKey: decryptSecret(
      secret,
      row.stripeSecretKeyCiphertext,
      secretContext(storeId, 'stripe_secret_key'),
    ),
    webhookSecret: row.stripeWebhookSecretCiphertext
      ? decryptSecret(
          secret,
          row.stripeWebhookSecretCiphertext,
          secretContext(storeId, 'stripe_webhook_secret'),
        )
      : null,
  };
}
