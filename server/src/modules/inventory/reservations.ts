import { sql } from 'drizzle-orm';
import { z } from 'zod';
import {
  runInStore,
  sqlLiteral,
  withStore,
  withStoreSnapshot,
  type Db,
  type Tx,
} from '../../platform/db/database.ts';
import { sentAheadRows, writeAhead, type ReadAhead } from '../../platform/db/read-ahead.ts';
import { AppError } from '../../platform/errors.ts';
import {
  announceAfterCommit,
  announceCommitted,
  emitEvent,
  EVENTS_CHANNEL,
} from '../../platform/events/outbox.ts';
import { decodeCursor, PageQuery, toPage, type Page } from '../../platform/http/pagination.ts';
import { newId } from '../../platform/ids.ts';
import { parseInput } from '../../platform/validation.ts';
import { nextReservationStatus, type ReservationStatus } from './reservation-states.ts';
import { readVariantsForStock } from './catalog-port.ts';
import {
  assertVariantsKnown,
  audit,
  lockLevel,
  requireLocations,
  requireVariants,
  trackLowStock,
  type Actor,
  type LevelRow,
} from './shared.ts';
import { iso, isoOf, type ReservationView } from './views.ts';

export const DEFAULT_RESERVATION_TTL_S = 15 * 60;
export const MAX_RESERVATION_TTL_S = 7 * 24 * 60 * 60;

const Id = z.string().min(1).max(64);

export const ReservationInput = z.strictObject({
  key: z
    .string()
    .min(1)
    .max(200)
    .regex(/^[\x21-\x7e]+$/, 'printable ASCII without spaces')
    .optional()
    .describe('Idempotency: the same key returns the same reservation instead of reserving again'),
  owner_ref: z.string().min(1).max(100).describe('What holds the stock, e.g. `cart_…` or `chk_…`'),
  expires_in_seconds: z.number().int().min(1).max(MAX_RESERVATION_TTL_S).default(DEFAULT_RESERVATION_TTL_S),
  lines: z
    .array(
      z.strictObject({
        variant_id: Id,
        quantity: z.number().int('must be a whole number').positive('must be greater than 0').max(1_000_000),
        location_id: Id.optional().describe('Reserve at this location only; otherwise by location priority'),
      }),
    )
    .min(1)
    .max(100),
});
export type ReservationInput = z.input<typeof ReservationInput>;

export const ReservationListQuery = PageQuery.extend({
  status: z.enum(['active', 'released', 'committed', 'expired']).optional(),
  owner_ref: z.string().min(1).max(100).optional(),
});

interface ReservationRow {
  [column: string]: unknown;
  id: string;
  store_id: string;
  key: string;
  owner_ref: string;
  status: ReservationStatus;
  expires_at: Date | string;
  order_ref: string | null;
  released_at: Date | string | null;
  committed_at: Date | string | null;
  created_at: Date | string;
  updated_at: Date | string;
}

interface LineRow {
  [column: string]: unknown;
  reservation_id: string;
  level_id: string;
  variant_id: string;
  location_id: string;
  quantity: number;
}

const view = (r: ReservationRow, lines: LineRow[]): ReservationView => ({
  id: r.id,
  key: r.key,
  owner_ref: r.owner_ref,
  status: r.status,
  expires_at: isoOf(r.expires_at),
  order_ref: r.order_ref,
  lines: lines.map((l) => ({ variant_id: l.variant_id, location_id: l.location_id, quantity: l.quantity })),
  created_at: isoOf(r.created_at),
  updated_at: isoOf(r.updated_at),
  released_at: iso(r.released_at),
  committed_at: iso(r.committed_at),
});

async function linesOf(tx: Tx, reservationIds: string[]): Promise<LineRow[]> {
  if (!reservationIds.length) return [];
  const { rows } = await tx.execute<LineRow>(sql`
    SELECT reservation_id, level_id, variant_id, location_id, quantity FROM inventory_reservation_lines
    WHERE reservation_id = ANY(${sql.param(reservationIds)}::text[]) ORDER BY variant_id, location_id`);
  return rows;
}

/** What a request asks for, comparable across retries: variant (and location) → quantity. */
function askedFor(lines: { variant_id: string; location_id?: string | undefined; quantity: number }[]) {
  const m = new Map<string, number>();
  for (const l of lines) {
    const k = `${l.variant_id}@${l.location_id ?? ''}`;
    m.set(k, (m.get(k) ?? 0) + l.quantity);
  }
  return m;
}

const eventLines = (lines: LineRow[]) =>
  lines.map((l) => ({ variantId: l.variant_id, locationId: l.location_id, quantity: l.quantity }));

/**
 * Reserve stock for a cart or checkout, all lines or nothing. Each line draws from the location
 * asked for, or else from active locations in priority order (splitting across them when one
 * does not hold enough). A variant whose backorder policy is `allow` may reserve beyond what is
 * available; otherwise a short line is 409 INSUFFICIENT_STOCK and nothing is held.
 *
 * Concurrency: the levels a reservation draws from are row-locked (in variant, location order)
 * before their quantities are read, so concurrent buyers queue on the row and each sees what
 * the previous one left — stock is never oversold. Idempotent by `key`: a retry (even concurrent)
 * returns the reservation made first (`created: false`); the same key for different lines is 409.
 */
export async function reserveStock(
  db: Db,
  options: { storeId: string; input: ReservationInput; actor?: Actor },
): Promise<{ reservation: ReservationView; created: boolean }> {
  const input = parseInput(ReservationInput, options.input);
  const { storeId } = options;
  const key = input.key ?? newId('reskey');
  const id = newId('res');
  const fast = await reserveInDatabase(db, { storeId, key, id, input, actor: options.actor });
  if (fast) return fast;
  return reserveWithBackorders(db, { storeId, key, id, input, actor: options.actor });
}

/** What `inventory_reserve` (migration 0015) answers. */
interface ReserveAnswer {
  created: boolean;
  reservation: ReservationRow;
  lines: LineRow[];
  events?: string[];
}

/**
 * The common case in one round trip: `inventory_reserve` (PL/pgSQL, plans cached per connection)
 * claims the key, locks the levels, allocates by location priority, writes the lines, raises
 * `reserved`, tracks low stock and writes the events — as the caller, under row-level security.
 * Without an actor to audit, the scope and the call go as one message (`runInStore`: one implicit
 * transaction); with one, in a `withStore` transaction that also writes the audit entry.
 *
 * Returns null when a line cannot be met from stock but every short variant allows backorders:
 * nothing was written, and the caller takes the backorder path.
 */
async function reserveInDatabase(
  db: Db,
  o: { storeId: string; key: string; id: string; input: z.output<typeof ReservationInput>; actor: Actor },
): Promise<{ reservation: ReservationView; created: boolean } | null> {
  const { storeId, input } = o;
  const args = JSON.stringify({
    id: o.id,
    store_id: storeId,
    key: o.key,
    owner_ref: input.owner_ref,
    expires_in_seconds: input.expires_in_seconds,
    event_id: newId('evt'),
    lines: input.lines,
  });
  try {
    if (!o.actor) {
      const [row] = await runInStore<{ r: ReserveAnswer }>(
        db,
        storeId,
        'SELECT inventory_reserve($1::jsonb) AS r',
        [args],
      );
      const answer = row!.r;
      if (!answer.created)
        return {
          reservation: sameRequestOrConflict(answer.reservation, answer.lines, o.key, input),
          created: false,
        };
      const result = view(answer.reservation, answer.lines);
      await announceCommitted(
        db,
        answer.events!.map((e) => `${storeId}:${e}`),
      );
      return { reservation: result, created: true };
    }
    return await withStore(db, storeId, async (tx) => {
      const { rows } = await tx.execute<{ r: ReserveAnswer }>(
        sql`SELECT inventory_reserve(${args}::jsonb) AS r`,
      );
      const a = rows[0]!.r;
      if (!a.created)
        return { reservation: sameRequestOrConflict(a.reservation, a.lines, o.key, input), created: false };
      const after = view(a.reservation, a.lines);
      const deferred = announceAfterCommit(tx, ...a.events!.map((e) => `${storeId}:${e}`));
      if (!deferred) {
        // Not a pooled transaction: announce inside it, delivered on commit.
        for (const e of a.events!)
          await tx.execute(sql`SELECT pg_notify(${EVENTS_CHANNEL}, ${`${storeId}:${e}`})`);
      }
      await audit(tx, o.actor, {
        storeId,
        action: 'reservation.created',
        entityType: 'reservation',
        entityId: o.id,
        after,
      });
      return { reservation: after, created: true };
    });
  } catch (err) {
    const refusal = refusalOf(err);
    if (!refusal) throw err;
    return refuse(db, storeId, input, refusal);
  }
}

interface Refusal {
  code: 'NOT_FOUND' | 'CONFLICT' | 'UNMET';
  items: { i: number; location_id?: string; short?: number }[];
}

/** `inventory_reserve` refuses with SQLSTATE CRTN1, the reason as message and JSON detail. */
function refusalOf(err: unknown): Refusal | null {
  // drizzle wraps the driver's error (`cause`); runInStore hands it over as is.
  const wrapped = err as { cause?: unknown };
  const e = (wrapped?.cause ?? err) as { code?: string; message?: string; detail?: string };
  if (e?.code !== 'CRTN1' || !e.detail) return null;
  return { code: e.message as Refusal['code'], items: JSON.parse(e.detail) as Refusal['items'] };
}

async function refuse(
  db: Db,
  storeId: string,
  input: z.output<typeof ReservationInput>,
  refusal: Refusal,
): Promise<null> {
  const path = (i: number) => `body.lines.${i}.location_id`;
  if (refusal.code === 'NOT_FOUND') {
    throw new AppError(
      'NOT_FOUND',
      `Stock location ${refusal.items[0]!.location_id} does not exist in this store.`,
      {
        errors: refusal.items.map((x) => ({
          path: path(x.i),
          message: `stock location ${x.location_id} does not exist`,
        })),
      },
    );
  }
  if (refusal.code === 'CONFLICT') {
    throw new AppError('CONFLICT', `Stock location ${refusal.items[0]!.location_id} is inactive.`, {
      errors: refusal.items.map((x) => ({ path: path(x.i), message: 'stock location is inactive' })),
    });
  }
  // Lines short of stock: are their variants known here, and may they be backordered?
  const unmet = refusal.items.map((x) => ({ i: x.i, line: input.lines[x.i]!, short: x.short! }));
  // One round trip: the refusal path is as hot as the reservation itself when stock runs out.
  const asked = unmet.map((u) => u.line.variant_id);
  const variants = assertVariantsKnown(
    await readVariantsForStock(db, storeId, asked),
    asked,
    (j) => `body.lines.${unmet[j]!.i}.variant_id`,
  );
  const short = unmet.filter((u) => variants.get(u.line.variant_id)!.backorderPolicy !== 'allow');
  if (short.length) {
    throw new AppError('INSUFFICIENT_STOCK', 'Not enough stock to reserve every line.', {
      errors: short.map((u) => ({
        path: `body.lines.${u.i}.quantity`,
        message: `only ${u.line.quantity - u.short} available`,
      })),
    });
  }
  return null;
}

/**
 * The general path, in TypeScript: what `inventory_reserve` does, plus backorders (units beyond
 * stock for variants that allow it, which may create a level). Taken only when some line is short
 * and every short variant allows backorders.
 */
async function reserveWithBackorders(
  db: Db,
  o: { storeId: string; key: string; id: string; input: z.output<typeof ReservationInput>; actor: Actor },
): Promise<{ reservation: ReservationView; created: boolean }> {
  const { storeId, key, id, input } = o;
  const options = { actor: o.actor };
  return withStore(db, storeId, async (tx) => {
    // One round trip: claim the key, and lock every active-location level of the variants asked
    // for, in the one global lock order (variant, location). A replayed key locks them needlessly
    // for a moment, which is harmless.
    const variantIds = input.lines.map((l) => l.variant_id);
    const { rows: claimed } = await tx.execute<{
      reservation: ReservationRow | null;
      levels: (LevelRow & { priority: number })[];
    }>(sql`
      WITH ins AS (
        INSERT INTO inventory_reservations (id, store_id, key, owner_ref, expires_at)
        VALUES (${id}, ${storeId}, ${key}, ${input.owner_ref},
                now() + make_interval(secs => ${input.expires_in_seconds}))
        ON CONFLICT (store_id, key) DO NOTHING
        RETURNING *
      ), locked AS (
        SELECT l.*, s.priority FROM inventory_levels l
        JOIN stock_locations s ON s.id = l.location_id AND s.active
        WHERE l.store_id = ${storeId} AND l.variant_id = ANY(${sql.param([...new Set(variantIds)])}::text[])
        ORDER BY l.variant_id, l.location_id
        FOR UPDATE OF l
      )
      SELECT (SELECT row_to_json(ins) FROM ins) AS reservation,
             (SELECT COALESCE(json_agg(locked), '[]'::json) FROM locked) AS levels`);
    const reservation = claimed[0]!.reservation;
    if (!reservation) return { reservation: await replay(tx, storeId, key, input), created: false };
    const levels = claimed[0]!.levels;

    const asked = input.lines
      .map((l, i) => ({ ...l, i }))
      .filter((l): l is typeof l & { location_id: string } => l.location_id !== undefined);
    if (asked.length) {
      await requireLocations(
        tx,
        storeId,
        asked.map((l) => ({ id: l.location_id, path: `body.lines.${l.i}.location_id` })),
        { mustBeActive: true },
      );
    }

    const left = new Map(levels.map((l) => [l.id, l.available]));
    const take = new Map<string, { level: LevelRow; quantity: number }>();
    const add = (level: LevelRow, quantity: number) => {
      const t = take.get(level.id);
      if (t) t.quantity += quantity;
      else take.set(level.id, { level, quantity });
      left.set(level.id, (left.get(level.id) ?? level.available) - quantity);
    };
    const unmet: { line: (typeof input.lines)[number]; i: number; quantity: number }[] = [];
    input.lines.forEach((line, i) => {
      const candidates = levels
        .filter(
          (l) =>
            l.variant_id === line.variant_id && (!line.location_id || l.location_id === line.location_id),
        )
        .sort((a, b) => a.priority - b.priority || (a.location_id < b.location_id ? -1 : 1));
      let remaining = line.quantity;
      for (const level of candidates) {
        const n = Math.min(remaining, Math.max(left.get(level.id)!, 0));
        if (n > 0) add(level, n);
        remaining -= n;
        if (remaining === 0) break;
      }
      if (remaining > 0) unmet.push({ line, i, quantity: remaining });
    });

    // Only a short line needs the catalog: is the variant known here, and may it be backordered?
    // (A variant with stock levels in this store is known: levels are only made for known variants.)
    const backorders: typeof unmet = [];
    if (unmet.length) {
      const variants = await requireVariants(
        tx,
        storeId,
        unmet.map((u) => u.line.variant_id),
        (j) => `body.lines.${unmet[j]!.i}.variant_id`,
      );
      const short = unmet.filter((u) => variants.get(u.line.variant_id)!.backorderPolicy !== 'allow');
      if (short.length) {
        throw new AppError('INSUFFICIENT_STOCK', 'Not enough stock to reserve every line.', {
          errors: short.map((u) => ({
            path: `body.lines.${u.i}.quantity`,
            message: `only ${u.line.quantity - u.quantity} available`,
          })),
        });
      }
      backorders.push(...unmet);
    }
    for (const b of backorders) {
      // Backordered units go on the asked-for location, or the first one in allocation order.
      const locationId = b.line.location_id ?? (await firstActiveLocation(tx, storeId));
      const existing = levels.find((l) => l.variant_id === b.line.variant_id && l.location_id === locationId);
      add(existing ?? (await lockLevel(tx, storeId, b.line.variant_id, locationId)), b.quantity);
    }

    // One statement: raise reserved on every level drawn from and record the lines.
    const picks = [...take.values()];
    const { rows: updated } = await tx.execute<LevelRow>(sql`
      WITH picks AS (
        SELECT * FROM unnest(${sql.param(picks.map((p) => p.level.id))}::text[], ${sql.param(picks.map((p) => p.quantity))}::int[])
          AS p(level_id, quantity)
      ), lines AS (
        INSERT INTO inventory_reservation_lines (id, store_id, reservation_id, level_id, variant_id, location_id, quantity)
        SELECT ${id} || '_' || l.location_id || '_' || l.variant_id, ${storeId}, ${id}, l.id, l.variant_id, l.location_id, p.quantity
        FROM picks p JOIN inventory_levels l ON l.id = p.level_id
      )
      UPDATE inventory_levels l SET reserved = l.reserved + p.quantity, updated_at = now()
      FROM picks p WHERE l.id = p.level_id
      RETURNING l.*`);
    for (const level of updated) await trackLowStock(tx, level);

    const lines: LineRow[] = picks
      .map((p) => ({
        reservation_id: id,
        level_id: p.level.id,
        variant_id: p.level.variant_id,
        location_id: p.level.location_id,
        quantity: p.quantity,
      }))
      .sort((a, b) => (a.variant_id + a.location_id < b.variant_id + b.location_id ? -1 : 1));
    await emitEvent(tx, {
      storeId,
      type: 'inventory.reserved',
      aggregateType: 'reservation',
      aggregateId: id,
      payload: { reservationId: id, ownerRef: input.owner_ref, status: 'active', lines: eventLines(lines) },
    });
    const result = view(reservation, lines);
    await audit(tx, options.actor, {
      storeId,
      action: 'reservation.created',
      entityType: 'reservation',
      entityId: id,
      after: result,
    });
    return { reservation: result, created: true };
  });
}

async function firstActiveLocation(tx: Tx, storeId: string): Promise<string> {
  const { rows } = await tx.execute<{ id: string }>(sql`
    SELECT id FROM stock_locations WHERE store_id = ${storeId} AND active ORDER BY priority, id LIMIT 1`);
  if (!rows[0]) throw new AppError('INSUFFICIENT_STOCK', 'The store has no active stock location.');
  return rows[0].id;
}

/** A retry with a known key: the first reservation, if the request asks for the same thing. */
async function replay(
  tx: Tx,
  storeId: string,
  key: string,
  input: z.output<typeof ReservationInput>,
): Promise<ReservationView> {
  const { rows } = await tx.execute<ReservationRow>(sql`
    SELECT * FROM inventory_reservations WHERE store_id = ${storeId} AND key = ${key}`);
  const existing = rows[0]!;
  return sameRequestOrConflict(existing, await linesOf(tx, [existing.id]), key, input);
}

/** The first reservation made with `key`, if this request asks for the same thing; else 409. */
function sameRequestOrConflict(
  existing: ReservationRow,
  lines: LineRow[],
  key: string,
  input: z.output<typeof ReservationInput>,
): ReservationView {
  const first = view(existing, lines);
  // Compare what was asked: per variant always, per location where a location was asked for.
  const same = (() => {
    if (existing.owner_ref !== input.owner_ref) return false;
    const asked = askedFor(input.lines.map((l) => ({ variant_id: l.variant_id, quantity: l.quantity })));
    const got = askedFor(lines.map((l) => ({ variant_id: l.variant_id, quantity: l.quantity })));
    if (asked.size !== got.size) return false;
    for (const [k, q] of asked) if (got.get(k) !== q) return false;
    return true;
  })();
  if (!same) {
    throw new AppError('CONFLICT', `Reservation key "${key}" was already used for a different reservation.`, {
      errors: [{ path: 'body.key', message: 'already used with other lines or owner' }],
    });
  }
  return first;
}

/** Lock a reservation's levels in the global lock order, then apply `set` (SQL on columns of l, q = quantity). */
async function applyToLines(tx: Tx, lines: LineRow[], set: 'release' | 'commit'): Promise<LevelRow[]> {
  if (!lines.length) return [];
  const ids = lines.map((l) => l.level_id);
  await tx.execute(sql`
    SELECT id FROM inventory_levels WHERE id = ANY(${sql.param(ids)}::text[]) ORDER BY variant_id, location_id FOR UPDATE`);
  const qs = lines.map((l) => l.quantity);
  const { rows } = await tx.execute<LevelRow>(
    set === 'release'
      ? sql`UPDATE inventory_levels l SET reserved = l.reserved - p.q, updated_at = now()
            FROM unnest(${sql.param(ids)}::text[], ${sql.param(qs)}::int[]) AS p(id, q) WHERE l.id = p.id RETURNING l.*`
      : sql`UPDATE inventory_levels l SET reserved = l.reserved - p.q, on_hand = l.on_hand - p.q, updated_at = now()
            FROM unnest(${sql.param(ids)}::text[], ${sql.param(qs)}::int[]) AS p(id, q) WHERE l.id = p.id RETURNING l.*`,
  );
  return rows;
}

async function endReservation(
  tx: Tx,
  storeId: string,
  r: ReservationRow,
  how: 'release' | 'expire',
  actor: Actor,
): Promise<ReservationView> {
  const status = nextReservationStatus(r.status, how, r.id);
  const lines = await linesOf(tx, [r.id]);
  const levels = await applyToLines(tx, lines, 'release');
  for (const level of levels) await trackLowStock(tx, level);
  const { rows } = await tx.execute<ReservationRow>(sql`
    UPDATE inventory_reservations SET status = ${status}, released_at = now(), updated_at = now()
    WHERE id = ${r.id} RETURNING *`);
  await emitEvent(tx, {
    storeId,
    type: 'inventory.released',
    aggregateType: 'reservation',
    aggregateId: r.id,
    payload: {
      reservationId: r.id,
      ownerRef: r.owner_ref,
      status,
      reason: how === 'expire' ? 'expired' : 'released',
      lines: eventLines(lines),
    },
  });
  const after = view(rows[0]!, lines);
  await audit(tx, actor, {
    storeId,
    action: 'reservation.released',
    entityType: 'reservation',
    entityId: r.id,
    before: view(r, lines),
    after,
  });
  return after;
}

/** What `inventory_end_reservation` (migration 0015) answers. */
type EndAnswer =
  | { changed: false; reservation: ReservationRow; lines: LineRow[]; past_expiry: boolean }
  | {
      changed: true;
      before: ReservationRow;
      reservation: ReservationRow;
      lines: LineRow[];
      events: string[];
    };

/**
 * Release or commit an active reservation in one round trip (`inventory_end_reservation`), or in
 * a `withStore` transaction with the audit entry when there is an actor. The target status comes
 * from the reservation state machine; a reservation that is not active (or, to commit, is past
 * its expiry) is returned unchanged for the caller to answer.
 */
/** Which reservation to end, how, and on whose behalf. */
interface EndOptions {
  storeId: string;
  reservationId: string;
  action: 'release' | 'commit';
  orderRef: string | null;
  actor: Actor;
}

async function endInDatabase(db: Db, o: EndOptions): Promise<EndAnswer> {
  const { storeId } = o;
  const args = endArgs(o);
  try {
    if (!o.actor) {
      const [row] = await runInStore<{ r: EndAnswer }>(
        db,
        storeId,
        'SELECT inventory_end_reservation($1::jsonb) AS r',
        [args],
      );
      const answer = row!.r;
      if (answer.changed) await announceCommitted(db, announcementsOf(storeId, answer));
      return answer;
    }
    return await withStore(db, storeId, (tx) => endInTransaction(tx, o, args));
  } catch (err) {
    throw notFoundOf(err, o.reservationId);
  }
}

/** The arguments of `inventory_end_reservation`, as JSON. */
function endArgs(o: EndOptions): string {
  return JSON.stringify({
    store_id: o.storeId,
    id: o.reservationId,
    action: o.action,
    status: nextReservationStatus('active', o.action, o.reservationId),
    order_ref: o.orderRef,
    event_id: newId('evt'),
    actor_type: o.actor?.actor.type ?? 'system',
    actor_id: o.actor?.actor.id ?? null,
  });
}

const announcementsOf = (storeId: string, a: EndAnswer) =>
  a.changed ? a.events.map((e) => `${storeId}:${e}`) : [];

function notFoundOf(err: unknown, reservationId: string): unknown {
  if (refusalOf(err)?.code === 'NOT_FOUND') {
    return new AppError('NOT_FOUND', `Reservation ${reservationId} does not exist.`);
  }
  return err;
}

/**
 * `inventory_end_reservation` inside the caller's store-scoped transaction (`withStore`), with the
 * audit entry when there is an actor; the events are announced once it commits.
 */
async function endInTransaction(tx: Tx, o: EndOptions, args: string): Promise<EndAnswer> {
  const { storeId } = o;
  const rows =
    sentAheadRows<{ r: EndAnswer }>(tx, endAheadKey(o)) ??
    (await tx.execute<{ r: EndAnswer }>(sql`SELECT inventory_end_reservation(${args}::jsonb) AS r`)).rows;
  const answer = rows[0]!.r;
  if (!answer.changed) return answer;
  const announcements = announcementsOf(storeId, answer);
  if (!announceAfterCommit(tx, ...announcements)) {
    for (const a of announcements) await tx.execute(sql`SELECT pg_notify(${EVENTS_CHANNEL}, ${a})`);
  }
  if (o.actor) {
    await audit(tx, o.actor, {
      storeId,
      action: o.action === 'commit' ? 'reservation.committed' : 'reservation.released',
      entityType: 'reservation',
      entityId: o.reservationId,
      before: view(answer.before, answer.lines),
      after: view(answer.reservation, answer.lines),
    });
  }
  return answer;
}

/**
 * Give the stock back. Releasing a reservation that is already released or expired changes
 * nothing and returns it (so a retried release is harmless); a committed one is 409.
 */
export async function releaseReservation(
  db: Db,
  options: { storeId: string; reservationId: string; actor?: Actor },
): Promise<ReservationView> {
  const answer = await endInDatabase(db, {
    storeId: options.storeId,
    reservationId: options.reservationId,
    action: 'release',
    orderRef: null,
    actor: options.actor,
  });
  const r = answer.reservation;
  if (!answer.changed && r.status !== 'released' && r.status !== 'expired') {
    nextReservationStatus(r.status, 'release', r.id); // committed: 409
  }
  return view(r, answer.lines);
}

/**
 * The order is placed: the reserved units leave on-hand stock (ledger kind `committed`). Only an
 * active, unexpired reservation can be committed; anything else is 409 and changes nothing.
 * Committing an already committed reservation again returns it unchanged.
 */
export async function commitReservation(
  db: Db,
  options: { storeId: string; reservationId: string; orderRef?: string | null; actor?: Actor },
): Promise<ReservationView> {
  const orderRef = parseOrderRef(options.orderRef);
  const answer = await endInDatabase(db, {
    storeId: options.storeId,
    reservationId: options.reservationId,
    action: 'commit',
    orderRef,
    actor: options.actor,
  });
  return committedView(answer, orderRef);
}

/**
 * `commitReservation` inside the caller's store-scoped transaction (`withStore` for the same
 * store): the units leave stock if and only if the caller's transaction commits, with the same
 * refusals (which the caller should let roll the transaction back). For the checkout, which
 * places the order and commits its stock at once.
 */
export async function commitReservationInTx(
  tx: Tx,
  options: { storeId: string; reservationId: string; orderRef?: string | null; actor?: Actor },
): Promise<ReservationView> {
  const orderRef = parseOrderRef(options.orderRef);
  const o = {
    storeId: options.storeId,
    reservationId: options.reservationId,
    action: 'commit' as const,
    orderRef,
    actor: options.actor,
  };
  try {
    return committedView(await endInTransaction(tx, o, endArgs(o)), orderRef);
  } catch (err) {
    throw notFoundOf(err, options.reservationId);
  }
}

/**
 * `commitReservationInTx`'s statement, to send ahead of the transaction's work (the checkout's
 * order placement); `commitReservationInTx` then takes its answer instead of asking again.
 */
export function commitReservationAhead(options: {
  storeId: string;
  reservationId: string;
  orderRef: string;
}): ReadAhead {
  const o = {
    ...options,
    action: 'commit' as const,
    orderRef: parseOrderRef(options.orderRef),
    actor: undefined,
  };
  return writeAhead(
    `SELECT inventory_end_reservation(${sqlLiteral(endArgs(o))}::jsonb) AS r`,
    endAheadKey(o),
  );
}

const endAheadKey = (o: Pick<EndOptions, 'storeId' | 'reservationId' | 'action' | 'orderRef'>) =>
  `inventory_end_reservation ${o.storeId} ${o.reservationId} ${o.action} ${o.orderRef}`;

function parseOrderRef(orderRef: string | null | undefined): string | null {
  return parseInput(z.string().min(1).max(100).nullable().default(null), orderRef ?? null, 'body.order_ref');
}

function committedView(answer: EndAnswer, orderRef: string | null): ReservationView {
  const r = answer.reservation;
  if (!answer.changed) {
    if (r.status === 'committed' && r.order_ref === orderRef) return view(r, answer.lines);
    if (r.status === 'active' && answer.past_expiry) {
      throw new AppError(
        'INVALID_STATE_TRANSITION',
        `Reservation ${r.id} expired at ${isoOf(r.expires_at)}; reserve again.`,
      );
    }
    nextReservationStatus(r.status, 'commit', r.id); // 409
  }
  return view(r, answer.lines);
}

export async function getReservation(
  db: Db,
  options: { storeId: string; reservationId: string },
): Promise<ReservationView> {
  return withStore(db, options.storeId, async (tx) => {
    const { rows } = await tx.execute<ReservationRow>(sql`
      SELECT * FROM inventory_reservations WHERE store_id = ${options.storeId} AND id = ${options.reservationId}`);
    if (!rows[0]) throw new AppError('NOT_FOUND', `Reservation ${options.reservationId} does not exist.`);
    return view(rows[0], await linesOf(tx, [rows[0].id]));
  });
}

/** Reservations, newest first, by status and/or owner. */
export async function listReservations(
  db: Db,
  options: { storeId: string; query: z.input<typeof ReservationListQuery> },
): Promise<Page<ReservationView>> {
  const q = parseInput(ReservationListQuery, options.query, 'querystring');
  const cursor = decodeCursor<{ id: string }>(q.cursor);
  return withStoreSnapshot(db, options.storeId, async (tx) => {
    const { rows } = await tx.execute<ReservationRow>(sql`
      SELECT * FROM inventory_reservations
      WHERE store_id = ${options.storeId}
        ${q.status ? sql`AND status = ${q.status}` : sql``}
        ${q.owner_ref ? sql`AND owner_ref = ${q.owner_ref}` : sql``}
        ${cursor ? sql`AND id < ${String(cursor.id)}` : sql``}
      ORDER BY id DESC
      LIMIT ${q.limit + 1}`);
    const page = toPage(rows, q.limit, (r) => ({ id: r.id }));
    const lines = await linesOf(
      tx,
      page.data.map((r) => r.id),
    );
    return {
      data: page.data.map((r) =>
        view(
          r,
          lines.filter((l) => l.reservation_id === r.id),
        ),
      ),
      next_cursor: page.next_cursor,
    };
  });
}

/**
 * Release every active reservation past its expiry (all stores; system work, run by the
 * `inventory.release-expired` schedule). Each is released in its own store-scoped transaction,
 * skipping any another sweeper holds. Returns how many were released.
 */
export async function releaseExpiredReservations(db: Db, options: { limit?: number } = {}): Promise<number> {
  const { rows } = await db.execute<{ id: string; store_id: string }>(sql`
    SELECT id, store_id FROM inventory_reservations
    WHERE status = 'active' AND expires_at <= now()
    ORDER BY expires_at LIMIT ${options.limit ?? 1000}`);
  let released = 0;
  for (const due of rows) {
    const done = await withStore(db, due.store_id, async (tx) => {
      const { rows: locked } = await tx.execute<ReservationRow>(sql`
        SELECT * FROM inventory_reservations
        WHERE id = ${due.id} AND status = 'active' AND expires_at <= now()
        FOR UPDATE SKIP LOCKED`);
      if (!locked[0]) return false;
      await endReservation(tx, due.store_id, locked[0], 'expire', undefined);
      return true;
    });
    if (done) released++;
  }
  return released;
}
