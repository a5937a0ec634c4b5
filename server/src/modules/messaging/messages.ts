import { sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Platform } from '../../platform/context.ts';
import { withStore } from '../../platform/db/database.ts';
import { AppError } from '../../platform/errors.ts';
import { decodeCursor, PageQuery, toPage, type Page } from '../../platform/http/pagination.ts';
import { parseInput } from '../../platform/validation.ts';
import { addressKeyOf, CHANNELS, maskAddress, PURPOSES, type Channel, type Purpose } from './contacts.ts';
import { MESSAGE_STATUSES, type MessageStatus } from './message-states.ts';
import type { MessageContent } from './render.ts';
import type { MessageRow } from './send.ts';

/** The message log: what was sent (or not, and why) to whom, and what became of it. */

export interface MessageView {
  id: string;
  channel: Channel;
  purpose: Purpose;
  status: MessageStatus;
  suppressed_reason: string | null;
  /** The address, masked (`l…@example.com`). */
  to: string;
  customer_id: string | null;
  campaign_ref: string | null;
  template_id: string | null;
  provider: string | null;
  provider_message_id: string | null;
  attempts: number;
  last_error: string | null;
  open_count: number;
  click_count: number;
  due_at: string | null;
  created_at: string;
  sent_at: string | null;
  delivered_at: string | null;
  opened_at: string | null;
  clicked_at: string | null;
  bounced_at: string | null;
  failed_at: string | null;
}

export interface MessageEventView {
  id: string;
  type: string;
  source: string;
  detail: Record<string, unknown>;
  occurred_at: string;
}

export interface MessageDetailView extends MessageView {
  content: MessageContent | null;
  events: MessageEventView[];
}

const isoOrNull = (d: unknown) => (d ? new Date(d as string).toISOString() : null);

export const messageView = (r: MessageRow): MessageView => ({
  id: r.id,
  channel: r.channel,
  purpose: r.purpose,
  status: r.status,
  suppressed_reason: r.suppressed_reason,
  to: maskAddress(r.address_key),
  customer_id: r.customer_id,
  campaign_ref: r.campaign_ref,
  template_id: r.template_id,
  provider: r.provider,
  provider_message_id: r.provider_message_id,
  attempts: r.attempts,
  last_error: r.last_error,
  open_count: Number(r.open_count ?? 0),
  click_count: Number(r.click_count ?? 0),
  due_at: isoOrNull(r.due_at),
  created_at: new Date(r.created_at).toISOString(),
  sent_at: isoOrNull(r.sent_at),
  delivered_at: isoOrNull(r.delivered_at),
  opened_at: isoOrNull(r.opened_at),
  clicked_at: isoOrNull(r.clicked_at),
  bounced_at: isoOrNull(r.bounced_at),
  failed_at: isoOrNull(r.failed_at),
});

export const MessageListQuery = PageQuery.extend({
  status: z.enum(MESSAGE_STATUSES).optional(),
  channel: z.enum(CHANNELS).optional(),
  purpose: z.enum(PURPOSES).optional(),
  campaign_ref: z.string().max(200).optional(),
  customer_id: z.string().max(64).optional(),
  address: z.string().max(2048).optional().describe('E-mail address or phone number (needs channel)'),
  from: z.iso.datetime({ offset: true }).optional().describe('Created at or after'),
  to: z.iso.datetime({ offset: true }).optional().describe('Created before'),
});

export async function listMessages(
  platform: Pick<Platform, 'db'>,
  o: { storeId: string; query: z.input<typeof MessageListQuery> },
): Promise<Page<MessageView>> {
  const q = parseInput(MessageListQuery, o.query, 'querystring');
  if (q.address && !q.channel) {
    throw new AppError('VALIDATION_FAILED', 'Filtering by address needs the channel.', {
      errors: [{ path: 'querystring.channel', message: 'required with address' }],
    });
  }
  const addressKey = q.address && q.channel ? addressKeyOf(q.channel, q.address) : undefined;
  const cursor = decodeCursor<{ id: string }>(q.cursor);
  const rows = await withStore(platform.db, o.storeId, async (tx) => {
    const { rows } = await tx.execute<MessageRow>(sql`
      SELECT * FROM messaging_messages WHERE store_id = ${o.storeId}
        ${q.status ? sql`AND status = ${q.status}` : sql``}
        ${q.channel ? sql`AND channel = ${q.channel}` : sql``}
        ${q.purpose ? sql`AND purpose = ${q.purpose}` : sql``}
        ${q.campaign_ref ? sql`AND campaign_ref = ${q.campaign_ref}` : sql``}
        ${q.customer_id ? sql`AND customer_id = ${q.customer_id}` : sql``}
        ${addressKey ? sql`AND address_key = ${addressKey}` : sql``}
        ${q.from ? sql`AND created_at >= ${q.from}::timestamptz` : sql``}
        ${q.to ? sql`AND created_at < ${q.to}::timestamptz` : sql``}
        ${cursor?.id ? sql`AND id < ${String(cursor.id)}` : sql``}
      ORDER BY id DESC LIMIT ${q.limit + 1}`);
    return rows;
  });
  const page = toPage(rows, q.limit, (r) => ({ id: r.id }));
  return { data: page.data.map(messageView), next_cursor: page.next_cursor };
}

export async function getMessage(
  platform: Pick<Platform, 'db'>,
  o: { storeId: string; messageId: string },
): Promise<MessageDetailView> {
  return withStore(platform.db, o.storeId, async (tx) => {
    const { rows } = await tx.execute<MessageRow>(
      sql`SELECT * FROM messaging_messages WHERE store_id = ${o.storeId} AND id = ${o.messageId}`,
    );
    const row = rows[0];
    if (!row) throw new AppError('NOT_FOUND', 'No such message.');
    const { rows: events } = await tx.execute<{
      [k: string]: unknown;
      id: string;
      type: string;
      source: string;
      detail: Record<string, unknown>;
      occurred_at: Date;
    }>(
      sql`SELECT * FROM messaging_message_events WHERE store_id = ${o.storeId} AND message_id = ${row.id} ORDER BY id`,
    );
    return {
      ...messageView(row),
      content: row.content,
      events: events.map((e) => ({
        id: e.id,
        type: e.type,
        source: e.source,
        detail: e.detail,
        occurred_at: new Date(e.occurred_at).toISOString(),
      })),
    };
  });
}
