import { and, asc, eq, gt, sql } from 'drizzle-orm';
import type { PgUpdateSetSource } from 'drizzle-orm/pg-core';
import { z } from 'zod';
import { withStore, type Db, type Tx } from '../../platform/db/database.ts';
import { AppError } from '../../platform/errors.ts';
import { emitEvent } from '../../platform/events/outbox.ts';
import { decodeCursor, PageQuery, toPage, type Page } from '../../platform/http/pagination.ts';
import { newId } from '../../platform/ids.ts';
import { parseInput } from '../../platform/validation.ts';
import { CurrencyCode } from '../tenancy/service.ts';
import { carrierRateProvider, carrierRateProviderCodes, TABLE_PROVIDER } from './carriers.ts';
import { bandProblems } from './rate-table.ts';
import { shippingMethods, type RateBand, type RateType, type ShippingMethod } from './schema.ts';
import { audit, shippingWrite, type Actor } from './shared.ts';
import { shippingMethodView } from './views.ts';
import { findZone } from './zones.ts';

// --- input shapes ---------------------------------------------------------------------------

/** Integer minor units: never negative, never fractional. */
const MinorUnits = z
  .number({ error: 'must be a number of minor units' })
  .int('must be a whole number of minor units (e.g. 599 for 5.99)')
  .min(0, 'must not be negative')
  .max(Number.MAX_SAFE_INTEGER);

const BandLimit = z
  .number()
  .int('must be a whole number')
  .min(0, 'must not be negative')
  .max(Number.MAX_SAFE_INTEGER);

const Bands = z
  .array(
    z.strictObject({
      from: BandLimit.describe('Inclusive'),
      to: BandLimit.nullable().default(null).describe('Exclusive; null: no upper limit'),
      amount: MinorUnits,
    }),
  )
  .min(1, 'give at least one band')
  .max(50)
  .superRefine((bands, ctx) => {
    for (const p of bandProblems(bands))
      ctx.addIssue({ code: 'custom', path: [p.index], message: p.message });
  });

export const RateInput = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('flat'), amount: MinorUnits }),
  z.strictObject({
    type: z.literal('weight_band'),
    bands: Bands.describe('Total basket weight in grams; lines of unknown weight count as 0 g'),
  }),
  z.strictObject({
    type: z.literal('price_band'),
    bands: Bands.describe("Basket subtotal (after discounts) in minor units of the method's currency"),
  }),
]);
export type RateInput = z.output<typeof RateInput>;

const Days = z.number().int().min(0).max(365);
const Estimate = z
  .strictObject({ min_days: Days, max_days: Days })
  .refine((e) => e.max_days >= e.min_days, { path: ['max_days'], message: 'must not be less than min_days' });

const Provider = z
  .string()
  .trim()
  .min(1)
  .max(40)
  .refine((code) => carrierRateProvider(code) !== undefined, {
    error: () =>
      `unknown carrier-rate provider; this installation has: ${carrierRateProviderCodes().join(', ')}`,
  });

const MethodFields = {
  name: z.string().trim().min(1).max(120),
  currency: CurrencyCode,
  rate: RateInput,
  free_shipping_threshold: MinorUnits.nullable().describe(
    "Free when the subtotal (after discounts, in the method's currency) reaches this; null: never",
  ),
  delivery_estimate: Estimate.nullable().describe('Business days'),
  active: z.boolean(),
  provider: Provider.describe(
    'Who prices the method: `table` (its own rate table) or a registered carrier, which falls back to the table',
  ),
  provider_service: z.string().trim().min(1).max(100).nullable().describe("The carrier's service code"),
  pickup: z
    .strictObject({
      location_id: z.string().trim().min(1).max(64).describe('An active stock location of the store'),
      instructions: z
        .string()
        .trim()
        .min(1)
        .max(1000)
        .nullable()
        .default(null)
        .describe('What the shopper is told: opening hours, where to go, what to bring'),
    })
    .nullable()
    .describe(
      'Make it a pickup method (click and collect) at this location: its stock is reserved there and tax follows its address',
    ),
};

export const ShippingMethodInput = z.strictObject({
  ...MethodFields,
  free_shipping_threshold: MethodFields.free_shipping_threshold.default(null),
  delivery_estimate: MethodFields.delivery_estimate.default(null),
  active: MethodFields.active.default(true),
  provider: MethodFields.provider.default(TABLE_PROVIDER),
  provider_service: MethodFields.provider_service.default(null),
  pickup: MethodFields.pickup.default(null),
});
export type ShippingMethodInput = z.input<typeof ShippingMethodInput>;

export const ShippingMethodPatch = z.strictObject(MethodFields).partial();
export type ShippingMethodPatch = z.input<typeof ShippingMethodPatch>;

/** The columns of a rate table. */
function rateColumns(rate: RateInput): { rateType: RateType; flatAmount: number | null; bands: RateBand[] } {
  return rate.type === 'flat'
    ? { rateType: 'flat', flatAmount: rate.amount, bands: [] }
    : {
        rateType: rate.type,
        flatAmount: null,
        bands: rate.bands.map((b) => ({ from: b.from, to: b.to, amount: b.amount })),
      };
}

/**
 * A pickup method collects from an active location of the store (a foreign or unknown id is 422:
 * the foreign key alone would accept another store's location), and is priced by its own table.
 */
async function assertPickupLocation(
  tx: Tx,
  storeId: string,
  locationId: string,
  provider: string,
): Promise<void> {
  if (provider !== TABLE_PROVIDER) throw carrierPickup();
  const { rows } = await tx.execute<{ active: boolean }>(
    sql`SELECT active FROM stock_locations WHERE store_id = ${storeId} AND id = ${locationId}`,
  );
  if (!rows[0]?.active) {
    throw new AppError('UNPROCESSABLE', 'A pickup method needs an active stock location of this store.', {
      errors: [
        {
          path: 'body.pickup.location_id',
          message: rows[0] ? 'this location is inactive' : 'not a stock location of this store',
        },
      ],
    });
  }
}

const carrierPickup = () =>
  new AppError('UNPROCESSABLE', 'A pickup method is priced by its own rate table, not a carrier.', {
    errors: [{ path: 'body.provider', message: `must be ${TABLE_PROVIDER} for a pickup method` }],
  });

// --- reads ----------------------------------------------------------------------------------

async function findMethod(tx: Tx, storeId: string, methodId: string, lock = false): Promise<ShippingMethod> {
  const q = tx
    .select()
    .from(shippingMethods)
    .where(and(eq(shippingMethods.storeId, storeId), eq(shippingMethods.id, methodId)));
  const [method] = lock ? await q.for('update') : await q;
  if (!method) throw new AppError('NOT_FOUND', `Shipping method ${methodId} does not exist.`);
  return method;
}

export async function getShippingMethod(
  db: Db,
  options: { storeId: string; methodId: string },
): Promise<ShippingMethod> {
  return withStore(db, options.storeId, (tx) => findMethod(tx, options.storeId, options.methodId));
}

/** A zone's methods in creation order. */
export async function listShippingMethods(
  db: Db,
  options: { storeId: string; zoneId: string; query: z.input<typeof PageQuery> },
): Promise<Page<ShippingMethod>> {
  const query = parseInput(PageQuery, options.query, 'querystring');
  const cursor = decodeCursor<{ id: string }>(query.cursor);
  const { storeId, zoneId } = options;
  const rows = await withStore(db, storeId, async (tx) => {
    await findZone(tx, storeId, zoneId);
    return tx
      .select()
      .from(shippingMethods)
      .where(
        and(
          eq(shippingMethods.storeId, storeId),
          eq(shippingMethods.zoneId, zoneId),
          cursor ? gt(shippingMethods.id, String(cursor.id)) : undefined,
        ),
      )
      .orderBy(asc(shippingMethods.id))
      .limit(query.limit + 1);
  });
  return toPage(rows, query.limit, (m) => ({ id: m.id }));
}

// --- writes ---------------------------------------------------------------------------------

async function emitMethodEvent(tx: Tx, type: string, method: ShippingMethod): Promise<void> {
  await emitEvent(tx, {
    storeId: method.storeId,
    type,
    aggregateType: 'shipping_zone',
    aggregateId: method.zoneId,
    payload: shippingMethodView(method),
  });
}

export async function createShippingMethod(
  db: Db,
  options: { storeId: string; zoneId: string; input: ShippingMethodInput; actor?: Actor },
): Promise<ShippingMethod> {
  const input = parseInput(ShippingMethodInput, options.input);
  const { storeId, zoneId } = options;
  return shippingWrite(db, storeId, async (tx) => {
    await findZone(tx, storeId, zoneId);
    if (input.pickup) await assertPickupLocation(tx, storeId, input.pickup.location_id, input.provider);
    const [method] = await tx
      .insert(shippingMethods)
      .values({
        id: newId('shm'),
        storeId,
        zoneId,
        name: input.name,
        currency: input.currency,
        ...rateColumns(input.rate),
        freeShippingThreshold: input.free_shipping_threshold,
        minDays: input.delivery_estimate?.min_days ?? null,
        maxDays: input.delivery_estimate?.max_days ?? null,
        active: input.active,
        provider: input.provider,
        providerService: input.provider_service,
        pickupLocationId: input.pickup?.location_id ?? null,
        pickupInstructions: input.pickup?.instructions ?? null,
      })
      .returning();
    await emitMethodEvent(tx, 'shipping_method.created', method!);
    await audit(tx, options.actor, {
      storeId,
      action: 'shipping_method.created',
      entityType: 'shipping_method',
      entityId: method!.id,
      after: shippingMethodView(method!),
    });
    return method!;
  });
}

export async function updateShippingMethod(
  db: Db,
  options: { storeId: string; methodId: string; patch: ShippingMethodPatch; actor?: Actor },
): Promise<ShippingMethod> {
  const patch = parseInput(ShippingMethodPatch, options.patch);
  const { storeId, methodId } = options;
  return shippingWrite(db, storeId, async (tx) => {
    const before = await findMethod(tx, storeId, methodId, true);
    const set: PgUpdateSetSource<typeof shippingMethods> = { updatedAt: sql`now()` };
    if (patch.name !== undefined) set.name = patch.name;
    if (patch.currency !== undefined) set.currency = patch.currency;
    if (patch.rate !== undefined) Object.assign(set, rateColumns(patch.rate));
    if (patch.free_shipping_threshold !== undefined)
      set.freeShippingThreshold = patch.free_shipping_threshold;
    if (patch.delivery_estimate !== undefined) {
      set.minDays = patch.delivery_estimate?.min_days ?? null;
      set.maxDays = patch.delivery_estimate?.max_days ?? null;
    }
    if (patch.active !== undefined) set.active = patch.active;
    if (patch.provider !== undefined) set.provider = patch.provider;
    if (patch.provider_service !== undefined) set.providerService = patch.provider_service;
    if (patch.pickup !== undefined) {
      if (patch.pickup) {
        await assertPickupLocation(tx, storeId, patch.pickup.location_id, patch.provider ?? before.provider);
      }
      set.pickupLocationId = patch.pickup?.location_id ?? null;
      set.pickupInstructions = patch.pickup?.instructions ?? null;
    } else if (before.pickupLocationId && patch.provider !== undefined && patch.provider !== TABLE_PROVIDER) {
      throw carrierPickup();
    }
    const [after] = await tx
      .update(shippingMethods)
      .set(set)
      .where(eq(shippingMethods.id, methodId))
      .returning();
    await emitMethodEvent(tx, 'shipping_method.updated', after!);
    await audit(tx, options.actor, {
      storeId,
      action: 'shipping_method.updated',
      entityType: 'shipping_method',
      entityId: methodId,
      before: shippingMethodView(before),
      after: shippingMethodView(after!),
    });
    return after!;
  });
}

export async function deleteShippingMethod(
  db: Db,
  options: { storeId: string; methodId: string; actor?: Actor },
): Promise<void> {
  const { storeId, methodId } = options;
  await shippingWrite(db, storeId, async (tx) => {
    const before = await findMethod(tx, storeId, methodId, true);
    await tx.delete(shippingMethods).where(eq(shippingMethods.id, methodId));
    await emitMethodEvent(tx, 'shipping_method.deleted', before);
    await audit(tx, options.actor, {
      storeId,
      action: 'shipping_method.deleted',
      entityType: 'shipping_method',
      entityId: methodId,
      before: shippingMethodView(before),
    });
  });
}
