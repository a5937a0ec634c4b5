/**
 * Setting on-hand stock of many variants at one location at once — a stock count, a file import,
 * a seed. One store-scoped transaction and a fixed number of statements whatever the number of
 * variants (set-based SQL), plus one outbox statement per changed level when events are on.
 */
import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { withStore, type Db, type DbOrTx, type Tx } from '../../platform/db/database.ts';
import { AppError, type FieldError } from '../../platform/errors.ts';
import { newId } from '../../platform/ids.ts';
import { parseInput } from '../../platform/validation.ts';
import { defaultStockLocation } from './locations.ts';
import {
  audit,
  emitAdjusted,
  emitLowStock,
  requireLocations,
  requireVariants,
  type Actor,
  type LevelRow,
} from './shared.ts';

/**
 * Why on-hand stock is being set: `correction` (a stock count: what is on the shelf), `import`
 * (quantities brought from a file or another system — CSV import, seeding).
 */
export const STOCK_SET_REASONS = ['correction', 'import'] as const;
export type StockSetReason = (typeof STOCK_SET_REASONS)[number];

/** Most levels one call sets (the request body limit allows about this many too). */
export const MAX_STOCK_LEVELS_PER_SET = 10_000;

const Units = z.number().int('must be a whole number').min(0).max(100_000_000);

export const StockLevelsInput = z
  .strictObject({
    location_id: z
      .string()
      .min(1)
      .max(64)
      .optional()
      .describe(
        "Where the stock is. Default: the store's default location — its active location with the lowest " +
          'priority; a store without any location gets one, "Default warehouse" (code `default`).',
      ),
    reason: z.enum(STOCK_SET_REASONS).default('correction').describe('Recorded on every ledger row'),
    note: z.string().trim().max(500).optional(),
    levels: z
      .array(
        z.strictObject({
          variant_id: z.string().min(1).max(64),
          on_hand: Units.describe('Units on hand after the call; the difference is recorded in the ledger'),
          reorder_point: Units.nullable()
            .optional()
            .describe('Set (or clear with null) the reorder point; absent: unchanged'),
        }),
      )
      .min(1)
      .max(MAX_STOCK_LEVELS_PER_SET),
  })
  .superRefine((v, ctx) => {
    const seen = new Map<string, number>();
    v.levels.forEach((l, i) => {
      const first = seen.get(l.variant_id);
      if (first === undefined) seen.set(l.variant_id, i);
      else
        ctx.addIssue({
          code: 'custom',
          path: ['levels', i, 'variant_id'],
          message: `variant ${l.variant_id} is already at levels.${first}`,
        });
    });
  });
export type StockLevelsInput = z.input<typeof StockLevelsInput>;

export const StockLevelsResult = z.object({
  location_id: z.string(),
  location_created: z.boolean().describe('The default location was created by this call'),
  reference: z.string().describe('On every ledger row this call wrote (filter the movements by it)'),
  levels_created: z.number().int(),
  levels_changed: z.number().int().describe('Levels whose on-hand quantity changed (one ledger row each)'),
  levels: z.array(
    z.object({
      variant_id: z.string(),
      level_id: z.string(),
      previous_on_hand: z.number().int(),
      on_hand: z.number().int(),
      available: z.number().int(),
      reorder_point: z.number().int().nullable(),
      low_stock: z.boolean(),
    }),
  ),
});
export type StockLevelsResult = z.infer<typeof StockLevelsResult>;

/**
 * Set on-hand quantities (and optionally reorder points) of many variants at one location, all or
 * nothing, in its own store-scoped transaction. See `setStockLevelsInTx`.
 */
export async function setStockLevels(
  db: Db,
  options: { storeId: string; input: StockLevelsInput; actor?: Actor },
): Promise<StockLevelsResult> {
  const input = parseInput(StockLevelsInput, options.input);
  return withStore(db, options.storeId, (tx) =>
    applyStockLevels(tx, { storeId: options.storeId, input, actor: options.actor }),
  );
}

/**
 * `setStockLevels` inside the caller's transaction (already scoped to `storeId`), for bulk
 * writers that must commit stock with something else — the CSV importer commits a product and its
 * stock together. Missing levels are created; each changed quantity is one `adjustment` ledger row
 * (delta = new − old) with `reason` and `reference` (default: a new `stkset_…` id); low-stock
 * flags follow the new quantities. Events: `inventory.adjusted` per changed level and
 * `inventory.low_stock` per level crossing below its reorder point, unless `emitEvents` is false
 * (seeding a fresh catalog: nobody listens to those yet, and 300,000 of them would only flood the
 * outbox). One audit entry for the whole call.
 *
 * Refused with nothing written (AppError, field paths `body.levels.N.…`): bad input (400), an
 * unknown or other store's variant or location (404), a store whose locations are all inactive
 * when none is named (409 CONFLICT), and lowering on hand below what is reserved or damaged for a
 * variant that does not allow backorders (409 INSUFFICIENT_STOCK, every such level listed).
 */
export async function setStockLevelsInTx(
  tx: Tx,
  options: {
    storeId: string;
    input: StockLevelsInput;
    actor?: Actor;
    reference?: string;
    emitEvents?: boolean;
  },
): Promise<StockLevelsResult> {
  const input = parseInput(StockLevelsInput, options.input);
  return applyStockLevels(tx, { ...options, input });
}

async function applyStockLevels(
  tx: Tx,
  options: {
    storeId: string;
    input: z.output<typeof StockLevelsInput>;
    actor?: Actor;
    reference?: string;
    emitEvents?: boolean;
  },
): Promise<StockLevelsResult> {
  const { storeId, input, actor } = options;
  const reference = options.reference ?? newId('stkset');

  let locationId: string;
  let locationCreated = false;
  if (input.location_id) {
    await requireLocations(tx, storeId, [{ id: input.location_id, path: 'body.location_id' }]);
    locationId = input.location_id;
  } else {
    const found = await defaultStockLocation(tx, { storeId, create: true, actor });
    locationId = found!.location.id;
    locationCreated = found!.created;
  }

  const variants = await requireVariants(
    tx,
    storeId,
    input.levels.map((l) => l.variant_id),
    (i) => `body.levels.${i}.variant_id`,
  );

  // Create the missing levels, then lock them all in variant order (the order every locker of
  // levels uses: variant id, then location id — here one location), so this never deadlocks
  // with reservations, adjustments or another bulk set.
  const index = new Map(input.levels.map((l, i) => [l.variant_id, i]));
  const variantIds = [...index.keys()].sort();
  const { rows: inserted } = await tx.execute<{ variant_id: string }>(sql`
    INSERT INTO inventory_levels (id, store_id, variant_id, location_id)
    SELECT v.id, ${storeId}, v.variant_id, ${locationId}
    FROM unnest(${sql.param(variantIds.map(() => newId('invlvl')))}::text[],
                ${sql.param(variantIds)}::text[]) AS v(id, variant_id)
    ORDER BY v.variant_id
    ON CONFLICT (variant_id, location_id) DO NOTHING
    RETURNING variant_id`);
  const created = new Set(inserted.map((r) => r.variant_id));
  const { rows: locked } = await tx.execute<LevelRow>(sql`
    SELECT * FROM inventory_levels
    WHERE store_id = ${storeId} AND location_id = ${locationId} AND variant_id = ANY(${sql.param(variantIds)}::text[])
    ORDER BY variant_id
    FOR UPDATE`);

  interface Planned {
    before: LevelRow;
    onHand: number;
    reorderPoint: number | null;
    available: number;
    lowStock: boolean;
  }
  const planned: Planned[] = [];
  const refused: FieldError[] = [];
  for (const before of locked) {
    const i = index.get(before.variant_id)!;
    const want = input.levels[i]!;
    const onHand = want.on_hand;
    const reorderPoint = want.reorder_point === undefined ? before.reorder_point : want.reorder_point;
    const available = onHand - before.reserved - before.damaged;
    if (onHand < before.on_hand) {
      const policy = variants.get(before.variant_id)!.backorderPolicy;
      if (before.damaged > onHand || (policy === 'deny' && available < 0)) {
        refused.push({
          path: `body.levels.${i}.on_hand`,
          message: `at least ${before.reserved + before.damaged}: ${before.reserved} reserved and ${before.damaged} damaged units are held here`,
        });
        continue;
      }
    }
    const lowStock = reorderPoint !== null && available < reorderPoint;
    planned.push({ before, onHand, reorderPoint, available, lowStock });
  }
  if (refused.length) {
    throw new AppError(
      'INSUFFICIENT_STOCK',
      `${refused.length} level(s) would hold fewer units than are reserved or damaged.`,
      { errors: refused },
    );
  }

  const changed = planned.filter(
    (p) =>
      p.onHand !== p.before.on_hand ||
      p.reorderPoint !== p.before.reorder_point ||
      p.lowStock !== p.before.low_stock,
  );
  const after = new Map<string, LevelRow>();
  if (changed.length) {
    const rows = changed.map((p) => ({
      id: p.before.id,
      on_hand: p.onHand,
      reorder_point: p.reorderPoint,
      low_stock: p.lowStock,
    }));
    const { rows: updated } = await tx.execute<LevelRow>(sql`
      UPDATE inventory_levels l SET on_hand = u.on_hand, reorder_point = u.reorder_point,
        low_stock = u.low_stock, updated_at = now()
      FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb)
        AS u(id text, on_hand int, reorder_point int, low_stock boolean)
      WHERE l.id = u.id AND l.store_id = ${storeId}
      RETURNING l.*`);
    for (const r of updated) after.set(r.id, r);
  }

  const moved = planned.filter((p) => p.onHand !== p.before.on_hand);
  if (moved.length) {
    const rows = moved.map((p) => ({
      id: newId('invmov'),
      variant_id: p.before.variant_id,
      delta: p.onHand - p.before.on_hand,
    }));
    await tx.execute(sql`
      INSERT INTO inventory_movements (id, store_id, variant_id, location_id, kind, reason, on_hand_delta,
                                       damaged_delta, reference, note, actor_type, actor_id)
      SELECT m.id, ${storeId}, m.variant_id, ${locationId}, 'adjustment', ${input.reason}, m.delta, 0,
             ${reference}, ${input.note ?? null}, ${actor?.actor.type ?? 'system'}, ${actor?.actor.id ?? null}
      FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) AS m(id text, variant_id text, delta int)`);
  }

  if (options.emitEvents !== false) {
    // In variant order, like the locks (the outbox locks one stream row per level).
    for (const p of planned) {
      const level = after.get(p.before.id) ?? p.before;
      const delta = p.onHand - p.before.on_hand;
      if (delta !== 0) {
        await emitAdjusted(tx, level, {
          kind: 'adjustment',
          reason: input.reason,
          onHandDelta: delta,
          damagedDelta: 0,
          reference,
        });
      }
      if (p.lowStock && !p.before.low_stock) await emitLowStock(tx, level);
    }
  }

  const byVariant = new Map(planned.map((p) => [p.before.variant_id, p]));
  const result: StockLevelsResult = {
    location_id: locationId,
    location_created: locationCreated,
    reference,
    levels_created: created.size,
    levels_changed: moved.length,
    levels: input.levels.map((l) => {
      const p = byVariant.get(l.variant_id)!;
      return {
        variant_id: l.variant_id,
        level_id: p.before.id,
        previous_on_hand: p.before.on_hand,
        on_hand: p.onHand,
        available: p.available,
        reorder_point: p.reorderPoint,
        low_stock: p.lowStock,
      };
    }),
  };
  await audit(tx, actor, {
    storeId,
    action: 'inventory_levels.set',
    entityType: 'stock_location',
    entityId: locationId,
    after: {
      reason: input.reason,
      reference,
      note: input.note ?? null,
      levels: input.levels.length,
      levels_created: result.levels_created,
      levels_changed: result.levels_changed,
    },
  });
  return result;
}

/**
 * On-hand units of these variants at the store's default location (see `defaultStockLocation`),
 * for the CSV export: the quantity an import of `Variant Inventory Qty` sets, so export → import
 * round-trips. Variants without a level there are absent; so is everything when the store has no
 * active location. Reads only (never creates the location).
 */
export async function onHandAtDefaultLocation(
  db: DbOrTx,
  storeId: string,
  variantIds: readonly string[],
): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  if (!variantIds.length) return out;
  const { rows } = await db.execute<{ variant_id: string; on_hand: number }>(sql`
    SELECT l.variant_id, l.on_hand FROM inventory_levels l
    WHERE l.store_id = ${storeId} AND l.variant_id = ANY(${sql.param([...variantIds])}::text[])
      AND l.location_id = (SELECT id FROM stock_locations WHERE store_id = ${storeId} AND active
                           ORDER BY priority, id LIMIT 1)`);
  for (const r of rows) out.set(r.variant_id, r.on_hand);
  return out;
}
