import { z } from 'zod';
import { BIGCOMMERCE_SCOPES, BIGCOMMERCE_TOKEN_HEADER } from './bigcommerce.ts';
import { MAGENTO_HOOKS, MAGENTO_SIGNATURE_HEADER } from './magento.ts';
import type {
  CommercePlatform,
  ConnectionRow,
  DeliveryRow,
  InboxRow,
  PollCursorRow,
  PollResource,
} from './schema.ts';
import { SHOPIFY_TOPICS } from './shopify.ts';
import { WOOCOMMERCE_TOPICS } from './woocommerce.ts';

/** How the admin API (and the connection events) show connections, deliveries and the inbox. */

const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());

/** What polling each platform supports: the resources it is polled for. */
export const POLLED_RESOURCES: Record<CommercePlatform, PollResource[]> = {
  shopify: [],
  woocommerce: ['orders'],
  bigcommerce: [],
  magento: ['carts', 'orders'],
};

/** Where to subscribe on the platform, and how each delivery proves itself. */
const WEBHOOK_SETUP: Record<CommercePlatform, { topics: readonly string[]; authenticity: string }> = {
  shopify: {
    topics: SHOPIFY_TOPICS,
    authenticity: 'X-Shopify-Hmac-Sha256: base64 HMAC-SHA256 of the body with the webhook secret',
  },
  woocommerce: {
    topics: WOOCOMMERCE_TOPICS,
    authenticity: 'X-WC-Webhook-Signature: base64 HMAC-SHA256 of the body with the webhook secret',
  },
  bigcommerce: {
    topics: BIGCOMMERCE_SCOPES,
    authenticity: `${BIGCOMMERCE_TOKEN_HEADER}: the webhook token, set as a custom header of each webhook`,
  },
  magento: {
    topics: MAGENTO_HOOKS,
    authenticity: `${MAGENTO_SIGNATURE_HEADER}: base64 RSA-SHA256 signature of the body, checked with the public key`,
  },
};

export const ConnectionView = z.object({
  id: z.string(),
  platform: z.enum(['shopify', 'woocommerce', 'bigcommerce', 'magento']),
  name: z.string(),
  shop: z.string().describe("Shopify's myshopify.com domain, BigCommerce's store hash, or the site's URL"),
  status: z.enum(['active', 'disconnected']),
  credentials: z
    .record(z.string(), z.string())
    .describe('A hint per credential held (e.g. `ck_…a1b2`); the credentials themselves are write-only'),
  webhook: z.object({
    ingest_url: z.string().describe("Paste this into the platform as the webhook's delivery URL"),
    topics: z.array(z.string()).describe('The topics (scopes, hooks) to subscribe'),
    authenticity: z.string().describe('How each delivery is verified'),
  }),
  polling: z.object({
    available: z.boolean().describe('Whether this platform can be polled'),
    enabled: z.boolean(),
    interval_seconds: z.number().int(),
    cursors: z.array(
      z.object({
        resource: z.enum(['carts', 'orders']),
        modified_after: z.string().describe('The next poll asks for items modified since (about) then'),
        items_recorded: z.number().int(),
      }),
    ),
  }),
  sync: z.object({
    next_at: z.string().nullable().describe('When a worker next polls or retries pending fetches'),
    last_at: z.string().nullable(),
    last_error: z.string().nullable(),
    consecutive_failures: z.number().int(),
  }),
  last_delivery_at: z.string().nullable(),
  disconnected_at: z.string().nullable(),
  created_at: z.string(),
  updated_at: z.string(),
});
export type ConnectionView = z.infer<typeof ConnectionView>;

export function ingestUrlOf(publicUrl: string | undefined, id: string, platform: CommercePlatform): string {
  const base = publicUrl ? publicUrl.replace(/\/+$/, '') : '';
  return `${base}/ingest/v1/integrations/${id}/${platform}`;
}

export function connectionView(
  row: ConnectionRow,
  cursors: PollCursorRow[],
  publicUrl: string | undefined,
): ConnectionView {
  const setup = WEBHOOK_SETUP[row.platform];
  return {
    id: row.id,
    platform: row.platform,
    name: row.name,
    shop: row.shop,
    status: row.status,
    credentials: row.credentialHints,
    webhook: {
      ingest_url: ingestUrlOf(publicUrl, row.id, row.platform),
      topics: [...setup.topics],
      authenticity: setup.authenticity,
    },
    polling: {
      available: POLLED_RESOURCES[row.platform].length > 0,
      enabled: row.pollingEnabled,
      interval_seconds: row.pollIntervalSeconds,
      cursors: cursors
        .filter((c) => c.connectionId === row.id)
        .map((c) => ({
          resource: c.resource,
          modified_after: iso(c.modifiedAfter)!,
          items_recorded: c.itemsRecorded,
        })),
    },
    sync: {
      next_at: iso(row.nextSyncAt),
      last_at: iso(row.lastSyncedAt),
      last_error: row.lastSyncError,
      consecutive_failures: row.syncFailures,
    },
    last_delivery_at: iso(row.lastDeliveryAt),
    disconnected_at: iso(row.disconnectedAt),
    created_at: iso(row.createdAt)!,
    updated_at: iso(row.updatedAt)!,
  };
}

export const DeliveryView = z.object({
  id: z.string(),
  topic: z.string(),
  status: z.enum(['applied', 'ignored', 'pending', 'failed']),
  resource: z
    .object({ type: z.string(), id: z.string() })
    .nullable()
    .describe('What had to be fetched from the platform (BigCommerce)'),
  items_recorded: z.number().int(),
  attempts: z.number().int(),
  next_attempt_at: z.string().nullable(),
  last_error: z.string().nullable(),
  received_at: z.string(),
  processed_at: z.string().nullable(),
});
export type DeliveryView = z.infer<typeof DeliveryView>;

export function deliveryView(d: DeliveryRow): DeliveryView {
  return {
    id: d.id,
    topic: d.topic,
    status: d.status,
    resource: d.resourceType && d.resourceId ? { type: d.resourceType, id: d.resourceId } : null,
    items_recorded: d.itemsRecorded,
    attempts: d.attempts,
    next_attempt_at: iso(d.nextAttemptAt),
    last_error: d.lastError,
    received_at: iso(d.receivedAt)!,
    processed_at: iso(d.processedAt),
  };
}

export const InboxItemView = z.object({
  id: z.string(),
  kind: z.enum(['cart', 'purchase', 'contact']),
  source: z.enum(['shopify', 'woocommerce', 'bigcommerce', 'magento']),
  external_id: z.string(),
  via: z.enum(['webhook', 'poll']),
  delivery_id: z.string().nullable(),
  occurred_at: z.string(),
  item: z
    .record(z.string(), z.unknown())
    .describe(
      'The ExternalCart, ExternalPurchase or ExternalContact handed to recovery (docs/integrations.md)',
    ),
  handed_at: z.string().nullable().describe('When the recovery module took it; null until then'),
  received_at: z.string(),
});
export type InboxItemView = z.infer<typeof InboxItemView>;

export function inboxItemView(r: InboxRow): InboxItemView {
  return {
    id: r.id,
    kind: r.kind,
    source: r.source,
    external_id: r.externalId,
    via: r.via,
    delivery_id: r.deliveryId,
    occurred_at: iso(r.occurredAt)!,
    item: r.payload,
    handed_at: iso(r.handedAt),
    received_at: iso(r.receivedAt)!,
  };
}
