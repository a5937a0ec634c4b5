import { boolean, integer, jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/** Tables of migrations/0003a_webhooks.sql. */
export const webhookEndpoints = pgTable('webhook_endpoints', {
  id: text('id').primaryKey(),
  storeId: text('store_id').notNull(),
  url: text('url').notNull(),
  description: text('description').notNull().default(''),
  eventTypes: text('event_types').array().notNull(),
  enabled: boolean('enabled').notNull().default(true),
  disabledReason: text('disabled_reason'),
  disabledAt: timestamp('disabled_at', { withTimezone: true }),
  secretCiphertext: text('secret_ciphertext').notNull(),
  previousSecretCiphertext: text('previous_secret_ciphertext'),
  previousSecretExpiresAt: timestamp('previous_secret_expires_at', { withTimezone: true }),
  failureStreak: integer('failure_streak').notNull().default(0),
  failingSince: timestamp('failing_since', { withTimezone: true }),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

export type WebhookDeliveryStatus = 'pending' | 'succeeded' | 'failed';

/** The body every receiver gets. */
export interface WebhookPayload {
  type: string;
  timestamp: string;
  data: Record<string, unknown>;
}

export const webhookDeliveries = pgTable('webhook_deliveries', {
  id: text('id').primaryKey(),
  storeId: text('store_id').notNull(),
  endpointId: text('endpoint_id').notNull(),
  messageId: text('message_id').notNull(),
  eventId: text('event_id'),
  eventType: text('event_type').notNull(),
  aggregateType: text('aggregate_type').notNull(),
  aggregateId: text('aggregate_id').notNull(),
  sequence: integer('sequence').notNull(),
  payload: jsonb('payload').$type<WebhookPayload>().notNull(),
  status: text('status').$type<WebhookDeliveryStatus>().notNull().default('pending'),
  attemptCount: integer('attempt_count').notNull().default(0),
  nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true }).notNull().defaultNow(),
  lockedUntil: timestamp('locked_until', { withTimezone: true }),
  leaseToken: text('lease_token'),
  replayOf: text('replay_of'),
  lastStatusCode: integer('last_status_code'),
  lastError: text('last_error'),
  deliveredAt: timestamp('delivered_at', { withTimezone: true }),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

export const webhookDeliveryAttempts = pgTable('webhook_delivery_attempts', {
  id: text('id').primaryKey(),
  storeId: text('store_id').notNull(),
  deliveryId: text('delivery_id').notNull(),
  endpointId: text('endpoint_id').notNull(),
  attemptNumber: integer('attempt_number').notNull(),
  startedAt: timestamp('started_at', { withTimezone: true }).notNull(),
  durationMs: integer('duration_ms').notNull(),
  statusCode: integer('status_code'),
  responseExcerpt: text('response_excerpt'),
  error: text('error'),
  succeeded: boolean('succeeded').notNull(),
});

export type WebhookEndpoint = typeof webhookEndpoints.$inferSelect;
export type WebhookDelivery = typeof webhookDeliveries.$inferSelect;
export type WebhookDeliveryAttempt = typeof webhookDeliveryAttempts.$inferSelect;
