import { and, asc, eq, isNull, sql } from 'drizzle-orm';
import type { Platform } from '../../platform/context.ts';
import { withStore, type Tx } from '../../platform/db/database.ts';
import { emitEvent } from '../../platform/events/outbox.ts';
import { newId } from '../../platform/ids.ts';
import { parsePayload } from './payloads.ts';
import { integrationInbox, type InboxRow } from './schema.ts';
import { ExternalCart, ExternalContact, ExternalPurchase } from './types.ts';

export type { ExternalCart, ExternalContact, ExternalPurchase } from './types.ts';

/**
 * The port to the Recover pillar: where every connection hands what it learnt, in neutral types.
 * These functions record each item in `integration_inbox`, in the caller's transaction — the
 * mapped, validated item, once per version — and emit its `external_*.received` event. The
 * recovery module's subscriber takes the item from that event (`handInboxItem`, in the delivery's
 * transaction, so once); `replayInbox` hands over whatever is still waiting (an item whose
 * delivery gave up, a store connected while recovery was down), oldest first.
 *
 * Each item is validated against its schema first (a mapping that yields anything else is a 422 at
 * `mapped.…`, nothing stored); then recorded once: a cart or contact per modification time, a
 * purchase once per order. An older state of a cart or contact than one already recorded is
 * `outdated` and dropped (late or out-of-order deliveries). Every recorded item emits its
 * `external_*.received` event (ids and amounts, no personal data).
 */

export interface HandOver {
  connectionId: string;
  /** The webhook delivery it came with; null for a polled item. */
  deliveryId: string | null;
  via: 'webhook' | 'poll';
}

export type PortOutcome = 'recorded' | 'duplicate' | 'outdated';

/** A cart or checkout as it now stands (create or update). */
export async function upsertTrackedCart(tx: Tx, cart: ExternalCart, from: HandOver): Promise<PortOutcome> {
  const c = parsePayload(ExternalCart, cart, 'mapped');
  return record(tx, from, {
    storeId: c.storeId,
    kind: 'cart',
    source: c.source,
    externalId: c.externalId,
    version: c.updatedAt,
    email: c.contact.email ?? null,
    occurredAt: c.updatedAt,
    payload: c,
    event: {
      type: 'external_cart.received',
      aggregateType: 'external_cart',
      payload: {
        externalId: c.externalId,
        currency: c.currency,
        value: c.value,
        itemCount: c.items.reduce((n, i) => n + i.quantity, 0),
        hasEmail: c.contact.email !== undefined,
        completed: c.completedAt !== undefined,
        updatedAt: c.updatedAt,
      },
    },
  });
}

/** An order placed on the platform: the purchase that ends the recovery of its cart. */
export async function recordPurchase(
  tx: Tx,
  purchase: ExternalPurchase,
  from: HandOver,
): Promise<PortOutcome> {
  const p = parsePayload(ExternalPurchase, purchase, 'mapped');
  return record(tx, from, {
    storeId: p.storeId,
    kind: 'purchase',
    source: p.source,
    externalId: p.externalOrderId,
    version: 'placed',
    email: p.email ?? null,
    occurredAt: p.placedAt,
    payload: p,
    event: {
      type: 'external_purchase.received',
      aggregateType: 'external_purchase',
      payload: {
        externalOrderId: p.externalOrderId,
        externalCartId: p.externalCartId ?? null,
        currency: p.currency,
        total: p.total,
        placedAt: p.placedAt,
      },
    },
  });
}

/** A customer record and its marketing consent, as the platform now holds them. */
export async function recordContact(tx: Tx, contact: ExternalContact, from: HandOver): Promise<PortOutcome> {
  const c = parsePayload(ExternalContact, contact, 'mapped');
  return record(tx, from, {
    storeId: c.storeId,
    kind: 'contact',
    source: c.source,
    externalId: c.externalCustomerId,
    version: c.updatedAt,
    email: c.email ?? null,
    occurredAt: c.updatedAt,
    payload: c,
    event: {
      type: 'external_contact.received',
      aggregateType: 'external_contact',
      payload: {
        externalCustomerId: c.externalCustomerId,
        consent: c.consent.map((s) => ({ channel: s.channel, status: s.status })),
        updatedAt: c.updatedAt,
      },
    },
  });
}

interface Item {
  storeId: string;
  kind: 'cart' | 'purchase' | 'contact';
  source: InboxRow['source'];
  externalId: string;
  version: string;
  email: string | null;
  occurredAt: string;
  payload: object;
  event: { type: string; aggregateType: string; payload: Record<string, unknown> };
}

async function record(tx: Tx, from: HandOver, item: Item): Promise<PortOutcome> {
  if (item.kind !== 'purchase') {
    // One item's versions are recorded one at a time, so "is there a newer one?" holds until commit.
    await tx.execute(
      sql`SELECT pg_advisory_xact_lock(hashtextextended(${`${from.connectionId}:${item.kind}:${item.externalId}`}, 0))`,
    );
    const { rows } = await tx.execute<{ newer: boolean }>(sql`
      SELECT true AS newer FROM integration_inbox
      WHERE connection_id = ${from.connectionId} AND kind = ${item.kind} AND external_id = ${item.externalId}
        AND occurred_at > ${item.occurredAt}
      LIMIT 1`);
    if (rows.length > 0) return 'outdated';
  }
  const id = newId('inbx');
  const inserted = await tx
    .insert(integrationInbox)
    .values({
      id,
      storeId: item.storeId,
      connectionId: from.connectionId,
      deliveryId: from.deliveryId,
      via: from.via,
      kind: item.kind,
      source: item.source,
      externalId: item.externalId,
      version: item.version,
      email: item.email?.toLowerCase() ?? null,
      occurredAt: new Date(item.occurredAt),
      payload: item.payload as Record<string, unknown>,
    })
    .onConflictDoNothing()
    .returning({ id: integrationInbox.id });
  if (inserted.length === 0) return 'duplicate';
  await emitEvent(tx, {
    storeId: item.storeId,
    type: item.event.type,
    aggregateType: item.event.aggregateType,
    aggregateId: `${from.connectionId}:${item.externalId}`,
    payload: {
      inboxId: id,
      connectionId: from.connectionId,
      source: item.source,
      ...item.event.payload,
      via: from.via,
    },
  });
  return 'recorded';
}

/** Where the recovery module takes each kind of item (same transaction as the hand-over mark). */
export interface RecoveryIntake {
  cart(tx: Tx, cart: ExternalCart): Promise<void>;
  purchase(tx: Tx, purchase: ExternalPurchase): Promise<void>;
  contact(tx: Tx, contact: ExternalContact): Promise<void>;
}

/**
 * Hand one recorded item to `intake` and mark it handed, in the caller's store-scoped
 * transaction. An item already handed (a redelivered event, a replay first) is left alone: false.
 */
export async function handInboxItem(tx: Tx, inboxId: string, intake: RecoveryIntake): Promise<boolean> {
  const [row] = await tx
    .select()
    .from(integrationInbox)
    .where(and(eq(integrationInbox.id, inboxId), isNull(integrationInbox.handedAt)))
    .for('update');
  if (!row) return false;
  await handOver(tx, row, intake);
  return true;
}

async function handOver(tx: Tx, row: InboxRow, intake: RecoveryIntake): Promise<void> {
  if (row.kind === 'cart') await intake.cart(tx, row.payload as ExternalCart);
  else if (row.kind === 'purchase') await intake.purchase(tx, row.payload as ExternalPurchase);
  else await intake.contact(tx, row.payload as ExternalContact);
  await tx
    .update(integrationInbox)
    .set({ handedAt: sql`now()` })
    .where(eq(integrationInbox.id, row.id));
}

/**
 * Hand a store's inbox backlog to recovery, oldest first (by when it happened): each item is
 * given to `intake` and marked handed in one transaction, so a replay stopped half-way resumes
 * where it stopped and hands nothing twice. Returns how many were handed.
 */
export async function replayInbox(
  platform: Platform,
  options: { storeId: string; intake: RecoveryIntake; limit?: number },
): Promise<{ handed: number }> {
  const { storeId, intake } = options;
  let handed = 0;
  for (let left = options.limit ?? Infinity; left > 0; left--) {
    const done = await withStore(platform.db, storeId, async (tx) => {
      const [row] = await tx
        .select()
        .from(integrationInbox)
        .where(and(eq(integrationInbox.storeId, storeId), isNull(integrationInbox.handedAt)))
        .orderBy(asc(integrationInbox.occurredAt), asc(integrationInbox.id))
        .limit(1)
        .for('update', { skipLocked: true });
      if (!row) return false;
      await handOver(tx, row, intake);
      return true;
    });
    if (!done) break;
    handed++;
  }
  return { handed };
}
