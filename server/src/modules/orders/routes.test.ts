/**
 * Orders over HTTP on a real server with a worker (events dispatched, e-mail sent to the local
 * SMTP capture server): the admin list with filters and search, detail, the staff operations
 * with permissions, audit and Idempotency-Key, invoices as PDF, the confirmation and shipping
 * e-mails (once, even when the event is delivered again), the storefront's order pages for
 * guests (signed token) and signed-in shoppers, and guest orders attached on registration.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer } from '../../../test/harness.ts';
import { call, createStaffSession, createTestApiKey, type StaffSession } from '../../../test/identity.ts';
import { capturedMail, waitForMail } from '../../../test/mail.ts';
import { pdfText } from '../../../test/pdf.ts';
import { orderAccessToken } from './access.ts';
import { registerShopper, uniqueEmail } from '../customers/testing.ts';
import { availabilityFor } from '../inventory/service.ts';
import { exportOrdersCsv } from './export.ts';
import { cancelOrder } from './service.ts';
import { placeTestOrder, stockedVariants, type PlacedTestOrder } from './testing.ts';

let server: Awaited<ReturnType<typeof startTestServer>>;
let owner: StaffSession;
let storeId: string;
let h: Record<string, string>;
let pk: Record<string, string>;
let variants: string[];

beforeAll(async () => {
  server = await startTestServer({ worker: true, overrides: { EVENTS_POLL_INTERVAL_MS: '200' } });
  owner = await createStaffSession(server, { role: 'owner' });
  storeId = owner.storeId!;
  h = owner.headers;
  pk = (await createTestApiKey(server, { storeId, kind: 'publishable' })).headers;
  ({ variantIds: variants } = await stockedVariants(server.platform, storeId, 3, 500));
});
afterAll(async () => {
  await server?.close();
});

const get = (path: string, headers = h) => call(server, 'GET', path, { headers });
const post = (path: string, body?: unknown, headers = h) => call(server, 'POST', path, { headers, body });
const place = (
  lines: { variantId: string; quantity: number; unitPrice: number }[],
  o: { email?: string; currency?: string; locale?: string } = {},
) => placeTestOrder(server.platform, storeId, lines, o);

async function until<T>(probe: () => Promise<T>, ok: (v: T) => boolean, ms = 10_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (ok(v) || Date.now() > end) return v;
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('admin list and detail', () => {
  let orders: PlacedTestOrder[];

  beforeAll(async () => {
    orders = [];
    orders.push(
      await place([{ variantId: variants[0]!, quantity: 1, unitPrice: 1000 }], { email: 'ann@example.com' }),
    );
    orders.push(
      await place([{ variantId: variants[1]!, quantity: 5, unitPrice: 2000 }], { email: 'bob@example.com' }),
    );
    orders.push(
      await place([{ variantId: variants[2]!, quantity: 2, unitPrice: 300 }], { email: 'Ann@Example.com' }),
    );
    await cancelOrder(server.platform, { storeId, orderId: orders[2]!.order.id });
  });

  it('lists newest first and filters by status, e-mail, total, date and payment status; searches number, e-mail and name', async () => {
    const ids = (res: { body: { data: { id: string }[] } }) => res.body.data.map((o) => o.id);
    const [a, b, c] = orders.map((o) => o.order.id) as [string, string, string];
    expect(ids(await get('/admin/v1/orders'))).toEqual(expect.arrayContaining([c, b, a]));
    expect(ids(await get('/admin/v1/orders')).slice(0, 3)).toEqual([c, b, a]);
    expect(ids(await get('/admin/v1/orders?status=refunded,cancelled'))).toEqual([c]);
    const byIds = await get(`/admin/v1/orders?ids=${a},${c},ord_nope`);
    expect(byIds.status, JSON.stringify(byIds.body)).toBe(200);
    expect(ids(byIds)).toEqual([c, a]);
    expect((await get(`/admin/v1/orders?ids=${Array.from({ length: 101 }, () => a).join(',')}`)).status).toBe(
      400,
    );
    expect((await get(`/admin/v1/orders?ids=${a},,${c}`)).status).toBe(400);
    expect(ids(await get('/admin/v1/orders?email=ANN@example.com'))).toEqual([c, a]);
    expect(ids(await get(`/admin/v1/orders?total_min=10000&total_max=20000`))).toEqual([b]);
    const future = new Date(Date.now() + 60_000).toISOString();
    expect(ids(await get(`/admin/v1/orders?created_from=${encodeURIComponent(future)}`))).toEqual([]);
    expect(
      ids(await get(`/admin/v1/orders?created_to=${encodeURIComponent(future)}&email=bob@example.com`)),
    ).toEqual([b]);
    // Payment status follows payments' events (the worker), and the order's own payment calls.
    const captured = await until(
      () => get('/admin/v1/orders?payment_status=captured'),
      (r) => ids(r).includes(a) && ids(r).includes(b),
    );
    expect(ids(captured)).toEqual(expect.arrayContaining([a, b]));
    expect(ids(await get('/admin/v1/orders?payment_status=refunded'))).toEqual([c]);

    const number = orders[1]!.order.number;
    expect(ids(await get(`/admin/v1/orders?q=${encodeURIComponent(`#${number}`)}`))).toEqual([b]);
    expect(ids(await get(`/admin/v1/orders?q=${number}`))).toEqual([b]);
    expect(ids(await get('/admin/v1/orders?q=BOB@'))).toEqual([b]);
    expect(
      ids(await get(`/admin/v1/orders?q=${encodeURIComponent('nguyễn')}`)).length,
    ).toBeGreaterThanOrEqual(3);
    expect(ids(await get('/admin/v1/orders?q=nobody-matches-this'))).toEqual([]);

    const page1 = await get('/admin/v1/orders?limit=2');
    expect(page1.body.data).toHaveLength(2);
    const page2 = await get(`/admin/v1/orders?limit=2&cursor=${page1.body.next_cursor}`);
    expect(ids(page2)).not.toContain(ids(page1)[0]);

    for (const bad of ['status=lost', 'total_min=-1', 'created_from=yesterday', 'limit=1000', 'cursor=%%%']) {
      const res = await get(`/admin/v1/orders?${bad}`);
      expect(res.status, bad).toBe(400);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
    }
  });

  it('shows one order with history, payment and refunds; 404 for another store or none', async () => {
    const c = orders[2]!;
    const res = await get(`/admin/v1/orders/${c.order.id}`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      id: c.order.id,
      status: 'refunded',
      payment: { id: c.intentId, status: 'captured' },
    });
    expect(res.body.refunds).toHaveLength(1);
    expect(res.body.history.map((x: { to_status: string }) => x.to_status)).toEqual([
      'pending',
      'confirmed',
      'cancelled',
      'refunded',
    ]);
    expect((await get('/admin/v1/orders/ord_nope')).status).toBe(404);
    const stranger = await createStaffSession(server, { role: 'owner' });
    expect((await get(`/admin/v1/orders/${c.order.id}`, stranger.headers)).status).toBe(404);
    expect((await get('/admin/v1/orders', stranger.headers)).body.data).toEqual([]);
  });
});

describe('staff operations over HTTP', () => {
  it('process, ship (Idempotency-Key), deliver, return, receive, refund — audited; read-only keys cannot', async () => {
    const placed = await place([{ variantId: variants[0]!, quantity: 2, unitPrice: 1500 }]);
    const id = placed.order.id;
    const readOnly = (await createTestApiKey(server, { storeId, kind: 'secret', role: 'read_only' })).headers;
    expect((await get(`/admin/v1/orders/${id}`, readOnly)).status).toBe(200);
    expect((await post(`/admin/v1/orders/${id}/cancel`, {}, readOnly)).status).toBe(403);
    expect((await post(`/admin/v1/orders/${id}/process`, undefined, readOnly)).status).toBe(403);

    expect((await post(`/admin/v1/orders/${id}/process`)).body.status).toBe('processing');
    const body = { carrier: 'UPS', tracking_number: '1Z123', tracking_url: 'https://track.example/1Z123' };
    const key = { ...h, 'idempotency-key': `ship-${id}` };
    const shipped = await post(`/admin/v1/orders/${id}/fulfilments`, body, key);
    expect(shipped.status).toBe(201);
    expect(shipped.body.order.status).toBe('shipped');
    const replay = await post(`/admin/v1/orders/${id}/fulfilments`, body, key);
    expect(replay.status).toBe(201);
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    expect(replay.body.fulfilment.id).toBe(shipped.body.fulfilment.id);
    expect((await post(`/admin/v1/orders/${id}/fulfilments`, body)).status).toBe(409);
    expect((await post(`/admin/v1/orders/${id}/fulfilments`, { carrier: '' })).status).toBe(400);
    expect((await post(`/admin/v1/orders/${id}/deliver`)).body.status).toBe('delivered');
    expect((await post(`/admin/v1/orders/${id}/cancel`, { reason: 'late' })).status).toBe(409);

    const line = placed.order.lines[0]!.id;
    const ret = await post(`/admin/v1/orders/${id}/returns`, {
      lines: [{ order_line_id: line, quantity: 1 }],
    });
    expect(ret.status).toBe(201);
    expect((await post(`/admin/v1/returns/${ret.body.id}/approve`)).body.status).toBe('approved');
    expect((await post(`/admin/v1/returns/${ret.body.id}/receive`)).body.status).toBe('received');
    const refund = await post(`/admin/v1/returns/${ret.body.id}/refund`, { amount: 1000 });
    expect(refund.body).toMatchObject({ status: 'refunded', refunded_amount: 1000 });
    expect((await get(`/admin/v1/returns/${ret.body.id}`)).body.status).toBe('refunded');
    expect(
      (await get(`/admin/v1/returns?status=refunded`)).body.data.map((r: { id: string }) => r.id),
    ).toContain(ret.body.id);
    expect((await post(`/admin/v1/returns/${ret.body.id}/refund`, { amount: -5 })).status).toBe(400);

    const { rows } = await server.platform.db.execute<{ action: string; actor_id: string }>(sql`
      SELECT action, actor_id FROM audit_log WHERE store_id = ${storeId} AND entity_id IN (${id}, ${ret.body.id}) ORDER BY id`);
    expect(rows.map((r) => r.action)).toEqual([
      'order.processing_started',
      'fulfilment.created',
      'order.delivered',
      'return.requested',
      'return.approved',
      'return.received',
      'return.refunded',
    ]);
    expect(new Set(rows.map((r) => r.actor_id))).toEqual(new Set([owner.userId]));
  });
});

describe('staff notes', () => {
  it('keeps internal notes on an order: added, listed, deleted — audited, events without the words; bad input changes nothing', async () => {
    const placed = await place([{ variantId: variants[0]!, quantity: 1, unitPrice: 1200 }]);
    const path = `/admin/v1/orders/${placed.order.id}/notes`;
    const readOnly = (await createTestApiKey(server, { storeId, kind: 'secret', role: 'read_only' })).headers;
    const foreign = await createStaffSession(server, { role: 'owner' });

    const added = await post(path, { body: '  Shopper called: gift wrap, no invoice in the parcel ' });
    expect(added.status).toBe(201);
    expect(added.body).toMatchObject({
      body: 'Shopper called: gift wrap, no invoice in the parcel',
      author: { type: 'staff', id: owner.userId },
    });
    expect(added.body.id).toMatch(/^onote_/);
    await post(path, { body: 'Parcel held until Monday' });

    for (const bad of [{}, { body: '' }, { body: 'x'.repeat(2001) }, { body: 'ok', pinned: true }]) {
      const res = await post(path, bad);
      expect(res.status, JSON.stringify(bad)).toBe(400);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
    }
    expect((await post(path, { body: 'mine' }, readOnly)).status).toBe(403);
    expect((await post(path, { body: 'mine' }, foreign.headers)).status).toBe(404);
    expect((await get(path, foreign.headers)).status).toBe(404);
    expect((await post('/admin/v1/orders/ord_nope/notes', { body: 'x' })).status).toBe(404);

    const list = await get(path, readOnly);
    expect(list.body.data.map((n: { body: string }) => n.body)).toEqual([
      'Shopper called: gift wrap, no invoice in the parcel',
      'Parcel held until Monday',
    ]);
    const del = (noteId: string, headers = h) => call(server, 'DELETE', `${path}/${noteId}`, { headers });
    expect((await del(added.body.id, readOnly)).status).toBe(403);
    expect((await del(added.body.id)).status).toBe(204);
    expect((await del(added.body.id)).status).toBe(404);
    expect((await get(path)).body.data.map((n: { body: string }) => n.body)).toEqual([
      'Parcel held until Monday',
    ]);

    const { rows: events } = await server.platform.db.execute<{
      type: string;
      payload: Record<string, unknown>;
    }>(sql`
      SELECT type, payload FROM events WHERE store_id = ${storeId} AND aggregate_id = ${placed.order.id}
        AND type LIKE 'order.note_%' ORDER BY id`);
    expect(events.map((e) => e.type)).toEqual(['order.note_added', 'order.note_added', 'order.note_deleted']);
    expect(JSON.stringify(events)).not.toContain('gift wrap');
    const { rows: audit } = await server.platform.db.execute<{ action: string }>(sql`
      SELECT action FROM audit_log WHERE store_id = ${storeId} AND entity_id = ${placed.order.id} ORDER BY id`);
    expect(audit.map((a) => a.action)).toEqual([
      'order.note_added',
      'order.note_added',
      'order.note_deleted',
    ]);
    expect(JSON.stringify(audit)).not.toContain('gift wrap');
  });
});

describe('tags', () => {
  it("sets an order's tags (lower case, once each), finds orders by tag, and never shows them to the shopper", async () => {
    const a = await place([{ variantId: variants[0]!, quantity: 1, unitPrice: 1100 }]);
    const b = await place([{ variantId: variants[1]!, quantity: 1, unitPrice: 1100 }]);
    const put = (id: string, body: unknown, headers = h) =>
      call(server, 'PUT', `/admin/v1/orders/${id}/tags`, { headers, body });
    expect((await put(a.order.id, { tags: [' Gift ', 'wholesale', 'gift'] })).body).toEqual({
      tags: ['gift', 'wholesale'],
    });
    expect((await put(b.order.id, { tags: ['WHOLESALE'] })).body).toEqual({ tags: ['wholesale'] });

    const found = async (tag: string) =>
      (await get(`/admin/v1/orders?tag=${encodeURIComponent(tag)}`)).body.data.map(
        (o: { id: string }) => o.id,
      );
    expect(await found('wholesale')).toEqual([b.order.id, a.order.id]);
    expect(await found('Gift,wholesale')).toEqual([a.order.id]);
    expect(await found('nobody-uses-this')).toEqual([]);
    expect((await get(`/admin/v1/orders/${a.order.id}`)).body.tags).toEqual(['gift', 'wholesale']);

    // Bad input changes nothing.
    const readOnly = (await createTestApiKey(server, { storeId, kind: 'secret', role: 'read_only' })).headers;
    for (const bad of [
      {},
      { tags: 'gift' },
      { tags: [''] },
      { tags: ['a,b'] },
      { tags: ['x'.repeat(41)] },
      { tags: Array.from({ length: 21 }, (_, i) => `t${i}`) },
    ]) {
      const res = await put(a.order.id, bad);
      expect(res.status, JSON.stringify(bad)).toBe(400);
    }
    expect((await put(a.order.id, { tags: [] }, readOnly)).status).toBe(403);
    const foreign = await createStaffSession(server, { role: 'owner' });
    expect((await put(a.order.id, { tags: [] }, foreign.headers)).status).toBe(404);
    expect((await get(`/admin/v1/orders/${a.order.id}`)).body.tags).toEqual(['gift', 'wholesale']);

    // The same tags again: nothing changes, no event.
    await put(a.order.id, { tags: ['wholesale', 'gift'] });
    await put(a.order.id, { tags: ['gift'] });
    const { rows } = await server.platform.db.execute<{ payload: Record<string, unknown> }>(sql`
      SELECT payload FROM events WHERE store_id = ${storeId} AND aggregate_id = ${a.order.id}
        AND type = 'order.tags_changed' ORDER BY id`);
    expect(rows.map((r) => r.payload)).toEqual([
      { orderId: a.order.id, tags: ['gift', 'wholesale'], added: ['gift', 'wholesale'], removed: [] },
      { orderId: a.order.id, tags: ['gift'], added: [], removed: ['wholesale'] },
    ]);

    const token = orderAccessToken(server.platform, { id: a.order.id, storeId });
    const shopper = await get(`/store/v1/orders/${a.order.id}?token=${token}`, pk);
    expect(shopper.status).toBe(200);
    expect(shopper.body.tags).toBeUndefined();
  });
});

describe('CSV export', () => {
  it('streams every matching order with decimal amounts, defuses formulas, refuses bad filters, and is audited', async () => {
    const mark = `csv-${Date.now()}`;
    const a = await place([{ variantId: variants[0]!, quantity: 2, unitPrice: 1234 }]);
    const b = await place([{ variantId: variants[1]!, quantity: 1, unitPrice: 500 }]);
    const tag = (id: string, tags: string[]) =>
      call(server, 'PUT', `/admin/v1/orders/${id}/tags`, { headers: h, body: { tags } });
    expect((await tag(a.order.id, [mark, '=1+1'])).body).toEqual({ tags: ['=1+1', mark] });
    await tag(b.order.id, [mark]);
    const res = await fetch(`${server.url}/admin/v1/orders/export.csv?tag=${mark}`, { headers: h });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toMatch(
      /^attachment; filename="orders-\d{4}-\d{2}-\d{2}\.csv"$/,
    );
    const rows = (await res.text()).trimEnd().split('\r\n');
    const header = rows[0]!.split(',');
    expect(header.slice(0, 6)).toEqual([
      'number',
      'placed_at',
      'status',
      'payment_status',
      'fulfilment_status',
      'email',
    ]);
    expect(rows).toHaveLength(3); // header, b, a (newest first)
    const cell = (row: string, name: string) => row.split(',')[header.indexOf(name)];
    expect(cell(rows[1]!, 'number')).toBe(b.order.display_number);
    expect(cell(rows[2]!, 'tags')).toBe(`'=1+1 ${mark}`); // a spreadsheet never runs it
    expect(cell(rows[2]!, 'subtotal')).toBe('24.68');
    expect(cell(rows[2]!, 'items')).toBe('2');
    expect(cell(rows[2]!, 'currency')).toBe(a.order.currency);

    // Read a page at a time: the same rows whatever the page size.
    let paged = '';
    for await (const chunk of await exportOrdersCsv(server.platform.db, {
      storeId,
      query: { tag: mark },
      pageSize: 1,
    })) {
      paged += chunk;
    }
    // (Compared by number: the worker may update a payment status in between.)
    const numbers = (text: string) =>
      text
        .trimEnd()
        .split('\r\n')
        .map((r) => cell(r, 'number'));
    expect(numbers(paged)).toEqual(rows.map((r) => cell(r, 'number')));

    // Without filters: every order of the store, once.
    const all = await (await fetch(`${server.url}/admin/v1/orders/export.csv`, { headers: h })).text();
    const listed = (await get('/admin/v1/orders?limit=200')).body.data.length;
    expect(all.trimEnd().split('\r\n')).toHaveLength(listed + 1);

    const bad = await fetch(`${server.url}/admin/v1/orders/export.csv?status=lost`, { headers: h });
    expect(bad.status).toBe(400);
    expect(bad.headers.get('content-type')).toContain('application/problem+json');
    const foreign = await createStaffSession(server, { role: 'owner' });
    const theirs = await (
      await fetch(`${server.url}/admin/v1/orders/export.csv`, { headers: foreign.headers })
    ).text();
    expect(theirs.trimEnd().split('\r\n')).toHaveLength(1); // the header only

    const { rows: audit } = await server.platform.db.execute<{
      after: { filters: Record<string, string> };
    }>(sql`
      SELECT after FROM audit_log WHERE store_id = ${storeId} AND action = 'order.exported' ORDER BY id`);
    expect(audit[0]!.after).toEqual({ filters: { tag: mark }, rows: 'orders' });

    // One row per line item: what sold, with its order's number.
    const twoLines = await place([
      { variantId: variants[0]!, quantity: 3, unitPrice: 1000 },
      { variantId: variants[1]!, quantity: 1, unitPrice: 250 },
    ]);
    await tag(twoLines.order.id, [`${mark}-lines`]);
    const lines = await fetch(`${server.url}/admin/v1/orders/export.csv?rows=lines&tag=${mark}-lines`, {
      headers: h,
    });
    expect(lines.headers.get('content-disposition')).toMatch(/filename="order-lines-\d{4}-\d{2}-\d{2}\.csv"/);
    const lineRows = (await lines.text()).trimEnd().split('\r\n');
    const lineHeader = lineRows[0]!.split(',');
    const lineCell = (row: string, name: string) => row.split(',')[lineHeader.indexOf(name)];
    expect(lineRows).toHaveLength(3);
    expect(
      lineRows
        .slice(1)
        .map((r) => [
          lineCell(r, 'number'),
          lineCell(r, 'variant_id'),
          lineCell(r, 'quantity'),
          lineCell(r, 'unit_price'),
          lineCell(r, 'subtotal'),
        ]),
    ).toEqual([
      [twoLines.order.display_number, variants[0], '3', '10.00', '30.00'],
      [twoLines.order.display_number, variants[1], '1', '2.50', '2.50'],
    ]);
    expect((await fetch(`${server.url}/admin/v1/orders/export.csv?rows=items`, { headers: h })).status).toBe(
      400,
    );
  });
});

describe('shoppers cancel their own orders', () => {
  const stock = async (variantId: string) =>
    (await availabilityFor(server.platform.db, storeId, [variantId]))[0]!.available;
  const cancelAsGuest = (orderId: string, token: string, body?: unknown) =>
    call(server, 'POST', `/store/v1/orders/${orderId}/cancel?token=${token}`, { headers: pk, body });
  const setWindow = (minutes: number | null) =>
    call(server, 'PATCH', '/admin/v1/store', {
      headers: h,
      body: { settings: minutes === null ? {} : { orders: { shopper_cancel_minutes: minutes } } },
    });

  it('a guest cancels within the window: stock back, payment returned, the reason in the history; once', async () => {
    const before = await stock(variants[2]!);
    const placed = await place([{ variantId: variants[2]!, quantity: 2, unitPrice: 700 }], {
      email: 'quick@example.com',
    });
    const token = orderAccessToken(server.platform, { id: placed.order.id, storeId });
    const shown = await get(`/store/v1/orders/${placed.order.id}?token=${token}`, pk);
    expect(Date.parse(shown.body.cancellable_until)).toBeGreaterThan(Date.now() + 50 * 60_000);

    expect((await cancelAsGuest(placed.order.id, 'forged.token')).status).toBe(404);
    expect((await cancelAsGuest(placed.order.id, token, { reason: 'x'.repeat(301) })).status).toBe(400);
    const cancelled = await cancelAsGuest(placed.order.id, token, { reason: 'ordered the wrong size' });
    expect(cancelled.status, JSON.stringify(cancelled.body)).toBe(200);
    expect(cancelled.body).toMatchObject({ cancellable_until: null });
    expect(['cancelled', 'refunded']).toContain(cancelled.body.status);
    expect(cancelled.body.cancel_reason).toBe('Cancelled by the customer: ordered the wrong size');
    expect(await stock(variants[2]!)).toBe(before);
    const again = await cancelAsGuest(placed.order.id, token);
    expect(again.status).toBe(200);
    expect(again.body.status).toBe(cancelled.body.status);
    expect(await stock(variants[2]!)).toBe(before); // not twice
    const audited = await get(`/admin/v1/audit-log?action=order.cancelled&entity_id=${placed.order.id}`);
    expect(audited.body.data).toHaveLength(1);
    expect(audited.body.data[0]).toMatchObject({ actor: { type: 'customer', id: null } });
  });

  it('refuses once the shop is preparing it, after the window, or when the shop turned it off', async () => {
    const refusedWith = async (orderId: string) => {
      const token = orderAccessToken(server.platform, { id: orderId, storeId });
      const res = await cancelAsGuest(orderId, token);
      expect(res.status, JSON.stringify(res.body)).toBe(409);
      expect(res.body.code).toBe('INVALID_STATE_TRANSITION');
      expect((await get(`/admin/v1/orders/${orderId}`)).body.status).not.toMatch(/cancelled|refunded/);
      return (await get(`/store/v1/orders/${orderId}?token=${token}`, pk)).body.cancellable_until;
    };
    const line = [{ variantId: variants[0]!, quantity: 1, unitPrice: 500 }];

    const preparing = await place(line);
    expect((await post(`/admin/v1/orders/${preparing.order.id}/process`)).status).toBe(200);
    expect(await refusedWith(preparing.order.id)).toBeNull();

    const old = await place(line);
    await server.platform.db.execute(
      sql`UPDATE orders SET created_at = now() - interval '2 hours' WHERE id = ${old.order.id}`,
    );
    expect(await refusedWith(old.order.id)).toBeNull();

    expect((await setWindow(0)).status).toBe(200);
    try {
      expect(await refusedWith((await place(line)).order.id)).toBeNull();
    } finally {
      await setWindow(null);
    }
  });

  it('a signed-in shopper cancels their own order, and no one else’s', async () => {
    const alice = await registerShopper(server, pk, { email: uniqueEmail('alice') });
    const bob = await registerShopper(server, pk, { email: uniqueEmail('bob') });
    const placed = await placeTestOrder(
      server.platform,
      storeId,
      [{ variantId: variants[1]!, quantity: 1, unitPrice: 900 }],
      { email: alice.email, customerId: alice.id },
    );
    const path = `/store/v1/customers/me/orders/${placed.order.id}/cancel`;
    expect((await call(server, 'POST', path, { headers: bob.headers })).status).toBe(404);
    expect((await call(server, 'POST', path, { headers: pk })).status).toBe(403);
    const done = await call(server, 'POST', path, { headers: alice.headers });
    expect(done.status, JSON.stringify(done.body)).toBe(200);
    expect(['cancelled', 'refunded']).toContain(done.body.status);
    expect(done.body.cancel_reason).toBeNull();
    const history = (await get(`/admin/v1/orders/${placed.order.id}`)).body.history;
    expect(history.map((x: { reason: string | null }) => x.reason)).toContain('cancelled by the customer');
    // In the audit log as the shopper's doing, the payment's settlement too.
    const audited = await get(`/admin/v1/audit-log?actor_type=customer&actor_id=${alice.id}`);
    expect(audited.status).toBe(200);
    const actions = audited.body.data.map((e: { action: string; entity_id: string }) => e.action);
    expect(actions).toContain('order.cancelled');
    expect(actions.some((a: string) => a === 'payment.voided' || a === 'payment.refunded')).toBe(true);
  });
});

describe('find my order', () => {
  const lookup = (body: unknown) => call(server, 'POST', '/store/v1/orders/lookup', { headers: pk, body });
  const linksTo = (address: string) =>
    capturedMail(server).filter((m) => m.to.includes(address) && /^Your order /.test(m.subject));

  it('e-mails the link to the address the order was placed with, and answers the same when nothing matches', async () => {
    const address = uniqueEmail('finder');
    const placed = await place([{ variantId: variants[0]!, quantity: 1, unitPrice: 400 }], {
      email: address,
    });
    const asked = await lookup({ email: address.toUpperCase(), number: placed.order.display_number });
    expect(asked.status, JSON.stringify(asked.body)).toBe(202);
    expect(asked.body).toEqual({ status: 'accepted' });
    const mail = await waitForMail(server, { to: address, subject: /^Your order / }, 15_000);
    const token = new RegExp(`/orders/${placed.order.id}\\?token=([^\\s"]+)`).exec(mail.text)![1]!;
    const shown = await get(`/store/v1/orders/${placed.order.id}?token=${decodeURIComponent(token)}`, pk);
    expect(shown.status).toBe(200);
    expect(shown.body.display_number).toBe(placed.order.display_number);

    // Another address, or a number that is not theirs: the same answer, and no e-mail anywhere.
    const links = () => capturedMail(server).filter((m) => /^Your order /.test(m.subject)).length;
    const before = links(); // (the order's own confirmation may arrive meanwhile: only links are counted)
    expect((await lookup({ email: uniqueEmail('stranger'), number: placed.order.number })).status).toBe(202);
    expect((await lookup({ email: address, number: placed.order.number + 100_000 })).status).toBe(202);
    for (const bad of [
      { email: address, number: 'abc' },
      { email: 'not-an-address', number: 1001 },
      { email: address },
      { email: address, number: 1001, extra: true },
    ]) {
      expect((await lookup(bad)).status).toBe(400);
    }
    await new Promise((r) => setTimeout(r, 300));
    expect(links()).toBe(before);

    // At most five asks an hour for one address (the wrong number was the second): three more links.
    for (let i = 0; i < 6; i++) await lookup({ email: address, number: placed.order.number });
    await expect.poll(() => linksTo(address).length, { timeout: 10_000 }).toBe(4);
    await new Promise((r) => setTimeout(r, 300));
    expect(linksTo(address)).toHaveLength(4); // and no more
  });
});

describe('invoices', () => {
  it('is a real PDF with the store, number, addresses, lines, taxes and totals in the currency', async () => {
    const placed = await place([
      { variantId: variants[0]!, quantity: 3, unitPrice: 1000 },
      { variantId: variants[1]!, quantity: 1, unitPrice: 500 },
    ]);
    const res = await fetch(`${server.url}/admin/v1/orders/${placed.order.id}/invoice.pdf`, { headers: h });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    const bytes = await res.arrayBuffer();
    expect(Buffer.from(bytes).subarray(0, 5).toString()).toBe('%PDF-');
    const { pages, text } = await pdfText(bytes);
    expect(pages).toBe(1);
    for (const s of [
      'Test Store',
      `#${placed.order.number}`,
      'Lan Nguyễn',
      '12 Hàng Bạc',
      'Product 1',
      'SKU-1',
    ]) {
      expect(text).toContain(s);
    }
    // 3 × $10.00 (+ $1.05 tax = $31.05) and $5.00 (+ $0.18), subtotal $35.00, shipping $5.00 → $41.23.
    for (const s of ['$10.00', '$1.05', '$31.05', '$0.18', '$5.18', '$35.00', '$1.23', '$41.23'])
      expect(text).toContain(s);
  });

  it('uses the minor units of the currency (JPY has none) and breaks long orders over pages', async () => {
    const jpy = await place([{ variantId: variants[0]!, quantity: 2, unitPrice: 1500 }], { currency: 'JPY' });
    const one = await pdfText(
      await (
        await fetch(`${server.url}/admin/v1/orders/${jpy.order.id}/invoice.pdf`, { headers: h })
      ).arrayBuffer(),
    );
    expect(one.text).toContain('¥1,500');
    expect(one.text).toContain('¥3,000');
    expect(one.text).not.toContain('¥1,500.00');

    const many = Array.from({ length: 60 }, () => ({ variantId: variants[2]!, quantity: 1, unitPrice: 100 }));
    const long = await place(many);
    const big = await pdfText(
      await (
        await fetch(`${server.url}/admin/v1/orders/${long.order.id}/invoice.pdf`, { headers: h })
      ).arrayBuffer(),
    );
    expect(big.pages).toBeGreaterThan(1);
    expect(big.text).toContain('Product 60');
  });
});

describe('e-mail', () => {
  it('sends the confirmation once — also when the event is delivered again — and a shipping notice', async () => {
    const email = `mail-${Date.now()}@example.com`;
    const placed = await place([{ variantId: variants[1]!, quantity: 2, unitPrice: 1250 }], { email });
    const mail = await waitForMail(server, { to: email, subject: /confirmed/ }, 10_000);
    expect(mail.subject).toBe(`Order #${placed.order.number} confirmed — Test Store`);
    for (const s of ['2 × Product 1', '$25.00', 'Total: $30.88', '12 Hàng Bạc', '/orders/'])
      expect(mail.text).toContain(s);
    expect(mail.html).toContain('Hàng Bạc');
    const link = /See your order: (\S+)/.exec(mail.text)![1]!;
    const token = new URL(link).searchParams.get('token')!;
    const viaLink = await get(`/store/v1/orders/${placed.order.id}?token=${encodeURIComponent(token)}`, pk);
    expect(viaLink.status).toBe(200);

    // Deliver the same event to the subscriber again — once its first delivery is committed (the
    // mail leaves inside the dispatcher's transaction, before the delivery row is visible).
    await until(
      async () =>
        (
          await server.platform.db.execute<{ status: string }>(sql`
            SELECT status FROM event_deliveries
            WHERE subscriber = 'orders.confirmation-email' AND aggregate_id = ${placed.order.id}`)
        ).rows,
      (r) => r.length === 1 && r[0]!.status === 'delivered',
    );
    const { rows } = await server.platform.db.execute<{ event_id: string }>(sql`
      UPDATE event_deliveries SET status = 'pending', next_attempt_at = now()
      WHERE subscriber = 'orders.confirmation-email' AND aggregate_id = ${placed.order.id}
      RETURNING event_id`);
    expect(rows).toHaveLength(1);
    await until(
      async () =>
        (
          await server.platform.db.execute<{ status: string; attempts: number }>(sql`
            SELECT status, attempts FROM event_deliveries WHERE subscriber = 'orders.confirmation-email' AND event_id = ${rows[0]!.event_id}`)
        ).rows[0]!,
      (d) => d.status === 'delivered' && d.attempts >= 2,
    );
    expect(
      capturedMail(server).filter((m) => m.to.includes(email) && /confirmed/.test(m.subject)),
    ).toHaveLength(1);

    await post(`/admin/v1/orders/${placed.order.id}/fulfilments`, {
      carrier: 'DHL',
      tracking_number: 'JD0001',
    });
    const shipped = await waitForMail(server, { to: email, subject: /shipped/ }, 10_000);
    expect(shipped.text).toContain('Tracking number: JD0001');
    expect(shipped.text).toContain('2 × Product 1');

    // Staff see the e-mails and send the confirmation again: a second mail, its own Message-ID.
    const emailsPath = `/admin/v1/orders/${placed.order.id}/emails`;
    const readOnly = (await createTestApiKey(server, { storeId, kind: 'secret', role: 'read_only' })).headers;
    const listed = await get(emailsPath, readOnly);
    expect(listed.body.data).toMatchObject([
      { kind: 'confirmation', status: 'sent', resends: 0, ref: null },
      { kind: 'shipment', status: 'sent', ref: expect.any(String) },
    ]);
    const confirmationId = listed.body.data[0].id as string;
    expect((await post(`${emailsPath}/${confirmationId}/resend`, undefined, readOnly)).status).toBe(403);
    expect((await post(`${emailsPath}/ordntf_nope/resend`)).status).toBe(404);
    const resent = await post(`${emailsPath}/${confirmationId}/resend`);
    expect(resent.body).toMatchObject({ status: 'pending', resends: 1 });
    const again = await waitForMail(
      server,
      (m) => m.to.includes(email) && /confirmed/.test(m.subject) && m.messageId !== mail.messageId,
      10_000,
    );
    expect(again.messageId).toMatch(/\.r1@/);
    const after = await until(
      () => get(emailsPath),
      (r) => r.body.data[0].status === 'sent',
    );
    expect(after.body.data[0]).toMatchObject({ status: 'sent', resends: 1 });
    const { rows: audited } = await server.platform.db.execute<{ action: string }>(sql`
      SELECT action FROM audit_log WHERE store_id = ${storeId} AND entity_id = ${placed.order.id} AND action = 'order.email_resent'`);
    expect(audited).toHaveLength(1);
  });
});

describe('e-mail about what happens later', () => {
  it('tells the shopper of a cancellation (and its refund), and of a return approved, declined and refunded', async () => {
    const email = `news-${Date.now()}@example.com`;
    const cancelled = await place([{ variantId: variants[1]!, quantity: 1, unitPrice: 4200 }], { email });
    await post(`/admin/v1/orders/${cancelled.order.id}/cancel`, { reason: 'Out of stock at the supplier' });
    const cancelMail = await waitForMail(server, { to: email, subject: /cancelled/ }, 10_000);
    expect(cancelMail.subject).toBe(`Order #${cancelled.order.number} cancelled — Test Store`);
    for (const s of ['Reason: Out of stock at the supplier', 'refunding $', '1 × Product 1', '/orders/'])
      expect(cancelMail.text).toContain(s);

    const placed = await place([{ variantId: variants[0]!, quantity: 2, unitPrice: 1500 }], { email });
    const id = placed.order.id;
    await post(`/admin/v1/orders/${id}/fulfilments`, { carrier: 'UPS' });
    const line = placed.order.lines[0]!.id;
    const first = await post(`/admin/v1/orders/${id}/returns`, {
      lines: [{ order_line_id: line, quantity: 1 }],
    });
    await post(`/admin/v1/returns/${first.body.id}/reject`, { reason: 'Worn' });
    const declined = await waitForMail(server, { to: email, subject: /declined/ }, 10_000);
    expect(declined.subject).toBe(`Return ${first.body.display_number} declined — Test Store`);
    expect(declined.text).toContain('Reason: Worn');

    const second = await post(`/admin/v1/orders/${id}/returns`, {
      lines: [{ order_line_id: line, quantity: 1 }],
    });
    await post(`/admin/v1/returns/${second.body.id}/approve`);
    const approved = await waitForMail(server, { to: email, subject: /approved/ }, 10_000);
    expect(approved.text).toContain('1 × Product 1');
    await post(`/admin/v1/returns/${second.body.id}/receive`);
    await post(`/admin/v1/returns/${second.body.id}/refund`, { amount: 1000 });
    const refunded = await waitForMail(server, { to: email, subject: /refunded/ }, 10_000);
    expect(refunded.text).toContain(`We refunded $10.00 for your return ${second.body.display_number}.`);
    // One e-mail per step: the confirmations, the shipping notice and these four.
    await until(
      async () =>
        (
          await server.platform.db.execute<{ kind: string; status: string }>(sql`
            SELECT kind, status FROM order_notifications WHERE order_id IN (${cancelled.order.id}, ${id}) ORDER BY kind, ref`)
        ).rows,
      (r) => r.every((n) => n.status === 'sent') && r.length === 7,
    );
    expect(capturedMail(server).filter((m) => m.to.includes(email))).toHaveLength(7);
  });
});

describe('in Vietnamese', () => {
  it('an order placed in Vietnamese gets its e-mail and invoice in Vietnamese', async () => {
    const email = `vi-${Date.now()}@example.com`;
    const placed = await place([{ variantId: variants[0]!, quantity: 2, unitPrice: 1000 }], {
      email,
      locale: 'vi-VN',
    });
    const mail = await waitForMail(server, { to: email, subject: /xác nhận/ }, 10_000);
    expect(mail.subject).toBe(`Đơn hàng #${placed.order.number} đã được xác nhận — Test Store`);
    for (const s of ['Xin chào', 'Tạm tính', 'Tổng cộng', 'Giao đến', 'Xem đơn hàng: '])
      expect(mail.text).toContain(s);
    expect(mail.text).not.toContain('Subtotal');
    const pdf = await pdfText(
      await (
        await fetch(`${server.url}/admin/v1/orders/${placed.order.id}/invoice.pdf`, { headers: h })
      ).arrayBuffer(),
    );
    for (const s of [`Hóa đơn cho đơn hàng #${placed.order.number}`, 'Người nhận', 'Đơn giá', 'Tổng cộng'])
      expect(pdf.text).toContain(s);
    expect(pdf.text).not.toContain('Unit price');
  });
});

describe('storefront', () => {
  it('a guest reads their order with its signed token; forged, expired or foreign tokens are 404', async () => {
    const placed = await place([{ variantId: variants[0]!, quantity: 1, unitPrice: 1000 }]);
    const id = placed.order.id;
    const token = orderAccessToken(server.platform, { id, storeId });
    const ok = await get(`/store/v1/orders/${id}?token=${token}`, pk);
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ id, status: 'confirmed', display_number: `#${placed.order.number}` });
    expect(ok.body.cart_id).toBeUndefined();
    expect(ok.body.payment_intent_id).toBeUndefined();
    const pdf = await fetch(`${server.url}/store/v1/orders/${id}/invoice.pdf?token=${token}`, {
      headers: pk,
    });
    expect(pdf.headers.get('content-type')).toBe('application/pdf');

    const [exp, sig] = token.split('.') as [string, string];
    const forged = `${exp}.${sig.slice(0, -2)}${sig.endsWith('AA') ? 'BB' : 'AA'}`;
    const expired = orderAccessToken(server.platform, { id, storeId }, { ttlSeconds: -1 });
    const otherOrder = orderAccessToken(server.platform, { id: 'ord_other', storeId });
    for (const t of [forged, expired, otherOrder, `${Number(exp) + 1000}.${sig}`]) {
      expect((await get(`/store/v1/orders/${id}?token=${t}`, pk)).status).toBe(404);
    }
    expect((await get(`/store/v1/orders/${id}`, pk)).status).toBe(400);
    const stranger = await createStaffSession(server, { role: 'owner' });
    const strangerKey = (await createTestApiKey(server, { storeId: stranger.storeId!, kind: 'publishable' }))
      .headers;
    expect((await get(`/store/v1/orders/${id}?token=${token}`, strangerKey)).status).toBe(404);
  });

  it("a guest who registers sees their earlier orders; a shopper never sees another shopper's", async () => {
    const email = `guest-${Date.now()}@example.com`;
    const guest = await place([{ variantId: variants[2]!, quantity: 1, unitPrice: 700 }], { email });
    const registered = await post(
      '/store/v1/customers/register',
      { email, password: 'correct horse battery staple' },
      pk,
    );
    expect(registered.status).toBe(201);
    const customerId = registered.body.customer.id as string;
    const shopper = { ...pk, authorization: `Bearer ${registered.body.access_token}` };
    expect(registered.body.customer.email_verified).toBe(false);
    // Registering proves nothing: the guest's orders wait until the address is confirmed, even
    // once the registration has been handled (the customers module recorded it).
    await until(
      () => get(`/admin/v1/customers/${customerId}`),
      (r) => r.body.profile?.registered_at != null,
    );
    expect((await get('/store/v1/customers/me/orders', shopper)).body.data).toEqual([]);
    const mail = await waitForMail(server, { to: email, subject: /^Confirm your e-mail address/ });
    const token = decodeURIComponent(/verify-email\?token=(\S+)/.exec(mail.text)![1]!);
    const verified = await post('/store/v1/customers/verify-email', { token }, pk);
    expect(verified.status).toBe(200);
    expect(verified.body.customer.email_verified).toBe(true);
    expect((await post('/store/v1/customers/verify-email', { token }, pk)).status).toBe(401);
    const mine = await until(
      () => get('/store/v1/customers/me/orders', shopper),
      (r) => r.body.data?.length === 1,
    );
    expect(mine.body.data.map((o: { id: string }) => o.id)).toEqual([guest.order.id]);
    expect(mine.body.data[0].customer_id).toBe(customerId);
    const { rows } = await server.platform.db.execute<{ n: number }>(
      sql`SELECT count(*)::int AS n FROM events WHERE aggregate_id = ${guest.order.id} AND type = 'order.customer_attached'`,
    );
    expect(rows[0]!.n).toBe(1);

    const detail = await get(`/store/v1/customers/me/orders/${guest.order.id}`, shopper);
    expect(detail.status).toBe(200);
    expect(detail.body.lines).toHaveLength(1);
    const invoice = await fetch(`${server.url}/store/v1/customers/me/orders/${guest.order.id}/invoice.pdf`, {
      headers: shopper,
    });
    expect(invoice.status).toBe(200);

    // Ship it, then the shopper asks to return it.
    await post(`/admin/v1/orders/${guest.order.id}/fulfilments`, {});
    const ret = await post(
      `/store/v1/customers/me/orders/${guest.order.id}/returns`,
      { lines: [{ order_line_id: guest.order.lines[0]!.id, quantity: 1 }], reason: 'Changed my mind' },
      shopper,
    );
    expect(ret.status).toBe(201);
    expect(ret.body).toMatchObject({ status: 'requested', requested_by: 'customer' });

    // Someone else's order: 404 everywhere.
    const other = await place([{ variantId: variants[2]!, quantity: 1, unitPrice: 700 }]);
    expect((await get(`/store/v1/customers/me/orders/${other.order.id}`, shopper)).status).toBe(404);
    const otherReturn = await post(
      `/store/v1/customers/me/orders/${other.order.id}/returns`,
      { lines: [{ order_line_id: other.order.lines[0]!.id, quantity: 1 }] },
      shopper,
    );
    expect(otherReturn.status).toBe(404);
    expect((await get('/store/v1/customers/me/orders', pk)).status).toBe(403);
  });
});

describe('cancel and guest returns over HTTP', () => {
  it('cancels with a reason (audited; a replayed Idempotency-Key answers the same), and refuses bad input', async () => {
    const placed = await place([{ variantId: variants[1]!, quantity: 1, unitPrice: 4200 }]);
    const id = placed.order.id;
    expect((await post(`/admin/v1/orders/${id}/cancel`, { reason: '' })).status).toBe(400);
    expect((await post(`/admin/v1/orders/${id}/cancel`, { reason: 'x', extra: 1 })).status).toBe(400);
    const key = { ...h, 'idempotency-key': `cancel-${id}` };
    const cancelled = await post(
      `/admin/v1/orders/${id}/cancel`,
      { reason: 'Out of stock at the supplier' },
      key,
    );
    expect(cancelled.status).toBe(200);
    expect(cancelled.body).toMatchObject({
      status: 'refunded',
      cancel_reason: 'Out of stock at the supplier',
    });
    const replay = await post(
      `/admin/v1/orders/${id}/cancel`,
      { reason: 'Out of stock at the supplier' },
      key,
    );
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    expect((await post(`/admin/v1/orders/${id}/cancel`, { reason: 'other' }, key)).status).toBe(422);
    const { rows } = await server.platform.db.execute<{ action: string }>(sql`
      SELECT action FROM audit_log WHERE store_id = ${storeId}
        AND (entity_id = ${id} OR after->>'payment_intent_id' = ${placed.intentId}) ORDER BY id`);
    expect(rows.map((r) => r.action)).toEqual(['order.cancelled', 'payment.refunded']);
    expect((await post('/admin/v1/orders/ord_nope/cancel', {})).status).toBe(404);
  });

  it('a guest asks for a return with the order-status token; without it, nothing', async () => {
    const placed = await place([{ variantId: variants[0]!, quantity: 2, unitPrice: 1000 }]);
    await post(`/admin/v1/orders/${placed.order.id}/fulfilments`, {});
    const token = orderAccessToken(server.platform, { id: placed.order.id, storeId });
    const body = {
      lines: [{ order_line_id: placed.order.lines[0]!.id, quantity: 1 }],
      reason: 'Wrong colour',
    };
    const refused = await post(
      `/store/v1/orders/${placed.order.id}/returns?token=${Math.floor(Date.now() / 1000) + 600}.forgedforgedforged`,
      body,
      pk,
    );
    expect(refused.status).toBe(404);
    const ret = await post(`/store/v1/orders/${placed.order.id}/returns?token=${token}`, body, pk);
    expect(ret.status).toBe(201);
    expect(ret.body).toMatchObject({ status: 'requested', requested_by: 'customer', reason: 'Wrong colour' });
    const tooMany = await post(
      `/store/v1/orders/${placed.order.id}/returns?token=${token}`,
      { lines: [{ order_line_id: placed.order.lines[0]!.id, quantity: 2 }] },
      pk,
    );
    expect(tooMany.status).toBe(422);
    const seen = await get(`/store/v1/orders/${placed.order.id}?token=${token}`, pk);
    expect(seen.body.returns.map((r: { id: string }) => r.id)).toEqual([ret.body.id]);
  });
});
