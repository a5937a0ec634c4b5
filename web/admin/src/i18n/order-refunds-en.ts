/** English messages of the order page's refunds (without a return); `order-refunds-vi.ts` carries every key. */
export const orderRefundsEn = {
  'orderRefunds.title': 'Refunds',
  'orderRefunds.explain':
    'Refund shipped items the customer keeps, the shipping, or an amount of goodwill. Items are refunded at what they were paid for.',
  'orderRefunds.noItems': 'No shipped item is left to refund: refund the shipping or an amount.',
  'orderRefunds.shipping': 'Refund shipping ({currency})',
  'orderRefunds.shippingHint': 'At most {amount}: the shipping charged with its tax, less what was refunded.',
  'orderRefunds.extra': 'Additional amount ({currency})',
  'orderRefunds.extraHint': 'Goodwill or a price adjustment, on top of items and shipping.',
  'orderRefunds.amountInvalid': 'Enter an amount of zero or more.',
  'orderRefunds.shippingTooMuch': 'At most {max}.',
  'orderRefunds.storeCredit': 'Refund as store credit',
  'orderRefunds.storeCreditHint':
    'A new gift card for the amount, its code sent to the customer; the payment is not touched.',
  'orderRefunds.notify': 'Tell the customer',
  'orderRefunds.total': 'Refund total',
  'orderRefunds.itemsEstimate': 'Items (about {amount}; the server values them at what they were paid for)',
  'orderRefunds.giftCardsFirst':
    'Gift cards that paid the order get their part back first, the payment the rest.',
  'orderRefunds.refundedToast': 'Refund {number} made.',
  'orderRefunds.pendingToast':
    'Refund {number} asked: the payment provider has not answered yet; it is asked again.',
  'orderRefunds.amount': 'Amount: {amount}',
  'orderRefunds.refundedAmount': 'refunded {amount}',
  'orderRefunds.toGiftCards': 'To gift cards: {amount}',
  'orderRefunds.items': 'Items: {items}',
  'orderRefunds.shippingPart': 'Shipping: {amount}',
  'orderRefunds.extraPart': 'Additional: {amount}',
  'orderRefunds.failed': 'Refused: {message}',
  'orderRefunds.nRefunded': '{n} refunded',
} satisfies Record<string, string>;
