import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { withStore, type Db, type DbOrTx, type Tx } from '../../platform/db/database.ts';
import { inStore, isUniqueViolation } from '../../platform/db/scope.ts';
import { AppError } from '../../platform/errors.ts';
import { decodeCursor, PageQuery, toPage, type Page } from '../../platform/http/pagination.ts';
import { newId } from '../../platform/ids.ts';
import { parseInput } from '../../platform/validation.ts';
import { audit, type Actor } from './shared.ts';
import { isoOf, StockLocationAddress, type StockLocationView } from './views.ts';

const LocationFields = {
  name: z.string().trim().min(1).max(200),
  code: z
    .string()
    .trim()
    .min(1)
    .max(50)
    .regex(/^[A-Za-z0-9][A-Za-z0-9_-]*$/, 'letters, digits, - and _ only'),
  address: StockLocationAddress,
  active: z.boolean(),
  priority: z.number().int().min(0).max(1_000_000),
};

export const StockLocationInput = z.strictObject({
  ...LocationFields,
  address: LocationFields.address.default({}),
  active: LocationFields.active.default(true),
  priority: LocationFields.priority.default(0),
});
export type StockLocationInput = z.input<typeof StockLocationInput>;

// Built without defaults: an absent field in a patch leaves the location's value alone.
export const StockLocationPatch = z.strictObject(LocationFields).partial();
export type StockLocationPatch = z.input<typeof StockLocationPatch>;

export const StockLocationListQuery = PageQuery.extend({
  active: z.enum(['true', 'false']).optional().describe('Only active (or inactive) locations'),
});

interface LocationRow {
  [column: string]: unknown;
  id: string;
  name: string;
  code: string;
  address: Record<string, string>;
  active: boolean;
  priority: number;
  created_at: Date | string;
  updated_at: Date | string;
}

const locationView = (r: LocationRow): StockLocationView => ({
  id: r.id,
  name: r.name,
  code: r.code,
  address: r.address,
  active: r.active,
  priority: r.priority,
  created_at: isoOf(r.created_at),
  updated_at: isoOf(r.updated_at),
});

const codeTaken = (code: string) =>
  new AppError('ALREADY_EXISTS', `A stock location with code "${code}" already exists.`, {
    errors: [{ path: 'body.code', message: 'already used by another stock location' }],
  });

async function findLocation(tx: Tx, storeId: string, locationId: string, lock = false): Promise<LocationRow> {
  const { rows } = await tx.execute<LocationRow>(
    lock
      ? sql`SELECT * FROM stock_locations WHERE store_id = ${storeId} AND id = ${locationId} FOR UPDATE`
      : sql`SELECT * FROM stock_locations WHERE store_id = ${storeId} AND id = ${locationId}`,
  );
  if (!rows[0]) throw new AppError('NOT_FOUND', `Stock location ${locationId} does not exist.`);
  return rows[0];
}

export async function createStockLocation(
  db: Db,
  options: { storeId: string; input: StockLocationInput; actor?: Actor },
): Promise<StockLocationView> {
  const input = parseInput(StockLocationInput, options.input);
  const { storeId } = options;
  try {
    return await withStore(db, storeId, async (tx) => {
      const { rows } = await tx.execute<LocationRow>(sql`
        INSERT INTO stock_locations (id, store_id, name, code, address, active, priority)
        VALUES (${newId('sloc')}, ${storeId}, ${input.name}, ${input.code}, ${JSON.stringify(input.address)}::jsonb,
                ${input.active}, ${input.priority})
        RETURNING *`);
      const view = locationView(rows[0]!);
      await audit(tx, options.actor, {
        storeId,
        action: 'stock_location.created',
        entityType: 'stock_location',
        entityId: view.id,
        after: view,
      });
      return view;
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw codeTaken(input.code);
    throw err;
  }
}

export async function updateStockLocation(
  db: Db,
  options: { storeId: string; locationId: string; patch: StockLocationPatch; actor?: Actor },
): Promise<StockLocationView> {
  const patch = parseInput(StockLocationPatch, options.patch);
  const { storeId, locationId } = options;
  try {
    return await withStore(db, storeId, async (tx) => {
      const before = locationView(await findLocation(tx, storeId, locationId, true));
      const { rows } = await tx.execute<LocationRow>(sql`
        UPDATE stock_locations SET
          name = COALESCE(${patch.name ?? null}, name),
          code = COALESCE(${patch.code ?? null}, code),
          address = COALESCE(${patch.address ? JSON.stringify(patch.address) : null}::jsonb, address),
          active = COALESCE(${patch.active ?? null}::boolean, active),
          priority = COALESCE(${patch.priority ?? null}::int, priority),
          updated_at = now()
        WHERE store_id = ${storeId} AND id = ${locationId}
        RETURNING *`);
      const after = locationView(rows[0]!);
      await audit(tx, options.actor, {
        storeId,
        action: 'stock_location.updated',
        entityType: 'stock_location',
        entityId: locationId,
        before,
        after,
      });
      return after;
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw codeTaken(patch.code ?? '');
    throw err;
  }
}

export async function getStockLocation(
  db: Db,
  options: { storeId: string; locationId: string },
): Promise<StockLocationView> {
  return withStore(db, options.storeId, async (tx) =>
    locationView(await findLocation(tx, options.storeId, options.locationId)),
  );
}

/** The store's stock locations in allocation order (priority, then id). */
export async function listStockLocations(
  db: Db,
  options: { storeId: string; query: z.input<typeof StockLocationListQuery> },
): Promise<Page<StockLocationView>> {
  const q = parseInput(StockLocationListQuery, options.query, 'querystring');
  const cursor = decodeCursor<{ p: number; id: string }>(q.cursor);
  if (cursor && (typeof cursor.p !== 'number' || typeof cursor.id !== 'string')) {
    throw new AppError('VALIDATION_FAILED', 'The cursor is not one this API issued.', {
      errors: [{ path: 'querystring.cursor', message: 'invalid cursor' }],
    });
  }
  const rows = await withStore(db, options.storeId, async (tx) => {
    const { rows } = await tx.execute<LocationRow>(sql`
      SELECT * FROM stock_locations
      WHERE store_id = ${options.storeId}
        ${q.active ? sql`AND active = ${q.active === 'true'}` : sql``}
        ${cursor ? sql`AND (priority, id) > (${cursor.p}, ${cursor.id})` : sql``}
      ORDER BY priority, id
      LIMIT ${q.limit + 1}`);
    return rows;
  });
  const page = toPage(rows, q.limit, (r) => ({ p: r.priority, id: r.id }));
  return { data: page.data.map(locationView), next_cursor: page.next_cursor };
}

/** Code and name of the location Carton creates for a store that has none (see defaultStockLocation). */
export const DEFAULT_LOCATION = { code: 'default', name: 'Default warehouse' } as const;

/**
 * The store's default stock location: where stock goes when no location is named (CSV import,
 * `carton seed --products`, a bulk stock set without `location_id`). It is the active location
 * drawn from first — the lowest `priority`, then the oldest id — the same one reservations try first.
 *
 * - A store with no location at all: with `create`, one is created, "Default warehouse" (code
 *   `default`, priority 0, active) — what a merchant starting out expects: "my stock is in my
 *   warehouse". Two writers racing here get the same one (the code is unique per store).
 * - A store whose locations are all inactive: an error (409 CONFLICT). The merchant closed them on
 *   purpose; Carton does not open a new warehouse behind their back or put stock where it cannot be sold.
 * - Without `create`, a store with no location (or none active) has no default: null.
 *
 * Pass a transaction already scoped to the store (creating needs one), or the Db to read.
 */
export async function defaultStockLocation(
  db: DbOrTx,
  options: { storeId: string; create?: boolean; actor?: Actor },
): Promise<{ location: StockLocationView; created: boolean } | null> {
  const { storeId } = options;
  const run = async (tx: Tx) => {
    const first = async () => {
      const { rows } = await tx.execute<LocationRow>(sql`
        SELECT * FROM stock_locations WHERE store_id = ${storeId}
        ORDER BY active DESC, priority, id LIMIT 1`);
      return rows[0];
    };
    const found = await first();
    if (found?.active) return { location: locationView(found), created: false };
    if (!options.create) return null;
    if (found) {
      throw new AppError(
        'CONFLICT',
        'The store has no active stock location to put stock in: activate one, or name a location.',
        { errors: [{ path: 'body.location_id', message: 'no active stock location in this store' }] },
      );
    }
    const { rows } = await tx.execute<LocationRow>(sql`
      INSERT INTO stock_locations (id, store_id, name, code, active, priority)
      VALUES (${newId('sloc')}, ${storeId}, ${DEFAULT_LOCATION.name}, ${DEFAULT_LOCATION.code}, true, 0)
      ON CONFLICT (store_id, code) DO NOTHING
      RETURNING *`);
    if (!rows[0]) {
      // Another writer created it first (and has committed: the insert waited for it).
      const again = await first();
      if (!again?.active) throw new Error('the default stock location vanished');
      return { location: locationView(again), created: false };
    }
    const view = locationView(rows[0]);
    await audit(tx, options.actor, {
      storeId,
      action: 'stock_location.created',
      entityType: 'stock_location',
      entityId: view.id,
      after: { ...view, reason: 'default location for stock set without a location' },
    });
    return { location: view, created: true };
  };
  return inStore(db, storeId, run);
}
