import { z } from 'zod';
import { CATEGORIES, CHANNELS, PURPOSES } from './contacts.ts';
import { CONSENT_STATUSES } from './consent.ts';
import { MESSAGE_STATUSES } from './message-states.ts';
import { PROVIDERS } from './providers/provider.ts';

/** Response schemas of the messaging API (snake_case, times ISO 8601 UTC). */

const Timestamp = z.string().describe('ISO 8601, UTC');

export const TemplateView = z.object({
  id: z.string(),
  channel: z.enum(CHANNELS),
  purpose: z.enum(PURPOSES),
  handle: z.string(),
  locale: z.string(),
  name: z.string(),
  subject: z.string().nullable(),
  body: z.string(),
  text_body: z.string().nullable(),
  url: z.string().nullable(),
  version: z.number().int(),
  is_default: z.boolean().describe('One of the templates every store starts with'),
  created_at: Timestamp,
  updated_at: Timestamp,
});

export const PreviewView = z.object({
  channel: z.enum(CHANNELS),
  subject: z.string().nullable(),
  text: z.string(),
  html: z.string().nullable().describe('E-mail: the responsive HTML the MJML renders to'),
  url: z.string().nullable(),
  variables: z.array(z.string()).describe("The variables the template's purpose declares"),
});

export const ChannelSettingsView = z.object({
  channel: z.enum(CHANNELS),
  provider: z.enum(PROVIDERS),
  configured: z.boolean().describe('False: the default provider, never configured'),
  config: z.record(z.string(), z.unknown()),
  credentials: z
    .record(z.string(), z.object({ set: z.literal(true), hint: z.string() }))
    .describe('Which secrets are set; their values are never returned'),
  webhook_urls: z.record(z.string(), z.string()).describe('Give these to the provider'),
  vapid_public_key: z.string().nullable(),
});

export const MessagingSettingsView = z.object({
  frequency_caps: z.object({
    email: z.object({ seconds: z.number().int() }),
    sms: z.object({ seconds: z.number().int() }),
    push: z.object({ seconds: z.number().int() }),
  }),
});

export const ConsentView = z.object({
  channel: z.enum(CHANNELS),
  category: z.enum(CATEGORIES),
  status: z
    .enum([...CONSENT_STATUSES, 'none'])
    .describe('`none`: never stated — for marketing, that means no'),
  source: z.string().nullable(),
  changed_at: Timestamp.nullable(),
});

export const ConsentHistoryView = z.object({
  id: z.string(),
  channel: z.enum(CHANNELS),
  category: z.enum(CATEGORIES),
  status: z.enum(CONSENT_STATUSES),
  source: z.string(),
  message_id: z.string().nullable(),
  occurred_at: Timestamp,
  recorded_at: Timestamp,
  actor_type: z.string().nullable(),
});

export const ConsentLookupView = z.object({
  channel: z.enum(CHANNELS),
  address: z.string(),
  consent: z.array(ConsentView),
  history: z.array(ConsentHistoryView),
});

export const MessageView = z.object({
  id: z.string(),
  channel: z.enum(CHANNELS),
  purpose: z.enum(PURPOSES),
  status: z.enum(MESSAGE_STATUSES),
  suppressed_reason: z.string().nullable(),
  to: z.string().describe('The address, masked'),
  customer_id: z.string().nullable(),
  campaign_ref: z.string().nullable(),
  template_id: z.string().nullable(),
  provider: z.string().nullable(),
  provider_message_id: z.string().nullable(),
  attempts: z.number().int(),
  last_error: z.string().nullable(),
  open_count: z.number().int(),
  click_count: z.number().int(),
  due_at: Timestamp.nullable(),
  created_at: Timestamp,
  sent_at: Timestamp.nullable(),
  delivered_at: Timestamp.nullable(),
  opened_at: Timestamp.nullable(),
  clicked_at: Timestamp.nullable(),
  bounced_at: Timestamp.nullable(),
  failed_at: Timestamp.nullable(),
});

export const MessageContentView = z.object({
  subject: z.string().optional(),
  text: z.string(),
  html: z.string().optional(),
  url: z.string().optional(),
});

export const MessageDetailView = MessageView.extend({
  content: MessageContentView.nullable(),
  events: z.array(
    z.object({
      id: z.string(),
      type: z.string(),
      source: z.string(),
      detail: z.record(z.string(), z.unknown()),
      occurred_at: Timestamp,
    }),
  ),
});

export const SendResultView = z.object({
  status: z.enum(['sent', 'deferred', 'suppressed', 'queued', 'failed', 'cancelled']),
  message_id: z.string(),
  provider_message_id: z.string().nullable().optional(),
  delivery_status: z.enum(MESSAGE_STATUSES).optional(),
  until: Timestamp.optional().describe('deferred: when it will be sent'),
  reason: z.string().optional().describe('suppressed: no_consent, unsubscribed or frequency_cap'),
  retry_at: Timestamp.nullable().optional(),
  error: z.string().optional(),
});

export const ContactExportView = z.object({
  format: z.literal('carton.messaging-contact-export.v1'),
  store_id: z.string(),
  channel: z.enum(CHANNELS),
  address: z.string(),
  consent: z.array(ConsentView),
  consent_history: z.array(ConsentHistoryView),
  messages: z.array(MessageView.extend({ content: MessageContentView.nullable() })),
  exported_at: Timestamp,
});

export const ContactErasureView = z.object({
  contact: z.string(),
  messages_deleted: z.number().int(),
  consents_deleted: z.number().int(),
  consent_history_anonymised: z.number().int(),
});
