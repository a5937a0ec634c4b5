import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { withStore, type Db, type DbOrTx, type Tx } from '../../platform/db/database.ts';
import { AppError } from '../../platform/errors.ts';
import { emitEvent } from '../../platform/events/outbox.ts';
import { decodeCursor, PageQuery, toPage, type Page } from '../../platform/http/pagination.ts';
import { newId } from '../../platform/ids.ts';
import { parseInput } from '../../platform/validation.ts';
import {
  awaitingConfirmation,
  cancelOpenRequestsInTx,
  getMarketingSettings,
  needsConfirmation,
  readRequest,
  requestConfirmationInTx,
  requestOfToken,
} from './consent-confirmation.ts';
import { findShopper, findShopperByEmail, type Shopper } from './identity-port.ts';
import { lockProfile } from './profiles.ts';
import { audit, inStore, type Actor } from './shared.ts';
import {
  CONSENT_CHANNELS,
  CONSENT_SOURCES,
  CONSENT_STATUSES,
  iso,
  isoOf,
  type ConsentChannel,
  type ConsentHistoryView,
  type ConsentSource,
  type ConsentStatus,
  type ConsentView,
} from './views.ts';

/**
 * Marketing consent per channel (email, sms, push): granted or withdrawn, when, and where the
 * shopper said so (checkout, account, import, admin, recovery). `marketing_consents` holds where
 * each stands; `marketing_consent_history` every statement, append-only (a trigger refuses edits).
 *
 * The subject is a shopper account, or — for a guest without one — an e-mail address. A statement
 * made with an e-mail that has an account is recorded on the account. When a guest registers
 * (`customer.registered`), their e-mail's consent moves to the account (`linkGuestConsents`);
 * until that event is handled, reads already merge the two, the most recent statement winning.
 *
 * A statement that repeats where consent already stands records nothing (a retry doubles
 * nothing); one older than the standing statement (an import of past records) goes into the
 * history as evidence but does not change where consent stands. Under double opt-in a shopper's
 * own e-mail grant waits for its confirmation (`consent-confirmation.ts`).
 */

export const Email = z.email().max(254).toLowerCase();

/** Who consent is about: a shopper account, or an e-mail address (account or guest). */
type SubjectRef = { customerId: string; email?: string } | { customerId?: undefined; email: string };

/** A resolved subject: the account (when there is one) and the e-mail its guest rows are kept under. */
interface Subject {
  customerId: string | null;
  email: string;
}

interface ConsentRow {
  [column: string]: unknown;
  id: string;
  customer_id: string | null;
  email: string | null;
  channel: ConsentChannel;
  status: ConsentStatus;
  source: ConsentSource;
  changed_at: Date | string;
}

interface HistoryRow {
  [column: string]: unknown;
  id: string;
  customer_id: string | null;
  email: string | null;
  channel: ConsentChannel;
  status: ConsentStatus;
  source: ConsentSource;
  occurred_at: Date | string;
  recorded_at: Date | string;
  actor_type: string | null;
  actor_id: string | null;
}

const historyView = (r: HistoryRow): ConsentHistoryView => ({
  id: r.id,
  channel: r.channel,
  status: r.status,
  source: r.source,
  occurred_at: isoOf(r.occurred_at),
  recorded_at: isoOf(r.recorded_at),
  actor_type: r.actor_type,
});

/**
 * Where each channel stands (`none` for a channel never stated), in channel order, and since when
 * a grant not yet in force waits for its confirmation (double opt-in).
 */
function consentViews(rows: ConsentRow[], awaiting = new Map<ConsentChannel, string>()): ConsentView[] {
  return CONSENT_CHANNELS.map((channel) => {
    const row = rows.find((r) => r.channel === channel);
    const view: Omit<ConsentView, 'awaiting_confirmation_since'> = row
      ? { channel, status: row.status, source: row.source, changed_at: iso(row.changed_at) }
      : { channel, status: 'none', source: null, changed_at: null };
    const since = view.status === 'granted' ? null : (awaiting.get(channel) ?? null);
    return { ...view, awaiting_confirmation_since: since };
  });
}

/** The rows that speak for a subject: the account's, and its e-mail's not yet linked to it. */
const subjectFilter = (s: Subject) =>
  s.customerId
    ? sql`(customer_id = ${s.customerId} OR (customer_id IS NULL AND email = ${s.email}))`
    : sql`(customer_id IS NULL AND email = ${s.email})`;

/**
 * Resolve who a statement or question is about. A customer id must be this store's (else null);
 * an e-mail with an account resolves to the account.
 */
async function resolveSubject(
  tx: DbOrTx,
  storeId: string,
  ref: SubjectRef,
): Promise<{ subject: Subject; shopper: Shopper | null } | null> {
  if (ref.customerId) {
    const shopper = await findShopper(tx, storeId, ref.customerId);
    if (!shopper) return null;
    return { subject: { customerId: shopper.id, email: shopper.email.toLowerCase() }, shopper };
  }
  const email = ref.email!.trim().toLowerCase();
  const shopper = await findShopperByEmail(tx, storeId, email);
  return { subject: { customerId: shopper?.id ?? null, email }, shopper };
}

/** Where consent stands, per channel, for a subject (the most recent statement wins). */
async function standing(tx: DbOrTx, storeId: string, subject: Subject, lock = false): Promise<ConsentRow[]> {
  // At most two rows per channel (the account's and its e-mail's before linking): pick in code,
  // since FOR UPDATE cannot be combined with DISTINCT ON.
  const { rows } = await tx.execute<ConsentRow>(sql`
    SELECT id, customer_id, email, channel, status, source, changed_at
    FROM marketing_consents
    WHERE store_id = ${storeId} AND ${subjectFilter(subject)}
    ORDER BY changed_at DESC, (customer_id IS NOT NULL) DESC, id DESC
    ${lock ? sql`FOR UPDATE` : sql``}`);
  const seen = new Set<string>();
  return rows.filter((r) => !seen.has(r.channel) && seen.add(r.channel));
}

/**
 * Move an e-mail's guest consent to the account registered with it: per channel, the most recent
 * statement becomes the account's; the history rows are linked to the account. Idempotent.
 */
export async function linkGuestConsents(
  tx: Tx,
  options: { storeId: string; customerId: string; email: string },
): Promise<number> {
  const { storeId, customerId } = options;
  const email = options.email.trim().toLowerCase();
  const { rows: guest } = await tx.execute<ConsentRow>(sql`
    SELECT * FROM marketing_consents
    WHERE store_id = ${storeId} AND customer_id IS NULL AND email = ${email}
    FOR UPDATE`);
  if (guest.length === 0) return 0;
  for (const g of guest) {
    const { rows } = await tx.execute<ConsentRow>(sql`
      SELECT * FROM marketing_consents
      WHERE store_id = ${storeId} AND customer_id = ${customerId} AND channel = ${g.channel}
      FOR UPDATE`);
    const own = rows[0];
    if (!own) {
      await tx.execute(sql`
        UPDATE marketing_consents SET customer_id = ${customerId}, email = NULL, updated_at = now()
        WHERE id = ${g.id}`);
      continue;
    }
    if (new Date(g.changed_at) > new Date(own.changed_at)) {
      await tx.execute(sql`
        UPDATE marketing_consents
        SET status = ${g.status}, source = ${g.source}, changed_at = ${isoOf(g.changed_at)}, updated_at = now()
        WHERE id = ${own.id}`);
    }
    await tx.execute(sql`DELETE FROM marketing_consents WHERE id = ${g.id}`);
  }
  await tx.execute(sql`
    UPDATE marketing_consent_history SET customer_id = ${customerId}
    WHERE store_id = ${storeId} AND customer_id IS NULL AND email = ${email}`);
  return guest.length;
}

export const ConsentStatement = z.strictObject({
  channel: z.enum(CONSENT_CHANNELS),
  status: z.enum(CONSENT_STATUSES),
});
export type ConsentStatement = z.input<typeof ConsentStatement>;

export interface RecordConsentOptions {
  storeId: string;
  /** The shopper account; or `email` for a guest (an e-mail with an account is recorded on it). */
  customerId?: string;
  email?: string;
  channel: ConsentChannel;
  status: ConsentStatus;
  source: ConsentSource;
  /** When the shopper said so; default now. Imports bring the original time. */
  occurredAt?: Date | string;
  /** Who recorded it (`auditContext(req)`); the history keeps its type and id. */
  actor?: Actor;
  /** The shopper's language, for a confirmation e-mail (double opt-in). */
  locale?: string | null;
  /** The confirmed request this grant follows (double opt-in): it counts at once. */
  confirmationId?: string;
}

const RecordConsentOptions = z.object({
  storeId: z.string().min(1),
  customerId: z.string().min(1).max(64).optional(),
  email: Email.optional(),
  channel: z.enum(CONSENT_CHANNELS),
  status: z.enum(CONSENT_STATUSES),
  source: z.enum(CONSENT_SOURCES),
  occurredAt: z.coerce
    .date()
    .refine((d) => d.getTime() <= Date.now() + 60_000, 'cannot be in the future')
    .optional(),
});

export interface RecordedConsent {
  /**
   * False when the statement changed nothing (a repeat, or older than the standing one) — or
   * waits for the address's confirmation (`consent.awaiting_confirmation_since`).
   */
  changed: boolean;
  /** The history row this statement made, when it changed where consent stands. */
  statementId?: string;
  /** The confirmation request it opened (double opt-in). */
  requestId?: string;
  customerId: string | null;
  consent: ConsentView;
}

/**
 * Record a statement of marketing consent in the caller's store-scoped transaction (checkout
 * records the box ticked with the order). Emits `customer.consent_changed` when it changes where
 * consent stands. An unknown customer id is 404; an erased customer 409.
 */
export async function recordMarketingConsentInTx(
  tx: Tx,
  options: RecordConsentOptions,
): Promise<RecordedConsent> {
  const o = {
    ...parseInput(RecordConsentOptions, options),
    actor: options.actor,
    confirmationId: options.confirmationId,
  };
  if (!o.customerId && !o.email) {
    throw new AppError('VALIDATION_FAILED', 'Consent needs a customer or an e-mail address.', {
      errors: [{ path: 'body.email', message: 'required without a customer' }],
    });
  }
  const { storeId, channel, status, source } = o;
  const resolved = await resolveSubject(tx, storeId, o as SubjectRef);
  if (!resolved) throw new AppError('NOT_FOUND', `Customer ${o.customerId} does not exist in this store.`);
  const { subject } = resolved;
  if (subject.customerId) {
    // One shopper's consent changes run one after another; an erased shopper takes no more.
    await lockProfile(tx, storeId, subject.customerId);
    await linkGuestConsents(tx, { storeId, customerId: subject.customerId, email: subject.email });
  } else {
    await tx.execute(
      sql`SELECT pg_advisory_xact_lock(hashtextextended(${`consent:${storeId}:${subject.email}`}, 0))`,
    );
  }
  const current = (await standing(tx, storeId, subject, true)).find((r) => r.channel === channel);
  // A live statement is timed now, under the lock — not at the transaction's start (now()), which
  // may precede a statement committed while this one waited, and would make it look older.
  const { rows: at } = await tx.execute<{ t: Date | string }>(
    sql`SELECT COALESCE(${o.occurredAt?.toISOString() ?? null}::timestamptz, clock_timestamp()) AS t`,
  );
  const occurredAt = new Date(at[0]!.t);
  const result = (changed: boolean, rows: ConsentRow[], awaitingSince?: string): RecordedConsent => ({
    changed,
    customerId: subject.customerId,
    consent: consentViews(rows, new Map(awaitingSince ? [[channel, awaitingSince]] : [])).find(
      (c) => c.channel === channel,
    )!,
  });
  // A withdrawal counts at once, and a confirmation link still open must not undo it later.
  if (status === 'withdrawn' && channel === 'email') {
    await cancelOpenRequestsInTx(tx, { storeId, email: subject.email, channel });
  }
  if (current && current.status === status) return result(false, [current]);
  if (needsConfirmation(o) && (await getMarketingSettings(tx, storeId)).double_opt_in) {
    // Double opt-in: the address's owner confirms from the link e-mailed to it; nothing counts yet.
    const { requestId, requestedAt } = await requestConfirmationInTx(tx, {
      storeId,
      customerId: subject.customerId,
      email: subject.email,
      channel,
      source,
      locale: options.locale,
    });
    return { ...result(false, current ? [current] : [], requestedAt), requestId };
  }

  const older =
    o.occurredAt !== undefined && current !== undefined && occurredAt < new Date(current.changed_at);
  if (older) {
    // Evidence of a past statement, recorded once however often the import runs.
    const { rows: seen } = await tx.execute(sql`
      SELECT 1 FROM marketing_consent_history
      WHERE store_id = ${storeId} AND ${subjectFilter(subject)} AND channel = ${channel}
        AND status = ${status} AND source = ${source} AND occurred_at = ${occurredAt.toISOString()}`);
    if (seen.length === 0) await insertHistory(tx, storeId, subject, o, occurredAt);
    return result(false, [current]);
  }

  const { rows } = current
    ? await tx.execute<ConsentRow>(sql`
        UPDATE marketing_consents
        SET status = ${status}, source = ${source}, changed_at = ${occurredAt.toISOString()}, updated_at = now()
        WHERE id = ${current.id}
        RETURNING *`)
    : await tx.execute<ConsentRow>(sql`
        INSERT INTO marketing_consents (id, store_id, customer_id, email, channel, status, source, changed_at)
        VALUES (${newId('mcon')}, ${storeId}, ${subject.customerId}, ${subject.customerId ? null : subject.email},
                ${channel}, ${status}, ${source}, ${occurredAt.toISOString()})
        RETURNING *`);
  const row = rows[0]!;
  const statementId = await insertHistory(tx, storeId, subject, o, occurredAt);
  await emitEvent(tx, {
    storeId,
    type: 'customer.consent_changed',
    // A guest's consent has no shopper aggregate: it is ordered per consent record instead.
    aggregateType: subject.customerId ? 'customer' : 'marketing_consent',
    aggregateId: subject.customerId ?? row.id,
    payload: {
      customerId: subject.customerId,
      // Only a guest is known by e-mail alone; an account's e-mail is identity's to tell.
      ...(subject.customerId ? {} : { email: subject.email }),
      channel,
      status,
      previousStatus: current?.status ?? null,
      source,
      occurredAt: occurredAt.toISOString(),
    },
  });
  return { ...result(true, [row]), statementId };
}

async function insertHistory(
  tx: Tx,
  storeId: string,
  subject: Subject,
  o: {
    channel: ConsentChannel;
    status: ConsentStatus;
    source: ConsentSource;
    actor?: Actor;
    confirmationId?: string;
  },
  occurredAt: Date,
): Promise<string> {
  const id = newId('mconh');
  await tx.execute(sql`
    INSERT INTO marketing_consent_history
      (id, store_id, customer_id, email, channel, status, source, occurred_at, actor_type, actor_id, confirmation_id)
    VALUES (${id}, ${storeId}, ${subject.customerId}, ${subject.email}, ${o.channel}, ${o.status},
            ${o.source}, ${occurredAt.toISOString()}, ${o.actor?.actor.type ?? 'system'}, ${o.actor?.actor.id ?? null},
            ${o.confirmationId ?? null})`);
  return id;
}

/**
 * The checkout's box, unticked (or its cart's address changed): undo what its tick recorded —
 * cancel the confirmation request it opened, or withdraw the grant it made if nothing was said
 * about the address since. Consent given elsewhere is never touched, so nobody can unsubscribe an
 * address by ticking and unticking a box with it.
 */
export async function revokeCheckoutStatementInTx(
  tx: Tx,
  options: { storeId: string; ref: string },
): Promise<void> {
  const { storeId, ref } = options;
  if (ref.startsWith('mcr_')) {
    await tx.execute(sql`
      UPDATE marketing_consent_requests SET cancelled_at = now()
      WHERE store_id = ${storeId} AND id = ${ref} AND confirmed_at IS NULL AND cancelled_at IS NULL`);
    return;
  }
  const { rows } = await tx.execute<HistoryRow & { latest: string }>(sql`
    SELECT h.*, (SELECT max(l.id) FROM marketing_consent_history l
                  WHERE l.store_id = h.store_id AND l.channel = h.channel
                    AND (l.customer_id = h.customer_id OR l.email = h.email)) AS latest
    FROM marketing_consent_history h WHERE h.store_id = ${storeId} AND h.id = ${ref}`);
  const made = rows[0];
  if (!made || made.latest !== made.id || made.status !== 'granted') return;
  await recordMarketingConsentInTx(tx, {
    storeId,
    ...(made.customer_id ? { customerId: made.customer_id } : { email: made.email! }),
    channel: made.channel,
    status: 'withdrawn',
    source: 'checkout',
  });
}

/** `recordMarketingConsentInTx` in a transaction of its own; audited when an admin records it. */
export async function recordMarketingConsent(
  db: Db,
  options: RecordConsentOptions,
): Promise<RecordedConsent> {
  return withStore(db, options.storeId, async (tx) => {
    const recorded = await recordMarketingConsentInTx(tx, options);
    if (options.source === 'admin' && recorded.changed && recorded.customerId) {
      await audit(tx, options.actor, {
        storeId: options.storeId,
        action: 'customer.consent_recorded',
        entityType: 'customer',
        entityId: recorded.customerId,
        after: { channel: options.channel, status: options.status, source: options.source },
      });
    }
    return recorded;
  });
}

const linkSpent = () =>
  new AppError(
    'LINK_EXPIRED',
    'This confirmation link has expired or was withdrawn. Subscribe again to get a new one.',
  );

/**
 * The shopper followed the confirmation link (double opt-in): the consent they asked for counts
 * from now, recorded with the request's source and its id as the evidence. Following it again
 * answers the same; a link expired, cancelled, or withdrawn since is 410; a forged one 401.
 */
export async function confirmMarketingConsent(
  db: Db,
  options: { storeId: string; secret: string; token: string },
): Promise<ConsentView> {
  const { storeId } = options;
  const requestId = requestOfToken(options.secret, storeId, options.token);
  return withStore(db, storeId, async (tx) => {
    const request = await readRequest(tx, storeId, requestId, true);
    if (!request) throw new AppError('TOKEN_INVALID', 'This confirmation link is not valid.');
    const subject: SubjectRef = request.customer_id
      ? { customerId: request.customer_id }
      : { email: request.email };
    if (!request.confirmed_at) {
      if (request.cancelled_at || new Date(request.expires_at) <= new Date()) throw linkSpent();
      await tx.execute(
        sql`UPDATE marketing_consent_requests SET confirmed_at = now() WHERE id = ${requestId}`,
      );
      await recordMarketingConsentInTx(tx, {
        storeId,
        ...subject,
        channel: request.channel,
        status: 'granted',
        source: request.source,
        confirmationId: requestId,
      });
    }
    const resolved = await resolveSubject(tx, storeId, subject);
    if (!resolved) throw new AppError('TOKEN_INVALID', 'This confirmation link is not valid.');
    const view = consentViews(await standing(tx, storeId, resolved.subject)).find(
      (c) => c.channel === request.channel,
    )!;
    // Confirmed once, withdrawn since: the link no longer says anything.
    if (view.status !== 'granted') throw linkSpent();
    return view;
  });
}

/**
 * Whether the shopper (by account or e-mail) has granted marketing on this channel and not
 * withdrawn it since. For the recovery pillar: no statement, an unknown subject or an erased
 * shopper all mean no. Pass a store-scoped transaction to read in it, or the Db.
 */
export async function hasMarketingConsent(
  db: DbOrTx,
  options: { storeId: string; channel: ConsentChannel; customerId?: string; email?: string },
): Promise<boolean> {
  if (!options.customerId && !options.email?.trim()) return false;
  return inStore(db, options.storeId, async (tx) => {
    const resolved = await resolveSubject(tx, options.storeId, options as SubjectRef);
    if (!resolved) return false;
    const { rows } = await tx.execute<{ status: ConsentStatus }>(sql`
      SELECT status FROM marketing_consents
      WHERE store_id = ${options.storeId} AND channel = ${options.channel} AND ${subjectFilter(resolved.subject)}
      ORDER BY changed_at DESC, (customer_id IS NOT NULL) DESC, id DESC
      LIMIT 1`);
    return rows[0]?.status === 'granted';
  });
}

/** Where consent stands on every channel, for a shopper (404 when unknown) or an e-mail. */
export async function marketingConsentOf(
  db: DbOrTx,
  options: { storeId: string; customerId?: string; email?: string },
): Promise<ConsentView[]> {
  return inStore(db, options.storeId, async (tx) => {
    const resolved = await resolveSubject(tx, options.storeId, options as SubjectRef);
    if (!resolved)
      throw new AppError('NOT_FOUND', `Customer ${options.customerId} does not exist in this store.`);
    const { subject } = resolved;
    return consentViews(
      await standing(tx, options.storeId, subject),
      await awaitingConfirmation(tx, { storeId: options.storeId, email: subject.email }),
    );
  });
}

export const ConsentHistoryQuery = PageQuery.extend({
  channel: z.enum(CONSENT_CHANNELS).optional(),
});

/** Every statement of consent about a shopper, newest first, keyset-paginated. */
export async function consentHistory(
  db: Db,
  options: {
    storeId: string;
    customerId?: string;
    email?: string;
    query: z.input<typeof ConsentHistoryQuery>;
  },
): Promise<Page<ConsentHistoryView>> {
  const q = parseInput(ConsentHistoryQuery, options.query, 'querystring');
  const cursor = decodeCursor<{ id: string }>(q.cursor);
  if (cursor && typeof cursor.id !== 'string') {
    throw new AppError('VALIDATION_FAILED', 'The cursor is not one this API issued.', {
      errors: [{ path: 'querystring.cursor', message: 'invalid cursor' }],
    });
  }
  const rows = await withStore(db, options.storeId, async (tx) => {
    const resolved = await resolveSubject(tx, options.storeId, options as SubjectRef);
    if (!resolved)
      throw new AppError('NOT_FOUND', `Customer ${options.customerId} does not exist in this store.`);
    return historyRows(tx, options.storeId, resolved.subject, {
      channel: q.channel,
      before: cursor?.id,
      limit: q.limit + 1,
    });
  });
  const page = toPage(rows, q.limit, (r) => ({ id: r.id }));
  return { data: page.data.map(historyView), next_cursor: page.next_cursor };
}

async function historyRows(
  tx: DbOrTx,
  storeId: string,
  subject: Subject,
  options: { channel?: ConsentChannel; before?: string; limit?: number } = {},
): Promise<HistoryRow[]> {
  const { rows } = await tx.execute<HistoryRow>(sql`
    SELECT * FROM marketing_consent_history
    WHERE store_id = ${storeId} AND ${subjectFilter(subject)}
      ${options.channel ? sql`AND channel = ${options.channel}` : sql``}
      ${options.before ? sql`AND id < ${options.before}` : sql``}
    ORDER BY id DESC
    ${options.limit ? sql`LIMIT ${options.limit}` : sql``}`);
  return rows;
}

/** Everything held about a shopper's consent, for the GDPR export. */
export async function consentRecordsOf(
  tx: DbOrTx,
  storeId: string,
  subject: { customerId: string; email: string },
): Promise<{
  current: ConsentView[];
  history: (ConsentHistoryView & { email: string | null })[];
  confirmation_requests: Record<string, unknown>[];
}> {
  const s = { customerId: subject.customerId, email: subject.email.toLowerCase() };
  const history = await historyRows(tx, storeId, s);
  const { rows: requests } = await tx.execute(sql`
    SELECT id, email, channel, source, locale, requested_at, expires_at, confirmed_at, cancelled_at
    FROM marketing_consent_requests
    WHERE store_id = ${storeId} AND (customer_id = ${s.customerId} OR email = ${s.email})
    ORDER BY requested_at`);
  return {
    current: consentViews(
      await standing(tx, storeId, s),
      await awaitingConfirmation(tx, { storeId, email: s.email }),
    ),
    history: history.map((r) => ({ ...historyView(r), email: r.email })),
    confirmation_requests: requests,
  };
}

/**
 * Erasure: where consent stands is deleted (an erased shopper gets no marketing); the history
 * stays as the record of what was agreed, without the e-mail address.
 */
export async function eraseConsentRecords(
  tx: Tx,
  storeId: string,
  subject: { customerId: string; email: string },
): Promise<{ consents_deleted: number; history_anonymised: number }> {
  const s = { customerId: subject.customerId, email: subject.email.toLowerCase() };
  const deleted = await tx.execute(sql`
    DELETE FROM marketing_consents WHERE store_id = ${storeId} AND ${subjectFilter(s)}`);
  const anonymised = await tx.execute(sql`
    UPDATE marketing_consent_history SET email = NULL
    WHERE store_id = ${storeId} AND email IS NOT NULL
      AND (customer_id = ${s.customerId} OR email = ${s.email})`);
  // Confirmation requests hold the address and nothing agreed: they go.
  await tx.execute(sql`
    DELETE FROM marketing_consent_requests
    WHERE store_id = ${storeId} AND (customer_id = ${s.customerId} OR email = ${s.email})`);
  return { consents_deleted: deleted.rowCount ?? 0, history_anonymised: anonymised.rowCount ?? 0 };
}

export const MAX_CONSENT_IMPORT = 1000;

export const ConsentImportInput = z.strictObject({
  source: z
    .enum(['import', 'admin'])
    .default('import')
    .describe('`import`: records brought from another system; `admin`: statements taken by staff'),
  entries: z
    .array(
      z.strictObject({
        email: Email,
        channel: z.enum(CONSENT_CHANNELS),
        status: z.enum(CONSENT_STATUSES),
        occurred_at: z.iso
          .datetime({ offset: true })
          .optional()
          .describe(
            'When the shopper said so (default: now); an older statement does not override a newer one',
          ),
      }),
    )
    .min(1)
    .max(MAX_CONSENT_IMPORT),
});
export type ConsentImportInput = z.input<typeof ConsentImportInput>;

/**
 * Record many statements by e-mail (accounts and guests alike), all or nothing, in one
 * transaction. Returns how many changed where consent stands. Audited (counts only).
 */
export async function importMarketingConsents(
  db: Db,
  options: { storeId: string; input: ConsentImportInput; actor?: Actor },
): Promise<{ recorded: number; changed: number }> {
  const input = parseInput(ConsentImportInput, options.input);
  const { storeId } = options;
  return withStore(db, storeId, async (tx) => {
    let changed = 0;
    for (const [i, e] of input.entries.entries()) {
      try {
        const r = await recordMarketingConsentInTx(tx, {
          storeId,
          email: e.email,
          channel: e.channel,
          status: e.status,
          source: input.source,
          occurredAt: e.occurred_at,
          actor: options.actor,
        });
        if (r.changed) changed++;
      } catch (err) {
        // Name the entry: an erased shopper's e-mail, a time in the future.
        if (err instanceof AppError && err.status < 500) {
          throw new AppError(err.code, `Entry ${i}: ${err.message}`, {
            errors: (err.errors ?? [{ path: '', message: err.message }]).map((fe) => ({
              path: `body.entries.${i}${fe.path.replace(/^body/, '')}`,
              message: fe.message,
            })),
          });
        }
        throw err;
      }
    }
    await audit(tx, options.actor, {
      storeId,
      action: 'marketing_consent.imported',
      entityType: 'store',
      entityId: storeId,
      after: { source: input.source, entries: input.entries.length, changed },
    });
    return { recorded: input.entries.length, changed };
  });
}
