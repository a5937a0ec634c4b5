import { sql } from 'drizzle-orm';
import type { Platform } from '../../platform/context.ts';
import { withStore, type Tx } from '../../platform/db/database.ts';
import { AppError } from '../../platform/errors.ts';
import { publicBaseUrl } from '../identity/emails.ts';
import { withdrawConsentInTx } from './consent.ts';
import { emitMessageEvent, recordMessageEvent } from './events.ts';
import { canMove, type MessageStatus } from './message-states.ts';
import { verifySendgridSignature, type SendgridEvent } from './providers/sendgrid.ts';
import { verifyTwilioSignature } from './providers/twilio.ts';
import type { MessageRow } from './send.ts';
import { channelSetup } from './settings.ts';
import { verifyLink } from './tracking.ts';

/**
 * What becomes of a message after it leaves: provider webhooks (SendGrid's Event Webhook,
 * Twilio's status callbacks), verified and applied once each; opens and clicks through the
 * signed links. A message's status only moves forward (see `message-states.ts`); every report
 * is kept in `messaging_message_events`, and a redelivered one (same event id) changes nothing.
 */

type DeliveryStatus = Extract<MessageStatus, 'delivered' | 'bounced' | 'failed' | 'opened' | 'clicked'>;

const EVENT_OF: Record<
  DeliveryStatus,
  'message.delivered' | 'message.bounced' | 'message.failed' | 'message.opened' | 'message.clicked'
> = {
  delivered: 'message.delivered',
  bounced: 'message.bounced',
  failed: 'message.failed',
  opened: 'message.opened',
  clicked: 'message.clicked',
};

const COLUMN_OF: Record<DeliveryStatus, string> = {
  delivered: 'delivered_at',
  bounced: 'bounced_at',
  failed: 'failed_at',
  opened: 'opened_at',
  clicked: 'clicked_at',
};

/**
 * Move a message to a delivery status reported by its provider, if that is a move forward; the
 * report itself has been recorded (and de-duplicated) by the caller. Emits the status's event.
 */
async function moveTo(tx: Tx, row: MessageRow, status: DeliveryStatus, reason?: string): Promise<boolean> {
  if (!canMove(row.status, status)) return false;
  const { rows } = await tx.execute<MessageRow>(sql`
    UPDATE messaging_messages SET status = ${status}, ${sql.raw(COLUMN_OF[status])} = COALESCE(${sql.raw(COLUMN_OF[status])}, now()),
      last_error = ${reason ?? null}, updated_at = now()
    WHERE store_id = ${row.store_id} AND id = ${row.id}
    RETURNING *`);
  await emitMessageEvent(tx, rows[0]!, EVENT_OF[status], reason ? { reason } : {});
  return true;
}

async function lockMessage(
  tx: Tx,
  storeId: string,
  by: { id?: string; providerMessageId?: string },
): Promise<MessageRow | null> {
  if (by.id) {
    const { rows } = await tx.execute<MessageRow>(
      sql`SELECT * FROM messaging_messages WHERE store_id = ${storeId} AND id = ${by.id} FOR UPDATE`,
    );
    if (rows[0]) return rows[0];
  }
  if (by.providerMessageId) {
    const { rows } = await tx.execute<MessageRow>(sql`
      SELECT * FROM messaging_messages WHERE store_id = ${storeId} AND provider_message_id = ${by.providerMessageId}
      ORDER BY id LIMIT 1 FOR UPDATE`);
    return rows[0] ?? null;
  }
  return null;
}

async function storeExists(tx: Tx, storeId: string): Promise<boolean> {
  const { rows } = await tx.execute(sql`SELECT 1 FROM stores WHERE id = ${storeId}`);
  return rows.length > 0;
}

export interface WebhookResult {
  received: number;
  applied: number;
  duplicates: number;
  ignored: number;
}

// --- SendGrid ----------------------------------------------------------------------------------

const SENDGRID_STATUS: Record<string, DeliveryStatus | undefined> = {
  delivered: 'delivered',
  bounce: 'bounced',
  dropped: 'failed',
};

/**
 * SendGrid's Event Webhook for a store: the signature checked against the store's verification
 * key (400 WEBHOOK_SIGNATURE_INVALID otherwise, nothing recorded), then each event applied once
 * (by `sg_event_id`). A spam report or an unsubscribe at SendGrid withdraws marketing consent.
 */
export async function handleSendgridEvents(
  platform: Platform,
  o: { storeId: string; rawBody: Buffer; headers: Record<string, string | string[] | undefined> },
): Promise<WebhookResult> {
  const header = (n: string) => {
    const v = o.headers[n];
    return Array.isArray(v) ? v[0] : v;
  };
  const setup = await withStore(platform.db, o.storeId, async (tx) =>
    (await storeExists(tx, o.storeId)) ? channelSetup(platform, tx, o.storeId, 'email') : null,
  );
  if (!setup) throw new AppError('NOT_FOUND', 'No such store.');
  const key =
    typeof setup.config.webhook_verification_key === 'string' ? setup.config.webhook_verification_key : null;
  if (setup.provider !== 'sendgrid' || !key) {
    throw new AppError('NOT_FOUND', 'SendGrid event webhooks are not configured for this store.');
  }
  const verdict = verifySendgridSignature({
    publicKey: key.replace(/\s+/g, ''),
    signature: header('x-twilio-email-event-webhook-signature'),
    timestamp: header('x-twilio-email-event-webhook-timestamp'),
    rawBody: o.rawBody,
    maxAgeSeconds: platform.config.SENDGRID_EVENTS_MAX_AGE_SECONDS,
  });
  if (!verdict.ok) {
    platform.log.warn({ storeId: o.storeId, reason: verdict.reason }, 'SendGrid webhook refused');
    throw new AppError('WEBHOOK_SIGNATURE_INVALID', 'The SendGrid event webhook signature does not verify.');
  }
  let events: SendgridEvent[];
  try {
    events = JSON.parse(o.rawBody.toString('utf8'));
  } catch {
    throw new AppError('MALFORMED_JSON', 'The body is not JSON.');
  }
  if (
    !Array.isArray(events) ||
    events.some((e) => !e || typeof e !== 'object' || typeof e.event !== 'string')
  ) {
    throw new AppError('VALIDATION_FAILED', 'SendGrid sends an array of events, each with an `event`.', {
      errors: [{ path: 'body', message: 'an array of events' }],
    });
  }
  const result: WebhookResult = { received: events.length, applied: 0, duplicates: 0, ignored: 0 };
  await withStore(platform.db, o.storeId, async (tx) => {
    for (const e of events) {
      if (e.carton_store_id !== undefined && e.carton_store_id !== o.storeId) {
        result.ignored++;
        continue;
      }
      const row = await lockMessage(tx, o.storeId, {
        id: typeof e.carton_message_id === 'string' ? e.carton_message_id : undefined,
        providerMessageId: typeof e.sg_message_id === 'string' ? e.sg_message_id.split('.')[0] : undefined,
      });
      if (!row) {
        result.ignored++;
        continue;
      }
      const eventId = typeof e.sg_event_id === 'string' ? e.sg_event_id : `${e.event}:${e.timestamp ?? ''}`;
      const fresh = await recordMessageEvent(tx, {
        storeId: o.storeId,
        messageId: row.id,
        type: e.event,
        source: 'provider',
        dedupeKey: `sendgrid:${eventId}`,
        detail: {
          provider: 'sendgrid',
          ...(typeof e.reason === 'string' ? { reason: e.reason.slice(0, 200) } : {}),
          ...(typeof e.type === 'string' ? { type: e.type } : {}),
        },
        occurredAt: typeof e.timestamp === 'number' ? new Date(e.timestamp * 1000) : undefined,
      });
      if (!fresh) {
        result.duplicates++;
        continue;
      }
      const status = SENDGRID_STATUS[e.event];
      if (status) {
        await moveTo(tx, row, status, status === 'delivered' ? undefined : `sendgrid_${e.event}`);
        result.applied++;
      } else if (e.event === 'spamreport' || e.event === 'unsubscribe' || e.event === 'group_unsubscribe') {
        await withdrawConsentInTx(tx, {
          storeId: o.storeId,
          channel: 'email',
          address: row.address_key,
          category: 'marketing',
          source: 'provider',
          messageId: row.id,
        });
        result.applied++;
      } else {
        result.ignored++;
      }
    }
  });
  return result;
}

// --- Twilio ------------------------------------------------------------------------------------

const TWILIO_STATUS: Record<string, DeliveryStatus | undefined> = {
  delivered: 'delivered',
  undelivered: 'failed',
  failed: 'failed',
};

/** Parse a form body as Twilio sends it (every parameter, for the signature). */
export function formParams(raw: Buffer): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of new URLSearchParams(raw.toString('utf8'))) out[k] = v;
  return out;
}

/** Check `X-Twilio-Signature` against the store's auth token; the store's Twilio settings. */
export async function verifyTwilioRequest(
  platform: Platform,
  o: { storeId: string; path: string; params: Record<string, string>; signature: string | undefined },
): Promise<{ accountSid: string }> {
  const setup = await withStore(platform.db, o.storeId, async (tx) =>
    (await storeExists(tx, o.storeId)) ? channelSetup(platform, tx, o.storeId, 'sms') : null,
  );
  if (!setup) throw new AppError('NOT_FOUND', 'No such store.');
  if (setup.provider !== 'twilio' || !setup.secrets.auth_token) {
    throw new AppError('NOT_FOUND', 'Twilio is not configured for this store.');
  }
  const url = `${publicBaseUrl(platform.config)}${o.path}`;
  if (!verifyTwilioSignature(setup.secrets.auth_token, url, o.params, o.signature)) {
    platform.log.warn({ storeId: o.storeId }, 'Twilio webhook refused: bad signature');
    throw new AppError('WEBHOOK_SIGNATURE_INVALID', 'The X-Twilio-Signature does not verify.');
  }
  if (o.params.AccountSid && o.params.AccountSid !== setup.config.account_sid) {
    throw new AppError('WEBHOOK_SIGNATURE_INVALID', 'The request is for another Twilio account.');
  }
  return { accountSid: String(setup.config.account_sid) };
}

/**
 * Twilio's status callback for a message: verified, then applied once per (message, status).
 * `delivered` → delivered; `undelivered` / `failed` → failed; earlier statuses are recorded.
 */
export async function handleTwilioStatus(
  platform: Platform,
  o: { storeId: string; path: string; params: Record<string, string>; signature: string | undefined },
): Promise<'applied' | 'duplicate' | 'ignored'> {
  await verifyTwilioRequest(platform, o);
  const sid = o.params.MessageSid ?? o.params.SmsSid;
  const status = o.params.MessageStatus ?? o.params.SmsStatus;
  if (!sid || !status || !/^[A-Za-z0-9]{10,64}$/.test(sid) || !/^[a-z_]{2,20}$/.test(status)) {
    throw new AppError('VALIDATION_FAILED', 'A status callback names MessageSid and MessageStatus.', {
      errors: [{ path: 'body.MessageSid', message: 'required' }],
    });
  }
  return withStore(platform.db, o.storeId, async (tx) => {
    const row = await lockMessage(tx, o.storeId, { providerMessageId: sid });
    if (!row) return 'ignored';
    const fresh = await recordMessageEvent(tx, {
      storeId: o.storeId,
      messageId: row.id,
      type: status,
      source: 'provider',
      dedupeKey: `twilio:${sid}:${status}`,
      detail: {
        provider: 'twilio',
        ...(o.params.ErrorCode ? { error_code: o.params.ErrorCode.slice(0, 10) } : {}),
      },
    });
    if (!fresh) return 'duplicate';
    const target = TWILIO_STATUS[status];
    if (!target) return 'ignored';
    await moveTo(tx, row, target, target === 'failed' ? `twilio_${o.params.ErrorCode ?? status}` : undefined);
    // 21610: the recipient replied STOP to the carrier; Twilio will refuse every message to them.
    if (o.params.ErrorCode === '21610') {
      await withdrawConsentInTx(tx, {
        storeId: o.storeId,
        channel: 'sms',
        address: row.address_key,
        category: 'all',
        source: 'provider',
        messageId: row.id,
      });
    }
    return 'applied';
  });
}

// --- opens and clicks --------------------------------------------------------------------------

/**
 * The open pixel was loaded: count it (repeats within one second are one), and on the first
 * open emit `message.opened`. A token that does not verify or has expired — or whose message is
 * gone — records nothing: null (the route answers 404).
 */
export async function recordOpen(platform: Platform, token: string): Promise<boolean> {
  const claims = verifyLink(platform.config.CARTON_SECRET, token, 'open');
  if (!claims) return false;
  return withStore(platform.db, claims.storeId, async (tx) => {
    const row = await lockMessage(tx, claims.storeId, { id: claims.messageId });
    if (!row) return false;
    const second = Math.floor(Date.now() / 1000);
    const fresh = await recordMessageEvent(tx, {
      storeId: row.store_id,
      messageId: row.id,
      type: 'open',
      source: 'tracking',
      dedupeKey: `${row.id}:open:${second}`,
    });
    if (!fresh) return true;
    await tx.execute(sql`
      UPDATE messaging_messages SET open_count = open_count + 1, opened_at = COALESCE(opened_at, now()), updated_at = now()
      WHERE store_id = ${row.store_id} AND id = ${row.id}`);
    if (!row.opened_at) {
      if (!(await moveTo(tx, row, 'opened'))) await emitMessageEvent(tx, row, 'message.opened');
    }
    return true;
  });
}

/**
 * A tracked link was clicked: the target, from the token — never from the request — or null
 * (404, nothing recorded). The first click of each link emits `message.clicked`.
 */
export async function recordClick(platform: Platform, token: string): Promise<string | null> {
  const claims = verifyLink(platform.config.CARTON_SECRET, token, 'click');
  if (!claims?.url) return null;
  const url = claims.url;
  const link = claims.link ?? 0;
  return withStore(platform.db, claims.storeId, async (tx) => {
    const row = await lockMessage(tx, claims.storeId, { id: claims.messageId });
    if (!row) return null;
    const second = Math.floor(Date.now() / 1000);
    const { rows: earlier } = await tx.execute(sql`
      SELECT 1 FROM messaging_message_events
      WHERE store_id = ${row.store_id} AND message_id = ${row.id} AND type = 'click' AND detail->>'link' = ${String(link)}
      LIMIT 1`);
    const fresh = await recordMessageEvent(tx, {
      storeId: row.store_id,
      messageId: row.id,
      type: 'click',
      source: 'tracking',
      dedupeKey: `${row.id}:click:${link}:${second}`,
      detail: { link: String(link), url },
    });
    if (!fresh) return url;
    await tx.execute(sql`
      UPDATE messaging_messages SET click_count = click_count + 1, clicked_at = COALESCE(clicked_at, now()),
        opened_at = COALESCE(opened_at, now()), updated_at = now()
      WHERE store_id = ${row.store_id} AND id = ${row.id}`);
    if (earlier.length === 0) {
      const moved = canMove(row.status, 'clicked');
      if (moved) {
        const { rows } = await tx.execute<MessageRow>(sql`
          UPDATE messaging_messages SET status = 'clicked', updated_at = now()
          WHERE store_id = ${row.store_id} AND id = ${row.id} RETURNING *`);
        Object.assign(row, rows[0]);
      }
      await emitMessageEvent(tx, row, 'message.clicked', { link, url });
    }
    return url;
  });
}

// --- unsubscribe -------------------------------------------------------------------------------

export interface UnsubscribeTarget {
  storeId: string;
  storeName: string;
  messageId: string;
  channel: MessageRow['channel'];
  category: 'marketing' | 'transactional';
}

/** What an unsubscribe token is about, or null (bad, expired, or its message erased). */
export async function unsubscribeTarget(
  platform: Platform,
  token: string,
): Promise<UnsubscribeTarget | null> {
  const claims = verifyLink(platform.config.CARTON_SECRET, token, 'unsubscribe');
  if (!claims) return null;
  return withStore(platform.db, claims.storeId, async (tx) => {
    const { rows } = await tx.execute<{
      id: string;
      channel: MessageRow['channel'];
      purpose: string;
      name: string;
    }>(sql`
      SELECT m.id, m.channel, m.purpose, s.name FROM messaging_messages m JOIN stores s ON s.id = m.store_id
      WHERE m.store_id = ${claims.storeId} AND m.id = ${claims.messageId}`);
    const r = rows[0];
    if (!r) return null;
    return {
      storeId: claims.storeId,
      storeName: r.name,
      messageId: r.id,
      channel: r.channel,
      category: r.purpose === 'transactional' ? 'transactional' : 'marketing',
    };
  });
}

/**
 * One-click unsubscribe (RFC 8058) or the page's button: withdraw consent for the message's
 * channel, address and category. Idempotent (a second POST changes nothing). Null for a bad token.
 */
export async function unsubscribe(platform: Platform, token: string): Promise<UnsubscribeTarget | null> {
  const target = await unsubscribeTarget(platform, token);
  if (!target) return null;
  await withStore(platform.db, target.storeId, async (tx) => {
    const row = await lockMessage(tx, target.storeId, { id: target.messageId });
    if (!row) return;
    const [result] = await withdrawConsentInTx(tx, {
      storeId: target.storeId,
      channel: row.channel,
      address: row.address_key,
      category: target.category,
      source: 'unsubscribe',
      messageId: row.id,
    });
    if (result?.changed) {
      await recordMessageEvent(tx, {
        storeId: target.storeId,
        messageId: row.id,
        type: 'unsubscribed',
        source: 'tracking',
        dedupeKey: `${row.id}:unsubscribed`,
      });
    }
  });
  return target;
}
