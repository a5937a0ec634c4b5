import { sql } from 'drizzle-orm';
import type { Tx } from '../../platform/db/database.ts';
import { AppError } from '../../platform/errors.ts';
import { emitEvent } from '../../platform/events/outbox.ts';
import { newId } from '../../platform/ids.ts';
import { variantsForStock, type BackorderPolicy } from './catalog-port.ts';
import { isoOf, type InventoryLevelView } from './views.ts';

// Who acts, and the audit entry recorded only when someone does (shared with every module).
import { auditAs as audit, type Actor } from '../audit/service.ts';
export { audit, type Actor };

export interface LevelRow {
  [column: string]: unknown;
  id: string;
  store_id: string;
  variant_id: string;
  location_id: string;
  on_hand: number;
  reserved: number;
  damaged: number;
  available: number;
  reorder_point: number | null;
  low_stock: boolean;
  updated_at: Date | string;
}

export const levelView = (r: LevelRow): InventoryLevelView => ({
  id: r.id,
  variant_id: r.variant_id,
  location_id: r.location_id,
  on_hand: r.on_hand,
  reserved: r.reserved,
  damaged: r.damaged,
  available: r.available,
  reorder_point: r.reorder_point,
  low_stock: r.low_stock,
  updated_at: isoOf(r.updated_at),
});

/** Variants of this store with their backorder policy; an unknown (or other store's) variant is a 404. */
export async function requireVariants(
  tx: Tx,
  storeId: string,
  variantIds: readonly string[],
  path = (i: number) => `body.lines.${i}.variant_id`,
): Promise<Map<string, { backorderPolicy: BackorderPolicy }>> {
  return assertVariantsKnown(await variantsForStock(tx, storeId, variantIds), variantIds, path);
}

/** `found` when it holds every one of `variantIds`; else 404 naming each unknown one. */
export function assertVariantsKnown<T>(
  found: Map<string, T>,
  variantIds: readonly string[],
  path = (i: number) => `body.lines.${i}.variant_id`,
): Map<string, T> {
  const errors = variantIds
    .map((id, i) => ({ id, i }))
    .filter(({ id }) => !found.has(id))
    .map(({ id, i }) => ({ path: path(i), message: `variant ${id} does not exist in this store` }));
  if (errors.length) {
    throw new AppError('NOT_FOUND', `Unknown variant: ${errors.map((e) => e.message).join('; ')}.`, {
      errors,
    });
  }
  return found;
}

/** This store's stock locations by id; an unknown one is a 404, an inactive one (when refused) a 409. */
export async function requireLocations(
  tx: Tx,
  storeId: string,
  locationIds: { id: string; path: string }[],
  opts: { mustBeActive?: boolean } = {},
): Promise<Map<string, { active: boolean; priority: number }>> {
  const ids = [...new Set(locationIds.map((l) => l.id))];
  const { rows } = await tx.execute<{ id: string; active: boolean; priority: number }>(
    sql`SELECT id, active, priority FROM stock_locations WHERE store_id = ${storeId} AND id = ANY(${sql.param(ids)}::text[])`,
  );
  const found = new Map(rows.map((r) => [r.id, { active: r.active, priority: r.priority }]));
  const missing = locationIds.filter((l) => !found.has(l.id));
  if (missing.length) {
    throw new AppError('NOT_FOUND', `Stock location ${missing[0]!.id} does not exist in this store.`, {
      errors: missing.map((l) => ({ path: l.path, message: `stock location ${l.id} does not exist` })),
    });
  }
  if (opts.mustBeActive) {
    const inactive = locationIds.filter((l) => !found.get(l.id)!.active);
    if (inactive.length) {
      throw new AppError('CONFLICT', `Stock location ${inactive[0]!.id} is inactive.`, {
        errors: inactive.map((l) => ({ path: l.path, message: 'stock location is inactive' })),
      });
    }
  }
  return found;
}

/**
 * The level of a variant at a location, created (all zero) if absent, and row-locked until the
 * transaction ends — one statement. Callers that lock several levels lock them in
 * (variant_id, location_id) order, as every path here does, so lockers never deadlock.
 */
export async function lockLevel(
  tx: Tx,
  storeId: string,
  variantId: string,
  locationId: string,
): Promise<LevelRow> {
  const { rows } = await tx.execute<LevelRow>(sql`
    INSERT INTO inventory_levels (id, store_id, variant_id, location_id)
    VALUES (${newId('invlvl')}, ${storeId}, ${variantId}, ${locationId})
    ON CONFLICT (variant_id, location_id) DO UPDATE SET updated_at = inventory_levels.updated_at
    RETURNING *`);
  return rows[0]!;
}

/**
 * Keep a locked level's low-stock flag in step with its available quantity, and emit
 * `inventory.low_stock` when it crosses below the reorder point — once per crossing: the flag
 * stays set (no more events) until available is back at or above the reorder point.
 */
export async function trackLowStock(tx: Tx, level: LevelRow): Promise<LevelRow> {
  const below = level.reorder_point !== null && level.available < level.reorder_point;
  if (below === level.low_stock) return level;
  await tx.execute(sql`UPDATE inventory_levels SET low_stock = ${below} WHERE id = ${level.id}`);
  if (below) await emitLowStock(tx, level);
  return { ...level, low_stock: below };
}

/** Emit `inventory.low_stock` for a level that has just crossed below its reorder point. */
export async function emitLowStock(
  tx: Tx,
  level: Pick<LevelRow, 'id' | 'store_id' | 'variant_id' | 'location_id' | 'available' | 'reorder_point'>,
): Promise<void> {
  await emitEvent(tx, {
    storeId: level.store_id,
    type: 'inventory.low_stock',
    aggregateType: 'inventory_level',
    aggregateId: level.id,
    payload: {
      levelId: level.id,
      variantId: level.variant_id,
      locationId: level.location_id,
      available: level.available,
      reorderPoint: level.reorder_point,
    },
  });
}

/** Record one on-hand/damaged change in the ledger. */
export async function recordMovement(
  tx: Tx,
  m: {
    storeId: string;
    variantId: string;
    locationId: string;
    kind: 'adjustment' | 'transfer_out' | 'transfer_in' | 'committed';
    reason?: string | null;
    onHandDelta: number;
    damagedDelta?: number;
    reference?: string | null;
    note?: string | null;
    actor: Actor;
  },
): Promise<string> {
  const id = newId('invmov');
  await tx.execute(sql`
    INSERT INTO inventory_movements (id, store_id, variant_id, location_id, kind, reason, on_hand_delta,
                                     damaged_delta, reference, note, actor_type, actor_id)
    VALUES (${id}, ${m.storeId}, ${m.variantId}, ${m.locationId}, ${m.kind}, ${m.reason ?? null},
            ${m.onHandDelta}, ${m.damagedDelta ?? 0}, ${m.reference ?? null}, ${m.note ?? null},
            ${m.actor?.actor.type ?? 'system'}, ${m.actor?.actor.id ?? null})`);
  return id;
}

/** Emit `inventory.adjusted` for a level after a change. */
export async function emitAdjusted(
  tx: Tx,
  level: LevelRow,
  change: {
    kind: string;
    reason: string | null;
    onHandDelta: number;
    damagedDelta: number;
    reference?: string;
  },
): Promise<void> {
  await emitEvent(tx, {
    storeId: level.store_id,
    type: 'inventory.adjusted',
    aggregateType: 'inventory_level',
    aggregateId: level.id,
    payload: {
      levelId: level.id,
      variantId: level.variant_id,
      locationId: level.location_id,
      ...change,
      onHand: level.on_hand,
      reserved: level.reserved,
      damaged: level.damaged,
      available: level.available,
    },
  });
}
