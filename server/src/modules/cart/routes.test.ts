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
import { setVariantPrice } from '../pricing/service.ts';
import { expireStaleCarts } from './service.ts';
import { insertCategory, insertSellableProduct, type SellableProduct } from './testing.ts';

let server: Awaited<ReturnType<typeof startTestServer>>;
let owner: StaffSession;
let storeId: string;
let pk: Record<string, string>;
let sk: Record<string, string>;
let shirt: SellableProduct; // 3 variants at 1000, 50 each
let mug: SellableProduct; // 1 variant at 2500, 3 in stock
let foreignVariant: string;
let draftVariant: string;

beforeAll(async () => {
  server = await startTestServer();
  owner = await createStaffSession(server, { role: 'owner' });
  storeId = owner.storeId!;
  pk = (await createTestApiKey(server, { storeId, kind: 'publishable' })).headers;
  sk = (await createTestApiKey(server, { storeId, kind: 'secret' })).headers;
  const db = server.platform.db;
  shirt = await insertSellableProduct(db, storeId, { variants: 3, price: 1000, stock: 50, title: 'Shirt' });
  mug = await insertSellableProduct(db, storeId, {
    price: 2500,
    stock: 3,
    title: 'Mug',
    locationId: shirt.locationId,
  });
  draftVariant = (await insertSellableProduct(db, storeId, { status: 'draft', locationId: shirt.locationId }))
    .variantIds[0]!;
  const other = await createTestStore(server);
  foreignVariant = (await insertSellableProduct(db, other.id, {})).variantIds[0]!;
});
afterAll(async () => {
  await server?.close();
});

const req = (method: string, path: string, body?: unknown, headers: Record<string, string> = pk) =>
  call(server, method, path, { headers, body });

async function newCart(body: Record<string, unknown> = {}, headers = pk) {
  const res = await req('POST', '/store/v1/carts', body, headers);
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body as { id: string; version: number; email: string | null };
}

async function events(cartId: string): Promise<{ type: string; payload: Record<string, unknown> }[]> {
  const { rows } = await server.platform.db.execute<{ type: string; payload: Record<string, unknown> }>(
    sql`SELECT type, payload FROM events WHERE aggregate_type = 'cart' AND aggregate_id = ${cartId} ORDER BY sequence`,
  );
  return rows;
}

/** Every row of the cart tables and the cart's events, to prove a refusal wrote nothing. */
async function fingerprint(cartId: string): Promise<string> {
  const { rows } = await server.platform.db.execute<{ f: string }>(sql`
    SELECT md5(coalesce((SELECT string_agg(c::text, '|') FROM carts c WHERE c.id = ${cartId}), '') ||
               coalesce((SELECT string_agg(l::text, '|' ORDER BY l.id) FROM cart_lines l WHERE l.cart_id = ${cartId}), '') ||
               coalesce((SELECT string_agg(a::text, '|' ORDER BY a.coupon_id) FROM cart_coupons a WHERE a.cart_id = ${cartId}), '') ||
               (SELECT count(*)::text FROM events WHERE aggregate_id = ${cartId})) AS f`);
  return rows[0]!.f;
}

describe('creating and reading carts', () => {
  it('creates an anonymous cart in the store currency, reads it back, and emits cart.created', async () => {
    const cart = await newCart({ email: 'Shopper@Example.com', locale: 'en' });
    expect(cart).toMatchObject({
      status: 'active',
      currency: 'USD',
      customer_id: null,
      email: 'shopper@example.com',
      lines: [],
      version: 1,
      totals: { subtotal: 0, discount_total: 0, shipping_total: 0, tax_total: 0, total: 0 },
      notices: [],
    });
    expect(cart.id).toMatch(/^cart_[0-9A-HJKMNP-TV-Z]{26}$/);
    const expires = Date.parse((cart as unknown as { expires_at: string }).expires_at);
    expect(Math.round((expires - Date.now()) / 86_400_000)).toBe(30);
    const got = await req('GET', `/store/v1/carts/${cart.id}`);
    expect(got.status).toBe(200);
    expect(got.body.id).toBe(cart.id);
    expect((await events(cart.id)).map((e) => e.type)).toEqual(['cart.created']);
  });

  it('refuses bad creation input with 400 and writes nothing', async () => {
    const { rows: before } = await server.platform.db.execute<{ n: number }>(
      sql`SELECT count(*)::int AS n FROM carts WHERE store_id = ${storeId}`,
    );
    for (const body of [
      { currency: 'usd' },
      { currency: 'XYZ' },
      { email: 'not-an-email' },
      { locale: 'English' },
      { shipping_address: { line1: 'x', city: 'y', country: 'ZZ' } },
      { shipping_address: { line1: '1 Main St', city: 'Springfield', country: 'US', postal_code: 'ABCDE' } },
      { unknown: true },
    ]) {
      const res = await req('POST', '/store/v1/carts', body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.code).toBe('VALIDATION_FAILED');
    }
    const { rows: after } = await server.platform.db.execute<{ n: number }>(
      sql`SELECT count(*)::int AS n FROM carts WHERE store_id = ${storeId}`,
    );
    expect(after[0]!.n).toBe(before[0]!.n);
  });

  it('needs the publishable key; an unknown cart is 404; another store cannot see it', async () => {
    const cart = await newCart();
    expect((await req('GET', `/store/v1/carts/${cart.id}`, undefined, {})).status).toBe(401);
    expect((await req('GET', '/store/v1/carts/cart_01ARZ3NDEKTSV4RRFFQ69G5FAV')).status).toBe(404);
    const other = await createTestStore(server);
    const otherPk = (await createTestApiKey(server, { storeId: other.id, kind: 'publishable' })).headers;
    const res = await req('GET', `/store/v1/carts/${cart.id}`, undefined, otherPk);
    expect(res.status).toBe(404);
  });
});

describe('lines', () => {
  it('adds a variant (snapshot, price, totals), adds more of it onto the same line, updates and removes', async () => {
    const cart = await newCart();
    const [v1, v2] = shirt.variantIds as [string, string];
    const added = await req('POST', `/store/v1/carts/${cart.id}/lines`, { variant_id: v1, quantity: 2 });
    expect(added.status, JSON.stringify(added.body)).toBe(200);
    expect(added.body.lines).toHaveLength(1);
    expect(added.body.lines[0]).toMatchObject({
      variant_id: v1,
      product_id: shirt.productId,
      product_title: 'Shirt',
      variant_title: 'Size 1',
      quantity: 2,
      unit_price: 1000,
      subtotal: 2000,
      discount: 0,
      total: 2000,
      weight_grams: 250,
      price_source: { kind: 'base' },
    });
    expect(added.body.lines[0].image_url).toMatch(/^https:\/\/cdn\.example\.com\//);
    expect(added.body.totals).toMatchObject({ subtotal: 2000, total: 2000 });
    expect(added.body.version).toBe(2);

    const more = await req('POST', `/store/v1/carts/${cart.id}/lines`, { variant_id: v1, quantity: 1 });
    expect(more.body.lines).toHaveLength(1);
    expect(more.body.lines[0].quantity).toBe(3);
    const second = await req('POST', `/store/v1/carts/${cart.id}/lines`, { variant_id: v2 });
    expect(second.body.lines.map((l: { quantity: number }) => l.quantity)).toEqual([3, 1]);
    expect(second.body.item_count).toBe(4);
    expect(second.body.totals.subtotal).toBe(4000);

    const lineId = second.body.lines[0].id;
    const updated = await req('PATCH', `/store/v1/carts/${cart.id}/lines/${lineId}`, { quantity: 5 });
    expect(updated.status).toBe(200);
    expect(updated.body.lines[0].quantity).toBe(5);
    const removed = await req('DELETE', `/store/v1/carts/${cart.id}/lines/${lineId}`);
    expect(removed.status).toBe(200);
    expect(removed.body.lines.map((l: { variant_id: string }) => l.variant_id)).toEqual([v2]);
    expect(removed.body.totals.subtotal).toBe(1000);

    const evs = await events(cart.id);
    expect(evs.map((e) => e.type)).toEqual([
      'cart.created',
      'cart.line_added',
      'cart.line_added',
      'cart.line_added',
      'cart.line_updated',
      'cart.line_removed',
    ]);
    const last = evs[5]!.payload;
    expect(last).toMatchObject({
      cartId: cart.id,
      currency: 'USD',
      value: 1000,
      itemCount: 1,
      reason: 'removed',
      line: { variantId: v1, quantity: 5 },
    });
    expect((last.lines as unknown[]).length).toBe(1);
    expect(evs[2]!.payload).toMatchObject({ quantityAdded: 1, line: { quantity: 3 } });
    expect(evs[4]!.payload).toMatchObject({ previousQuantity: 3, reason: 'quantity_changed' });
  });

  it('refuses bad lines with a clear 4xx and changes nothing', async () => {
    const cart = await newCart();
    const [v1] = shirt.variantIds as [string];
    const ok = await req('POST', `/store/v1/carts/${cart.id}/lines`, { variant_id: v1, quantity: 1 });
    const lineId = ok.body.lines[0].id;
    const before = await fingerprint(cart.id);
    const cases: [unknown, number, string][] = [
      [{ variant_id: foreignVariant, quantity: 1 }, 404, 'NOT_FOUND'],
      [{ variant_id: 'var_nope', quantity: 1 }, 404, 'NOT_FOUND'],
      [{ variant_id: draftVariant, quantity: 1 }, 404, 'NOT_FOUND'],
      [{ variant_id: v1, quantity: 0 }, 400, 'VALIDATION_FAILED'],
      [{ variant_id: v1, quantity: -2 }, 400, 'VALIDATION_FAILED'],
      [{ variant_id: v1, quantity: 1.5 }, 400, 'VALIDATION_FAILED'],
      [{ variant_id: v1, quantity: '2' }, 400, 'VALIDATION_FAILED'],
      [{ variant_id: v1, quantity: 100 }, 422, 'CART_LIMIT_EXCEEDED'],
      [{ variant_id: mug.variantIds[0], quantity: 4 }, 409, 'INSUFFICIENT_STOCK'],
      [{ quantity: 1 }, 400, 'VALIDATION_FAILED'],
    ];
    for (const [body, status, code] of cases) {
      const res = await req('POST', `/store/v1/carts/${cart.id}/lines`, body);
      expect({ status: res.status, code: res.body.code }, JSON.stringify(body)).toEqual({ status, code });
      expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    }
    for (const [body, status, code] of [
      [{ quantity: 0 }, 400, 'VALIDATION_FAILED'],
      [{ quantity: -1 }, 400, 'VALIDATION_FAILED'],
      [{ quantity: 2.5 }, 400, 'VALIDATION_FAILED'],
      [{ quantity: 101 }, 422, 'CART_LIMIT_EXCEEDED'],
      [{ quantity: 51 }, 409, 'INSUFFICIENT_STOCK'],
    ] as [unknown, number, string][]) {
      const res = await req('PATCH', `/store/v1/carts/${cart.id}/lines/${lineId}`, body);
      expect({ status: res.status, code: res.body.code }, JSON.stringify(body)).toEqual({ status, code });
    }
    expect((await req('PATCH', `/store/v1/carts/${cart.id}/lines/cline_nope`, { quantity: 1 })).status).toBe(
      404,
    );
    expect((await req('DELETE', `/store/v1/carts/${cart.id}/lines/cline_nope`)).status).toBe(404);
    expect(await fingerprint(cart.id)).toBe(before);
  });

  it('honours the store setting for the line quantity limit and the number of lines', async () => {
    const store = await createStaffSession(server, { role: 'owner' });
    const keys = (await createTestApiKey(server, { storeId: store.storeId!, kind: 'publishable' })).headers;
    const product = await insertSellableProduct(server.platform.db, store.storeId!, {
      variants: 3,
      stock: 100,
    });
    const patch = await call(server, 'PATCH', '/admin/v1/store', {
      headers: store.headers,
      body: { settings: { cart: { max_line_quantity: 5, max_lines: 2 } } },
    });
    expect(patch.status, JSON.stringify(patch.body)).toBe(200);
    const cart = await newCart({}, keys);
    const [a, b, c] = product.variantIds as [string, string, string];
    expect(
      (await req('POST', `/store/v1/carts/${cart.id}/lines`, { variant_id: a, quantity: 5 }, keys)).status,
    ).toBe(200);
    const over = await req('POST', `/store/v1/carts/${cart.id}/lines`, { variant_id: a, quantity: 1 }, keys);
    expect(over.status).toBe(422);
    expect(over.body.code).toBe('CART_LIMIT_EXCEEDED');
    expect((await req('POST', `/store/v1/carts/${cart.id}/lines`, { variant_id: b }, keys)).status).toBe(200);
    const third = await req('POST', `/store/v1/carts/${cart.id}/lines`, { variant_id: c }, keys);
    expect({ status: third.status, code: third.body.code }).toEqual({
      status: 422,
      code: 'CART_LIMIT_EXCEEDED',
    });
  });

  it('allows a backordered variant beyond its stock', async () => {
    const back = await insertSellableProduct(server.platform.db, storeId, {
      stock: 1,
      backorderPolicy: 'allow',
      locationId: shirt.locationId,
    });
    const cart = await newCart();
    const res = await req('POST', `/store/v1/carts/${cart.id}/lines`, {
      variant_id: back.variantIds[0],
      quantity: 10,
    });
    expect(res.status).toBe(200);
    expect(res.body.lines[0].quantity).toBe(10);
  });

  it('honours If-Match: a stale version is refused with 409 and changes nothing', async () => {
    const cart = await newCart();
    const res = await call(server, 'POST', `/store/v1/carts/${cart.id}/lines`, {
      headers: { ...pk, 'if-match': '"1"' },
      body: { variant_id: shirt.variantIds[0] },
    });
    expect(res.status).toBe(200);
    const before = await fingerprint(cart.id);
    const stale = await call(server, 'POST', `/store/v1/carts/${cart.id}/lines`, {
      headers: { ...pk, 'if-match': '"1"' },
      body: { variant_id: shirt.variantIds[0] },
    });
    expect({ status: stale.status, code: stale.body.code }).toEqual({ status: 409, code: 'CONFLICT' });
    const bad = await call(server, 'POST', `/store/v1/carts/${cart.id}/lines`, {
      headers: { ...pk, 'if-match': 'yesterday' },
      body: { variant_id: shirt.variantIds[0] },
    });
    expect(bad.status).toBe(400);
    expect(await fingerprint(cart.id)).toBe(before);
  });
});

describe('several lines at once', () => {
  it('adds them in one change, one event each; all or nothing, the refusal naming its line', async () => {
    const cart = await newCart();
    const added = await req('POST', `/store/v1/carts/${cart.id}/lines/batch`, {
      lines: [
        { variant_id: shirt.variantIds[0], quantity: 2 },
        { variant_id: mug.variantIds[0] },
        { variant_id: shirt.variantIds[0], quantity: 1 }, // the same variant again: onto its line
      ],
    });
    expect(added.status, JSON.stringify(added.body)).toBe(200);
    expect(
      added.body.lines.map((l: { variant_id: string; quantity: number }) => [l.variant_id, l.quantity]),
    ).toEqual([
      [shirt.variantIds[0], 3],
      [mug.variantIds[0], 1],
    ]);
    expect(added.body.totals.subtotal).toBe(3 * 1000 + 2500);
    expect(added.body.version).toBe(cart.version + 1); // one change
    expect((await events(cart.id)).filter((e) => e.type === 'cart.line_added')).toHaveLength(3);

    // A line that cannot be added refuses them all, naming it; nothing changes.
    const before = await fingerprint(cart.id);
    for (const [lines, status, path] of [
      [
        [{ variant_id: shirt.variantIds[1] }, { variant_id: foreignVariant }],
        404,
        'body.lines[1].variant_id',
      ],
      [
        [{ variant_id: shirt.variantIds[1] }, { variant_id: mug.variantIds[0], quantity: 5 }],
        409,
        'body.lines[1].quantity',
      ],
      [[{ variant_id: draftVariant }], 404, 'body.lines[0].variant_id'],
    ] as const) {
      const refused = await req('POST', `/store/v1/carts/${cart.id}/lines/batch`, { lines });
      expect(refused.status, JSON.stringify(refused.body)).toBe(status);
      expect(refused.body.errors[0].path).toBe(path);
    }
    for (const body of [
      { lines: [] },
      { lines: Array.from({ length: 51 }, () => ({ variant_id: shirt.variantIds[0] })) },
      { lines: [{ variant_id: shirt.variantIds[0], quantity: 0 }] },
      { lines: [{ variant_id: shirt.variantIds[0] }], extra: true },
    ]) {
      expect((await req('POST', `/store/v1/carts/${cart.id}/lines/batch`, body)).status).toBe(400);
    }
    expect(await fingerprint(cart.id)).toBe(before);
  });

  it('with skip_unavailable adds what it can and tells the rest in notices', async () => {
    const cart = await newCart();
    const res = await req('POST', `/store/v1/carts/${cart.id}/lines/batch`, {
      skip_unavailable: true,
      lines: [
        { variant_id: foreignVariant },
        { variant_id: shirt.variantIds[2], quantity: 1 },
        { variant_id: mug.variantIds[0], quantity: 9 },
      ],
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.lines.map((l: { variant_id: string }) => l.variant_id)).toEqual([shirt.variantIds[2]]);
    expect(res.body.notices).toEqual([
      expect.objectContaining({
        code: 'line_not_added',
        variant_id: foreignVariant,
        quantity: 1,
        reason: 'unavailable',
      }),
      expect.objectContaining({
        code: 'line_not_added',
        variant_id: mug.variantIds[0],
        quantity: 9,
        reason: 'out_of_stock',
      }),
    ]);
    // Nothing that can be added: the cart stays as it was, the notices say why.
    const none = await req('POST', `/store/v1/carts/${cart.id}/lines/batch`, {
      skip_unavailable: true,
      lines: [{ variant_id: draftVariant }],
    });
    expect(none.status).toBe(200);
    expect(none.body.version).toBe(res.body.version);
    expect(none.body.notices).toEqual([
      expect.objectContaining({ code: 'line_not_added', reason: 'unavailable' }),
    ]);
  });
});

describe('retries', () => {
  it('the same Idempotency-Key replays the first answer instead of adding again', async () => {
    const create = (key: string) =>
      call(server, 'POST', '/store/v1/carts', { headers: { ...pk, 'idempotency-key': key }, body: {} });
    const first = await create('new-cart-1');
    const second = await create('new-cart-1');
    expect(second.body.id).toBe(first.body.id);
    expect(second.headers.get('idempotent-replayed')).toBe('true');
    const add = () =>
      call(server, 'POST', `/store/v1/carts/${first.body.id}/lines`, {
        headers: { ...pk, 'idempotency-key': 'add-shirt-1' },
        body: { variant_id: shirt.variantIds[0], quantity: 2 },
      });
    const [a, b] = [await add(), await add()];
    expect(a.status).toBe(200);
    expect(b.headers.get('idempotent-replayed')).toBe('true');
    expect(b.body.version).toBe(a.body.version);
    const now = await req('GET', `/store/v1/carts/${first.body.id}`);
    expect(now.body.lines[0].quantity).toBe(2);
    expect((await events(first.body.id)).filter((e) => e.type === 'cart.line_added')).toHaveLength(1);
  });
});

describe('prices are re-validated on every change', () => {
  it('a changed price updates the line on the next change, and the answer and the events say so', async () => {
    const product = await insertSellableProduct(server.platform.db, storeId, {
      variants: 2,
      price: 500,
      locationId: shirt.locationId,
    });
    const [a, b] = product.variantIds as [string, string];
    const cart = await newCart();
    await req('POST', `/store/v1/carts/${cart.id}/lines`, { variant_id: a, quantity: 2 });
    await setVariantPrice(server.platform.db, {
      storeId,
      input: { variant_id: a, currency: 'USD', amount: 450 },
    });
    // GET shows the prices of the last change…
    expect((await req('GET', `/store/v1/carts/${cart.id}`)).body.lines[0].unit_price).toBe(500);
    // …and the next change re-prices every line.
    const res = await req('POST', `/store/v1/carts/${cart.id}/lines`, { variant_id: b, quantity: 1 });
    expect(res.body.lines[0]).toMatchObject({ variant_id: a, unit_price: 450, subtotal: 900 });
    expect(res.body.notices).toEqual([
      expect.objectContaining({
        code: 'price_changed',
        variant_id: a,
        previous_unit_price: 500,
        unit_price: 450,
      }),
    ]);
    expect(res.body.totals.subtotal).toBe(1400);
    const evs = await events(cart.id);
    expect(evs.map((e) => e.type)).toEqual([
      'cart.created',
      'cart.line_added',
      'cart.line_added',
      'cart.line_updated',
    ]);
    expect(evs[3]!.payload).toMatchObject({
      reason: 'price_changed',
      previousUnitPrice: 500,
      line: { unitPrice: 450 },
    });
    expect(evs[3]!.payload.value).toBe(1400);
  });

  it('a line whose variant has no price any more leaves the cart with a notice', async () => {
    const product = await insertSellableProduct(server.platform.db, storeId, {
      variants: 2,
      locationId: shirt.locationId,
    });
    const [a, b] = product.variantIds as [string, string];
    const cart = await newCart();
    await req('POST', `/store/v1/carts/${cart.id}/lines`, { variant_id: a });
    const { deletePrice, listPrices } = await import('../pricing/service.ts');
    const prices = await listPrices(server.platform.db, { storeId, query: { variant_id: a } });
    await deletePrice(server.platform.db, { storeId, priceId: prices.data[0]!.id });
    const res = await req('POST', `/store/v1/carts/${cart.id}/lines`, { variant_id: b });
    expect(res.body.lines.map((l: { variant_id: string }) => l.variant_id)).toEqual([b]);
    expect(res.body.notices).toEqual([
      expect.objectContaining({ code: 'line_removed', reason: 'no_price', variant_id: a }),
    ]);
    expect((await events(cart.id)).map((e) => e.type)).toContain('cart.line_removed');
  });
});

describe('contact details', () => {
  it('sets and clears e-mail and addresses; refuses a bad address; emits cart.contact_updated', async () => {
    const cart = await newCart();
    const address = {
      first_name: 'Lan',
      line1: '12 Hang Bai',
      city: 'Hanoi',
      country: 'vn',
      postal_code: '100000',
      phone: '+84 24 1234 5678',
    };
    const res = await req('PATCH', `/store/v1/carts/${cart.id}`, {
      email: 'lan@example.com',
      shipping_address: address,
      billing_address: address,
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.shipping_address).toMatchObject({ country: 'VN', city: 'Hanoi' });
    expect(res.body.email).toBe('lan@example.com');
    const before = await fingerprint(cart.id);
    for (const body of [
      { shipping_address: { ...address, country: 'US', postal_code: '1234' } },
      { shipping_address: { ...address, line1: '' } },
      { email: 'nope' },
      {},
      { billing_address: 'Hanoi' },
    ]) {
      const bad = await req('PATCH', `/store/v1/carts/${cart.id}`, body);
      expect(bad.status, JSON.stringify(body)).toBe(400);
      expect(bad.body.code).toBe('VALIDATION_FAILED');
    }
    // The same values again: no change, no event.
    await req('PATCH', `/store/v1/carts/${cart.id}`, { email: 'lan@example.com' });
    expect(await fingerprint(cart.id)).toBe(before);
    const cleared = await req('PATCH', `/store/v1/carts/${cart.id}`, { billing_address: null });
    expect(cleared.body.billing_address).toBeNull();
    const evs = await events(cart.id);
    expect(evs.map((e) => e.type)).toEqual(['cart.created', 'cart.contact_updated', 'cart.contact_updated']);
    expect(evs[1]!.payload).toMatchObject({
      email: 'lan@example.com',
      changed: ['email', 'shipping_address', 'billing_address'],
    });
    expect(JSON.stringify(evs[1]!.payload)).not.toContain('Hang Bai');
  });
});

describe('coupons on a cart', () => {
  let clothes: string;
  let tops: string;
  beforeAll(async () => {
    clothes = await insertCategory(server.platform.db, storeId, { name: 'Clothes' });
    tops = await insertCategory(server.platform.db, storeId, {
      name: 'Tops',
      parentId: clothes,
      productIds: [shirt.productId],
    });
    const coupons = [
      { code: 'TEN', discount: { kind: 'percentage', basis_points: 1000 } },
      { code: 'FIVEOFF', discount: { kind: 'fixed_amount', amounts: { USD: 500 } } },
      { code: 'SHIPFREE', discount: { kind: 'free_shipping' } },
      {
        code: 'BIG',
        discount: { kind: 'percentage', basis_points: 1000 },
        minimum_subtotal: { USD: 100_000 },
      },
      { code: 'EUROS', discount: { kind: 'fixed_amount', amounts: { EUR: 500 } } },
      {
        code: 'MUGS',
        discount: { kind: 'percentage', basis_points: 5000 },
        scope: { kind: 'products', ids: [mug.productId] },
      },
      {
        code: 'CLOTHES',
        discount: { kind: 'percentage', basis_points: 2000 },
        scope: { kind: 'categories', ids: [clothes] },
      },
      { code: 'OLD', discount: { kind: 'percentage', basis_points: 1000 }, ends_at: '2020-01-01T00:00:00Z' },
      {
        code: 'LATER',
        discount: { kind: 'percentage', basis_points: 1000 },
        starts_at: '2099-01-01T00:00:00Z',
      },
      { code: 'OFF', discount: { kind: 'percentage', basis_points: 1000 }, active: false },
    ];
    for (const c of coupons) {
      const res = await call(server, 'POST', '/admin/v1/coupons', { headers: owner.headers, body: c });
      expect(res.status, JSON.stringify(res.body)).toBe(201);
    }
    expect(tops).toBeTruthy();
  });

  async function cartWith(lines: { variant_id: string; quantity: number }[]) {
    const cart = await newCart();
    for (const l of lines) {
      const res = await req('POST', `/store/v1/carts/${cart.id}/lines`, l);
      expect(res.status).toBe(200);
    }
    return cart.id;
  }

  it('applies a percentage code (any case), allocates it over the lines, and removes it', async () => {
    const id = await cartWith([
      { variant_id: shirt.variantIds[0]!, quantity: 1 },
      { variant_id: shirt.variantIds[1]!, quantity: 2 },
      { variant_id: mug.variantIds[0]!, quantity: 1 },
    ]);
    // subtotal 1000 + 2000 + 2500 = 5500; 10 % = 550
    const res = await req('POST', `/store/v1/carts/${id}/coupons`, { code: 'ten' });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.discounts).toEqual([
      { code: 'TEN', kind: 'percentage', amount: 550, free_shipping: false, lines: expect.any(Array) },
    ]);
    expect(res.body.totals).toMatchObject({ subtotal: 5500, discount_total: 550, total: 4950 });
    const shares = res.body.lines.map((l: { discount: number }) => l.discount);
    expect(shares).toEqual([100, 200, 250]);
    // Applying it again changes nothing.
    const again = await req('POST', `/store/v1/carts/${id}/coupons`, { code: 'TEN' });
    expect(again.body.version).toBe(res.body.version);
    // A second discount code is refused; a free-shipping one is fine.
    const second = await req('POST', `/store/v1/carts/${id}/coupons`, { code: 'FIVEOFF' });
    expect({ status: second.status, code: second.body.code }).toEqual({
      status: 422,
      code: 'COUPON_NOT_APPLICABLE',
    });
    const ship = await req('POST', `/store/v1/carts/${id}/coupons`, { code: 'shipfree' });
    expect(ship.body.discounts.map((d: { code: string }) => d.code)).toEqual(['TEN', 'SHIPFREE']);
    const removed = await req('DELETE', `/store/v1/carts/${id}/coupons/Ten`);
    expect(removed.status).toBe(200);
    expect(removed.body.discounts.map((d: { code: string }) => d.code)).toEqual(['SHIPFREE']);
    expect(removed.body.totals.discount_total).toBe(0);
    expect((await req('DELETE', `/store/v1/carts/${id}/coupons/TEN`)).status).toBe(404);
    const types = (await events(id)).map((e) => e.type);
    expect(types.filter((t) => t.startsWith('cart.coupon'))).toEqual([
      'cart.coupon_applied',
      'cart.coupon_applied',
      'cart.coupon_removed',
    ]);
  });

  it('refuses misuse with a clear 4xx and changes nothing', async () => {
    const id = await cartWith([{ variant_id: shirt.variantIds[0]!, quantity: 1 }]);
    const before = await fingerprint(id);
    const cases: [string, number, string][] = [
      ['NOPE', 404, 'COUPON_NOT_FOUND'],
      ['OFF', 404, 'COUPON_NOT_FOUND'],
      ['OLD', 422, 'COUPON_EXPIRED'],
      ['LATER', 422, 'COUPON_NOT_YET_VALID'],
      ['BIG', 422, 'COUPON_MINIMUM_NOT_MET'],
      ['EUROS', 422, 'COUPON_NOT_APPLICABLE'],
      ['MUGS', 422, 'COUPON_NOT_APPLICABLE'],
    ];
    for (const [code, status, error] of cases) {
      const res = await req('POST', `/store/v1/carts/${id}/coupons`, { code });
      expect({ status: res.status, code: res.body.code }, code).toEqual({ status, code: error });
    }
    for (const body of [{ code: '' }, { code: 'has space' }, {}, { code: 'x'.repeat(65) }]) {
      expect((await req('POST', `/store/v1/carts/${id}/coupons`, body)).status).toBe(400);
    }
    expect(await fingerprint(id)).toBe(before);
  });

  it('scopes by product and by category (subcategories included)', async () => {
    const id = await cartWith([
      { variant_id: shirt.variantIds[0]!, quantity: 1 },
      { variant_id: mug.variantIds[0]!, quantity: 1 },
    ]);
    const mugs = await req('POST', `/store/v1/carts/${id}/coupons`, { code: 'MUGS' });
    expect(mugs.status).toBe(200);
    expect(mugs.body.lines.map((l: { discount: number }) => l.discount)).toEqual([0, 1250]);
    await req('DELETE', `/store/v1/carts/${id}/coupons/MUGS`);
    const clothesRes = await req('POST', `/store/v1/carts/${id}/coupons`, { code: 'CLOTHES' });
    expect(clothesRes.status).toBe(200);
    // The shirt is in Tops, under Clothes: 20 % of 1000.
    expect(clothesRes.body.lines.map((l: { discount: number }) => l.discount)).toEqual([200, 0]);
  });

  it('a coupon that stops applying is removed at the next change, with a notice and an event', async () => {
    const id = await cartWith([{ variant_id: mug.variantIds[0]!, quantity: 1 }]);
    expect((await req('POST', `/store/v1/carts/${id}/coupons`, { code: 'MUGS' })).status).toBe(200);
    const cart = await req('GET', `/store/v1/carts/${id}`);
    const res = await req('DELETE', `/store/v1/carts/${id}/lines/${cart.body.lines[0].id}`);
    expect(res.body.discounts).toEqual([]);
    expect(res.body.notices).toEqual([
      expect.objectContaining({
        code: 'coupon_removed',
        coupon_code: 'MUGS',
        reason: 'COUPON_NOT_APPLICABLE',
      }),
    ]);
    const evs = await events(id);
    expect(evs.at(-1)).toMatchObject({
      type: 'cart.coupon_removed',
      payload: { reason: 'COUPON_NOT_APPLICABLE' },
    });
  });

  it('a coupon the merchant deleted leaves the cart at its next change, with a notice', async () => {
    const made = await call(server, 'POST', '/admin/v1/coupons', {
      headers: owner.headers,
      body: { code: 'BRIEF', discount: { kind: 'percentage', basis_points: 500 } },
    });
    const id = await cartWith([{ variant_id: shirt.variantIds[0]!, quantity: 2 }]);
    expect(
      (await req('POST', `/store/v1/carts/${id}/coupons`, { code: 'BRIEF' })).body.totals.discount_total,
    ).toBe(100);
    expect(
      (await call(server, 'DELETE', `/admin/v1/coupons/${made.body.id}`, { headers: owner.headers })).status,
    ).toBe(204);
    const res = await req('PATCH', `/store/v1/carts/${id}`, { email: 'brief@example.com' });
    expect(res.body.discounts).toEqual([]);
    expect(res.body.totals.discount_total).toBe(0);
    expect(res.body.notices).toEqual([
      expect.objectContaining({ code: 'coupon_removed', coupon_code: 'BRIEF', reason: 'COUPON_NOT_FOUND' }),
    ]);
  });
});

describe('customer carts and merge at sign-in', () => {
  async function customer(email: string) {
    const res = await req('POST', '/store/v1/customers/register', {
      email,
      password: 'correct horse battery',
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return { ...pk, authorization: `Bearer ${res.body.access_token}` } as Record<string, string>;
  }

  it("a customer's cart is theirs alone; creating again returns it", async () => {
    const ana = await customer('ana@example.com');
    const ben = await customer('ben@example.com');
    const cart = await newCart({}, ana);
    // The account's e-mail until the shopper gives another: an account checkout needs no e-mail step.
    expect(cart).toMatchObject({ customer_id: expect.stringMatching(/^cus/), email: 'ana@example.com' });
    const gil = await customer('gil@example.com');
    expect((await newCart({ email: 'gil.at.work@example.com' }, gil)).email).toBe('gil.at.work@example.com');
    const again = await req('POST', '/store/v1/carts', {}, ana);
    expect(again.status).toBe(200);
    expect(again.body.id).toBe(cart.id);
    expect((await req('GET', '/store/v1/customers/me/cart', undefined, ana)).body.id).toBe(cart.id);
    expect((await req('GET', '/store/v1/customers/me/cart', undefined, ben)).status).toBe(404);
    expect((await req('GET', `/store/v1/carts/${cart.id}`, undefined, ana)).status).toBe(200);
    expect((await req('GET', `/store/v1/carts/${cart.id}`, undefined, ben)).status).toBe(403);
    expect((await req('GET', `/store/v1/carts/${cart.id}`)).status).toBe(403);
    const add = await req('POST', `/store/v1/carts/${cart.id}/lines`, { variant_id: shirt.variantIds[0] });
    expect(add.status).toBe(403);
    // A secret key (the merchant's own server) may use any cart.
    expect((await req('GET', `/store/v1/carts/${cart.id}`, undefined, sk)).status).toBe(200);
  });

  it("merges an anonymous cart into the customer's cart: quantities summed within limits, idempotent", async () => {
    const cleo = await customer('cleo@example.com');
    const mine = await newCart({}, cleo);
    const [a, b] = shirt.variantIds as [string, string];
    await req('POST', `/store/v1/carts/${mine.id}/lines`, { variant_id: a, quantity: 60 }, cleo).then((r) =>
      expect(r.status, JSON.stringify(r.body)).toBe(409),
    );
    await req('POST', `/store/v1/carts/${mine.id}/lines`, { variant_id: a, quantity: 30 }, cleo);
    await req(
      'POST',
      `/store/v1/carts/${mine.id}/lines`,
      { variant_id: mug.variantIds[0], quantity: 2 },
      cleo,
    );
    const anon = await newCart({ email: 'cleo@example.com' });
    await req('POST', `/store/v1/carts/${anon.id}/lines`, { variant_id: a, quantity: 30 });
    await req('POST', `/store/v1/carts/${anon.id}/lines`, { variant_id: b, quantity: 1 });
    await req('POST', `/store/v1/carts/${anon.id}/lines`, { variant_id: mug.variantIds[0], quantity: 2 });
    await req('POST', `/store/v1/carts/${anon.id}/coupons`, { code: 'TEN' });

    expect((await req('POST', `/store/v1/carts/${anon.id}/merge`)).status).toBe(403);
    const merged = await req('POST', `/store/v1/carts/${anon.id}/merge`, undefined, cleo);
    expect(merged.status, JSON.stringify(merged.body)).toBe(200);
    expect(merged.body.id).toBe(mine.id);
    const q = Object.fromEntries(
      merged.body.lines.map((l: { variant_id: string; quantity: number }) => [l.variant_id, l.quantity]),
    );
    // 30 + 30 = 60, but only 50 in stock; the mug: 2 + 2, but only 3 in stock.
    expect(q).toEqual({ [a]: 50, [b]: 1, [mug.variantIds[0]!]: 3 });
    expect(
      merged.body.notices.map((n: { code: string; reason: string }) => `${n.code}:${n.reason}`).sort(),
    ).toEqual(['quantity_reduced:stock', 'quantity_reduced:stock']);
    expect(merged.body.email).toBe('cleo@example.com');
    expect(merged.body.discounts.map((d: { code: string }) => d.code)).toEqual(['TEN']);
    const source = await req('GET', `/store/v1/carts/${anon.id}`);
    expect(source.body).toMatchObject({ status: 'merged', merged_into_cart_id: mine.id });
    expect((await req('POST', `/store/v1/carts/${anon.id}/lines`, { variant_id: b })).body.code).toBe(
      'CART_NOT_ACTIVE',
    );

    const again = await req('POST', `/store/v1/carts/${anon.id}/merge`, undefined, cleo);
    expect(again.status).toBe(200);
    expect(again.body.version).toBe(merged.body.version);
    const evs = await events(mine.id);
    expect(evs.filter((e) => e.type === 'cart.merged')).toHaveLength(1);
    expect(evs.at(-1)!.payload).toMatchObject({
      sourceCartId: anon.id,
      claimed: false,
      customerId: merged.body.customer_id,
    });
  });

  it('refuses a merge that is not the customer’s to make', async () => {
    const eve = await customer('eve@example.com');
    const fay = await customer('fay@example.com');
    const evesCart = await newCart({}, eve);
    const refused = await req('POST', `/store/v1/carts/${evesCart.id}/merge`, undefined, fay);
    expect({ status: refused.status, code: refused.body.code }).toEqual({ status: 403, code: 'FORBIDDEN' });
    expect((await req('POST', '/store/v1/carts/cart_nope/merge', undefined, fay)).status).toBe(404);
    expect((await req('GET', '/store/v1/customers/me/cart')).status).toBe(403);
    const expired = await newCart();
    await server.platform.db.execute(
      sql`UPDATE carts SET expires_at = now() - interval '1 second' WHERE id = ${expired.id}`,
    );
    const late = await req('POST', `/store/v1/carts/${expired.id}/merge`, undefined, fay);
    expect({ status: late.status, code: late.body.code }).toEqual({ status: 410, code: 'CART_EXPIRED' });
    expect((await events(evesCart.id)).map((e) => e.type)).toEqual(['cart.created']);
  });

  it('a customer without a cart claims the anonymous one', async () => {
    const dan = await customer('dan@example.com');
    const anon = await newCart();
    await req('POST', `/store/v1/carts/${anon.id}/lines`, { variant_id: shirt.variantIds[2] });
    const merged = await req('POST', `/store/v1/carts/${anon.id}/merge`, undefined, dan);
    expect(merged.status).toBe(200);
    expect(merged.body.id).toBe(anon.id);
    expect(merged.body.customer_id).toMatch(/^cus/);
    expect(merged.body.email).toBe('dan@example.com'); // the anonymous cart had none: the account's
    expect((await req('GET', `/store/v1/carts/${anon.id}`)).status).toBe(403);
    const again = await req('POST', `/store/v1/carts/${anon.id}/merge`, undefined, dan);
    expect(again.body.version).toBe(merged.body.version);
    expect((await events(anon.id)).at(-1)).toMatchObject({ type: 'cart.merged', payload: { claimed: true } });
  });
});

describe('expiry', () => {
  it('a cart past its expiry is refused with 410 CART_EXPIRED, and the sweep marks it expired', async () => {
    const cart = await newCart();
    await server.platform.db.execute(
      sql`UPDATE carts SET expires_at = now() - interval '1 second' WHERE id = ${cart.id}`,
    );
    const before = await fingerprint(cart.id);
    for (const res of [
      await req('GET', `/store/v1/carts/${cart.id}`),
      await req('POST', `/store/v1/carts/${cart.id}/lines`, { variant_id: shirt.variantIds[0] }),
      await req('PATCH', `/store/v1/carts/${cart.id}`, { email: 'a@b.co' }),
      await req('POST', `/store/v1/carts/${cart.id}/coupons`, { code: 'TEN' }),
    ]) {
      expect({ status: res.status, code: res.body.code }).toEqual({ status: 410, code: 'CART_EXPIRED' });
      expect(res.body.title).toBe('Gone');
    }
    expect(await fingerprint(cart.id)).toBe(before);
    expect(await expireStaleCarts(server.platform.db)).toBeGreaterThanOrEqual(1);
    const admin = await call(server, 'GET', `/admin/v1/carts/${cart.id}`, { headers: owner.headers });
    expect(admin.body.status).toBe('expired');
    expect((await events(cart.id)).map((e) => e.type)).toEqual(['cart.created', 'cart.expired']);
    expect(await expireStaleCarts(server.platform.db)).toBe(0);
  });
});

describe('admin', () => {
  it('lists and reads carts with carts.read; filters; paginates', async () => {
    const list = await call(server, 'GET', '/admin/v1/carts?limit=2', { headers: owner.headers });
    expect(list.status).toBe(200);
    expect(list.body.data).toHaveLength(2);
    expect(list.body.next_cursor).toBeTruthy();
    const next = await call(server, 'GET', `/admin/v1/carts?limit=2&cursor=${list.body.next_cursor}`, {
      headers: owner.headers,
    });
    expect(next.body.data[0].id).not.toBe(list.body.data[1].id);
    const merged = await call(server, 'GET', '/admin/v1/carts?status=merged', { headers: owner.headers });
    expect(merged.body.data.every((c: { status: string }) => c.status === 'merged')).toBe(true);
    expect(merged.body.data.length).toBeGreaterThanOrEqual(1);
    const byEmail = await call(server, 'GET', '/admin/v1/carts?email=LAN@example.com', {
      headers: owner.headers,
    });
    expect(byEmail.body.data).toHaveLength(1);
    expect(
      (await call(server, 'GET', '/admin/v1/carts?status=lost', { headers: owner.headers })).status,
    ).toBe(400);
    expect((await call(server, 'GET', '/admin/v1/carts', { headers: pk })).status).toBe(403);
    const reader = await createStaffSession(server, { role: 'read_only', storeId });
    expect((await call(server, 'GET', '/admin/v1/carts', { headers: reader.headers })).status).toBe(200);
    expect((await call(server, 'GET', '/admin/v1/carts/cart_nope', { headers: owner.headers })).status).toBe(
      404,
    );
  });
});
