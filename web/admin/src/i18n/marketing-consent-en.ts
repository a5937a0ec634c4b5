/**
 * English messages of marketing consent: the "Marketing consent" settings page (double opt-in)
 * and the customer page's consent card and history; `marketing-consent-vi.ts` carries every key.
 */
export const marketingConsentEn = {
  'nav.marketingSettings': 'Marketing consent',

  'marketingSettings.intro':
    'Whom the store may send news and offers: each customer’s consent per channel (e-mail, SMS, push) is on their page, with where it came from and its history.',
  'marketingSettings.readOnly':
    'You can see these settings; changing them needs the store settings permission.',
  'marketingSettings.doubleOptIn': 'Double opt-in',
  'marketingSettings.doubleOptInLabel': 'Ask shoppers to confirm their e-mail consent (double opt-in)',
  'marketingSettings.doubleOptInHint':
    'When a shopper ticks the box at checkout or subscribes in their account, they are e-mailed a link to confirm; their consent counts only once they follow it, within 7 days. Until then their customer page says "Awaiting confirmation" and they get no marketing e-mails. This proves the address belongs to whoever subscribed it, and some countries require it.',
  'marketingSettings.countsAtOnce': 'Always counted at once, with or without double opt-in:',
  'marketingSettings.countsStaff':
    'consent staff record for a customer, consent imported from a file, and consent taken through messaging (a sign-up form, a connected platform);',
  'marketingSettings.countsWithdrawal':
    'every withdrawal — unticking the box, the account, an unsubscribe link, a spam report — which also voids a confirmation link still open;',
  'marketingSettings.countsOther': 'SMS and push consent (double opt-in is for e-mail only).',
  'marketingSettings.existing': 'Turning it on or off changes nothing that was already given or withdrawn.',
  'marketingSettings.saved': 'Marketing settings saved.',
  'marketingSettings.unchanged': 'Nothing to save: no changes.',

  'consent.awaitingSince': 'Awaiting confirmation since',
  'consent.awaitingHint':
    'A confirmation link was e-mailed to them (double opt-in); the consent counts once they follow it.',
  'consent.via': 'via',
  'consent.source.checkout': 'Checkout',
  'consent.source.account': 'Customer account',
  'consent.source.import': 'Import',
  'consent.source.admin': 'Staff',
  'consent.source.recovery': 'Cart recovery',
  'consent.source.messaging': 'Messaging (unsubscribe, sign-up form)',
  'consent.history': 'Consent history',
  'consent.historyEmpty': 'Nothing recorded yet.',
  'consent.when': 'When',
  'consent.channel': 'Channel',
  'consent.statement': 'Consent',
  'consent.source': 'Source',
} satisfies Record<string, string>;
