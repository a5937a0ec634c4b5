import { and, asc, eq, lte, sql } from 'drizzle-orm';
import type { Platform } from '../../platform/context.ts';
import { withStore, type Tx } from '../../platform/db/database.ts';
import { isAppError } from '../../platform/errors.ts';
import { emitEvent } from '../../platform/events/outbox.ts';
import { step } from '../../platform/workflows/workflows.ts';
import { fetchBigCommerceResource, fetchPolicy, listWooCommerceOrders, searchMagento } from './apis.ts';
import { mapBigCommerce, type BigCommerceResource } from './bigcommerce.ts';
import { connectionWithCredentials } from './connections.ts';
import { fetchErrorText, handOver, nextFetchDelayMs } from './deliveries.ts';
import { PlatformRefusedError, PlatformUnavailableError } from './http-client.ts';
import { magentoCartOf, magentoOrderOf } from './magento.ts';
import { parsePayload } from './payloads.ts';
import {
  integrationConnections,
  integrationDeliveries,
  integrationPollCursors,
  type ConnectionRow,
  type PollResource,
} from './schema.ts';
import type { Mapped } from './types.ts';
import { POLLED_RESOURCES } from './views.ts';
import { mapWooCommerceOrder, WooCommerceOrder } from './woocommerce.ts';

/**
 * One sync of a connection, run by the worker when it is due (`workflows.ts`), or directly:
 *
 * 1. deliveries left `pending` (BigCommerce could not answer when the webhook came) are fetched
 *    again, with backoff; after INTEGRATIONS_FETCH_MAX_ATTEMPTS they are `failed`;
 * 2. each polled resource (WooCommerce orders; Magento carts and orders) is read page by page from
 *    its cursor, oldest change first. Each page is recorded and the cursor moved in one
 *    transaction, so a sync stopped anywhere resumes from the last page recorded; an item read
 *    twice (pages overlap by a second, a page is re-read after a crash) is recorded once (the
 *    inbox keeps one row per item version). An item that cannot be read is skipped and counted;
 * 3. the next sync is set: after the poll interval, or sooner for a pending fetch; after a failure,
 *    with exponential backoff (or the platform's Retry-After).
 *
 * Each page and each retry is a workflow step, so under DBOS a crash resumes after the last
 * completed one. Step results hold counts and times only, never credentials or personal data.
 */

export interface SyncReport {
  recorded: number;
  duplicates: number;
  /** Polled items that could not be read (skipped; see last_sync_error). */
  unreadable: number;
  /** Pending deliveries fetched and applied (or found gone). */
  fetched: number;
  pages: number;
  error: string | null;
}

/** Pages overlap by this much: platforms store times to the second, and some filters are strict. */
const OVERLAP_MS = 1000;
/** Pages one sync reads per resource; the rest waits for the next sync (the cursor has moved). */
const MAX_PAGES_PER_SYNC = 50;
const MAX_BACKOFF_MS = 6 * 3600 * 1000;

interface SyncPlan {
  active: boolean;
  resources: PollResource[];
  intervalSeconds: number;
}

async function planOf(platform: Platform, storeId: string, connectionId: string): Promise<SyncPlan> {
  const [row] = await withStore(platform.db, storeId, (tx) =>
    tx
      .select()
      .from(integrationConnections)
      .where(and(eq(integrationConnections.storeId, storeId), eq(integrationConnections.id, connectionId))),
  );
  if (!row || row.status !== 'active') return { active: false, resources: [], intervalSeconds: 0 };
  return {
    active: true,
    resources: row.pollingEnabled ? POLLED_RESOURCES[row.platform] : [],
    intervalSeconds: row.pollIntervalSeconds,
  };
}

/** A step's outcome as data: DBOS records it, so a resumed sync sees the same failure it would have. */
type Attempt<T> = { ok: true; value: T } | { ok: false; error: string; retryAfterMs: number | null };

async function attempt<T>(fn: () => Promise<T>): Promise<Attempt<T>> {
  try {
    return { ok: true, value: await fn() };
  } catch (err) {
    return {
      ok: false,
      error: errorText(err),
      retryAfterMs: err instanceof PlatformUnavailableError ? err.retryAfterMs : null,
    };
  }
}

/** Sync one connection (see above). A platform's failure is recorded and retried later, not thrown. */
export async function syncConnection(
  platform: Platform,
  o: { storeId: string; connectionId: string },
): Promise<SyncReport> {
  const report: SyncReport = { recorded: 0, duplicates: 0, unreadable: 0, fetched: 0, pages: 0, error: null };
  const plan = await step('plan', () => planOf(platform, o.storeId, o.connectionId));
  if (!plan.active) return report;
  let retryAfterMs: number | null = null;
  const unreadable = new Set<string>();
  const fail = (a: { error: string; retryAfterMs: number | null }) => {
    report.error = a.error;
    retryAfterMs = a.retryAfterMs;
  };
  const retried = await step('retry-fetches', () => attempt(() => retryPendingFetches(platform, o)));
  if (retried.ok) {
    report.fetched += retried.value.fetched;
    report.recorded += retried.value.recorded;
  } else {
    fail(retried);
  }
  for (const resource of report.error ? [] : plan.resources) {
    let state: PageState | null = null;
    for (let n = 1; n <= MAX_PAGES_PER_SYNC; n++) {
      const page = await step(`poll-${resource}-${n}`, () =>
        attempt(() => pollPage(platform, o, resource, state)),
      );
      if (!page.ok) {
        fail(page);
        break;
      }
      report.pages++;
      report.recorded += page.value.recorded;
      report.duplicates += page.value.duplicates;
      for (const u of page.value.unreadable) unreadable.add(u);
      if (!page.value.next) break;
      state = page.value.next;
    }
    if (report.error) break;
  }
  report.unreadable = unreadable.size;
  const problem =
    report.error ?? (unreadable.size ? [...unreadable].slice(0, 3).join('; ').slice(0, 500) : null);
  await step('finish', () => finishSync(platform, o, report, problem, retryAfterMs));
  return report;
}

function errorText(err: unknown): string {
  if (err instanceof PlatformUnavailableError || err instanceof PlatformRefusedError || isAppError(err)) {
    return fetchErrorText(err);
  }
  return `unexpected error: ${(err as Error)?.message ?? String(err)}`.slice(0, 300);
}

// --- pending fetches ----------------------------------------------------------------------------

async function retryPendingFetches(
  platform: Platform,
  o: { storeId: string; connectionId: string },
): Promise<{ fetched: number; recorded: number }> {
  const { storeId, connectionId } = o;
  const { due, conn } = await withStore(platform.db, storeId, async (tx) => ({
    conn: await connectionWithCredentials(platform, tx, storeId, connectionId),
    due: await tx
      .select()
      .from(integrationDeliveries)
      .where(
        and(
          eq(integrationDeliveries.connectionId, connectionId),
          eq(integrationDeliveries.status, 'pending'),
          lte(integrationDeliveries.nextAttemptAt, new Date()),
        ),
      )
      .orderBy(asc(integrationDeliveries.nextAttemptAt))
      .limit(50),
  }));
  let fetched = 0;
  let recorded = 0;
  const maxAttempts = platform.config.INTEGRATIONS_FETCH_MAX_ATTEMPTS;
  for (const d of due) {
    const resource = { type: d.resourceType, id: d.resourceId } as BigCommerceResource;
    let answer: unknown;
    let mapped: Mapped | null = null;
    try {
      answer = await fetchBigCommerceResource(
        {
          apiBase: platform.config.BIGCOMMERCE_API_BASE,
          storeHash: conn.row.shop,
          accessToken: conn.credentials.access_token ?? '',
          clientId: conn.credentials.client_id,
        },
        resource,
        fetchPolicy(platform.config, 'worker'),
      );
      if (answer !== null) mapped = mapBigCommerce(resource, answer, storeId);
    } catch (err) {
      const retryable = err instanceof PlatformUnavailableError || err instanceof PlatformRefusedError;
      if (!retryable && !isAppError(err)) throw err;
      const attempts = d.attempts + 1;
      const giveUp = !retryable || attempts >= maxAttempts;
      const retryAfter = err instanceof PlatformUnavailableError ? err.retryAfterMs : null;
      await withStore(platform.db, storeId, async (tx) => {
        const [row] = await tx
          .update(integrationDeliveries)
          .set({
            attempts,
            status: giveUp ? 'failed' : 'pending',
            nextAttemptAt: giveUp
              ? null
              : new Date(Date.now() + nextFetchDelayMs(platform, attempts, retryAfter)),
            lastError: fetchErrorText(err),
            processedAt: giveUp ? sql`now()` : null,
          })
          .where(and(eq(integrationDeliveries.id, d.id), eq(integrationDeliveries.status, 'pending')))
          .returning();
        if (row && giveUp) {
          await emitEvent(tx, {
            storeId,
            type: 'integration_delivery.failed',
            aggregateType: 'integration_delivery',
            aggregateId: d.id,
            payload: { deliveryId: d.id, connectionId, topic: d.topic, attempts, error: row.lastError },
          });
        }
      });
      continue;
    }
    const applied = await withStore(platform.db, storeId, async (tx) => {
      // Claim it again under its row lock: a concurrent sync may have taken it meanwhile.
      const [claimed] = await tx
        .select({ id: integrationDeliveries.id })
        .from(integrationDeliveries)
        .where(and(eq(integrationDeliveries.id, d.id), eq(integrationDeliveries.status, 'pending')))
        .for('update');
      if (!claimed) return null;
      const n = mapped ? await handOver(tx, mapped, { connectionId, deliveryId: d.id, via: 'webhook' }) : 0;
      await tx
        .update(integrationDeliveries)
        .set({
          status: mapped ? 'applied' : 'ignored',
          attempts: d.attempts + 1,
          nextAttemptAt: null,
          itemsRecorded: n,
          lastError: null,
          processedAt: sql`now()`,
        })
        .where(eq(integrationDeliveries.id, d.id));
      return n;
    });
    if (applied !== null) {
      fetched++;
      recorded += applied;
    }
  }
  return { fetched, recorded };
}

// --- polling ------------------------------------------------------------------------------------

interface PageState {
  /** Ask for items modified at or after this (ISO). */
  from: string;
  /** The newest modification time recorded so far (ISO): the cursor. */
  mark: string;
  page: number;
}

interface PageResult {
  recorded: number;
  duplicates: number;
  /** Items that could not be read: `<resource> item <id>: <why>` (a re-read page names them again). */
  unreadable: string[];
  /** Where the next page is; null when this was the last. */
  next: PageState | null;
}

interface PolledItem {
  updatedAt: string;
  mapped: Mapped;
}

async function fetchPage(
  platform: Platform,
  conn: { row: ConnectionRow; credentials: Record<string, string> },
  resource: PollResource,
  state: PageState,
): Promise<{ items: PolledItem[]; unreadable: string[]; more: boolean }> {
  const policy = fetchPolicy(platform.config, 'worker');
  const pageSize = platform.config.INTEGRATIONS_POLL_PAGE_SIZE;
  const { row, credentials } = conn;
  const items: PolledItem[] = [];
  const unreadable: string[] = [];
  const read = (raw: unknown, fn: () => PolledItem) => {
    try {
      items.push(fn());
    } catch (err) {
      if (!isAppError(err)) throw err;
      unreadable.push(`${resource} item ${itemIdOf(raw)}: ${fetchErrorText(err)}`);
    }
  };
  if (row.platform === 'woocommerce') {
    const page = await listWooCommerceOrders(
      {
        siteUrl: row.shop,
        consumerKey: credentials.consumer_key ?? '',
        consumerSecret: credentials.consumer_secret ?? '',
      },
      { since: new Date(state.from), page: state.page, pageSize },
      policy,
    );
    page.items.forEach((raw, i) =>
      read(raw, () => {
        const order = parsePayload(WooCommerceOrder, raw, `answer.${i}`);
        return { updatedAt: order.date_modified_gmt, mapped: mapWooCommerceOrder(order, row.storeId) };
      }),
    );
    return { items, unreadable, more: page.more };
  }
  if (row.platform === 'magento') {
    const page = await searchMagento(
      { baseUrl: row.shop, accessToken: credentials.access_token ?? '' },
      { resource, since: new Date(state.from), page: state.page, pageSize },
      policy,
    );
    page.items.forEach((raw, i) =>
      read(raw, () =>
        resource === 'carts'
          ? magentoCartOf(raw, row.storeId, `answer.items.${i}`)
          : magentoOrderOf(raw, row.storeId, `answer.items.${i}`),
      ),
    );
    return { items, unreadable, more: page.more };
  }
  return { items, unreadable, more: false };
}

/**
 * One page: fetch it, record its items and move the cursor in one transaction, and say where the
 * next page is. When the page reached newer items than the cursor, the next one starts again from
 * there (less the overlap); when every item was at the cursor's own time, it is the next page of
 * that same query.
 */
async function pollPage(
  platform: Platform,
  o: { storeId: string; connectionId: string },
  resource: PollResource,
  given: PageState | null,
): Promise<PageResult> {
  const { storeId, connectionId } = o;
  const { conn, cursor } = await withStore(platform.db, storeId, async (tx) => ({
    conn: await connectionWithCredentials(platform, tx, storeId, connectionId),
    cursor: await cursorOf(tx, connectionId, resource),
  }));
  const mark = given?.mark ?? cursor.toISOString();
  const state: PageState = given ?? {
    from: new Date(Date.parse(mark) - OVERLAP_MS).toISOString(),
    mark,
    page: 1,
  };
  const fetched = await fetchPage(platform, conn, resource, state);

  const newest = fetched.items.reduce((m, i) => (i.updatedAt > m ? i.updatedAt : m), state.mark);
  const counts = await withStore(platform.db, storeId, async (tx) => {
    let recorded = 0;
    let total = 0;
    for (const item of fetched.items) {
      total += item.mapped.carts.length + item.mapped.purchases.length + item.mapped.contacts.length;
      recorded += await handOver(tx, item.mapped, { connectionId, deliveryId: null, via: 'poll' });
    }
    await tx
      .update(integrationPollCursors)
      .set({
        modifiedAfter: sql`greatest(${integrationPollCursors.modifiedAfter}, ${newest}::timestamptz)`,
        itemsRecorded: sql`${integrationPollCursors.itemsRecorded} + ${recorded}`,
        updatedAt: sql`now()`,
      })
      .where(
        and(
          eq(integrationPollCursors.connectionId, connectionId),
          eq(integrationPollCursors.resource, resource),
        ),
      );
    return { recorded, duplicates: total - recorded };
  });
  if (fetched.unreadable.length) {
    platform.log.warn(
      { connectionId, resource, unreadable: fetched.unreadable.length },
      'polled items that could not be read were skipped',
    );
  }
  const next: PageState | null = !fetched.more
    ? null
    : newest > state.mark
      ? { from: new Date(Date.parse(newest) - OVERLAP_MS).toISOString(), mark: newest, page: 1 }
      : { ...state, page: state.page + 1 };
  return { ...counts, unreadable: fetched.unreadable, next };
}

/** An item's own id, to name it in the sync's error (never its content). */
function itemIdOf(raw: unknown): string {
  const r = raw as { id?: unknown; entity_id?: unknown } | null;
  const id = r && typeof r === 'object' ? (r.id ?? r.entity_id) : undefined;
  return typeof id === 'string' || typeof id === 'number' ? String(id).slice(0, 64) : '(without an id)';
}

async function cursorOf(tx: Tx, connectionId: string, resource: PollResource): Promise<Date> {
  const [row] = await tx
    .select({ modifiedAfter: integrationPollCursors.modifiedAfter })
    .from(integrationPollCursors)
    .where(
      and(
        eq(integrationPollCursors.connectionId, connectionId),
        eq(integrationPollCursors.resource, resource),
      ),
    );
  if (!row) throw new Error(`no poll cursor for ${connectionId}/${resource}`);
  return row.modifiedAfter;
}

// --- the end of a sync ----------------------------------------------------------------------------

async function finishSync(
  platform: Platform,
  o: { storeId: string; connectionId: string },
  report: SyncReport,
  problem: string | null,
  retryAfterMs: number | null,
): Promise<void> {
  const { storeId, connectionId } = o;
  await withStore(platform.db, storeId, async (tx) => {
    const [row] = await tx
      .select()
      .from(integrationConnections)
      .where(and(eq(integrationConnections.storeId, storeId), eq(integrationConnections.id, connectionId)))
      .for('update');
    if (!row || row.status !== 'active') return;
    const { rows } = await tx.execute<{ at: string | null }>(sql`
      SELECT min(next_attempt_at) AS at FROM integration_deliveries
      WHERE connection_id = ${connectionId} AND status = 'pending'`);
    const pendingAt = rows[0]?.at ? new Date(rows[0].at) : null;
    const failures = report.error ? row.syncFailures + 1 : 0;
    const pollAt = row.pollingEnabled
      ? new Date(
          Date.now() +
            (report.error
              ? Math.min(
                  MAX_BACKOFF_MS,
                  Math.max(
                    retryAfterMs ?? 0,
                    Math.min(row.pollIntervalSeconds * 1000, 30_000 * 2 ** (failures - 1)),
                  ),
                )
              : row.pollIntervalSeconds * 1000),
        )
      : null;
    const nextSyncAt =
      [pollAt, pendingAt].filter((d): d is Date => d !== null).sort((a, b) => +a - +b)[0] ?? null;
    await tx
      .update(integrationConnections)
      .set({
        nextSyncAt,
        lastSyncedAt: sql`now()`,
        lastSyncError: problem,
        syncFailures: failures,
        updatedAt: sql`now()`,
      })
      .where(eq(integrationConnections.id, connectionId));
    if (report.error) {
      await emitEvent(tx, {
        storeId,
        type: 'integration_connection.sync_failed',
        aggregateType: 'integration_connection',
        aggregateId: connectionId,
        payload: {
          connectionId,
          error: report.error,
          failures,
          nextSyncAt: nextSyncAt?.toISOString() ?? null,
        },
      });
    } else if (report.recorded > 0 || report.fetched > 0 || report.unreadable > 0) {
      await emitEvent(tx, {
        storeId,
        type: 'integration_connection.synced',
        aggregateType: 'integration_connection',
        aggregateId: connectionId,
        payload: {
          connectionId,
          recorded: report.recorded,
          duplicates: report.duplicates,
          unreadable: report.unreadable,
          fetched: report.fetched,
        },
      });
    }
  });
}

/** Connections due for a sync, across stores (read outside any store scope, like the payments sweep). */
export async function dueConnections(
  platform: Platform,
  limit = 100,
): Promise<{ storeId: string; connectionId: string; dueAt: string }[]> {
  const { rows } = await platform.db.execute<{
    id: string;
    store_id: string;
    next_sync_at: Date | string;
  }>(sql`
    SELECT id, store_id, next_sync_at FROM integration_connections
    WHERE status = 'active' AND next_sync_at IS NOT NULL AND next_sync_at <= now()
    ORDER BY next_sync_at LIMIT ${limit}`);
  return rows.map((r) => ({
    storeId: r.store_id,
    connectionId: r.id,
    dueAt: new Date(r.next_sync_at).toISOString(),
  }));
}
