import { sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Platform } from '../../platform/context.ts';
import { withStore, type DbOrTx, type Tx } from '../../platform/db/database.ts';
import { AppError } from '../../platform/errors.ts';
import { emitEvent } from '../../platform/events/outbox.ts';
import { decodeCursor, PageQuery, toPage, type Page } from '../../platform/http/pagination.ts';
import { newId } from '../../platform/ids.ts';
import { parseInput } from '../../platform/validation.ts';
import { auditAs, type Actor } from '../audit/service.ts';
import { storefrontUrl } from '../identity/emails.ts';
import { getStore } from '../tenancy/service.ts';
import { CHANNELS, PURPOSES, type Channel, type Purpose } from './contacts.ts';
import { DEFAULT_TEMPLATES } from './default-templates.ts';
import {
  compileTemplate,
  renderContent,
  templateProblemsError,
  type MessageContent,
  type TemplateParts,
} from './render.ts';
import { MessageData, sampleData, templateVariables, VARIABLES, variablePaths } from './variables.ts';

/**
 * Message templates, per store and channel: Liquid everywhere, MJML for an e-mail's body. A
 * template is checked when it is saved — syntax, the variables of its purpose (an unknown one is
 * 422 listing them), its MJML — by compiling and rendering it with sample data, so what is saved
 * can be sent. `(channel, handle, locale)` names a template, so a campaign can ask for
 * "recovery-reminder" in the shopper's language.
 */

const Locale = z.string().regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, 'a BCP 47 language tag, e.g. en or vi');
const Liquid = (max: number) => z.string().max(max);

export const TemplateInput = z.strictObject({
  channel: z.enum(CHANNELS),
  purpose: z.enum(PURPOSES),
  handle: z
    .string()
    .regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'lowercase letters, digits and dashes')
    .describe('With channel and locale, names the template for senders'),
  locale: Locale.default('en'),
  name: z.string().min(1).max(200),
  subject: Liquid(1000).nullish().describe('E-mail subject or push title (Liquid)'),
  body: Liquid(200_000).min(1).describe('E-mail: MJML with Liquid; SMS text; push body'),
  text_body: Liquid(100_000)
    .nullish()
    .describe('E-mail plain-text part; generated from the HTML when absent'),
  url: Liquid(2000).nullish().describe('Push: where a click on the notification leads'),
});
export type TemplateInput = z.input<typeof TemplateInput>;

export const TemplatePatch = TemplateInput.omit({ channel: true, purpose: true }).partial();
export type TemplatePatch = z.input<typeof TemplatePatch>;

export interface TemplateView {
  id: string;
  channel: Channel;
  purpose: Purpose;
  handle: string;
  locale: string;
  name: string;
  subject: string | null;
  body: string;
  text_body: string | null;
  url: string | null;
  version: number;
  is_default: boolean;
  created_at: string;
  updated_at: string;
}

interface TemplateRow {
  [k: string]: unknown;
  id: string;
  store_id: string;
  channel: Channel;
  purpose: Purpose;
  handle: string;
  locale: string;
  name: string;
  subject: string | null;
  body: string;
  text_body: string | null;
  url: string | null;
  version: number;
  is_default: boolean;
  created_at: Date;
  updated_at: Date;
}

export const templateView = (r: TemplateRow): TemplateView => ({
  id: r.id,
  channel: r.channel,
  purpose: r.purpose,
  handle: r.handle,
  locale: r.locale,
  name: r.name,
  subject: r.subject,
  body: r.body,
  text_body: r.text_body,
  url: r.url,
  version: r.version,
  is_default: r.is_default,
  created_at: new Date(r.created_at).toISOString(),
  updated_at: new Date(r.updated_at).toISOString(),
});

/** Fields that make no sense for a channel are refused rather than silently ignored. */
function checkChannelFields(channel: Channel, t: TemplateParts): void {
  const errors: { path: string; message: string }[] = [];
  if ((channel === 'email' || channel === 'push') && !t.subject?.trim()) {
    errors.push({ path: 'body.subject', message: `required for ${channel}` });
  }
  if (channel === 'sms' && t.subject) errors.push({ path: 'body.subject', message: 'SMS has no subject' });
  if (channel !== 'email' && t.text_body) errors.push({ path: 'body.text_body', message: 'e-mail only' });
  if (channel !== 'push' && t.url) errors.push({ path: 'body.url', message: 'push only' });
  if (errors.length)
    throw new AppError('VALIDATION_FAILED', 'The template does not fit its channel.', { errors });
}

const PREVIEW_UNSUBSCRIBE = 'https://example.invalid/unsubscribe';

/**
 * Compile a template for its purpose and render it once with sample data: the first use of a
 * template must not be the first time it is tried. 422 with every problem otherwise.
 */
export async function validateTemplate(parts: TemplateParts, purpose: Purpose): Promise<void> {
  checkChannelFields(parts.channel, parts);
  const compiled = compileTemplate(parts, VARIABLES[purpose]);
  if ('problems' in compiled) throw templateProblemsError(compiled.problems);
  const variables = templateVariables(purpose, MessageData[purpose].parse(sampleData(purpose, 'USD')), {
    store: { name: 'Sample Store', url: 'https://shop.example' },
    unsubscribeUrl: PREVIEW_UNSUBSCRIBE,
    locale: 'en',
  });
  const content = await renderContent(parts.channel, compiled.compiled, variables, null);
  if (parts.channel === 'sms' && content.text.length > 1600) {
    throw new AppError('UNPROCESSABLE', 'The SMS would be longer than 1600 characters (10 segments).', {
      errors: [{ path: 'body.body', message: 'too long once rendered with sample data' }],
    });
  }
}

async function readTemplate(
  tx: DbOrTx,
  storeId: string,
  id: string,
  lock = false,
): Promise<TemplateRow | null> {
  const { rows } = await tx.execute<TemplateRow>(
    sql`SELECT * FROM messaging_templates WHERE store_id = ${storeId} AND id = ${id} ${lock ? sql`FOR UPDATE` : sql``}`,
  );
  return rows[0] ?? null;
}

const isUnique = (err: unknown) =>
  (err as { code?: string }).code === '23505' ||
  (err as { cause?: { code?: string } }).cause?.code === '23505';

async function emitTemplateEvent(tx: Tx, storeId: string, type: string, t: TemplateRow): Promise<void> {
  await emitEvent(tx, {
    storeId,
    type,
    aggregateType: 'message_template',
    aggregateId: t.id,
    payload: {
      id: t.id,
      channel: t.channel,
      purpose: t.purpose,
      handle: t.handle,
      locale: t.locale,
      version: t.version,
    },
  });
}

/**
 * Create the store's default templates once (English and Vietnamese recovery templates). Safe to
 * call any number of times and concurrently; a store whose defaults were created (and perhaps
 * deleted since) gets nothing new.
 */
export async function ensureDefaultTemplatesInTx(tx: Tx, storeId: string): Promise<void> {
  // Read first: the upsert below locks the settings row, and sends must not queue on it.
  const { rows: done } = await tx.execute(
    sql`SELECT 1 FROM messaging_settings WHERE store_id = ${storeId} AND defaults_created_at IS NOT NULL`,
  );
  if (done.length) return;
  const { rows } = await tx.execute(sql`
    INSERT INTO messaging_settings (store_id, defaults_created_at) VALUES (${storeId}, now())
    ON CONFLICT (store_id) DO UPDATE SET defaults_created_at = now()
      WHERE messaging_settings.defaults_created_at IS NULL
    RETURNING store_id`);
  if (rows.length === 0) return;
  for (const t of DEFAULT_TEMPLATES) {
    const { rows: made } = await tx.execute<TemplateRow>(sql`
      INSERT INTO messaging_templates (id, store_id, channel, purpose, handle, locale, name, subject, body, text_body, url, is_default)
      VALUES (${newId('mtpl')}, ${storeId}, ${t.channel}, ${t.purpose}, ${t.handle}, ${t.locale}, ${t.name},
              ${t.subject ?? null}, ${t.body}, ${t.text_body ?? null}, ${t.url ?? null}, true)
      ON CONFLICT (store_id, channel, handle, locale) DO NOTHING
      RETURNING *`);
    if (made[0]) await emitTemplateEvent(tx, storeId, 'message_template.created', made[0]);
  }
}

/** The store's default templates (created if this is the first ask): for the recovery module's default campaign. */
export async function ensureDefaultTemplates(
  platform: Pick<Platform, 'db'>,
  o: { storeId: string },
): Promise<TemplateView[]> {
  return withStore(platform.db, o.storeId, async (tx) => {
    await ensureDefaultTemplatesInTx(tx, o.storeId);
    const { rows } = await tx.execute<TemplateRow>(
      sql`SELECT * FROM messaging_templates WHERE store_id = ${o.storeId} AND is_default ORDER BY handle, locale`,
    );
    return rows.map(templateView);
  });
}

export async function createTemplate(
  platform: Pick<Platform, 'db'>,
  o: { storeId: string; input: TemplateInput; actor?: Actor },
): Promise<TemplateView> {
  const input = parseInput(TemplateInput, o.input);
  await validateTemplate(input, input.purpose);
  const { storeId } = o;
  try {
    return await withStore(platform.db, storeId, async (tx) => {
      const { rows } = await tx.execute<TemplateRow>(sql`
        INSERT INTO messaging_templates (id, store_id, channel, purpose, handle, locale, name, subject, body, text_body, url)
        VALUES (${newId('mtpl')}, ${storeId}, ${input.channel}, ${input.purpose}, ${input.handle}, ${input.locale},
                ${input.name}, ${input.subject ?? null}, ${input.body}, ${input.text_body ?? null}, ${input.url ?? null})
        RETURNING *`);
      const row = rows[0]!;
      await emitTemplateEvent(tx, storeId, 'message_template.created', row);
      await auditAs(tx, o.actor, {
        storeId,
        action: 'message_template.created',
        entityType: 'message_template',
        entityId: row.id,
        after: templateView(row),
      });
      return templateView(row);
    });
  } catch (err) {
    if (isUnique(err)) {
      throw new AppError(
        'ALREADY_EXISTS',
        `A ${input.channel} template "${input.handle}" in ${input.locale} already exists.`,
        {
          errors: [{ path: 'body.handle', message: 'taken for this channel and locale' }],
        },
      );
    }
    throw err;
  }
}

export async function updateTemplate(
  platform: Pick<Platform, 'db'>,
  o: { storeId: string; templateId: string; patch: TemplatePatch; actor?: Actor },
): Promise<TemplateView> {
  const patch = parseInput(TemplatePatch, o.patch);
  const { storeId } = o;
  try {
    return await withStore(platform.db, storeId, async (tx) => {
      const before = await readTemplate(tx, storeId, o.templateId, true);
      if (!before) throw new AppError('NOT_FOUND', 'No such template.');
      const next = {
        handle: patch.handle ?? before.handle,
        locale: patch.locale ?? before.locale,
        name: patch.name ?? before.name,
        subject: patch.subject !== undefined ? patch.subject : before.subject,
        body: patch.body ?? before.body,
        text_body: patch.text_body !== undefined ? patch.text_body : before.text_body,
        url: patch.url !== undefined ? patch.url : before.url,
      };
      await validateTemplate({ channel: before.channel, ...next }, before.purpose);
      const { rows } = await tx.execute<TemplateRow>(sql`
        UPDATE messaging_templates SET handle = ${next.handle}, locale = ${next.locale}, name = ${next.name},
          subject = ${next.subject}, body = ${next.body}, text_body = ${next.text_body}, url = ${next.url},
          version = version + 1, updated_at = now()
        WHERE store_id = ${storeId} AND id = ${before.id}
        RETURNING *`);
      const row = rows[0]!;
      await emitTemplateEvent(tx, storeId, 'message_template.updated', row);
      await auditAs(tx, o.actor, {
        storeId,
        action: 'message_template.updated',
        entityType: 'message_template',
        entityId: row.id,
        before: templateView(before),
        after: templateView(row),
      });
      return templateView(row);
    });
  } catch (err) {
    if (isUnique(err)) {
      throw new AppError(
        'ALREADY_EXISTS',
        'Another template already has this handle and locale on this channel.',
        {
          errors: [{ path: 'body.handle', message: 'taken for this channel and locale' }],
        },
      );
    }
    throw err;
  }
}

export async function deleteTemplate(
  platform: Pick<Platform, 'db'>,
  o: { storeId: string; templateId: string; actor?: Actor },
): Promise<void> {
  await withStore(platform.db, o.storeId, async (tx) => {
    const before = await readTemplate(tx, o.storeId, o.templateId, true);
    if (!before) throw new AppError('NOT_FOUND', 'No such template.');
    await tx.execute(
      sql`DELETE FROM messaging_templates WHERE store_id = ${o.storeId} AND id = ${before.id}`,
    );
    await emitTemplateEvent(tx, o.storeId, 'message_template.deleted', before);
    await auditAs(tx, o.actor, {
      storeId: o.storeId,
      action: 'message_template.deleted',
      entityType: 'message_template',
      entityId: before.id,
      before: templateView(before),
    });
  });
}

export async function getTemplate(
  platform: Pick<Platform, 'db'>,
  o: { storeId: string; templateId: string },
): Promise<TemplateView> {
  const row = await withStore(platform.db, o.storeId, (tx) => readTemplate(tx, o.storeId, o.templateId));
  if (!row) throw new AppError('NOT_FOUND', 'No such template.');
  return templateView(row);
}

export const TemplateListQuery = PageQuery.extend({
  channel: z.enum(CHANNELS).optional(),
  purpose: z.enum(PURPOSES).optional(),
  handle: z.string().max(64).optional(),
  locale: Locale.optional(),
});

/** The store's templates, newest first (the defaults are created on the first look). */
export async function listTemplates(
  platform: Pick<Platform, 'db'>,
  o: { storeId: string; query: z.input<typeof TemplateListQuery> },
): Promise<Page<TemplateView>> {
  const q = parseInput(TemplateListQuery, o.query, 'querystring');
  const cursor = decodeCursor<{ id: string }>(q.cursor);
  const rows = await withStore(platform.db, o.storeId, async (tx) => {
    await ensureDefaultTemplatesInTx(tx, o.storeId);
    const { rows } = await tx.execute<TemplateRow>(sql`
      SELECT * FROM messaging_templates WHERE store_id = ${o.storeId}
        ${q.channel ? sql`AND channel = ${q.channel}` : sql``}
        ${q.purpose ? sql`AND purpose = ${q.purpose}` : sql``}
        ${q.handle ? sql`AND handle = ${q.handle}` : sql``}
        ${q.locale ? sql`AND locale = ${q.locale}` : sql``}
        ${cursor?.id ? sql`AND id < ${String(cursor.id)}` : sql``}
      ORDER BY id DESC LIMIT ${q.limit + 1}`);
    return rows;
  });
  const page = toPage(rows, q.limit, (r) => ({ id: r.id }));
  return { data: page.data.map(templateView), next_cursor: page.next_cursor };
}

/** A template for a message: by id, or by handle in the best locale there is. */
export async function findTemplateForMessage(
  tx: Tx,
  o: { storeId: string; channel: Channel; templateId?: string; handle?: string; locales: string[] },
): Promise<TemplateRow | null> {
  if (o.templateId) return readTemplate(tx, o.storeId, o.templateId);
  await ensureDefaultTemplatesInTx(tx, o.storeId);
  const { rows } = await tx.execute<TemplateRow>(sql`
    SELECT * FROM messaging_templates
    WHERE store_id = ${o.storeId} AND channel = ${o.channel} AND handle = ${o.handle ?? ''}`);
  for (const l of o.locales) {
    const exact = rows.find((r) => r.locale === l) ?? rows.find((r) => r.locale === l.split('-')[0]);
    if (exact) return exact;
  }
  return rows[0] ?? null;
}

export const PreviewInput = z.strictObject({
  data: z.record(z.string(), z.unknown()).optional().describe("The message's data; sample data when absent"),
  locale: Locale.optional(),
});

export interface PreviewView {
  channel: Channel;
  subject: string | null;
  text: string;
  html: string | null;
  url: string | null;
  variables: string[];
}

/** Render a template (saved, or as being edited) with sample or given data; nothing is stored. */
export async function previewTemplate(
  platform: Pick<Platform, 'db' | 'config'>,
  o: {
    storeId: string;
    templateId?: string;
    template?: TemplateInput;
    input: z.input<typeof PreviewInput>;
  },
): Promise<PreviewView> {
  const input = parseInput(PreviewInput, o.input);
  const store = await withStore(platform.db, o.storeId, (tx) => getStore(tx, o.storeId));
  let parts: TemplateParts;
  let purpose: Purpose;
  let locale: string;
  if (o.templateId) {
    const t = await getTemplate(platform, { storeId: o.storeId, templateId: o.templateId });
    parts = t;
    purpose = t.purpose;
    locale = input.locale ?? t.locale;
  } else {
    const t = parseInput(TemplateInput, o.template);
    checkChannelFields(t.channel, t);
    parts = t;
    purpose = t.purpose;
    locale = input.locale ?? t.locale;
  }
  const compiled = compileTemplate(parts, VARIABLES[purpose]);
  if ('problems' in compiled) throw templateProblemsError(compiled.problems);
  const data = parseInput(
    MessageData[purpose],
    input.data ?? sampleData(purpose, store.currency),
    'body.data',
  );
  const variables = templateVariables(purpose, data, {
    store: { name: store.name, url: storefrontUrl(platform.config, store) },
    unsubscribeUrl: PREVIEW_UNSUBSCRIBE,
    locale,
  });
  const content: MessageContent = await renderContent(parts.channel, compiled.compiled, variables, null);
  return {
    channel: parts.channel,
    subject: content.subject ?? null,
    text: content.text,
    html: content.html ?? null,
    url: content.url ?? null,
    variables: variablePaths(VARIABLES[purpose]),
  };
}

/** The variables each purpose declares, for the template editor. */
export function declaredVariables(): Record<Purpose, string[]> {
  return {
    recovery: variablePaths(VARIABLES.recovery),
    transactional: variablePaths(VARIABLES.transactional),
  };
}
