import { sql } from 'drizzle-orm';
import {
  hotStatement,
  hotStatementByText,
  notifyAfterCommit,
  notifyCommitted,
  sqlLiteral,
  type Db,
  type DbOrTx,
} from '../db/database.ts';
import { newId } from '../ids.ts';

/** The channel every emitted event is announced on (payload `<store_id>:<event_id>`), on commit. */
export const EVENTS_CHANNEL = 'carton_events';

/** `entity.verb_past`, lowercase with underscores: `order.placed`, `webhook_endpoint.disabled`. */
export const EVENT_TYPE_PATTERN = /^[a-z][a-z0-9_]*\.[a-z][a-z0-9_]*$/;

export type EventPayload = Record<string, unknown>;

/** An event as stored in the outbox and handed to every consumer. */
export interface OutboxEvent<P extends EventPayload = EventPayload> {
  id: string;
  storeId: string;
  type: string;
  aggregateType: string;
  aggregateId: string;
  /** 1, 2, 3… per (store, aggregate type, aggregate id), in commit order. */
  sequence: number;
  payload: P;
  occurredAt: Date;
}

export interface EmitEventInput<P extends EventPayload = EventPayload> {
  storeId: string;
  type: string;
  aggregateType: string;
  aggregateId: string;
  /** JSON-serialisable; never secrets. Personal data only when consumers need it. */
  payload: P;
}

/**
 * Record an event in the caller's transaction, so it commits (or rolls back) with the state
 * change it describes. Works inside `withStore` (the outbox is a tenant table under RLS).
 *
 * One statement (`carton_emit_event`, migration 0015, whose plan PostgreSQL caches per connection):
 * take the aggregate's next sequence (the upsert row-locks the aggregate until the transaction
 * ends, so sequence order is commit order) and insert the event. Transactions
 * that emit for several aggregates should touch them in a consistent order to avoid lock cycles.
 *
 * The wake-up NOTIFY on `carton_events` is sent AFTER commit, coalesced with other commits of
 * this process (`platform/db/notify.ts`, decision 0007), when `tx` is a `withStore` transaction;
 * otherwise (a savepoint, a transaction of another kind) it is queued inside the transaction as
 * before. Either way a rolled-back event is never announced.
 */
export async function emitEvent<P extends EventPayload>(
  tx: DbOrTx,
  input: EmitEventInput<P>,
): Promise<OutboxEvent<P>> {
  const { id, announcement, deferred } = newEvent(tx, input);
  const result = await tx.execute(sql`
    SELECT sequence, occurred_at${deferred ? sql`` : sql`, pg_notify(${EVENTS_CHANNEL}, ${announcement})`}
    FROM carton_emit_event(${id}, ${input.storeId}, ${input.type}, ${input.aggregateType}, ${input.aggregateId},
                           ${JSON.stringify(input.payload)}::jsonb)
  `);
  const row = result.rows[0] as { sequence: number; occurred_at: Date | string };
  return {
    id,
    storeId: input.storeId,
    type: input.type,
    aggregateType: input.aggregateType,
    aggregateId: input.aggregateId,
    sequence: row.sequence,
    payload: input.payload,
    occurredAt: new Date(row.occurred_at),
  };
}

/** A new event's id, checked: its announcement registered for after commit (`deferred`) when `tx` can. */
function newEvent(
  tx: DbOrTx,
  input: EmitEventInput,
): { id: string; announcement: string; deferred: boolean } {
  if (!EVENT_TYPE_PATTERN.test(input.type)) {
    throw new Error(`Event type "${input.type}" is not of the form entity.verb_past`);
  }
  if (!input.storeId || !input.aggregateType || !input.aggregateId) {
    throw new Error('An event needs a storeId, aggregateType and aggregateId');
  }
  const id = newId('evt');
  const announcement = `${input.storeId}:${id}`;
  return { id, announcement, deferred: announceAfterCommit(tx, announcement) };
}

/**
 * `emitEvent` as SQL text (literals inlined) for the caller to send with other statements in one
 * message (`transactionOpenedWith`'s `send` or `closeWith`), in the transaction `tx`. The
 * announcement is registered as `emitEvent` does it. Returns the statement and the event's id.
 */
export function emitEventText(tx: DbOrTx, input: EmitEventInput): { text: string; id: string } {
  return eventText(tx, input, null);
}

/**
 * `emitEventText` for an event whose payload takes values from rows the same message writes
 * first — an order's number, drawn from the store's counter with `COMMIT`: `completion.merge` is
 * a jsonb expression over the rows of `completion.from` (one FROM item, a subquery say), added
 * to the payload. Both are fixed texts that may name the event's own store as `$2` and its
 * aggregate's id as `$5`: the statement is prepared once per connection. Nothing is emitted when
 * `from` has no row.
 */
export function emitEventTextCompleted(
  tx: DbOrTx,
  input: EmitEventInput,
  completion: EventCompletion,
): { text: string; id: string } {
  return eventText(tx, input, completion);
}

export interface EventCompletion {
  from: string;
  merge: string;
}

// The common case (announced after commit, the payload as given): prepared once per connection.
const EMIT_TYPES = ['text', 'text', 'text', 'text', 'text', 'jsonb'];
const emitStatement = hotStatement(
  'emit_event',
  EMIT_TYPES,
  'SELECT sequence FROM carton_emit_event($1, $2, $3, $4, $5, $6)',
);

function completedStatement({ from, merge }: EventCompletion): (...params: unknown[]) => string {
  return hotStatementByText(
    'emit_event_completed',
    EMIT_TYPES,
    `SELECT sequence FROM ${from} CROSS JOIN LATERAL carton_emit_event($1, $2, $3, $4, $5, $6 || ${merge})`,
  );
}

function eventText(
  tx: DbOrTx,
  input: EmitEventInput,
  completion: EventCompletion | null,
): { text: string; id: string } {
  const { id, announcement, deferred } = newEvent(tx, input);
  const l = sqlLiteral;
  const payloadJson = JSON.stringify(input.payload);
  const values = [
    id,
    input.storeId,
    input.type,
    input.aggregateType,
    input.aggregateId,
    payloadJson,
  ] as const;
  if (deferred) {
    return { text: (completion ? completedStatement(completion) : emitStatement)(...values), id };
  }
  // Announced in the transaction itself: the NOTIFY goes in the same statement, literals inlined.
  const own = (text: string) => text.replace(/\$([25])\b/g, (_, n: string) => l(values[Number(n) - 1]));
  const payload = `${l(payloadJson)}::jsonb${completion ? ` || ${own(completion.merge)}` : ''}`;
  const text =
    `SELECT sequence, pg_notify(${l(EVENTS_CHANNEL)}, ${l(announcement)}) ` +
    `FROM ${completion ? `${own(completion.from)} CROSS JOIN LATERAL ` : ''}` +
    `carton_emit_event(${l(id)}, ${l(input.storeId)}, ${l(input.type)}, ${l(input.aggregateType)}, ` +
    `${l(input.aggregateId)}, ${payload})`;
  return { text, id };
}

/**
 * Announce events written by other means (e.g. a SQL function) on `carton_events` once `tx`
 * commits; `<store_id>:<event_id>` each. Returns false when `tx` cannot defer (see `afterCommit`).
 */
export function announceAfterCommit(tx: DbOrTx, ...announcements: string[]): boolean {
  return notifyAfterCommit(tx, EVENTS_CHANNEL, announcements);
}

/** Announce events that have already committed (written by `runInStore`, say): see `notifyCommitted`. */
export function announceCommitted(db: Db, announcements: readonly string[]): Promise<void> {
  return notifyCommitted(db, EVENTS_CHANNEL, announcements);
}

/**
 * Parse a `carton_events` payload: one or more `<store_id>:<event_id>`, comma-separated (several
 * commits are announced in one NOTIFY).
 */
export function parseEventAnnouncements(payload: string): { storeId: string; eventId: string }[] {
  const out: { storeId: string; eventId: string }[] = [];
  for (const part of payload.split(',')) {
    const [storeId, eventId] = part.split(':');
    if (storeId && eventId) out.push({ storeId, eventId });
  }
  return out;
}

/** Map a raw `events` row (snake_case, from `tx.execute`) to an OutboxEvent. */
export function eventFromRow(row: Record<string, unknown>): OutboxEvent {
  return {
    id: row.id as string,
    storeId: row.store_id as string,
    type: row.type as string,
    aggregateType: row.aggregate_type as string,
    aggregateId: row.aggregate_id as string,
    sequence: Number(row.sequence),
    payload: row.payload as EventPayload,
    occurredAt: new Date(row.occurred_at as string | Date),
  };
}
