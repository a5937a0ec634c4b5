import { Counter } from 'prom-client';
import { metrics } from '../../platform/observability/metrics.ts';

const answersTotal = new Counter({
  name: 'carton_search_answers_total',
  help: 'Search and autocomplete answers by how they were made: cached, computed, or joined to a computation in flight.',
  labelNames: ['kind', 'source'] as const,
  registers: [metrics],
});

/** NOTIFY channel the `search.index` subscriber announces a store's index changes on (payload: store id). */
export const SEARCH_INDEX_CHANNEL = 'carton_search_index';

const MAX_ENTRIES = 20_000;

interface Entry<T> {
  value: T;
  /** When the computation that produced it started: it reflects the index as of then. */
  startedAt: number;
}

/**
 * Recent search and autocomplete answers of one API process, per store. Storefront traffic
 * repeats itself — the same few hundred queries and filter clicks make most searches — and a
 * faceted search over thousands of matches is the most expensive read Carton serves, so an
 * answer is computed once and reused until the store's index changes.
 *
 * Never stale past a change: the `search.index` subscriber NOTIFYs in the transaction that
 * rewrites documents, every API process notes the store's change time, and an answer computed
 * before it is a miss. Concurrent misses for one key share one computation (started after the
 * last change), so a burst of identical searches costs one query.
 */
export class SearchAnswerCache<T> {
  readonly #entries = new Map<string, Entry<T>>();
  readonly #inFlight = new Map<string, { startedAt: number; promise: Promise<T> }>();
  /** Store id → when this process last heard that its index changed. */
  readonly #changedAt = new Map<string, number>();
  /** Everything computed before this is stale (a missed-notification reset). */
  #clearedAt = 0;
  /** Bounds staleness should a change notification ever be missed (the listener also clears on reconnect). */
  readonly #ttlMs: number;
  readonly #counted: Record<'cached' | 'computed' | 'joined', { inc(): void }>;
  hits = 0;

  /** `kind` labels its metrics; `ttlMs` 0: no caching at all, every request computes its own answer. */
  constructor(kind: 'search' | 'autocomplete', ttlMs: number) {
    this.#ttlMs = ttlMs;
    this.#counted = {
      cached: answersTotal.labels(kind, 'cached'),
      computed: answersTotal.labels(kind, 'computed'),
      joined: answersTotal.labels(kind, 'joined'),
    };
  }

  /** The cached answer for `key`, or compute it (once, however many ask at the same time). */
  get(storeId: string, key: string, compute: () => Promise<T>): Promise<T> {
    if (this.#ttlMs === 0) {
      this.#counted.computed.inc();
      return compute();
    }
    const fullKey = `${storeId}|${key}`;
    const changedAt = Math.max(this.#changedAt.get(storeId) ?? 0, this.#clearedAt);
    const now = Date.now();
    const hit = this.#entries.get(fullKey);
    if (hit && hit.startedAt > changedAt && now - hit.startedAt < this.#ttlMs) {
      this.hits++;
      this.#counted.cached.inc();
      return Promise.resolve(hit.value);
    }
    const running = this.#inFlight.get(fullKey);
    if (running && running.startedAt > changedAt) {
      this.#counted.joined.inc();
      return running.promise;
    }
    this.#counted.computed.inc();

    // Strictly after any change noted in this same millisecond.
    const startedAt = Math.max(now, changedAt + 1);
    const promise = compute().then(
      (value) => {
        if (this.#inFlight.get(fullKey)?.promise === promise) this.#inFlight.delete(fullKey);
        this.#store(fullKey, { value, startedAt });
        return value;
      },
      (err: unknown) => {
        if (this.#inFlight.get(fullKey)?.promise === promise) this.#inFlight.delete(fullKey);
        throw err;
      },
    );
    this.#inFlight.set(fullKey, { startedAt, promise });
    return promise;
  }

  /** The store's index changed: answers computed before now are stale. */
  noteChange(storeId: string): void {
    this.#changedAt.set(storeId, Date.now());
    if (this.#changedAt.size > MAX_ENTRIES) this.clear();
  }

  /** Forget everything (e.g. after a reconnect, when change notifications may have been missed). */
  clear(): void {
    this.#clearedAt = Date.now();
    this.#entries.clear();
    this.#changedAt.clear();
  }

  #store(fullKey: string, entry: Entry<T>): void {
    // A slower, older computation must not replace a newer answer.
    const existing = this.#entries.get(fullKey);
    if (existing && existing.startedAt >= entry.startedAt) return;
    // Insertion order is age order: drop the oldest tenth when full.
    if (this.#entries.size >= MAX_ENTRIES) {
      let drop = MAX_ENTRIES / 10;
      for (const k of this.#entries.keys()) {
        this.#entries.delete(k);
        if (--drop === 0) break;
      }
    }
    this.#entries.delete(fullKey);
    this.#entries.set(fullKey, entry);
  }
}
