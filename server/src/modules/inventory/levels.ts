import { sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { withStore, type Db, type DbOrTx, type Tx } from '../../platform/db/database.ts';
import { preparedReadAhead, sentAheadAnswer, type ReadAhead } from '../../platform/db/read-ahead.ts';
import { inStore } from '../../platform/db/scope.ts';
import { AppError } from '../../platform/errors.ts';
import { decodeCursor, PageQuery, toPage, type Page } from '../../platform/http/pagination.ts';
import { newId } from '../../platform/ids.ts';
import { parseInput } from '../../platform/validation.ts';
import { variantsForStock, type BackorderPolicy } from './catalog-port.ts';
import {
  audit,
  emitAdjusted,
  levelView,
  lockLevel,
  recordMovement,
  requireLocations,
  requireVariants,
  trackLowStock,
  type Actor,
  type LevelRow,
} from './shared.ts';
import { isoOf, type InventoryLevelView, type MovementView, type VariantAvailabilityView } from './views.ts';

const Id = z.string().min(1).max(64);
const Quantity = z.number().int('must be a whole number').positive('must be greater than 0').max(1_000_000);
const Note = z.string().trim().max(500).optional();

/**
 * Why stock changed. Each reason moves on-hand and damaged units its own way:
 * received/returned +on_hand; shrinkage −on_hand (lost, stolen); damaged +damaged (still held, not
 * sellable); repaired −damaged (sellable again); disposed −on_hand −damaged (damaged units written
 * off); correction ±on_hand (the only reason whose quantity may be negative).
 */
export const ADJUSTMENT_REASONS = [
  'received',
  'returned',
  'shrinkage',
  'damaged',
  'repaired',
  'disposed',
  'correction',
] as const;
export type AdjustmentReason = (typeof ADJUSTMENT_REASONS)[number];

function deltasFor(reason: AdjustmentReason, q: number): { onHand: number; damaged: number } {
  switch (reason) {
    case 'received':
    case 'returned':
    case 'correction':
      return { onHand: q, damaged: 0 };
    case 'shrinkage':
      return { onHand: -q, damaged: 0 };
    case 'damaged':
      return { onHand: 0, damaged: q };
    case 'repaired':
      return { onHand: 0, damaged: -q };
    case 'disposed':
      return { onHand: -q, damaged: -q };
  }
}

export const AdjustmentInput = z
  .strictObject({
    variant_id: Id,
    location_id: Id,
    reason: z.enum(ADJUSTMENT_REASONS),
    quantity: z
      .number()
      .int('must be a whole number')
      .min(-1_000_000)
      .max(1_000_000)
      .refine((q) => q !== 0, 'must not be 0')
      .describe('Units; positive, except for `correction`, which may be negative'),
    note: Note,
  })
  .superRefine((v, ctx) => {
    if (v.reason !== 'correction' && v.quantity < 0) {
      ctx.addIssue({
        code: 'custom',
        path: ['quantity'],
        message: `must be positive for reason "${v.reason}"`,
      });
    }
  });
export type AdjustmentInput = z.input<typeof AdjustmentInput>;

export const TransferInput = z
  .strictObject({
    variant_id: Id,
    from_location_id: Id,
    to_location_id: Id,
    quantity: Quantity,
    note: Note,
  })
  .refine((v) => v.from_location_id !== v.to_location_id, {
    path: ['to_location_id'],
    message: 'must differ from from_location_id',
  });
export type TransferInput = z.input<typeof TransferInput>;

export const SetLevelInput = z
  .strictObject({
    variant_id: Id,
    location_id: Id,
    on_hand: z
      .number()
      .int('must be a whole number')
      .min(0)
      .max(100_000_000)
      .optional()
      .describe('Counted units on hand (a stock count); the difference is recorded as a correction'),
    reorder_point: z.number().int('must be a whole number').min(0).max(100_000_000).nullable().optional(),
    note: Note,
  })
  .refine((v) => v.on_hand !== undefined || v.reorder_point !== undefined, {
    message: 'set on_hand, reorder_point or both',
  });
export type SetLevelInput = z.input<typeof SetLevelInput>;

export const LevelListQuery = PageQuery.extend({
  variant_ids: z.string().max(4000).optional().describe('Comma-separated variant ids'),
  location_id: Id.optional(),
  low_stock: z.enum(['true', 'false']).optional(),
});

export const MovementListQuery = PageQuery.extend({
  variant_id: Id.optional(),
  location_id: Id.optional(),
  kind: z.enum(['adjustment', 'transfer_out', 'transfer_in', 'committed']).optional(),
  reference: Id.optional(),
});

/**
 * Apply on-hand/damaged deltas to a locked level, refusing changes that would take units that are
 * not there: more damaged than held, or (unless the variant allows backorders) less available
 * than zero. Returns the updated level.
 */
async function applyDeltas(
  tx: Tx,
  level: LevelRow,
  d: { onHand: number; damaged: number },
  policy: BackorderPolicy,
): Promise<LevelRow> {
  const onHand = level.on_hand + d.onHand;
  const damaged = level.damaged + d.damaged;
  const available = onHand - level.reserved - damaged;
  if (damaged < 0) {
    throw new AppError(
      'INSUFFICIENT_STOCK',
      `Only ${level.damaged} damaged units are recorded at this location.`,
      {
        errors: [{ path: 'body.quantity', message: `at most ${level.damaged}` }],
      },
    );
  }
  if ((d.onHand < 0 || d.damaged > 0) && damaged > Math.max(onHand, 0)) {
    throw new AppError('INSUFFICIENT_STOCK', `The location holds only ${level.on_hand} units.`, {
      errors: [{ path: 'body.quantity', message: 'more units than the location holds' }],
    });
  }
  if (d.onHand - d.damaged < 0 && available < 0 && policy === 'deny') {
    throw new AppError(
      'INSUFFICIENT_STOCK',
      `Only ${level.available} units are available (the rest are reserved or damaged).`,
      { errors: [{ path: 'body.quantity', message: `at most ${Math.max(level.available, 0)} available` }] },
    );
  }
  const { rows } = await tx.execute<LevelRow>(sql`
    UPDATE inventory_levels SET on_hand = ${onHand}, damaged = ${damaged}, updated_at = now()
    WHERE id = ${level.id} RETURNING *`);
  return rows[0]!;
}

/** Change stock at one location for a reason; recorded in the ledger, the audit log and as an event. */
export async function adjustInventory(
  db: Db,
  options: { storeId: string; input: AdjustmentInput; actor?: Actor },
): Promise<{ movement_id: string; level: InventoryLevelView }> {
  const input = parseInput(AdjustmentInput, options.input);
  const { storeId } = options;
  return withStore(db, storeId, async (tx) => {
    const variants = await requireVariants(tx, storeId, [input.variant_id], () => 'body.variant_id');
    await requireLocations(tx, storeId, [{ id: input.location_id, path: 'body.location_id' }]);
    const before = await lockLevel(tx, storeId, input.variant_id, input.location_id);
    const d = deltasFor(input.reason, input.quantity);
    let level = await applyDeltas(tx, before, d, variants.get(input.variant_id)!.backorderPolicy);
    level = await trackLowStock(tx, level);
    const movementId = await recordMovement(tx, {
      storeId,
      variantId: input.variant_id,
      locationId: input.location_id,
      kind: 'adjustment',
      reason: input.reason,
      onHandDelta: d.onHand,
      damagedDelta: d.damaged,
      note: input.note,
      actor: options.actor,
    });
    await emitAdjusted(tx, level, {
      kind: 'adjustment',
      reason: input.reason,
      onHandDelta: d.onHand,
      damagedDelta: d.damaged,
    });
    const after = levelView(level);
    await audit(tx, options.actor, {
      storeId,
      action: 'inventory.adjusted',
      entityType: 'inventory_level',
      entityId: level.id,
      before: levelView(before),
      after: { ...after, reason: input.reason, quantity: input.quantity, movement_id: movementId },
    });
    return { movement_id: movementId, level: after };
  });
}

/** Count stock (set on hand; the difference is a `correction`) and/or set the reorder point. */
export async function setInventoryLevel(
  db: Db,
  options: { storeId: string; input: SetLevelInput; actor?: Actor },
): Promise<InventoryLevelView> {
  const input = parseInput(SetLevelInput, options.input);
  const { storeId } = options;
  return withStore(db, storeId, async (tx) => {
    const variants = await requireVariants(tx, storeId, [input.variant_id], () => 'body.variant_id');
    await requireLocations(tx, storeId, [{ id: input.location_id, path: 'body.location_id' }]);
    const before = await lockLevel(tx, storeId, input.variant_id, input.location_id);
    let level = before;
    if (input.reorder_point !== undefined) {
      const { rows } = await tx.execute<LevelRow>(sql`
        UPDATE inventory_levels SET reorder_point = ${input.reorder_point}, updated_at = now()
        WHERE id = ${level.id} RETURNING *`);
      level = rows[0]!;
    }
    const delta = input.on_hand === undefined ? 0 : input.on_hand - level.on_hand;
    if (delta !== 0) {
      level = await applyDeltas(
        tx,
        level,
        { onHand: delta, damaged: 0 },
        variants.get(input.variant_id)!.backorderPolicy,
      );
      await recordMovement(tx, {
        storeId,
        variantId: input.variant_id,
        locationId: input.location_id,
        kind: 'adjustment',
        reason: 'correction',
        onHandDelta: delta,
        note: input.note ?? 'stock count',
        actor: options.actor,
      });
      await emitAdjusted(tx, level, {
        kind: 'adjustment',
        reason: 'correction',
        onHandDelta: delta,
        damagedDelta: 0,
      });
    }
    level = await trackLowStock(tx, level);
    const after = levelView(level);
    await audit(tx, options.actor, {
      storeId,
      action: 'inventory_level.set',
      entityType: 'inventory_level',
      entityId: level.id,
      before: levelView(before),
      after,
    });
    return after;
  });
}

/** Move units between two locations: both sides in one transaction, two ledger rows, one transfer id. */
export async function transferInventory(
  db: Db,
  options: { storeId: string; input: TransferInput; actor?: Actor },
): Promise<{ transfer_id: string; from: InventoryLevelView; to: InventoryLevelView }> {
  const input = parseInput(TransferInput, options.input);
  const { storeId } = options;
  const transferId = newId('trf');
  return withStore(db, storeId, async (tx) => {
    const variants = await requireVariants(tx, storeId, [input.variant_id], () => 'body.variant_id');
    await requireLocations(tx, storeId, [
      { id: input.from_location_id, path: 'body.from_location_id' },
      { id: input.to_location_id, path: 'body.to_location_id' },
    ]);
    // Lock both levels in location order (the order every locker uses).
    const ordered = [input.from_location_id, input.to_location_id].sort();
    const locked = new Map<string, LevelRow>();
    for (const loc of ordered) locked.set(loc, await lockLevel(tx, storeId, input.variant_id, loc));
    const source = locked.get(input.from_location_id)!;
    if (source.available < input.quantity) {
      throw new AppError(
        'INSUFFICIENT_STOCK',
        `Only ${Math.max(source.available, 0)} units are available at the source location.`,
        { errors: [{ path: 'body.quantity', message: `at most ${Math.max(source.available, 0)}` }] },
      );
    }
    const policy = variants.get(input.variant_id)!.backorderPolicy;
    let from = await applyDeltas(tx, source, { onHand: -input.quantity, damaged: 0 }, policy);
    let to = await applyDeltas(
      tx,
      locked.get(input.to_location_id)!,
      { onHand: input.quantity, damaged: 0 },
      policy,
    );
    from = await trackLowStock(tx, from);
    to = await trackLowStock(tx, to);
    for (const [level, kind, delta] of [
      [from, 'transfer_out', -input.quantity],
      [to, 'transfer_in', input.quantity],
    ] as const) {
      await recordMovement(tx, {
        storeId,
        variantId: input.variant_id,
        locationId: level.location_id,
        kind,
        onHandDelta: delta,
        reference: transferId,
        note: input.note,
        actor: options.actor,
      });
      await emitAdjusted(tx, level, {
        kind,
        reason: null,
        onHandDelta: delta,
        damagedDelta: 0,
        reference: transferId,
      });
    }
    const result = { transfer_id: transferId, from: levelView(from), to: levelView(to) };
    await audit(tx, options.actor, {
      storeId,
      action: 'inventory.transferred',
      entityType: 'inventory_transfer',
      entityId: transferId,
      after: { ...result, variant_id: input.variant_id, quantity: input.quantity },
    });
    return result;
  });
}

export async function listInventoryLevels(
  db: Db,
  options: { storeId: string; query: z.input<typeof LevelListQuery> },
): Promise<Page<InventoryLevelView>> {
  const q = parseInput(LevelListQuery, options.query, 'querystring');
  const cursor = decodeCursor<{ id: string }>(q.cursor);
  const variantIds = q.variant_ids
    ?.split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (variantIds && variantIds.length > 200) {
    throw new AppError('VALIDATION_FAILED', 'At most 200 variant ids.', {
      errors: [{ path: 'querystring.variant_ids', message: 'at most 200 ids' }],
    });
  }
  const rows = await withStore(db, options.storeId, async (tx) => {
    const { rows } = await tx.execute<LevelRow>(sql`
      SELECT * FROM inventory_levels
      WHERE store_id = ${options.storeId}
        ${variantIds?.length ? sql`AND variant_id = ANY(${sql.param(variantIds)}::text[])` : sql``}
        ${q.location_id ? sql`AND location_id = ${q.location_id}` : sql``}
        ${q.low_stock ? sql`AND low_stock = ${q.low_stock === 'true'}` : sql``}
        ${cursor ? sql`AND id > ${String(cursor.id)}` : sql``}
      ORDER BY id
      LIMIT ${q.limit + 1}`);
    return rows;
  });
  const page = toPage(rows, q.limit, (r) => ({ id: r.id }));
  return { data: page.data.map(levelView), next_cursor: page.next_cursor };
}

interface MovementRow {
  [column: string]: unknown;
  id: string;
  variant_id: string;
  location_id: string;
  kind: MovementView['kind'];
  reason: string | null;
  on_hand_delta: number;
  damaged_delta: number;
  reference: string | null;
  note: string | null;
  actor_type: string | null;
  actor_id: string | null;
  created_at: Date | string;
}

/** The ledger, newest first. */
export async function listInventoryMovements(
  db: Db,
  options: { storeId: string; query: z.input<typeof MovementListQuery> },
): Promise<Page<MovementView>> {
  const q = parseInput(MovementListQuery, options.query, 'querystring');
  const cursor = decodeCursor<{ id: string }>(q.cursor);
  const rows = await withStore(db, options.storeId, async (tx) => {
    const { rows } = await tx.execute<MovementRow>(sql`
      SELECT * FROM inventory_movements
      WHERE store_id = ${options.storeId}
        ${q.variant_id ? sql`AND variant_id = ${q.variant_id}` : sql``}
        ${q.location_id ? sql`AND location_id = ${q.location_id}` : sql``}
        ${q.kind ? sql`AND kind = ${q.kind}` : sql``}
        ${q.reference ? sql`AND reference = ${q.reference}` : sql``}
        ${cursor ? sql`AND id < ${String(cursor.id)}` : sql``}
      ORDER BY id DESC
      LIMIT ${q.limit + 1}`);
    return rows;
  });
  const page = toPage(rows, q.limit, (r) => ({ id: r.id }));
  return {
    data: page.data.map((r) => ({ ...r, created_at: isoOf(r.created_at) })),
    next_cursor: page.next_cursor,
  };
}

/**
 * Availability of many variants at once, summed over the store's active locations, in the order
 * asked (duplicates collapsed). Unknown variants — or another store's — come back as not stocked
 * (available 0, not in stock), so a storefront never learns whether an id exists elsewhere.
 *
 * Pass the Db (a store-scoped transaction is opened) or a transaction already scoped to `storeId`.
 */
export async function availabilityFor(
  db: DbOrTx,
  storeId: string,
  variantIds: readonly string[],
  /** The variants' backorder policies, when the caller has just read them (one read fewer). */
  known?: ReadonlyMap<string, { backorderPolicy: BackorderPolicy }>,
): Promise<VariantAvailabilityView[]> {
  const ids = [...new Set(variantIds)];
  if (ids.length === 0) return [];
  const read = async (tx: Tx) => {
    const policies = known ?? (await variantsForStock(tx, storeId, ids));
    const levels = levelsStatement(storeId, ids);
    const rows = sentAheadAnswer<LevelStock>(tx, levels) ?? (await tx.execute<LevelStock>(levels)).rows;
    return { policies, rows };
  };
  const { policies, rows } = await inStore(db, storeId, read);
  const byVariant = new Map<string, VariantAvailabilityView>();
  for (const id of ids) {
    const policy = policies.get(id)?.backorderPolicy ?? 'deny';
    byVariant.set(id, {
      variant_id: id,
      available: 0,
      on_hand: 0,
      reserved: 0,
      in_stock: policies.has(id) && policy === 'allow',
      backorder_policy: policy,
      locations: [],
    });
  }
  for (const r of rows) {
    const v = byVariant.get(r.variant_id)!;
    v.available += r.available;
    v.on_hand += r.on_hand;
    v.reserved += r.reserved;
    v.locations.push({ location_id: r.location_id, available: r.available });
  }
  for (const v of byVariant.values()) if (v.available > 0) v.in_stock = true;
  return [...byVariant.values()];
}

type LevelStock = {
  variant_id: string;
  location_id: string;
  on_hand: number;
  reserved: number;
  available: number;
};

/** The levels of some variants at active locations, the most preferred location first. */
function levelsStatement(storeId: string, variantIds: readonly string[]): SQL {
  return sql`
      SELECT l.variant_id, l.location_id, l.on_hand, l.reserved, l.available
      FROM inventory_levels l JOIN stock_locations s ON s.id = l.location_id AND s.active
      WHERE l.store_id = ${storeId} AND l.variant_id = ANY(${sql.param([...new Set(variantIds)])}::text[])
      ORDER BY l.variant_id, s.priority, l.location_id`;
}

const levelsRead = preparedReadAhead('inventory_levels_of_variants', levelsStatement('', []));

/**
 * `availabilityFor`'s read of the levels, as a read to send ahead in a transaction
 * (`read-ahead.ts`): the cart sends it with its lock when a shopper adds a variant.
 */
export function availabilityAhead(storeId: string, variantIds: readonly string[]): ReadAhead {
  return levelsRead(levelsStatement(storeId, variantIds));
}

export interface RestockLine {
  variantId: string;
  locationId: string;
  quantity: number;
}

/**
 * Units coming back on hand, in the caller's transaction (already scoped to `storeId`), so the
 * stock moves exactly when the caller's own change commits — an order cancelled after its
 * reservation was committed, a return received. Each line adds `quantity` on hand at its
 * location: one ledger row (adjustment, reason `returned`, with `reference`, e.g. the order or
 * return id) and one `inventory.adjusted` event per line; levels are locked in the global
 * (variant, location) order. A level that is gone is created.
 */
export async function restockInTx(
  tx: Tx,
  options: {
    storeId: string;
    reference: string;
    note?: string;
    lines: readonly RestockLine[];
    actor?: Actor;
  },
): Promise<InventoryLevelView[]> {
  const { storeId } = options;
  const lines = [...options.lines]
    .filter((l) => l.quantity > 0)
    .sort((a, b) =>
      a.variantId === b.variantId
        ? a.locationId.localeCompare(b.locationId)
        : a.variantId.localeCompare(b.variantId),
    );
  const out: InventoryLevelView[] = [];
  for (const line of lines) {
    if (!Number.isInteger(line.quantity)) throw new RangeError('restock quantities are whole units');
    const before = await lockLevel(tx, storeId, line.variantId, line.locationId);
    let level = await applyDeltas(tx, before, { onHand: line.quantity, damaged: 0 }, 'allow');
    level = await trackLowStock(tx, level);
    await recordMovement(tx, {
      storeId,
      variantId: line.variantId,
      locationId: line.locationId,
      kind: 'adjustment',
      reason: 'returned',
      onHandDelta: line.quantity,
      reference: options.reference,
      note: options.note ?? null,
      actor: options.actor,
    });
    await emitAdjusted(tx, level, {
      kind: 'adjustment',
      reason: 'returned',
      onHandDelta: line.quantity,
      damagedDelta: 0,
      reference: options.reference,
    });
    out.push(levelView(level));
  }
  return out;
}
