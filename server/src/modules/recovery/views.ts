import { z } from 'zod';
import { TRACKED_CART_STATUSES } from './states.ts';
import { DEVICES, TRACKED_CART_SOURCES, type TrackedCartRow } from './tracked-carts.ts';
import type { RecoveryContact } from './contacts.ts';

const Timestamp = z.string().describe('ISO 8601, UTC');
const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());

export const TrackedCartItemView = z.object({
  product_id: z.string().nullable(),
  variant_id: z.string().nullable(),
  sku: z.string().nullable(),
  title: z.string(),
  variant_title: z.string().nullable(),
  image_url: z.string().nullable(),
  url: z.string().nullable(),
  quantity: z.number().int(),
  unit_price: z.number().int().describe('Minor units'),
});

export const ContactView = z.object({
  id: z.string(),
  email: z.string().nullable(),
  phone: z.string().nullable(),
  customer_id: z.string().nullable(),
  erased_at: Timestamp.nullable(),
});
export type ContactView = z.infer<typeof ContactView>;

export const contactView = (c: RecoveryContact): ContactView => ({
  id: c.id,
  email: c.email,
  phone: c.phone,
  customer_id: c.customerId,
  erased_at: c.erasedAt,
});

export const TrackedCartView = z.object({
  id: z.string(),
  source: z.enum(TRACKED_CART_SOURCES),
  external_id: z.string(),
  status: z.enum(TRACKED_CART_STATUSES as [string, ...string[]]),
  contact: ContactView.nullable(),
  anonymous_id: z.string().nullable(),
  currency: z.string(),
  value: z.number().int().describe('Minor units'),
  item_count: z.number().int(),
  items: z.array(TrackedCartItemView),
  device: z.enum(DEVICES).nullable(),
  platform_recovery_url: z.string().nullable(),
  last_activity_at: Timestamp,
  checkout_started_at: Timestamp.nullable(),
  abandon_due_at: Timestamp.nullable(),
  abandoned_at: Timestamp.nullable(),
  recovered_at: Timestamp.nullable(),
  purchased_at: Timestamp.nullable(),
  order_id: z.string().nullable(),
  recovered_value: z.number().int().nullable(),
  recovered_currency: z.string().nullable(),
  attribution: z
    .object({ message_id: z.string(), campaign_id: z.string().nullable(), kind: z.enum(['clicked', 'sent']) })
    .nullable(),
  created_at: Timestamp,
  updated_at: Timestamp,
});
export type TrackedCartView = z.infer<typeof TrackedCartView>;

export function trackedCartView(row: TrackedCartRow, contact: RecoveryContact | null): TrackedCartView {
  return {
    id: row.id,
    source: row.source,
    external_id: row.external_id,
    status: row.status,
    contact: contact ? contactView(contact) : null,
    anonymous_id: row.anonymous_id,
    currency: row.currency.trim(),
    value: Number(row.value),
    item_count: row.item_count,
    items: row.items,
    device: row.device,
    platform_recovery_url: row.platform_recovery_url,
    last_activity_at: iso(row.last_activity_at)!,
    checkout_started_at: iso(row.checkout_started_at),
    abandon_due_at: iso(row.abandon_due_at),
    abandoned_at: iso(row.abandoned_at),
    recovered_at: iso(row.recovered_at),
    purchased_at: iso(row.purchased_at),
    order_id: row.order_id,
    recovered_value: row.recovered_value === null ? null : Number(row.recovered_value),
    recovered_currency: row.recovered_currency?.trim() ?? null,
    attribution:
      row.attributed_message_id && row.attributed_kind
        ? {
            message_id: row.attributed_message_id,
            campaign_id: row.attributed_campaign_id,
            kind: row.attributed_kind,
          }
        : null,
    created_at: iso(row.created_at)!,
    updated_at: iso(row.updated_at)!,
  };
}

export const TouchView = z.object({
  message_id: z.string(),
  campaign_id: z.string().nullable(),
  kind: z.enum(['sent', 'delivered', 'opened', 'clicked']),
  occurred_at: Timestamp,
});
export const LinkClickView = z.object({
  message_id: z.string().nullable(),
  outcome: z.enum(['restored', 'reused', 'redirected', 'closed']),
  restored_cart_id: z.string().nullable(),
  device: z.string().nullable(),
  clicked_at: Timestamp,
});
export const TrackedCartDetailView = TrackedCartView.extend({
  touches: z.array(TouchView),
  link_clicks: z.array(LinkClickView),
  recovery_link: z
    .object({ url: z.string(), expires_at: Timestamp })
    .nullable()
    .describe(
      'An abandoned cart: a fresh signed link that restores it (staff may send it by hand); else null',
    ),
});
export type TrackedCartDetailView = z.infer<typeof TrackedCartDetailView>;
