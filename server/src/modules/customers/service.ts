/**
 * The customers module's public functions: what routes and other modules (checkout, orders,
 * recovery, cart) call. Identity owns shopper accounts (login, names, e-mail); this module owns
 * the rest of the profile. Functions take the Db (or, where noted, a store-scoped transaction)
 * and a typed options object, and throw AppError with stable codes.
 */
import './events.ts';
import './personal-data-handlers.ts';

export { customerIdForEmail, getProfile, updateProfile, ProfilePatch, type ProfileRow } from './profiles.ts';
export {
  addAddress,
  AddressBookEntryInput,
  AddressBookEntryPatch,
  DEFAULT_MAX_ADDRESSES,
  getAddress,
  listAddresses,
  removeAddress,
  updateAddress,
} from './addresses.ts';
export {
  addWishlistItem,
  DEFAULT_MAX_WISHLIST_ITEMS,
  listWishlist,
  removeWishlistItem,
  WishlistItemInput,
} from './wishlist.ts';
export {
  ConsentHistoryQuery,
  ConsentImportInput,
  consentHistory,
  ConsentStatement,
  confirmMarketingConsent,
  hasMarketingConsent,
  importMarketingConsents,
  linkGuestConsents,
  marketingConsentOf,
  MAX_CONSENT_IMPORT,
  recordMarketingConsent,
  recordMarketingConsentInTx,
  revokeCheckoutStatementInTx,
  type RecordConsentOptions,
  type RecordedConsent,
} from './consent.ts';
export { getMarketingSettings, MarketingSettings, updateMarketingSettings } from './consent-confirmation.ts';
export {
  eraseCustomer,
  exportCustomerData,
  personalDataHandlers,
  registerPersonalDataHandler,
  type PersonalDataHandler,
  type PersonalDataSubject,
} from './personal-data.ts';
export {
  CustomerListQuery,
  getCustomerDetail,
  GroupMembersQuery,
  listCustomers,
  listGroupMembers,
} from './directory.ts';
export {
  addGroupMembers,
  createCustomerGroup,
  CustomerGroupInput,
  CustomerGroupPatch,
  customerGroupIds,
  deleteCustomerGroup,
  getCustomerGroup,
  GroupMembersInput,
  listCustomerGroups,
  removeGroupMember,
  updateCustomerGroup,
} from './groups.ts';
export {
  AccountStatusInput,
  createCustomer,
  CustomerPatch,
  inviteToAccount,
  NewCustomerInput,
  setAccountStatus,
  updateCustomer,
} from './management.ts';
export type { Actor } from './shared.ts';
export { customerPricingFacts, setTaxExemption, TaxExemptionInput } from './tax-exemption.ts';
export {
  CONSENT_CHANNELS,
  CONSENT_SOURCES,
  CONSENT_STATUSES,
  type AddressView,
  type ConsentChannel,
  type ConsentSource,
  type ConsentStatus,
  type ConsentView,
  type CustomerDetailView,
  type CustomerExportView,
  type CustomerGroupView,
  type CustomerSummaryView,
  type ErasureView,
  type WishlistItemView,
} from './views.ts';
