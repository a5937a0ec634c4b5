import type pg from 'pg';
import { collectDefaultMetrics, Gauge, Registry } from 'prom-client';

/** The one Prometheus registry served at /metrics; modules register their own metrics on it. */
export const metrics = new Registry();

// Node process metrics: CPU, memory, heap, event-loop lag, GC, handles (process_*, nodejs_*).
collectDefaultMetrics({ register: metrics });

/** One series of the request histogram: counts per bucket (not cumulative), sum and count. */
interface HttpSeries {
  labels: { method: string; route: string; status_code: string };
  counts: Float64Array;
  sum: number;
  count: number;
}

const HTTP_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/**
 * `carton_http_request_duration_seconds`, a Prometheus histogram kept by hand: prom-client's
 * Histogram validates and hashes the labels on every observation, which showed up on every
 * request. Series are found by route, method and status through nested maps of strings the
 * request already holds, and the exposition (cumulative buckets) is built only at scrape time.
 */
class HttpRequestHistogram {
  readonly name = 'carton_http_request_duration_seconds';
  readonly help = 'HTTP requests by method, route pattern and status code: rate, errors (5xx) and latency.';
  readonly type = 'histogram';
  readonly aggregator = 'sum';
  private readonly byRoute = new Map<string, Map<string, Map<number, HttpSeries>>>();

  observe(method: string, route: string, statusCode: number, seconds: number): void {
    let byMethod = this.byRoute.get(route);
    if (!byMethod) this.byRoute.set(route, (byMethod = new Map()));
    let byStatus = byMethod.get(method);
    if (!byStatus) byMethod.set(method, (byStatus = new Map()));
    let series = byStatus.get(statusCode);
    if (!series) {
      series = {
        labels: { method, route, status_code: String(statusCode) },
        counts: new Float64Array(HTTP_BUCKETS.length + 1),
        sum: 0,
        count: 0,
      };
      byStatus.set(statusCode, series);
    }
    let b = 0;
    while (b < HTTP_BUCKETS.length && seconds > HTTP_BUCKETS[b]!) b++;
    series.counts[b]! += 1;
    series.sum += seconds;
    series.count += 1;
  }

  /** prom-client's metric interface: what the registry renders. */
  get() {
    const values: { metricName: string; labels: Record<string, string | number>; value: number }[] = [];
    for (const byMethod of this.byRoute.values()) {
      for (const byStatus of byMethod.values()) {
        for (const s of byStatus.values()) {
          let cumulative = 0;
          HTTP_BUCKETS.forEach((le, i) => {
            cumulative += s.counts[i]!;
            values.push({
              metricName: `${this.name}_bucket`,
              labels: { le, ...s.labels },
              value: cumulative,
            });
          });
          values.push({
            metricName: `${this.name}_bucket`,
            labels: { le: '+Inf', ...s.labels },
            value: s.count,
          });
          values.push({ metricName: `${this.name}_sum`, labels: s.labels, value: s.sum });
          values.push({ metricName: `${this.name}_count`, labels: s.labels, value: s.count });
        }
      }
    }
    return { name: this.name, help: this.help, type: this.type, aggregator: this.aggregator, values };
  }

  reset(): void {
    this.byRoute.clear();
  }
}

const httpDuration = new HttpRequestHistogram();
metrics.registerMetric(httpDuration as unknown as Parameters<Registry['registerMetric']>[0]);

/**
 * Count one finished request. `route` is the route pattern (`/admin/v1/orders/:id`), never the
 * raw URL, so the number of series stays bounded.
 */
export function observeHttpRequest(method: string, route: string, statusCode: number, seconds: number): void {
  httpDuration.observe(method, route, statusCode, seconds);
}

/** Connection pools reported as carton_db_pool_*{pool}; read at scrape time. */
const pools = new Map<string, pg.Pool>();

function poolGauge(name: string, help: string, read: (p: pg.Pool) => number) {
  return new Gauge({
    name,
    help,
    labelNames: ['pool'] as const,
    registers: [metrics],
    collect() {
      this.reset();
      for (const [label, pool] of pools) this.set({ pool: label }, read(pool));
    },
  });
}
poolGauge('carton_db_pool_connections', 'Open connections of the pool.', (p) => p.totalCount);
poolGauge('carton_db_pool_idle_connections', 'Open connections not in use.', (p) => p.idleCount);
poolGauge('carton_db_pool_waiting_requests', 'Queries waiting for a free connection.', (p) => p.waitingCount);

/** Report a pool's size at /metrics until the returned function is called. */
export function observePool(label: string, pool: pg.Pool): () => void {
  pools.set(label, pool);
  return () => {
    if (pools.get(label) === pool) pools.delete(label);
  };
}

/** Where queue depth is read from at scrape time (the database of the latest API in this process). */
let queueSource: pg.Pool | null = null;

const QUEUE_DEPTH_SQL = `
  SELECT queue_name, status, count(*)::int AS n
    FROM dbos.workflow_status
   WHERE status IN ('ENQUEUED', 'PENDING') AND queue_name IS NOT NULL
   GROUP BY queue_name, status`;

const queueDepth = new Gauge({
  name: 'carton_workflow_queue_depth',
  help: 'Workflows waiting on each queue (ENQUEUED), across all workers.',
  labelNames: ['queue'] as const,
  registers: [metrics],
});
const queueActive = new Gauge({
  name: 'carton_workflow_queue_active',
  help: 'Workflows of each queue running now (PENDING), across all workers.',
  labelNames: ['queue'] as const,
  registers: [metrics],
});
// One query fills both gauges; it runs when the first of them is collected.
let pendingQueueRead: Promise<void> | null = null;
async function readQueues(): Promise<void> {
  const pool = queueSource;
  queueDepth.reset();
  queueActive.reset();
  if (!pool) return;
  const client = await pool.connect();
  try {
    await client.query(`SET statement_timeout = 2000`);
    const { rows } = await client.query<{ queue_name: string; status: string; n: number }>(QUEUE_DEPTH_SQL);
    for (const r of rows)
      (r.status === 'ENQUEUED' ? queueDepth : queueActive).set({ queue: r.queue_name }, r.n);
  } finally {
    await client.query(`RESET statement_timeout`).catch(() => {});
    client.release();
  }
}

const scrapeErrors = new Gauge({
  name: 'carton_metrics_collect_failed',
  help: '1 when the last scrape could not read the workflow queues (database unreachable).',
  registers: [metrics],
});

/** Read the workflow queues from this pool at scrape time (until the returned function is called). */
export function observeWorkflowQueues(pool: pg.Pool): () => void {
  queueSource = pool;
  return () => {
    if (queueSource === pool) queueSource = null;
  };
}

/** The /metrics body. Database-backed gauges are refreshed first; a failed read never fails the scrape. */
export async function renderMetrics(): Promise<string> {
  pendingQueueRead ??= withTimeout(readQueues(), 3000)
    .then(() => scrapeErrors.set(0))
    .catch(() => scrapeErrors.set(1))
    .finally(() => (pendingQueueRead = null));
  await pendingQueueRead;
  return metrics.metrics();
}

/** `work`, or a rejection once `ms` have passed (the work itself carries on and is ignored). */
export function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  work.catch(() => {}); // a late failure after the timeout is not unhandled
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}
