/**
 * English messages of the customer page's saved cards (those a shopper kept at checkout or in
 * their account, and their removal by staff); `saved-cards-vi.ts` carries every key.
 */
export const savedCardsEn = {
  'savedCards.title': 'Saved cards',
  'savedCards.none': 'No saved cards. Customers save cards at checkout or in their account.',
  'savedCards.noNumbers':
    'The payment provider keeps these cards; Carton never holds card numbers, only the brand, the last four digits and the expiry.',
  'savedCards.card': '{brand} •••• {last4}',
  'savedCards.expires': 'Expires {month}/{year}',
  'savedCards.expired': 'Expired',
  'savedCards.lastUsed': 'Last used {date}',
  'savedCards.neverUsed': 'Never used',
  'savedCards.remove': 'Remove {card}',
  'savedCards.removeTitle': 'Remove saved card',
  'savedCards.removeExplain':
    '{card} is detached at the payment provider and can no longer be charged. The customer can save it again at checkout.',
  'savedCards.removed': 'Saved card removed.',
} satisfies Record<string, string>;
