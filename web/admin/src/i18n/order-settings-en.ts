/** English messages of the "Orders & returns" settings page; `order-settings-vi.ts` carries every key. */
export const orderSettingsEn = {
  'nav.orderSettings': 'Orders & returns',

  'orderSettings.intro':
    'What shoppers may do themselves on the storefront, when unpaid bank transfers are given up, and which staff hear of each new order. Staff are never held to it: they cancel orders and open returns whenever they judge right.',
  'orderSettings.readOnly': 'You can see these settings; changing them needs the store settings permission.',
  'orderSettings.cancellation': 'Cancellation by the shopper',
  'orderSettings.shopperCancelMinutes': 'Minutes to cancel after ordering',
  'orderSettings.shopperCancelMinutesHint':
    '0 to 10080 (a week). For this long after placing an order, the shopper may cancel it on the storefront while it has not shipped. 0: shoppers cannot cancel themselves.',
  'orderSettings.unpaid': 'Unpaid bank transfers',
  'orderSettings.unpaidCancelDays': 'Days before an unpaid order is cancelled',
  'orderSettings.unpaidCancelDaysHint':
    '0 to 90. A bank-transfer order still unpaid this many days after it was placed is cancelled and its stock goes back on sale; the shopper is reminded halfway. 0: never cancelled.',
  'orderSettings.returns': 'Returns',
  'orderSettings.returnWindowDays': 'Return window (days)',
  'orderSettings.returnWindowDaysHint':
    '0 to 365. Days after delivery (or after shipment when delivery is not recorded) in which the shopper may ask for a return on the storefront. 0: returns only through the shop.',
  'orderSettings.staffNotices': 'New order e-mails',
  'orderSettings.newOrderEmails': 'Tell staff of new orders (addresses)',
  'orderSettings.newOrderEmailsHint':
    'Staff told of every new order, at most {max}: one address per line (or separated by commas). Each gets an e-mail with the order and a link to it here once the shopper’s confirmation went out. Empty: nobody.',
  'orderSettings.emailLine': 'Line {n}: {message}',
  'orderSettings.tooManyEmails': 'At most {max} addresses.',
  'orderSettings.range': 'A whole number from {min} to {max}.',
  'orderSettings.fixFields': 'Some fields need attention.',
  'orderSettings.saved': 'Order settings saved.',
  'orderSettings.unchanged': 'Nothing to save: no changes.',
} satisfies Record<string, string>;
