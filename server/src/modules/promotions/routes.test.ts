import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer } from '../../../test/harness.ts';
import {
  call,
  createStaffSession,
  createTestApiKey,
  createTestStore,
  type StaffSession,
} from '../../../test/identity.ts';
import { withStore } from '../../platform/db/database.ts';
import { addCartLine, applyCartCoupon, createCart } from '../cart/service.ts';
import { insertCategory, insertSellableProduct } from '../cart/testing.ts';
import { redeemCoupons } from './service.ts';

let server: Awaited<ReturnType<typeof startTestServer>>;
let owner: StaffSession;
let storeId: string;
let productId: string;
let categoryId: string;
let foreignProductId: string;

beforeAll(async () => {
  server = await startTestServer();
  owner = await createStaffSession(server, { role: 'owner' });
  storeId = owner.storeId!;
  productId = (await insertSellableProduct(server.platform.db, storeId)).productId;
  categoryId = await insertCategory(server.platform.db, storeId, { name: 'Shoes', productIds: [productId] });
  const other = await createTestStore(server);
  foreignProductId = (await insertSellableProduct(server.platform.db, other.id)).productId;
});
afterAll(async () => {
  await server?.close();
});

const admin = (method: string, path: string, body?: unknown, headers = owner.headers) =>
  call(server, method, path, { headers, body });

async function count(table: string): Promise<number> {
  const { rows } = await server.platform.db.execute<{ n: number }>(
    sql`SELECT count(*)::int AS n FROM ${sql.identifier(table)} WHERE store_id = ${storeId}`,
  );
  return rows[0]!.n;
}

describe('coupon admin', () => {
  let summerId: string;

  it('creates coupons of every kind and shows them as created; events and audit entries follow', async () => {
    const summer = await admin('POST', '/admin/v1/coupons', {
      code: 'Summer-10',
      description: 'Ten percent off',
      discount: { kind: 'percentage', basis_points: 1000 },
      minimum_subtotal: { USD: 5000 },
      scope: { kind: 'categories', ids: [categoryId] },
      starts_at: '2026-06-01T00:00:00Z',
      ends_at: '2026-09-01T00:00:00+07:00',
      usage_limit: 100,
      per_customer_limit: 1,
    });
    expect(summer.status, JSON.stringify(summer.body)).toBe(201);
    expect(summer.body).toMatchObject({
      code: 'Summer-10',
      discount: { kind: 'percentage', basis_points: 1000 },
      minimum_subtotal: { USD: 5000 },
      scope: { kind: 'categories', ids: [categoryId] },
      starts_at: '2026-06-01T00:00:00.000Z',
      ends_at: '2026-08-31T17:00:00.000Z',
      usage_limit: 100,
      per_customer_limit: 1,
      times_redeemed: 0,
      active: true,
    });
    summerId = summer.body.id;
    const fixed = await admin('POST', '/admin/v1/coupons', {
      code: 'FIVE',
      discount: { kind: 'fixed_amount', amounts: { USD: 500, EUR: 450 } },
      scope: { kind: 'products', ids: [productId] },
    });
    expect(fixed.status).toBe(201);
    expect(fixed.body.discount).toEqual({ kind: 'fixed_amount', amounts: { USD: 500, EUR: 450 } });
    const ship = await admin('POST', '/admin/v1/coupons', {
      code: 'SHIP',
      discount: { kind: 'free_shipping' },
    });
    expect(ship.status).toBe(201);
    expect(ship.body.scope).toEqual({ kind: 'all', ids: [] });

    const { rows } = await server.platform.db.execute<{ type: string }>(
      sql`SELECT type FROM events WHERE store_id = ${storeId} AND aggregate_type = 'coupon' ORDER BY id`,
    );
    expect(rows.map((r) => r.type)).toEqual(['coupon.created', 'coupon.created', 'coupon.created']);
    const audit = await admin('GET', '/admin/v1/audit-log?action=coupon.*');
    expect(audit.status).toBe(200);
    expect(audit.body.data).toHaveLength(3);
  });

  it('refuses bad coupons with a clear 4xx and writes nothing', async () => {
    const before = await count('coupons');
    const base = { code: 'NEWCODE', discount: { kind: 'percentage', basis_points: 500 } };
    const cases: [unknown, number, string][] = [
      [{ ...base, code: 'summer-10' }, 409, 'ALREADY_EXISTS'],
      [{ ...base, code: 'no spaces' }, 400, 'VALIDATION_FAILED'],
      [{ ...base, code: 'ab' }, 400, 'VALIDATION_FAILED'],
      [{ ...base, discount: { kind: 'percentage', basis_points: 0 } }, 400, 'VALIDATION_FAILED'],
      [{ ...base, discount: { kind: 'percentage', basis_points: 10001 } }, 400, 'VALIDATION_FAILED'],
      [{ ...base, discount: { kind: 'percentage', basis_points: 12.5 } }, 400, 'VALIDATION_FAILED'],
      [{ ...base, discount: { kind: 'fixed_amount', amounts: {} } }, 400, 'VALIDATION_FAILED'],
      [{ ...base, discount: { kind: 'fixed_amount', amounts: { USD: -5 } } }, 400, 'VALIDATION_FAILED'],
      [{ ...base, discount: { kind: 'fixed_amount', amounts: { USD: 1.5 } } }, 400, 'VALIDATION_FAILED'],
      [{ ...base, discount: { kind: 'fixed_amount', amounts: { usd: 500 } } }, 400, 'VALIDATION_FAILED'],
      [{ ...base, discount: { kind: 'bogo' } }, 400, 'VALIDATION_FAILED'],
      [{ ...base, minimum_subtotal: { USD: -1 } }, 400, 'VALIDATION_FAILED'],
      [
        { ...base, starts_at: '2026-02-01T00:00:00Z', ends_at: '2026-01-01T00:00:00Z' },
        400,
        'VALIDATION_FAILED',
      ],
      [{ ...base, starts_at: 'tomorrow' }, 400, 'VALIDATION_FAILED'],
      [{ ...base, usage_limit: 0 }, 400, 'VALIDATION_FAILED'],
      [{ ...base, per_customer_limit: -1 }, 400, 'VALIDATION_FAILED'],
      [{ ...base, scope: { kind: 'products', ids: [] } }, 400, 'VALIDATION_FAILED'],
      [{ ...base, scope: { kind: 'products', ids: [foreignProductId] } }, 422, 'UNPROCESSABLE'],
      [{ ...base, scope: { kind: 'categories', ids: ['cat_nope'] } }, 422, 'UNPROCESSABLE'],
      [{ code: 'NODISCOUNT' }, 400, 'VALIDATION_FAILED'],
    ];
    for (const [body, status, code] of cases) {
      const res = await admin('POST', '/admin/v1/coupons', body);
      expect({ status: res.status, code: res.body.code }, JSON.stringify(body)).toEqual({ status, code });
    }
    expect(await count('coupons')).toBe(before);
  });

  it('lists (filters, pages), reads, changes and deletes coupons', async () => {
    const page = await admin('GET', '/admin/v1/coupons?limit=2');
    expect(page.status).toBe(200);
    expect(page.body.data.map((c: { code: string }) => c.code)).toEqual(['SHIP', 'FIVE']);
    const rest = await admin('GET', `/admin/v1/coupons?limit=2&cursor=${page.body.next_cursor}`);
    expect(rest.body.data.map((c: { code: string }) => c.code)).toEqual(['Summer-10']);
    expect(rest.body.next_cursor).toBeNull();
    const byCode = await admin('GET', '/admin/v1/coupons?code=SUMMER-10');
    expect(byCode.body.data).toHaveLength(1);
    expect((await admin('GET', `/admin/v1/coupons/${summerId}`)).body.code).toBe('Summer-10');
    expect((await admin('GET', '/admin/v1/coupons/cpn_nope')).status).toBe(404);

    const patched = await admin('PATCH', `/admin/v1/coupons/${summerId}`, {
      active: false,
      discount: { kind: 'fixed_amount', amounts: { USD: 700 } },
      ends_at: null,
    });
    expect(patched.status, JSON.stringify(patched.body)).toBe(200);
    expect(patched.body).toMatchObject({ active: false, discount: { kind: 'fixed_amount' }, ends_at: null });
    expect(
      (await admin('GET', '/admin/v1/coupons?active=false')).body.data.map((c: { id: string }) => c.id),
    ).toEqual([summerId]);
    const dup = await admin('PATCH', `/admin/v1/coupons/${summerId}`, { code: 'five' });
    expect({ status: dup.status, code: dup.body.code }).toEqual({ status: 409, code: 'ALREADY_EXISTS' });
    const window = await admin('PATCH', `/admin/v1/coupons/${summerId}`, { ends_at: '2020-01-01T00:00:00Z' });
    expect(window.status).toBe(400);
    expect((await admin('PATCH', `/admin/v1/coupons/${summerId}`, { kind: 'x' })).status).toBe(400);

    const ship = page.body.data[0].id;
    expect((await admin('DELETE', `/admin/v1/coupons/${ship}`)).status).toBe(204);
    expect((await admin('GET', `/admin/v1/coupons/${ship}`)).status).toBe(404);
    expect((await admin('DELETE', `/admin/v1/coupons/${ship}`)).status).toBe(404);
    const { rows } = await server.platform.db.execute<{ type: string }>(
      sql`SELECT type FROM events WHERE aggregate_type = 'coupon' AND aggregate_id IN (${summerId}, ${ship}) ORDER BY id`,
    );
    expect(rows.map((r) => r.type)).toEqual([
      'coupon.created',
      'coupon.created',
      'coupon.updated',
      'coupon.deleted',
    ]);
  });

  it('checks permissions: read-only staff read, staff manage, shoppers neither', async () => {
    const reader = await createStaffSession(server, { role: 'read_only', storeId });
    expect((await admin('GET', '/admin/v1/coupons', undefined, reader.headers)).status).toBe(200);
    const refused = await admin(
      'POST',
      '/admin/v1/coupons',
      { code: 'READER', discount: { kind: 'free_shipping' } },
      reader.headers,
    );
    expect({ status: refused.status, code: refused.body.code }).toEqual({ status: 403, code: 'FORBIDDEN' });
    const staff = await createStaffSession(server, { role: 'staff', storeId });
    expect(
      (
        await admin(
          'POST',
          '/admin/v1/coupons',
          { code: 'STAFF', discount: { kind: 'free_shipping' } },
          staff.headers,
        )
      ).status,
    ).toBe(201);
    const pk = (await createTestApiKey(server, { storeId, kind: 'publishable' })).headers;
    expect((await admin('GET', '/admin/v1/coupons', undefined, pk)).status).toBe(403);
    expect((await admin('GET', '/admin/v1/coupons', undefined, {})).status).toBe(401);
  });

  it("lists a coupon's redemptions; a redeemed coupon cannot be deleted", async () => {
    const coupon = await admin('POST', '/admin/v1/coupons', {
      code: 'REDEEMME',
      discount: { kind: 'fixed_amount', amounts: { USD: 100 } },
    });
    const db = server.platform.db;
    const { cart } = await createCart(db, { storeId, input: { email: 'r@example.com' } });
    const access = { customerId: null, trusted: true };
    const variantId = (await insertSellableProduct(db, storeId)).variantIds[0]!;
    await addCartLine(db, { storeId, cartId: cart.id, access, input: { variant_id: variantId } });
    await applyCartCoupon(db, { storeId, cartId: cart.id, access, input: { code: 'redeemme' } });
    await withStore(db, storeId, (tx) =>
      redeemCoupons(tx, { storeId, cartId: cart.id, orderId: 'ord_r1', email: 'r@example.com' }),
    );
    const list = await admin('GET', `/admin/v1/coupons/${coupon.body.id}/redemptions`);
    expect(list.status).toBe(200);
    expect(list.body.data).toEqual([
      expect.objectContaining({
        order_id: 'ord_r1',
        cart_id: cart.id,
        amount: 100,
        currency: 'USD',
        status: 'redeemed',
      }),
    ]);
    expect(JSON.stringify(list.body)).not.toContain('r@example.com');
    expect((await admin('GET', `/admin/v1/coupons/${coupon.body.id}`)).body.times_redeemed).toBe(1);
    expect((await admin('GET', '/admin/v1/coupons/cpn_nope/redemptions')).status).toBe(404);
    const del = await admin('DELETE', `/admin/v1/coupons/${coupon.body.id}`);
    expect({ status: del.status, code: del.body.code }).toEqual({ status: 409, code: 'CONFLICT' });
    // The limit may come down to the uses already made, not below.
    expect((await admin('PATCH', `/admin/v1/coupons/${coupon.body.id}`, { usage_limit: 1 })).status).toBe(
      200,
    );
  });

  it("another store's coupons are invisible", async () => {
    const other = await createStaffSession(server, { role: 'owner' });
    expect((await admin('GET', `/admin/v1/coupons/${summerId}`, undefined, other.headers)).status).toBe(404);
    expect((await admin('GET', '/admin/v1/coupons', undefined, other.headers)).body.data).toEqual([]);
    // The same code may exist in another store.
    expect(
      (
        await admin(
          'POST',
          '/admin/v1/coupons',
          { code: 'FIVE', discount: { kind: 'free_shipping' } },
          other.headers,
        )
      ).status,
    ).toBe(201);
  });
});
