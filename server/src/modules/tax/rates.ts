import { and, asc, eq, gt, sql } from 'drizzle-orm';
import type { PgUpdateSetSource } from 'drizzle-orm/pg-core';
import { z } from 'zod';
import { CountryCode } from '../../platform/address.ts';
import { withStore, type Db, type Tx } from '../../platform/db/database.ts';
import { AppError } from '../../platform/errors.ts';
import { emitEvent } from '../../platform/events/outbox.ts';
import { decodeCursor, PageQuery, toPage, type Page } from '../../platform/http/pagination.ts';
import { newId } from '../../platform/ids.ts';
import { normalizePostcodePattern, postcodePatternError } from '../../platform/postcode-pattern.ts';
import { parseInput } from '../../platform/validation.ts';
import { ppmOfPercent } from './math.ts';
import { taxRates, type TaxRate } from './schema.ts';
import { audit, taxWrite, type Actor } from './shared.ts';
import { taxRateView } from './views.ts';

// --- input shapes ---------------------------------------------------------------------------

export const TaxClass = z
  .string()
  .trim()
  .regex(
    /^[a-z][a-z0-9_]{0,39}$/,
    'a tax class is lowercase letters, digits and _, e.g. standard, reduced, zero',
  );

/** A percent as text (or a JSON number) with up to 4 decimals: "8.875". Parsed without floats. */
const Percent = z
  .union([z.string(), z.number()])
  .transform((p) => String(p).trim())
  .refine((p) => /^\d{1,3}(\.\d{1,4})?$/.test(p), 'a percent such as "20" or "8.875" (at most 4 decimals)')
  .refine((p) => ppmOfPercent(p) <= 1_000_000, 'at most 100 %');

const RateFields = {
  name: z.string().trim().min(1).max(120),
  country: CountryCode,
  region: z
    .string()
    .trim()
    .min(1)
    .max(100)
    .nullable()
    .describe('A region code or name, as in addresses; null: the whole country'),
  postcode_pattern: z
    .string()
    .max(100)
    .superRefine((p, ctx) => {
      const problem = postcodePatternError(p);
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    })
    .transform(normalizePostcodePattern)
    .nullable()
    .describe('A range (10000-14999), wildcard (100*) or exact postcode; null: every postcode'),
  tax_class: TaxClass.describe('Lines of this class are taxed at this rate; `standard` also taxes shipping'),
  percent: Percent.describe('The rate as a decimal percent: "20", "8.875". Give this or basis_points'),
  basis_points: z.number().int().min(0).max(10_000).describe('The rate in basis points: 2000 = 20 %'),
  shipping_taxable: z
    .boolean()
    .describe('Whether shipping is taxed where this rate applies (read on `standard` rates)'),
};

function checkOneRate(
  v: { percent?: unknown; basis_points?: unknown },
  ctx: z.RefinementCtx,
  required: boolean,
) {
  const given = (v.percent !== undefined ? 1 : 0) + (v.basis_points !== undefined ? 1 : 0);
  if (given > 1)
    ctx.addIssue({
      code: 'custom',
      path: ['basis_points'],
      message: 'give percent or basis_points, not both',
    });
  if (required && given === 0)
    ctx.addIssue({ code: 'custom', path: ['percent'], message: 'give the rate as percent or basis_points' });
}

export const TaxRateInput = z
  .strictObject({
    ...RateFields,
    region: RateFields.region.default(null),
    postcode_pattern: RateFields.postcode_pattern.default(null),
    tax_class: RateFields.tax_class.default('standard'),
    percent: RateFields.percent.optional(),
    basis_points: RateFields.basis_points.optional(),
    shipping_taxable: RateFields.shipping_taxable.default(true),
  })
  .superRefine((v, ctx) => checkOneRate(v, ctx, true));
export type TaxRateInput = z.input<typeof TaxRateInput>;

export const TaxRatePatch = z
  .strictObject(RateFields)
  .partial()
  .superRefine((v, ctx) => checkOneRate(v, ctx, false));
export type TaxRatePatch = z.input<typeof TaxRatePatch>;

export const TaxRateListQuery = PageQuery.extend({
  country: CountryCode.optional(),
  tax_class: TaxClass.optional(),
});

const ratePpmOf = (v: { percent?: string; basis_points?: number }): number | undefined =>
  v.percent !== undefined
    ? ppmOfPercent(v.percent)
    : v.basis_points !== undefined
      ? v.basis_points * 100
      : undefined;

// --- reads ----------------------------------------------------------------------------------

async function findRate(tx: Tx, storeId: string, id: string, lock = false): Promise<TaxRate> {
  const q = tx
    .select()
    .from(taxRates)
    .where(and(eq(taxRates.storeId, storeId), eq(taxRates.id, id)));
  const [rate] = lock ? await q.for('update') : await q;
  if (!rate) throw new AppError('NOT_FOUND', `Tax rate ${id} does not exist.`);
  return rate;
}

export async function getTaxRate(db: Db, options: { storeId: string; taxRateId: string }): Promise<TaxRate> {
  return withStore(db, options.storeId, (tx) => findRate(tx, options.storeId, options.taxRateId));
}

export async function listTaxRates(
  db: Db,
  options: { storeId: string; query: z.input<typeof TaxRateListQuery> },
): Promise<Page<TaxRate>> {
  const query = parseInput(TaxRateListQuery, options.query, 'querystring');
  const cursor = decodeCursor<{ id: string }>(query.cursor);
  const { storeId } = options;
  const rows = await withStore(db, storeId, (tx) =>
    tx
      .select()
      .from(taxRates)
      .where(
        and(
          eq(taxRates.storeId, storeId),
          query.country ? eq(taxRates.country, query.country) : undefined,
          query.tax_class ? eq(taxRates.taxClass, query.tax_class) : undefined,
          cursor ? gt(taxRates.id, String(cursor.id)) : undefined,
        ),
      )
      .orderBy(asc(taxRates.id))
      .limit(query.limit + 1),
  );
  return toPage(rows, query.limit, (r) => ({ id: r.id }));
}

// --- writes ---------------------------------------------------------------------------------

async function emitRateEvent(tx: Tx, type: string, rate: TaxRate): Promise<void> {
  await emitEvent(tx, {
    storeId: rate.storeId,
    type,
    aggregateType: 'tax_rate',
    aggregateId: rate.id,
    payload: taxRateView(rate),
  });
}

export async function createTaxRate(
  db: Db,
  options: { storeId: string; input: TaxRateInput; actor?: Actor },
): Promise<TaxRate> {
  const input = parseInput(TaxRateInput, options.input);
  const { storeId } = options;
  return taxWrite(db, storeId, async (tx) => {
    const [rate] = await tx
      .insert(taxRates)
      .values({
        id: newId('txr'),
        storeId,
        name: input.name,
        country: input.country,
        region: input.region,
        postcodePattern: input.postcode_pattern,
        taxClass: input.tax_class,
        ratePpm: ratePpmOf(input)!,
        shippingTaxable: input.shipping_taxable,
      })
      .returning();
    await emitRateEvent(tx, 'tax_rate.created', rate!);
    await audit(tx, options.actor, {
      storeId,
      action: 'tax_rate.created',
      entityType: 'tax_rate',
      entityId: rate!.id,
      after: taxRateView(rate!),
    });
    return rate!;
  });
}

export async function updateTaxRate(
  db: Db,
  options: { storeId: string; taxRateId: string; patch: TaxRatePatch; actor?: Actor },
): Promise<TaxRate> {
  const patch = parseInput(TaxRatePatch, options.patch);
  const { storeId, taxRateId } = options;
  return taxWrite(db, storeId, async (tx) => {
    const before = await findRate(tx, storeId, taxRateId, true);
    const set: PgUpdateSetSource<typeof taxRates> = { updatedAt: sql`now()` };
    if (patch.name !== undefined) set.name = patch.name;
    if (patch.country !== undefined) set.country = patch.country;
    if (patch.region !== undefined) set.region = patch.region;
    if (patch.postcode_pattern !== undefined) set.postcodePattern = patch.postcode_pattern;
    if (patch.tax_class !== undefined) set.taxClass = patch.tax_class;
    const ppm = ratePpmOf(patch);
    if (ppm !== undefined) set.ratePpm = ppm;
    if (patch.shipping_taxable !== undefined) set.shippingTaxable = patch.shipping_taxable;
    const [after] = await tx.update(taxRates).set(set).where(eq(taxRates.id, taxRateId)).returning();
    await emitRateEvent(tx, 'tax_rate.updated', after!);
    await audit(tx, options.actor, {
      storeId,
      action: 'tax_rate.updated',
      entityType: 'tax_rate',
      entityId: taxRateId,
      before: taxRateView(before),
      after: taxRateView(after!),
    });
    return after!;
  });
}

export async function deleteTaxRate(
  db: Db,
  options: { storeId: string; taxRateId: string; actor?: Actor },
): Promise<void> {
  const { storeId, taxRateId } = options;
  await taxWrite(db, storeId, async (tx) => {
    const before = await findRate(tx, storeId, taxRateId, true);
    await tx.delete(taxRates).where(eq(taxRates.id, taxRateId));
    await emitRateEvent(tx, 'tax_rate.deleted', before);
    await audit(tx, options.actor, {
      storeId,
      action: 'tax_rate.deleted',
      entityType: 'tax_rate',
      entityId: taxRateId,
      before: taxRateView(before),
    });
  });
}
