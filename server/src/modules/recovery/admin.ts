import { sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import type { Platform } from '../../platform/context.ts';
import { withStore } from '../../platform/db/database.ts';
import { AppError } from '../../platform/errors.ts';
import { decodeCursor, PageQuery, toPage, type Page } from '../../platform/http/pagination.ts';
import { contactOf, emailHash, normalizeEmail, normalizePhone, phoneHash } from './contacts.ts';
import { recoveryLinkFor } from './link-tokens.ts';
import { TRACKED_CART_STATUSES } from './states.ts';
import { TRACKED_CART_SOURCES, type TrackedCartRow } from './tracked-carts.ts';
import { trackedCartView, type TrackedCartDetailView, type TrackedCartView } from './views.ts';

/** Staff's view of tracked carts: the abandoned-carts list (filters, cursor pages) and one cart. */

export const TrackedCartListQuery = PageQuery.extend({
  status: z
    .enum(TRACKED_CART_STATUSES as [string, ...string[]])
    .default('abandoned')
    .describe('Default: abandoned'),
  source: z.enum(TRACKED_CART_SOURCES).optional(),
  abandoned_from: z.iso.datetime({ offset: true }).optional().describe('Abandoned at or after (ISO 8601)'),
  abandoned_to: z.iso.datetime({ offset: true }).optional().describe('Abandoned before'),
  min_value: z.coerce.number().int().min(0).optional().describe('Minor units'),
  max_value: z.coerce.number().int().min(0).optional(),
  email: z.string().max(320).optional().describe('Carts of this contact (exact address)'),
  phone: z.string().max(32).optional().describe('Carts of this contact (exact number)'),
});
export type TrackedCartListQuery = z.input<typeof TrackedCartListQuery>;

type ListRow = TrackedCartRow & {
  c_id: string | null;
  c_store_id: string | null;
  c_email_hash: string | null;
  c_email_encrypted: string | null;
  c_phone_hash: string | null;
  c_phone_encrypted: string | null;
  c_customer_id: string | null;
  c_erased_at: Date | null;
};

const contactOfRow = (secret: string, r: ListRow) =>
  r.c_id
    ? contactOf(secret, {
        id: r.c_id,
        store_id: r.c_store_id!,
        email_hash: r.c_email_hash,
        email_encrypted: r.c_email_encrypted,
        phone_hash: r.c_phone_hash,
        phone_encrypted: r.c_phone_encrypted,
        customer_id: r.c_customer_id,
        erased_at: r.c_erased_at,
      })
    : null;

const SELECT_WITH_CONTACT = sql`
  SELECT t.*, c.id AS c_id, c.store_id AS c_store_id, c.email_hash AS c_email_hash,
         c.email_encrypted AS c_email_encrypted, c.phone_hash AS c_phone_hash, c.phone_encrypted AS c_phone_encrypted,
         c.customer_id AS c_customer_id, c.erased_at AS c_erased_at
  FROM recovery_carts t LEFT JOIN recovery_contacts c ON c.id = t.contact_id`;

/** Tracked carts, newest first (abandoned ones by default), with their contact. */
export async function listTrackedCarts(
  platform: Platform,
  options: { storeId: string; query: z.output<typeof TrackedCartListQuery> },
): Promise<Page<TrackedCartView>> {
  const { storeId, query: q } = options;
  const secret = platform.config.CARTON_SECRET;
  const cursor = decodeCursor<{ id: string }>(q.cursor);
  const where: SQL[] = [sql`t.store_id = ${storeId}`, sql`t.status = ${q.status}`];
  if (q.source) where.push(sql`t.source = ${q.source}`);
  if (q.abandoned_from) where.push(sql`t.abandoned_at >= ${q.abandoned_from}`);
  if (q.abandoned_to) where.push(sql`t.abandoned_at < ${q.abandoned_to}`);
  if (q.min_value !== undefined) where.push(sql`t.value >= ${q.min_value}`);
  if (q.max_value !== undefined) where.push(sql`t.value <= ${q.max_value}`);
  if (q.email !== undefined) {
    const e = normalizeEmail(q.email);
    where.push(sql`c.email_hash = ${e ? emailHash(secret, storeId, e) : '-'}`);
  }
  if (q.phone !== undefined) {
    const p = normalizePhone(q.phone);
    where.push(sql`c.phone_hash = ${p ? phoneHash(secret, storeId, p) : '-'}`);
  }
  if (cursor) {
    if (typeof cursor.id !== 'string')
      throw new AppError('VALIDATION_FAILED', 'The cursor is not one this API issued.');
    where.push(sql`t.id < ${cursor.id}`);
  }
  const rows = await withStore(platform.db, storeId, async (tx) => {
    const r = await tx.execute<ListRow>(sql`
      ${SELECT_WITH_CONTACT} WHERE ${sql.join(where, sql` AND `)} ORDER BY t.id DESC LIMIT ${q.limit + 1}`);
    return r.rows;
  });
  const page = toPage(rows, q.limit, (r) => ({ id: r.id }));
  return {
    data: page.data.map((r) => trackedCartView(r, contactOfRow(secret, r))),
    next_cursor: page.next_cursor,
  };
}

/** A link only while recovering the cart still makes sense: it is abandoned and not bought. */
function recoveryLinkOf(platform: Platform, storeId: string, row: ListRow) {
  if (row.status !== 'abandoned') return null;
  const link = recoveryLinkFor(platform.config, { storeId, trackedCartId: row.id });
  return { url: link.url, expires_at: link.expiresAt };
}

/** One tracked cart with the messages that touched it and its recovery-link clicks; 404 if unknown. */
export async function getTrackedCart(
  platform: Platform,
  options: { storeId: string; trackedCartId: string },
): Promise<TrackedCartDetailView> {
  const { storeId, trackedCartId } = options;
  return withStore(platform.db, storeId, async (tx) => {
    const { rows } = await tx.execute<ListRow>(sql`
      ${SELECT_WITH_CONTACT} WHERE t.store_id = ${storeId} AND t.id = ${trackedCartId}`);
    const row = rows[0];
    if (!row) throw new AppError('NOT_FOUND', 'No such tracked cart.');
    const { rows: touches } = await tx.execute<{
      message_id: string;
      campaign_id: string | null;
      kind: 'sent' | 'delivered' | 'opened' | 'clicked';
      occurred_at: Date;
    }>(sql`
      SELECT message_id, campaign_id, kind, occurred_at FROM recovery_touches
      WHERE store_id = ${storeId} AND tracked_cart_id = ${trackedCartId} ORDER BY occurred_at, id`);
    const { rows: clicks } = await tx.execute<{
      message_id: string | null;
      outcome: 'restored' | 'reused' | 'redirected' | 'closed';
      restored_cart_id: string | null;
      device: string | null;
      clicked_at: Date;
    }>(sql`
      SELECT message_id, outcome, restored_cart_id, device, clicked_at FROM recovery_link_clicks
      WHERE store_id = ${storeId} AND tracked_cart_id = ${trackedCartId} ORDER BY clicked_at, id`);
    return {
      ...trackedCartView(row, contactOfRow(platform.config.CARTON_SECRET, row)),
      touches: touches.map((t) => ({ ...t, occurred_at: new Date(t.occurred_at).toISOString() })),
      link_clicks: clicks.map((c) => ({ ...c, clicked_at: new Date(c.clicked_at).toISOString() })),
      recovery_link: recoveryLinkOf(platform, storeId, row),
    };
  });
}
