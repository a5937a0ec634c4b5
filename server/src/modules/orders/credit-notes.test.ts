import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer } from '../../../test/harness.ts';
import { call, createStaffSession, createTestApiKey, type StaffSession } from '../../../test/identity.ts';
import { pdfText } from '../../../test/pdf.ts';
import { withStore } from '../../platform/db/database.ts';
import { orderAccessToken } from './access.ts';
import { issueCreditNoteInTx } from './credit-notes.ts';
import { placeTestOrder, stockedVariants, useCaptureMode } from './testing.ts';

/**
 * Credit notes over HTTP with a worker: each refund of an order's payment that succeeded — here
 * staff on the payments API — gets its note, numbered per store without gaps, with the order's tax
 * share of it (the last takes what is left), once however often its event arrives; staff, the
 * shopper with the order link, and nobody else download it as a PDF.
 */

let server: Awaited<ReturnType<typeof startTestServer>>;
let owner: StaffSession;
let storeId: string;
let pk: Record<string, string>;
let variants: string[];

beforeAll(async () => {
  server = await startTestServer({ worker: true, overrides: { EVENTS_POLL_INTERVAL_MS: '200' } });
  owner = await createStaffSession(server, { role: 'owner' });
  storeId = owner.storeId!;
  pk = (await createTestApiKey(server, { storeId, kind: 'publishable' })).headers;
  await useCaptureMode(server.platform, storeId, 'on_placement');
  ({ variantIds: variants } = await stockedVariants(server.platform, storeId, 1, 100));
});
afterAll(async () => {
  await server?.close();
});

const api = (method: string, path: string, body?: unknown) =>
  call(server, method, path, { headers: owner.headers, body });

async function notesOf(orderId: string, count: number) {
  const end = Date.now() + 10_000;
  for (;;) {
    const order = (await api('GET', `/admin/v1/orders/${orderId}`)).body;
    if (order.credit_notes.length >= count || Date.now() > end) return order.credit_notes;
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('credit notes', () => {
  it('one per refund, numbered per store, the tax shared out so the notes add up to the invoice', async () => {
    // 2 × 10.00, 5.00 shipping, 3.5 % tax on the goods: total 2,570, tax 70.
    const placed = await placeTestOrder(server.platform, storeId, [
      { variantId: variants[0]!, quantity: 2, unitPrice: 1000 },
    ]);
    const order = placed.order;
    expect(order.totals).toMatchObject({ total: 2570, tax: 70 });
    const refund = (amount: number, reason: string) =>
      api('POST', `/admin/v1/payment-intents/${placed.intentId}/refunds`, { amount, reason });
    expect((await refund(500, 'Scratched frame')).status).toBe(201);
    const [first] = await notesOf(order.id, 1);
    expect(first).toMatchObject({
      number: 1,
      display_number: 'CN-1',
      amount: 500,
      tax: 14, // 500 × 70 / 2,570
      reason: 'Scratched frame',
    });

    expect((await refund(2070, 'Returned')).status).toBe(201);
    const notes = await notesOf(order.id, 2);
    expect(
      notes.map((n: { number: number; amount: number; tax: number }) => [n.number, n.amount, n.tax]),
    ).toEqual([
      [1, 500, 14],
      [2, 2070, 56], // what is left of the 70
    ]);

    // The event delivered again (or the refund reported twice) issues nothing more.
    const again = await withStore(server.platform.db, storeId, (tx) =>
      issueCreditNoteInTx(tx, {
        storeId,
        orderId: order.id,
        refund: { id: first.refund_id, amount: 500, currency: 'USD', reason: null },
      }),
    );
    expect(again!.id).toBe(first.id);
    const { rows } = await server.platform.db.execute<{ n: number }>(
      sql`SELECT count(*)::int AS n FROM order_credit_notes WHERE order_id = ${order.id}`,
    );
    expect(rows[0]!.n).toBe(2);

    // A later order's refund takes the store's next number.
    const next = await placeTestOrder(server.platform, storeId, [
      { variantId: variants[0]!, quantity: 1, unitPrice: 1000 },
    ]);
    await api('POST', `/admin/v1/payment-intents/${next.intentId}/refunds`, { amount: 1000 });
    expect((await notesOf(next.order.id, 1))[0]).toMatchObject({ number: 3, amount: 1000, tax: 23 }); // 1,000 × 35 / 1,535

    // The PDF: staff, the shopper with the order's link; not another order's or another store's.
    const pdf = await fetch(`${server.url}/admin/v1/orders/${order.id}/credit-notes/${first.id}.pdf`, {
      headers: owner.headers,
    });
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    const { text } = await pdfText(await pdf.arrayBuffer());
    expect(text).toContain('Credit note CN-1');
    expect(text).toContain(`Corrects the invoice of order ${order.display_number}`);
    expect(text).toContain('Refund: Scratched frame');
    expect(text).toContain('Total credited');
    const token = orderAccessToken(server.platform, { id: order.id, storeId });
    const guest = await fetch(
      `${server.url}/store/v1/orders/${order.id}/credit-notes/${first.id}.pdf?token=${encodeURIComponent(token)}`,
      { headers: pk },
    );
    expect(guest.status).toBe(200);
    const shopperOrder = await call(
      server,
      'GET',
      `/store/v1/orders/${order.id}?token=${encodeURIComponent(token)}`,
      {
        headers: pk,
      },
    );
    expect(shopperOrder.body.credit_notes.map((n: { display_number: string }) => n.display_number)).toEqual([
      'CN-1',
      'CN-2',
    ]);
    const wrongOrder = await api('GET', `/admin/v1/orders/${next.order.id}/credit-notes/${first.id}.pdf`);
    expect(wrongOrder.status).toBe(404);
    const stranger = await createStaffSession(server, { role: 'owner' });
    expect(first).toMatchObject({ kind: 'refund', return_id: null });

    // Units cancelled before shipping: refunded by the orders module, and said so on the note.
    const third = await placeTestOrder(server.platform, storeId, [
      { variantId: variants[0]!, quantity: 2, unitPrice: 1000 },
    ]);
    const line = third.order.lines[0]!;
    const cancelled = await api('POST', `/admin/v1/orders/${third.order.id}/cancel-items`, {
      lines: [{ order_line_id: line.id, quantity: 1 }],
    });
    expect(cancelled.status, JSON.stringify(cancelled.body)).toBe(200);
    const [itemsNote] = await notesOf(third.order.id, 1);
    expect(itemsNote).toMatchObject({ kind: 'cancelled_items', reason: null, number: 4 });
    const itemsPdf = await fetch(
      `${server.url}/admin/v1/orders/${third.order.id}/credit-notes/${itemsNote.id}.pdf`,
      { headers: owner.headers },
    );
    expect((await pdfText(await itemsPdf.arrayBuffer())).text).toContain(
      'Refund of the items cancelled before shipping',
    );

    const foreign = await call(server, 'GET', `/admin/v1/orders/${order.id}/credit-notes/${first.id}.pdf`, {
      headers: stranger.headers,
    });
    expect(foreign.status).toBe(404);
  });
});
