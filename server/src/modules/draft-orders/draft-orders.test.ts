import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer } from '../../../test/harness.ts';
import { call, createTestApiKey, type HttpResult } from '../../../test/identity.ts';
import { waitForMail } from '../../../test/mail.ts';
import { expireStaleCarts } from '../cart/service.ts';
import { insertSellableProduct, type SellableProduct, sellingTestStore } from '../cart/testing.ts';
import { eventually, registerShopper, uniqueEmail } from '../customers/testing.ts';

/**
 * Draft orders over HTTP on a real Carton: staff build an order for a customer, place it for them
 * with a manual payment (marked paid or not) or send a signed link the customer pays through; the
 * draft stays out of the customer's own cart, shoppers' cart routes and cart recovery.
 */
let server: Awaited<ReturnType<typeof startTestServer>>;
let storeId: string;
let pk: Record<string, string>;
let sk: Record<string, string>;
let shirt: SellableProduct;

const ADDRESS = { line1: '1 Main St', city: 'Austin', region: 'TX', postal_code: '73301', country: 'US' };

beforeAll(async () => {
  server = await startTestServer({ worker: true });
  ({ storeId, pk, sk } = await sellingTestStore(server));
  const db = server.platform.db;
  shirt = await insertSellableProduct(db, storeId, { variants: 2, price: 1500, stock: 10, title: 'Shirt' });
});
afterAll(() => server?.close());

const admin = (method: string, path: string, body?: unknown) =>
  call(server, method, path, { headers: sk, body });
const store = (method: string, path: string, body?: unknown, headers = pk) =>
  call(server, method, path, { headers, body });

const available = async (variantId: string) =>
  Number(
    (
      await server.platform.db.execute<{ n: number }>(
        sql`SELECT sum(available)::int AS n FROM inventory_levels WHERE variant_id = ${variantId}`,
      )
    ).rows[0]!.n,
  );

/** A draft with lines, address and the cheapest shipping method: ready to place or to pay. */
async function readyDraft(body: Record<string, unknown>): Promise<HttpResult['body']> {
  const created = await admin('POST', '/admin/v1/draft-orders', { shipping_address: ADDRESS, ...body });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  const id = created.body.id as string;
  const options = await admin('GET', `/admin/v1/draft-orders/${id}/shipping-options`);
  expect(options.status, JSON.stringify(options.body)).toBe(200);
  const chosen = await admin('PUT', `/admin/v1/draft-orders/${id}/shipping-method`, {
    method_id: options.body.data[0].id,
  });
  expect(chosen.status, JSON.stringify(chosen.body)).toBe(200);
  return chosen.body;
}

describe('draft orders', () => {
  it('staff build one for a registered customer, apart from their own cart, and place it marked paid', async () => {
    const shopper = await registerShopper(server, pk);
    // The customer has their own cart with something in it: the draft must not touch it.
    const own = await store('POST', '/store/v1/carts', {}, shopper.headers);
    await store(
      'POST',
      `/store/v1/carts/${own.body.id}/lines`,
      { variant_id: shirt.variantIds[1], quantity: 1 },
      shopper.headers,
    );

    const draft = await readyDraft({
      customer_id: shopper.id,
      note: 'Phone order: leave at the back door',
      lines: [{ variant_id: shirt.variantIds[0], quantity: 2 }],
    });
    expect(draft).toMatchObject({
      customer_id: shopper.id,
      email: shopper.email,
      note: 'Phone order: leave at the back door',
      status: 'active',
    });
    expect(draft.lines).toHaveLength(1);
    expect(draft.totals.subtotal).toBe(3000);

    // Edits as on a cart: one more unit, then back.
    const line = draft.lines[0].id as string;
    expect(
      (await admin('PATCH', `/admin/v1/draft-orders/${draft.id}/lines/${line}`, { quantity: 3 })).body.totals
        .subtotal,
    ).toBe(4500);
    expect(
      (await admin('PATCH', `/admin/v1/draft-orders/${draft.id}/lines/${line}`, { quantity: 2 })).body.totals
        .subtotal,
    ).toBe(3000);

    // The shopper's own cart is still theirs and still the one they get back.
    const mine = await store('GET', '/store/v1/customers/me/cart', undefined, shopper.headers);
    expect(mine.body.id).toBe(own.body.id);
    // Shoppers' cart routes do not know the draft, even with the customer's token.
    expect((await store('GET', `/store/v1/carts/${draft.id}`, undefined, shopper.headers)).status).toBe(404);
    const meddle = await store('POST', `/store/v1/carts/${draft.id}/lines`, {
      variant_id: shirt.variantIds[0],
      quantity: 5,
    });
    expect(meddle.status).toBe(404);
    expect(meddle.headers.get('content-type')).toContain('application/problem+json');
    expect(
      (await store('POST', `/store/v1/carts/${draft.id}/complete`, { payment_method: 'tok_visa' })).status,
    ).toBe(404);
    // …and staff's draft routes do not take a shopper's cart.
    expect((await admin('GET', `/admin/v1/draft-orders/${own.body.id}`)).status).toBe(404);
    // The store's cart list is of shoppers' carts; the drafts list has the draft.
    const carts = await admin('GET', '/admin/v1/carts?limit=100');
    expect(carts.body.data.map((c: { id: string }) => c.id)).not.toContain(draft.id);
    const drafts = await admin('GET', '/admin/v1/draft-orders?status=active');
    expect(drafts.body.data.map((c: { id: string }) => c.id)).toContain(draft.id);

    const before = await available(shirt.variantIds[0]!);
    const placed = await admin('POST', `/admin/v1/draft-orders/${draft.id}/complete`, {
      payment_method: 'cash_on_delivery', // not offered to shoppers by this store: staff may use it
      mark_paid: true,
      expected_total: draft.totals.total,
    });
    expect(placed.status, JSON.stringify(placed.body)).toBe(200);
    expect(placed.body.status).toBe('completed');
    const orderId = placed.body.order.id as string;
    expect(await available(shirt.variantIds[0]!)).toBe(before - 2);

    const order = (await eventually(async () => {
      const r = await admin('GET', `/admin/v1/orders/${orderId}`);
      return r.body.payment_status === 'captured' ? r : null;
    }))!;
    expect(order.body).toMatchObject({
      customer_id: shopper.id,
      email: shopper.email,
      customer_note: 'Phone order: leave at the back door',
      captured_amount: draft.totals.total,
    });
    expect(order.body.payment).toMatchObject({
      provider: 'manual',
      payment_method: 'cash_on_delivery',
      status: 'captured',
    });
    // The order is in the customer's account, and they got its confirmation.
    const theirs = await store('GET', '/store/v1/customers/me/orders', undefined, shopper.headers);
    expect(theirs.body.data.map((o: { id: string }) => o.id)).toContain(orderId);
    await waitForMail(server, { to: shopper.email, subject: new RegExp(placed.body.order.display_number) });

    // Placing it again answers the same order; it can no longer be changed or deleted.
    const again = await admin('POST', `/admin/v1/draft-orders/${draft.id}/complete`, {
      payment_method: 'cash_on_delivery',
    });
    expect(again.status).toBe(200);
    expect(again.body.order.id).toBe(orderId);
    expect(
      (await admin('POST', `/admin/v1/draft-orders/${draft.id}/lines`, { variant_id: shirt.variantIds[0] }))
        .status,
    ).toBe(409);
    expect((await admin('DELETE', `/admin/v1/draft-orders/${draft.id}`)).status).toBe(409);
    const { rows } = await server.platform.db.execute<{ n: number }>(
      sql`SELECT count(*)::int AS n FROM orders WHERE cart_id = ${draft.id}`,
    );
    expect(rows[0]!.n).toBe(1);
    // The customer's own cart is untouched.
    expect(
      (await store('GET', `/store/v1/carts/${own.body.id}`, undefined, shopper.headers)).body.lines,
    ).toHaveLength(1);

    // Its events are draft orders', never carts': recovery tracks no draft.
    const events = await server.platform.db.execute<{ type: string }>(
      sql`SELECT type FROM events WHERE aggregate_id = ${draft.id} ORDER BY sequence`,
    );
    const types = events.rows.map((e) => e.type);
    expect(types[0]).toBe('draft_order.created');
    expect(types).toContain('draft_order.updated');
    expect(types).toContain('draft_order.completed');
    expect(types.filter((t) => t.startsWith('cart.'))).toEqual([]);
    // Recovery has seen the order (a purchase), and tracked no cart for the draft.
    await eventually(async () => {
      const { rows } = await server.platform.db.execute(
        sql`SELECT 1 FROM recovery_purchases WHERE store_id = ${storeId} AND order_id = ${orderId}`,
      );
      return rows.length > 0;
    });
    const tracked = await server.platform.db.execute(
      sql`SELECT 1 FROM recovery_carts WHERE store_id = ${storeId} AND external_id = ${draft.id}`,
    );
    expect(tracked.rows).toHaveLength(0);
    // Audited as the staff's.
    const audit = await admin('GET', `/admin/v1/audit-log?entity_id=${draft.id}`);
    expect(audit.body.data.map((a: { action: string }) => a.action)).toEqual(
      expect.arrayContaining(['draft_order.created', 'draft_order.placed']),
    );
  });

  it('the customer pays through the signed link; a forged one opens nothing', async () => {
    const email = uniqueEmail('link');
    const draft = await readyDraft({ email, lines: [{ variant_id: shirt.variantIds[1], quantity: 1 }] });

    const link = await admin('POST', `/admin/v1/draft-orders/${draft.id}/payment-link`, {});
    expect(link.status, JSON.stringify(link.body)).toBe(200);
    expect(link.body.emailed_to).toBe(email);
    expect(link.body.url).toContain(`/pay/${draft.id}?token=`);
    const mail = await waitForMail(server, { to: email, subject: /ready to pay/ });
    expect(mail.text).toContain(link.body.url);
    expect(mail.text).toContain('1 × Shirt');

    const token = link.body.token as string;
    const seen = await store('GET', `/store/v1/draft-orders/${draft.id}?token=${encodeURIComponent(token)}`);
    expect(seen.status).toBe(200);
    expect(seen.body.totals.total).toBe(draft.totals.total);
    for (const bad of [`${token}x`, token.replace(/^\d+/, '9999999999'), 'nonsense-token']) {
      const r = await store('GET', `/store/v1/draft-orders/${draft.id}?token=${encodeURIComponent(bad)}`);
      expect(r.status, bad).toBe(404);
    }
    // A link for one draft opens no other.
    const other = await readyDraft({ email, lines: [{ variant_id: shirt.variantIds[1], quantity: 1 }] });
    expect(
      (await store('GET', `/store/v1/draft-orders/${other.id}?token=${encodeURIComponent(token)}`)).status,
    ).toBe(404);
    expect(
      (
        await store(
          'POST',
          `/store/v1/draft-orders/${other.id}/complete?token=${encodeURIComponent(token)}`,
          { payment_method: 'tok_visa' },
        )
      ).status,
    ).toBe(404);

    // Paid twice at once (a double click): one order, one charge.
    const pay = () =>
      store('POST', `/store/v1/draft-orders/${draft.id}/complete?token=${encodeURIComponent(token)}`, {
        payment_method: 'tok_visa',
      });
    const [a, b] = await Promise.all([pay(), pay()]);
    expect([a.status, b.status]).toEqual([200, 200]);
    expect(a.body.order.id).toBe(b.body.order.id);
    const { rows } = await server.platform.db.execute<{ n: number }>(
      sql`SELECT count(*)::int AS n FROM payment_intents WHERE cart_id = ${draft.id}`,
    );
    expect(rows[0]!.n).toBe(1);
    const followed = await store(
      'GET',
      `/store/v1/draft-orders/${draft.id}/checkout?token=${encodeURIComponent(token)}`,
    );
    expect(followed.body.order.id).toBe(a.body.order.id);
    const drafts = await admin('GET', '/admin/v1/draft-orders?status=completed');
    expect(drafts.body.data.find((d: { id: string }) => d.id === draft.id)).toMatchObject({
      order_id: a.body.order.id,
    });
    // Once paid, no new link.
    expect((await admin('POST', `/admin/v1/draft-orders/${draft.id}/payment-link`, {})).status).toBe(409);
  });

  it('staff agree a price for a line: it stands at every change and at placement, and can be undone', async () => {
    const draft = await readyDraft({
      email: uniqueEmail('wholesale'),
      lines: [{ variant_id: shirt.variantIds[1], quantity: 2 }],
    });
    const line = draft.lines[0].id as string;
    const price = (unit_price: unknown) =>
      admin('PUT', `/admin/v1/draft-orders/${draft.id}/lines/${line}/price`, { unit_price });

    for (const bad of [-1, 12.5, '1000', undefined]) {
      const r = await price(bad);
      expect(r.status, String(bad)).toBe(400);
      expect(r.headers.get('content-type')).toContain('application/problem+json');
    }
    const set = await price(1000);
    expect(set.status, JSON.stringify(set.body)).toBe(200);
    expect(set.body.lines[0]).toMatchObject({
      unit_price: 1000,
      compare_at_price: 1500,
      price_source: { kind: 'staff' },
      subtotal: 2000,
    });
    // A later change re-prices the draft: the agreed price stands.
    const more = await admin('PATCH', `/admin/v1/draft-orders/${draft.id}/lines/${line}`, { quantity: 3 });
    expect(more.body.lines[0]).toMatchObject({ unit_price: 1000, subtotal: 3000 });
    // Undone: the catalog's price again, with its notice.
    const undone = await price(null);
    expect(undone.body.lines[0]).toMatchObject({ unit_price: 1500, price_source: { kind: 'base' } });
    expect(undone.body.notices.map((n: { code: string }) => n.code)).toContain('price_changed');
    const again = await price(900);
    expect(again.body.lines[0].unit_price).toBe(900);

    const placed = await admin('POST', `/admin/v1/draft-orders/${draft.id}/complete`, {
      payment_method: 'bank_transfer',
      expected_total: again.body.totals.total,
    });
    expect(placed.status, JSON.stringify(placed.body)).toBe(200);
    const order = await admin('GET', `/admin/v1/orders/${placed.body.order.id}`);
    expect(order.body.lines[0]).toMatchObject({ unit_price: 900, quantity: 3 });
    expect(order.body.totals.total).toBe(again.body.totals.total);
    const audit = await admin('GET', `/admin/v1/audit-log?entity_id=${draft.id}`);
    expect(
      audit.body.data.filter((a: { action: string }) => a.action === 'draft_order.line_priced'),
    ).toHaveLength(3);
  });

  it('a registered customer who pays through the link can follow the order without signing in', async () => {
    const shopper = await registerShopper(server, pk);
    const draft = await readyDraft({
      customer_id: shopper.id,
      lines: [{ variant_id: shirt.variantIds[1], quantity: 1 }],
    });
    const link = await admin('POST', `/admin/v1/draft-orders/${draft.id}/payment-link`, {
      send_email: false,
    });
    expect(link.body.emailed_to).toBeNull();
    const token = encodeURIComponent(link.body.token as string);
    const paid = await store('POST', `/store/v1/draft-orders/${draft.id}/complete?token=${token}`, {
      payment_method: 'tok_visa',
    });
    expect(paid.status, JSON.stringify(paid.body)).toBe(200);
    const orderToken = paid.body.order.access_token as string;
    expect(orderToken).toEqual(expect.any(String));
    const seen = await store(
      'GET',
      `/store/v1/orders/${paid.body.order.id}?token=${encodeURIComponent(orderToken)}`,
    );
    expect(seen.status).toBe(200);
    // Still the customer's order, in their account.
    const theirs = await store('GET', '/store/v1/customers/me/orders', undefined, shopper.headers);
    expect(theirs.body.data.map((o: { id: string }) => o.id)).toContain(paid.body.order.id);
  });

  it('lapses like a quote after the expiry period without a change, and its link with it', async () => {
    const draft = await readyDraft({
      email: uniqueEmail('lapsed'),
      lines: [{ variant_id: shirt.variantIds[1], quantity: 1 }],
    });
    const link = await admin('POST', `/admin/v1/draft-orders/${draft.id}/payment-link`, {
      send_email: false,
    });
    await server.platform.db.execute(
      sql`UPDATE carts SET expires_at = now() - interval '1 minute' WHERE id = ${draft.id}`,
    );
    expect(await expireStaleCarts(server.platform.db)).toBeGreaterThanOrEqual(1);
    expect((await admin('GET', `/admin/v1/draft-orders/${draft.id}`)).body.status).toBe('expired');
    const last = await server.platform.db.execute<{ type: string }>(
      sql`SELECT type FROM events WHERE aggregate_id = ${draft.id} ORDER BY sequence DESC LIMIT 1`,
    );
    expect(last.rows[0]!.type).toBe('draft_order.expired');
    const token = encodeURIComponent(link.body.token as string);
    const pay = await store('POST', `/store/v1/draft-orders/${draft.id}/complete?token=${token}`, {
      payment_method: 'tok_visa',
    });
    expect(pay.status).toBe(410);
    expect(pay.body.code).toBe('CART_EXPIRED');
    expect(
      (await admin('POST', `/admin/v1/draft-orders/${draft.id}/lines`, { variant_id: shirt.variantIds[1] }))
        .status,
    ).toBe(410);
  });

  it('cannot be deleted while the customer is paying it', async () => {
    const draft = await readyDraft({
      email: uniqueEmail('paying'),
      lines: [{ variant_id: shirt.variantIds[1], quantity: 1 }],
    });
    const link = await admin('POST', `/admin/v1/draft-orders/${draft.id}/payment-link`, {
      send_email: false,
    });
    const token = encodeURIComponent(link.body.token as string);
    const paying = await store('POST', `/store/v1/draft-orders/${draft.id}/complete?token=${token}`, {
      payment_method: 'tok_threeDSecureRequired',
      return_url: 'https://shop.example.com/pay',
    });
    expect(paying.status, JSON.stringify(paying.body)).toBe(202);
    expect(paying.body.status).toBe('requires_action');
    const refused = await admin('DELETE', `/admin/v1/draft-orders/${draft.id}`);
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('CONFLICT');
    expect((await admin('GET', `/admin/v1/draft-orders/${draft.id}`)).status).toBe(200);
  });

  it('moves to another customer: their e-mail, tax exemption and group prices; or to no account', async () => {
    const trade = await registerShopper(server, pk);
    // The trade customer: in a group with its own price for the shirt, and tax exempt.
    const group = await admin('POST', '/admin/v1/customer-groups', { name: `Trade ${trade.id}` });
    await admin('POST', `/admin/v1/customer-groups/${group.body.id}/customers`, { customer_ids: [trade.id] });
    const list = await admin('POST', '/admin/v1/price-lists', {
      name: `Trade ${trade.id}`,
      priority: 10,
      customer_group_ids: [group.body.id],
    });
    expect(list.status, JSON.stringify(list.body)).toBe(201);
    await admin('POST', `/admin/v1/price-lists/${list.body.id}/entries`, {
      entries: [{ variant_id: shirt.variantIds[1], currency: 'USD', amount: 1100 }],
    });
    await admin('PUT', `/admin/v1/customers/${trade.id}/tax-exemption`, { exempt: true });

    // Taken for the wrong buyer: a guest's e-mail, the public price, taxed.
    const draft = await readyDraft({
      email: 'wrong@example.com',
      lines: [{ variant_id: shirt.variantIds[1], quantity: 1 }],
    });
    expect(draft.lines[0].unit_price).toBe(1500);
    expect(draft.totals.tax_total).toBeGreaterThan(0);

    const moved = await admin('PUT', `/admin/v1/draft-orders/${draft.id}/customer`, {
      customer_id: trade.id,
    });
    expect(moved.status, JSON.stringify(moved.body)).toBe(200);
    expect(moved.body).toMatchObject({ customer_id: trade.id, email: trade.email });
    expect(moved.body.lines[0].unit_price).toBe(1100); // their group's price, at this change
    expect(moved.body.totals).toMatchObject({ tax_exempt: true, tax_total: 0 });
    expect(moved.body.notices.map((n: { code: string }) => n.code)).toContain('price_changed');
    // Again: nothing changes.
    const again = await admin('PUT', `/admin/v1/draft-orders/${draft.id}/customer`, {
      customer_id: trade.id,
    });
    expect(again.body.version).toBe(moved.body.version);

    // To no account: the e-mail stays, the public price again.
    const none = await admin('PUT', `/admin/v1/draft-orders/${draft.id}/customer`, { customer_id: null });
    expect(none.body).toMatchObject({ customer_id: null, email: trade.email });
    expect(none.body.lines[0].unit_price).toBe(1500);

    const unknown = await admin('PUT', `/admin/v1/draft-orders/${draft.id}/customer`, {
      customer_id: 'cus_nobody',
    });
    expect(unknown.status).toBe(422);
    expect(unknown.body.errors[0].path).toBe('body.customer_id');
    expect((await admin('PUT', `/admin/v1/draft-orders/${draft.id}/customer`, {})).status).toBe(400);
    expect((await admin('GET', `/admin/v1/draft-orders/${draft.id}`)).body.customer_id).toBeNull();

    const events = await server.platform.db.execute<{ payload: { changed?: string[] } }>(sql`
      SELECT payload FROM events WHERE store_id = ${storeId} AND aggregate_id = ${draft.id}
        AND type = 'draft_order.updated' ORDER BY sequence`);
    expect(events.rows.filter((e) => e.payload.changed?.[0] === 'customer')).toHaveLength(2);
    const audit = await server.platform.db.execute<{ after: unknown }>(sql`
      SELECT after FROM audit_log WHERE store_id = ${storeId} AND entity_id = ${draft.id}
        AND action = 'draft_order.customer_changed' ORDER BY id`);
    expect(audit.rows.map((r) => r.after)).toEqual([
      { from: null, to: trade.id },
      { from: trade.id, to: null },
    ]);
  });

  it('refuses what cannot be: unknown customer, unsellable lines, unready links, bad bodies', async () => {
    const unknown = await admin('POST', '/admin/v1/draft-orders', { customer_id: 'cus_nope' });
    expect(unknown.status).toBe(422);
    expect(unknown.body.errors[0].path).toBe('body.customer_id');

    const before = await server.platform.db.execute<{ n: number }>(
      sql`SELECT count(*)::int AS n FROM carts WHERE kind = 'draft'`,
    );
    const tooMany = await admin('POST', '/admin/v1/draft-orders', {
      email: uniqueEmail('many'),
      lines: [{ variant_id: shirt.variantIds[0], quantity: 50 }],
    });
    expect(tooMany.status).toBe(409);
    expect(tooMany.body.code).toBe('INSUFFICIENT_STOCK');
    const after = await server.platform.db.execute<{ n: number }>(
      sql`SELECT count(*)::int AS n FROM carts WHERE kind = 'draft'`,
    );
    expect(after.rows[0]!.n).toBe(before.rows[0]!.n); // nothing half-made kept

    for (const bad of [
      { lines: [{ variant_id: shirt.variantIds[0], quantity: 0 }] },
      { email: 'not-an-email' },
      { colour: 'red' },
    ]) {
      const r = await admin('POST', '/admin/v1/draft-orders', bad);
      expect(r.status, JSON.stringify(bad)).toBe(400);
      expect(r.headers.get('content-type')).toContain('application/problem+json');
    }

    const empty = await admin('POST', '/admin/v1/draft-orders', {});
    expect(empty.status).toBe(201);
    const unready = await admin('POST', `/admin/v1/draft-orders/${empty.body.id}/payment-link`, {});
    expect(unready.status).toBe(422);
    expect(unready.body.errors.map((e: { path: string }) => e.path)).toEqual([
      'lines',
      'email',
      'shipping_address',
      'shipping_method',
    ]);
    const badPay = await admin('POST', `/admin/v1/draft-orders/${empty.body.id}/complete`, {
      payment_method: 'tok_visa',
    });
    expect(badPay.status).toBe(400);
    const incomplete = await admin('POST', `/admin/v1/draft-orders/${empty.body.id}/complete`, {
      payment_method: 'bank_transfer',
    });
    expect(incomplete.status).toBe(422);

    // Deleted: gone from the list, its events end with draft_order.deleted.
    expect((await admin('DELETE', `/admin/v1/draft-orders/${empty.body.id}`)).status).toBe(204);
    expect((await admin('GET', `/admin/v1/draft-orders/${empty.body.id}`)).status).toBe(404);
    const last = await server.platform.db.execute<{ type: string }>(
      sql`SELECT type FROM events WHERE aggregate_id = ${empty.body.id} ORDER BY sequence DESC LIMIT 1`,
    );
    expect(last.rows[0]!.type).toBe('draft_order.deleted');

    // Staff may place a draft; marking it paid is a capture, which needs payments.manage.
    const staff = (await createTestApiKey(server, { storeId, role: 'staff' })).headers;
    const ready = await readyDraft({
      email: uniqueEmail('staff'),
      lines: [{ variant_id: shirt.variantIds[1], quantity: 1 }],
    });
    const paidByStaff = await call(server, 'POST', `/admin/v1/draft-orders/${ready.id}/complete`, {
      headers: staff,
      body: { payment_method: 'cash_on_delivery', mark_paid: true },
    });
    expect(paidByStaff.status).toBe(403);
    const { rows: noOrder } = await server.platform.db.execute(
      sql`SELECT 1 FROM orders WHERE cart_id = ${ready.id}`,
    );
    expect(noOrder).toHaveLength(0); // refused before anything was placed
    const unpaid = await call(server, 'POST', `/admin/v1/draft-orders/${ready.id}/complete`, {
      headers: staff,
      body: { payment_method: 'cash_on_delivery' },
    });
    expect(unpaid.status, JSON.stringify(unpaid.body)).toBe(200);
    expect(unpaid.body.order.payment_status).toBe('pending');

    // A publishable key cannot reach staff's routes.
    expect((await store('GET', '/admin/v1/draft-orders')).status).toBe(403);
  });

  it('staff charge a card the customer saved, with the customer away; only theirs, never marked paid', async () => {
    const db = server.platform.db;
    const mug = await insertSellableProduct(db, storeId, { price: 1200, stock: 50, title: 'Mug' });
    const shopper = await registerShopper(server, pk);
    const saveCard = async (token: string) => {
      const res = await store(
        'POST',
        '/store/v1/customers/me/payment-methods',
        { payment_method: token },
        shopper.headers,
      );
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      return res.body.id as string;
    };
    const visa = await saveCard('tok_visa');
    const draft = await readyDraft({
      customer_id: shopper.id,
      lines: [{ variant_id: mug.variantIds[0], quantity: 1 }],
    });

    const marked = await admin('POST', `/admin/v1/draft-orders/${draft.id}/complete`, {
      payment_method: visa,
      mark_paid: true,
    });
    expect(marked.status).toBe(400);
    expect(marked.body.errors).toEqual([{ path: 'body.mark_paid', message: 'for manual methods only' }]);
    // Another customer's card is not this draft's to charge.
    const other = await registerShopper(server, pk);
    const theirs = await store(
      'POST',
      '/store/v1/customers/me/payment-methods',
      { payment_method: 'tok_mastercard' },
      other.headers,
    );
    const stolen = await admin('POST', `/admin/v1/draft-orders/${draft.id}/complete`, {
      payment_method: theirs.body.id,
    });
    expect(stolen.status).toBe(422);
    expect(stolen.body.errors[0]).toEqual({
      path: 'body.payment_method',
      message: 'not one of your saved cards',
    });

    const placed = await admin('POST', `/admin/v1/draft-orders/${draft.id}/complete`, {
      payment_method: visa,
    });
    expect(placed.status, JSON.stringify(placed.body)).toBe(200);
    const intent = (
      await db.execute<{ payment_method: string; off_session: boolean; status: string }>(
        sql`SELECT payment_method, off_session, status FROM payment_intents WHERE cart_id = ${draft.id}`,
      )
    ).rows[0]!;
    expect(intent).toMatchObject({ payment_method: visa, off_session: true });
    await eventually(
      async () =>
        (await admin('GET', `/admin/v1/orders/${placed.body.order.id}`)).body.payment_status === 'captured',
    );

    // A card that asks for a 3-D Secure challenge cannot be charged with its holder away.
    const secure = await saveCard('tok_threeDSecureRequired');
    const next = await readyDraft({
      customer_id: shopper.id,
      lines: [{ variant_id: mug.variantIds[0], quantity: 1 }],
    });
    const declined = await admin('POST', `/admin/v1/draft-orders/${next.id}/complete`, {
      payment_method: secure,
    });
    expect(declined.status).toBe(402);
    expect(declined.body.detail).toContain('send them a payment link');
    expect((await admin('GET', `/admin/v1/draft-orders/${next.id}`)).body.status).toBe('active');
    // A draft for nobody has no saved card to charge.
    const nobody = await readyDraft({
      email: uniqueEmail('walk-in'),
      lines: [{ variant_id: mug.variantIds[0], quantity: 1 }],
    });
    const none = await admin('POST', `/admin/v1/draft-orders/${nobody.id}/complete`, {
      payment_method: visa,
    });
    expect(none.status).toBe(422);
  });

  it('staff pay a draft with the customer’s store credit first (an exchange), a saved card for the rest', async () => {
    const db = server.platform.db;
    const lamp = await insertSellableProduct(db, storeId, { price: 4000, stock: 20, title: 'Lamp' });
    const shopper = await registerShopper(server, pk);
    const credit = await admin('POST', '/admin/v1/gift-cards', {
      currency: 'USD',
      value: 2500,
      customer_id: shopper.id,
      note: 'Store credit for a returned shade',
    });
    expect(credit.status, JSON.stringify(credit.body)).toBe(201);
    const card = await store(
      'POST',
      '/store/v1/customers/me/payment-methods',
      { payment_method: 'tok_visa' },
      shopper.headers,
    );
    const draft = await readyDraft({
      customer_id: shopper.id,
      lines: [{ variant_id: lamp.variantIds[0], quantity: 1 }],
    });
    // Not enough credit and no way to pay the rest: 400, nothing placed.
    const short = await admin('POST', `/admin/v1/draft-orders/${draft.id}/complete`, {
      gift_card_ids: [credit.body.id],
    });
    expect(short.status).toBe(400);
    expect((await admin('GET', `/admin/v1/gift-cards/${credit.body.id}`)).body.balance).toBe(2500);
    // Another customer's card is not theirs to spend.
    const other = await registerShopper(server, pk);
    const theirs = await admin('POST', '/admin/v1/gift-cards', {
      currency: 'USD',
      value: 9000,
      customer_id: other.id,
    });
    const stolen = await admin('POST', `/admin/v1/draft-orders/${draft.id}/complete`, {
      gift_card_ids: [theirs.body.id],
      payment_method: card.body.id,
    });
    expect(stolen.status).toBe(422);

    const placed = await admin('POST', `/admin/v1/draft-orders/${draft.id}/complete`, {
      gift_card_ids: [credit.body.id],
      payment_method: card.body.id,
    });
    expect(placed.status, JSON.stringify(placed.body)).toBe(200);
    expect((await admin('GET', `/admin/v1/gift-cards/${credit.body.id}`)).body.balance).toBe(0);
    const intent = (
      await db.execute<{ amount: number }>(
        sql`SELECT amount FROM payment_intents WHERE cart_id = ${draft.id}`,
      )
    ).rows[0]!;
    expect(Number(intent.amount)).toBe(draft.totals.total - 2500);

    // A draft the credit covers needs no payment method.
    const small = await insertSellableProduct(db, storeId, { price: 300, stock: 5, title: 'Bulb' });
    const credit2 = await admin('POST', '/admin/v1/gift-cards', {
      currency: 'USD',
      value: 5000,
      customer_id: shopper.id,
    });
    const next = await readyDraft({
      customer_id: shopper.id,
      lines: [{ variant_id: small.variantIds[0], quantity: 1 }],
    });
    const covered = await admin('POST', `/admin/v1/draft-orders/${next.id}/complete`, {
      gift_card_ids: [credit2.body.id],
    });
    expect(covered.status, JSON.stringify(covered.body)).toBe(200);
    expect((await admin('GET', `/admin/v1/gift-cards/${credit2.body.id}`)).body.balance).toBe(
      5000 - next.totals.total,
    );
  });

  it('staff start a draft from a placed order: the same customer and items, or new items for an exchange', async () => {
    const db = server.platform.db;
    const boots = await insertSellableProduct(db, storeId, {
      variants: 2,
      price: 6000,
      stock: 20,
      title: 'Boots',
    });
    const shopper = await registerShopper(server, pk);
    const cart = await store(
      'POST',
      '/store/v1/carts',
      { email: shopper.email, shipping_address: ADDRESS },
      shopper.headers,
    );
    await store(
      'POST',
      `/store/v1/carts/${cart.body.id}/lines`,
      { variant_id: boots.variantIds[0], quantity: 2 },
      shopper.headers,
    );
    const options = await store(
      'GET',
      `/store/v1/carts/${cart.body.id}/shipping-options`,
      undefined,
      shopper.headers,
    );
    await store(
      'PUT',
      `/store/v1/carts/${cart.body.id}/shipping-method`,
      { method_id: options.body.data[0].id },
      shopper.headers,
    );
    const placed = await store(
      'POST',
      `/store/v1/carts/${cart.body.id}/complete`,
      { payment_method: 'tok_visa' },
      shopper.headers,
    );
    expect(placed.status, JSON.stringify(placed.body)).toBe(200);
    const order = placed.body.order;

    const copy = await admin('POST', '/admin/v1/draft-orders', { from_order_id: order.id });
    expect(copy.status, JSON.stringify(copy.body)).toBe(201);
    expect(copy.body).toMatchObject({
      customer_id: shopper.id,
      email: shopper.email,
      note: `Follows order ${order.display_number}`,
      shipping_address: { city: 'Austin', region: 'TX' },
      lines: [{ variant_id: boots.variantIds[0], quantity: 2 }],
    });
    // An exchange: the other size instead, and staff's own note.
    const exchange = await admin('POST', '/admin/v1/draft-orders', {
      from_order_id: order.id,
      lines: [{ variant_id: boots.variantIds[1], quantity: 1 }],
      note: `Exchange for ${order.display_number}: one size up`,
    });
    expect(exchange.status).toBe(201);
    expect(exchange.body.lines).toMatchObject([{ variant_id: boots.variantIds[1], quantity: 1 }]);
    expect(exchange.body.note).toBe(`Exchange for ${order.display_number}: one size up`);
    // Another store's order, or none: 422, no draft made.
    const before = (await admin('GET', '/admin/v1/draft-orders?status=active&limit=100')).body.data.length;
    const unknown = await admin('POST', '/admin/v1/draft-orders', { from_order_id: 'ord_nothing' });
    expect(unknown.status).toBe(422);
    expect(unknown.body.errors).toEqual([
      { path: 'body.from_order_id', message: 'not an order of this store' },
    ]);
    expect((await admin('GET', '/admin/v1/draft-orders?status=active&limit=100')).body.data.length).toBe(
      before,
    );
  });
});
