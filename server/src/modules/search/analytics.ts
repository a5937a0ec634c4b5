import { sql } from 'drizzle-orm';
import { withStore, type Db } from '../../platform/db/database.ts';
import { newId } from '../../platform/ids.ts';
import type { Logger } from '../../platform/logger.ts';

interface QueryRecord {
  id: string;
  storeId: string;
  queryNorm: string;
  resultCount: number;
  at: Date;
}

interface ClickRecord {
  storeId: string;
  searchId: string;
  productId: string;
  position: number | null;
  at: Date;
}

/**
 * Search analytics are buffered in memory and written in batches (one insert per store per
 * flush), so recording never adds a round trip to a search. A crash loses at most one flush
 * interval of analytics, which is acceptable for statistics.
 */
export class SearchAnalyticsRecorder {
  private queries: QueryRecord[] = [];
  private clicks: ClickRecord[] = [];
  private timer: NodeJS.Timeout | null = null;
  private flushing: Promise<void> = Promise.resolve();
  private readonly db: Db;
  private readonly log: Logger;
  private readonly intervalMs: number;
  private readonly maxBuffered: number;

  constructor(opts: { db: Db; log: Logger; intervalMs?: number; maxBuffered?: number }) {
    this.db = opts.db;
    this.log = opts.log;
    this.intervalMs = opts.intervalMs ?? 1000;
    this.maxBuffered = opts.maxBuffered ?? 50_000;
  }

  recordQuery(r: Omit<QueryRecord, 'at'>): void {
    if (this.queries.length >= this.maxBuffered) return; // shed load rather than grow without bound
    this.queries.push({ ...r, at: new Date() });
    this.schedule();
  }

  recordClick(r: Omit<ClickRecord, 'at'>): void {
    if (this.clicks.length >= this.maxBuffered) return;
    this.clicks.push({ ...r, at: new Date() });
    this.schedule();
  }

  private schedule(): void {
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.flush();
    }, this.intervalMs);
    this.timer.unref();
  }

  /** Write everything buffered so far; resolves when it is written. */
  flush(): Promise<void> {
    this.flushing = this.flushing.then(() => this.write());
    return this.flushing;
  }

  async close(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.flush();
  }

  private async write(): Promise<void> {
    const queries = this.queries;
    const clicks = this.clicks;
    this.queries = [];
    this.clicks = [];
    const stores = new Set([...queries.map((q) => q.storeId), ...clicks.map((c) => c.storeId)]);
    for (const storeId of stores) {
      const qs = queries.filter((q) => q.storeId === storeId);
      const cs = clicks.filter((c) => c.storeId === storeId);
      try {
        await withStore(this.db, storeId, async (tx) => {
          if (qs.length) {
            await tx.execute(sql`
              INSERT INTO search_queries (id, store_id, query_norm, result_count, created_at)
              SELECT r.id, ${storeId}, r.q, r.n, r.at FROM jsonb_to_recordset(${JSON.stringify(
                qs.map((q) => ({ id: q.id, q: q.queryNorm, n: q.resultCount, at: q.at.toISOString() })),
              )}::jsonb) AS r(id text, q text, n int, at timestamptz)
              ON CONFLICT (id) DO NOTHING`);
          }
          if (cs.length) {
            await tx.execute(sql`
              INSERT INTO search_clicks (id, store_id, search_id, product_id, position, created_at)
              SELECT r.id, ${storeId}, r.s, r.p, r.pos, r.at FROM jsonb_to_recordset(${JSON.stringify(
                cs.map((c) => ({
                  id: newId('sclk'),
                  s: c.searchId,
                  p: c.productId,
                  pos: c.position,
                  at: c.at.toISOString(),
                })),
              )}::jsonb) AS r(id text, s text, p text, pos int, at timestamptz)`);
          }
        });
      } catch (err) {
        this.log.warn({ err, storeId }, 'search analytics batch not written');
      }
    }
  }
}

export interface SearchAnalytics {
  searches: number;
  clicks: number;
  click_through_rate: number;
  zero_result_rate: number;
  top_queries: {
    query: string;
    searches: number;
    avg_results: number;
    clicks: number;
    click_through_rate: number;
  }[];
  zero_result_queries: { query: string; searches: number; last_searched_at: string }[];
}

/** Top queries, zero-result queries and click-through over the last `days` days. */
export async function searchAnalytics(
  db: Db,
  opts: { storeId: string; days: number; limit: number },
): Promise<SearchAnalytics> {
  return withStore(db, opts.storeId, async (tx) => {
    const since = sql`now() - ${opts.days} * interval '1 day'`;
    const result = await tx.execute(sql`
      WITH qs AS (SELECT * FROM search_queries WHERE created_at >= ${since}),
      cs AS (SELECT * FROM search_clicks WHERE created_at >= ${since}),
      clicked AS (SELECT DISTINCT search_id FROM cs)
      SELECT
        (SELECT count(*) FROM qs) AS searches,
        (SELECT count(*) FROM cs) AS clicks,
        (SELECT count(*) FROM qs JOIN clicked ON clicked.search_id = qs.id) AS clicked_searches,
        (SELECT count(*) FROM qs WHERE result_count = 0) AS zero_searches,
        (SELECT coalesce(json_agg(t), '[]') FROM (
          SELECT qs.query_norm AS query, count(*)::int AS searches, round(avg(qs.result_count), 1)::float8 AS avg_results,
            count(clicked.search_id)::int AS clicked
          FROM qs LEFT JOIN clicked ON clicked.search_id = qs.id
          GROUP BY qs.query_norm ORDER BY count(*) DESC, qs.query_norm LIMIT ${opts.limit}) t) AS top,
        (SELECT coalesce(json_agg(z), '[]') FROM (
          SELECT query_norm AS query, count(*)::int AS searches, max(created_at) AS last_searched_at
          FROM qs WHERE result_count = 0
          GROUP BY query_norm ORDER BY count(*) DESC, query_norm LIMIT ${opts.limit}) z) AS zero
    `);
    const r = result.rows[0]!;
    const searches = Number(r.searches);
    const ratio = (a: number, b: number) => (b === 0 ? 0 : Math.round((a / b) * 10000) / 10000);
    return {
      searches,
      clicks: Number(r.clicks),
      click_through_rate: ratio(Number(r.clicked_searches), searches),
      zero_result_rate: ratio(Number(r.zero_searches), searches),
      top_queries: (r.top as { query: string; searches: number; avg_results: number; clicked: number }[]).map(
        (t) => ({
          query: t.query,
          searches: t.searches,
          avg_results: t.avg_results,
          clicks: t.clicked,
          click_through_rate: ratio(t.clicked, t.searches),
        }),
      ),
      zero_result_queries: (r.zero as { query: string; searches: number; last_searched_at: string }[]).map(
        (z) => ({
          ...z,
          last_searched_at: new Date(z.last_searched_at).toISOString(),
        }),
      ),
    };
  });
}
