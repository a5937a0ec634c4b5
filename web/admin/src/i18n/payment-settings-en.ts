/** English messages of the payment settings page; `payment-settings-vi.ts` carries every key. */
export const paymentSettingsEn = {
  'nav.paymentSettings': 'Payment settings',

  'paymentSettings.readOnly': 'You can see these settings; changing them needs the payments permission.',
  'paymentSettings.cards': 'Card payments',
  'paymentSettings.provider': 'Payment provider',
  'paymentSettings.provider.test': 'Test processor (no real money)',
  'paymentSettings.provider.stripe': 'Stripe',
  'paymentSettings.providerHint':
    'Who takes card payments. Stripe needs its secret key and webhook signing secret below.',
  'paymentSettings.captureMode': 'When card payments are captured',
  'paymentSettings.captureMode.on_placement': 'When the order is placed',
  'paymentSettings.captureMode.on_fulfilment': 'When the order is shipped',
  'paymentSettings.captureModeHint':
    'Applies to payments made after the change; a payment keeps the mode it was made with.',
  'paymentSettings.stripe': 'Stripe',
  'paymentSettings.stripePublishableKey': 'Publishable key',
  'paymentSettings.stripePublishableKeyHint':
    'Public: the storefront gives it to Stripe.js, which collects the card so its number never reaches Carton.',
  'paymentSettings.noPublishableKey': 'Without a publishable key the storefront cannot take cards.',
  'paymentSettings.stripeSecretKey': 'Secret key',
  'paymentSettings.stripeWebhookSecret': 'Webhook signing secret',
  'paymentSettings.secretSet': 'Saved: {hint}. Leave empty to keep it; type a new one to replace it.',
  'paymentSettings.secretNotSet': 'Not set.',
  'paymentSettings.webhookUrl': 'Webhook URL to give Stripe',
  'paymentSettings.manual': 'Manual payment methods',
  'paymentSettings.manualHint':
    'Paid outside Carton: the order is placed unpaid, and staff mark it paid on the order’s page when the money arrives.',
  'paymentSettings.method.cash_on_delivery': 'Cash on delivery',
  'paymentSettings.method.bank_transfer': 'Bank transfer',
  'paymentSettings.offer': 'Offer at checkout',
  'paymentSettings.instructions': 'Instructions for the shopper',
  'paymentSettings.instructionsHint.cash_on_delivery':
    'Optional. Shown after the order is placed, e.g. “Please have the exact amount ready.”',
  'paymentSettings.instructionsHint.bank_transfer':
    'Required. Shown after the order is placed: the account to pay into and the reference to use (the order number).',
  'paymentSettings.saved': 'Payment settings saved.',
  'paymentSettings.unchanged': 'Nothing to save: no changes.',
} satisfies Record<string, string>;
