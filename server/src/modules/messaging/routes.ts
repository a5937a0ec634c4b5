import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requirePermission, storeOf } from '../../platform/auth/principal.ts';
import type { Platform } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import type { App } from '../../platform/http/app.ts';
import { pageSchema } from '../../platform/http/pagination.ts';
import { auditContext } from '../audit/service.ts';
import {
  ChannelTestInput,
  ChannelTestView,
  sendTestMessage,
  TEST_MESSAGES_PER_HOUR,
} from './channel-test.ts';
import { CATEGORIES, CHANNELS, PURPOSES } from './contacts.ts';
import { CONSENT_STATUSES, recordConsent, lookUpConsent } from './consent.ts';
import { getMessage, listMessages, MessageListQuery } from './messages.ts';
import { eraseContact, exportContact } from './personal-data.ts';
import { cancelMessages, sendMessage, type SendResult } from './send.ts';
import {
  ChannelSettingsInput,
  getChannelSettings,
  getMessagingSettings,
  MessagingSettingsPatch,
  updateChannelSettings,
  updateMessagingSettings,
} from './settings.ts';
import {
  createTemplate,
  declaredVariables,
  deleteTemplate,
  getTemplate,
  listTemplates,
  PreviewInput,
  previewTemplate,
  TemplateInput,
  TemplateListQuery,
  TemplatePatch,
  updateTemplate,
} from './templates.ts';
import {
  ChannelSettingsView,
  ConsentLookupView,
  ConsentView,
  ContactErasureView,
  ContactExportView,
  MessageDetailView,
  MessageView,
  MessagingSettingsView,
  PreviewView,
  SendResultView,
  TemplateView,
} from './views.ts';

const STAFF: Record<string, string[]>[] = [{ bearer: [] }, { apiKey: [] }];
const tags = ['messaging'];
const Id = z.string().min(1).max(64);
const TemplateParams = z.object({ templateId: Id });

/** A send result as the API shows it. */
export function sendResultView(r: SendResult): z.infer<typeof SendResultView> {
  const base = { status: r.status, message_id: r.messageId };
  switch (r.status) {
    case 'sent':
      return { ...base, provider_message_id: r.providerMessageId, delivery_status: r.deliveryStatus };
    case 'deferred':
      return { ...base, until: r.until };
    case 'suppressed':
      return { ...base, reason: r.reason };
    case 'queued':
      return { ...base, retry_at: r.retryAt };
    case 'failed':
      return { ...base, error: r.error };
    default:
      return base;
  }
}

const SendBody = z.strictObject({
  channel: z.enum(CHANNELS),
  purpose: z.enum(PURPOSES),
  to: z.strictObject({
    email: z.string().max(254).optional(),
    phone: z.string().max(32).optional(),
    push_subscription: z.unknown().optional(),
    time_zone: z.string().max(64).optional(),
    locale: z.string().max(35).optional(),
  }),
  template_id: z.string().max(64).optional(),
  template_handle: z.string().max(64).optional(),
  data: z.record(z.string(), z.unknown()),
  campaign_ref: z.string().max(200).optional(),
  customer_id: z.string().max(64).optional(),
});

const ContactBody = z.strictObject({
  channel: z.enum(CHANNELS),
  address: z.string().min(3).max(2048).describe('E-mail address, phone number (E.164) or push endpoint'),
});

/** The admin API: templates, channel settings, consent, the message log, GDPR by address. */
export async function messagingRoutes(app: App, platform: Platform): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const read = requirePermission('messaging.read');
  const manage = requirePermission('messaging.manage');
  const settings = requirePermission('messaging.settings.manage');
  const base = '/admin/v1/messaging';

  // --- templates ----------------------------------------------------------------------------
  r.get(
    `${base}/templates`,
    {
      preHandler: read,
      schema: {
        tags,
        security: STAFF,
        summary: "The store's message templates, newest first",
        description: 'The default recovery templates (English and Vietnamese) are created on the first look.',
        querystring: TemplateListQuery,
        response: { 200: pageSchema(TemplateView) },
      },
    },
    async (req) => listTemplates(platform, { storeId: storeOf(req), query: req.query }),
  );
  r.post(
    `${base}/templates`,
    {
      preHandler: manage,
      schema: {
        tags,
        security: STAFF,
        summary: 'Create a template',
        description:
          'Liquid in every part; an e-mail body is MJML. The template is compiled against the variables its ' +
          'purpose declares (GET …/messaging/variables) and rendered with sample data: an unknown variable, a ' +
          'syntax error or invalid MJML is 422 listing every problem, and nothing is saved.',
        body: TemplateInput,
        response: { 201: TemplateView },
      },
    },
    async (req, reply) =>
      reply.code(201).send(
        await createTemplate(platform, {
          storeId: storeOf(req),
          input: req.body,
          actor: auditContext(req),
        }),
      ),
  );
  r.post(
    `${base}/templates/preview`,
    {
      preHandler: read,
      config: { idempotency: false },
      schema: {
        tags,
        security: STAFF,
        summary: 'Preview a template being edited (not saved) with sample or given data',
        body: z.strictObject({
          template: TemplateInput,
          data: PreviewInput.shape.data,
          locale: PreviewInput.shape.locale,
        }),
        response: { 200: PreviewView },
      },
    },
    async (req) =>
      previewTemplate(platform, {
        storeId: storeOf(req),
        template: req.body.template,
        input: { data: req.body.data, locale: req.body.locale },
      }),
  );
  r.get(
    `${base}/variables`,
    {
      preHandler: read,
      schema: {
        tags,
        security: STAFF,
        summary: 'The variables templates may use, per purpose',
        response: { 200: z.object({ recovery: z.array(z.string()), transactional: z.array(z.string()) }) },
      },
    },
    async () => declaredVariables(),
  );
  r.get(
    `${base}/templates/:templateId`,
    {
      preHandler: read,
      schema: {
        tags,
        security: STAFF,
        summary: 'One template',
        params: TemplateParams,
        response: { 200: TemplateView },
      },
    },
    async (req) => getTemplate(platform, { storeId: storeOf(req), templateId: req.params.templateId }),
  );
  r.patch(
    `${base}/templates/:templateId`,
    {
      preHandler: manage,
      schema: {
        tags,
        security: STAFF,
        summary: 'Change a template (checked as on creation; its version goes up)',
        params: TemplateParams,
        body: TemplatePatch,
        response: { 200: TemplateView },
      },
    },
    async (req) =>
      updateTemplate(platform, {
        storeId: storeOf(req),
        templateId: req.params.templateId,
        patch: req.body,
        actor: auditContext(req),
      }),
  );
  r.delete(
    `${base}/templates/:templateId`,
    {
      preHandler: manage,
      schema: {
        tags,
        security: STAFF,
        summary: 'Delete a template',
        params: TemplateParams,
        response: { 204: z.null() },
      },
    },
    async (req, reply) => {
      await deleteTemplate(platform, {
        storeId: storeOf(req),
        templateId: req.params.templateId,
        actor: auditContext(req),
      });
      return reply.code(204).send(null);
    },
  );
  r.post(
    `${base}/templates/:templateId/preview`,
    {
      preHandler: read,
      config: { idempotency: false },
      schema: {
        tags,
        security: STAFF,
        summary: 'Preview a saved template with sample data (or the data given)',
        params: TemplateParams,
        body: PreviewInput,
        response: { 200: PreviewView },
      },
    },
    async (req) =>
      previewTemplate(platform, {
        storeId: storeOf(req),
        templateId: req.params.templateId,
        input: req.body,
      }),
  );

  // --- settings -----------------------------------------------------------------------------
  r.get(
    `${base}/channels`,
    {
      preHandler: read,
      schema: {
        tags,
        security: STAFF,
        summary: 'Which provider sends each channel, and its settings (credentials never returned)',
        response: { 200: z.object({ data: z.array(ChannelSettingsView) }) },
      },
    },
    async (req) => ({ data: await getChannelSettings(platform, storeOf(req)) }),
  );
  r.put(
    `${base}/channels/:channel`,
    {
      preHandler: settings,
      schema: {
        tags,
        security: STAFF,
        summary: "Choose a channel's provider and set its settings and credentials",
        description:
          'e-mail: `smtp` (the store’s server, or the platform’s), `sendgrid`, `log`; SMS: `twilio`, `log`; push: ' +
          '`webpush` (a VAPID key pair is generated when none is given), `log`. Credentials are write-only and ' +
          'kept when omitted while the provider stays the same. Missing required credentials: 422.',
        params: z.object({ channel: z.enum(CHANNELS) }),
        body: ChannelSettingsInput,
        response: { 200: ChannelSettingsView },
      },
    },
    async (req) =>
      updateChannelSettings(platform, {
        storeId: storeOf(req),
        channel: req.params.channel,
        input: req.body,
        actor: auditContext(req),
      }),
  );
  r.post(
    `${base}/channels/:channel/test`,
    {
      preHandler: settings,
      schema: {
        tags,
        security: STAFF,
        summary: "Send a test message through a channel's provider as it is set up",
        description:
          'A fixed message to the address given (e-mail, E.164 phone, or a push subscription), straight to the ' +
          'provider: no template, consent or cap, nothing in the message log. Answers what the provider said ' +
          `(\`failed\` with its error when it refused). At most ${TEST_MESSAGES_PER_HOUR} an hour per channel ` +
          '(429 after). Audited; emits `messaging_channel.tested`. Accepts `Idempotency-Key`.',
        params: z.object({ channel: z.enum(CHANNELS) }),
        body: ChannelTestInput,
        response: { 200: ChannelTestView },
      },
    },
    async (req) =>
      sendTestMessage(platform, {
        storeId: storeOf(req),
        channel: req.params.channel,
        input: req.body,
        actor: auditContext(req),
      }),
  );
  r.get(
    `${base}/settings`,
    {
      preHandler: read,
      schema: {
        tags,
        security: STAFF,
        summary: 'Frequency caps per channel',
        response: { 200: MessagingSettingsView },
      },
    },
    async (req) => getMessagingSettings(platform, storeOf(req)),
  );
  r.patch(
    `${base}/settings`,
    {
      preHandler: settings,
      schema: {
        tags,
        security: STAFF,
        summary: 'Change the frequency caps (defaults: e-mail 16 h, SMS 24 h, push 24 h)',
        body: MessagingSettingsPatch,
        response: { 200: MessagingSettingsView },
      },
    },
    async (req) =>
      updateMessagingSettings(platform, { storeId: storeOf(req), patch: req.body, actor: auditContext(req) }),
  );

  // --- consent ------------------------------------------------------------------------------
  r.get(
    `${base}/consent`,
    {
      preHandler: read,
      schema: {
        tags,
        security: STAFF,
        summary: "A contact's consent on a channel, and every statement of it",
        querystring: ContactBody,
        response: { 200: ConsentLookupView },
      },
    },
    async (req) => lookUpConsent(platform, { storeId: storeOf(req), ...req.query }),
  );
  r.post(
    `${base}/consent`,
    {
      preHandler: manage,
      schema: {
        tags,
        security: STAFF,
        summary: 'Record a statement of consent taken by staff (source: admin)',
        body: ContactBody.extend({
          category: z.enum(CATEGORIES).default('marketing'),
          status: z.enum(CONSENT_STATUSES),
        }),
        response: { 200: z.object({ changed: z.boolean(), consent: ConsentView }) },
      },
    },
    async (req) =>
      recordConsent(platform, {
        storeId: storeOf(req),
        ...req.body,
        source: 'admin',
        actor: auditContext(req),
      }),
  );

  // --- messages -----------------------------------------------------------------------------
  r.get(
    `${base}/messages`,
    {
      preHandler: read,
      schema: {
        tags,
        security: STAFF,
        summary: 'The message log, newest first, with filters',
        querystring: MessageListQuery,
        response: { 200: pageSchema(MessageView) },
      },
    },
    async (req) => listMessages(platform, { storeId: storeOf(req), query: req.query }),
  );
  r.get(
    `${base}/messages/:messageId`,
    {
      preHandler: read,
      schema: {
        tags,
        security: STAFF,
        summary: 'One message: what was sent and everything that happened to it',
        params: z.object({ messageId: Id }),
        response: { 200: MessageDetailView },
      },
    },
    async (req) => getMessage(platform, { storeId: storeOf(req), messageId: req.params.messageId }),
  );
  r.post(
    `${base}/messages`,
    {
      preHandler: manage,
      schema: {
        tags,
        security: STAFF,
        summary: 'Send a message',
        description:
          'What other modules do with `sendMessage`. Requires `Idempotency-Key`: one message per key. Answers ' +
          'what became of it: sent, deferred (SMS quiet hours, with `until`), suppressed (no consent, ' +
          'unsubscribed, frequency cap), queued (provider unavailable; retried) or failed.',
        body: SendBody,
        response: { 200: SendResultView },
      },
    },
    async (req) => {
      const key = req.headers['idempotency-key'];
      if (typeof key !== 'string' || !key) {
        throw new AppError('VALIDATION_FAILED', 'Sending a message needs an Idempotency-Key header.', {
          errors: [{ path: 'headers.idempotency-key', message: 'required' }],
        });
      }
      const b = req.body;
      const result = await sendMessage(platform, {
        storeId: storeOf(req),
        channel: b.channel,
        purpose: b.purpose,
        to: {
          email: b.to.email,
          phone: b.to.phone,
          pushSubscription: b.to.push_subscription as never,
          timeZone: b.to.time_zone,
          locale: b.to.locale,
        },
        ...(b.template_id ? { templateId: b.template_id } : {}),
        ...(b.template_handle ? { templateHandle: b.template_handle } : {}),
        data: b.data,
        idempotencyKey: `api:${key}`,
        campaignRef: b.campaign_ref,
        customerId: b.customer_id,
      });
      return sendResultView(result);
    },
  );
  r.post(
    `${base}/messages/cancel`,
    {
      preHandler: manage,
      schema: {
        tags,
        security: STAFF,
        summary: 'Cancel messages still waiting: one, or all of a campaign reference',
        body: z.strictObject({ message_id: Id.optional(), campaign_ref: z.string().max(200).optional() }),
        response: { 200: z.object({ cancelled: z.number().int() }) },
      },
    },
    async (req) =>
      cancelMessages(platform, {
        storeId: storeOf(req),
        messageId: req.body.message_id,
        campaignRef: req.body.campaign_ref,
      }),
  );

  // --- GDPR by address ----------------------------------------------------------------------
  r.post(
    `${base}/contacts/export`,
    {
      preHandler: requirePermission('customers.export'),
      config: { idempotency: false },
      schema: {
        tags,
        security: STAFF,
        summary: 'Everything messaging holds about an address (GDPR export): messages, consent, its history',
        body: ContactBody,
        response: { 200: ContactExportView },
      },
    },
    async (req) => exportContact(platform, { storeId: storeOf(req), ...req.body, actor: auditContext(req) }),
  );
  r.post(
    `${base}/contacts/erase`,
    {
      preHandler: requirePermission('customers.erase'),
      schema: {
        tags,
        security: STAFF,
        summary:
          "Erase an address's messages and consent (GDPR); the consent history stays, without the address",
        description:
          'A shopper with an account is erased with POST /admin/v1/customers/{id}/erase, which includes this.',
        body: ContactBody,
        response: { 200: ContactErasureView },
      },
    },
    async (req) => eraseContact(platform, { storeId: storeOf(req), ...req.body, actor: auditContext(req) }),
  );
}
