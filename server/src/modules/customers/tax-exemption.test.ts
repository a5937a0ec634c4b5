import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer } from '../../../test/harness.ts';
import { call, createTestApiKey, createTestStore } from '../../../test/identity.ts';
import { waitForMail } from '../../../test/mail.ts';
import { pdfText } from '../../../test/pdf.ts';
import { insertSellableProduct, type SellableProduct } from '../cart/testing.ts';
import { seedDemoShipping } from '../shipping/seed.ts';
import { seedDemoTax } from '../tax/seed.ts';
import { eventually, registerShopper, type TestShopper } from './testing.ts';

/**
 * Tax-exempt customers over HTTP on a real Carton: staff mark the account, its cart and orders are
 * charged no tax — nothing added where prices exclude tax, the tax inside them taken off where
 * they include it — and returns refund what was actually paid. Drafts start with the customer's
 * exemption and staff may switch it.
 */
let server: Awaited<ReturnType<typeof startTestServer>>;

interface Shop {
  storeId: string;
  pk: Record<string, string>;
  sk: Record<string, string>;
  shirt: SellableProduct;
}

async function shop(options: { currency: string; country: string; inclusive: boolean }): Promise<Shop> {
  const storeId = (await createTestStore(server, { currency: options.currency })).id;
  const db = server.platform.db;
  const pk = (await createTestApiKey(server, { storeId, kind: 'publishable' })).headers;
  const sk = (await createTestApiKey(server, { storeId })).headers;
  await seedDemoShipping(db, { storeId, country: options.country, currency: options.currency });
  await seedDemoTax(db, { storeId });
  if (options.inclusive) {
    const res = await call(server, 'PATCH', '/admin/v1/tax/settings', {
      headers: sk,
      body: { prices_include_tax: true },
    });
    expect(res.status).toBe(200);
  }
  const shirt = await insertSellableProduct(db, storeId, {
    variants: 2,
    price: 1200,
    stock: 50,
    currency: options.currency,
  });
  return { storeId, pk, sk, shirt };
}

let us: Shop;
let uk: Shop;

beforeAll(async () => {
  server = await startTestServer({ worker: true });
  us = await shop({ currency: 'USD', country: 'US', inclusive: false });
  uk = await shop({ currency: 'GBP', country: 'GB', inclusive: true });
});
afterAll(() => server?.close());

const NEW_YORK = { line1: '1 Main St', city: 'New York', region: 'NY', postal_code: '10001', country: 'US' };
const LONDON = { line1: '10 Downing St', city: 'London', postal_code: 'SW1A 2AA', country: 'GB' };

/** The shopper's cart with two shirts at `address` and the first shipping method chosen. */
async function readyCart(s: Shop, shopper: TestShopper, address: object) {
  const req = (method: string, path: string, body?: unknown) =>
    call(server, method, path, { headers: shopper.headers, body });
  const cart = await req('POST', '/store/v1/carts', { shipping_address: address });
  expect(cart.status, JSON.stringify(cart.body)).toBeLessThan(300);
  const id = cart.body.id as string;
  await req('POST', `/store/v1/carts/${id}/lines`, { variant_id: s.shirt.variantIds[0], quantity: 2 });
  const options = await req('GET', `/store/v1/carts/${id}/shipping-options`);
  const chosen = await req('PUT', `/store/v1/carts/${id}/shipping-method`, {
    method_id: options.body.data[0].id,
  });
  expect(chosen.status, JSON.stringify(chosen.body)).toBe(200);
  return { id, cart: chosen.body, req };
}

const exemption = (s: Shop, customerId: string, body: unknown, headers = s.sk) =>
  call(server, 'PUT', `/admin/v1/customers/${customerId}/tax-exemption`, { headers, body });

describe('tax-exempt customers', () => {
  it('prices without tax: an exempt customer’s cart and order carry no tax; staff switch it, audited', async () => {
    const shopper = await registerShopper(server, us.pk);
    const { id, cart, req } = await readyCart(us, shopper, NEW_YORK);
    // New York taxes goods and shipping (8.875 %): the taxed cart first.
    expect(cart.totals.tax_total).toBeGreaterThan(0);
    expect(cart.totals).toMatchObject({ tax_exempt: false, tax_exemption: 0 });
    const taxed = cart.totals.total as number;

    const marked = await exemption(us, shopper.id, { exempt: true, reference: 'NY-ST-120 4471' });
    expect(marked.status, JSON.stringify(marked.body)).toBe(200);
    expect(marked.body).toMatchObject({ exempt: true, reference: 'NY-ST-120 4471' });
    const detail = await call(server, 'GET', `/admin/v1/customers/${shopper.id}`, { headers: us.sk });
    expect(detail.body.profile.tax_exemption).toMatchObject({ exempt: true, reference: 'NY-ST-120 4471' });
    // The shopper sees it on their own profile too (the storefront's account page says so).
    const mine = await call(server, 'GET', '/store/v1/customers/me/profile', { headers: shopper.headers });
    expect(mine.body.tax_exemption).toMatchObject({
      exempt: true,
      active: true,
      reference: 'NY-ST-120 4471',
    });
    expect(detail.body.profile.tax_exemption.updated_at).toEqual(expect.any(String));

    // The cart is taxed as exempt from its next change; a checkout re-validating it sees the same.
    const after = await req('PATCH', `/store/v1/carts/${id}`, { note: 'For resale' });
    expect(after.body.totals).toMatchObject({ tax_total: 0, tax_exempt: true, tax_exemption: 0 });
    const untaxed = after.body.totals.subtotal + after.body.totals.shipping_total;
    expect(after.body.totals.total).toBe(untaxed);
    expect(untaxed).toBeLessThan(taxed);
    // A shopper cannot make their own cart exempt.
    const self = await req('PATCH', `/store/v1/carts/${id}`, { tax_exempt: true });
    expect(self.status).toBe(400);

    const done = await req('POST', `/store/v1/carts/${id}/complete`, {
      payment_method: 'tok_visa',
      expected_total: untaxed,
    });
    expect(done.status, JSON.stringify(done.body)).toBe(200);
    const orderId = done.body.order.id as string;
    const order = await call(server, 'GET', `/admin/v1/orders/${orderId}`, { headers: us.sk });
    expect(order.body).toMatchObject({ tax_exempt: true, tax_inclusive: false });
    expect(order.body.totals).toMatchObject({ tax: 0, tax_exemption: 0, total: untaxed });
    expect(order.body.lines.every((l: { tax: number }) => l.tax === 0)).toBe(true);
    expect(order.body.shipping.tax).toBe(0);
    // The invoice says so.
    const invoice = await fetch(`${server.url}/admin/v1/orders/${orderId}/invoice.pdf`, { headers: us.sk });
    expect(invoice.status).toBe(200);
    const { text } = await pdfText(await invoice.arrayBuffer());
    expect(text).toContain('Tax (exempt)');
    expect(text).not.toContain('Tax exemption'); // nothing taken off: prices exclude tax

    // No longer exempt: the next cart is taxed again.
    expect((await exemption(us, shopper.id, { exempt: false })).body).toMatchObject({
      exempt: false,
      reference: 'NY-ST-120 4471', // left out: kept
    });
    const next = await readyCart(us, shopper, NEW_YORK);
    expect(next.cart.totals).toMatchObject({ tax_exempt: false, tax_total: cart.totals.tax_total });

    const { rows } = await server.platform.db.execute<{ action: string; after: unknown }>(sql`
      SELECT action, after FROM audit_log WHERE store_id = ${us.storeId} AND entity_id = ${shopper.id}
        AND action = 'customer.tax_exemption_changed' ORDER BY id`);
    // The reference is the merchant's record, not the audit log's.
    expect(rows.map((r) => r.after)).toEqual([
      { exempt: true, reference_recorded: true, expires_on: null },
      { exempt: false, reference_recorded: true, expires_on: null },
    ]);
    const events = await server.platform.db.execute<{ type: string }>(sql`
      SELECT type FROM events WHERE store_id = ${us.storeId} AND aggregate_id = ${shopper.id}
        AND type = 'customer.tax_exemption_changed'`);
    expect(events.rows).toHaveLength(2);
  });

  it('prices with tax: the tax inside them comes off, the order adds up, a return refunds what was paid', async () => {
    const shopper = await registerShopper(server, uk.pk);
    expect((await exemption(uk, shopper.id, { exempt: true, reference: 'Charity 1043210' })).status).toBe(
      200,
    );
    const { id, cart, req } = await readyCart(uk, shopper, LONDON);
    // Two shirts at 12.00 with 20 % VAT inside (2 × 2.00), shipping 5.99 with 0.998… inside.
    const t = cart.totals;
    expect(t).toMatchObject({ subtotal: 2400, tax_inclusive: true, tax_exempt: true, tax_total: 0 });
    expect(t.tax_exemption).toBe(400 + 100);
    expect(t.total).toBe(t.subtotal - t.discount_total - t.tax_exemption + t.shipping_total);
    expect(cart.lines[0]).toMatchObject({ tax: 0, tax_exemption: 400, total: 2000 });

    const done = await req('POST', `/store/v1/carts/${id}/complete`, {
      payment_method: 'tok_visa',
      expected_total: t.total,
    });
    expect(done.status, JSON.stringify(done.body)).toBe(200);
    expect(done.body.totals).toMatchObject({ tax_exempt: true, tax_exemption: 500, total: t.total });
    const orderId = done.body.order.id as string;
    const admin = (method: string, path: string, body?: unknown) =>
      call(server, method, path, { headers: uk.sk, body });
    const order = (await eventually(async () => {
      const o = await admin('GET', `/admin/v1/orders/${orderId}`);
      return o.body.payment_status === 'captured' ? o : null;
    }))!;
    expect(order.body).toMatchObject({ tax_exempt: true, tax_inclusive: true });
    expect(order.body.totals).toMatchObject({ tax: 0, tax_exemption: 500, total: t.total });
    expect(order.body.captured_amount).toBe(t.total);
    expect(order.body.lines[0]).toMatchObject({ subtotal: 2400, discount: 0, tax: 0, total: 2000 });
    // The confirmation e-mail and the invoice show what came off.
    const mail = await waitForMail(server, {
      to: shopper.email,
      subject: new RegExp(order.body.display_number),
    });
    expect(mail.text).toContain('Tax exemption: −£5.00');
    expect(mail.text).toContain('Tax (exempt)');
    const invoice = await fetch(`${server.url}/admin/v1/orders/${orderId}/invoice.pdf`, { headers: uk.sk });
    expect((await pdfText(await invoice.arrayBuffer())).text).toContain('−£5.00');

    // One shirt back: worth what was paid for it, without the tax it never paid.
    await admin('POST', `/admin/v1/orders/${orderId}/process`);
    expect((await admin('POST', `/admin/v1/orders/${orderId}/fulfilments`, { carrier: 'DPD' })).status).toBe(
      201,
    );
    const line = order.body.lines[0].id as string;
    const ret = await admin('POST', `/admin/v1/orders/${orderId}/returns`, {
      lines: [{ order_line_id: line, quantity: 1 }],
    });
    expect(ret.status, JSON.stringify(ret.body)).toBe(201);
    await admin('POST', `/admin/v1/returns/${ret.body.id}/approve`);
    const received = await admin('POST', `/admin/v1/returns/${ret.body.id}/receive`);
    expect(received.body.received_value).toBe(1000);
  });

  it('a draft starts with its customer’s exemption; staff switch it either way', async () => {
    const shopper = await registerShopper(server, us.pk);
    await exemption(us, shopper.id, { exempt: true });
    const admin = (method: string, path: string, body?: unknown) =>
      call(server, method, path, { headers: us.sk, body });
    const draft = await admin('POST', '/admin/v1/draft-orders', {
      customer_id: shopper.id,
      shipping_address: NEW_YORK,
      lines: [{ variant_id: us.shirt.variantIds[1], quantity: 1 }],
    });
    expect(draft.status, JSON.stringify(draft.body)).toBe(201);
    expect(draft.body.totals).toMatchObject({ tax_exempt: true, tax_total: 0 });
    // Before it has an address to be taxed at, the draft already says so.
    const empty = await admin('POST', '/admin/v1/draft-orders', { customer_id: shopper.id });
    expect(empty.body.totals).toMatchObject({ tax_exempt: true, tax_total: 0 });
    const taxed = await admin('PATCH', `/admin/v1/draft-orders/${draft.body.id}`, { tax_exempt: false });
    expect(taxed.status, JSON.stringify(taxed.body)).toBe(200);
    expect(taxed.body.totals.tax_exempt).toBe(false);
    expect(taxed.body.totals.tax_total).toBeGreaterThan(0);

    // A guest's draft (a phone order from a reseller without an account), made exempt by staff.
    const guest = await admin('POST', '/admin/v1/draft-orders', {
      email: 'buyer@reseller.example',
      shipping_address: NEW_YORK,
      lines: [{ variant_id: us.shirt.variantIds[1], quantity: 1 }],
    });
    expect(guest.body.totals.tax_exempt).toBe(false);
    const exempt = await admin('PATCH', `/admin/v1/draft-orders/${guest.body.id}`, { tax_exempt: true });
    expect(exempt.body.totals).toMatchObject({ tax_exempt: true, tax_total: 0 });
    const events = await server.platform.db.execute<{ payload: { change: string; changed: string[] } }>(sql`
      SELECT payload FROM events WHERE store_id = ${us.storeId} AND aggregate_id = ${guest.body.id}
        AND type = 'draft_order.updated' ORDER BY sequence DESC LIMIT 1`);
    expect(events.rows[0]!.payload).toMatchObject({ change: 'contact_updated', changed: ['tax_exempt'] });
    expect(
      (await admin('PATCH', `/admin/v1/draft-orders/${guest.body.id}`, { tax_exempt: 'yes' })).status,
    ).toBe(400);
  });

  it('lapses after its last day; the exempt customers are listed for an audit', async () => {
    const shopper = await registerShopper(server, us.pk);
    const other = await registerShopper(server, us.pk);
    const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
    const past = await exemption(us, shopper.id, { exempt: true, expires_on: day(-1) });
    expect(past.status).toBe(400);
    expect(past.body.errors[0].path).toBe('body.expires_on');
    const until = await exemption(us, shopper.id, { exempt: true, reference: 'CA-77', expires_on: day(30) });
    expect(until.body).toMatchObject({ exempt: true, expires_on: day(30), active: true });
    const { id, cart, req } = await readyCart(us, shopper, NEW_YORK);
    expect(cart.totals).toMatchObject({ tax_exempt: true, tax_total: 0 });

    // The certificate's last day passes (set back here, as a month would).
    await server.platform.db.execute(sql`
      UPDATE customer_profiles SET tax_exemption_expires_on = (now() AT TIME ZONE 'UTC')::date - 1
      WHERE customer_id = ${shopper.id}`);
    const detail = await call(server, 'GET', `/admin/v1/customers/${shopper.id}`, { headers: us.sk });
    expect(detail.body.profile.tax_exemption).toMatchObject({
      exempt: true,
      active: false,
      expires_on: day(-1),
    });
    const taxed = await req('PATCH', `/store/v1/carts/${id}`, { note: 'still for resale' });
    expect(taxed.body.totals.tax_exempt).toBe(false);
    expect(taxed.body.totals.tax_total).toBeGreaterThan(0);

    // The audit's list: the customers marked exempt, expired ones included; no one else.
    const listed = await call(server, 'GET', '/admin/v1/customers?tax_exempt=true&limit=100', {
      headers: us.sk,
    });
    const ids = listed.body.data.map((c: { id: string }) => c.id);
    expect(ids).toContain(shopper.id);
    expect(ids).not.toContain(other.id);
    const searched = await call(
      server,
      'GET',
      `/admin/v1/customers?tax_exempt=true&q=${encodeURIComponent(other.email)}`,
      {
        headers: us.sk,
      },
    );
    expect(searched.body.data).toEqual([]);
    expect((await call(server, 'GET', '/admin/v1/customers?tax_exempt=yes', { headers: us.sk })).status).toBe(
      400,
    );
    // Another store's list has none of them.
    const elsewhere = await call(server, 'GET', '/admin/v1/customers?tax_exempt=true', { headers: uk.sk });
    expect(elsewhere.body.data.map((c: { id: string }) => c.id)).not.toContain(shopper.id);
  });

  it('refuses what cannot be: bad bodies, no permission, another store’s customer, an erased one', async () => {
    const shopper = await registerShopper(server, us.pk);
    const before = await call(server, 'GET', `/admin/v1/customers/${shopper.id}`, { headers: us.sk });
    expect(before.body.profile.tax_exemption).toEqual({
      exempt: false,
      reference: null,
      expires_on: null,
      active: false,
      updated_at: null,
    });

    for (const body of [
      {},
      { exempt: 'true' },
      { exempt: true, reference: 'x'.repeat(101) },
      { exempt: true, why: 1 },
    ]) {
      const res = await exemption(us, shopper.id, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
    }
    const readOnly = (await createTestApiKey(server, { storeId: us.storeId, role: 'read_only' })).headers;
    expect((await exemption(us, shopper.id, { exempt: true }, readOnly)).status).toBe(403);
    // Another store's key does not reach this store's customer.
    expect((await exemption(uk, shopper.id, { exempt: true })).status).toBe(404);
    const after = await call(server, 'GET', `/admin/v1/customers/${shopper.id}`, { headers: us.sk });
    expect(after.body.profile.tax_exemption.exempt).toBe(false);

    // Erased: the reference goes with the rest of the personal data, and nothing more is recorded.
    await exemption(us, shopper.id, { exempt: true, reference: 'CERT-1' });
    // What is held about them includes it (GDPR export).
    const exported = await call(server, 'GET', `/admin/v1/customers/${shopper.id}/export`, {
      headers: us.sk,
    });
    expect(exported.body.data.customers.profile.tax_exemption).toMatchObject({
      exempt: true,
      reference: 'CERT-1',
    });
    const erased = await call(server, 'POST', `/admin/v1/customers/${shopper.id}/erase`, {
      headers: us.sk,
      body: { confirm_email: shopper.email },
    });
    expect(erased.status, JSON.stringify(erased.body)).toBe(200);
    const gone = await call(server, 'GET', `/admin/v1/customers/${shopper.id}`, { headers: us.sk });
    expect(gone.body.profile.tax_exemption.reference).toBeNull();
    expect((await exemption(us, shopper.id, { exempt: false })).status).toBe(409);
  });
});
