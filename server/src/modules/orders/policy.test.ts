import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer } from '../../../test/harness.ts';
import { call, createStaffSession, createTestApiKey, type StaffSession } from '../../../test/identity.ts';
import { orderAccessToken } from './access.ts';
import { placeTestOrder, stockedVariants } from './testing.ts';

/**
 * The store's order policy over HTTP: read and change it, and what it binds — the shopper's
 * return window (from delivery, or shipment) and their own cancellation — while staff stay free.
 */

let server: Awaited<ReturnType<typeof startTestServer>>;
let owner: StaffSession;
let staff: StaffSession;
let storeId: string;
let pk: Record<string, string>;
let variants: string[];

beforeAll(async () => {
  server = await startTestServer();
  owner = await createStaffSession(server, { role: 'owner' });
  storeId = owner.storeId!;
  staff = await createStaffSession(server, { role: 'staff', storeId });
  pk = (await createTestApiKey(server, { storeId, kind: 'publishable' })).headers;
  ({ variantIds: variants } = await stockedVariants(server.platform, storeId, 1, 100));
});
afterAll(async () => {
  await server?.close();
});

const api = (method: string, path: string, body?: unknown, headers = owner.headers) =>
  call(server, method, path, { headers, body });
const policy = (body: unknown, headers = owner.headers) =>
  api('PATCH', '/admin/v1/order-settings', body, headers);

/** A placed order, shipped; its shopper's status link. */
async function shippedOrder() {
  const placed = await placeTestOrder(server.platform, storeId, [
    { variantId: variants[0]!, quantity: 2, unitPrice: 1200 },
  ]);
  const id = placed.order.id;
  expect((await api('POST', `/admin/v1/orders/${id}/fulfilments`, {})).status).toBe(201);
  const token = orderAccessToken(server.platform, { id, storeId });
  const shopper = {
    view: () => api('GET', `/store/v1/orders/${id}?token=${token}`, undefined, pk),
    askReturn: () =>
      api(
        'POST',
        `/store/v1/orders/${id}/returns?token=${token}`,
        { lines: [{ order_line_id: placed.order.lines[0]!.id, quantity: 1 }], reason: 'Too big' },
        pk,
      ),
  };
  return { id, line: placed.order.lines[0]!.id, shopper };
}

const backdate = (orderId: string, column: 'shipped_at' | 'delivered_at', days: number) =>
  server.platform.db.execute(
    sql`UPDATE orders SET ${sql.identifier(column)} = now() - make_interval(days => ${days}) WHERE id = ${orderId}`,
  );

describe('the order policy', () => {
  it('reads the defaults, changes some values and keeps the rest and the other settings; audited', async () => {
    await api('PATCH', '/admin/v1/store', { settings: { storefront_url: 'https://shop.example.com' } });
    const defaults = await api('GET', '/admin/v1/order-settings', undefined, staff.headers);
    expect(defaults.status).toBe(200);
    expect(defaults.body).toEqual({
      shopper_cancel_minutes: 60,
      unpaid_cancel_days: 7,
      return_window_days: 30,
      new_order_emails: [],
    });

    const changed = await policy({ return_window_days: 14, unpaid_cancel_days: 3 });
    expect(changed.status).toBe(200);
    expect(changed.body).toEqual({
      shopper_cancel_minutes: 60,
      unpaid_cancel_days: 3,
      return_window_days: 14,
      new_order_emails: [],
    });
    expect((await api('GET', '/admin/v1/order-settings')).body).toEqual(changed.body);
    const store = await api('GET', '/admin/v1/store');
    expect(store.body.settings).toMatchObject({
      storefront_url: 'https://shop.example.com',
      orders: { return_window_days: 14, unpaid_cancel_days: 3 },
    });

    const { rows } = await server.platform.db.execute<{ before: unknown; after: unknown }>(
      sql`SELECT before, after FROM audit_log WHERE store_id = ${storeId} AND action = 'store.order_policy_changed'`,
    );
    // The audit counts the staff addresses, never names them.
    expect(rows).toEqual([
      { before: { ...defaults.body, new_order_emails: 0 }, after: { ...changed.body, new_order_emails: 0 } },
    ]);
    await policy({ return_window_days: 14 }); // the same again: nothing to audit
    expect(
      (
        await server.platform.db.execute(
          sql`SELECT 1 FROM audit_log WHERE store_id = ${storeId} AND action = 'store.order_policy_changed'`,
        )
      ).rows,
    ).toHaveLength(1);
  });

  it('refuses bad values naming them, and staff without the store permission', async () => {
    for (const [body, path] of [
      [{ return_window_days: -1 }, 'body.return_window_days'],
      [{ return_window_days: 366 }, 'body.return_window_days'],
      [{ return_window_days: 1.5 }, 'body.return_window_days'],
      [{ shopper_cancel_minutes: '60' }, 'body.shopper_cancel_minutes'],
      [{ unpaid_cancel_days: 91 }, 'body.unpaid_cancel_days'],
      [{ refund_days: 3 }, 'body'],
      [{ new_order_emails: ['owner@shop.test', 'not an address'] }, 'body.new_order_emails.1'],
      [{ new_order_emails: ['a@shop.test', 'A@shop.test'] }, 'body.new_order_emails'],
      [{ new_order_emails: Array.from({ length: 6 }, (_, i) => `s${i}@shop.test`) }, 'body.new_order_emails'],
    ] as const) {
      const res = await policy(body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.errors.map((e: { path: string }) => e.path)).toContain(path);
    }
    expect((await policy({ return_window_days: 10 }, staff.headers)).status).toBe(403);
    expect((await api('GET', '/admin/v1/order-settings')).body.return_window_days).toBe(14);
  });
});

describe('the return window', () => {
  it('lets the shopper ask within it, from delivery or else shipment, and refuses them after; staff are free', async () => {
    await policy({ return_window_days: 30 });
    const order = await shippedOrder();
    const seen = await order.shopper.view();
    const until = new Date(seen.body.returnable_until).getTime();
    expect(until).toBeGreaterThan(Date.now() + 29.9 * 86_400_000);
    expect(until).toBeLessThan(Date.now() + 30.1 * 86_400_000);

    // Shipped 31 days ago, never marked delivered: the window has closed.
    await backdate(order.id, 'shipped_at', 31);
    const closed = await order.shopper.askReturn();
    expect(closed.status).toBe(422);
    expect(closed.body.code).toBe('RETURN_WINDOW_CLOSED');
    expect(closed.body.detail).toMatch(/ended on \d{4}-\d{2}-\d{2}; contact the shop/);
    expect(new Date((await order.shopper.view()).body.returnable_until).getTime()).toBeLessThan(Date.now());
    expect((await api('GET', `/admin/v1/orders/${order.id}`)).body.returns).toEqual([]);

    // Delivered 10 days ago: 20 days left, counted from delivery.
    expect((await api('POST', `/admin/v1/orders/${order.id}/deliver`)).status).toBe(200);
    await backdate(order.id, 'delivered_at', 10);
    const asked = await order.shopper.askReturn();
    expect(asked.status).toBe(201);
    expect(asked.body.requested_by).toBe('customer');

    // Returns only through the shop: no window for the shopper, staff still open one.
    await policy({ return_window_days: 0 });
    const other = await shippedOrder();
    expect((await other.shopper.view()).body.returnable_until).toBeNull();
    const refused = await other.shopper.askReturn();
    expect(refused.status).toBe(422);
    expect(refused.body.detail).toMatch(/takes returns through its staff/);
    const byStaff = await api('POST', `/admin/v1/orders/${other.id}/returns`, {
      lines: [{ order_line_id: other.line, quantity: 1 }],
    });
    expect(byStaff.status).toBe(201);
    await policy({ return_window_days: 30 });
  });

  it("is null before anything shipped; the shopper's own cancellation follows the policy", async () => {
    const placed = await placeTestOrder(server.platform, storeId, [
      { variantId: variants[0]!, quantity: 1, unitPrice: 900 },
    ]);
    const token = orderAccessToken(server.platform, { id: placed.order.id, storeId });
    const view = () => api('GET', `/store/v1/orders/${placed.order.id}?token=${token}`, undefined, pk);
    expect((await view()).body).toMatchObject({
      returnable_until: null,
      cancellable_until: expect.any(String),
    });
    await policy({ shopper_cancel_minutes: 0 });
    expect((await view()).body.cancellable_until).toBeNull();
    const cancel = await api('POST', `/store/v1/orders/${placed.order.id}/cancel?token=${token}`, {}, pk);
    expect(cancel.status).toBe(409);
    await policy({ shopper_cancel_minutes: 60 });
    expect((await view()).body.cancellable_until).toEqual(expect.any(String));
  });
});
