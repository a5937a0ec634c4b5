import type { Platform } from '../../../platform/context.ts';
import type { ProviderCode } from '../schema.ts';
import { stripeCredentials } from '../settings.ts';
import type { PaymentProvider } from './provider.ts';
import { stripeProvider } from './stripe.ts';
import { testProcessor } from './test-processor.ts';

/** The provider that handles a store's payments of `code`, with the store's credentials. */
export async function providerFor(
  platform: Platform,
  storeId: string,
  code: ProviderCode,
): Promise<PaymentProvider> {
  if (code === 'test') return testProcessor(platform);
  const credentials = await stripeCredentials(platform, storeId);
  return stripeProvider({
    apiBase: platform.config.STRIPE_API_BASE,
    secretKey: credentials.secretKey,
    webhookSecret: credentials.webhookSecret,
    timeoutMs: platform.config.PAYMENTS_PROVIDER_TIMEOUT_MS,
    toleranceSeconds: platform.config.STRIPE_WEBHOOK_MAX_AGE_SECONDS,
  });
}
