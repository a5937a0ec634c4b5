import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer } from '../../../test/harness.ts';
import { call, createTestApiKey, createTestStore } from '../../../test/identity.ts';
import { waitForMail } from '../../../test/mail.ts';
import { withStore } from '../../platform/db/database.ts';
import { customers } from './schema.ts';

let server: Awaited<ReturnType<typeof startTestServer>>;
let storeA: string;
let storeB: string;
let pkA: Record<string, string>;
let pkB: Record<string, string>;

beforeAll(async () => {
  server = await startTestServer();
  storeA = (await createTestStore(server, { name: 'Shop A' })).id;
  storeB = (await createTestStore(server, { name: 'Shop B' })).id;
  pkA = (await createTestApiKey(server, { storeId: storeA, kind: 'publishable' })).headers;
  pkB = (await createTestApiKey(server, { storeId: storeB, kind: 'publishable' })).headers;
});
afterAll(async () => {
  await server?.close();
});

const email = () => `shopper-${Math.random().toString(36).slice(2)}@example.com`;

async function register(pk: Record<string, string>, address = email(), password = 'shopper password') {
  return call(server, 'POST', '/store/v1/customers/register', {
    headers: pk,
    body: { email: address, password, first_name: 'Sam' },
  });
}

describe('shopper accounts', () => {
  it('registers, signs in, reads and edits the profile, refreshes and signs out', async () => {
    const address = email();
    const reg = await register(pkA, address);
    expect(reg.status).toBe(201);
    expect(reg.body.customer).toMatchObject({ email: address, first_name: 'Sam' });
    const dup = await register(pkA, address.toUpperCase());
    expect(dup.status).toBe(409);

    const login = await call(server, 'POST', '/store/v1/customers/login', {
      headers: pkA,
      body: { email: address, password: 'shopper password' },
    });
    expect(login.status).toBe(200);
    const auth = { ...pkA, authorization: `Bearer ${login.body.access_token}` };
    const me = await call(server, 'GET', '/store/v1/customers/me', { headers: auth });
    expect(me.status).toBe(200);
    expect(me.body.id).toBe(reg.body.customer.id);
    const renamed = await call(server, 'PATCH', '/store/v1/customers/me', {
      headers: auth,
      body: { last_name: 'Lee' },
    });
    expect(renamed.body).toMatchObject({ first_name: 'Sam', last_name: 'Lee' });

    const refreshed = await call(server, 'POST', '/store/v1/customers/refresh', {
      headers: pkA,
      body: { refresh_token: login.body.refresh_token },
    });
    expect(refreshed.status).toBe(200);
    const reuse = await call(server, 'POST', '/store/v1/customers/refresh', {
      headers: pkA,
      body: { refresh_token: login.body.refresh_token },
    });
    expect(reuse.body.code).toBe('TOKEN_REVOKED');
    expect((await call(server, 'GET', '/store/v1/customers/me', { headers: auth })).body.code).toBe(
      'TOKEN_REVOKED',
    );

    const second = await call(server, 'POST', '/store/v1/customers/login', {
      headers: pkA,
      body: { email: address, password: 'shopper password' },
    });
    const auth2 = { ...pkA, authorization: `Bearer ${second.body.access_token}` };
    expect((await call(server, 'POST', '/store/v1/customers/logout', { headers: auth2 })).status).toBe(204);
    expect((await call(server, 'GET', '/store/v1/customers/me', { headers: auth2 })).body.code).toBe(
      'TOKEN_REVOKED',
    );
  });

  it("needs the store's publishable key", async () => {
    const none = await call(server, 'POST', '/store/v1/customers/register', {
      body: { email: email(), password: 'shopper password' },
    });
    expect(none.status).toBe(401);
    const bad = await call(server, 'POST', '/store/v1/customers/register', {
      headers: { 'x-publishable-key': 'pk_forged' },
      body: { email: email(), password: 'shopper password' },
    });
    expect(bad.status).toBe(401);
    expect(bad.body.code).toBe('API_KEY_INVALID');
    const reg = await register(pkA);
    const tokenOnly = await call(server, 'GET', '/store/v1/customers/me', {
      headers: { authorization: `Bearer ${reg.body.access_token}` },
    });
    expect(tokenOnly.status).toBe(401);
  });

  it('keeps stores apart: accounts are per store, and a token only works with its own store', async () => {
    const address = email();
    const inA = await register(pkA, address);
    const inB = await register(pkB, address, 'another password');
    expect(inB.status).toBe(201);
    expect(inB.body.customer.id).not.toBe(inA.body.customer.id);

    const crossLogin = await call(server, 'POST', '/store/v1/customers/login', {
      headers: pkB,
      body: { email: address, password: 'shopper password' },
    });
    expect(crossLogin.status).toBe(401);
    const crossToken = await call(server, 'GET', '/store/v1/customers/me', {
      headers: { ...pkB, authorization: `Bearer ${inA.body.access_token}` },
    });
    expect(crossToken.status).toBe(401);
    expect(crossToken.body.code).toBe('TOKEN_INVALID');
    const crossRefresh = await call(server, 'POST', '/store/v1/customers/refresh', {
      headers: pkB,
      body: { refresh_token: inA.body.refresh_token },
    });
    expect(crossRefresh.status).toBe(401);

    // Row-level security: store A's scope sees none of store B's shoppers.
    const seen = await withStore(server.platform.db, storeA, (tx) =>
      tx.select({ storeId: customers.storeId }).from(customers),
    );
    expect(seen.every((c) => c.storeId === storeA)).toBe(true);
    expect(seen.length).toBeGreaterThan(0);

    // A shopper token never reaches the admin API.
    const admin = await call(server, 'GET', '/admin/v1/store', {
      headers: { authorization: `Bearer ${inA.body.access_token}` },
    });
    expect(admin.status).toBe(401);
    expect(admin.body.code).toBe('TOKEN_INVALID');
  });

  it('claims a guest record (no password) on registration', async () => {
    const address = email();
    await withStore(server.platform.db, storeA, (tx) =>
      tx
        .insert(customers)
        .values({ id: `cus_guest${Date.now()}`, storeId: storeA, email: address, firstName: 'Guest' }),
    );
    const reg = await register(pkA, address);
    expect(reg.status).toBe(201);
    expect(reg.body.customer.first_name).toBe('Sam');
    const count = await server.platform.db.execute(
      sql`SELECT count(*)::int AS n FROM customers WHERE store_id = ${storeA} AND lower(email) = ${address}`,
    );
    expect(count.rows[0]).toEqual({ n: 1 });
  });

  it('resets a password through the e-mailed link, for that store only', async () => {
    const address = email();
    const reg = await register(pkA, address);
    expect(
      (
        await call(server, 'POST', '/store/v1/customers/password/forgot', {
          headers: pkA,
          body: { email: address },
        })
      ).status,
    ).toBe(202);
    const mail = await waitForMail(server, { to: address, subject: /reset/i });
    expect(mail.subject).toContain('Shop A');
    const token = /Reset code: (\S+)/.exec(mail.text)![1]!;

    const wrongStore = await call(server, 'POST', '/store/v1/customers/password/reset', {
      headers: pkB,
      body: { token, password: 'new shopper password' },
    });
    expect(wrongStore.status).toBe(401);
    const staffRoute = await call(server, 'POST', '/admin/v1/auth/password/reset', {
      body: { token, password: 'new shopper password' },
    });
    expect(staffRoute.status).toBe(401);

    const reset = await call(server, 'POST', '/store/v1/customers/password/reset', {
      headers: pkA,
      body: { token, password: 'new shopper password' },
    });
    expect(reset.status).toBe(200);
    const old = await call(server, 'GET', '/store/v1/customers/me', {
      headers: { ...pkA, authorization: `Bearer ${reg.body.access_token}` },
    });
    expect(old.body.code).toBe('TOKEN_REVOKED');
    const login = await call(server, 'POST', '/store/v1/customers/login', {
      headers: pkA,
      body: { email: address, password: 'new shopper password' },
    });
    expect(login.status).toBe(200);
  });

  it('rejects bad input without writing', async () => {
    const before = await server.platform.db.execute(sql`SELECT count(*)::int AS n FROM customers`);
    for (const body of [
      { email: 'nope', password: 'shopper password' },
      { email: email(), password: 'short' },
      { email: email() },
    ]) {
      const res = await call(server, 'POST', '/store/v1/customers/register', { headers: pkA, body });
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('VALIDATION_FAILED');
    }
    const malformed = await call(server, 'POST', '/store/v1/customers/register', { headers: pkA, raw: '{]' });
    expect(malformed.body.code).toBe('MALFORMED_JSON');
    const after = await server.platform.db.execute(sql`SELECT count(*)::int AS n FROM customers`);
    expect(after.rows[0]).toEqual(before.rows[0]);
  });
});
