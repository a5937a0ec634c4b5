import { z } from 'zod';
import { AppError } from '../../platform/errors.ts';
import { notifyCommitted, runInStore, type Db } from '../../platform/db/database.ts';
import { DEVICES } from './tracked-carts.ts';

/**
 * The tracker's batches, as `POST /ingest/v1/carts/track` accepts them. The request path does
 * the least it can: validate, then append the whole batch in ONE statement (idempotent per event
 * id), then wake the fold. Carts and contacts are updated asynchronously (`fold.ts`).
 */

export const TRACKER_CHANNEL = 'recovery_tracker';

const EventId = z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, '8–64 letters, digits, _ or -');
export const AnonymousId = z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, '8–64 letters, digits, _ or -');
const CartRef = z.string().trim().min(1).max(128);
const Currency = z.string().regex(/^[A-Za-z]{3}$/, 'an ISO 4217 code such as USD');
const Minor = z.number().int().min(0).max(100_000_000_000);
const Url = z.url({ protocol: /^https?$/ }).max(2000);
const Text = z.string().max(300);

const TrackerItem = z.strictObject({
  product_id: CartRef.optional(),
  variant_id: CartRef.optional(),
  sku: Text.optional(),
  title: Text.min(1),
  variant_title: Text.optional(),
  image_url: Url.optional(),
  url: Url.optional(),
  quantity: z.number().int().min(1).max(10_000),
  price: Minor.describe('Unit price, minor units'),
});

const common = {
  id: EventId.describe('Unique per event; a repeated id is recognised and ignored'),
  at: z.iso.datetime({ offset: true }).describe('When it happened in the browser (ISO 8601)'),
  anonymous_id: AnonymousId.describe("The visitor's anonymous id (first-party storage)"),
  device: z.enum(DEVICES).optional(),
};

export const TrackerEvent = z.discriminatedUnion('type', [
  z.strictObject({
    ...common,
    type: z.literal('identify'),
    email: z.string().max(320).optional(),
    phone: z.string().max(32).optional(),
    customer_id: CartRef.optional(),
  }),
  z.strictObject({
    ...common,
    type: z.literal('cart'),
    cart_id: CartRef.optional().describe("The cart's id (default: the snippet's own cart token)"),
    currency: Currency,
    value: Minor,
    items: z.array(TrackerItem).max(200),
    recovery_url: Url.optional(),
  }),
  z.strictObject({ ...common, type: z.literal('checkout_started'), cart_id: CartRef.optional() }),
  z.strictObject({
    ...common,
    type: z.literal('email_captured'),
    email: z.string().max(320),
    form: Text.optional(),
  }),
  z.strictObject({ ...common, type: z.literal('exit_intent'), cart_id: CartRef.optional() }),
  z.strictObject({
    ...common,
    type: z.literal('purchase'),
    order_id: CartRef,
    value: Minor,
    currency: Currency,
    cart_id: CartRef.optional(),
  }),
]);
export type TrackerEvent = z.infer<typeof TrackerEvent>;

export const TrackerBatch = z.strictObject({
  consent: z
    .boolean()
    .optional()
    .describe('The visitor consented to tracking (required when the store says so)'),
  events: z.array(TrackerEvent).min(1),
});
export type TrackerBatch = z.infer<typeof TrackerBatch>;

export const TrackerBatchAccepted = z.object({
  accepted: z.number().int().describe('Events appended now'),
  duplicates: z.number().int().describe('Events whose id was already received (ignored)'),
});

const OLDEST_MS = 30 * 86_400_000;

type EventRow = { id: string; type: string; anonymous_id: string; occurred_at: string; payload: object };
type Appended = { accepted: number; duplicates: number };

/**
 * Append a validated batch for `storeId` (under the store's row-level security); events already
 * received (same id) are ignored. Times in the future (a browser's clock ahead) count as now.
 * Returns how many were new. Resolves once the events are committed.
 *
 * Batches of one store that arrive while earlier ones are being written travel together: at most
 * `IN_FLIGHT` statements per store at a time, each carrying every batch that waited — one
 * statement, one commit and one WAL flush for many requests under load, and no wait when idle
 * (group commit, at the application's level; decision 0014).
 */
export async function appendTrackerEvents(
  db: Db,
  storeId: string,
  events: readonly TrackerEvent[],
  now = Date.now(),
): Promise<Appended> {
  if (!events.length) return { accepted: 0, duplicates: 0 };
  const rows = events.map((e): EventRow => {
    const { id, type, anonymous_id, at, ...payload } = e;
    const t = Math.min(Date.parse(at), now);
    return {
      id,
      type,
      anonymous_id,
      occurred_at: new Date(Math.max(t, now - OLDEST_MS)).toISOString(),
      payload,
    };
  });
  const json = JSON.stringify(rows);
  // PostgreSQL's jsonb holds no NUL character: refused here, so that it fails no one else's batch.
  if (/(?:^|[^\\])(?:\\\\)*\\u0000/.test(json)) {
    throw new AppError('VALIDATION_FAILED', 'Text in an event may not contain the NUL character.', {
      errors: [{ path: 'body.events', message: 'contains \\u0000' }],
    });
  }
  return new Promise<Appended>((resolve, reject) => {
    const queue = queueOf(db, storeId);
    queue.waiting.push({ rows, json, resolve, reject });
    drain(db, storeId, queue);
  });
}

/** Statements per store in flight at once; batches arriving meanwhile wait and go together. */
const IN_FLIGHT = 2;
/** Requests' batches per statement, at most (a statement of ≈ 64 × 10 events). */
const MAX_GROUP = 64;

interface Waiting {
  rows: EventRow[];
  /** `rows` as a JSON array. */
  json: string;
  resolve(result: Appended): void;
  reject(err: unknown): void;
}
interface StoreQueue {
  inFlight: number;
  waiting: Waiting[];
}
const queues = new WeakMap<Db, Map<string, StoreQueue>>();

function queueOf(db: Db, storeId: string): StoreQueue {
  let byStore = queues.get(db);
  if (!byStore) queues.set(db, (byStore = new Map()));
  let queue = byStore.get(storeId);
  if (!queue) byStore.set(storeId, (queue = { inFlight: 0, waiting: [] }));
  return queue;
}

function drain(db: Db, storeId: string, queue: StoreQueue): void {
  while (queue.inFlight < IN_FLIGHT && queue.waiting.length) {
    const group = queue.waiting.splice(0, MAX_GROUP);
    queue.inFlight++;
    void appendGroup(db, storeId, group).finally(() => {
      queue.inFlight--;
      if (!queue.inFlight && !queue.waiting.length) queues.get(db)?.delete(storeId);
      else drain(db, storeId, queue);
    });
  }
}

/** One statement for the group; if PostgreSQL refuses it, each batch again alone, so only its own fails. */
async function appendGroup(db: Db, storeId: string, group: Waiting[]): Promise<void> {
  let inserted: Set<string>;
  try {
    const json = group.length === 1 ? group[0]!.json : `[${group.map((g) => g.json.slice(1, -1)).join(',')}]`;
    inserted = await insertRows(db, storeId, json);
  } catch (err) {
    if (group.length === 1) return group[0]!.reject(err);
    await Promise.all(group.map((g) => appendGroup(db, storeId, [g])));
    return;
  }
  let any = false;
  for (const g of group) {
    // An id seen twice (in one batch, or a retry travelling with its original) counts once.
    let accepted = 0;
    for (const r of g.rows) if (inserted.delete(r.id)) accepted++;
    any ||= accepted > 0;
    g.resolve({ accepted, duplicates: g.rows.length - accepted });
  }
  if (any) void notifyCommitted(db, TRACKER_CHANNEL, [storeId]);
}

async function insertRows(db: Db, storeId: string, json: string): Promise<Set<string>> {
  const inserted = await runInStore<{ id: string }>(
    db,
    storeId,
    `INSERT INTO recovery_tracker_events (store_id, id, type, anonymous_id, occurred_at, payload)
     SELECT $1, x.id, x.type, x.anonymous_id, x.occurred_at, x.payload
     FROM jsonb_to_recordset($2::jsonb) AS x(id text, type text, anonymous_id text, occurred_at timestamptz, payload jsonb)
     ON CONFLICT DO NOTHING
     RETURNING id`,
    [storeId, json],
  );
  return new Set(inserted.map((r) => r.id));
}
