import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer } from '../../../test/harness.ts';
import { call, createStaffSession, type StaffSession } from '../../../test/identity.ts';
import { waitForMail } from '../../../test/mail.ts';

let server: Awaited<ReturnType<typeof startTestServer>>;
let operator: StaffSession;

beforeAll(async () => {
  server = await startTestServer();
  operator = await createStaffSession(server, { operatorRole: 'admin' });
});
afterAll(async () => {
  await server?.close();
});

const count = async (table: 'organizations' | 'stores') =>
  (
    (await server.platform.db.execute(sql.raw(`SELECT count(*)::int AS n FROM ${table}`))).rows[0] as {
      n: number;
    }
  ).n;

describe('platform: organizations and stores', () => {
  it('creates, lists and reads organizations and stores', async () => {
    const org = await call(server, 'POST', '/platform/v1/organizations', {
      headers: operator.headers,
      body: { name: 'Acme Goods' },
    });
    expect(org.status).toBe(201);
    expect(org.body).toMatchObject({ name: 'Acme Goods' });

    const store = await call(server, 'POST', '/platform/v1/stores', {
      headers: operator.headers,
      body: {
        organization_id: org.body.id,
        name: 'Acme EU',
        handle: 'acme-eu',
        currency: 'EUR',
        timezone: 'Europe/Berlin',
      },
    });
    expect(store.status).toBe(201);
    expect(store.body).toMatchObject({
      handle: 'acme-eu',
      currency: 'EUR',
      timezone: 'Europe/Berlin',
      locale: 'en',
    });

    const orgs = await call(server, 'GET', '/platform/v1/organizations?limit=200', {
      headers: operator.headers,
    });
    expect(orgs.body.data.map((o: { id: string }) => o.id)).toContain(org.body.id);
    const one = await call(server, 'GET', `/platform/v1/organizations/${org.body.id}`, {
      headers: operator.headers,
    });
    expect(one.body.stores.map((s: { id: string }) => s.id)).toEqual([store.body.id]);
    const stores = await call(server, 'GET', `/platform/v1/stores?organization_id=${org.body.id}`, {
      headers: operator.headers,
    });
    expect(stores.body.data).toHaveLength(1);
    expect(
      (await call(server, 'GET', `/platform/v1/stores/${store.body.id}`, { headers: operator.headers })).body
        .id,
    ).toBe(store.body.id);

    const audit = await call(server, 'GET', `/platform/v1/audit-log?entity_id=${org.body.id}`, {
      headers: operator.headers,
    });
    expect(audit.body.data[0]).toMatchObject({ action: 'organization.created', store_id: null });
  });

  it('paginates with a cursor', async () => {
    for (let i = 0; i < 3; i++) {
      await call(server, 'POST', '/platform/v1/organizations', {
        headers: operator.headers,
        body: { name: `Org ${i}` },
      });
    }
    const first = await call(server, 'GET', '/platform/v1/organizations?limit=2', {
      headers: operator.headers,
    });
    expect(first.body.data).toHaveLength(2);
    expect(first.body.next_cursor).toBeTruthy();
    const second = await call(
      server,
      'GET',
      `/platform/v1/organizations?limit=2&cursor=${first.body.next_cursor}`,
      {
        headers: operator.headers,
      },
    );
    expect(second.body.data[0].id > first.body.data[1].id).toBe(true);
    const badCursor = await call(server, 'GET', '/platform/v1/organizations?cursor=%%%', {
      headers: operator.headers,
    });
    expect(badCursor.status).toBe(400);
  });

  it('rejects bad input and unknown references, writing nothing', async () => {
    const orgs = await count('organizations');
    const stores = await count('stores');
    const org = (
      await call(server, 'POST', '/platform/v1/organizations', {
        headers: operator.headers,
        body: { name: 'Valid' },
      })
    ).body;
    const before = { orgs: orgs + 1, stores };
    const cases: [unknown, number][] = [
      [{ organization_id: org.id, name: 'X', handle: 'Bad Handle', currency: 'USD' }, 400],
      [{ organization_id: org.id, name: 'X', handle: 'ok-handle', currency: 'XXQ' }, 400],
      [
        {
          organization_id: org.id,
          name: 'X',
          handle: 'ok-handle',
          currency: 'USD',
          timezone: 'Mars/Olympus',
        },
        400,
      ],
      [{ organization_id: 'org_unknown', name: 'X', handle: 'ok-handle', currency: 'USD' }, 404],
      [{ organization_id: org.id, name: 42, handle: 'ok-handle', currency: 'USD' }, 400],
    ];
    for (const [body, status] of cases) {
      const res = await call(server, 'POST', '/platform/v1/stores', { headers: operator.headers, body });
      expect(res.status, JSON.stringify(body)).toBe(status);
      expect(res.headers.get('content-type')).toMatch(/problem\+json/);
    }
    const first = await call(server, 'POST', '/platform/v1/stores', {
      headers: operator.headers,
      body: { organization_id: org.id, name: 'X', handle: 'taken', currency: 'USD' },
    });
    expect(first.status).toBe(201);
    const dup = await call(server, 'POST', '/platform/v1/stores', {
      headers: operator.headers,
      body: { organization_id: org.id, name: 'Y', handle: 'taken', currency: 'USD' },
    });
    expect(dup.status).toBe(409);
    expect(
      (await call(server, 'POST', '/platform/v1/organizations', { headers: operator.headers, raw: '{' }))
        .status,
    ).toBe(400);
    expect(
      (
        await call(server, 'POST', '/platform/v1/organizations', {
          headers: operator.headers,
          body: { name: '' },
        })
      ).status,
    ).toBe(400);
    expect(await count('organizations')).toBe(before.orgs);
    expect(await count('stores')).toBe(before.stores + 1);

    const unknown = await call(server, 'GET', '/platform/v1/stores/store_nope', {
      headers: operator.headers,
    });
    expect(unknown.status).toBe(404);
    expect(unknown.body.code).toBe('STORE_NOT_FOUND');
  });

  it('gives a store its owner by invitation', async () => {
    const org = (
      await call(server, 'POST', '/platform/v1/organizations', {
        headers: operator.headers,
        body: { name: 'New' },
      })
    ).body;
    const store = (
      await call(server, 'POST', '/platform/v1/stores', {
        headers: operator.headers,
        body: {
          organization_id: org.id,
          name: 'New Shop',
          handle: 'new-shop',
          currency: 'VND',
          locale: 'vi',
        },
      })
    ).body;
    const email = 'merchant@example.com';
    const added = await call(server, 'POST', `/platform/v1/stores/${store.id}/owners`, {
      headers: operator.headers,
      body: { email },
    });
    expect(added.status).toBe(201);
    expect(added.body).toMatchObject({ email, role: 'owner', invited: true });
    const mail = await waitForMail(server, { to: email });
    const token = /Invitation code: (\S+)/.exec(mail.text)![1]!;
    const accepted = await call(server, 'POST', '/admin/v1/auth/invitations/accept', {
      body: { token, password: 'merchant password' },
    });
    expect(accepted.body).toMatchObject({
      store_id: store.id,
      store_role: 'owner',
      mfa_enrolment_required: true,
    });
    const unknown = await call(server, 'POST', '/platform/v1/stores/store_nope/owners', {
      headers: operator.headers,
      body: { email: 'x@example.com' },
    });
    expect(unknown.status).toBe(404);
  });

  it('checks operator permissions; store staff never reach the platform API', async () => {
    const readOnly = await createStaffSession(server, { operatorRole: 'read_only' });
    expect(
      (await call(server, 'GET', '/platform/v1/organizations', { headers: readOnly.headers })).status,
    ).toBe(200);
    const create = await call(server, 'POST', '/platform/v1/organizations', {
      headers: readOnly.headers,
      body: { name: 'No' },
    });
    expect(create.status).toBe(403);
    const owner = await createStaffSession(server, { role: 'owner' });
    expect((await call(server, 'GET', '/platform/v1/stores', { headers: owner.headers })).status).toBe(403);
    expect((await call(server, 'GET', '/platform/v1/stores')).status).toBe(401);
  });
});

describe('admin: the active store', () => {
  it('reads and patches the store; a partial patch leaves the rest alone', async () => {
    const owner = await createStaffSession(server, { role: 'owner' });
    const patched = await call(server, 'PATCH', '/admin/v1/store', {
      headers: owner.headers,
      body: { timezone: 'Asia/Ho_Chi_Minh', settings: { storefront_url: 'https://shop.example.com' } },
    });
    expect(patched.status).toBe(200);
    const renamed = await call(server, 'PATCH', '/admin/v1/store', {
      headers: owner.headers,
      body: { name: 'Renamed' },
    });
    expect(renamed.body).toMatchObject({
      name: 'Renamed',
      timezone: 'Asia/Ho_Chi_Minh',
      settings: { storefront_url: 'https://shop.example.com' },
    });
    const bad = await call(server, 'PATCH', '/admin/v1/store', {
      headers: owner.headers,
      body: { currency: 'dollars', name: 'Should not stick' },
    });
    expect(bad.status).toBe(400);
    const read = await call(server, 'GET', '/admin/v1/store', { headers: owner.headers });
    expect(read.body.name).toBe('Renamed');
    // The read formats its times in SQL: the same ISO strings the PATCH made from Dates.
    expect(read.body).toEqual(renamed.body);
    expect(read.body.updated_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    const audit = await call(server, 'GET', '/admin/v1/audit-log?action=store.updated', {
      headers: owner.headers,
    });
    expect(audit.body.data[0]).toMatchObject({ before: { name: 'Test Store' }, after: { name: 'Renamed' } });
  });

  it('an operator without a store membership has no store to act on', async () => {
    const res = await call(server, 'GET', '/admin/v1/store', { headers: operator.headers });
    expect(res.status).toBe(403);
  });
});
