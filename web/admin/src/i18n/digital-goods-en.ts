/**
 * English messages of products that ship nothing (digital goods, services, licences): the product
 * form, the product list, the order page and draft orders. `digital-goods-vi.ts` carries every key.
 */
export const digitalGoodsEn = {
  // the product form and list
  'digital.requiresShipping': 'Ships to the customer',
  'digital.requiresShippingHint':
    'Untick for digital goods, services and licences: the checkout asks no shipping address or method.',
  'digital.badge': 'Digital',

  // the order page and its fulfil dialog
  'digital.nothingToShip': 'Nothing to ship — digital goods or services.',
  'digital.noShipping': 'No shipping',
  'digital.markFulfilled': 'Mark fulfilled',
  'digital.fulfilledToast': 'Marked fulfilled.',
  'digital.fulfilExplain':
    'Nothing ships: record that the customer has what they bought (a licence key sent, a download given, a service done). No carrier or tracking is needed.',
  'digital.fulfilMixedExplain':
    'Items marked “No shipping” need no carrier or tracking; give them for the parcel, if one goes.',
  'digital.notifyFulfilled': 'Send the customer a notice that it is done',

  // draft orders
  'digital.draftNothingShips':
    'Nothing in this draft ships (digital goods or services): no shipping address or method is needed. The billing address is used for tax and the invoice.',
  'digital.billingNeeded': 'Needed: the customer’s address for tax and the invoice.',
  'digital.shippingAddressOptional':
    'Optional: nothing ships. When given, tax is reckoned on it rather than on the billing address.',
  'digital.removeShippingAddress': 'Remove the shipping address',
  'drafts.missing.billing_address': 'Save a billing address.',
  'error.code.SHIPPING_NOT_REQUIRED': 'Nothing here ships: no shipping method is needed.',
} satisfies Record<string, string>;
