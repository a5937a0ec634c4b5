import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer } from '../../../test/harness.ts';
import { call, createStaffSession, createTestApiKey, type StaffSession } from '../../../test/identity.ts';
import { withStore } from '../../platform/db/database.ts';
import { listAddresses } from './service.ts';
import { eventsOf, registerShopper, rowsOf, type TestShopper } from './testing.ts';

/** The shopper's own store API: profile, address book, wish list, consent and export. */

let server: Awaited<ReturnType<typeof startTestServer>>;
let owner: StaffSession;
let storeId: string;
let pk: Record<string, string>;
let sam: TestShopper;
let kim: TestShopper;
// Another store, its key and shopper.
let otherOwner: StaffSession;
let otherPk: Record<string, string>;
let lee: TestShopper;

const home = { line1: '1 Main St', city: 'Springfield', region: 'IL', postal_code: '62701', country: 'US' };
const office = {
  first_name: 'Sam',
  line1: '12 Tràng Tiền',
  city: 'Hà Nội',
  postal_code: '100000',
  country: 'vn',
};

beforeAll(async () => {
  server = await startTestServer({
    overrides: { CUSTOMER_MAX_ADDRESSES: '4', CUSTOMER_MAX_WISHLIST_ITEMS: '3' },
  });
  owner = await createStaffSession(server, { role: 'owner' });
  storeId = owner.storeId!;
  pk = (await createTestApiKey(server, { storeId, kind: 'publishable' })).headers;
  sam = await registerShopper(server, pk, { firstName: 'Sam' });
  kim = await registerShopper(server, pk, { firstName: 'Kim' });
  otherOwner = await createStaffSession(server, { role: 'owner' });
  otherPk = (await createTestApiKey(server, { storeId: otherOwner.storeId!, kind: 'publishable' })).headers;
  lee = await registerShopper(server, otherPk);
});
afterAll(async () => {
  await server?.close();
});

const as = (who: { headers: Record<string, string> }) => ({
  get: (path: string) => call(server, 'GET', path, { headers: who.headers }),
  post: (path: string, body?: unknown, headers: Record<string, string> = {}) =>
    call(server, 'POST', path, { headers: { ...who.headers, ...headers }, body }),
  patch: (path: string, body: unknown) => call(server, 'PATCH', path, { headers: who.headers, body }),
  put: (path: string, body: unknown) => call(server, 'PUT', path, { headers: who.headers, body }),
  del: (path: string) => call(server, 'DELETE', path, { headers: who.headers }),
});
const ME = '/store/v1/customers/me';

async function addressesOf(customerId: string) {
  return rowsOf<{
    id: string;
    is_default_shipping: boolean;
    is_default_billing: boolean;
    label: string | null;
  }>(server.platform.db, 'customer_addresses', storeId, sql`customer_id = ${customerId}`);
}

describe('who may call', () => {
  it('needs a signed-in shopper: no token is 401/403, a staff token or another store’s key is refused', async () => {
    expect((await call(server, 'GET', `${ME}/addresses`)).status).toBe(401);
    const keyOnly = await call(server, 'GET', `${ME}/addresses`, { headers: pk });
    expect(keyOnly.status).toBe(403);
    const wrongStore = await call(server, 'GET', `${ME}/addresses`, {
      headers: { ...otherPk, authorization: sam.headers.authorization! },
    });
    expect(wrongStore.status).toBe(401);
    expect(wrongStore.body.code).toBe('TOKEN_INVALID');
  });
});

describe('profile', () => {
  it('reads and changes phone and locale; refuses a bad phone number and changes nothing', async () => {
    const api = as(sam);
    const empty = await api.get(`${ME}/profile`);
    expect(empty.status).toBe(200);
    expect(empty.body).toMatchObject({ customer_id: sam.id, phone: null, locale: null, erased_at: null });
    const set = await api.patch(`${ME}/profile`, { phone: '+84 912 345 678', locale: 'vi' });
    expect(set.status).toBe(200);
    expect(set.body).toMatchObject({ phone: '+84 912 345 678', locale: 'vi' });
    const bad = await api.patch(`${ME}/profile`, { phone: 'call me maybe' });
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].path).toBe('body.phone');
    const cleared = await api.patch(`${ME}/profile`, { locale: null });
    expect(cleared.body).toMatchObject({ phone: '+84 912 345 678', locale: null });
    const events = await eventsOf(server.platform.db, storeId, 'customer.profile_updated');
    expect(events).toEqual([
      { customerId: sam.id, fields: ['phone', 'locale'] },
      { customerId: sam.id, fields: ['locale'] },
    ]);
  });
});

describe('address book', () => {
  let first: string;
  let second: string;

  it('the first address becomes both defaults; a later one can take a default over', async () => {
    const api = as(sam);
    const a = await api.post(`${ME}/addresses`, { label: 'Home', address: home, default_shipping: false });
    expect(a.status).toBe(201);
    expect(a.body).toMatchObject({ label: 'Home', is_default_shipping: true, is_default_billing: true });
    expect(a.body.address).toEqual(home);
    first = a.body.id;

    const b = await api.post(`${ME}/addresses`, { label: 'Office', address: office, default_shipping: true });
    expect(b.status).toBe(201);
    // Normalised by the shared address parser: the country upper-cased.
    expect(b.body.address.country).toBe('VN');
    expect(b.body).toMatchObject({ is_default_shipping: true, is_default_billing: false });
    second = b.body.id;

    const list = await api.get(`${ME}/addresses`);
    expect(list.body.data.map((x: { id: string }) => x.id)).toEqual([first, second]);
    expect(list.body.data[0]).toMatchObject({ is_default_shipping: false, is_default_billing: true });
    expect((await api.get(`${ME}/addresses/${second}`)).body.label).toBe('Office');

    const added = await eventsOf(server.platform.db, storeId, 'customer.address_added');
    expect(added).toEqual([
      { customerId: sam.id, addressId: first, country: 'US', defaultShipping: true, defaultBilling: true },
      { customerId: sam.id, addressId: second, country: 'VN', defaultShipping: true, defaultBilling: false },
    ]);
  });

  it('refuses a bad address with 400 naming the field, and writes nothing', async () => {
    const api = as(sam);
    const before = await addressesOf(sam.id);
    const cases: [unknown, string][] = [
      [{ address: { ...home, country: 'XX' } }, 'body.address.country'],
      [{ address: { ...home, postal_code: 'ABCDE' } }, 'body.address.postal_code'],
      [{ address: { ...home, postal_code: undefined } }, 'body.address.postal_code'],
      [{ address: { city: 'Springfield', country: 'US', postal_code: '62701' } }, 'body.address.line1'],
      [{ address: { ...home, phone: 'nope' } }, 'body.address.phone'],
      [{ address: { ...home, planet: 'Mars' } }, 'body.address'],
      [{ address: home, label: '' }, 'body.label'],
      [{ label: 'No address' }, 'body.address'],
    ];
    for (const [body, path] of cases) {
      const res = await api.post(`${ME}/addresses`, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.code).toBe('VALIDATION_FAILED');
      expect(
        res.body.errors.some((e: { path: string }) => e.path.startsWith(path)),
        JSON.stringify(res.body.errors),
      ).toBe(true);
    }
    const badPatch = await api.patch(`${ME}/addresses/${first}`, { address: { ...home, country: 'USA' } });
    expect(badPatch.status).toBe(400);
    const undefault = await api.patch(`${ME}/addresses/${second}`, { default_shipping: false });
    expect(undefault.status).toBe(400);
    expect(await addressesOf(sam.id)).toEqual(before);
  });

  it("another shopper's address id is 404 for read, change and removal, and nothing changes", async () => {
    const before = await addressesOf(sam.id);
    const api = as(kim);
    expect((await api.get(`${ME}/addresses/${first}`)).status).toBe(404);
    expect((await api.patch(`${ME}/addresses/${first}`, { label: 'Mine now' })).status).toBe(404);
    expect((await api.patch(`${ME}/addresses/${first}`, { default_billing: true })).status).toBe(404);
    expect((await api.del(`${ME}/addresses/${first}`)).status).toBe(404);
    expect((await api.get(`${ME}/addresses`)).body.data).toEqual([]);
    expect(await addressesOf(sam.id)).toEqual(before);
    // Another store's shopper cannot reach it either (their token belongs to their store).
    expect((await as(lee).get(`${ME}/addresses/${first}`)).status).toBe(404);
  });

  it('changes an address and its defaults; the old default stops being one', async () => {
    const api = as(sam);
    const res = await api.patch(`${ME}/addresses/${first}`, {
      label: 'Home (new)',
      address: { ...home, line2: 'Apt 4' },
      default_shipping: true,
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      label: 'Home (new)',
      is_default_shipping: true,
      is_default_billing: true,
    });
    expect(res.body.address.line2).toBe('Apt 4');
    const rows = await addressesOf(sam.id);
    expect(rows.filter((r) => r.is_default_shipping).map((r) => r.id)).toEqual([first]);
    const updated = await eventsOf(server.platform.db, storeId, 'customer.address_updated');
    expect(updated.at(-1)).toMatchObject({
      addressId: first,
      fields: ['label', 'address', 'default_shipping'],
      defaultShipping: true,
    });
    // Nothing to change: no event.
    await api.patch(`${ME}/addresses/${first}`, { label: 'Home (new)' });
    expect((await eventsOf(server.platform.db, storeId, 'customer.address_updated')).length).toBe(
      updated.length,
    );
  });

  it('removing a default promotes the newest remaining address', async () => {
    const api = as(sam);
    expect((await api.del(`${ME}/addresses/${first}`)).status).toBe(204);
    const rows = await addressesOf(sam.id);
    expect(rows).toMatchObject([{ id: second, is_default_shipping: true, is_default_billing: true }]);
    expect((await eventsOf(server.platform.db, storeId, 'customer.address_removed')).at(-1)).toEqual({
      customerId: sam.id,
      addressId: first,
      newDefaultShippingAddressId: second,
      newDefaultBillingAddressId: second,
    });
    expect((await api.del(`${ME}/addresses/${first}`)).status).toBe(404);
  });

  it('a full address book is 409 LIMIT_REACHED', async () => {
    const api = as(sam);
    for (let i = (await addressesOf(sam.id)).length; i < 4; i++) {
      expect((await api.post(`${ME}/addresses`, { address: home })).status).toBe(201);
    }
    const full = await api.post(`${ME}/addresses`, { address: home });
    expect(full.status).toBe(409);
    expect(full.body.code).toBe('LIMIT_REACHED');
    expect((await addressesOf(sam.id)).length).toBe(4);
  });

  it('Idempotency-Key: a retry replays the first answer; another shopper with the same key is not replayed', async () => {
    const key = { 'idempotency-key': 'add-address-1' };
    const kimApi = as(kim);
    const once = await kimApi.post(`${ME}/addresses`, { address: office }, key);
    const again = await kimApi.post(`${ME}/addresses`, { address: office }, key);
    expect(once.status).toBe(201);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.body.id).toBe(once.body.id);
    expect((await addressesOf(kim.id)).length).toBe(1);

    // Same publishable key, same Idempotency-Key and body, another shopper: their own address.
    const other = await registerShopper(server, pk);
    const theirs = await as(other).post(`${ME}/addresses`, { address: office }, key);
    expect(theirs.status).toBe(201);
    expect(theirs.headers.get('idempotent-replayed')).toBeNull();
    expect(theirs.body.id).not.toBe(once.body.id);
    expect((await addressesOf(other.id)).length).toBe(1);
  });

  it('row-level security: another store sees none of these addresses, even without a store filter', async () => {
    const { db } = server.platform;
    const visible = await withStore(db, otherOwner.storeId!, (tx) =>
      tx.execute<{ n: number }>(sql`SELECT count(*)::int AS n FROM customer_addresses`),
    );
    expect(visible.rows[0]!.n).toBe(0);
    const own = await withStore(db, storeId, (tx) =>
      tx.execute<{ n: number }>(sql`SELECT count(*)::int AS n FROM customer_addresses`),
    );
    expect(own.rows[0]!.n).toBeGreaterThan(0);
    // The service, asked in the wrong store, does not know the shopper.
    await expect(
      listAddresses(db, { storeId: otherOwner.storeId!, customerId: sam.id }),
    ).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
  });
});

describe('wish list', () => {
  let tee: { id: string; variants: { id: string }[] };
  let draft: { id: string; variants: { id: string }[] };
  let foreign: { id: string; variants: { id: string }[] };

  beforeAll(async () => {
    const product = async (session: StaffSession, title: string, sku: string, status: string) => {
      const res = await call(server, 'POST', '/admin/v1/products', {
        headers: session.headers,
        body: {
          title,
          status,
          options: [{ name: 'Size', values: ['S', 'M'] }],
          variants: [
            { sku: `${sku}-S`, option_values: { Size: 'S' } },
            { sku: `${sku}-M`, option_values: { Size: 'M' } },
          ],
        },
      });
      if (res.status !== 201) throw new Error(JSON.stringify(res.body));
      return res.body;
    };
    tee = await product(owner, 'Linen tee', 'TEE', 'active');
    draft = await product(owner, 'Secret tee', 'SECRET', 'draft');
    foreign = await product(otherOwner, 'Foreign tee', 'FOREIGN', 'active');
  });

  it('adds a variant or a product once (idempotent), lists with titles, removes', async () => {
    const api = as(kim);
    const v = await api.post(`${ME}/wishlist`, { variant_id: tee.variants[0]!.id });
    expect(v.status).toBe(201);
    expect(v.body).toMatchObject({
      product_id: tee.id,
      variant_id: tee.variants[0]!.id,
      product: { title: 'Linen tee' },
      variant: { title: 'S', sku: 'TEE-S' },
      available: true,
    });
    const again = await api.post(`${ME}/wishlist`, { variant_id: tee.variants[0]!.id, product_id: tee.id });
    expect(again.status).toBe(200);
    expect(again.body.id).toBe(v.body.id);
    const p = await api.post(`${ME}/wishlist`, { product_id: tee.id });
    expect(p.status).toBe(201);
    expect(p.body).toMatchObject({ variant_id: null, variant: null, product: { title: 'Linen tee' } });
    expect((await api.post(`${ME}/wishlist`, { product_id: tee.id })).status).toBe(200);

    const list = await api.get(`${ME}/wishlist`);
    expect(list.body.data.map((i: { id: string }) => i.id)).toEqual([p.body.id, v.body.id]);
    expect(await eventsOf(server.platform.db, storeId, 'customer.wishlist_item_added')).toEqual([
      { customerId: kim.id, itemId: v.body.id, productId: tee.id, variantId: tee.variants[0]!.id },
      { customerId: kim.id, itemId: p.body.id, productId: tee.id, variantId: null },
    ]);

    expect((await api.del(`${ME}/wishlist/${p.body.id}`)).status).toBe(204);
    expect((await api.del(`${ME}/wishlist/${p.body.id}`)).status).toBe(404);
    expect(await eventsOf(server.platform.db, storeId, 'customer.wishlist_item_removed')).toEqual([
      { customerId: kim.id, itemId: p.body.id, productId: tee.id, variantId: null },
    ]);
  });

  it('unknown, foreign-store, not-for-sale and mismatched items are refused; nothing is written', async () => {
    const api = as(kim);
    const before = await rowsOf(server.platform.db, 'customer_wishlist_items', storeId);
    const cases: [unknown, number, string][] = [
      [{ variant_id: 'var_unknown' }, 404, 'body.variant_id'],
      [{ product_id: 'prod_unknown' }, 404, 'body.product_id'],
      [{ variant_id: foreign.variants[0]!.id }, 404, 'body.variant_id'],
      [{ product_id: foreign.id }, 404, 'body.product_id'],
      [{ product_id: draft.id }, 404, 'body.product_id'],
      [{ variant_id: draft.variants[0]!.id }, 404, 'body.variant_id'],
      [{ variant_id: tee.variants[1]!.id, product_id: draft.id }, 400, 'body.variant_id'],
      [{}, 400, 'body.variant_id'],
      [{ variant_id: '' }, 400, 'body.variant_id'],
    ];
    for (const [body, status, path] of cases) {
      const res = await api.post(`${ME}/wishlist`, body);
      expect(res.status, JSON.stringify(body)).toBe(status);
      expect(res.body.errors?.[0]?.path, JSON.stringify(res.body)).toBe(path);
    }
    expect(await rowsOf(server.platform.db, 'customer_wishlist_items', storeId)).toEqual(before);
    // Someone else's item.
    const mine = await as(sam).post(`${ME}/wishlist`, { variant_id: tee.variants[1]!.id });
    expect((await api.del(`${ME}/wishlist/${mine.body.id}`)).status).toBe(404);
    expect((await as(sam).get(`${ME}/wishlist`)).body.data).toHaveLength(1);
  });

  it('a full wish list is 409 LIMIT_REACHED; an archived product stays, shown unavailable', async () => {
    const api = as(kim);
    expect((await api.post(`${ME}/wishlist`, { variant_id: tee.variants[1]!.id })).status).toBe(201);
    expect((await api.post(`${ME}/wishlist`, { product_id: tee.id })).status).toBe(201);
    const full = await api.post(`${ME}/wishlist`, { product_id: tee.id, variant_id: tee.variants[0]!.id });
    expect(full.status).toBe(200); // already there: no limit applies
    await call(server, 'POST', '/admin/v1/products', { headers: owner.headers, body: { title: 'Fourth' } });
    const fourth = await call(server, 'POST', '/admin/v1/products', {
      headers: owner.headers,
      body: { title: 'Fifth', status: 'active' },
    });
    const refused = await api.post(`${ME}/wishlist`, { product_id: fourth.body.id });
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('LIMIT_REACHED');

    const archived = await call(server, 'PATCH', `/admin/v1/products/${tee.id}`, {
      headers: owner.headers,
      body: { status: 'archived' },
    });
    expect(archived.status).toBe(200);
    const list = await api.get(`${ME}/wishlist`);
    expect(list.body.data).toHaveLength(3);
    expect(list.body.data.every((i: { available: boolean }) => !i.available)).toBe(true);
    expect(list.body.data[0].product.title).toBe('Linen tee');
  });
});

describe('marketing consent', () => {
  it('starts at none; grants and withdraws per channel with source and time; repeats record nothing', async () => {
    const api = as(sam);
    const start = await api.get(`${ME}/consent`);
    expect(start.body.data).toEqual([
      { channel: 'email', status: 'none', source: null, changed_at: null, awaiting_confirmation_since: null },
      { channel: 'sms', status: 'none', source: null, changed_at: null, awaiting_confirmation_since: null },
      { channel: 'push', status: 'none', source: null, changed_at: null, awaiting_confirmation_since: null },
    ]);
    const granted = await api.put(`${ME}/consent/email`, { status: 'granted' });
    expect(granted.status).toBe(200);
    expect(granted.body).toMatchObject({ channel: 'email', status: 'granted', source: 'account' });
    expect(Date.parse(granted.body.changed_at)).toBeGreaterThan(Date.now() - 60_000);
    const repeat = await api.put(`${ME}/consent/email`, { status: 'granted' });
    expect(repeat.body).toEqual(granted.body);
    await api.put(`${ME}/consent/sms`, { status: 'granted' });
    const withdrawn = await api.put(`${ME}/consent/email`, { status: 'withdrawn' });
    expect(withdrawn.body).toMatchObject({ status: 'withdrawn', source: 'account' });

    const now = await api.get(`${ME}/consent`);
    expect(now.body.data.map((c: { status: string }) => c.status)).toEqual(['withdrawn', 'granted', 'none']);
    const history = await api.get(`${ME}/consent/history`);
    expect(
      history.body.data.map((h: { channel: string; status: string }) => `${h.channel}:${h.status}`),
    ).toEqual(['email:withdrawn', 'sms:granted', 'email:granted']);
    expect(history.body.data[0]).toMatchObject({ source: 'account', actor_type: 'customer' });
    const page1 = await api.get(`${ME}/consent/history?limit=2`);
    const page2 = await api.get(`${ME}/consent/history?limit=2&cursor=${page1.body.next_cursor}`);
    expect(page2.body).toMatchObject({ data: [{ channel: 'email', status: 'granted' }], next_cursor: null });
    const onlySms = await api.get(`${ME}/consent/history?channel=sms`);
    expect(onlySms.body.data).toHaveLength(1);

    const events = await eventsOf(server.platform.db, storeId, 'customer.consent_changed');
    expect(events.map((e) => [e.channel, e.status, e.previousStatus, e.source])).toEqual([
      ['email', 'granted', null, 'account'],
      ['sms', 'granted', null, 'account'],
      ['email', 'withdrawn', 'granted', 'account'],
    ]);
    expect(events[0]).not.toHaveProperty('email');
  });

  it('refuses an unknown channel or status with 400', async () => {
    const api = as(sam);
    expect((await api.put(`${ME}/consent/fax`, { status: 'granted' })).status).toBe(400);
    expect((await api.put(`${ME}/consent/email`, { status: 'maybe' })).status).toBe(400);
    expect((await api.get(`${ME}/consent/history?cursor=!!`)).status).toBe(400);
  });

  it('the history is append-only in the database itself', async () => {
    const { db } = server.platform;
    await expect(db.execute(sql`UPDATE marketing_consent_history SET status = 'granted'`)).rejects.toThrow();
    await expect(db.execute(sql`DELETE FROM marketing_consent_history`)).rejects.toThrow();
  });
});

describe('export of my data', () => {
  it('downloads everything held about me as a JSON attachment, and is audited', async () => {
    const res = await as(sam).get(`${ME}/export`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toBe(`attachment; filename="customer-${sam.id}.json"`);
    expect(res.body).toMatchObject({
      format: 'carton.customer-export.v1',
      store_id: storeId,
      customer_id: sam.id,
    });
    const { identity, customers } = res.body.data;
    expect(identity.account).toMatchObject({
      id: sam.id,
      email: sam.email,
      first_name: 'Sam',
      registered: true,
    });
    expect(identity.account).not.toHaveProperty('password_hash');
    expect(JSON.stringify(res.body)).not.toMatch(/argon2/);
    expect(identity.sessions.length).toBeGreaterThan(0);
    expect(customers.profile.phone).toBe('+84 912 345 678');
    expect(customers.addresses).toHaveLength(4);
    expect(customers.wishlist).toHaveLength(1);
    expect(customers.marketing_consent.current[0]).toMatchObject({ channel: 'email', status: 'withdrawn' });
    expect(customers.marketing_consent.history).toHaveLength(3);

    const audit = await server.platform.db.execute<{ actor_type: string; actor_id: string }>(
      sql`SELECT actor_type, actor_id FROM audit_log WHERE store_id = ${storeId} AND action = 'customer.exported'`,
    );
    expect(audit.rows).toEqual([{ actor_type: 'customer', actor_id: sam.id }]);
  });
});
