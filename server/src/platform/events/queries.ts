import { and, asc, desc, eq, gt, inArray, like, lt, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { withStore, type Db } from '../db/database.ts';
import { decodeCursor, PageQuery, toPage, type Page } from '../http/pagination.ts';
import type { OutboxEvent } from './outbox.ts';
import { events } from './schema.ts';

/** An event as the API shows it (the store is implied by who asks). */
export const EventView = z.object({
  id: z.string(),
  type: z.string(),
  aggregate_type: z.string(),
  aggregate_id: z.string(),
  sequence: z.number().int(),
  occurred_at: z.string(),
  data: z.record(z.string(), z.unknown()),
});
export type EventView = z.infer<typeof EventView>;

export function eventView(e: OutboxEvent): EventView {
  return {
    id: e.id,
    type: e.type,
    aggregate_type: e.aggregateType,
    aggregate_id: e.aggregateId,
    sequence: e.sequence,
    occurred_at: e.occurredAt.toISOString(),
    data: e.payload,
  };
}

const EventTypeFilter = z
  .string()
  .regex(/^(\*|[a-z][a-z0-9_]*\.(\*|[a-z][a-z0-9_]*))$/, 'an event type such as order.placed, or order.*');
const EventId = z.string().regex(/^evt_[0-9A-HJKMNP-TV-Z]{26}$/, 'an event id (evt_…)');

export const EventListQuery = PageQuery.extend({
  type: EventTypeFilter.optional(),
  aggregate_type: z.string().min(1).max(100).optional(),
  aggregate_id: z.string().min(1).max(200).optional(),
  /** Only events after this one: catching up after a live-feed disconnect (with order=asc). */
  after: EventId.optional(),
  order: z.enum(['asc', 'desc']).default('desc'),
});
export type EventListQuery = z.infer<typeof EventListQuery>;

function toOutboxEvent(row: typeof events.$inferSelect): OutboxEvent {
  return {
    id: row.id,
    storeId: row.storeId,
    type: row.type,
    aggregateType: row.aggregateType,
    aggregateId: row.aggregateId,
    sequence: row.sequence,
    payload: row.payload,
    occurredAt: row.occurredAt,
  };
}

/** A store's events, newest first by default, with keyset pagination on the (time-sortable) id. */
export async function listEvents(
  db: Db,
  options: { storeId: string; query: EventListQuery },
): Promise<Page<OutboxEvent>> {
  const { storeId, query } = options;
  const cursor = decodeCursor<{ id: string }>(query.cursor);
  const ascending = query.order === 'asc';
  const where: SQL[] = [eq(events.storeId, storeId)];
  if (query.type && query.type !== '*') {
    where.push(
      query.type.endsWith('.*')
        ? like(events.type, `${query.type.slice(0, -1)}%`)
        : eq(events.type, query.type),
    );
  }
  if (query.aggregate_type) where.push(eq(events.aggregateType, query.aggregate_type));
  if (query.aggregate_id) where.push(eq(events.aggregateId, query.aggregate_id));
  if (query.after) where.push(gt(events.id, query.after));
  if (cursor) where.push(ascending ? gt(events.id, String(cursor.id)) : lt(events.id, String(cursor.id)));
  const rows = await withStore(db, storeId, (tx) =>
    tx
      .select()
      .from(events)
      .where(and(...where))
      .orderBy(ascending ? asc(events.id) : desc(events.id))
      .limit(query.limit + 1),
  );
  return toPage(rows.map(toOutboxEvent), query.limit, (e) => ({ id: e.id }));
}

/** Some of one store's events by id (the live feed, after a NOTIFY). */
export async function getEventsById(db: Db, storeId: string, ids: readonly string[]): Promise<OutboxEvent[]> {
  if (ids.length === 0) return [];
  const rows = await withStore(db, storeId, (tx) =>
    tx
      .select()
      .from(events)
      .where(and(eq(events.storeId, storeId), inArray(events.id, [...ids]))),
  );
  return rows.map(toOutboxEvent);
}
