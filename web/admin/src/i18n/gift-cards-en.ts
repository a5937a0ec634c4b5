/**
 * English messages of the gift-card pages (list, issue, detail with its history), of the customer
 * page's gift cards, and of the order page's gift-card payments and store-credit refunds of returns;
 * `gift-cards-vi.ts` carries every key.
 */
export const giftCardsEn = {
  'nav.giftCards': 'Gift cards',

  'giftCards.intro':
    'Cards shoppers pay with at checkout, alone or beside another payment. Find one by the last four characters of its code or by the recipient’s e-mail.',
  'giftCards.search': 'Code’s last 4 characters or recipient’s e-mail',
  'giftCards.none': 'No gift cards yet.',
  'giftCards.noneFound': 'No gift card matches.',
  'giftCards.card': 'Card',
  'giftCards.endingIn': 'Gift card ending in {last}',
  'giftCards.title': 'Gift card {code}',
  'giftCards.balance': 'Balance',
  'giftCards.initialValue': 'Initial value',
  'giftCards.balanceOfValue': 'Balance / value',
  'giftCards.expires': 'Expires',
  'giftCards.never': 'Never',
  'giftCards.recipient': 'Recipient',
  'giftCards.customer': 'Customer',
  'giftCards.viewCustomer': 'View customer',
  'giftCards.note': 'Note',
  'giftCards.noteHint': 'For staff only; the recipient never sees it.',
  'giftCards.created': 'Issued',
  'giftCards.disabledAt': 'Disabled',
  'giftCards.status.active': 'Active',
  'giftCards.status.used_up': 'Used up',
  'giftCards.status.expired': 'Expired',
  'giftCards.status.disabled': 'Disabled',
  'giftCards.allStatuses': 'All',
  'giftCards.readOnly':
    'You can see this gift card; issuing and changing gift cards needs the gift-card permission.',

  'giftCards.issue': 'Issue gift card',
  'giftCards.value': 'Value ({currency})',
  'giftCards.currency': 'Currency',
  'giftCards.expiresAt': 'Expires at',
  'giftCards.expiresAtHint': 'Optional: empty, it never expires.',
  'giftCards.recipientEmail': 'Recipient’s e-mail',
  'giftCards.recipientEmailHint': 'Optional: the code is e-mailed to this address.',
  'giftCards.issueButton': 'Issue',
  'giftCards.valueInvalid': 'Enter a value above 0, such as 50.00.',
  'giftCards.issuedTitle': 'Gift card issued',
  'giftCards.issuedCode': 'The gift card’s code',
  'giftCards.codeOnce':
    'Copy it now: it cannot be shown again. Carton keeps only its hash; from now on the card is known by its last four characters.',
  'giftCards.emailed': 'The code was e-mailed to {email}.',
  'giftCards.notEmailed': 'Nobody was e-mailed: give the code to the recipient yourself.',
  'giftCards.copyCode': 'Copy code',
  'giftCards.open': 'Open the gift card',
  'giftCards.issuedToast': 'Gift card issued.',
  'giftCards.forCustomer': 'For {name}: the card is theirs, listed on their page and in their account.',

  'giftCards.issueBatch': 'Issue several',
  'giftCards.issueBatchTitle': 'Issue several gift cards',
  'giftCards.batchIntro':
    'Cards of one value, issued together — all or none, at most 500. Their codes come as a CSV file to download: the only time they are shown.',
  'giftCards.batchCount': 'How many',
  'giftCards.batchCountHint': 'From 1 to 500.',
  'giftCards.batchCountInvalid': 'Enter a whole number from 1 to 500.',
  'giftCards.batchValueHint': 'What each card is worth.',
  'giftCards.batchNoteHint': 'On every card, for staff only, such as “Spring fair”.',
  'giftCards.issueBatchButton': 'Issue and download codes',
  'giftCards.batchIssuedTitle': 'Gift cards issued',
  'giftCards.batchIssued.one':
    '1 gift card issued — its code is in the file you downloaded; it cannot be shown again.',
  'giftCards.batchIssued.other':
    '{n} gift cards issued — their codes are in the file you downloaded; they cannot be shown again.',
  'giftCards.batchKeepFile':
    'Keep the file somewhere safe: whoever holds a code can spend its card. Carton keeps only the codes’ hashes; in the list the cards are known by their last four characters.',
  'giftCards.saveFileAgain': 'Save the file again',

  'giftCards.customerTitle': 'Gift cards and store credit',
  'giftCards.customerNone': 'No gift cards or store credit for this customer.',

  'giftCards.disable': 'Disable',
  'giftCards.enable': 'Enable',
  'giftCards.disabledToast': 'Gift card disabled: nothing more can be spent with it.',
  'giftCards.enabledToast': 'Gift card enabled.',
  'giftCards.disabledExplain': 'Disabled: shoppers cannot spend it until it is enabled again.',
  'giftCards.edit': 'Change expiry and note',
  'giftCards.editTitle': 'Expiry and note of {code}',
  'giftCards.savedToast': 'Gift card saved.',
  'giftCards.unchanged': 'Nothing to save: no changes.',

  'giftCards.adjust': 'Adjust balance',
  'giftCards.adjustTitle': 'Adjust the balance of {code}',
  'giftCards.direction': 'Change',
  'giftCards.direction.add': 'Add value',
  'giftCards.direction.remove': 'Take value off',
  'giftCards.amount': 'Amount ({currency})',
  'giftCards.reason': 'Reason',
  'giftCards.reasonHint': 'Kept in the card’s history, with your name.',
  'giftCards.newBalance': 'New balance: {amount}',
  'giftCards.removeTooMuch': 'At most {amount} can be taken off: the balance cannot go below 0.',
  'giftCards.adjustedToast': 'Balance adjusted.',

  'giftCards.history': 'History',
  'giftCards.historyEmpty': 'Nothing recorded yet.',
  'giftCards.when': 'When',
  'giftCards.what': 'What',
  'giftCards.amountColumn': 'Amount',
  'giftCards.balanceAfter': 'Balance after',
  'giftCards.who': 'Who',
  'giftCards.you': 'you',
  'giftCards.kind.issue': 'Issued',
  'giftCards.kind.redeem': 'Spent on an order',
  'giftCards.kind.release': 'Given back (checkout failed)',
  'giftCards.kind.refund': 'Refunded from an order',
  'giftCards.kind.adjust': 'Adjusted',
  'giftCards.viewOrder': 'View order',

  'orders.giftCards': 'Gift cards',
  'orders.giftCard': 'Gift card {code}',
  'orders.giftCardRefunded': '(refunded {amount})',
  'orders.giftCardsRest': 'Gift cards paid {paid} of {total}; the payment below covered the rest, {rest}.',
  'orders.giftCardsAll': 'Gift cards paid the whole order ({total}): no other payment was needed.',

  'orders.refundTo': 'Refund to',
  'orders.refundToPayment': 'Refund to the original payment',
  'orders.refundToStoreCredit': 'Refund as store credit (a gift card e-mailed to the customer)',
  'orders.refundReturnAsStoreCredit': 'Refund {amount} as store credit',
  'orders.storeCreditTooMuch': 'At most {amount} as store credit: what the received items were paid for.',
  'orders.storeCreditIssuedToast':
    'Refunded as store credit: the gift card’s code was e-mailed to the customer.',
  'orders.refundedAsStoreCredit': 'Refunded as store credit',
  'orders.viewStoreCreditCard': 'View the gift card',
  'orders.createExchange': 'Create exchange order',
  'orders.createExchangeHint':
    'A draft order for the customer, started with the items of this order: change them to what they get instead. Their store credit pays it first.',

  'error.code.GIFT_CARD_INVALID': 'No gift card has this code.',
  'error.code.GIFT_CARD_EXPIRED': 'This gift card has expired.',
  'error.code.GIFT_CARD_BALANCE_CHANGED':
    'The gift card’s balance changed meanwhile. Check it and try again.',
} satisfies Record<string, string>;
