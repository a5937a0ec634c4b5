/**
 * autocannon driving a rotating list of request paths, with every response time kept so that
 * exact percentiles (p95 included, which autocannon's summary lacks) can be reported. Used by
 * bench/search.ts and bench/product-detail.ts.
 */
import autocannon from 'autocannon';
import { cpuMs, round } from './lib.ts';

interface Instance {
  on(event: 'response', fn: (client: unknown, status: number, bytes: number, ms: number) => void): void;
}
interface RotatingOptions {
  url: string;
  connections: number;
  duration: number;
  headers?: Record<string, string>;
  requests?: { method: string; path: string }[];
  setupClient?: (client: { setRequests(requests: { method: string; path: string }[]): void }) => void;
}
type Callback = (
  err: Error | null,
  result: { non2xx: number; errors: number; timeouts: number; duration: number },
) => void;
const run = autocannon as unknown as (opts: RotatingOptions, cb: Callback) => Instance;

export interface LoadRun {
  requestsPerSec: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  maxMs: number;
  requests: number;
  non2xx: number;
  errors: number;
  /** CPU of the server process per request (µs), when its pid was given. */
  cpuUsPerRequest: number | null;
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

export async function load(opts: {
  base: string;
  paths: string[];
  headers?: Record<string, string>;
  connections: number;
  seconds: number;
  pid?: number;
}): Promise<LoadRun> {
  const times: number[] = [];
  let clients = 0;
  const cpu0 = opts.pid ? cpuMs(opts.pid) : null;
  const result = await new Promise<Parameters<Callback>[1]>((resolve, reject) => {
    const instance = run(
      {
        url: opts.base,
        connections: opts.connections,
        duration: opts.seconds,
        headers: opts.headers,
        requests: opts.paths.map((path) => ({ method: 'GET', path })),
        // Each connection starts at its own place in the list, as shoppers do: without this all
        // connections would ask for the same path at the same moment.
        setupClient: (client) => {
          const start = Math.floor((clients++ * opts.paths.length) / opts.connections) % opts.paths.length;
          const rotated = [...opts.paths.slice(start), ...opts.paths.slice(0, start)];
          client.setRequests(rotated.map((path) => ({ method: 'GET', path })));
        },
      },
      (err, res) => (err ? reject(err) : resolve(res)),
    );
    instance.on('response', (_client, _status, _bytes, ms) => times.push(ms));
  });
  const cpu1 = opts.pid ? cpuMs(opts.pid) : null;
  times.sort((a, b) => a - b);
  return {
    requestsPerSec: round(times.length / result.duration, 0),
    p50Ms: round(percentile(times, 50), 2),
    p95Ms: round(percentile(times, 95), 2),
    p99Ms: round(percentile(times, 99), 2),
    maxMs: round(times.at(-1) ?? 0, 2),
    requests: times.length,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
    cpuUsPerRequest:
      cpu0 && cpu1 && times.length
        ? round((1000 * (cpu1.user - cpu0.user + cpu1.system - cpu0.system)) / times.length, 0)
        : null,
  };
}
