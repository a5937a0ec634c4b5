import { z } from 'zod';
import { AddressView as PostalAddressView } from '../../platform/address.ts';

/** What the API shows (and services return): snake_case, timestamps as ISO 8601 UTC. */

const Timestamp = z.string().describe('ISO 8601, UTC');

export const CONSENT_CHANNELS = ['email', 'sms', 'push'] as const;
export type ConsentChannel = (typeof CONSENT_CHANNELS)[number];
export const CONSENT_STATUSES = ['granted', 'withdrawn'] as const;
export type ConsentStatus = (typeof CONSENT_STATUSES)[number];
/** Where a statement of consent was made (`messaging`: an unsubscribe link, a spam report, a sign-up form). */
export const CONSENT_SOURCES = ['checkout', 'account', 'import', 'admin', 'recovery', 'messaging'] as const;
export type ConsentSource = (typeof CONSENT_SOURCES)[number];

/** A stored postal address (platform/address.ts), as the API shows it. */

export const AddressView = z.object({
  id: z.string(),
  label: z.string().nullable().describe('The shopper\'s name for it: "Home", "Office"…'),
  address: PostalAddressView,
  is_default_shipping: z.boolean(),
  is_default_billing: z.boolean(),
  created_at: Timestamp,
  updated_at: Timestamp,
});
export type AddressView = z.infer<typeof AddressView>;

export const WishlistItemView = z.object({
  id: z.string(),
  product_id: z.string(),
  variant_id: z.string().nullable(),
  product: z
    .object({ title: z.string(), handle: z.string() })
    .nullable()
    .describe('Null when the product no longer exists'),
  variant: z.object({ title: z.string(), sku: z.string() }).nullable(),
  available: z.boolean().describe('The product (and variant) still exist and the product is for sale'),
  added_at: Timestamp,
});
export type WishlistItemView = z.infer<typeof WishlistItemView>;

export const ConsentView = z.object({
  channel: z.enum(CONSENT_CHANNELS),
  status: z
    .enum([...CONSENT_STATUSES, 'none'])
    .describe('`none`: never asked — which, for marketing, means no consent'),
  source: z.enum(CONSENT_SOURCES).nullable(),
  changed_at: Timestamp.nullable().describe('When the shopper gave or withdrew it'),
  awaiting_confirmation_since: Timestamp.nullable().describe(
    'Double opt-in: since when a grant has waited for the shopper to confirm it from the link e-mailed to them ' +
      '(it does not count until then); null when nothing waits',
  ),
});
export type ConsentView = z.infer<typeof ConsentView>;

export const ConsentHistoryView = z.object({
  id: z.string(),
  channel: z.enum(CONSENT_CHANNELS),
  status: z.enum(CONSENT_STATUSES),
  source: z.enum(CONSENT_SOURCES),
  occurred_at: Timestamp,
  recorded_at: Timestamp,
  actor_type: z.string().nullable(),
});
export type ConsentHistoryView = z.infer<typeof ConsentHistoryView>;

export const TaxExemptionView = z.object({
  exempt: z.boolean().describe('Their carts and orders are charged no tax'),
  reference: z.string().nullable().describe('What the exemption rests on, e.g. a resale certificate number'),
  expires_on: z
    .string()
    .nullable()
    .describe('The last day it applies (YYYY-MM-DD, UTC), as the certificate says; null: until ended'),
  active: z.boolean().describe('Exempt and not expired: what their carts are taxed by today'),
  updated_at: Timestamp.nullable().describe('When staff last changed it'),
});
export type TaxExemptionView = z.infer<typeof TaxExemptionView>;

export const ProfileView = z.object({
  customer_id: z.string(),
  phone: z.string().nullable(),
  locale: z.string().nullable(),
  registered_at: Timestamp.nullable().describe('When the shopper created their password'),
  was_guest: z.boolean().describe('They had checked out as a guest before registering'),
  erased_at: Timestamp.nullable(),
  tax_exemption: TaxExemptionView.describe('Set by staff: whether their carts and orders are charged no tax'),
});
export type ProfileView = z.infer<typeof ProfileView>;

export const CustomerSummaryView = z.object({
  id: z.string(),
  email: z.string(),
  first_name: z.string().nullable(),
  last_name: z.string().nullable(),
  status: z.enum(['active', 'disabled']),
  registered: z.boolean().describe('Has a password (false: a guest record made at checkout)'),
  erased: z.boolean(),
  tags: z.array(z.string()).describe("Staff's tags (lower case), to sort and find customers"),
  invited_until: Timestamp.nullable().describe(
    'Invited to choose a password: the open invitation works until then (null: none open)',
  ),
  created_at: Timestamp,
  last_login_at: Timestamp.nullable(),
});
export type CustomerSummaryView = z.infer<typeof CustomerSummaryView>;

export const CustomerDetailView = CustomerSummaryView.extend({
  note: z.string().nullable().describe("Staff's own note; the customer never sees it"),
  account_invitation: z
    .object({ sent_at: Timestamp, expires_at: Timestamp })
    .nullable()
    .describe('An invitation to choose a password that is still open (only for a customer without one)'),
  profile: ProfileView,
  addresses: z.array(AddressView),
  marketing_consent: z.array(ConsentView),
  wishlist: z.array(WishlistItemView),
  groups: z.array(z.object({ id: z.string(), name: z.string() })).describe('The customer groups they are in'),
});
export type CustomerDetailView = z.infer<typeof CustomerDetailView>;

export const CustomerGroupView = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string().nullable(),
  member_count: z.number().int(),
  created_at: Timestamp,
  updated_at: Timestamp,
});
export type CustomerGroupView = z.infer<typeof CustomerGroupView>;

export const CustomerExportView = z.object({
  format: z.literal('carton.customer-export.v1'),
  store_id: z.string(),
  customer_id: z.string(),
  exported_at: Timestamp,
  data: z
    .record(z.string(), z.unknown())
    .describe(
      'One section per module that holds personal data (identity, customers, and later cart, orders…)',
    ),
});
export type CustomerExportView = z.infer<typeof CustomerExportView>;

export const ErasureView = z.object({
  customer_id: z.string(),
  erased_at: Timestamp,
  erased_by: z.object({ type: z.string().nullable(), id: z.string().nullable() }),
  already_erased: z.boolean().describe('True when an earlier request had already erased the customer'),
  modules: z.array(z.string()).describe('The modules whose personal data this erasure covered'),
});
export type ErasureView = z.infer<typeof ErasureView>;

export const iso = (v: Date | string | null): string | null =>
  v === null ? null : new Date(v).toISOString();
export const isoOf = (v: Date | string): string => new Date(v).toISOString();
