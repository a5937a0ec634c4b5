import { sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Platform } from '../../platform/context.ts';
import { withStore, type DbOrTx, type Tx } from '../../platform/db/database.ts';
import { emitEvent } from '../../platform/events/outbox.ts';
import { newId } from '../../platform/ids.ts';
import { parseInput } from '../../platform/validation.ts';
import { auditAs, type Actor } from '../audit/service.ts';
import { addressKeyOf, CATEGORIES, CHANNELS, type Category, type Channel } from './contacts.ts';

/**
 * Consent per channel, address and category, with the evidence: where each stands
 * (`messaging_consents`) and every statement ever made (`messaging_consent_history`,
 * append-only), each with its source and time.
 *
 * The rules the send path applies (`mayMessage`):
 * - marketing (recovery messages) needs consent granted on that channel and address, and not
 *   withdrawn since — no statement means no;
 * - transactional messages need no grant, but a withdrawal of the transactional category (an
 *   unsubscribe from such a message, an SMS STOP) stops them too. A marketing withdrawal never
 *   blocks a transactional message, and a transactional grant never allows marketing.
 *
 * A statement repeating where consent stands records nothing (retries double nothing); one older
 * than the standing statement (an import of past records) is kept as evidence without changing it.
 */

export const CONSENT_STATUSES = ['granted', 'withdrawn'] as const;
export type ConsentStatus = (typeof CONSENT_STATUSES)[number];
/** Where a statement was made. */
export const CONSENT_SOURCES = [
  'checkout',
  'account',
  'signup_form',
  'tracker',
  'push_prompt',
  'import',
  'admin',
  'api',
  'customers',
  'unsubscribe',
  'sms_keyword',
  'provider',
  /** A connected commerce platform (Shopify, WooCommerce, …) said so. */
  'platform',
] as const;
export type ConsentSource = (typeof CONSENT_SOURCES)[number];

export const ConsentStatement = z.strictObject({
  storeId: z.string().min(1),
  channel: z.enum(CHANNELS),
  /** E-mail address, phone number (E.164), or push endpoint (or its `push:` key). */
  address: z.string().min(3).max(2048),
  category: z.enum(CATEGORIES).default('marketing'),
  status: z.enum(CONSENT_STATUSES),
  source: z.enum(CONSENT_SOURCES),
  occurredAt: z.coerce
    .date()
    .refine((d) => d.getTime() <= Date.now() + 60_000, 'cannot be in the future')
    .optional(),
  messageId: z.string().max(64).optional(),
});
export type ConsentStatementInput = z.input<typeof ConsentStatement> & { actor?: Actor };

export interface ConsentView {
  channel: Channel;
  category: Category;
  status: ConsentStatus | 'none';
  source: string | null;
  changed_at: string | null;
}

export interface ConsentHistoryView {
  id: string;
  channel: Channel;
  category: Category;
  status: ConsentStatus;
  source: string;
  message_id: string | null;
  occurred_at: string;
  recorded_at: string;
  actor_type: string | null;
}

interface ConsentRow {
  [k: string]: unknown;
  id: string;
  channel: Channel;
  address_key: string;
  category: Category;
  status: ConsentStatus;
  source: string;
  changed_at: Date | string;
}

const iso = (d: Date | string) => new Date(d).toISOString();

export interface RecordedConsent {
  /** False when the statement changed nothing (a repeat, or older than the standing one). */
  changed: boolean;
  consent: ConsentView;
}

/**
 * Record one statement in the caller's store-scoped transaction. Emits
 * `contact_consent.granted` / `contact_consent.withdrawn` when it changes where consent stands.
 */
export async function recordConsentInTx(tx: Tx, input: ConsentStatementInput): Promise<RecordedConsent> {
  const { actor, ...statement } = input;
  const o = parseInput(ConsentStatement, statement);
  const { storeId, channel, category, status, source } = o;
  const addressKey = addressKeyOf(channel, o.address);
  // One contact's statements on a channel run one after another.
  await tx.execute(
    sql`SELECT pg_advisory_xact_lock(hashtextextended(${`mconsent:${storeId}:${channel}:${addressKey}`}, 0))`,
  );
  const { rows: current } = await tx.execute<ConsentRow>(sql`
    SELECT * FROM messaging_consents
    WHERE store_id = ${storeId} AND channel = ${channel} AND address_key = ${addressKey} AND category = ${category}`);
  const standing = current[0];
  // A live statement is timed now, under the lock, not at the transaction's start.
  const { rows: at } = await tx.execute<{ t: Date | string }>(
    sql`SELECT COALESCE(${o.occurredAt?.toISOString() ?? null}::timestamptz, clock_timestamp()) AS t`,
  );
  const occurredAt = new Date(at[0]!.t);
  const view = (r: ConsentRow): ConsentView => ({
    channel,
    category,
    status: r.status,
    source: r.source,
    changed_at: iso(r.changed_at),
  });
  if (standing && standing.status === status) return { changed: false, consent: view(standing) };
  const history = () =>
    tx.execute(sql`
      INSERT INTO messaging_consent_history
        (id, store_id, channel, address_key, category, status, source, message_id, occurred_at, actor_type, actor_id)
      VALUES (${newId('mconh')}, ${storeId}, ${channel}, ${addressKey}, ${category}, ${status}, ${source},
              ${o.messageId ?? null}, ${occurredAt.toISOString()}, ${actor?.actor.type ?? 'system'},
              ${actor?.actor.id ?? null})`);
  if (standing && o.occurredAt && occurredAt < new Date(standing.changed_at)) {
    const { rows: seen } = await tx.execute(sql`
      SELECT 1 FROM messaging_consent_history
      WHERE store_id = ${storeId} AND channel = ${channel} AND address_key = ${addressKey} AND category = ${category}
        AND status = ${status} AND source = ${source} AND occurred_at = ${occurredAt.toISOString()}`);
    if (seen.length === 0) await history();
    return { changed: false, consent: view(standing) };
  }
  const { rows } = await tx.execute<ConsentRow>(sql`
    INSERT INTO messaging_consents (id, store_id, channel, address_key, category, status, source, changed_at)
    VALUES (${newId('mcon')}, ${storeId}, ${channel}, ${addressKey}, ${category}, ${status}, ${source}, ${occurredAt.toISOString()})
    ON CONFLICT (store_id, channel, address_key, category) DO UPDATE
      SET status = EXCLUDED.status, source = EXCLUDED.source, changed_at = EXCLUDED.changed_at, updated_at = now()
    RETURNING *`);
  const row = rows[0]!;
  await history();
  await emitEvent(tx, {
    storeId,
    type: status === 'granted' ? 'contact_consent.granted' : 'contact_consent.withdrawn',
    aggregateType: 'contact_consent',
    aggregateId: row.id,
    payload: {
      channel,
      address: addressKey,
      category,
      status,
      previousStatus: standing?.status ?? null,
      source,
      occurredAt: occurredAt.toISOString(),
      messageId: o.messageId ?? null,
    },
  });
  await auditAs(tx, actor, {
    storeId,
    action: status === 'granted' ? 'contact_consent.granted' : 'contact_consent.withdrawn',
    entityType: 'contact_consent',
    entityId: row.id,
    after: { channel, category, status, source },
  });
  return { changed: true, consent: view(row) };
}

/**
 * Record that a contact agreed (or, with `status: 'withdrawn'`, no longer agrees) to messages on
 * a channel. `category` defaults to marketing. For other modules (recovery, checkout, the tracker).
 */
export async function recordConsent(
  platform: Pick<Platform, 'db'>,
  input: Omit<ConsentStatementInput, 'status'> & { status?: ConsentStatus },
): Promise<RecordedConsent> {
  return withStore(platform.db, input.storeId, (tx) =>
    recordConsentInTx(tx, { ...input, status: input.status ?? 'granted' }),
  );
}

/**
 * Withdraw consent. `category: 'all'` withdraws marketing and transactional at once (an SMS STOP,
 * a GDPR objection). Returns one result per category withdrawn.
 */
export async function withdrawConsent(
  platform: Pick<Platform, 'db'>,
  input: Omit<ConsentStatementInput, 'status' | 'category'> & { category?: Category | 'all' },
): Promise<RecordedConsent[]> {
  return withStore(platform.db, input.storeId, (tx) => withdrawConsentInTx(tx, input));
}

export async function withdrawConsentInTx(
  tx: Tx,
  input: Omit<ConsentStatementInput, 'status' | 'category'> & { category?: Category | 'all' },
): Promise<RecordedConsent[]> {
  const categories: Category[] = input.category === 'all' ? [...CATEGORIES] : [input.category ?? 'marketing'];
  const out: RecordedConsent[] = [];
  for (const category of categories)
    out.push(await recordConsentInTx(tx, { ...input, category, status: 'withdrawn' }));
  return out;
}

/** Where consent stands for one address on one channel, per category. */
export async function consentStanding(
  tx: DbOrTx,
  storeId: string,
  channel: Channel,
  addressKey: string,
): Promise<Record<Category, ConsentView>> {
  const { rows } = await tx.execute<ConsentRow>(sql`
    SELECT * FROM messaging_consents
    WHERE store_id = ${storeId} AND channel = ${channel} AND address_key = ${addressKey}`);
  const of = (category: Category): ConsentView => {
    const r = rows.find((x) => x.category === category);
    return r
      ? { channel, category, status: r.status, source: r.source, changed_at: iso(r.changed_at) }
      : { channel, category, status: 'none', source: null, changed_at: null };
  };
  return { marketing: of('marketing'), transactional: of('transactional') };
}

/** Whether a message of `category` may go to this address: null if so, else why not. */
export async function mayMessage(
  tx: DbOrTx,
  storeId: string,
  channel: Channel,
  addressKey: string,
  category: Category,
): Promise<null | 'no_consent' | 'unsubscribed'> {
  const s = await consentStanding(tx, storeId, channel, addressKey);
  if (category === 'transactional') return s.transactional.status === 'withdrawn' ? 'unsubscribed' : null;
  if (s.marketing.status === 'withdrawn') return 'unsubscribed';
  return s.marketing.status === 'granted' ? null : 'no_consent';
}

export async function consentHistoryOf(
  tx: DbOrTx,
  storeId: string,
  channel: Channel,
  addressKey: string,
): Promise<ConsentHistoryView[]> {
  const { rows } = await tx.execute<{
    [k: string]: unknown;
    id: string;
    channel: Channel;
    category: Category;
    status: ConsentStatus;
    source: string;
    message_id: string | null;
    occurred_at: Date;
    recorded_at: Date;
    actor_type: string | null;
  }>(sql`
    SELECT * FROM messaging_consent_history
    WHERE store_id = ${storeId} AND channel = ${channel} AND address_key = ${addressKey}
    ORDER BY id DESC`);
  return rows.map((r) => ({
    id: r.id,
    channel: r.channel,
    category: r.category,
    status: r.status,
    source: r.source,
    message_id: r.message_id,
    occurred_at: iso(r.occurred_at),
    recorded_at: iso(r.recorded_at),
    actor_type: r.actor_type,
  }));
}

/** Consent look-up for the admin API: where it stands and every statement, for one address. */
export async function lookUpConsent(
  platform: Pick<Platform, 'db'>,
  o: { storeId: string; channel: Channel; address: string },
): Promise<{ channel: Channel; address: string; consent: ConsentView[]; history: ConsentHistoryView[] }> {
  const addressKey = addressKeyOf(o.channel, o.address);
  return withStore(platform.db, o.storeId, async (tx) => {
    const s = await consentStanding(tx, o.storeId, o.channel, addressKey);
    return {
      channel: o.channel,
      address: addressKey,
      consent: [s.marketing, s.transactional],
      history: await consentHistoryOf(tx, o.storeId, o.channel, addressKey),
    };
  });
}
