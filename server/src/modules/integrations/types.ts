import { z } from 'zod';
import { PLATFORMS } from './schema.ts';

/**
 * The neutral shapes every platform's payloads are mapped into (one pure mapping file per
 * platform), and that the recovery port hands on. Money is integer minor units of `currency`;
 * times are ISO 8601 in UTC. Each mapped value is validated against these schemas before it is
 * recorded, so a mapping mistake is a refused delivery, never a half-understood cart.
 */

export const Source = z.enum(PLATFORMS);
export type Source = z.infer<typeof Source>;

const Instant = z.iso.datetime({ offset: false });
const Currency = z.string().regex(/^[A-Z]{3}$/, 'an ISO 4217 code such as USD');
const MinorUnits = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);
const Text = (max: number) => z.string().min(1).max(max);
// Platforms accept addresses stricter validators refuse; an e-mail here only needs to be one.
const Email = z
  .string()
  .max(254)
  .regex(/^[^@\s]+@[^@\s]+$/, 'an e-mail address');
const Phone = z.string().min(3).max(40);
const Url = z.url().max(2048);

export const ExternalContactRef = z.object({
  email: Email.optional(),
  phone: Phone.optional(),
  firstName: Text(200).optional(),
  /** What the shopper said at checkout about marketing, when the platform tells (unknown: absent). */
  acceptsMarketing: z.boolean().optional(),
  externalCustomerId: Text(100).optional(),
});

export const ExternalCartItem = z.object({
  externalProductId: Text(100).optional(),
  sku: Text(200).optional(),
  title: Text(500),
  variantTitle: Text(500).optional(),
  quantity: z.number().int().min(1).max(1_000_000),
  /** Per unit, minor units, as the shopper was shown it. */
  unitPrice: MinorUnits,
  imageUrl: Url.optional(),
  url: Url.optional(),
});

/** A cart or checkout on the platform, as it stood at `updatedAt`. */
export const ExternalCart = z.object({
  storeId: Text(64),
  source: Source,
  /** The platform's cart or checkout id, stable across updates. */
  externalId: Text(200),
  contact: ExternalContactRef,
  currency: Currency,
  /** The cart's total, minor units. */
  value: MinorUnits,
  items: z.array(ExternalCartItem).max(500),
  /** The platform's own link back to this cart (Shopify's abandoned_checkout_url, WooCommerce's payment_url). */
  recoveryUrl: Url.optional(),
  updatedAt: Instant,
  /** Set when the checkout was completed: by the port's contract, a purchase of this cart. */
  completedAt: Instant.optional(),
});
export type ExternalCart = z.infer<typeof ExternalCart>;

/** An order placed on the platform: the purchase that ends any recovery of its cart. */
export const ExternalPurchase = z.object({
  storeId: Text(64),
  source: Source,
  externalOrderId: Text(200),
  /** The cart or checkout it was placed from (the `externalId` of an ExternalCart), when known. */
  externalCartId: Text(200).optional(),
  email: Email.optional(),
  phone: Phone.optional(),
  currency: Currency,
  total: MinorUnits,
  placedAt: Instant,
});
export type ExternalPurchase = z.infer<typeof ExternalPurchase>;

/**
 * A statement of marketing consent the platform holds about a customer, with where it came from
 * (`source`, and the platform's own wording in `detail`) and when it was given or withdrawn.
 */
export const ConsentStatement = z.object({
  channel: z.enum(['email', 'sms']),
  status: z.enum(['granted', 'withdrawn']),
  source: Source,
  /** When the customer said so; the platform's record time when it keeps no other. */
  occurredAt: Instant,
  /** The platform's own state, e.g. `subscribed/confirmed_opt_in` (Shopify). */
  detail: Text(100).optional(),
});
export type ConsentStatement = z.infer<typeof ConsentStatement>;

/** A customer record on the platform (customers topics), with their marketing consent. */
export const ExternalContact = z.object({
  storeId: Text(64),
  source: Source,
  externalCustomerId: Text(100),
  email: Email.optional(),
  phone: Phone.optional(),
  firstName: Text(200).optional(),
  lastName: Text(200).optional(),
  /** Per channel, what the platform says now; a channel it says nothing about is absent. */
  consent: z.array(ConsentStatement).max(2),
  updatedAt: Instant,
});
export type ExternalContact = z.infer<typeof ExternalContact>;

/** What one delivery or polled item maps to: any number of carts, purchases and contacts. */
export interface Mapped {
  carts: ExternalCart[];
  purchases: ExternalPurchase[];
  contacts: ExternalContact[];
}

export const nothingMapped = (): Mapped => ({ carts: [], purchases: [], contacts: [] });
