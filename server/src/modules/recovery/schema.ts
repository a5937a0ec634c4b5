import {
  bigint,
  boolean,
  date,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
} from 'drizzle-orm/pg-core';
import type { StoredItem } from './tracked-carts.ts';

/**
 * Tables of migrations/0030_recovery.sql (the services speak SQL to them; these describe them for
 * typed queries). Amounts are integer minor units. Only the recovery module writes them.
 */
const money = (name: string) => bigint(name, { mode: 'number' });
const at = (name: string) => timestamp(name, { withTimezone: true });

export const recoverySettings = pgTable('recovery_settings', {
  storeId: text('store_id').primaryKey(),
  abandonAfterMinutes: integer('abandon_after_minutes').notNull().default(60),
  attributionWindowDays: integer('attribution_window_days').notNull().default(7),
  allowedOrigins: text('allowed_origins').array().notNull().default([]),
  requireConsent: boolean('require_consent').notNull().default(false),
  cartUrl: text('cart_url'),
  updatedAt: at('updated_at').notNull().defaultNow(),
});

export const recoveryContacts = pgTable('recovery_contacts', {
  id: text('id').primaryKey(),
  storeId: text('store_id').notNull(),
  emailHash: text('email_hash'),
  emailEncrypted: text('email_encrypted'),
  phoneHash: text('phone_hash'),
  phoneEncrypted: text('phone_encrypted'),
  customerId: text('customer_id'),
  erasedAt: at('erased_at'),
  createdAt: at('created_at').notNull().defaultNow(),
  updatedAt: at('updated_at').notNull().defaultNow(),
});

export const recoveryVisitors = pgTable(
  'recovery_visitors',
  {
    storeId: text('store_id').notNull(),
    anonymousId: text('anonymous_id').notNull(),
    contactId: text('contact_id'),
    device: text('device'),
    firstSeenAt: at('first_seen_at').notNull().defaultNow(),
    lastSeenAt: at('last_seen_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.storeId, t.anonymousId] })],
);

export const recoveryCarts = pgTable('recovery_carts', {
  id: text('id').primaryKey(),
  storeId: text('store_id').notNull(),
  source: text('source').notNull(),
  externalId: text('external_id').notNull(),
  contactId: text('contact_id'),
  anonymousId: text('anonymous_id'),
  customerId: text('customer_id'),
  status: text('status').notNull().default('active'),
  currency: text('currency').notNull(),
  value: money('value').notNull().default(0),
  itemCount: integer('item_count').notNull().default(0),
  items: jsonb('items').$type<StoredItem[]>().notNull().default([]),
  device: text('device'),
  platformRecoveryUrl: text('platform_recovery_url'),
  lastActivityAt: at('last_activity_at').notNull(),
  snapshotAt: at('snapshot_at').notNull(),
  checkoutStartedAt: at('checkout_started_at'),
  exitIntentAt: at('exit_intent_at'),
  abandonDueAt: at('abandon_due_at'),
  abandonedAt: at('abandoned_at'),
  recoveredAt: at('recovered_at'),
  purchasedAt: at('purchased_at'),
  orderId: text('order_id'),
  recoveredValue: money('recovered_value'),
  recoveredCurrency: text('recovered_currency'),
  attributedMessageId: text('attributed_message_id'),
  attributedCampaignId: text('attributed_campaign_id'),
  attributedKind: text('attributed_kind'),
  version: integer('version').notNull().default(1),
  createdAt: at('created_at').notNull().defaultNow(),
  updatedAt: at('updated_at').notNull().defaultNow(),
});

export const recoveryTrackerEvents = pgTable(
  'recovery_tracker_events',
  {
    storeId: text('store_id').notNull(),
    id: text('id').notNull(),
    type: text('type').notNull(),
    anonymousId: text('anonymous_id').notNull(),
    occurredAt: at('occurred_at').notNull(),
    receivedAt: at('received_at').notNull().defaultNow(),
    payload: jsonb('payload').$type<Record<string, unknown>>().notNull(),
    foldedAt: at('folded_at'),
  },
  (t) => [primaryKey({ columns: [t.storeId, t.id] })],
);

export const recoveryPurchases = pgTable(
  'recovery_purchases',
  {
    storeId: text('store_id').notNull(),
    orderId: text('order_id').notNull(),
    source: text('source').notNull(),
    trackedCartId: text('tracked_cart_id'),
    value: money('value').notNull(),
    currency: text('currency').notNull(),
    occurredAt: at('occurred_at').notNull(),
    recordedAt: at('recorded_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.storeId, t.orderId] })],
);

export const recoveryTouches = pgTable('recovery_touches', {
  id: text('id').primaryKey(),
  storeId: text('store_id').notNull(),
  trackedCartId: text('tracked_cart_id').notNull(),
  messageId: text('message_id').notNull(),
  campaignId: text('campaign_id'),
  kind: text('kind').notNull(),
  occurredAt: at('occurred_at').notNull(),
  recordedAt: at('recorded_at').notNull().defaultNow(),
});

export const recoveryLinkClicks = pgTable('recovery_link_clicks', {
  id: text('id').primaryKey(),
  storeId: text('store_id').notNull(),
  trackedCartId: text('tracked_cart_id').notNull(),
  messageId: text('message_id'),
  restoredCartId: text('restored_cart_id'),
  outcome: text('outcome').notNull(),
  device: text('device'),
  clickedAt: at('clicked_at').notNull().defaultNow(),
});

export const recoveryDailyRollups = pgTable(
  'recovery_daily_rollups',
  {
    storeId: text('store_id').notNull(),
    day: date('day').notNull(),
    campaignId: text('campaign_id').notNull().default(''),
    cartsAbandoned: integer('carts_abandoned').notNull().default(0),
    cartsMessaged: integer('carts_messaged').notNull().default(0),
    messagesSent: integer('messages_sent').notNull().default(0),
    messagesDelivered: integer('messages_delivered').notNull().default(0),
    messagesOpened: integer('messages_opened').notNull().default(0),
    messagesClicked: integer('messages_clicked').notNull().default(0),
    cartsRecovered: integer('carts_recovered').notNull().default(0),
    revenueRecovered: jsonb('revenue_recovered').$type<Record<string, number>>().notNull().default({}),
    revenueAttributed: jsonb('revenue_attributed').$type<Record<string, number>>().notNull().default({}),
    recoverySeconds: money('recovery_seconds').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.storeId, t.day, t.campaignId] })],
);

export const recoveryRollupMarks = pgTable('recovery_rollup_marks', {
  storeId: text('store_id').notNull(),
  at: at('at').notNull(),
});

/** migrations/0046_recovery_push_subscriptions.sql: shoppers' web push subscriptions (encrypted). */
export const recoveryPushSubscriptions = pgTable('recovery_push_subscriptions', {
  id: text('id').primaryKey(),
  storeId: text('store_id').notNull(),
  addressKey: text('address_key').notNull(),
  anonymousId: text('anonymous_id'),
  cartId: text('cart_id'),
  contactId: text('contact_id'),
  subscriptionEncrypted: text('subscription_encrypted').notNull(),
  createdAt: at('created_at').notNull().defaultNow(),
  updatedAt: at('updated_at').notNull().defaultNow(),
});
