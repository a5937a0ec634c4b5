import { z } from 'zod';
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

/**
 * Append a validated batch for `storeId` in one statement (one round trip, under the store's
 * row-level security); events already received (same id) are ignored. Times in the future (a
 * browser's clock ahead) count as now. Returns how many were new.
 */
export async function appendTrackerEvents(
  db: Db,
  storeId: string,
  events: readonly TrackerEvent[],
  now = Date.now(),
): Promise<{ accepted: number; duplicates: number }> {
  const rows = events.map((e) => {
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
  const [result] = await runInStore<{ n: number }>(
    db,
    storeId,
    `WITH ins AS (
       INSERT INTO recovery_tracker_events (store_id, id, type, anonymous_id, occurred_at, payload)
       SELECT $1, x.id, x.type, x.anonymous_id, x.occurred_at, x.payload
       FROM jsonb_to_recordset($2::jsonb) AS x(id text, type text, anonymous_id text, occurred_at timestamptz, payload jsonb)
       ON CONFLICT DO NOTHING
       RETURNING 1)
     SELECT count(*)::int AS n FROM ins`,
    [storeId, JSON.stringify(rows)],
  );
  const accepted = result?.n ?? 0;
  if (accepted > 0) void notifyCommitted(db, TRACKER_CHANNEL, [storeId]);
  return { accepted, duplicates: events.length - accepted };
}
