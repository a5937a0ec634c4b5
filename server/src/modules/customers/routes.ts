import type { FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { principalOf, requirePermission, storeOf } from '../../platform/auth/principal.ts';
import type { Platform } from '../../platform/context.ts';
import type { App } from '../../platform/http/app.ts';
import { sendCsvDownload } from '../../platform/http/csv-download.ts';
import { pageSchema } from '../../platform/http/pagination.ts';
import { auditContext } from '../audit/service.ts';
import { CUSTOMER_PERMISSION, STOREFRONT_PERMISSION } from '../identity/permissions.ts';
import { CustomerExportQuery, exportCustomersCsv } from './export.ts';
import { customerGroupRoutes } from './group-routes.ts';
import { CustomerImportView, importCustomers, MAX_CUSTOMER_IMPORT_ROWS } from './import.ts';
import {
  MyPricesQuery,
  MyPriceView,
  myPrices,
  MyProductPricesQuery,
  MyProductPriceView,
  myProductPrices,
} from './prices.ts';
import {
  AccountStatusInput,
  addAddress,
  AddressBookEntryInput,
  AddressBookEntryPatch,
  addWishlistItem,
  ConsentHistoryQuery,
  consentHistory,
  ConsentImportInput,
  confirmMarketingConsent,
  createCustomer,
  CustomerListQuery,
  CustomerPatch,
  eraseCustomer,
  exportCustomerData,
  getAddress,
  getCustomerDetail,
  getMarketingSettings,
  getProfile,
  importMarketingConsents,
  inviteToAccount,
  listAddresses,
  listCustomers,
  listWishlist,
  MarketingSettings,
  marketingConsentOf,
  NewCustomerInput,
  ProfilePatch,
  recordMarketingConsent,
  removeAddress,
  removeWishlistItem,
  setAccountStatus,
  setTaxExemption,
  TaxExemptionInput,
  updateAddress,
  updateCustomer,
  updateMarketingSettings,
  updateProfile,
  WishlistItemInput,
} from './service.ts';
import {
  AddressView,
  CONSENT_CHANNELS,
  CONSENT_STATUSES,
  ConsentHistoryView,
  ConsentView,
  CustomerDetailView,
  CustomerExportView,
  CustomerSummaryView,
  ErasureView,
  ProfileView,
  TaxExemptionView,
  WishlistItemView,
} from './views.ts';

const SIGNED_IN: Record<string, string[]>[] = [{ publishableKey: [], bearer: [] }];
const STAFF: Record<string, string[]>[] = [{ bearer: [] }, { apiKey: [] }];
const storeTags = ['customer accounts'];
const adminTags = ['customers'];

const Id = z.string().min(1).max(64);
const AddressParams = z.object({ addressId: Id });
const ItemParams = z.object({ itemId: Id });
const CustomerParams = z.object({ customerId: Id });
const ChannelParams = z.object({ channel: z.enum(CONSENT_CHANNELS) });
const ConsentBody = z.strictObject({ status: z.enum(CONSENT_STATUSES) });
const ListOf = <T extends z.ZodType>(item: T) => z.object({ data: z.array(item) });

/** The signed-in shopper: their store and customer id, from their token. */
function me(req: FastifyRequest): { storeId: string; customerId: string } {
  return { storeId: storeOf(req), customerId: principalOf(req).customerId! };
}

const attachment = (customerId: string) => `attachment; filename="customer-${customerId}.json"`;

/** The shopper's own profile, address book, wish list, consent and data export on the store API. */
async function storeRoutes(app: App, platform: Platform): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const db = platform.db;
  const signedIn = requirePermission(CUSTOMER_PERMISSION);
  const base = '/store/v1/customers/me';

  r.get(
    `${base}/profile`,
    {
      preHandler: signedIn,
      schema: {
        tags: storeTags,
        security: SIGNED_IN,
        summary: "The signed-in shopper's profile details (phone, locale, registration)",
        response: { 200: ProfileView },
      },
    },
    async (req) => getProfile(db, me(req)),
  );

  r.patch(
    `${base}/profile`,
    {
      preHandler: signedIn,
      schema: {
        tags: storeTags,
        security: SIGNED_IN,
        summary: "Change the signed-in shopper's phone number or locale (null clears one)",
        description: 'Names are changed with PATCH /store/v1/customers/me.',
        body: ProfilePatch,
        response: { 200: ProfileView },
      },
    },
    async (req) => updateProfile(db, { ...me(req), patch: req.body }),
  );

  r.get(
    `${base}/prices`,
    {
      preHandler: signedIn,
      schema: {
        tags: storeTags,
        security: SIGNED_IN,
        summary:
          "Variants' prices for the signed-in shopper, with their customer groups' price lists and rules",
        description:
          'Beside each price, the public one (a shopper in no group). Product pages are the same for ' +
          'everyone; a storefront asks this to show a signed-in shopper the price their cart will take. ' +
          'Unknown variants, and variants without a price in the currency, have null amounts.',
        querystring: MyPricesQuery,
        response: { 200: ListOf(MyPriceView) },
      },
    },
    async (req) =>
      myPrices(db, { ...me(req), variantIds: req.query.variant_ids, currency: req.query.currency }),
  );

  r.get(
    `${base}/product-prices`,
    {
      preHandler: signedIn,
      schema: {
        tags: storeTags,
        security: SIGNED_IN,
        summary: "Products' price ranges for the signed-in shopper, with their customer groups' prices",
        description:
          'For listings (search, categories), which show each product’s price range: the range this shopper ' +
          'pays across its variants and the public range beside it. Unknown products have null amounts.',
        querystring: MyProductPricesQuery,
        response: { 200: ListOf(MyProductPriceView) },
      },
    },
    async (req) =>
      myProductPrices(db, { ...me(req), productIds: req.query.product_ids, currency: req.query.currency }),
  );

  // --- address book ---------------------------------------------------------------------------

  r.get(
    `${base}/addresses`,
    {
      preHandler: signedIn,
      schema: {
        tags: storeTags,
        security: SIGNED_IN,
        summary: "The signed-in shopper's address book, oldest first",
        response: { 200: ListOf(AddressView) },
      },
    },
    async (req) => ({ data: await listAddresses(db, me(req)) }),
  );

  r.post(
    `${base}/addresses`,
    {
      preHandler: signedIn,
      schema: {
        tags: storeTags,
        security: SIGNED_IN,
        summary: 'Add an address to the address book',
        description:
          'The first address becomes the default shipping and billing address. A full address book ' +
          '(CUSTOMER_MAX_ADDRESSES) is 409 LIMIT_REACHED. Accepts Idempotency-Key.',
        body: AddressBookEntryInput,
        response: { 201: AddressView },
      },
    },
    async (req, reply) => {
      const address = await addAddress(db, {
        ...me(req),
        input: req.body,
        maxAddresses: platform.config.CUSTOMER_MAX_ADDRESSES,
      });
      return reply.code(201).send(address);
    },
  );

  r.get(
    `${base}/addresses/:addressId`,
    {
      preHandler: signedIn,
      schema: {
        tags: storeTags,
        security: SIGNED_IN,
        summary: 'One address of the address book',
        params: AddressParams,
        response: { 200: AddressView },
      },
    },
    async (req) => getAddress(db, { ...me(req), addressId: req.params.addressId }),
  );

  r.patch(
    `${base}/addresses/:addressId`,
    {
      preHandler: signedIn,
      schema: {
        tags: storeTags,
        security: SIGNED_IN,
        summary: 'Change an address, its label, or make it the default',
        description:
          '`address` replaces the whole address. `default_shipping: true` / `default_billing: true` make ' +
          'it the default (the previous default stops being one); to change a default, choose another address.',
        params: AddressParams,
        body: AddressBookEntryPatch,
        response: { 200: AddressView },
      },
    },
    async (req) => updateAddress(db, { ...me(req), addressId: req.params.addressId, patch: req.body }),
  );

  r.delete(
    `${base}/addresses/:addressId`,
    {
      preHandler: signedIn,
      schema: {
        tags: storeTags,
        security: SIGNED_IN,
        summary: 'Remove an address',
        description: 'If it was a default, the newest remaining address becomes the default.',
        params: AddressParams,
        response: { 204: z.null() },
      },
    },
    async (req, reply) => {
      await removeAddress(db, { ...me(req), addressId: req.params.addressId });
      return reply.code(204).send(null);
    },
  );

  // --- wish list ------------------------------------------------------------------------------

  r.get(
    `${base}/wishlist`,
    {
      preHandler: signedIn,
      schema: {
        tags: storeTags,
        security: SIGNED_IN,
        summary: "The signed-in shopper's wish list, newest first, with product titles",
        response: { 200: ListOf(WishlistItemView) },
      },
    },
    async (req) => ({ data: await listWishlist(db, me(req)) }),
  );

  r.post(
    `${base}/wishlist`,
    {
      preHandler: signedIn,
      schema: {
        tags: storeTags,
        security: SIGNED_IN,
        summary: 'Put a product or variant on the wish list',
        description:
          'Idempotent: adding what is already there answers 200 with the existing item. A product that ' +
          'is not for sale in this store (or an unknown variant) is 404; a full wish list 409 LIMIT_REACHED.',
        body: WishlistItemInput,
        response: { 200: WishlistItemView, 201: WishlistItemView },
      },
    },
    async (req, reply) => {
      const { item, created } = await addWishlistItem(db, {
        ...me(req),
        input: req.body,
        maxItems: platform.config.CUSTOMER_MAX_WISHLIST_ITEMS,
      });
      return reply.code(created ? 201 : 200).send(item);
    },
  );

  r.delete(
    `${base}/wishlist/:itemId`,
    {
      preHandler: signedIn,
      schema: {
        tags: storeTags,
        security: SIGNED_IN,
        summary: 'Take an item off the wish list',
        params: ItemParams,
        response: { 204: z.null() },
      },
    },
    async (req, reply) => {
      await removeWishlistItem(db, { ...me(req), itemId: req.params.itemId });
      return reply.code(204).send(null);
    },
  );

  // --- marketing consent ----------------------------------------------------------------------

  r.get(
    `${base}/consent`,
    {
      preHandler: signedIn,
      schema: {
        tags: storeTags,
        security: SIGNED_IN,
        summary: 'Where marketing consent stands on each channel (email, sms, push)',
        response: { 200: ListOf(ConsentView) },
      },
    },
    async (req) => ({ data: await marketingConsentOf(db, me(req)) }),
  );

  r.put(
    `${base}/consent/:channel`,
    {
      preHandler: signedIn,
      schema: {
        tags: storeTags,
        security: SIGNED_IN,
        summary: 'Grant or withdraw marketing consent on a channel',
        description:
          'Recorded with source `account` and the time; repeating the current answer records nothing. When the ' +
          'store asks for double opt-in, an e-mail grant waits for the shopper to confirm it from the link ' +
          'e-mailed to them (`awaiting_confirmation_since`); a withdrawal counts at once.',
        params: ChannelParams,
        body: ConsentBody,
        response: { 200: ConsentView },
      },
    },
    async (req) => {
      const recorded = await recordMarketingConsent(db, {
        ...me(req),
        channel: req.params.channel,
        status: req.body.status,
        source: 'account',
        actor: auditContext(req),
      });
      return recorded.consent;
    },
  );

  r.get(
    `${base}/consent/history`,
    {
      preHandler: signedIn,
      schema: {
        tags: storeTags,
        security: SIGNED_IN,
        summary: 'Every statement of marketing consent, newest first',
        querystring: ConsentHistoryQuery,
        response: { 200: pageSchema(ConsentHistoryView) },
      },
    },
    async (req) => consentHistory(db, { ...me(req), query: req.query }),
  );

  r.post(
    '/store/v1/marketing-consent/confirm',
    {
      config: { authentication: 'key', idempotency: false },
      preHandler: requirePermission(STOREFRONT_PERMISSION),
      schema: {
        tags: storeTags,
        security: [{ publishableKey: [] }],
        summary: 'Confirm marketing consent from the link e-mailed to the shopper (double opt-in)',
        description:
          'With the token of the link. The consent counts from now, recorded with where it was asked (checkout, ' +
          'account) and the request as its evidence. Confirming again answers the same. A forged token, or one ' +
          'of another store, is 401; a link expired (7 days) or withdrawn since is 410 `LINK_EXPIRED`.',
        body: z.strictObject({ token: z.string().min(1).max(512) }),
        response: { 200: ConsentView },
      },
    },
    async (req) =>
      confirmMarketingConsent(db, {
        storeId: storeOf(req),
        secret: platform.config.CARTON_SECRET,
        token: req.body.token,
      }),
  );

  r.get(
    `${base}/export`,
    {
      preHandler: signedIn,
      schema: {
        tags: storeTags,
        security: SIGNED_IN,
        summary: 'Download everything the store holds about the signed-in shopper (GDPR)',
        description: 'JSON, one section per module, served as an attachment. Audited.',
        response: { 200: CustomerExportView },
      },
    },
    async (req, reply) => {
      const who = me(req);
      const data = await exportCustomerData(db, { ...who, actor: auditContext(req) });
      return reply.header('content-disposition', attachment(who.customerId)).send(data);
    },
  );
}

/** The merchant's customer list, profiles, consent records, GDPR export and erasure. */
async function adminRoutes(app: App, platform: Platform): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const db = platform.db;
  const READ = requirePermission('customers.read');
  const MANAGE = requirePermission('customers.manage');
  const EXPORT = requirePermission('customers.export');
  const ERASE = requirePermission('customers.erase');

  r.get(
    '/admin/v1/customers',
    {
      preHandler: READ,
      schema: {
        tags: adminTags,
        security: STAFF,
        summary: 'Customers, newest first, with search by e-mail or name',
        querystring: CustomerListQuery,
        response: { 200: pageSchema(CustomerSummaryView) },
      },
    },
    async (req) => listCustomers(db, { storeId: storeOf(req), query: req.query }),
  );

  r.get(
    '/admin/v1/customers/export.csv',
    {
      preHandler: EXPORT,
      schema: {
        tags: adminTags,
        security: STAFF,
        summary: 'The customers as CSV (the list’s filters), for spreadsheets, mailing tools or a move',
        description:
          'One row per customer, newest first: id, e-mail, names, phone, language, account and status, e-mail ' +
          'and SMS marketing consent (yes/no), tax exempt, tags, the staff note, the default shipping address, ' +
          'created and last sign-in (UTC). Erased customers are left out. Streamed; bad filters are 400 before ' +
          'anything is sent. Audited (`customer.list_exported`, with the filters).',
        querystring: CustomerExportQuery,
        response: { 200: { description: 'CSV', content: { 'text/csv': { schema: z.string() } } } },
      },
    },
    async (req, reply) => {
      const csv = await exportCustomersCsv(db, {
        storeId: storeOf(req),
        query: req.query,
        actor: auditContext(req),
      });
      return sendCsvDownload(reply, `customers-${new Date().toISOString().slice(0, 10)}.csv`, csv);
    },
  );

  r.get(
    '/admin/v1/customers/:customerId',
    {
      preHandler: READ,
      schema: {
        tags: adminTags,
        security: STAFF,
        summary: 'A customer with their profile, addresses, marketing consent, wish list and groups',
        params: CustomerParams,
        response: { 200: CustomerDetailView },
      },
    },
    async (req) => getCustomerDetail(db, { storeId: storeOf(req), customerId: req.params.customerId }),
  );

  r.post(
    '/admin/v1/customers',
    {
      preHandler: MANAGE,
      schema: {
        tags: adminTags,
        security: STAFF,
        summary: 'Add a customer',
        description:
          'A phone order, a wholesale buyer: the customer with their names, phone, language, note, tags, first ' +
          'address and the marketing consent they gave, in one transaction. They have no password until they ' +
          'accept an invitation (`send_invite`, or `POST …/invite` later); until then they can check out as a ' +
          "guest with this e-mail and staff can make draft orders for them. An e-mail another customer (or a guest's " +
          'record) has is 409 ALREADY_EXISTS and nothing is kept. Emits `customer.created`; audited (the fields ' +
          'given, never their values). Accepts Idempotency-Key.',
        body: NewCustomerInput,
        response: { 201: CustomerDetailView },
      },
    },
    async (req, reply) =>
      reply.code(201).send(
        await createCustomer(platform, {
          storeId: storeOf(req),
          input: req.body,
          actor: auditContext(req),
        }),
      ),
  );

  r.patch(
    '/admin/v1/customers/:customerId',
    {
      preHandler: MANAGE,
      schema: {
        tags: adminTags,
        security: STAFF,
        summary: "Correct a customer's e-mail, names, phone, language, note or tags",
        description:
          'Left out: unchanged; null clears one; `tags` replaces them all. The e-mail is also where an account ' +
          'signs in; one another customer has is 409 ALREADY_EXISTS. An erased customer is 409. Emits ' +
          '`customer.profile_updated` with the fields changed; audited with their names.',
        params: CustomerParams,
        body: CustomerPatch,
        response: { 200: CustomerDetailView },
      },
    },
    async (req) =>
      updateCustomer(platform, {
        storeId: storeOf(req),
        customerId: req.params.customerId,
        input: req.body,
        actor: auditContext(req),
      }),
  );

  r.put(
    '/admin/v1/customers/:customerId/status',
    {
      preHandler: MANAGE,
      schema: {
        tags: adminTags,
        security: STAFF,
        summary: "Disable a customer's account, or enable it again",
        description:
          '`disabled`: they sign in no more, every session ends at once, password-reset and invitation links stop ' +
          'working; orders and data stay. An erased customer is 409. Emits `customer.account_disabled` / ' +
          '`customer.account_enabled`; audited.',
        params: CustomerParams,
        body: AccountStatusInput,
        response: { 200: CustomerDetailView },
      },
    },
    async (req) =>
      setAccountStatus(platform, {
        storeId: storeOf(req),
        customerId: req.params.customerId,
        input: req.body,
        actor: auditContext(req),
      }),
  );

  r.post(
    '/admin/v1/customers/:customerId/invite',
    {
      preHandler: MANAGE,
      schema: {
        tags: adminTags,
        security: STAFF,
        summary: 'E-mail a customer without a password a link to choose one',
        description:
          'For a customer staff added, or a guest who checked out: the link (storefront `/account/activate`) ' +
          'works once, for 7 days, and an earlier invitation stops working; in their language. 409 when they ' +
          'have an account already, it is disabled or they were erased; 503 when the e-mail could not be sent ' +
          '(no invitation is left out). Audited.',
        params: CustomerParams,
        response: {
          200: z.object({ emailed_to: z.string(), expires_at: z.string().describe('ISO 8601, UTC') }),
        },
      },
    },
    async (req) =>
      inviteToAccount(platform, {
        storeId: storeOf(req),
        customerId: req.params.customerId,
        actor: auditContext(req),
      }),
  );

  r.put(
    '/admin/v1/customers/:customerId/tax-exemption',
    {
      preHandler: MANAGE,
      schema: {
        tags: adminTags,
        security: STAFF,
        summary: 'Mark a customer tax exempt, or no longer',
        description:
          'An exempt customer is charged no tax: their cart from its next change, their orders, and draft orders ' +
          'started for them. Where prices include tax, the tax inside them is taken off (`totals.tax_exemption`). ' +
          '`reference` records what the exemption rests on (a resale certificate number); left out, the recorded ' +
          'one is kept. Audited; emits `customer.tax_exemption_changed`. An erased customer is 409.',
        params: CustomerParams,
        body: TaxExemptionInput,
        response: { 200: TaxExemptionView },
      },
    },
    async (req) =>
      setTaxExemption(db, {
        storeId: storeOf(req),
        customerId: req.params.customerId,
        input: req.body,
        actor: auditContext(req),
      }),
  );

  // --- a shopper's address book, kept by staff (a phone order, a corrected postcode) ------------

  r.post(
    '/admin/v1/customers/:customerId/addresses',
    {
      preHandler: MANAGE,
      schema: {
        tags: adminTags,
        security: STAFF,
        summary: "Add an address to a customer's address book",
        description:
          'As the shopper would (the first address becomes both defaults; a full book is 409 ' +
          'LIMIT_REACHED; an erased customer is 409). Audited. Accepts Idempotency-Key.',
        params: CustomerParams,
        body: AddressBookEntryInput,
        response: { 201: AddressView },
      },
    },
    async (req, reply) => {
      const address = await addAddress(db, {
        storeId: storeOf(req),
        customerId: req.params.customerId,
        input: req.body,
        maxAddresses: platform.config.CUSTOMER_MAX_ADDRESSES,
        actor: auditContext(req),
      });
      return reply.code(201).send(address);
    },
  );

  r.patch(
    '/admin/v1/customers/:customerId/addresses/:addressId',
    {
      preHandler: MANAGE,
      schema: {
        tags: adminTags,
        security: STAFF,
        summary: "Change an address of a customer's address book, or make it a default",
        description: '`address` replaces the whole address. Audited (which fields, not their values).',
        params: CustomerParams.extend(AddressParams.shape),
        body: AddressBookEntryPatch,
        response: { 200: AddressView },
      },
    },
    async (req) =>
      updateAddress(db, {
        storeId: storeOf(req),
        customerId: req.params.customerId,
        addressId: req.params.addressId,
        patch: req.body,
        actor: auditContext(req),
      }),
  );

  r.delete(
    '/admin/v1/customers/:customerId/addresses/:addressId',
    {
      preHandler: MANAGE,
      schema: {
        tags: adminTags,
        security: STAFF,
        summary: "Remove an address from a customer's address book",
        description: 'If it was a default, the newest remaining address becomes the default. Audited.',
        params: CustomerParams.extend(AddressParams.shape),
        response: { 204: z.null() },
      },
    },
    async (req, reply) => {
      await removeAddress(db, {
        storeId: storeOf(req),
        customerId: req.params.customerId,
        addressId: req.params.addressId,
        actor: auditContext(req),
      });
      return reply.code(204).send(null);
    },
  );

  r.get(
    '/admin/v1/customers/:customerId/consent/history',
    {
      preHandler: READ,
      schema: {
        tags: adminTags,
        security: STAFF,
        summary: "A customer's statements of marketing consent, newest first",
        params: CustomerParams,
        querystring: ConsentHistoryQuery,
        response: { 200: pageSchema(ConsentHistoryView) },
      },
    },
    async (req) =>
      consentHistory(db, { storeId: storeOf(req), customerId: req.params.customerId, query: req.query }),
  );

  r.put(
    '/admin/v1/customers/:customerId/consent/:channel',
    {
      preHandler: MANAGE,
      schema: {
        tags: adminTags,
        security: STAFF,
        summary: "Record a customer's marketing consent taken by staff (source `admin`)",
        description: 'Audited. An erased customer is 409.',
        params: CustomerParams.extend(ChannelParams.shape),
        body: ConsentBody,
        response: { 200: ConsentView },
      },
    },
    async (req) => {
      const recorded = await recordMarketingConsent(db, {
        storeId: storeOf(req),
        customerId: req.params.customerId,
        channel: req.params.channel,
        status: req.body.status,
        source: 'admin',
        actor: auditContext(req),
      });
      return recorded.consent;
    },
  );

  r.get(
    '/admin/v1/marketing-consents/settings',
    {
      preHandler: READ,
      schema: {
        tags: adminTags,
        security: STAFF,
        summary: "The store's marketing consent settings (double opt-in)",
        response: { 200: MarketingSettings },
      },
    },
    async (req) => getMarketingSettings(db, storeOf(req)),
  );

  r.patch(
    '/admin/v1/marketing-consents/settings',
    {
      preHandler: requirePermission('store.manage'),
      schema: {
        tags: adminTags,
        security: STAFF,
        summary: "Change the store's marketing consent settings",
        description:
          'With `double_opt_in`, e-mail consent a shopper gives at checkout or in their account counts only once ' +
          'they confirm it from a link e-mailed to that address (7 days); consent recorded by staff or imported ' +
          'counts at once, and so does every withdrawal. Consent already given stays as it is. Audited ' +
          '`store.marketing_settings_changed`.',
        body: MarketingSettings.partial(),
        response: { 200: MarketingSettings },
      },
    },
    async (req) =>
      updateMarketingSettings(db, { storeId: storeOf(req), input: req.body, actor: auditContext(req) }),
  );

  r.post(
    '/admin/v1/marketing-consents/import',
    {
      preHandler: MANAGE,
      schema: {
        tags: adminTags,
        security: STAFF,
        summary: 'Record marketing consent for many e-mail addresses, all or nothing',
        description:
          'Up to 1,000 entries. An e-mail with an account is recorded on it; others are kept for the guest ' +
          'and move to their account when they register. An entry older than where consent stands goes ' +
          'into the history only. Audited. Accepts Idempotency-Key.',
        body: ConsentImportInput,
        response: { 200: z.object({ recorded: z.number().int(), changed: z.number().int() }) },
      },
    },
    async (req) =>
      importMarketingConsents(db, { storeId: storeOf(req), input: req.body, actor: auditContext(req) }),
  );

  r.get(
    '/admin/v1/customers/:customerId/export',
    {
      preHandler: EXPORT,
      schema: {
        tags: adminTags,
        security: STAFF,
        summary: 'Download everything held about a customer (GDPR export)',
        description:
          'JSON, one section per module that holds personal data, served as an attachment. Audited.',
        params: CustomerParams,
        response: { 200: CustomerExportView },
      },
    },
    async (req, reply) => {
      const data = await exportCustomerData(db, {
        storeId: storeOf(req),
        customerId: req.params.customerId,
        actor: auditContext(req),
      });
      return reply.header('content-disposition', attachment(req.params.customerId)).send(data);
    },
  );

  r.post(
    '/admin/v1/customers/:customerId/erase',
    {
      preHandler: ERASE,
      schema: {
        tags: adminTags,
        security: STAFF,
        summary: "Erase a customer's personal data (GDPR)",
        description:
          "Confirm with the customer's current e-mail address (a mismatch is 422 CONFIRMATION_MISMATCH). " +
          'Every module erases what it holds in one transaction; orders and payments stay, anonymised. ' +
          'Erasing an erased customer returns the first erasure. Audited; emits `customer.erased`.',
        params: CustomerParams,
        body: z.strictObject({ confirm_email: z.string().trim().min(1).max(254) }),
        response: { 200: ErasureView },
      },
    },
    async (req) =>
      eraseCustomer(platform, {
        storeId: storeOf(req),
        customerId: req.params.customerId,
        confirmEmail: req.body.confirm_email,
        actor: auditContext(req),
      }),
  );
}

/** `POST /admin/v1/customers/import`: its own plugin scope, so the CSV body parser applies to it alone. */
async function importRoute(app: App, platform: Platform): Promise<void> {
  await app.register(async (scope) => {
    const bodyLimit = 5 * 1024 * 1024;
    scope.addContentTypeParser(
      ['text/csv', 'application/csv'],
      { parseAs: 'string', bodyLimit },
      (_req, body, done) => done(null, body),
    );
    scope.withTypeProvider<ZodTypeProvider>().post(
      '/admin/v1/customers/import',
      {
        bodyLimit,
        preHandler: requirePermission('customers.manage'),
        schema: {
          tags: adminTags,
          security: STAFF,
          summary: 'Add customers from a CSV file (Carton’s export or Shopify’s customer export)',
          description:
            `Send the file as the body (\`Content-Type: text/csv\`), at most ${MAX_CUSTOMER_IMPORT_ROWS} customers. ` +
            'Columns by name, any order: Email (required), First Name, Last Name, Phone, Locale, Tags ' +
            '(comma-separated), Note, Accepts Email Marketing, Accepts SMS Marketing (yes/no), and the address: ' +
            'Company, Address1, Address2, City, Region / Province Code, Postal Code / Zip, Country / Country Code ' +
            '(Shopify’s "Default Address …" names too); others are ignored. Each row is added as staff would add ' +
            'it, in its own transaction: an invalid row is reported with its row number and the rest go on; an ' +
            'e-mail the store has already is skipped, never overwritten. Nobody is e-mailed. Audited ' +
            '(`customer.imported` with the counts, and each customer created).',
          consumes: ['text/csv'],
          body: z.string().describe('The CSV file'),
          response: { 200: CustomerImportView },
        },
      },
      async (req) =>
        importCustomers(platform, { storeId: storeOf(req), csv: req.body, actor: auditContext(req) }),
    );
  });
}

export async function customersRoutes(app: App, platform: Platform): Promise<void> {
  await storeRoutes(app, platform);
  await importRoute(app, platform);
  await adminRoutes(app, platform);
  await customerGroupRoutes(app, platform);
}
