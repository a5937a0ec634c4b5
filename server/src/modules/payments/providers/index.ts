import type { Platform } from '../../../platform/context.ts';
import { AppError } from '../../../platform/errors.ts';
import type { IntentProvider, PaymentSettingsRow } from '../schema.ts';
import { stripeCredentials, stripeCredentialsOf } from '../settings.ts';
import { manualProvider } from './manual.ts';
import type { PaymentProvider } from './provider.ts';
import { stripeProvider } from './stripe.ts';
import { testProcessor } from './test-processor.ts';

/** The provider that handles a store's payments of `code`, with the store's credentials. */
export async function providerFor(
  platform: Platform,
  storeId: string,
  code: IntentProvider,
): Promise<PaymentProvider> {
  if (code === 'none') throw nothingToAsk();
  if (code === 'manual') return manualProvider;
  if (code === 'test') return testProcessor(platform);
  return stripeWith(platform, await stripeCredentials(platform, storeId));
}

/** `providerFor`, with the store's settings row the caller has just read (no read of its own). */
export function providerWith(
  platform: Platform,
  storeId: string,
  code: IntentProvider,
  settings: PaymentSettingsRow | null,
): PaymentProvider {
  if (code === 'none') throw nothingToAsk();
  if (code === 'manual') return manualProvider;
  if (code === 'test') return testProcessor(platform);
  return stripeWith(platform, stripeCredentialsOf(platform, storeId, settings));
}

function stripeWith(
  platform: Platform,
  credentials: { secretKey: string; webhookSecret: string | null },
): PaymentProvider {
  return stripeProvider({
    apiBase: platform.config.STRIPE_API_BASE,
    secretKey: credentials.secretKey,
    webhookSecret: credentials.webhookSecret,
    timeoutMs: platform.config.PAYMENTS_PROVIDER_TIMEOUT_MS,
    toleranceSeconds: platform.config.STRIPE_WEBHOOK_MAX_AGE_SECONDS,
  });
}

/** A payment of nothing (provider `none`) was captured when made: there is nothing to authorize, capture, void or refund. */
function nothingToAsk(): AppError {
  return new AppError(
    'INVALID_STATE_TRANSITION',
    'This payment was of nothing; no payment provider handles it.',
  );
}
