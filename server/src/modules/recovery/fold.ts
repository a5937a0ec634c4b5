import { sql } from 'drizzle-orm';
import type { Platform } from '../../platform/context.ts';
import { withStore, type Tx } from '../../platform/db/database.ts';
import { emailHash, normalizeEmail, normalizePhone, phoneHash, resolveContact } from './contacts.ts';
import { recordPurchaseInTx } from './purchases.ts';
import { readRecoverySettings } from './settings.ts';
import {
  attachContactToVisitorCarts,
  noteTrackedCartActivity,
  noteTrackerActivities,
  upsertTrackedCartInTx,
  upsertTrackerSnapshots,
  type Device,
  type TrackerSnapshot,
} from './tracked-carts.ts';

/**
 * The fold: tracker events appended by the ingest become visitors, contacts, tracked carts and
 * purchases, in a worker. A pass takes a store's oldest unfolded events, applies them in the order
 * they happened, and marks them folded — in one transaction, so an event is folded exactly once.
 * One worker folds a given store at a time (a transaction-scoped advisory lock; workers share the
 * stores), so a store's events apply in the order they were received. Folded events lose their e-mail and
 * phone (the contact keeps them, encrypted) and are deleted after the retention period.
 *
 * A cart snapshot never goes backwards besides (an older one never overwrites a newer). Cart snapshots — most of the
 * traffic — are applied in one statement per batch; the rest one by one, each in a savepoint so
 * that one bad event holds back no other.
 */

type StoredEvent = {
  id: string;
  type: string;
  anonymous_id: string;
  occurred_at: Date;
  payload: Record<string, unknown> & { device?: Device; cart_id?: string };
};

export interface FoldResult {
  folded: number;
  failed: number;
  /** More events are waiting. */
  more: boolean;
}

/** One pass over the backlog of every store (up to `limit` events per store). */
export async function foldTrackerEvents(
  platform: Platform,
  options: { limit?: number } = {},
): Promise<FoldResult> {
  const limit = options.limit ?? 500;
  // Per store, one probe of the unfolded-events index: a DISTINCT over the events themselves
  // would read the whole backlog on every pass.
  const { rows: stores } = await platform.db.execute<{ store_id: string }>(sql`
    SELECT s.id AS store_id FROM stores s
    WHERE EXISTS (SELECT 1 FROM recovery_tracker_events e WHERE e.store_id = s.id AND e.folded_at IS NULL)
    LIMIT 100`);
  const out: FoldResult = { folded: 0, failed: 0, more: false };
  for (const { store_id: storeId } of stores) {
    const r = await withStore(platform.db, storeId, (tx) => foldStoreBatch(tx, platform, storeId, limit));
    out.folded += r.folded;
    out.failed += r.failed;
    out.more ||= r.folded + r.failed >= limit;
  }
  return out;
}

/**
 * The advisory lock a store's fold pass holds for its transaction. Whoever else changes a store's
 * unfolded events or what the fold writes from them (GDPR erasure) takes it too, so the two never
 * interleave; the events themselves are not row-locked (that was a heap write per event).
 */
export const foldLockKey = (storeId: string): string => `recovery.fold:${storeId}`;

async function foldStoreBatch(
  tx: Tx,
  platform: Platform,
  storeId: string,
  limit: number,
): Promise<{ folded: number; failed: number }> {
  // One worker folds a store at a time (others take other stores, or wait for the next pass), so
  // a store's batches apply in the order received: an activity never overtakes its cart.
  const { rows: lock } = await tx.execute<{ ok: boolean }>(
    sql`SELECT pg_try_advisory_xact_lock(hashtext(${foldLockKey(storeId)})) AS ok`,
  );
  if (!lock[0]?.ok) return { folded: 0, failed: 0 };
  const { rows: events } = await tx.execute<StoredEvent>(sql`
    SELECT id, type, anonymous_id, occurred_at, payload FROM recovery_tracker_events
    WHERE store_id = ${storeId} AND folded_at IS NULL
    ORDER BY received_at, occurred_at, id
    LIMIT ${limit}`);
  if (!events.length) return { folded: 0, failed: 0 };
  events.sort((a, b) => +new Date(a.occurred_at) - +new Date(b.occurred_at) || (a.id < b.id ? -1 : 1));
  const settings = await readRecoverySettings(tx, storeId);
  const secret = platform.config.CARTON_SECRET;
  const delay = settings.abandonAfterMinutes;

  // Visitors first, one statement for the batch: last seen, device, and their contact.
  const visitors = new Map<string, { last: Date; device: Device | null }>();
  for (const e of events) {
    const v = visitors.get(e.anonymous_id);
    const at = new Date(e.occurred_at);
    if (!v) visitors.set(e.anonymous_id, { last: at, device: e.payload.device ?? null });
    else {
      if (at > v.last) v.last = at;
      v.device = e.payload.device ?? v.device;
    }
  }
  const { rows: known } = await tx.execute<{ anonymous_id: string; contact_id: string | null }>(sql`
    INSERT INTO recovery_visitors AS v (store_id, anonymous_id, device, first_seen_at, last_seen_at)
    SELECT ${storeId}, x.anonymous_id, x.device, x.last, x.last
    FROM jsonb_to_recordset(${JSON.stringify([...visitors].map(([anonymous_id, v]) => ({ anonymous_id, device: v.device, last: v.last })))}::jsonb)
      AS x(anonymous_id text, device text, last timestamptz)
    ON CONFLICT (store_id, anonymous_id) DO UPDATE SET
      last_seen_at = GREATEST(v.last_seen_at, EXCLUDED.last_seen_at), device = COALESCE(EXCLUDED.device, v.device)
    RETURNING anonymous_id, contact_id`);
  const contactOf = new Map(known.map((r) => [r.anonymous_id, r.contact_id]));

  // Three passes, each in the order things happened: who the visitors are (identify, e-mail
  // capture); the carts — the newest snapshot of each, all in one statement, except for visitors
  // who bought in this batch (their events keep their exact order); then activity and purchases.
  const purchasers = new Set(events.filter((e) => e.type === 'purchase').map((e) => e.anonymous_id));
  const identities = events.filter((e) => e.type === 'identify' || e.type === 'email_captured');
  const newest = new Map<string, StoredEvent>();
  for (const e of events) {
    if (e.type !== 'cart' || purchasers.has(e.anonymous_id)) continue;
    newest.set(cartKeyOf(e), e); // sorted by time: the last one wins
  }
  // Checkout starts and exit intents of visitors who did not buy: one entry per cart.
  const activity = new Map<
    string,
    { externalId: string; at: Date; checkoutAt: Date | null; exitAt: Date | null }
  >();
  const activityEvents: StoredEvent[] = [];
  for (const e of events) {
    if ((e.type !== 'checkout_started' && e.type !== 'exit_intent') || purchasers.has(e.anonymous_id))
      continue;
    activityEvents.push(e);
    const key = cartKeyOf(e);
    const at = new Date(e.occurred_at);
    const a = activity.get(key) ?? { externalId: key, at, checkoutAt: null, exitAt: null };
    if (at > a.at) a.at = at;
    if (e.type === 'checkout_started') a.checkoutAt ??= at;
    else a.exitAt = at;
    activity.set(key, a);
  }
  const rest = events.filter(
    (e) =>
      e.type !== 'identify' &&
      e.type !== 'email_captured' &&
      (e.type === 'purchase' || purchasers.has(e.anonymous_id)),
  );

  let failed = 0;
  const oneByOne = async (list: StoredEvent[]) => {
    for (const e of list) {
      try {
        // A savepoint per event: one that fails is rolled back alone and the batch goes on.
        await tx.transaction((sp) => applyEvent(sp, e));
      } catch (err) {
        failed++;
        // The event's id and type only: its payload may hold personal data.
        platform.log.warn(
          { err, storeId, eventId: e.id, type: e.type },
          'recovery: a tracker event could not be folded',
        );
      }
    }
  };
  await oneByOne(await unknownIdentities(tx, secret, storeId, identities));
  const snapshots = [...newest.values()];
  try {
    await tx.transaction((sp) =>
      upsertTrackerSnapshots(sp, {
        storeId,
        abandonAfterMinutes: delay,
        snapshots: snapshots.map((e) => snapshotOf(e, contactOf.get(e.anonymous_id) ?? null)),
      }),
    );
  } catch (err) {
    platform.log.warn({ err, storeId }, 'recovery: bulk cart fold failed; folding one by one');
    await oneByOne(snapshots);
  }
  try {
    await tx.transaction((sp) =>
      noteTrackerActivities(sp, { storeId, abandonAfterMinutes: delay, activities: [...activity.values()] }),
    );
  } catch (err) {
    platform.log.warn({ err, storeId }, 'recovery: bulk activity fold failed; folding one by one');
    await oneByOne(activityEvents);
  }
  await oneByOne(rest);
  await tx.execute(sql`
    UPDATE recovery_tracker_events SET folded_at = now(), payload = payload - 'email' - 'phone'
    WHERE store_id = ${storeId} AND id = ANY(${sql.param(events.map((e) => e.id))}::text[])`);
  return { folded: events.length - failed, failed };

  async function applyEvent(sp: Tx, e: StoredEvent): Promise<void> {
    const at = new Date(e.occurred_at);
    const p = e.payload;
    const cartId = (p.cart_id as string | undefined) ?? e.anonymous_id;
    switch (e.type) {
      case 'identify':
      case 'email_captured': {
        const contactId = await resolveContact(sp, secret, storeId, {
          email: p.email as string | undefined,
          phone: p.phone as string | undefined,
          customerId: p.customer_id as string | undefined,
        });
        if (!contactId) return;
        if (contactOf.get(e.anonymous_id) !== contactId) {
          await sp.execute(sql`
            UPDATE recovery_visitors SET contact_id = ${contactId}
            WHERE store_id = ${storeId} AND anonymous_id = ${e.anonymous_id}`);
          contactOf.set(e.anonymous_id, contactId);
        }
        await attachContactToVisitorCarts(sp, {
          storeId,
          anonymousId: e.anonymous_id,
          contactId,
          abandonAfterMinutes: delay,
        });
        return;
      }
      case 'cart': {
        const snap = snapshotOf(e, contactOf.get(e.anonymous_id) ?? null);
        await upsertTrackedCartInTx(
          sp,
          { secret, abandonAfterMinutes: delay, contactId: snap.contactId },
          {
            storeId,
            source: 'tracker',
            externalId: snap.externalId,
            currency: snap.currency,
            value: snap.value,
            items: snap.items.map((i) => ({
              productId: i.product_id,
              variantId: i.variant_id,
              sku: i.sku,
              title: i.title,
              variantTitle: i.variant_title,
              imageUrl: i.image_url,
              url: i.url,
              quantity: i.quantity,
              unitPrice: i.unit_price,
            })),
            anonymousId: e.anonymous_id,
            device: snap.device,
            recoveryUrl: snap.recoveryUrl,
            occurredAt: at,
          },
        );
        return;
      }
      case 'checkout_started':
      case 'exit_intent':
        await noteTrackedCartActivity(sp, {
          storeId,
          source: 'tracker',
          externalId: cartId,
          kind: e.type,
          at,
          abandonAfterMinutes: delay,
        });
        return;
      case 'purchase':
        await recordPurchaseInTx(
          sp,
          { secret, contactId: contactOf.get(e.anonymous_id) ?? null },
          {
            storeId,
            source: 'tracker',
            orderId: p.order_id as string,
            value: p.value as number,
            currency: p.currency as string,
            occurredAt: at,
            externalCartId: cartId,
            anonymousId: e.anonymous_id,
          },
        );
        return;
    }
  }
}

/**
 * The identities that may change something: a visitor who says again what their contact already
 * holds (the snippet repeats `identify` on every page) changes nothing, so one statement per
 * batch sets those aside instead of resolving each.
 */
async function unknownIdentities(
  tx: Tx,
  secret: string,
  storeId: string,
  identities: StoredEvent[],
): Promise<StoredEvent[]> {
  if (!identities.length) return identities;
  const visitors = [...new Set(identities.map((e) => e.anonymous_id))];
  const { rows } = await tx.execute<{
    anonymous_id: string;
    email_hash: string | null;
    phone_hash: string | null;
  }>(sql`
    SELECT v.anonymous_id, c.email_hash, c.phone_hash
    FROM recovery_visitors v JOIN recovery_contacts c ON c.id = v.contact_id
    WHERE v.store_id = ${storeId} AND v.anonymous_id = ANY(${sql.param(visitors)}::text[]) AND c.erased_at IS NULL`);
  const known = new Map(rows.map((r) => [r.anonymous_id, r]));
  return identities.filter((e) => {
    const k = known.get(e.anonymous_id);
    if (!k || e.payload.customer_id) return true;
    const email = normalizeEmail(e.payload.email as string | undefined);
    const phone = normalizePhone(e.payload.phone as string | undefined);
    if (!email && !phone) return true;
    const sameEmail = !email || emailHash(secret, storeId, email) === k.email_hash;
    const samePhone = !phone || phoneHash(secret, storeId, phone) === k.phone_hash;
    return !(sameEmail && samePhone);
  });
}

const cartKeyOf = (e: StoredEvent) => (e.payload.cart_id as string | undefined) ?? e.anonymous_id;

/** A `cart` event as a snapshot of the snippet's cart. */
function snapshotOf(e: StoredEvent, contactId: string | null): TrackerSnapshot {
  const p = e.payload;
  return {
    externalId: cartKeyOf(e),
    anonymousId: e.anonymous_id,
    contactId,
    currency: p.currency as string,
    value: p.value as number,
    items: (p.items as Record<string, unknown>[]).map((i) => ({
      product_id: (i.product_id as string | undefined) ?? null,
      variant_id: (i.variant_id as string | undefined) ?? null,
      sku: (i.sku as string | undefined) ?? null,
      title: i.title as string,
      variant_title: (i.variant_title as string | undefined) ?? null,
      image_url: (i.image_url as string | undefined) ?? null,
      url: (i.url as string | undefined) ?? null,
      quantity: i.quantity as number,
      unit_price: i.price as number,
    })),
    device: p.device ?? null,
    recoveryUrl: (p.recovery_url as string | undefined) ?? null,
    at: new Date(e.occurred_at),
  };
}

/** Delete folded events older than the retention period (duplicates within it stay recognised). */
export async function pruneFoldedTrackerEvents(platform: Platform): Promise<number> {
  const days = platform.config.RECOVERY_EVENTS_KEEP_DAYS;
  const { rowCount } = await platform.db.execute(sql`
    DELETE FROM recovery_tracker_events
    WHERE folded_at IS NOT NULL AND received_at < now() - make_interval(days => ${days})`);
  return rowCount ?? 0;
}
