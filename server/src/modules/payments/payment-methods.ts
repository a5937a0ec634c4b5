import { z } from 'zod';

/**
 * A payment method as Carton accepts it: a provider token (`tok_visa`, `pm_1Nq…`), never a card
 * number. Anything with a run of 12 or more digits (spaces and dashes ignored) is refused as a
 * card number, and the value is not echoed back: card numbers never touch Carton.
 */
export function looksLikeCardNumber(value: string): boolean {
  return /\d{12,}/.test(value.replace(/[\s-]/g, ''));
}

export const CARD_NUMBER_REFUSED =
  'looks like a card number: send the payment-method token your provider gave the storefront ' +
  '(tok_…, pm_…); card numbers never reach Carton';

export const PaymentMethodToken = z
  .string()
  .max(255)
  .superRefine((value, ctx) => {
    if (looksLikeCardNumber(value)) ctx.addIssue({ code: 'custom', message: CARD_NUMBER_REFUSED });
    else if (!/^[A-Za-z0-9_]{3,255}$/.test(value)) {
      ctx.addIssue({ code: 'custom', message: 'a payment-method token such as tok_visa or pm_…' });
    }
  })
  .describe('A payment-method token from the provider (tok_visa with the test processor; pm_… with Stripe)');
