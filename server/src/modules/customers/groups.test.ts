import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer } from '../../../test/harness.ts';
import { call, createStaffSession, createTestApiKey, type StaffSession } from '../../../test/identity.ts';
import { insertSellableProduct, type SellableProduct } from '../cart/testing.ts';
import { eventsOf, registerShopper, rowsOf, uniqueEmail, type TestShopper } from './testing.ts';

/** Customer groups: the admin API, who is in each, and the prices their members' carts take. */

let server: Awaited<ReturnType<typeof startTestServer>>;
let owner: StaffSession;
let reader: StaffSession;
let foreigner: StaffSession; // another store's owner
let storeId: string;
let pk: Record<string, string>;
let alice: TestShopper;
let bob: TestShopper;
let stranger: TestShopper; // another store's shopper

beforeAll(async () => {
  server = await startTestServer();
  owner = await createStaffSession(server, { role: 'owner' });
  storeId = owner.storeId!;
  reader = await createStaffSession(server, { role: 'read_only', storeId });
  pk = (await createTestApiKey(server, { storeId, kind: 'publishable' })).headers;
  alice = await registerShopper(server, pk, { firstName: 'Alice', email: uniqueEmail('alice') });
  bob = await registerShopper(server, pk, { firstName: 'Bob', email: uniqueEmail('bob') });
  foreigner = await createStaffSession(server, { role: 'owner' });
  const otherPk = (await createTestApiKey(server, { storeId: foreigner.storeId!, kind: 'publishable' }))
    .headers;
  stranger = await registerShopper(server, otherPk, { email: uniqueEmail('stranger') });
});
afterAll(async () => {
  await server?.close();
});

const api = (method: string, path: string, body?: unknown, session: StaffSession = owner) =>
  call(server, method, path, { headers: session.headers, body });
const db = () => server.platform.db;
const memberCount = async () =>
  (
    await db().execute<{ n: number }>(
      sql`SELECT count(*)::int AS n FROM customer_group_members WHERE store_id = ${storeId}`,
    )
  ).rows[0]!.n;

describe('customer groups', () => {
  let wholesale: string;

  it('creates, renames, lists and reads groups; names are unique whatever their case', async () => {
    const created = await api('POST', '/admin/v1/customer-groups', {
      name: 'Wholesale',
      description: 'Trade buyers',
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name: 'Wholesale', description: 'Trade buyers', member_count: 0 });
    wholesale = created.body.id;
    expect(wholesale).toMatch(/^cgrp_/);
    expect((await api('POST', '/admin/v1/customer-groups', { name: 'VIP' })).status).toBe(201);

    const taken = await api('POST', '/admin/v1/customer-groups', { name: '  wholesale ' });
    expect(taken.status).toBe(409);
    expect(taken.headers.get('content-type')).toContain('application/problem+json');
    expect(taken.body.errors).toEqual([{ path: 'body.name', message: 'already taken' }]);

    const renamed = await api('PATCH', `/admin/v1/customer-groups/${wholesale}`, { name: 'Trade' });
    expect(renamed.body).toMatchObject({ id: wholesale, name: 'Trade', description: 'Trade buyers' });
    const cleared = await api('PATCH', `/admin/v1/customer-groups/${wholesale}`, { description: null });
    expect(cleared.body).toMatchObject({ name: 'Trade', description: null });
    expect((await api('PATCH', `/admin/v1/customer-groups/${wholesale}`, { name: 'vip' })).status).toBe(409);

    const list = await api('GET', '/admin/v1/customer-groups');
    expect(list.body.data.map((g: { name: string }) => g.name)).toEqual(['Trade', 'VIP']);
    expect((await api('GET', `/admin/v1/customer-groups/${wholesale}`, undefined, reader)).body.name).toBe(
      'Trade',
    );
  });

  it('refuses bad input, read-only staff and other stores, changing nothing', async () => {
    const before = await rowsOf(db(), 'customer_groups', storeId);
    for (const body of [{}, { name: '' }, { name: 'x'.repeat(101) }, { name: 'Ok', colour: 'red' }]) {
      const res = await api('POST', '/admin/v1/customer-groups', body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
    }
    expect((await api('PATCH', `/admin/v1/customer-groups/${wholesale}`, {})).status).toBe(400);
    expect((await api('POST', '/admin/v1/customer-groups', { name: 'Staff' }, reader)).status).toBe(403);
    expect((await api('DELETE', `/admin/v1/customer-groups/${wholesale}`, undefined, reader)).status).toBe(
      403,
    );
    // Another store's staff do not see this store's group at all.
    for (const [method, path, body] of [
      ['GET', `/admin/v1/customer-groups/${wholesale}`],
      ['PATCH', `/admin/v1/customer-groups/${wholesale}`, { name: 'Mine' }],
      ['DELETE', `/admin/v1/customer-groups/${wholesale}`],
      ['GET', `/admin/v1/customer-groups/${wholesale}/customers`],
      ['POST', `/admin/v1/customer-groups/${wholesale}/customers`, { customer_ids: [stranger.id] }],
    ] as const) {
      expect((await api(method, path, body, foreigner)).status, `${method} ${path}`).toBe(404);
    }
    expect((await api('GET', '/admin/v1/customer-groups', undefined, foreigner)).body.data).toEqual([]);
    expect(await rowsOf(db(), 'customer_groups', storeId)).toEqual(before);
  });

  it('puts customers in a group all or nothing, lists them and takes them out', async () => {
    const path = `/admin/v1/customer-groups/${wholesale}/customers`;
    // Another store's shopper and an unknown id refuse the whole request.
    const refused = await api('POST', path, { customer_ids: [alice.id, stranger.id, 'cus_nope'] });
    expect(refused.status).toBe(400);
    expect(refused.body.errors.map((e: { path: string }) => e.path)).toEqual([
      'body.customer_ids[1]',
      'body.customer_ids[2]',
    ]);
    expect(await memberCount()).toBe(0);
    expect((await api('POST', path, { customer_ids: [] })).status).toBe(400);

    const added = await api('POST', path, { customer_ids: [alice.id, bob.id, alice.id] });
    expect(added.body).toEqual({ added: 2, member_count: 2 });
    expect((await api('POST', path, { customer_ids: [bob.id] })).body).toEqual({ added: 0, member_count: 2 });

    const page1 = await api('GET', `${path}?limit=1`);
    expect(page1.body.data.map((c: { id: string }) => c.id)).toEqual([bob.id]);
    const page2 = await api('GET', `${path}?limit=1&cursor=${page1.body.next_cursor}`);
    expect(page2.body.data.map((c: { id: string }) => c.id)).toEqual([alice.id]);
    expect(page2.body.next_cursor).toBeNull();

    const detail = await api('GET', `/admin/v1/customers/${alice.id}`);
    expect(detail.body.groups).toEqual([{ id: wholesale, name: 'Trade' }]);

    expect((await api('DELETE', `${path}/${bob.id}`)).status).toBe(204);
    expect((await api('DELETE', `${path}/${bob.id}`)).status).toBe(404);
    expect((await api('GET', `/admin/v1/customer-groups/${wholesale}`)).body.member_count).toBe(1);

    expect(await eventsOf(db(), storeId, 'customer_group.members_added')).toEqual([
      { groupId: wholesale, customerIds: expect.arrayContaining([alice.id, bob.id]) },
    ]);
    expect(await eventsOf(db(), storeId, 'customer_group.member_removed')).toEqual([
      { groupId: wholesale, customerId: bob.id },
    ]);
    const audit = await rowsOf<{ action: string; entity_id: string }>(
      db(),
      'audit_log',
      storeId,
      sql`entity_type = 'customer_group'`,
    );
    expect(audit.map((a) => a.action).sort()).toEqual([
      'customer_group.add_members',
      'customer_group.create',
      'customer_group.create',
      'customer_group.remove_member',
      'customer_group.update',
      'customer_group.update',
    ]);
  });

  it("prices a member's cart with the group's price list, and not anyone else's", async () => {
    const tee: SellableProduct = await insertSellableProduct(db(), storeId, { price: 2000, stock: 100 });
    const list = await api('POST', '/admin/v1/price-lists', {
      name: 'Trade prices',
      priority: 10,
      customer_group_ids: [wholesale],
    });
    expect(list.status).toBe(201);
    await api('POST', `/admin/v1/price-lists/${list.body.id}/entries`, {
      entries: [{ variant_id: tee.variantIds[0], currency: 'USD', amount: 1500 }],
    });

    const cartOf = async (headers: Record<string, string>) => {
      const cart = await call(server, 'POST', '/store/v1/carts', { headers, body: {} });
      expect(cart.status).toBe(201);
      const added = await call(server, 'POST', `/store/v1/carts/${cart.body.id}/lines`, {
        headers,
        body: { variant_id: tee.variantIds[0], quantity: 2 },
      });
      expect(added.status).toBe(200);
      return added.body;
    };
    const member = await cartOf(alice.headers);
    expect(member.lines[0]).toMatchObject({ unit_price: 1500, subtotal: 3000 });
    expect((await cartOf(bob.headers)).lines[0].unit_price).toBe(2000); // taken out of the group
    expect((await cartOf(pk)).lines[0].unit_price).toBe(2000); // a guest

    // Out of the group: the cart's next change re-prices it, and says so.
    await api('DELETE', `/admin/v1/customer-groups/${wholesale}/customers/${alice.id}`);
    const changed = await call(server, 'PATCH', `/store/v1/carts/${member.id}/lines/${member.lines[0].id}`, {
      headers: alice.headers,
      body: { quantity: 3 },
    });
    expect(changed.status, JSON.stringify(changed.body)).toBe(200);
    expect(changed.body.lines[0]).toMatchObject({ unit_price: 2000, quantity: 3 });
    expect(changed.body.notices).toContainEqual(
      expect.objectContaining({ code: 'price_changed', previous_unit_price: 1500, unit_price: 2000 }),
    );
  });

  it("shows a signed-in member their group's price beside the public one, as their cart takes it", async () => {
    const staff = (await api('POST', '/admin/v1/customer-groups', { name: 'Staff' })).body.id;
    await api('POST', `/admin/v1/customer-groups/${staff}/customers`, { customer_ids: [alice.id] });
    const hoodie = await insertSellableProduct(db(), storeId, { variants: 2, price: 2000, stock: 100 });
    const list = await api('POST', '/admin/v1/price-lists', {
      name: 'Staff prices',
      priority: 10,
      customer_group_ids: [staff],
    });
    await api('POST', `/admin/v1/price-lists/${list.body.id}/entries`, {
      entries: [{ variant_id: hoodie.variantIds[0], currency: 'USD', amount: 1200 }],
    });
    const foreign = await insertSellableProduct(db(), foreigner.storeId!, { price: 900, stock: 1 });
    const ids = [...hoodie.variantIds, foreign.variantIds[0], 'var_unknown'].join(',');
    const pricesOf = (headers: Record<string, string>, query = `variant_ids=${ids}`) =>
      call(server, 'GET', `/store/v1/customers/me/prices?${query}`, { headers });

    const mine = await pricesOf(alice.headers);
    expect(mine.status, JSON.stringify(mine.body)).toBe(200);
    expect(mine.body.data).toEqual([
      {
        variant_id: hoodie.variantIds[0],
        currency: 'USD',
        amount: 1200,
        compare_at_amount: 2000, // the public price, shown as the "was" price
        public_amount: 2000,
        group_price: true,
      },
      {
        variant_id: hoodie.variantIds[1],
        currency: 'USD',
        amount: 2000,
        compare_at_amount: null,
        public_amount: 2000,
        group_price: false,
      },
      // Another store's variant and an unknown one are not for this shopper to price.
      {
        variant_id: foreign.variantIds[0],
        currency: 'USD',
        amount: null,
        compare_at_amount: null,
        public_amount: null,
        group_price: false,
      },
      {
        variant_id: 'var_unknown',
        currency: 'USD',
        amount: null,
        compare_at_amount: null,
        public_amount: null,
        group_price: false,
      },
    ]);
    const theirs = await pricesOf(bob.headers, `variant_ids=${hoodie.variantIds[0]}`);
    expect(theirs.body.data[0]).toMatchObject({ amount: 2000, public_amount: 2000, group_price: false });

    // What the page shows is what the cart takes.
    const cart = await call(server, 'POST', '/store/v1/carts', { headers: alice.headers, body: {} });
    const added = await call(server, 'POST', `/store/v1/carts/${cart.body.id}/lines`, {
      headers: alice.headers,
      body: { variant_id: hoodie.variantIds[0], quantity: 1 },
    });
    expect(added.body.lines, JSON.stringify(added.body)).toContainEqual(
      expect.objectContaining({ variant_id: hoodie.variantIds[0], unit_price: 1200 }),
    );

    // A guest has no prices of their own; bad questions are refused.
    expect((await pricesOf(pk)).status).toBe(403);
    for (const query of [
      '',
      'variant_ids=',
      `variant_ids=${Array.from({ length: 101 }, (_, i) => `var_${i}`).join(',')}`,
      `variant_ids=${hoodie.variantIds[0]}&currency=usd`,
    ]) {
      const refused = await pricesOf(alice.headers, query);
      expect(refused.status, query).toBe(400);
      expect(refused.headers.get('content-type')).toMatch(/problem\+json/);
    }

    // Listings show a product's range: the member's range beside the public one.
    const rangesOf = (headers: Record<string, string>, query: string) =>
      call(server, 'GET', `/store/v1/customers/me/product-prices?${query}`, { headers });
    const ranges = await rangesOf(
      alice.headers,
      `product_ids=${hoodie.productId},${foreign.productId},prod_unknown&currency=USD`,
    );
    expect(ranges.status, JSON.stringify(ranges.body)).toBe(200);
    expect(ranges.body.data).toEqual([
      {
        product_id: hoodie.productId,
        currency: 'USD',
        min: 1200,
        max: 2000,
        public_min: 2000,
        public_max: 2000,
        group_price: true,
      },
      ...[foreign.productId, 'prod_unknown'].map((product_id) => ({
        product_id,
        currency: 'USD',
        min: null,
        max: null,
        public_min: null,
        public_max: null,
        group_price: false,
      })),
    ]);
    expect((await rangesOf(bob.headers, `product_ids=${hoodie.productId}`)).body.data[0]).toMatchObject({
      min: 2000,
      public_min: 2000,
      group_price: false,
    });
    expect((await rangesOf(pk, `product_ids=${hoodie.productId}`)).status).toBe(403);
    for (const query of [
      '',
      'product_ids=',
      `product_ids=${Array.from({ length: 101 }, (_, i) => `prod_${i}`).join(',')}`,
      `product_ids=${hoodie.productId}&currency=US`,
    ]) {
      const refused = await rangesOf(alice.headers, query);
      expect(refused.status, query).toBe(400);
      expect(refused.headers.get('content-type')).toMatch(/problem\+json/);
    }
    await api('DELETE', `/admin/v1/customer-groups/${staff}/customers/${alice.id}`);
  });

  it("deletes a group with its members; a customer's export lists their groups and erasure clears them", async () => {
    const vip = (await api('GET', '/admin/v1/customer-groups')).body.data.find(
      (g: { name: string }) => g.name === 'VIP',
    );
    await api('POST', `/admin/v1/customer-groups/${vip.id}/customers`, { customer_ids: [alice.id, bob.id] });
    await api('POST', `/admin/v1/customer-groups/${wholesale}/customers`, { customer_ids: [bob.id] });

    const exported = await api('GET', `/admin/v1/customers/${bob.id}/export`);
    expect(exported.body.data.customers.groups.map((g: { name: string }) => g.name)).toEqual([
      'Trade',
      'VIP',
    ]);

    expect((await api('DELETE', `/admin/v1/customer-groups/${vip.id}`)).status).toBe(204);
    expect((await api('GET', `/admin/v1/customer-groups/${vip.id}`)).status).toBe(404);
    expect(await eventsOf(db(), storeId, 'customer_group.deleted')).toEqual([
      { groupId: vip.id, name: 'VIP', memberCount: 2 },
    ]);
    expect(await memberCount()).toBe(1); // bob, in Trade

    const erased = await api('POST', `/admin/v1/customers/${bob.id}/erase`, { confirm_email: bob.email });
    expect(erased.status).toBe(200);
    expect(await memberCount()).toBe(0);
    expect((await api('GET', `/admin/v1/customers/${bob.id}`)).body.groups).toEqual([]);
  });
});
