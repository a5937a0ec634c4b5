import { sql } from 'drizzle-orm';
import type { Tx } from '../../platform/db/database.ts';
import { defineEventTypes } from '../../platform/events/catalog.ts';
import { emitEvent } from '../../platform/events/outbox.ts';
import { newId } from '../../platform/ids.ts';

/**
 * Events the messaging module emits, in the transaction of the change. A message's events are on
 * aggregate `message` (its id), so they keep their order. Payloads carry ids and facts, never the
 * message's address or content — except consent events, whose `address` is the contact's address
 * key (e-mail, E.164 number, or `push:<hash>`) so that other modules can act on it.
 *
 * - `message.sent`: `{ messageId, channel, purpose, campaignRef, customerId, provider, providerMessageId, sentAt }`
 *   (also on the live feed).
 * - `message.delivered`, `message.bounced`, `message.failed`: `{ messageId, channel, purpose, campaignRef, customerId, reason? }`.
 * - `message.opened`, `message.clicked`: the first open; the first click of each link (`{ …, link, url }`).
 * - `message.deferred`: `{ …, until }` (SMS quiet hours); `message.suppressed`: `{ …, reason }`
 *   (`no_consent`, `unsubscribed`, `frequency_cap`); `message.cancelled`.
 * - `contact_consent.granted` / `contact_consent.withdrawn`: `{ channel, address, category, status, previousStatus, source, occurredAt, messageId }`.
 * - `message_template.created` / `.updated` / `.deleted`: `{ id, channel, purpose, handle, locale, version }`.
 * - `messaging_channel.updated`: `{ channel, provider, credentials }` (names of the secrets set, never values).
 * - `messaging_channel.tested`: `{ channel, provider, status, error }` (a test message sent by staff; no address).
 * - `messaging_settings.updated`: the frequency caps.
 * - `messaging_contact.erased`: `{ channel, messages, consents }` (counts; GDPR erasure).
 */
export const MESSAGING_EVENT_TYPES = {
  'message.sent': 'A message was handed to its provider.',
  'message.delivered': "The provider reported the message delivered to the recipient's server or phone.",
  'message.opened': 'The recipient opened the message (first open).',
  'message.clicked': 'The recipient clicked a link in the message (first click of each link).',
  'message.bounced': 'The message bounced.',
  'message.failed': 'The message could not be sent, or the provider reported it undeliverable.',
  'message.deferred': 'The message waits for the recipient’s allowed hours (SMS quiet hours).',
  'message.suppressed': 'The message was not sent: no consent, unsubscribed, or frequency cap.',
  'message.cancelled': 'A message waiting to be sent was cancelled (the cart was recovered, say).',
  'contact_consent.granted': 'A contact agreed to messages on a channel.',
  'contact_consent.withdrawn': 'A contact withdrew consent on a channel (unsubscribe, STOP, request).',
  'message_template.created': 'A message template was created.',
  'message_template.updated': 'A message template was changed.',
  'message_template.deleted': 'A message template was deleted.',
  'messaging_channel.updated': "A channel's provider or its settings changed.",
  'messaging_channel.tested': 'Staff sent a test message through a channel’s provider.',
  'messaging_settings.updated': "The store's messaging settings (frequency caps) changed.",
  'messaging_contact.erased': "A contact's messages and consent records were erased (GDPR).",
} as const;

defineEventTypes(MESSAGING_EVENT_TYPES);

export interface MessageFacts {
  id: string;
  store_id: string;
  channel: string;
  purpose: string;
  campaign_ref: string | null;
  customer_id: string | null;
}

/** Emit a `message.*` event on the message's aggregate. */
export async function emitMessageEvent(
  tx: Tx,
  m: MessageFacts,
  type: keyof typeof MESSAGING_EVENT_TYPES,
  extra: Record<string, unknown> = {},
): Promise<void> {
  await emitEvent(tx, {
    storeId: m.store_id,
    type,
    aggregateType: 'message',
    aggregateId: m.id,
    payload: {
      messageId: m.id,
      channel: m.channel,
      purpose: m.purpose,
      campaignRef: m.campaign_ref,
      customerId: m.customer_id,
      ...extra,
    },
  });
}

/**
 * Record something that happened to a message once: a second record with the same `dedupeKey`
 * (a redelivered webhook) is ignored. Returns whether this one was new.
 */
export async function recordMessageEvent(
  tx: Tx,
  e: {
    storeId: string;
    messageId: string;
    type: string;
    source: 'provider' | 'tracking' | 'system';
    dedupeKey: string;
    detail?: Record<string, unknown>;
    occurredAt?: Date;
  },
): Promise<boolean> {
  const { rows } = await tx.execute(sql`
    INSERT INTO messaging_message_events (id, store_id, message_id, type, source, dedupe_key, detail, occurred_at)
    VALUES (${newId('mevt')}, ${e.storeId}, ${e.messageId}, ${e.type}, ${e.source}, ${e.dedupeKey},
            ${JSON.stringify(e.detail ?? {})}::jsonb, ${(e.occurredAt ?? new Date()).toISOString()})
    ON CONFLICT (store_id, dedupe_key) DO NOTHING
    RETURNING id`);
  return rows.length > 0;
}
