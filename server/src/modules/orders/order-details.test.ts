/**
 * Correcting an order's e-mail and addresses over HTTP: what may change when, what is refused,
 * that the papers follow, and that the event and audit name the fields, never the values.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer } from '../../../test/harness.ts';
import { call, createStaffSession, createTestApiKey, type StaffSession } from '../../../test/identity.ts';
import { pdfText } from '../../../test/pdf.ts';
import { withStore } from '../../platform/db/database.ts';
import { eraseOrdersPersonalData } from './service.ts';
import { placeTestOrder, stockedVariants, testAddress } from './testing.ts';

let server: Awaited<ReturnType<typeof startTestServer>>;
let owner: StaffSession;
let storeId: string;
let h: Record<string, string>;
let variants: string[];

beforeAll(async () => {
  server = await startTestServer();
  owner = await createStaffSession(server, { role: 'owner' });
  storeId = owner.storeId!;
  h = owner.headers;
  ({ variantIds: variants } = await stockedVariants(server.platform, storeId, 1, 100));
});
afterAll(async () => {
  await server?.close();
});

const patch = (orderId: string, body: unknown, headers = h) =>
  call(server, 'PATCH', `/admin/v1/orders/${orderId}`, { headers, body });
const place = () =>
  placeTestOrder(server.platform, storeId, [{ variantId: variants[0]!, quantity: 2, unitPrice: 1000 }]);
async function eventsOf(orderId: string): Promise<{ payload: Record<string, unknown> }[]> {
  const { rows } = await server.platform.db.execute<{ payload: Record<string, unknown> }>(sql`
    SELECT payload FROM events WHERE type = 'order.details_changed' AND aggregate_id = ${orderId} ORDER BY id`);
  return rows;
}

describe('PATCH /admin/v1/orders/{id}', () => {
  it('corrects the e-mail and the street; the papers, the search, the event and the audit follow', async () => {
    const placed = await place();
    const moved = { ...testAddress, line1: '7 Tràng Tiền', line2: 'Tầng 3' };
    const res = await patch(placed.order.id, { email: 'Lan.Nguyen@Example.com', shipping_address: moved });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      email: 'lan.nguyen@example.com',
      shipping_address: { line1: '7 Tràng Tiền', line2: 'Tầng 3', country: 'VN' },
      totals: placed.order.totals, // nothing re-priced
    });
    const found = await call(server, 'GET', '/admin/v1/orders?q=lan.nguyen@', { headers: h });
    expect(found.body.data.map((o: { id: string }) => o.id)).toContain(placed.order.id);
    const slip = await pdfText(
      await (
        await fetch(`${server.url}/admin/v1/orders/${placed.order.id}/packing-slip.pdf`, { headers: h })
      ).arrayBuffer(),
    );
    expect(slip.text).toContain('7 Tràng Tiền');

    const events = await eventsOf(placed.order.id);
    expect(events.map((e) => e.payload.changed)).toEqual([['email', 'shipping_address']]);
    expect(JSON.stringify(events)).not.toContain('Tràng Tiền');
    const audit = await call(server, 'GET', `/admin/v1/audit-log?entity_id=${placed.order.id}`, {
      headers: h,
    });
    const entry = audit.body.data.find((e: { action: string }) => e.action === 'order.details_changed');
    expect(entry).toBeTruthy();
    expect(JSON.stringify(entry)).not.toContain('lan.nguyen');

    // The same values again change nothing; a billing address of its own, then none again.
    expect(
      (await patch(placed.order.id, { email: 'lan.nguyen@example.com', shipping_address: moved })).status,
    ).toBe(200);
    expect(await eventsOf(placed.order.id)).toHaveLength(1);
    const billed = await patch(placed.order.id, {
      billing_address: { ...testAddress, company: 'Công ty Lan' },
    });
    expect(billed.body.billing_address.company).toBe('Công ty Lan');
    expect((await patch(placed.order.id, { billing_address: null })).body.billing_address).toBeNull();
    expect(await eventsOf(placed.order.id)).toHaveLength(3);
  });

  it('refuses another country or region, and a shipped order’s shipping address; the e-mail still changes', async () => {
    const placed = await place();
    const abroad = await patch(placed.order.id, {
      shipping_address: {
        line1: '1 Main St',
        city: 'Austin',
        region: 'TX',
        postal_code: '73301',
        country: 'US',
      },
    });
    expect(abroad.status).toBe(422);
    expect(abroad.headers.get('content-type')).toContain('application/problem+json');
    expect(abroad.body.errors.map((e: { path: string }) => e.path)).toEqual([
      'body.shipping_address.country',
    ]);
    const region = await patch(placed.order.id, { shipping_address: { ...testAddress, region: 'HCM' } });
    expect(region.status).toBe(422);
    expect(region.body.errors[0].path).toBe('body.shipping_address.region');

    expect(
      (
        await call(server, 'POST', `/admin/v1/orders/${placed.order.id}/fulfilments`, {
          headers: h,
          body: {},
        })
      ).status,
    ).toBe(201);
    const late = await patch(placed.order.id, { shipping_address: { ...testAddress, line1: '9 Hàng Gai' } });
    expect(late.status).toBe(409);
    const email = await patch(placed.order.id, { email: 'new@example.com' });
    expect(email.status).toBe(200);
    const detail = await call(server, 'GET', `/admin/v1/orders/${placed.order.id}`, { headers: h });
    expect(detail.body).toMatchObject({
      email: 'new@example.com',
      shipping_address: { line1: testAddress.line1 },
    });
  });

  it('bad input: 4xx problem+json, nothing changed', async () => {
    const placed = await place();
    for (const body of [
      {},
      { email: 'not an e-mail' },
      { shipping_address: { ...testAddress, postal_code: 'abc' } },
      { shipping_address: { ...testAddress, line1: '' } },
      { nickname: 'x' },
    ]) {
      const res = await patch(placed.order.id, body);
      expect(res.status).toBe(400);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
    }
    const readOnly = (await createTestApiKey(server, { storeId, kind: 'secret', role: 'read_only' })).headers;
    expect((await patch(placed.order.id, { email: 'x@example.com' }, readOnly)).status).toBe(403);
    const stranger = await createStaffSession(server, { role: 'owner' });
    expect((await patch(placed.order.id, { email: 'x@example.com' }, stranger.headers)).status).toBe(404);
    expect(await eventsOf(placed.order.id)).toHaveLength(0);
    const detail = await call(server, 'GET', `/admin/v1/orders/${placed.order.id}`, { headers: h });
    expect(detail.body.email).toBe(placed.order.email);

    // Erased: nothing to correct.
    await withStore(server.platform.db, storeId, async (tx) => {
      await tx.execute(sql`UPDATE orders SET customer_id = 'cus_gone' WHERE id = ${placed.order.id}`);
      await eraseOrdersPersonalData(tx, { storeId, customerId: 'cus_gone', email: placed.order.email });
    });
    expect((await patch(placed.order.id, { email: 'back@example.com' })).status).toBe(409);
  });
});
