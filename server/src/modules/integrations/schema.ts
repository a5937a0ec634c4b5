import { bigint, boolean, integer, jsonb, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';

/** Tables of migrations/0040_integrations.sql. Only the integrations module writes them. */
const at = (name: string) => timestamp(name, { withTimezone: true });

export const PLATFORMS = ['shopify', 'woocommerce', 'bigcommerce', 'magento'] as const;
export type CommercePlatform = (typeof PLATFORMS)[number];
export type ConnectionStatus = 'active' | 'disconnected';
export type PollResource = 'carts' | 'orders';
export type DeliveryStatus = 'applied' | 'ignored' | 'pending' | 'failed';
export type InboxKind = 'cart' | 'purchase' | 'contact';

export const integrationConnections = pgTable('integration_connections', {
  id: text('id').primaryKey(),
  storeId: text('store_id').notNull(),
  platform: text('platform').$type<CommercePlatform>().notNull(),
  name: text('name').notNull(),
  shop: text('shop').notNull(),
  status: text('status').$type<ConnectionStatus>().notNull().default('active'),
  credentialsCiphertext: text('credentials_ciphertext'),
  credentialHints: jsonb('credential_hints').$type<Record<string, string>>().notNull().default({}),
  pollingEnabled: boolean('polling_enabled').notNull().default(false),
  pollIntervalSeconds: integer('poll_interval_seconds').notNull().default(300),
  nextSyncAt: at('next_sync_at'),
  lastSyncedAt: at('last_synced_at'),
  lastSyncError: text('last_sync_error'),
  syncFailures: integer('sync_failures').notNull().default(0),
  lastDeliveryAt: at('last_delivery_at'),
  disconnectedAt: at('disconnected_at'),
  createdAt: at('created_at').notNull().defaultNow(),
  updatedAt: at('updated_at').notNull().defaultNow(),
});
export type ConnectionRow = typeof integrationConnections.$inferSelect;

export const integrationPollCursors = pgTable(
  'integration_poll_cursors',
  {
    storeId: text('store_id').notNull(),
    connectionId: text('connection_id').notNull(),
    resource: text('resource').$type<PollResource>().notNull(),
    modifiedAfter: at('modified_after').notNull(),
    itemsRecorded: bigint('items_recorded', { mode: 'number' }).notNull().default(0),
    updatedAt: at('updated_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.connectionId, t.resource] })],
);
export type PollCursorRow = typeof integrationPollCursors.$inferSelect;

export const integrationDeliveries = pgTable('integration_deliveries', {
  id: text('id').primaryKey(),
  storeId: text('store_id').notNull(),
  connectionId: text('connection_id').notNull(),
  deliveryKey: text('delivery_key').notNull(),
  topic: text('topic').notNull(),
  status: text('status').$type<DeliveryStatus>().notNull(),
  resourceType: text('resource_type'),
  resourceId: text('resource_id'),
  itemsRecorded: integer('items_recorded').notNull().default(0),
  attempts: integer('attempts').notNull().default(0),
  nextAttemptAt: at('next_attempt_at'),
  lastError: text('last_error'),
  receivedAt: at('received_at').notNull().defaultNow(),
  processedAt: at('processed_at'),
});
export type DeliveryRow = typeof integrationDeliveries.$inferSelect;

export const integrationInbox = pgTable('integration_inbox', {
  id: text('id').primaryKey(),
  storeId: text('store_id').notNull(),
  connectionId: text('connection_id').notNull(),
  deliveryId: text('delivery_id'),
  via: text('via').$type<'webhook' | 'poll'>().notNull(),
  kind: text('kind').$type<InboxKind>().notNull(),
  source: text('source').$type<CommercePlatform>().notNull(),
  externalId: text('external_id').notNull(),
  version: text('version').notNull(),
  email: text('email'),
  occurredAt: at('occurred_at').notNull(),
  payload: jsonb('payload').$type<Record<string, unknown>>().notNull(),
  handedAt: at('handed_at'),
  receivedAt: at('received_at').notNull().defaultNow(),
});
export type InboxRow = typeof integrationInbox.$inferSelect;
