import { and, desc, eq, lt, sql, type SQL } from 'drizzle-orm';
import type { PgUpdateSetSource } from 'drizzle-orm/pg-core';
import { z } from 'zod';
import { withStore, type Db, type Tx } from '../../platform/db/database.ts';
import { AppError } from '../../platform/errors.ts';
import { emitEvent } from '../../platform/events/outbox.ts';
import { decodeCursor, PageQuery, toPage, type Page } from '../../platform/http/pagination.ts';
import { newId } from '../../platform/ids.ts';
import { parseInput } from '../../platform/validation.ts';
import { recordAudit, type AuditContext } from '../audit/service.ts';
import { getCategoryTree, getProductsByIds, type CategoryNode } from '../catalog/service.ts';
import { CurrencyCode } from '../tenancy/service.ts';
import { coupons, couponRedemptions, type Coupon } from './schema.ts';
import { couponRedemptionView, couponView, type CouponRedemptionView, type CouponView } from './views.ts';

/** Who acts, for the audit log (`auditContext(req)` in routes; absent for system work). */
export type Actor = AuditContext | undefined;

// --- input shapes ---------------------------------------------------------------------------

export const CouponCode = z
  .string()
  .trim()
  .min(3)
  .max(64)
  .regex(/^[A-Za-z0-9][A-Za-z0-9_-]*$/, 'letters, digits, dashes and underscores, e.g. SUMMER-10');

const MinorUnits = z
  .number({ error: 'must be a number of minor units' })
  .int('must be a whole number of minor units (e.g. 500 for 5.00)')
  .min(1, 'must be at least 1')
  .max(Number.MAX_SAFE_INTEGER);
const AmountsByCurrency = z
  .record(CurrencyCode, MinorUnits)
  .refine((m) => Object.keys(m).length <= 50, 'at most 50 currencies');
const Instant = z.iso.datetime({ offset: true, error: 'an ISO 8601 date-time such as 2026-12-01T00:00:00Z' });
const ScopeIds = z.array(z.string().trim().min(1).max(64)).min(1).max(500);

const Discount = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('percentage'),
    basis_points: z.number().int().min(1).max(10000).describe('1000 = 10 % off'),
  }),
  z.strictObject({
    kind: z.literal('fixed_amount'),
    amounts: AmountsByCurrency.refine(
      (m) => Object.keys(m).length > 0,
      'name at least one currency',
    ).describe('Minor units off per currency; carts in other currencies cannot use the code'),
  }),
  z.strictObject({ kind: z.literal('free_shipping') }),
]);

const Scope = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('all') }),
  z.strictObject({ kind: z.literal('products'), ids: ScopeIds.describe('Product ids') }),
  z.strictObject({
    kind: z.literal('categories'),
    ids: ScopeIds.describe('Category ids; a category includes its subcategories'),
  }),
]);

const Fields = {
  code: CouponCode,
  description: z.string().trim().max(500),
  discount: Discount,
  minimum_subtotal: AmountsByCurrency.describe(
    'Lowest cart subtotal per currency; when set, carts in other currencies cannot use the code',
  ),
  scope: Scope,
  starts_at: Instant.nullable(),
  ends_at: Instant.nullable(),
  usage_limit: z
    .number()
    .int()
    .min(1)
    .max(100_000_000)
    .nullable()
    .describe('Redemptions in all; null: no limit'),
  per_customer_limit: z
    .number()
    .int()
    .min(1)
    .max(100_000)
    .nullable()
    .describe('Redemptions per customer (or per e-mail for guests); null: no limit'),
  active: z.boolean(),
};

function checkWindow(v: { starts_at?: string | null; ends_at?: string | null }, ctx: z.RefinementCtx): void {
  if (v.starts_at && v.ends_at && Date.parse(v.ends_at) <= Date.parse(v.starts_at)) {
    ctx.addIssue({ code: 'custom', path: ['ends_at'], message: 'must be after starts_at' });
  }
}

export const CouponInput = z
  .strictObject({
    ...Fields,
    description: Fields.description.default(''),
    minimum_subtotal: Fields.minimum_subtotal.default({}),
    scope: Fields.scope.default({ kind: 'all' }),
    starts_at: Fields.starts_at.default(null),
    ends_at: Fields.ends_at.default(null),
    usage_limit: Fields.usage_limit.default(null),
    per_customer_limit: Fields.per_customer_limit.default(null),
    active: Fields.active.default(true),
  })
  .superRefine(checkWindow);
export type CouponInput = z.input<typeof CouponInput>;

export const CouponPatch = z.strictObject(Fields).partial().superRefine(checkWindow);
export type CouponPatch = z.input<typeof CouponPatch>;

export const CouponListQuery = PageQuery.extend({
  active: z.enum(['true', 'false']).optional(),
  code: z.string().trim().min(1).max(64).optional().describe('Exact code, any case'),
});
export type CouponListQuery = z.input<typeof CouponListQuery>;

// --- plumbing -------------------------------------------------------------------------------

async function audit(
  tx: Tx,
  actor: Actor,
  entry: { storeId: string; action: string; entityId: string; before?: unknown; after?: unknown },
): Promise<void> {
  if (!actor) return;
  await recordAudit(tx, { ...actor, ...entry, entityType: 'coupon' });
}

async function emitCouponEvent(tx: Tx, storeId: string, type: string, coupon: Coupon): Promise<void> {
  await emitEvent(tx, {
    storeId,
    type,
    aggregateType: 'coupon',
    aggregateId: coupon.id,
    payload: couponView(coupon),
  });
}

function pgError(err: unknown): { code?: string; constraint?: string } {
  for (let e = err as { code?: string; constraint?: string; cause?: unknown } | undefined; e;) {
    if (e.code) return e;
    e = e.cause as typeof e;
  }
  return {};
}

/** A lost race on the code's uniqueness is the same 409 the pre-check would have given. */
function translateDbError(err: unknown): unknown {
  if (err instanceof AppError) return err;
  const { code, constraint } = pgError(err);
  if (code === '23505' && constraint === 'coupons_store_code_key') return codeTaken();
  if (code === '23503' && constraint?.startsWith('coupon_redemptions')) return redeemedCannotBeDeleted();
  return err;
}

const codeTaken = () =>
  new AppError('ALREADY_EXISTS', 'A coupon with this code already exists (codes ignore case).', {
    errors: [{ path: 'body.code', message: 'already in use' }],
  });
const redeemedCannotBeDeleted = () =>
  new AppError(
    'CONFLICT',
    'This coupon has been redeemed by orders and cannot be deleted; deactivate it instead.',
  );

async function findCoupon(tx: Tx, storeId: string, couponId: string, lock = false): Promise<Coupon> {
  const q = tx
    .select()
    .from(coupons)
    .where(and(eq(coupons.storeId, storeId), eq(coupons.id, couponId)));
  const [row] = lock ? await q.for('update') : await q;
  if (!row) throw new AppError('NOT_FOUND', `Coupon ${couponId} does not exist.`);
  return row;
}

async function assertCodeFree(tx: Tx, storeId: string, code: string, except?: string): Promise<void> {
  const { rows } = await tx.execute<{ id: string }>(
    sql`SELECT id FROM coupons WHERE store_id = ${storeId} AND lower(code) = lower(${code})`,
  );
  if (rows.some((r) => r.id !== except)) throw codeTaken();
}

/** Every product or category a scope names must exist in this store (asked of the catalog). */
async function assertScopeKnown(tx: Tx, storeId: string, scope: z.output<typeof Scope>): Promise<void> {
  if (scope.kind === 'all') return;
  const ids = [...new Set(scope.ids)];
  let known: Set<string>;
  if (scope.kind === 'products') {
    known = new Set((await getProductsByIds(tx, storeId, ids)).map((p) => p.id));
  } else {
    // The whole tree in two queries, rather than one query per id.
    known = new Set();
    const walk = (nodes: CategoryNode[]) => {
      for (const n of nodes) {
        known.add(n.id);
        walk(n.children);
      }
    };
    walk(await getCategoryTree(tx, storeId));
  }
  const errors = scope.ids.flatMap((id, i) =>
    known.has(id)
      ? []
      : [{ path: `body.scope.ids.${i}`, message: `no ${scope.kind.slice(0, -1)} ${id} in this store` }],
  );
  if (errors.length) {
    throw new AppError('UNPROCESSABLE', `The scope names ${scope.kind} that do not exist in this store.`, {
      errors,
    });
  }
}

type ParsedDiscount = z.output<typeof Discount>;
const discountColumns = (d: ParsedDiscount) => ({
  kind: d.kind,
  basisPoints: d.kind === 'percentage' ? d.basis_points : null,
  amounts: d.kind === 'fixed_amount' ? d.amounts : {},
});
const toDate = (s: string | null) => (s ? new Date(s) : null);

// --- admin CRUD -----------------------------------------------------------------------------

export async function createCoupon(
  db: Db,
  options: { storeId: string; input: CouponInput; actor?: Actor },
): Promise<CouponView> {
  const input = parseInput(CouponInput, options.input);
  const { storeId } = options;
  try {
    return await withStore(db, storeId, async (tx) => {
      await assertCodeFree(tx, storeId, input.code);
      await assertScopeKnown(tx, storeId, input.scope);
      const [coupon] = await tx
        .insert(coupons)
        .values({
          id: newId('cpn'),
          storeId,
          code: input.code,
          description: input.description,
          ...discountColumns(input.discount),
          minimumSubtotal: input.minimum_subtotal,
          scope: input.scope.kind,
          scopeIds: input.scope.kind === 'all' ? [] : [...new Set(input.scope.ids)],
          startsAt: toDate(input.starts_at),
          endsAt: toDate(input.ends_at),
          usageLimit: input.usage_limit,
          perCustomerLimit: input.per_customer_limit,
          active: input.active,
        })
        .returning();
      await emitCouponEvent(tx, storeId, 'coupon.created', coupon!);
      await audit(tx, options.actor, {
        storeId,
        action: 'coupon.created',
        entityId: coupon!.id,
        after: couponView(coupon!),
      });
      return couponView(coupon!);
    });
  } catch (err) {
    throw translateDbError(err);
  }
}

export async function getCoupon(db: Db, options: { storeId: string; couponId: string }): Promise<CouponView> {
  return withStore(db, options.storeId, async (tx) =>
    couponView(await findCoupon(tx, options.storeId, options.couponId)),
  );
}

/** Newest first, keyset-paginated; `code` finds one code whatever its case. */
export async function listCoupons(
  db: Db,
  options: { storeId: string; query: CouponListQuery },
): Promise<Page<CouponView>> {
  const query = parseInput(CouponListQuery, options.query, 'querystring');
  const cursor = decodeCursor<{ id: string }>(query.cursor);
  const where: (SQL | undefined)[] = [eq(coupons.storeId, options.storeId)];
  if (cursor) where.push(lt(coupons.id, String(cursor.id)));
  if (query.active) where.push(eq(coupons.active, query.active === 'true'));
  if (query.code) where.push(sql`lower(${coupons.code}) = lower(${query.code})`);
  const rows = await withStore(db, options.storeId, (tx) =>
    tx
      .select()
      .from(coupons)
      .where(and(...where))
      .orderBy(desc(coupons.id))
      .limit(query.limit + 1),
  );
  const page = toPage(rows, query.limit, (r) => ({ id: r.id }));
  return { data: page.data.map(couponView), next_cursor: page.next_cursor };
}

export async function updateCoupon(
  db: Db,
  options: { storeId: string; couponId: string; patch: CouponPatch; actor?: Actor },
): Promise<CouponView> {
  const patch = parseInput(CouponPatch, options.patch);
  const { storeId, couponId } = options;
  try {
    return await withStore(db, storeId, async (tx) => {
      const before = await findCoupon(tx, storeId, couponId, true);
      const startsAt = patch.starts_at !== undefined ? toDate(patch.starts_at) : before.startsAt;
      const endsAt = patch.ends_at !== undefined ? toDate(patch.ends_at) : before.endsAt;
      if (startsAt && endsAt && endsAt <= startsAt) {
        throw new AppError('VALIDATION_FAILED', 'The validity window ends before it starts.', {
          errors: [{ path: 'body.ends_at', message: 'must be after starts_at' }],
        });
      }
      if (patch.usage_limit != null && patch.usage_limit < before.timesRedeemed) {
        throw new AppError(
          'CONFLICT',
          `The coupon has already been redeemed ${before.timesRedeemed} times.`,
          {
            errors: [{ path: 'body.usage_limit', message: `must be at least ${before.timesRedeemed}` }],
          },
        );
      }
      if (patch.code !== undefined) await assertCodeFree(tx, storeId, patch.code, couponId);
      if (patch.scope !== undefined) await assertScopeKnown(tx, storeId, patch.scope);
      const set: PgUpdateSetSource<typeof coupons> = { updatedAt: sql`now()` };
      if (patch.code !== undefined) set.code = patch.code;
      if (patch.description !== undefined) set.description = patch.description;
      if (patch.discount !== undefined) Object.assign(set, discountColumns(patch.discount));
      if (patch.minimum_subtotal !== undefined) set.minimumSubtotal = patch.minimum_subtotal;
      if (patch.scope !== undefined) {
        set.scope = patch.scope.kind;
        set.scopeIds = patch.scope.kind === 'all' ? [] : [...new Set(patch.scope.ids)];
      }
      if (patch.starts_at !== undefined) set.startsAt = startsAt;
      if (patch.ends_at !== undefined) set.endsAt = endsAt;
      if (patch.usage_limit !== undefined) set.usageLimit = patch.usage_limit;
      if (patch.per_customer_limit !== undefined) set.perCustomerLimit = patch.per_customer_limit;
      if (patch.active !== undefined) set.active = patch.active;
      const [after] = await tx.update(coupons).set(set).where(eq(coupons.id, couponId)).returning();
      await emitCouponEvent(tx, storeId, 'coupon.updated', after!);
      await audit(tx, options.actor, {
        storeId,
        action: 'coupon.updated',
        entityId: couponId,
        before: couponView(before),
        after: couponView(after!),
      });
      return couponView(after!);
    });
  } catch (err) {
    throw translateDbError(err);
  }
}

/** Delete a coupon no order has redeemed (carts holding it drop it at their next change). */
export async function deleteCoupon(
  db: Db,
  options: { storeId: string; couponId: string; actor?: Actor },
): Promise<void> {
  const { storeId, couponId } = options;
  try {
    await withStore(db, storeId, async (tx) => {
      const before = await findCoupon(tx, storeId, couponId, true);
      const { rows } = await tx.execute<{ n: number }>(
        sql`SELECT count(*)::int AS n FROM coupon_redemptions WHERE coupon_id = ${couponId}`,
      );
      if (rows[0]!.n > 0) throw redeemedCannotBeDeleted();
      await tx.delete(coupons).where(eq(coupons.id, couponId));
      await emitCouponEvent(tx, storeId, 'coupon.deleted', before);
      await audit(tx, options.actor, {
        storeId,
        action: 'coupon.deleted',
        entityId: couponId,
        before: couponView(before),
      });
    });
  } catch (err) {
    throw translateDbError(err);
  }
}

export const RedemptionListQuery = PageQuery;

/** A coupon's redemptions, newest first. */
export async function listCouponRedemptions(
  db: Db,
  options: { storeId: string; couponId: string; query: z.input<typeof PageQuery> },
): Promise<Page<CouponRedemptionView>> {
  const query = parseInput(PageQuery, options.query, 'querystring');
  const cursor = decodeCursor<{ id: string }>(query.cursor);
  const { storeId, couponId } = options;
  const rows = await withStore(db, storeId, async (tx) => {
    await findCoupon(tx, storeId, couponId);
    return tx
      .select()
      .from(couponRedemptions)
      .where(
        and(
          eq(couponRedemptions.storeId, storeId),
          eq(couponRedemptions.couponId, couponId),
          cursor ? lt(couponRedemptions.id, String(cursor.id)) : undefined,
        ),
      )
      .orderBy(desc(couponRedemptions.id))
      .limit(query.limit + 1);
  });
  const page = toPage(rows, query.limit, (r) => ({ id: r.id }));
  return { data: page.data.map(couponRedemptionView), next_cursor: page.next_cursor };
}
