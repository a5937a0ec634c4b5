/**
 * The test processor's payment-method tokens, named like Stripe's test tokens, and how each
 * behaves. Messages are what a shopper reads; lost and stolen cards get the generic decline, as
 * card networks advise (the reason stays in the decline code for the merchant).
 */
export type TestCardBehaviour =
  | { kind: 'succeed' }
  | { kind: 'decline'; code: string; message: string }
  | { kind: 'challenge' }
  | { kind: 'timeout' };

const DECLINED = 'Your card was declined.';

export const TEST_CARDS: Readonly<Record<string, TestCardBehaviour>> = {
  tok_visa: { kind: 'succeed' },
  tok_visa_debit: { kind: 'succeed' },
  tok_mastercard: { kind: 'succeed' },
  tok_amex: { kind: 'succeed' },
  tok_chargeDeclined: { kind: 'decline', code: 'generic_decline', message: DECLINED },
  tok_chargeDeclinedInsufficientFunds: {
    kind: 'decline',
    code: 'insufficient_funds',
    message: 'Your card has insufficient funds.',
  },
  tok_chargeDeclinedExpiredCard: { kind: 'decline', code: 'expired_card', message: 'Your card has expired.' },
  tok_chargeDeclinedIncorrectCvc: {
    kind: 'decline',
    code: 'incorrect_cvc',
    message: "Your card's security code is incorrect.",
  },
  tok_chargeDeclinedLostCard: { kind: 'decline', code: 'lost_card', message: DECLINED },
  tok_chargeDeclinedStolenCard: { kind: 'decline', code: 'stolen_card', message: DECLINED },
  tok_chargeDeclinedProcessingError: {
    kind: 'decline',
    code: 'processing_error',
    message: 'An error occurred while processing your card. Try again in a little bit.',
  },
  tok_threeDSecureRequired: { kind: 'challenge' },
  tok_timeout: { kind: 'timeout' },
};

/** A card that asks for a challenge, charged while its holder is not there to answer it. */
export const AUTHENTICATION_REQUIRED = {
  kind: 'decline',
  code: 'authentication_required',
  message: 'This card needs its holder to confirm the payment: send them a payment link.',
} as const satisfies TestCardBehaviour;

/** The message of a failed 3-D Secure challenge. */
export const CHALLENGE_FAILED = {
  code: 'authentication_failed',
  message:
    'We are unable to authenticate your payment method. Please choose a different payment method and try again.',
} as const;

/**
 * The card behind each test token, as the test processor describes a card it keeps: Stripe's
 * test numbers' brands and last four digits. Test cards expire at the end of the year after next.
 */
export const TEST_CARD_DETAILS: Readonly<Record<string, { brand: string; last4: string }>> = {
  tok_visa: { brand: 'visa', last4: '4242' },
  tok_visa_debit: { brand: 'visa', last4: '5556' },
  tok_mastercard: { brand: 'mastercard', last4: '4444' },
  tok_amex: { brand: 'amex', last4: '8431' },
  tok_chargeDeclined: { brand: 'visa', last4: '0002' },
  tok_chargeDeclinedInsufficientFunds: { brand: 'visa', last4: '9995' },
  tok_chargeDeclinedExpiredCard: { brand: 'visa', last4: '0069' },
  tok_chargeDeclinedIncorrectCvc: { brand: 'visa', last4: '0127' },
  tok_chargeDeclinedLostCard: { brand: 'visa', last4: '9987' },
  tok_chargeDeclinedStolenCard: { brand: 'visa', last4: '9979' },
  tok_chargeDeclinedProcessingError: { brand: 'visa', last4: '0119' },
  tok_threeDSecureRequired: { brand: 'visa', last4: '3220' },
  tok_timeout: { brand: 'visa', last4: '0341' },
};
