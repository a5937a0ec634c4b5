import { Counter, Gauge, Histogram } from 'prom-client';
import { metrics } from '../observability/metrics.ts';

/** Deliveries by consumer (`subscriber:<name>` or `webhook`) and outcome. */
export const eventDeliveriesTotal = new Counter({
  name: 'carton_event_deliveries_total',
  help: 'Event deliveries by consumer and outcome (delivered, retry, dead for subscribers; succeeded, failed for webhook attempts).',
  labelNames: ['consumer', 'outcome'] as const,
  registers: [metrics],
});

export const eventsDispatchedTotal = new Counter({
  name: 'carton_events_dispatched_total',
  help: 'Outbox events fanned out to their subscribers.',
  registers: [metrics],
});

export const webhookAttemptDuration = new Histogram({
  name: 'carton_webhook_attempt_duration_seconds',
  help: 'Duration of webhook HTTP attempts.',
  buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
  registers: [metrics],
});

export interface LagSample {
  /** Items not yet handled at this stage. */
  pending: number;
  /** Age in seconds of the oldest of them (0 when none). */
  oldestSeconds: number;
}

type LagSource = () => Promise<LagSample>;
const lagSources = new Map<string, LagSource>();

/**
 * Report the backlog of one stage of event delivery (`dispatch`, `subscribers`, `webhooks`)
 * on /metrics. Returns how to stop reporting it.
 */
export function registerLagSource(stage: string, source: LagSource): () => void {
  lagSources.set(stage, source);
  return () => {
    if (lagSources.get(stage) === source) lagSources.delete(stage);
  };
}

// Both gauges come from one set of queries per scrape.
let sampling: { at: number; result: Promise<Map<string, LagSample>> } | null = null;
function sampleLag(): Promise<Map<string, LagSample>> {
  if (sampling && Date.now() - sampling.at < 1000) return sampling.result;
  const result = (async () => {
    const out = new Map<string, LagSample>();
    for (const [stage, source] of lagSources) {
      try {
        out.set(stage, await source());
      } catch {
        // The database is unreachable; /ready says so. Leave this stage out of the scrape.
      }
    }
    return out;
  })();
  sampling = { at: Date.now(), result };
  return result;
}

new Gauge({
  name: 'carton_outbox_pending',
  help: 'Events not yet handled, per delivery stage (dispatch = not fanned out; subscribers; webhooks).',
  labelNames: ['stage'] as const,
  registers: [metrics],
  async collect() {
    this.reset();
    for (const [stage, s] of await sampleLag()) this.set({ stage }, s.pending);
  },
});

new Gauge({
  name: 'carton_outbox_oldest_pending_seconds',
  help: 'Age of the oldest event not yet handled, per delivery stage: the outbox lag.',
  labelNames: ['stage'] as const,
  registers: [metrics],
  async collect() {
    this.reset();
    for (const [stage, s] of await sampleLag()) this.set({ stage }, s.oldestSeconds);
  },
});
