import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer } from '../../../test/harness.ts';
import { call, createStaffSession, type StaffSession } from '../../../test/identity.ts';
import { pdfText } from '../../../test/pdf.ts';
import { placeTestOrder, stockedVariants, useCaptureMode } from './testing.ts';

/**
 * Many orders at once over HTTP: ship a batch (one already shipped, one cancelled, one of another
 * store), capture authorized payments (what is owed after a cancelled unit), tag and untag, and
 * print the batch's packing slips in one PDF; a second run skips what the first did.
 */

let server: Awaited<ReturnType<typeof startTestServer>>;
let owner: StaffSession;
let staff: StaffSession;
let storeId: string;
let variants: string[];
let foreignOrder: string;

beforeAll(async () => {
  server = await startTestServer({ worker: true });
  owner = await createStaffSession(server, { role: 'owner' });
  storeId = owner.storeId!;
  staff = await createStaffSession(server, { role: 'staff', storeId });
  ({ variantIds: variants } = await stockedVariants(server.platform, storeId, 2, 200));
  const other = await createStaffSession(server, { role: 'owner' });
  const [v] = (await stockedVariants(server.platform, other.storeId!, 1, 10)).variantIds;
  foreignOrder = (
    await placeTestOrder(server.platform, other.storeId!, [{ variantId: v!, quantity: 1, unitPrice: 500 }])
  ).order.id;
});
afterAll(async () => {
  await server?.close();
});

const api = (method: string, path: string, body?: unknown, session = owner) =>
  call(server, method, path, { headers: session.headers, body });
const bulk = (body: unknown, session = owner) => api('POST', '/admin/v1/orders/bulk', body, session);
const place = async (quantity = 2) =>
  (
    await placeTestOrder(server.platform, storeId, [
      { variantId: variants[0]!, quantity, unitPrice: 1000 },
      { variantId: variants[1]!, quantity: 1, unitPrice: 700 },
    ])
  ).order;
const order = async (id: string) => (await api('GET', `/admin/v1/orders/${id}`)).body;
const outcomes = (res: { body: { results: { outcome: string; code: string | null }[] } }) =>
  res.body.results.map((r) => (r.code ? `${r.outcome}:${r.code}` : r.outcome));

async function until<T>(probe: () => Promise<T>, ok: (v: T) => boolean): Promise<T> {
  const end = Date.now() + 10_000;
  for (;;) {
    const v = await probe();
    if (ok(v) || Date.now() > end) return v;
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('bulk actions on orders', () => {
  it('ships a batch, reporting what it skipped and what failed; a second run skips everything', async () => {
    const [a, b, shipped, cancelled] = [await place(), await place(), await place(), await place()];
    expect((await api('POST', `/admin/v1/orders/${shipped.id}/fulfilments`, {})).status).toBe(201);
    expect((await api('POST', `/admin/v1/orders/${cancelled.id}/cancel`, {})).status).toBe(200);
    const ids = [a.id, b.id, shipped.id, cancelled.id, foreignOrder];
    const res = await bulk({ action: 'fulfil', order_ids: ids, carrier: 'VNPost' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ action: 'fulfil', done: 2, skipped: 2, failed: 1 });
    expect(outcomes(res)).toEqual([
      'done',
      'done',
      'skipped:NOTHING_TO_DO',
      'skipped:NOTHING_TO_DO',
      'failed:NOT_FOUND',
    ]);
    expect(res.body.results.map((r: { display_number: string | null }) => r.display_number)).toEqual([
      a.display_number,
      b.display_number,
      shipped.display_number,
      cancelled.display_number,
      null,
    ]);
    expect(res.body.results[3].message).toMatch(
      /^The order is (cancelled|refunded); only confirmed or processing/,
    );
    for (const id of [a.id, b.id]) {
      const o = await order(id);
      expect(o.status).toBe('shipped');
      expect(o.fulfilments).toHaveLength(1);
      expect(o.fulfilments[0].carrier).toBe('VNPost');
    }
    expect((await order(shipped.id)).fulfilments).toHaveLength(1);
    const { rows } = await server.platform.db.execute<{ n: number }>(
      sql`SELECT count(*)::int AS n FROM audit_log WHERE store_id = ${storeId} AND action = 'fulfilment.created'
            AND entity_id IN (${a.id}, ${b.id})`,
    );
    expect(rows[0]!.n).toBe(2);

    const again = await bulk({ action: 'fulfil', order_ids: ids.slice(0, 2) });
    expect(outcomes(again)).toEqual(['skipped:NOTHING_TO_DO', 'skipped:NOTHING_TO_DO']);
  });

  it('captures authorized payments — what is owed after a cancelled unit — and needs payments.manage', async () => {
    await useCaptureMode(server.platform, storeId, 'on_fulfilment');
    try {
      const [a, withCancelled, captured] = [await place(), await place(), await place()];
      const cancel = await api('POST', `/admin/v1/orders/${withCancelled.id}/cancel-items`, {
        lines: [{ order_line_id: withCancelled.lines[0]!.id, quantity: 1 }],
      });
      expect(cancel.status).toBe(200);
      const owed = cancel.body.order.totals.total - cancel.body.order.cancelled_amount;
      expect(
        (await api('POST', `/admin/v1/payment-intents/${captured.payment_intent_id}/capture`, {})).status,
      ).toBe(200);

      expect((await bulk({ action: 'capture', order_ids: [a.id] }, staff)).status).toBe(403);
      const res = await bulk({ action: 'capture', order_ids: [a.id, withCancelled.id, captured.id] });
      expect(res.status).toBe(200);
      expect(outcomes(res)).toEqual(['done', 'done', 'skipped:NOTHING_TO_DO']);
      const paid = await until(
        () => order(withCancelled.id),
        (o) => o.payment_status === 'captured',
      );
      expect(paid.payment.captured_amount).toBe(owed);
      expect((await order(a.id)).payment.captured_amount).toBe(a.totals.total);
      expect(outcomes(await bulk({ action: 'capture', order_ids: [a.id] }))).toEqual([
        'skipped:NOTHING_TO_DO',
      ]);
    } finally {
      await useCaptureMode(server.platform, storeId, 'on_placement');
    }
  });

  it('tags and untags a batch, keeping each order’s other tags', async () => {
    const [a, b] = [await place(), await place()];
    expect((await api('PUT', `/admin/v1/orders/${b.id}/tags`, { tags: ['gift', 'rush'] })).status).toBe(200);
    const added = await bulk({ action: 'add_tags', order_ids: [a.id, b.id], tags: ['Rush', 'wave-3'] });
    expect(outcomes(added)).toEqual(['done', 'done']);
    expect((await order(a.id)).tags).toEqual(['rush', 'wave-3']);
    expect((await order(b.id)).tags).toEqual(['gift', 'rush', 'wave-3']);
    expect(outcomes(await bulk({ action: 'add_tags', order_ids: [a.id], tags: ['rush'] }))).toEqual([
      'skipped:NOTHING_TO_DO',
    ]);
    const removed = await bulk({ action: 'remove_tags', order_ids: [a.id, b.id], tags: ['wave-3', 'rush'] });
    expect(outcomes(removed)).toEqual(['done', 'done']);
    expect((await order(b.id)).tags).toEqual(['gift']);
    const listed = await api('GET', '/admin/v1/orders?tag=gift');
    expect(listed.body.data.map((o: { id: string }) => o.id)).toContain(b.id);
  });

  it('refuses bad requests whole, changing nothing', async () => {
    const a = await place();
    const bad = async (body: unknown, path: string) => {
      const res = await bulk(body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.errors.map((e: { path: string }) => e.path)).toContain(path);
    };
    await bad({ action: 'add_tags', order_ids: [a.id] }, 'body.tags');
    await bad({ action: 'archive', order_ids: [a.id] }, 'body.action');
    await bad({ action: 'fulfil', order_ids: [] }, 'body.order_ids');
    await bad({ action: 'fulfil', order_ids: [a.id, a.id] }, 'body.order_ids');
    await bad(
      { action: 'fulfil', order_ids: Array.from({ length: 101 }, (_, i) => `ord_${i}`) },
      'body.order_ids',
    );
    await bad({ action: 'add_tags', order_ids: [a.id], tags: ['a,b'] }, 'body.tags.0');
    expect((await order(a.id)).status).toBe('confirmed');
    const reader = await createStaffSession(server, { role: 'read_only', storeId });
    expect((await bulk({ action: 'fulfil', order_ids: [a.id] }, reader)).status).toBe(403);
  });
});

describe('packing slips of many orders', () => {
  it('prints one PDF, each order from a new page, in the order asked; refuses other stores and bad lists', async () => {
    const orders = [await place(1), await place(2), await place(3)];
    const res = await fetch(
      `${server.url}/admin/v1/orders/packing-slips.pdf?ids=${orders.map((o) => o.id).join(',')}`,
      { headers: owner.headers },
    );
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    const { pages, text } = await pdfText(await res.arrayBuffer());
    expect(pages).toBe(3);
    const at = orders.map((o) => text.indexOf(o.display_number));
    expect(at.every((i) => i >= 0)).toBe(true);
    expect([...at].sort((x, y) => x - y)).toEqual(at);
    expect(text).not.toMatch(/\d+\.\d{2}/); // no prices on a packing slip

    const pdf = (ids: string) =>
      fetch(`${server.url}/admin/v1/orders/packing-slips.pdf?ids=${ids}`, { headers: owner.headers });
    expect((await pdf(`${orders[0]!.id},${foreignOrder}`)).status).toBe(404);
    expect((await pdf(',,')).status).toBe(400);
    expect((await pdf(Array.from({ length: 101 }, (_, i) => `ord_${i}`).join(','))).status).toBe(400);
  });
});
