import { and, asc, eq, gt, inArray, sql } from 'drizzle-orm';
import type { PgUpdateSetSource } from 'drizzle-orm/pg-core';
import { z } from 'zod';
import { isCountryCode } from '../../platform/address.ts';
import { withStore, type Db, type Tx } from '../../platform/db/database.ts';
import { AppError } from '../../platform/errors.ts';
import { emitEvent } from '../../platform/events/outbox.ts';
import { decodeCursor, PageQuery, toPage, type Page } from '../../platform/http/pagination.ts';
import { newId } from '../../platform/ids.ts';
import { normalizePostcodePattern, postcodePatternError } from '../../platform/postcode-pattern.ts';
import { parseInput } from '../../platform/validation.ts';
import { EVERY_COUNTRY } from './matching.ts';
import { shippingMethods, shippingZones, type ShippingMethod, type ShippingZone } from './schema.ts';
import { audit, shippingWrite, type Actor } from './shared.ts';
import { shippingZoneView } from './views.ts';

// --- input shapes ---------------------------------------------------------------------------

const ZoneCountry = z
  .string()
  .transform((c) => c.trim().toUpperCase())
  .refine((c) => c === EVERY_COUNTRY || isCountryCode(c), {
    message: 'Unknown country: use an ISO 3166-1 alpha-2 code such as VN, or "*" for every country.',
  });

/** Distinct values in first-seen order (`key` says when two are the same). */
const distinct = (values: string[], key: (v: string) => string = (v) => v) => {
  const seen = new Set<string>();
  return values.filter((v) => !seen.has(key(v)) && seen.add(key(v)));
};

const ZoneFields = {
  name: z.string().trim().min(1).max(120),
  countries: z
    .array(ZoneCountry)
    .min(1, 'name at least one country, or "*" for every country')
    .max(300)
    .transform((c) => distinct(c))
    .refine(
      (c) => !c.includes(EVERY_COUNTRY) || c.length === 1,
      '"*" already covers every country: use it alone',
    )
    .describe('ISO 3166-1 alpha-2 codes, or ["*"] for the rest of the world'),
  regions: z
    .array(z.string().trim().min(1).max(100))
    .max(200)
    .transform((r) => distinct(r, (v) => v.toUpperCase()))
    .describe('Region codes or names (as in addresses), compared case-insensitively; empty: whole countries'),
  postcode_patterns: z
    .array(
      z
        .string()
        .max(100)
        .superRefine((p, ctx) => {
          const problem = postcodePatternError(p);
          if (problem) ctx.addIssue({ code: 'custom', message: problem });
        })
        .transform(normalizePostcodePattern),
    )
    .max(500)
    .transform((p) => distinct(p))
    .describe('Ranges (700000-709999), wildcards (70*, SW1A*) or exact postcodes; empty: every postcode'),
};

/** A rest-of-the-world zone is not narrowed: what would its regions be regions of? */
function checkNarrowing(
  v: { countries?: string[]; regions?: string[]; postcode_patterns?: string[] },
  ctx: z.RefinementCtx,
): void {
  if (!v.countries?.includes(EVERY_COUNTRY)) return;
  for (const field of ['regions', 'postcode_patterns'] as const) {
    if (v[field]?.length) {
      ctx.addIssue({
        code: 'custom',
        path: [field],
        message: 'a zone of every country ("*") cannot be narrowed',
      });
    }
  }
}

export const ShippingZoneInput = z
  .strictObject({
    ...ZoneFields,
    regions: ZoneFields.regions.default([]),
    postcode_patterns: ZoneFields.postcode_patterns.default([]),
  })
  .superRefine(checkNarrowing);
export type ShippingZoneInput = z.input<typeof ShippingZoneInput>;

// Without defaults: an absent field leaves the zone's value alone.
export const ShippingZonePatch = z.strictObject(ZoneFields).partial().superRefine(checkNarrowing);
export type ShippingZonePatch = z.input<typeof ShippingZonePatch>;

// --- reads ----------------------------------------------------------------------------------

export interface ShippingZoneWithMethods {
  zone: ShippingZone;
  methods: ShippingMethod[];
}

export async function findZone(tx: Tx, storeId: string, zoneId: string, lock = false): Promise<ShippingZone> {
  const q = tx
    .select()
    .from(shippingZones)
    .where(and(eq(shippingZones.storeId, storeId), eq(shippingZones.id, zoneId)));
  const [zone] = lock ? await q.for('update') : await q;
  if (!zone) throw new AppError('NOT_FOUND', `Shipping zone ${zoneId} does not exist.`);
  return zone;
}

async function methodsOfZones(
  tx: Tx,
  storeId: string,
  zoneIds: string[],
): Promise<Map<string, ShippingMethod[]>> {
  const out = new Map<string, ShippingMethod[]>(zoneIds.map((id) => [id, []]));
  if (zoneIds.length === 0) return out;
  const rows = await tx
    .select()
    .from(shippingMethods)
    .where(and(eq(shippingMethods.storeId, storeId), inArray(shippingMethods.zoneId, zoneIds)))
    .orderBy(asc(shippingMethods.id));
  for (const m of rows) out.get(m.zoneId)?.push(m);
  return out;
}

export async function zoneWithMethods(
  tx: Tx,
  storeId: string,
  zone: ShippingZone,
): Promise<ShippingZoneWithMethods> {
  const methods = await methodsOfZones(tx, storeId, [zone.id]);
  return { zone, methods: methods.get(zone.id) ?? [] };
}

export async function getShippingZone(
  db: Db,
  options: { storeId: string; zoneId: string },
): Promise<ShippingZoneWithMethods> {
  return withStore(db, options.storeId, async (tx) =>
    zoneWithMethods(tx, options.storeId, await findZone(tx, options.storeId, options.zoneId)),
  );
}

/** Zones in creation order, each with its methods. */
export async function listShippingZones(
  db: Db,
  options: { storeId: string; query: z.input<typeof PageQuery> },
): Promise<Page<ShippingZoneWithMethods>> {
  const query = parseInput(PageQuery, options.query, 'querystring');
  const cursor = decodeCursor<{ id: string }>(query.cursor);
  const { storeId } = options;
  return withStore(db, storeId, async (tx) => {
    const rows = await tx
      .select()
      .from(shippingZones)
      .where(
        and(eq(shippingZones.storeId, storeId), cursor ? gt(shippingZones.id, String(cursor.id)) : undefined),
      )
      .orderBy(asc(shippingZones.id))
      .limit(query.limit + 1);
    const page = toPage(rows, query.limit, (z) => ({ id: z.id }));
    const methods = await methodsOfZones(
      tx,
      storeId,
      page.data.map((z) => z.id),
    );
    return {
      data: page.data.map((zone) => ({ zone, methods: methods.get(zone.id) ?? [] })),
      next_cursor: page.next_cursor,
    };
  });
}

// --- writes ---------------------------------------------------------------------------------

async function emitZoneEvent(tx: Tx, type: string, z: ShippingZoneWithMethods): Promise<void> {
  await emitEvent(tx, {
    storeId: z.zone.storeId,
    type,
    aggregateType: 'shipping_zone',
    aggregateId: z.zone.id,
    payload: shippingZoneView(z.zone, z.methods),
  });
}

export async function createShippingZone(
  db: Db,
  options: { storeId: string; input: ShippingZoneInput; actor?: Actor },
): Promise<ShippingZoneWithMethods> {
  const input = parseInput(ShippingZoneInput, options.input);
  const { storeId } = options;
  return shippingWrite(db, storeId, async (tx) => {
    const [zone] = await tx
      .insert(shippingZones)
      .values({
        id: newId('shz'),
        storeId,
        name: input.name,
        countries: input.countries,
        regions: input.regions,
        postcodePatterns: input.postcode_patterns,
      })
      .returning();
    const created = { zone: zone!, methods: [] };
    await emitZoneEvent(tx, 'shipping_zone.created', created);
    await audit(tx, options.actor, {
      storeId,
      action: 'shipping_zone.created',
      entityType: 'shipping_zone',
      entityId: zone!.id,
      after: shippingZoneView(zone!, []),
    });
    return created;
  });
}

export async function updateShippingZone(
  db: Db,
  options: { storeId: string; zoneId: string; patch: ShippingZonePatch; actor?: Actor },
): Promise<ShippingZoneWithMethods> {
  const patch = parseInput(ShippingZonePatch, options.patch);
  const { storeId, zoneId } = options;
  return shippingWrite(db, storeId, async (tx) => {
    const before = await zoneWithMethods(tx, storeId, await findZone(tx, storeId, zoneId, true));
    // Checked against the zone as it will be: a patch may name only one side of the rule.
    const countries = patch.countries ?? before.zone.countries;
    const regions = patch.regions ?? before.zone.regions;
    const postcodes = patch.postcode_patterns ?? before.zone.postcodePatterns;
    if (countries.includes(EVERY_COUNTRY) && (regions.length > 0 || postcodes.length > 0)) {
      throw new AppError('VALIDATION_FAILED', 'A zone of every country ("*") cannot be narrowed.', {
        errors: [{ path: 'body.countries', message: 'remove the regions and postcode patterns first' }],
      });
    }
    const set: PgUpdateSetSource<typeof shippingZones> = { updatedAt: sql`now()` };
    if (patch.name !== undefined) set.name = patch.name;
    if (patch.countries !== undefined) set.countries = patch.countries;
    if (patch.regions !== undefined) set.regions = patch.regions;
    if (patch.postcode_patterns !== undefined) set.postcodePatterns = patch.postcode_patterns;
    const [zone] = await tx.update(shippingZones).set(set).where(eq(shippingZones.id, zoneId)).returning();
    const after = { zone: zone!, methods: before.methods };
    await emitZoneEvent(tx, 'shipping_zone.updated', after);
    await audit(tx, options.actor, {
      storeId,
      action: 'shipping_zone.updated',
      entityType: 'shipping_zone',
      entityId: zoneId,
      before: shippingZoneView(before.zone, before.methods),
      after: shippingZoneView(after.zone, after.methods),
    });
    return after;
  });
}

/** Delete a zone and its methods. */
export async function deleteShippingZone(
  db: Db,
  options: { storeId: string; zoneId: string; actor?: Actor },
): Promise<void> {
  const { storeId, zoneId } = options;
  await shippingWrite(db, storeId, async (tx) => {
    const before = await zoneWithMethods(tx, storeId, await findZone(tx, storeId, zoneId, true));
    await tx.delete(shippingZones).where(eq(shippingZones.id, zoneId));
    await emitZoneEvent(tx, 'shipping_zone.deleted', before);
    await audit(tx, options.actor, {
      storeId,
      action: 'shipping_zone.deleted',
      entityType: 'shipping_zone',
      entityId: zoneId,
      before: shippingZoneView(before.zone, before.methods),
    });
  });
}
