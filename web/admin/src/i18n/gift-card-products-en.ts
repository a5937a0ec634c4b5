/**
 * English messages of gift cards sold as products: the product form and list, the order page's
 * gift card lines and the cards they became, and the gift card page's order. `gift-card-products-vi.ts`
 * carries every key.
 */
export const giftCardProductsEn = {
  // the product form and list
  'giftCardProducts.giftCard': 'Sold as a gift card',
  'giftCardProducts.giftCardHint':
    'Each variant is a card value — its price is what the card is worth. The code is e-mailed to the buyer once paid; no coupon or tax applies.',
  'giftCardProducts.requiresShippingHint': 'A gift card ships nothing: its code is e-mailed.',
  'giftCardProducts.badge': 'Gift card',

  // the order page
  'giftCardProducts.bought': 'Gift cards bought',
  'giftCardProducts.boughtExplain':
    'The codes were e-mailed to {email}. A gift card cannot be returned: to take one back, disable it and refund what is left on it.',
  'giftCardProducts.awaitingPayment':
    'Each card is issued, and its code e-mailed to {email}, once the payment is captured.',
  'giftCardProducts.issuing': 'Issuing the cards: they appear here in a moment.',
  'giftCardProducts.noneIssued': 'No card was issued for this order.',
  'giftCardProducts.notReturnable':
    'Gift cards cannot be returned: to take one back, disable it on its page and refund what is left on it.',

  // the gift card page
  'giftCardProducts.boughtIn': 'Bought in order {number}',
} satisfies Record<string, string>;
