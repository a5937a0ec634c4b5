import { createHash } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Platform } from '../../platform/context.ts';
import { decryptSecret, encryptSecret } from '../../platform/crypto.ts';
import { afterCommit, withStore, type Tx } from '../../platform/db/database.ts';
import { AppError } from '../../platform/errors.ts';
import { newId } from '../../platform/ids.ts';
import { parseInput } from '../../platform/validation.ts';
import { publicBaseUrl, storefrontUrl } from '../identity/emails.ts';
import { getStore } from '../tenancy/service.ts';
import type { Store } from '../tenancy/schema.ts';
import { mayMessage, withdrawConsentInTx } from './consent.ts';
import {
  categoryOf,
  CHANNELS,
  destinationOf,
  PURPOSES,
  type PushSubscription,
  Recipient,
  type Channel,
  type Purpose,
} from './contacts.ts';
import { emitMessageEvent, recordMessageEvent, type MessageFacts } from './events.ts';
import { SETTLED, type MessageStatus } from './message-states.ts';
import { ProviderError } from './providers/provider.ts';
import { nextSmsTime } from './quiet-hours.ts';
import {
  compileTemplate,
  renderContent,
  templateProblemsError,
  type MessageContent,
  type TemplateParts,
} from './render.ts';
import { channelSetup, frequencyCaps, providerOf, type ChannelSetup } from './settings.ts';
import { findTemplateForMessage } from './templates.ts';
import { linkMaker } from './tracking.ts';
import { MessageData, templateVariables, VARIABLES } from './variables.ts';

/**
 * Sending one message: the function campaigns (and any other module) call. Exactly one message
 * per idempotency key — asking again returns what became of it. Before anything leaves, in one
 * transaction under the message's row lock: consent for the channel and address (`consent.ts`),
 * SMS quiet hours (deferred to the next allowed time), the frequency cap (claimed atomically,
 * so of two messages racing for one contact one goes and one is capped), then the template is
 * rendered. The provider is called outside any transaction; its answer is recorded after.
 *
 * A provider that is unavailable does not lose the message: it goes back to `queued` and the
 * worker's sweep tries again with backoff (the cap slot is given back meanwhile). A deferred
 * message is sent by the sweep when its time comes — after checking consent and caps again.
 * A crash after the provider took the message but before that was recorded leaves the message
 * `sending`; once its lease has run out the sweep sends it again (at least once: the e-mail keeps
 * its Message-ID, so the duplicate can be recognised).
 */

const InlineTemplate = z.strictObject({
  subject: z.string().max(1000).nullish(),
  body: z.string().min(1).max(200_000),
  text_body: z.string().max(100_000).nullish(),
  url: z.string().max(2000).nullish(),
});

export const SendMessageInput = z
  .strictObject({
    storeId: z.string().min(1).max(64),
    channel: z.enum(CHANNELS),
    to: Recipient,
    templateId: z.string().min(1).max(64).optional(),
    /** A template by handle, in the recipient's (or the store's) language. */
    templateHandle: z.string().min(1).max(64).optional(),
    /** A template given inline (checked as a saved one would be). */
    template: InlineTemplate.optional(),
    data: z.record(z.string(), z.unknown()),
    purpose: z.enum(PURPOSES),
    idempotencyKey: z.string().min(1).max(255),
    campaignRef: z.string().min(1).max(200).optional(),
    /** The shopper account, when there is one: GDPR export and erasure find the message by it. */
    customerId: z.string().min(1).max(64).optional(),
  })
  .refine((o) => [o.templateId, o.templateHandle, o.template].filter((x) => x !== undefined).length === 1, {
    message: 'exactly one of templateId, templateHandle and template',
    path: ['templateId'],
  });
export type SendMessageInput = z.input<typeof SendMessageInput>;

export type SuppressionReason = 'no_consent' | 'unsubscribed' | 'frequency_cap';

export type SendResult =
  | { status: 'sent'; messageId: string; providerMessageId: string | null; deliveryStatus: MessageStatus }
  | { status: 'deferred'; messageId: string; until: string }
  | { status: 'suppressed'; messageId: string; reason: SuppressionReason }
  | { status: 'queued'; messageId: string; retryAt: string | null }
  | { status: 'failed'; messageId: string; error: string }
  | { status: 'cancelled'; messageId: string };

export interface MessageRow extends MessageFacts {
  [k: string]: unknown;
  channel: Channel;
  purpose: Purpose;
  idempotency_key: string;
  request_hash: string;
  status: MessageStatus;
  suppressed_reason: string | null;
  address_key: string;
  push_subscription_ciphertext: string | null;
  template_id: string | null;
  locale: string | null;
  time_zone: string | null;
  provider: string | null;
  provider_message_id: string | null;
  content: MessageContent | null;
  data: StoredData | null;
  attempts: number;
  due_at: Date | null;
  last_error: string | null;
  created_at: Date;
  sent_at: Date | null;
}

/** What a queued or deferred message needs to be rendered later. */
interface StoredData {
  data: Record<string, unknown>;
  handle?: string;
  template?: z.output<typeof InlineTemplate>;
}

/** A stable JSON text of a value (keys sorted), for the request hash. */
function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (v && typeof v === 'object') {
    return `{${Object.keys(v)
      .sort()
      .filter((k) => (v as Record<string, unknown>)[k] !== undefined)
      .map((k) => `${JSON.stringify(k)}:${canonical((v as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(v) ?? 'null';
}

const pushContext = (storeId: string, messageId: string) => `messaging_push:${storeId}:${messageId}`;
const iso = (d: Date | string) => new Date(d).toISOString();

/** What a message's row says about the send, for a caller asking (again). */
export function resultOf(row: MessageRow): SendResult {
  const messageId = row.id;
  switch (row.status) {
    case 'sent':
    case 'delivered':
    case 'opened':
    case 'clicked':
    case 'bounced':
      return {
        status: 'sent',
        messageId,
        providerMessageId: row.provider_message_id,
        deliveryStatus: row.status,
      };
    case 'deferred':
      return { status: 'deferred', messageId, until: iso(row.due_at!) };
    case 'suppressed':
      return { status: 'suppressed', messageId, reason: row.suppressed_reason as SuppressionReason };
    case 'failed':
      return { status: 'failed', messageId, error: row.last_error ?? 'failed' };
    case 'cancelled':
      return { status: 'cancelled', messageId };
    default:
      return { status: 'queued', messageId, retryAt: row.due_at ? iso(row.due_at) : null };
  }
}

/**
 * Send a message (or say why not). See the module comment for the rules. Bad input — a
 * recipient without an address on the channel, data that does not fit the purpose, an unknown
 * template, a template using undeclared variables — is a 4xx and records nothing. The same key
 * with a different request is 422 IDEMPOTENCY_KEY_REUSED.
 */
export async function sendMessage(platform: Platform, input: SendMessageInput): Promise<SendResult> {
  const checked = checkMessage(input);
  const storeId = checked.o.storeId;
  const messageId = await withStore(platform.db, storeId, (tx) => recordMessage(platform, tx, checked));
  return attemptMessage(platform, { storeId, messageId });
}

/**
 * `sendMessage` in the caller's transaction (which must be scoped to the store): the message is
 * recorded with the caller's writes and sent once they commit — at once, and by messaging's
 * worker if that attempt is lost. For a message that must go if and only if those writes stand
 * (a gift card's code, generated in that transaction and kept nowhere else readable).
 */
export async function queueMessageInTx(platform: Platform, tx: Tx, input: SendMessageInput): Promise<string> {
  const checked = checkMessage(input);
  const storeId = checked.o.storeId;
  const messageId = await recordMessage(platform, tx, checked);
  afterCommit(tx, () => {
    attemptMessage(platform, { storeId, messageId }).catch((err: unknown) =>
      platform.log.warn({ err, messageId }, 'message not sent yet; the worker will retry'),
    );
  });
  return messageId;
}

type CheckedMessage = ReturnType<typeof checkMessage>;

/** The input checked (4xx, nothing recorded, when it is bad) and its idempotency hash. */
function checkMessage(input: SendMessageInput) {
  const o = parseInput(SendMessageInput, input, 'input');
  const destination = destinationOf(o.channel, o.to);
  const data = parseInput(MessageData[o.purpose], o.data, 'data') as Record<string, unknown>;
  if (o.template) {
    const parts: TemplateParts = { channel: o.channel, ...o.template };
    const compiled = compileTemplate(parts, VARIABLES[o.purpose]);
    if ('problems' in compiled) throw templateProblemsError(compiled.problems);
  }
  const requestHash = createHash('sha256').update(canonical(o)).digest('hex');
  return { o, destination, data, requestHash };
}

/** The message's row (or the one its idempotency key already made): its id. */
async function recordMessage(
  platform: Platform,
  tx: Tx,
  { o, destination, data, requestHash }: CheckedMessage,
): Promise<string> {
  const { storeId } = o;
  const { rows: existing } = await tx.execute<{ id: string; request_hash: string }>(sql`
    SELECT id, request_hash FROM messaging_messages WHERE store_id = ${storeId} AND idempotency_key = ${o.idempotencyKey}`);
  if (existing[0]) return checkSameRequest(existing[0], requestHash);
  if (o.templateId || o.templateHandle) {
    const found = await findTemplateForMessage(tx, {
      storeId,
      channel: o.channel,
      templateId: o.templateId,
      handle: o.templateHandle,
      locales: [],
    });
    if (!found || found.channel !== o.channel || found.purpose !== o.purpose) {
      throw new AppError(
        'NOT_FOUND',
        `No ${o.purpose} ${o.channel} template ${o.templateId ?? o.templateHandle}.`,
        {
          errors: [
            {
              path: o.templateId ? 'input.templateId' : 'input.templateHandle',
              message: 'no such template',
            },
          ],
        },
      );
    }
  }
  const id = newId('msg');
  const stored: StoredData = {
    data,
    ...(o.templateHandle ? { handle: o.templateHandle } : {}),
    ...(o.template ? { template: o.template } : {}),
  };
  const { rows } = await tx.execute<{ id: string; request_hash: string }>(sql`
    INSERT INTO messaging_messages (id, store_id, channel, purpose, idempotency_key, request_hash, status,
      address_key, push_subscription_ciphertext, customer_id, campaign_ref, template_id, locale, time_zone, data, due_at)
    VALUES (${id}, ${storeId}, ${o.channel}, ${o.purpose}, ${o.idempotencyKey}, ${requestHash}, 'queued',
      ${destination.addressKey},
      ${destination.subscription ? encryptSecret(platform.config.CARTON_SECRET, JSON.stringify(destination.subscription), pushContext(storeId, id)) : null},
      ${o.customerId ?? null}, ${o.campaignRef ?? null}, ${o.templateId ?? null}, ${o.to.locale ?? null},
      ${o.to.timeZone ?? null}, ${JSON.stringify(stored)}::jsonb, now())
    ON CONFLICT (store_id, idempotency_key) DO NOTHING
    RETURNING id, request_hash`);
  if (rows[0]) return rows[0].id;
  // Another call with this key got in first: this one is a repeat of it.
  const { rows: raced } = await tx.execute<{ id: string; request_hash: string }>(sql`
    SELECT id, request_hash FROM messaging_messages WHERE store_id = ${storeId} AND idempotency_key = ${o.idempotencyKey}`);
  return checkSameRequest(raced[0]!, requestHash);
}

function checkSameRequest(row: { id: string; request_hash: string }, hash: string): string {
  if (row.request_hash !== hash) {
    throw new AppError('IDEMPOTENCY_KEY_REUSED', 'This idempotency key was used for a different message.', {
      errors: [{ path: 'input.idempotencyKey', message: 'already used for a different message' }],
    });
  }
  return row.id;
}

type Prepared =
  | { done: SendResult }
  | {
      row: MessageRow;
      store: Store;
      attempt: number;
      content: MessageContent;
      headers: Record<string, string>;
      subscription?: PushSubscription;
      address: string;
      capSlot: boolean;
      setup: ChannelSetup;
    };

/**
 * One attempt at a message: decide under its row lock, call the provider, record the answer.
 * Called by `sendMessage` and by the worker's sweep (deferred messages come due, retries, lost
 * leases); a message not due, or settled, just reports where it stands.
 */
export async function attemptMessage(
  platform: Platform,
  o: { storeId: string; messageId: string },
): Promise<SendResult> {
  const prepared = await withStore(platform.db, o.storeId, (tx) => prepare(platform, tx, o));
  if ('done' in prepared) return prepared.done;
  const { row } = prepared;
  const setup = await withStore(platform.db, o.storeId, (tx) =>
    channelSetup(platform, tx, o.storeId, row.channel),
  );
  const provider = providerOf(platform, setup, prepared.store.name);
  const base = publicBaseUrl(platform.config);
  try {
    const outcome = await provider.send({
      storeId: o.storeId,
      messageId: row.id,
      channel: row.channel,
      address: prepared.address,
      subscription: prepared.subscription,
      content: prepared.content,
      headers: prepared.headers,
      statusCallbackUrl: `${base}/ingest/v1/messaging/twilio/${o.storeId}/status`,
    });
    return await withStore(platform.db, o.storeId, async (tx) => {
      const { rows } = await tx.execute<MessageRow>(sql`
        UPDATE messaging_messages SET status = 'sent', provider = ${provider.name},
          provider_message_id = ${outcome.providerMessageId}, sent_at = now(), due_at = NULL, data = NULL,
          last_error = NULL, updated_at = now()
        WHERE store_id = ${o.storeId} AND id = ${row.id} AND status = 'sending' AND attempts = ${prepared.attempt}
        RETURNING *`);
      const sent = rows[0];
      if (!sent) return resultOf(await readMessage(tx, o.storeId, row.id));
      await recordMessageEvent(tx, {
        storeId: o.storeId,
        messageId: row.id,
        type: 'sent',
        source: 'system',
        dedupeKey: `${row.id}:sent`,
        detail: { provider: provider.name, attempt: prepared.attempt },
      });
      await emitMessageEvent(tx, sent, 'message.sent', {
        provider: provider.name,
        providerMessageId: outcome.providerMessageId,
        sentAt: iso(sent.sent_at!),
      });
      return resultOf(sent);
    });
  } catch (err) {
    const failure =
      err instanceof ProviderError
        ? err
        : new ProviderError('internal', (err as Error).message, { transient: true });
    if (!(err instanceof ProviderError))
      platform.log.error({ err, messageId: row.id }, 'message attempt failed');
    else
      platform.log.warn(
        { messageId: row.id, code: failure.code, transient: failure.transient },
        'provider did not take the message',
      );
    return withStore(platform.db, o.storeId, (tx) =>
      recordFailure(platform, tx, prepared, failure, provider.name),
    );
  }
}

/** Backoff between attempts when a provider is unavailable: 30 s, 1 min, 2 min … at most an hour. */
const retryDelaySeconds = (attempt: number) => Math.min(3600, 30 * 2 ** Math.max(0, attempt - 1));

async function recordFailure(
  platform: Platform,
  tx: Tx,
  p: Extract<Prepared, { row: MessageRow }>,
  failure: ProviderError,
  provider: string,
): Promise<SendResult> {
  const { row } = p;
  if (p.capSlot) await releaseCapSlot(tx, row);
  const retry = failure.transient && p.attempt < platform.config.MESSAGING_MAX_ATTEMPTS;
  const { rows } = retry
    ? await tx.execute<MessageRow>(sql`
        UPDATE messaging_messages SET status = 'queued', provider = ${provider}, last_error = ${failure.code},
          due_at = now() + make_interval(secs => ${retryDelaySeconds(p.attempt)}), updated_at = now()
        WHERE store_id = ${row.store_id} AND id = ${row.id} AND status = 'sending' AND attempts = ${p.attempt}
        RETURNING *`)
    : await tx.execute<MessageRow>(sql`
        UPDATE messaging_messages SET status = 'failed', provider = ${provider}, last_error = ${failure.code},
          failed_at = now(), due_at = NULL, data = NULL, updated_at = now()
        WHERE store_id = ${row.store_id} AND id = ${row.id} AND status = 'sending' AND attempts = ${p.attempt}
        RETURNING *`);
  const after = rows[0];
  if (!after) return resultOf(await readMessage(tx, row.store_id, row.id));
  await recordMessageEvent(tx, {
    storeId: row.store_id,
    messageId: row.id,
    type: retry ? 'attempt_failed' : 'failed',
    source: 'system',
    dedupeKey: `${row.id}:attempt:${p.attempt}`,
    detail: { provider, code: failure.code, transient: failure.transient },
  });
  if (!retry) {
    await emitMessageEvent(tx, after, 'message.failed', { reason: failure.code });
    // A push subscription the service says is gone will never take a message again.
    if (failure.gone) {
      await withdrawConsentInTx(tx, {
        storeId: row.store_id,
        channel: row.channel,
        address: row.address_key,
        category: 'all',
        source: 'provider',
        messageId: row.id,
      });
    }
  }
  return resultOf(after);
}

export async function readMessage(
  tx: Tx,
  storeId: string,
  messageId: string,
  lock = false,
): Promise<MessageRow> {
  const { rows } = await tx.execute<MessageRow>(sql`
    SELECT * FROM messaging_messages WHERE store_id = ${storeId} AND id = ${messageId} ${lock ? sql`FOR UPDATE` : sql``}`);
  if (!rows[0]) throw new AppError('NOT_FOUND', 'No such message.');
  return rows[0];
}

async function settle(
  tx: Tx,
  row: MessageRow,
  status: 'suppressed' | 'deferred' | 'failed',
  o: { reason?: string; until?: Date },
): Promise<SendResult> {
  const { rows } = await tx.execute<MessageRow>(sql`
    UPDATE messaging_messages SET status = ${status},
      suppressed_reason = ${status === 'suppressed' ? (o.reason ?? null) : null},
      last_error = ${status === 'failed' ? (o.reason ?? null) : row.last_error},
      due_at = ${o.until ? o.until.toISOString() : null},
      data = ${status === 'deferred' ? sql`data` : sql`NULL`},
      failed_at = ${status === 'failed' ? sql`now()` : sql`failed_at`},
      updated_at = now()
    WHERE store_id = ${row.store_id} AND id = ${row.id}
    RETURNING *`);
  const after = rows[0]!;
  const wasDeferredUntil =
    row.status === 'deferred' && row.due_at && o.until && +new Date(row.due_at) === +o.until;
  if (!wasDeferredUntil) {
    await recordMessageEvent(tx, {
      storeId: row.store_id,
      messageId: row.id,
      type: status,
      source: 'system',
      dedupeKey: `${row.id}:${status}:${o.until ? o.until.toISOString() : ''}`,
      detail: {
        ...(o.reason ? { reason: o.reason } : {}),
        ...(o.until ? { until: o.until.toISOString() } : {}),
      },
    });
    const type =
      status === 'suppressed'
        ? 'message.suppressed'
        : status === 'deferred'
          ? 'message.deferred'
          : 'message.failed';
    await emitMessageEvent(tx, after, type, {
      ...(o.reason ? { reason: o.reason } : {}),
      ...(o.until ? { until: o.until.toISOString() } : {}),
    });
  }
  return resultOf(after);
}

/** Lease of a `sending` message: past it, the attempt is presumed lost and the sweep takes over. */
const leaseSeconds = (platform: Platform) =>
  Math.ceil((platform.config.MESSAGING_PROVIDER_TIMEOUT_MS * 3) / 1000) + 30;

async function prepare(
  platform: Platform,
  tx: Tx,
  o: { storeId: string; messageId: string },
): Promise<Prepared> {
  const row = await readMessage(tx, o.storeId, o.messageId, true);
  if (SETTLED.has(row.status)) return { done: resultOf(row) };
  const { rows: clock } = await tx.execute<{ now: Date }>(sql`SELECT now() AS now`);
  const now = new Date(clock[0]!.now);
  if (row.due_at && new Date(row.due_at) > now) return { done: resultOf(row) };

  const store = await getStore(tx, o.storeId);
  const category = categoryOf(row.purpose);
  const refused = await mayMessage(tx, o.storeId, row.channel, row.address_key, category);
  if (refused) return { done: await settle(tx, row, 'suppressed', { reason: refused }) };

  if (row.channel === 'sms') {
    const until = nextSmsTime(now, row.time_zone ?? store.timezone);
    if (until > now) return { done: await settle(tx, row, 'deferred', { until }) };
  }

  const stored = row.data;
  if (!stored) return { done: await settle(tx, row, 'failed', { reason: 'content_missing' }) };
  let parts: TemplateParts | null = null;
  if (stored.template) parts = { channel: row.channel, ...stored.template };
  else {
    const t = await findTemplateForMessage(tx, {
      storeId: o.storeId,
      channel: row.channel,
      templateId: row.template_id ?? undefined,
      handle: stored.handle,
      locales: [row.locale, store.locale, 'en'].filter((l): l is string => !!l),
    });
    if (t && t.channel === row.channel && t.purpose === row.purpose) parts = t;
  }
  if (!parts) return { done: await settle(tx, row, 'failed', { reason: 'template_missing' }) };
  const compiled = compileTemplate(parts, VARIABLES[row.purpose]);
  if ('problems' in compiled)
    return { done: await settle(tx, row, 'failed', { reason: 'template_invalid' }) };

  // The cap last: a message refused for another reason must not use up the contact's slot.
  let capSlot = false;
  if (category === 'marketing') {
    const cap = (await frequencyCaps(tx, o.storeId))[row.channel];
    if (cap > 0) {
      capSlot = await claimCapSlot(tx, row, cap);
      if (!capSlot) return { done: await settle(tx, row, 'suppressed', { reason: 'frequency_cap' }) };
    }
  }

  const base = publicBaseUrl(platform.config);
  const links = linkMaker({
    secret: platform.config.CARTON_SECRET,
    baseUrl: base,
    storeId: o.storeId,
    messageId: row.id,
    trackingTtlSeconds: platform.config.MESSAGING_LINK_TTL_DAYS * 86_400,
    unsubscribeTtlSeconds: platform.config.MESSAGING_UNSUBSCRIBE_TTL_DAYS * 86_400,
  });
  const unsubscribeUrl = links.unsubscribe();
  const locale = row.locale ?? store.locale;
  const variables = templateVariables(row.purpose, stored.data, {
    store: { name: store.name, url: storefrontUrl(platform.config, store) },
    unsubscribeUrl,
    locale,
  });
  let content: MessageContent;
  try {
    content = await renderContent(row.channel, compiled.compiled, variables, { links, unsubscribeUrl });
  } catch (err) {
    if (!(err instanceof AppError)) throw err;
    if (capSlot) await releaseCapSlot(tx, row);
    return { done: await settle(tx, row, 'failed', { reason: 'render_failed' }) };
  }
  const attempt = row.attempts + 1;
  const setup = await channelSetup(platform, tx, o.storeId, row.channel);
  await tx.execute(sql`
    UPDATE messaging_messages SET status = 'sending', attempts = ${attempt}, content = ${JSON.stringify(content)}::jsonb,
      due_at = now() + make_interval(secs => ${leaseSeconds(platform)}), updated_at = now()
    WHERE store_id = ${o.storeId} AND id = ${row.id}`);
  const domain = new URL(base).hostname || 'carton.local';
  const headers: Record<string, string> =
    row.channel === 'email'
      ? {
          'Message-ID': `<${row.id}@${domain}>`,
          // RFC 8058 one-click unsubscribe: mail clients POST `List-Unsubscribe=One-Click` to it.
          'List-Unsubscribe': `<${unsubscribeUrl}>`,
          'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
          'X-Carton-Message-Id': row.id,
        }
      : {};
  const subscription = row.push_subscription_ciphertext
    ? (JSON.parse(
        decryptSecret(
          platform.config.CARTON_SECRET,
          row.push_subscription_ciphertext,
          pushContext(o.storeId, row.id),
        ),
      ) as PushSubscription)
    : undefined;
  return {
    row,
    store,
    attempt,
    content,
    headers,
    subscription,
    address: subscription?.endpoint ?? row.address_key,
    capSlot,
    setup,
  };
}

/**
 * Claim the contact's frequency-cap slot for this message: one conditional upsert, true only if
 * the last marketing message on this channel is older than the cap (or is this very message, on
 * a retry). Racing claims queue on the row and the loser sees the winner's time.
 */
async function claimCapSlot(tx: Tx, row: MessageRow, capSeconds: number): Promise<boolean> {
  const { rows } = await tx.execute(sql`
    INSERT INTO messaging_contact_sends (store_id, channel, address_key, last_sent_at, last_message_id)
    VALUES (${row.store_id}, ${row.channel}, ${row.address_key}, clock_timestamp(), ${row.id})
    ON CONFLICT (store_id, channel, address_key) DO UPDATE SET
      previous_sent_at = CASE WHEN messaging_contact_sends.last_message_id = EXCLUDED.last_message_id
                              THEN messaging_contact_sends.previous_sent_at ELSE messaging_contact_sends.last_sent_at END,
      previous_message_id = CASE WHEN messaging_contact_sends.last_message_id = EXCLUDED.last_message_id
                              THEN messaging_contact_sends.previous_message_id ELSE messaging_contact_sends.last_message_id END,
      last_sent_at = EXCLUDED.last_sent_at, last_message_id = EXCLUDED.last_message_id
    WHERE messaging_contact_sends.last_message_id = EXCLUDED.last_message_id
       OR messaging_contact_sends.last_sent_at <= EXCLUDED.last_sent_at - make_interval(secs => ${capSeconds})
    RETURNING 1`);
  return rows.length > 0;
}

/** Give the slot back (the message did not leave): the contact's previous send counts again. */
async function releaseCapSlot(tx: Tx, row: MessageRow): Promise<void> {
  await tx.execute(sql`
    DELETE FROM messaging_contact_sends
    WHERE store_id = ${row.store_id} AND channel = ${row.channel} AND address_key = ${row.address_key}
      AND last_message_id = ${row.id} AND previous_sent_at IS NULL`);
  await tx.execute(sql`
    UPDATE messaging_contact_sends SET last_sent_at = previous_sent_at, last_message_id = previous_message_id,
      previous_sent_at = NULL, previous_message_id = NULL
    WHERE store_id = ${row.store_id} AND channel = ${row.channel} AND address_key = ${row.address_key}
      AND last_message_id = ${row.id}`);
}

/**
 * Cancel messages still waiting (queued or deferred): one message, or every message of a
 * campaign run (`campaignRef`) — what recovery does when the cart is bought. A message already
 * being sent or sent is not touched. Emits `message.cancelled` per message; returns how many.
 */
export async function cancelMessages(
  platform: Pick<Platform, 'db'>,
  o: { storeId: string; messageId?: string; campaignRef?: string },
): Promise<{ cancelled: number }> {
  if (!o.messageId && !o.campaignRef) {
    throw new AppError('VALIDATION_FAILED', 'Name a message or a campaign reference.', {
      errors: [{ path: 'input.campaignRef', message: 'messageId or campaignRef required' }],
    });
  }
  return withStore(platform.db, o.storeId, async (tx) => {
    const { rows } = await tx.execute<MessageRow>(sql`
      UPDATE messaging_messages SET status = 'cancelled', due_at = NULL, data = NULL, updated_at = now()
      WHERE store_id = ${o.storeId} AND status IN ('queued', 'deferred')
        ${o.messageId ? sql`AND id = ${o.messageId}` : sql``}
        ${o.campaignRef ? sql`AND campaign_ref = ${o.campaignRef}` : sql``}
      RETURNING *`);
    for (const r of rows.sort((a, b) => a.id.localeCompare(b.id))) {
      await recordMessageEvent(tx, {
        storeId: o.storeId,
        messageId: r.id,
        type: 'cancelled',
        source: 'system',
        dedupeKey: `${r.id}:cancelled`,
      });
      await emitMessageEvent(tx, r, 'message.cancelled');
    }
    return { cancelled: rows.length };
  });
}

/**
 * The worker's sweep: messages whose time has come (deferred ones, retries, lost leases), oldest
 * first, each attempted as `sendMessage` would. Reads across stores (as the owner role); each
 * attempt then runs in its store's scope. Returns how many were attempted.
 */
export async function sendDueMessages(platform: Platform, o: { limit?: number } = {}): Promise<number> {
  const { rows } = await platform.db.execute<{ store_id: string; id: string }>(sql`
    SELECT store_id, id FROM messaging_messages
    WHERE status IN ('queued', 'deferred', 'sending') AND due_at <= now()
    ORDER BY due_at LIMIT ${o.limit ?? 200}`);
  let attempted = 0;
  const queue = [...rows];
  const worker = async () => {
    for (let next = queue.shift(); next; next = queue.shift()) {
      try {
        await attemptMessage(platform, { storeId: next.store_id, messageId: next.id });
        attempted++;
      } catch (err) {
        platform.log.error({ err, messageId: next.id }, 'due message attempt failed');
      }
    }
  };
  await Promise.all([worker(), worker(), worker(), worker()]);
  return attempted;
}
