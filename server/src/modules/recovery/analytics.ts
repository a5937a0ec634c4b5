import { sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Db, Tx } from '../../platform/db/database.ts';
import { withStore } from '../../platform/db/database.ts';
import { csvCell } from '../../platform/csv.ts';
import { auditAs, type Actor } from '../audit/service.ts';
import { getStore } from '../tenancy/service.ts';

/**
 * Daily figures per store and campaign, in the store's time zone: carts abandoned, messages sent /
 * delivered / opened / clicked, carts recovered, revenue recovered (and the part attributed to a
 * message), recovery rate and average time to recovery. `recovery_daily_rollups` holds them; the
 * days that changed (`recovery_rollup_marks`) are recomputed from the source tables by a schedule
 * and before every read, so a read is always exact.
 */

export const AnalyticsQuery = z
  .strictObject({
    from: z.iso.date().describe('First day (YYYY-MM-DD, in the store’s time zone)'),
    to: z.iso.date().describe('Last day, inclusive'),
    campaign_id: z.string().max(128).optional().describe('Only this campaign’s figures'),
  })
  .refine((q) => q.from <= q.to, { message: '`from` must not be after `to`', path: ['to'] })
  .refine((q) => (Date.parse(q.to) - Date.parse(q.from)) / 86_400_000 <= 731, {
    message: 'at most two years at a time',
    path: ['to'],
  });
export type AnalyticsQuery = z.infer<typeof AnalyticsQuery>;

const Money = z.array(z.object({ currency: z.string(), amount: z.number().int() }));
const Figures = z.object({
  carts_abandoned: z.number().int(),
  carts_messaged: z.number().int(),
  messages_sent: z.number().int(),
  messages_delivered: z.number().int(),
  messages_opened: z.number().int(),
  messages_clicked: z.number().int(),
  carts_recovered: z.number().int(),
  revenue_recovered: Money.describe('Every recovered cart’s order total, per currency'),
  revenue_attributed: Money.describe(
    'The part attributed to a recovery message (last click, else last send, within the window)',
  ),
  recovery_rate: z
    .number()
    .nullable()
    .describe('Carts recovered ÷ carts abandoned (per campaign: ÷ carts messaged)'),
  average_time_to_recovery_seconds: z.number().nullable(),
});
export type Figures = z.infer<typeof Figures>;

export const AnalyticsView = z.object({
  from: z.string(),
  to: z.string(),
  timezone: z.string(),
  totals: Figures,
  days: z.array(Figures.extend({ day: z.string() })),
  campaigns: z.array(Figures.extend({ campaign_id: z.string().nullable() })),
});
export type AnalyticsView = z.infer<typeof AnalyticsView>;

type RollupRow = {
  day: string;
  campaign_id: string;
  carts_abandoned: number;
  carts_messaged: number;
  messages_sent: number;
  messages_delivered: number;
  messages_opened: number;
  messages_clicked: number;
  carts_recovered: number;
  revenue_recovered: Record<string, number>;
  revenue_attributed: Record<string, number>;
  recovery_seconds: number;
};

/**
 * Recompute the store's days that changed since the last refresh, in `tx` (one store-scoped
 * transaction). The marks it consumes are those committed before it started; a change committing
 * meanwhile leaves its own mark for the next refresh. Returns whether anything was recomputed.
 */
export async function refreshRollupsInTx(tx: Tx, storeId: string): Promise<boolean> {
  // One refresh per store at a time (they would rewrite the same rows).
  await tx.execute(sql`SELECT pg_advisory_xact_lock(hashtext(${`recovery.rollups:${storeId}`}))`);
  const { rows } = await tx.execute<{ since: Date | null }>(sql`
    WITH gone AS (DELETE FROM recovery_rollup_marks WHERE store_id = ${storeId} RETURNING at)
    SELECT min(at) AS since FROM gone`);
  const since = rows[0]?.since;
  if (!since) return false;
  const tz = (await getStore(tx, storeId)).timezone;
  await tx.execute(sql`
    DELETE FROM recovery_daily_rollups
    WHERE store_id = ${storeId} AND day >= (${since}::timestamptz AT TIME ZONE ${tz})::date`);
  await tx.execute(sql`
    WITH bounds AS (
      SELECT (${since}::timestamptz AT TIME ZONE ${tz})::date AS first_day
    ), start AS (
      SELECT first_day, (first_day::timestamp AT TIME ZONE ${tz}) AS from_ts FROM bounds
    ), facts AS (
      SELECT (c.abandoned_at AT TIME ZONE ${tz})::date AS day, '' AS campaign_id, 1 AS abandoned, NULL::text AS cart,
             0 AS sent, 0 AS delivered, 0 AS opened, 0 AS clicked, 0 AS recovered, NULL::text AS currency,
             0::bigint AS revenue, 0::bigint AS attributed, 0::bigint AS seconds
      FROM recovery_carts c, start WHERE c.store_id = ${storeId} AND c.abandoned_at >= start.from_ts
      UNION ALL
      SELECT (t.occurred_at AT TIME ZONE ${tz})::date, COALESCE(t.campaign_id, ''), 0,
             CASE WHEN t.kind = 'sent' THEN t.tracked_cart_id END,
             (t.kind = 'sent')::int, (t.kind = 'delivered')::int, (t.kind = 'opened')::int, (t.kind = 'clicked')::int,
             0, NULL, 0, 0, 0
      FROM recovery_touches t, start WHERE t.store_id = ${storeId} AND t.occurred_at >= start.from_ts
      UNION ALL
      SELECT (c.recovered_at AT TIME ZONE ${tz})::date, COALESCE(c.attributed_campaign_id, ''), 0, NULL, 0, 0, 0, 0, 1,
             c.recovered_currency, COALESCE(c.recovered_value, 0),
             CASE WHEN c.attributed_message_id IS NOT NULL THEN COALESCE(c.recovered_value, 0) ELSE 0 END,
             GREATEST(0, extract(epoch FROM c.recovered_at - c.abandoned_at))::bigint
      FROM recovery_carts c, start WHERE c.store_id = ${storeId} AND c.recovered_at >= start.from_ts
    ), per_currency AS (
      SELECT day, campaign_id, currency, sum(abandoned) AS abandoned, array_agg(DISTINCT cart) FILTER (WHERE cart IS NOT NULL) AS carts,
             sum(sent) AS sent, sum(delivered) AS delivered, sum(opened) AS opened, sum(clicked) AS clicked,
             sum(recovered) AS recovered, sum(revenue) AS revenue, sum(attributed) AS attributed, sum(seconds) AS seconds
      FROM facts GROUP BY day, campaign_id, currency
    )
    INSERT INTO recovery_daily_rollups (store_id, day, campaign_id, carts_abandoned, carts_messaged, messages_sent,
      messages_delivered, messages_opened, messages_clicked, carts_recovered, revenue_recovered, revenue_attributed,
      recovery_seconds)
    SELECT ${storeId}, day, campaign_id, sum(abandoned),
           (SELECT count(DISTINCT c) FROM per_currency p2, unnest(p2.carts) c WHERE p2.day = p.day AND p2.campaign_id = p.campaign_id),
           sum(sent), sum(delivered), sum(opened), sum(clicked), sum(recovered),
           COALESCE(jsonb_object_agg(currency, revenue) FILTER (WHERE currency IS NOT NULL), '{}'),
           COALESCE(jsonb_object_agg(currency, attributed) FILTER (WHERE currency IS NOT NULL), '{}'),
           sum(seconds)
    FROM per_currency p GROUP BY day, campaign_id`);
  return true;
}

/** `refreshRollupsInTx` in its own transaction. */
export function refreshRecoveryRollups(db: Db, storeId: string): Promise<boolean> {
  return withStore(db, storeId, (tx) => refreshRollupsInTx(tx, storeId));
}

/** Refresh every store with stale figures (the schedule). Returns how many stores were refreshed. */
export async function refreshAllRecoveryRollups(db: Db): Promise<number> {
  const { rows } = await db.execute<{ store_id: string }>(
    sql`SELECT DISTINCT store_id FROM recovery_rollup_marks`,
  );
  let n = 0;
  for (const { store_id } of rows) if (await refreshRecoveryRollups(db, store_id)) n++;
  return n;
}

const money = (m: Record<string, number>) =>
  Object.entries(m)
    .filter(([, amount]) => amount !== 0)
    .map(([currency, amount]) => ({ currency, amount: Number(amount) }))
    .sort((a, b) => a.currency.localeCompare(b.currency));

function addMoney(into: Record<string, number>, m: Record<string, number>) {
  for (const [c, a] of Object.entries(m)) into[c] = (into[c] ?? 0) + Number(a);
}

interface Acc {
  carts_abandoned: number;
  carts_messaged: number;
  messages_sent: number;
  messages_delivered: number;
  messages_opened: number;
  messages_clicked: number;
  carts_recovered: number;
  revenue_recovered: Record<string, number>;
  revenue_attributed: Record<string, number>;
  recovery_seconds: number;
}
const empty = (): Acc => ({
  carts_abandoned: 0,
  carts_messaged: 0,
  messages_sent: 0,
  messages_delivered: 0,
  messages_opened: 0,
  messages_clicked: 0,
  carts_recovered: 0,
  revenue_recovered: {},
  revenue_attributed: {},
  recovery_seconds: 0,
});
function add(acc: Acc, r: RollupRow | Acc) {
  acc.carts_abandoned += Number(r.carts_abandoned);
  acc.carts_messaged += Number(r.carts_messaged);
  acc.messages_sent += Number(r.messages_sent);
  acc.messages_delivered += Number(r.messages_delivered);
  acc.messages_opened += Number(r.messages_opened);
  acc.messages_clicked += Number(r.messages_clicked);
  acc.carts_recovered += Number(r.carts_recovered);
  addMoney(acc.revenue_recovered, r.revenue_recovered);
  addMoney(acc.revenue_attributed, r.revenue_attributed);
  acc.recovery_seconds += Number(r.recovery_seconds);
}
function figures(a: Acc, base: 'abandoned' | 'messaged' = 'abandoned'): Figures {
  const denominator = base === 'abandoned' ? a.carts_abandoned : a.carts_messaged;
  return {
    carts_abandoned: a.carts_abandoned,
    carts_messaged: a.carts_messaged,
    messages_sent: a.messages_sent,
    messages_delivered: a.messages_delivered,
    messages_opened: a.messages_opened,
    messages_clicked: a.messages_clicked,
    carts_recovered: a.carts_recovered,
    revenue_recovered: money(a.revenue_recovered),
    revenue_attributed: money(a.revenue_attributed),
    recovery_rate: denominator > 0 ? Math.round((a.carts_recovered / denominator) * 10_000) / 10_000 : null,
    average_time_to_recovery_seconds:
      a.carts_recovered > 0 ? Math.round(a.recovery_seconds / a.carts_recovered) : null,
  };
}

/** The figures for a date range (days in the store's time zone), fresh. */
export async function recoveryAnalytics(
  db: Db,
  options: { storeId: string; query: AnalyticsQuery },
): Promise<AnalyticsView> {
  const { storeId, query } = options;
  return withStore(db, storeId, async (tx) => {
    await refreshRollupsInTx(tx, storeId);
    const tz = (await getStore(tx, storeId)).timezone;
    const { rows } = await tx.execute<RollupRow>(sql`
      SELECT to_char(day, 'YYYY-MM-DD') AS day, campaign_id, carts_abandoned, carts_messaged, messages_sent,
             messages_delivered, messages_opened, messages_clicked, carts_recovered, revenue_recovered,
             revenue_attributed, recovery_seconds
      FROM recovery_daily_rollups
      WHERE store_id = ${storeId} AND day BETWEEN ${query.from}::date AND ${query.to}::date
        ${query.campaign_id !== undefined ? sql`AND campaign_id = ${query.campaign_id}` : sql``}
      ORDER BY day, campaign_id`);
    const total = empty();
    const days = new Map<string, Acc>();
    const campaigns = new Map<string, Acc>();
    for (const r of rows) {
      add(total, r);
      if (!days.has(r.day)) days.set(r.day, empty());
      add(days.get(r.day)!, r);
      if (r.campaign_id) {
        if (!campaigns.has(r.campaign_id)) campaigns.set(r.campaign_id, empty());
        add(campaigns.get(r.campaign_id)!, r);
      }
    }
    return {
      from: query.from,
      to: query.to,
      timezone: tz,
      totals: figures(total),
      days: [...days].map(([day, a]) => ({ day, ...figures(a) })),
      campaigns: [...campaigns].map(([campaign_id, a]) => ({ campaign_id, ...figures(a, 'messaged') })),
    };
  });
}

const CSV_COLUMNS = [
  'day',
  'campaign_id',
  'carts_abandoned',
  'carts_messaged',
  'messages_sent',
  'messages_delivered',
  'messages_opened',
  'messages_clicked',
  'carts_recovered',
  'revenue_recovered',
  'revenue_attributed',
  'recovery_rate',
  'average_time_to_recovery_seconds',
] as const;

const moneyCell = (m: { currency: string; amount: number }[]) =>
  m.map((x) => `${x.currency} ${x.amount}`).join('; ');

/**
 * The same figures as CSV: one row per day and campaign (`campaign_id` empty: carts and revenue no
 * campaign brought back), amounts in minor units as `USD 1234`. Audited (an export).
 */
export async function recoveryAnalyticsCsv(
  db: Db,
  options: { storeId: string; query: AnalyticsQuery; actor?: Actor },
): Promise<string> {
  const { storeId, query } = options;
  await recoveryAnalytics(db, { storeId, query: { from: query.from, to: query.to } });
  return withStore(db, storeId, async (tx) => {
    const { rows } = await tx.execute<RollupRow>(sql`
      SELECT to_char(day, 'YYYY-MM-DD') AS day, campaign_id, carts_abandoned, carts_messaged, messages_sent,
             messages_delivered, messages_opened, messages_clicked, carts_recovered, revenue_recovered,
             revenue_attributed, recovery_seconds
      FROM recovery_daily_rollups
      WHERE store_id = ${storeId} AND day BETWEEN ${query.from}::date AND ${query.to}::date
        ${query.campaign_id !== undefined ? sql`AND campaign_id = ${query.campaign_id}` : sql``}
      ORDER BY day, campaign_id`);
    const lines = [CSV_COLUMNS.join(',')];
    for (const r of rows) {
      const a = empty();
      add(a, r);
      const f = figures(a, r.campaign_id ? 'messaged' : 'abandoned');
      const cells: Record<(typeof CSV_COLUMNS)[number], unknown> = {
        day: r.day,
        campaign_id: r.campaign_id,
        ...f,
        revenue_recovered: moneyCell(f.revenue_recovered),
        revenue_attributed: moneyCell(f.revenue_attributed),
      };
      lines.push(CSV_COLUMNS.map((c) => csvCell(cells[c])).join(','));
    }
    await auditAs(tx, options.actor, {
      storeId,
      action: 'recovery_analytics.exported',
      entityType: 'recovery_analytics',
      entityId: storeId,
      after: { from: query.from, to: query.to, campaign_id: query.campaign_id ?? null, rows: rows.length },
    });
    return lines.join('\r\n') + '\r\n';
  });
}
