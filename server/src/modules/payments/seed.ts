import type { Platform } from '../../platform/context.ts';
import { updatePaymentSettings } from './settings.ts';

/** A sample bank account (a well-known test IBAN), so the demo shows what a shopper reads. */
const DEMO_TRANSFER_INSTRUCTIONS =
  'Demo Bank, account Carton Demo Store\nIBAN GB33 BUKB 2020 1555 5555 55 · BIC BUKBGB22';

/** The demo store takes cash on delivery and bank transfer besides cards (the test processor). */
export async function seedDemoPayments(platform: Platform, storeId: string): Promise<void> {
  await updatePaymentSettings(platform, {
    storeId,
    patch: {
      manual_methods: {
        cash_on_delivery: { enabled: true },
        bank_transfer: { enabled: true, instructions: DEMO_TRANSFER_INSTRUCTIONS },
      },
    },
  });
}
