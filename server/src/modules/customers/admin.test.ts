import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer } from '../../../test/harness.ts';
import { call, createStaffSession, createTestApiKey, type StaffSession } from '../../../test/identity.ts';
import { customerIdForEmail, hasMarketingConsent, recordMarketingConsent } from './service.ts';
import { eventsOf, registerShopper, rowsOf, uniqueEmail, type TestShopper } from './testing.ts';

/** The merchant's side: list and search, profiles, consent records, GDPR export and erasure. */

let server: Awaited<ReturnType<typeof startTestServer>>;
let owner: StaffSession;
let staff: StaffSession;
let reader: StaffSession;
let storeId: string;
let pk: Record<string, string>;
let alice: TestShopper;
let bob: TestShopper;
let carol: TestShopper;
let stranger: TestShopper; // another store's shopper

beforeAll(async () => {
  server = await startTestServer();
  owner = await createStaffSession(server, { role: 'owner' });
  storeId = owner.storeId!;
  staff = await createStaffSession(server, { role: 'staff', storeId });
  reader = await createStaffSession(server, { role: 'read_only', storeId });
  pk = (await createTestApiKey(server, { storeId, kind: 'publishable' })).headers;
  alice = await registerShopper(server, pk, {
    firstName: 'Alice',
    lastName: 'Nguyen',
    email: uniqueEmail('alice'),
  });
  bob = await registerShopper(server, pk, { firstName: 'Bob', lastName: 'Tran', email: uniqueEmail('bob') });
  carol = await registerShopper(server, pk, {
    firstName: 'Carol',
    lastName: 'Nguyen',
    email: uniqueEmail('carol'),
  });
  const other = await createStaffSession(server, { role: 'owner' });
  const otherPk = (await createTestApiKey(server, { storeId: other.storeId!, kind: 'publishable' })).headers;
  stranger = await registerShopper(server, otherPk, { firstName: 'Alice', email: uniqueEmail('alice') });
});
afterAll(async () => {
  await server?.close();
});

const api = (method: string, path: string, body?: unknown, session: StaffSession = owner) =>
  call(server, method, path, { headers: session.headers, body });
const db = () => server.platform.db;
const ids = (res: { body: { data: { id: string }[] } }) => res.body.data.map((c) => c.id);

describe('customer list', () => {
  it('lists newest first with cursor pagination; only this store’s shoppers', async () => {
    const all = await api('GET', '/admin/v1/customers');
    expect(all.status).toBe(200);
    expect(ids(all)).toEqual([carol.id, bob.id, alice.id]);
    expect(all.body.data[0]).toMatchObject({
      email: carol.email,
      first_name: 'Carol',
      last_name: 'Nguyen',
      status: 'active',
      registered: true,
      erased: false,
    });
    const page1 = await api('GET', '/admin/v1/customers?limit=2');
    expect(ids(page1)).toEqual([carol.id, bob.id]);
    const page2 = await api('GET', `/admin/v1/customers?limit=2&cursor=${page1.body.next_cursor}`);
    expect(ids(page2)).toEqual([alice.id]);
    expect(page2.body.next_cursor).toBeNull();
  });

  it('searches e-mail, first name, last name and full name, case-insensitively', async () => {
    expect(ids(await api('GET', '/admin/v1/customers?q=nguyen'))).toEqual([carol.id, alice.id]);
    expect(ids(await api('GET', '/admin/v1/customers?q=BOB'))).toEqual([bob.id]);
    expect(ids(await api('GET', '/admin/v1/customers?q=alice%20nguyen'))).toEqual([alice.id]);
    expect(ids(await api('GET', `/admin/v1/customers?q=${alice.email.slice(0, 12)}`))).toEqual([alice.id]);
    expect(ids(await api('GET', '/admin/v1/customers?q=%25'))).toEqual([]);
    expect(ids(await api('GET', '/admin/v1/customers?q=nguyen&limit=1'))).toEqual([carol.id]);
  });

  it('refuses bad queries and callers without the permission', async () => {
    expect((await api('GET', '/admin/v1/customers?cursor=nonsense')).status).toBe(400);
    expect((await api('GET', '/admin/v1/customers?limit=0')).status).toBe(400);
    expect((await api('GET', `/admin/v1/customers?q=${'x'.repeat(300)}`)).status).toBe(400);
    expect((await api('GET', '/admin/v1/customers', undefined, reader)).status).toBe(200);
    expect((await call(server, 'GET', '/admin/v1/customers', { headers: pk })).status).toBeGreaterThanOrEqual(
      401,
    );
    expect((await call(server, 'GET', '/admin/v1/customers')).status).toBe(401);
  });
});

describe('customer profile', () => {
  it('shows the shopper with profile, addresses, consent and wish list; foreign or unknown ids are 404', async () => {
    await call(server, 'POST', '/store/v1/customers/me/addresses', {
      headers: alice.headers,
      body: {
        label: 'Home',
        address: { line1: '5 Rue de Rivoli', city: 'Paris', postal_code: '75001', country: 'FR' },
      },
    });
    await call(server, 'PUT', '/store/v1/customers/me/consent/sms', {
      headers: alice.headers,
      body: { status: 'granted' },
    });
    const res = await api('GET', `/admin/v1/customers/${alice.id}`, undefined, reader);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      id: alice.id,
      email: alice.email,
      erased: false,
      profile: { customer_id: alice.id, erased_at: null },
      addresses: [{ label: 'Home', is_default_shipping: true, address: { city: 'Paris' } }],
      wishlist: [],
    });
    expect(res.body.marketing_consent[1]).toMatchObject({
      channel: 'sms',
      status: 'granted',
      source: 'account',
    });
    expect((await api('GET', `/admin/v1/customers/${stranger.id}`)).status).toBe(404);
    expect((await api('GET', '/admin/v1/customers/cus_nope')).status).toBe(404);
  });
});

describe('consent recorded by staff', () => {
  it('records with source admin, audited; a read-only member is refused and nothing changes', async () => {
    const refused = await api(
      'PUT',
      `/admin/v1/customers/${bob.id}/consent/email`,
      { status: 'granted' },
      reader,
    );
    expect(refused.status).toBe(403);
    expect(await rowsOf(db(), 'marketing_consents', storeId, sql`customer_id = ${bob.id}`)).toEqual([]);

    const res = await api('PUT', `/admin/v1/customers/${bob.id}/consent/email`, { status: 'granted' }, staff);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ channel: 'email', status: 'granted', source: 'admin' });
    const history = await api('GET', `/admin/v1/customers/${bob.id}/consent/history`, undefined, reader);
    expect(history.body.data).toMatchObject([
      { channel: 'email', status: 'granted', source: 'admin', actor_type: 'staff' },
    ]);
    const audit = await db().execute<{ actor_id: string; after: unknown }>(
      sql`SELECT actor_id, after FROM audit_log WHERE store_id = ${storeId} AND action = 'customer.consent_recorded'`,
    );
    expect(audit.rows).toEqual([
      { actor_id: staff.userId, after: { channel: 'email', status: 'granted', source: 'admin' } },
    ]);
    expect(
      (await api('PUT', `/admin/v1/customers/${stranger.id}/consent/email`, { status: 'granted' })).status,
    ).toBe(404);
    expect((await api('PUT', `/admin/v1/customers/${bob.id}/consent/email`, { status: 'yes' })).status).toBe(
      400,
    );
  });
});

describe('address book kept by staff', () => {
  const HANOI = {
    first_name: 'Carol',
    line1: '12 Hàng Bạc',
    city: 'Hà Nội',
    postal_code: '100000',
    country: 'VN',
  };
  it('adds, changes and removes a customer’s addresses, audited without the address; refusals change nothing', async () => {
    const book = async () => (await api('GET', `/admin/v1/customers/${carol.id}`)).body.addresses;
    // A read-only member, another store's shopper, a bad postcode: refused, nothing written.
    const path = `/admin/v1/customers/${carol.id}/addresses`;
    expect((await api('POST', path, { address: HANOI }, reader)).status).toBe(403);
    expect(
      (await api('POST', `/admin/v1/customers/${stranger.id}/addresses`, { address: HANOI })).status,
    ).toBe(404);
    const bad = await api('POST', path, { address: { ...HANOI, postal_code: '12' } }, staff);
    expect({ status: bad.status, path: bad.body.errors?.[0]?.path }).toEqual({
      status: 400,
      path: 'body.address.postal_code',
    });
    expect(await book()).toEqual([]);

    const added = await api('POST', path, { address: HANOI, label: 'Home' }, staff);
    expect(added.status, JSON.stringify(added.body)).toBe(201);
    expect(added.body).toMatchObject({ label: 'Home', is_default_shipping: true, is_default_billing: true });
    const office = await api('POST', path, { address: { ...HANOI, line1: '1 Tràng Tiền' } }, staff);
    const changed = await api(
      'PATCH',
      `${path}/${office.body.id}`,
      { address: { ...HANOI, line1: '2 Tràng Tiền' }, default_shipping: true },
      staff,
    );
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({ address: { line1: '2 Tràng Tiền' }, is_default_shipping: true });
    expect((await api('DELETE', `${path}/${added.body.id}`, undefined, staff)).status).toBe(204);
    expect(await book()).toMatchObject([
      { id: office.body.id, is_default_shipping: true, is_default_billing: true },
    ]);
    // The shopper sees what staff kept.
    const theirs = await call(server, 'GET', '/store/v1/customers/me/addresses', { headers: carol.headers });
    expect(theirs.body.data.map((a: { id: string }) => a.id)).toEqual([office.body.id]);

    const audit = await db().execute<{ action: string; actor_id: string; after: Record<string, unknown> }>(
      sql`SELECT action, actor_id, after FROM audit_log
          WHERE store_id = ${storeId} AND action LIKE 'customer.address_%' ORDER BY created_at, id`,
    );
    expect(audit.rows).toEqual([
      { action: 'customer.address_added', actor_id: staff.userId, after: { address_id: added.body.id } },
      { action: 'customer.address_added', actor_id: staff.userId, after: { address_id: office.body.id } },
      {
        action: 'customer.address_updated',
        actor_id: staff.userId,
        after: { address_id: office.body.id, fields: ['address', 'default_shipping'] },
      },
      { action: 'customer.address_removed', actor_id: staff.userId, after: { address_id: added.body.id } },
    ]);
    expect(JSON.stringify(audit.rows)).not.toMatch(/Tràng|Hàng/);
  });
});

describe('consent import', () => {
  const guest = uniqueEmail('guest');
  const guest2 = uniqueEmail('guest');

  it('records accounts and guests by e-mail; older statements go to the history only; a rerun changes nothing', async () => {
    const input = {
      entries: [
        { email: carol.email.toUpperCase(), channel: 'email', status: 'granted' },
        { email: guest, channel: 'email', status: 'granted', occurred_at: '2024-05-01T10:00:00Z' },
        { email: guest, channel: 'sms', status: 'withdrawn' },
        { email: guest2, channel: 'push', status: 'granted' },
        // Bob granted email just now (admin): a withdrawal from 2023 is history, not the answer.
        { email: bob.email, channel: 'email', status: 'withdrawn', occurred_at: '2023-01-01T00:00:00Z' },
      ],
    };
    const res = await api('POST', '/admin/v1/marketing-consents/import', input, staff);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ recorded: 5, changed: 4 });

    const carolRows = await rowsOf<{ customer_id: string; email: string | null; source: string }>(
      db(),
      'marketing_consents',
      storeId,
      sql`customer_id = ${carol.id}`,
    );
    expect(carolRows).toMatchObject([{ email: null, source: 'import' }]);
    const guestRows = await rowsOf<{ customer_id: string | null; channel: string; changed_at: string }>(
      db(),
      'marketing_consents',
      storeId,
      sql`email = ${guest}`,
    );
    expect(guestRows.map((r) => [r.customer_id, r.channel]).sort()).toEqual([
      [null, 'email'],
      [null, 'sms'],
    ]);
    expect(new Date(guestRows.find((r) => r.channel === 'email')!.changed_at).toISOString()).toBe(
      '2024-05-01T10:00:00.000Z',
    );
    expect(await hasMarketingConsent(db(), { storeId, email: guest, channel: 'email' })).toBe(true);
    expect(await hasMarketingConsent(db(), { storeId, email: guest, channel: 'sms' })).toBe(false);
    expect(await hasMarketingConsent(db(), { storeId, email: bob.email, channel: 'email' })).toBe(true);
    const bobHistory = await api('GET', `/admin/v1/customers/${bob.id}/consent/history`);
    expect(
      bobHistory.body.data.map((h: { status: string; source: string }) => `${h.status}/${h.source}`),
    ).toEqual(['withdrawn/import', 'granted/admin']);

    const historyBefore = await rowsOf(db(), 'marketing_consent_history', storeId);
    const again = await api('POST', '/admin/v1/marketing-consents/import', input, staff);
    expect(again.body).toEqual({ recorded: 5, changed: 0 });
    expect(await rowsOf(db(), 'marketing_consent_history', storeId)).toEqual(historyBefore);

    const audit = await db().execute<{ after: unknown }>(
      sql`SELECT after FROM audit_log WHERE store_id = ${storeId} AND action = 'marketing_consent.imported' ORDER BY id`,
    );
    expect(audit.rows.map((r) => r.after)).toEqual([
      { source: 'import', entries: 5, changed: 4 },
      { source: 'import', entries: 5, changed: 0 },
    ]);
  });

  it('a bad entry refuses the whole import, naming it, and nothing is written', async () => {
    const consents = await rowsOf(db(), 'marketing_consents', storeId);
    const history = await rowsOf(db(), 'marketing_consent_history', storeId);
    const events = await eventsOf(db(), storeId, 'customer.consent_changed');
    const cases: [unknown, string][] = [
      [
        {
          entries: [
            { email: uniqueEmail(), channel: 'email', status: 'granted' },
            { email: 'nope', channel: 'email', status: 'granted' },
          ],
        },
        'body.entries.1.email',
      ],
      [{ entries: [{ email: uniqueEmail(), channel: 'fax', status: 'granted' }] }, 'body.entries.0.channel'],
      [
        {
          entries: [
            {
              email: uniqueEmail(),
              channel: 'email',
              status: 'granted',
              occurred_at: '2999-01-01T00:00:00Z',
            },
          ],
        },
        'body.entries.0',
      ],
      [{ entries: [] }, 'body.entries'],
      [
        { source: 'checkout', entries: [{ email: uniqueEmail(), channel: 'email', status: 'granted' }] },
        'body.source',
      ],
    ];
    for (const [body, path] of cases) {
      const res = await api('POST', '/admin/v1/marketing-consents/import', body, staff);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(
        res.body.errors.some((e: { path: string }) => e.path.startsWith(path)),
        JSON.stringify(res.body),
      ).toBe(true);
    }
    expect(
      (
        await api(
          'POST',
          '/admin/v1/marketing-consents/import',
          { entries: [{ email: uniqueEmail(), channel: 'email', status: 'granted' }] },
          reader,
        )
      ).status,
    ).toBe(403);
    expect(await rowsOf(db(), 'marketing_consents', storeId)).toEqual(consents);
    expect(await rowsOf(db(), 'marketing_consent_history', storeId)).toEqual(history);
    expect(await eventsOf(db(), storeId, 'customer.consent_changed')).toEqual(events);
  });
});

describe('GDPR export', () => {
  it('downloads everything held about a customer; audited; needs customers.export', async () => {
    expect((await api('GET', `/admin/v1/customers/${alice.id}/export`, undefined, staff)).status).toBe(403);
    expect((await api('GET', `/admin/v1/customers/${stranger.id}/export`)).status).toBe(404);
    const res = await api('GET', `/admin/v1/customers/${alice.id}/export`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toContain('attachment');
    expect(Object.keys(res.body.data).sort()).toEqual([
      'carts',
      'customers',
      'gift_cards',
      'identity',
      'integrations',
      'messaging',
      'orders',
      'recovery',
      'saved_cards',
    ]);
    expect(res.body.data.identity.account.email).toBe(alice.email);
    expect(res.body.data.customers.addresses).toHaveLength(1);
    expect(res.body.data.customers.marketing_consent.history).toMatchObject([
      { channel: 'sms', status: 'granted' },
    ]);
    const audit = await db().execute<{ actor_id: string; entity_id: string }>(
      sql`SELECT actor_id, entity_id FROM audit_log WHERE store_id = ${storeId} AND action = 'customer.exported'`,
    );
    expect(audit.rows).toEqual([{ actor_id: owner.userId, entity_id: alice.id }]);
    expect(await eventsOf(db(), storeId, 'customer.exported')).toEqual([]);
  });
});

/** Every module's part of an erasure, in the order they run (registration order). */
const ERASED_MODULES = [
  'customers',
  'identity',
  'saved_cards',
  'gift_cards',
  'carts',
  'orders',
  'messaging',
  'integrations',
  'recovery',
];

describe('GDPR erasure', () => {
  let victim: TestShopper;
  const phone = '+1 (555) 010-9999';
  const street = '742 Evergreen Terrace';

  beforeAll(async () => {
    const email = uniqueEmail('vic');
    // Consent given as a guest at checkout, before the account existed.
    await recordMarketingConsent(db(), {
      storeId,
      email,
      channel: 'push',
      status: 'granted',
      source: 'checkout',
    });
    victim = await registerShopper(server, pk, { email, firstName: 'Victoria', lastName: 'Vexley' });
    const h = { headers: victim.headers };
    await call(server, 'PATCH', '/store/v1/customers/me/profile', { ...h, body: { phone, locale: 'en-US' } });
    for (const label of ['Home', 'Work']) {
      await call(server, 'POST', '/store/v1/customers/me/addresses', {
        ...h,
        body: {
          label,
          address: {
            first_name: 'Victoria',
            line1: street,
            city: 'Springfield',
            region: 'OR',
            postal_code: '97477',
            country: 'US',
            phone,
          },
        },
      });
    }
    const product = await api('POST', '/admin/v1/products', { title: 'Donut', status: 'active' });
    await call(server, 'POST', '/store/v1/customers/me/wishlist', {
      ...h,
      body: { product_id: product.body.id },
    });
    await call(server, 'PUT', '/store/v1/customers/me/consent/email', { ...h, body: { status: 'granted' } });
    await call(server, 'POST', '/store/v1/customers/password/forgot', { headers: pk, body: { email } });
    await new Promise((r) => setTimeout(r, 200));
  });

  /** Every row of every table whose text mentions something personal of the victim. */
  async function personalTraces(): Promise<string[]> {
    const pool = server.platform.database.pool;
    const { rows: tables } = await pool.query<{ name: string }>(
      `SELECT format('%I.%I', table_schema, table_name) AS name FROM information_schema.tables
       WHERE table_type = 'BASE TABLE' AND table_schema = 'public' ORDER BY 1`,
    );
    const needles = [victim.email, 'Victoria', 'Vexley', phone, street];
    const found: string[] = [];
    for (const { name } of tables) {
      const { rows } = await pool.query<{ row: string }>(`SELECT t::text AS row FROM ${name} t`);
      for (const { row } of rows) {
        for (const n of needles) if (row.toLowerCase().includes(n.toLowerCase())) found.push(`${name}: ${n}`);
      }
    }
    return [...new Set(found)].sort();
  }

  it('refuses a wrong confirmation or a missing permission and changes nothing', async () => {
    const before = await personalTraces();
    expect(before).toEqual(
      expect.arrayContaining([
        'public.customers: ' + victim.email,
        'public.customer_addresses: ' + street,
        'public.customer_profiles: ' + phone,
        'public.marketing_consent_history: ' + victim.email,
      ]),
    );
    const snapshot = async () =>
      Promise.all(
        [
          'customers',
          'customer_profiles',
          'customer_addresses',
          'customer_wishlist_items',
          'marketing_consents',
          'marketing_consent_history',
          'auth_sessions',
        ].map((t) => rowsOf(db(), t, storeId)),
      );
    const rows = await snapshot();
    const wrong = await api('POST', `/admin/v1/customers/${victim.id}/erase`, { confirm_email: alice.email });
    expect(wrong.status).toBe(422);
    expect(wrong.body).toMatchObject({
      code: 'CONFIRMATION_MISMATCH',
      errors: [{ path: 'body.confirm_email' }],
    });
    expect(
      (await api('POST', `/admin/v1/customers/${victim.id}/erase`, { confirm_email: victim.email }, staff))
        .status,
    ).toBe(403);
    expect((await api('POST', `/admin/v1/customers/${victim.id}/erase`, {})).status).toBe(400);
    expect(
      (await api('POST', `/admin/v1/customers/${stranger.id}/erase`, { confirm_email: stranger.email }))
        .status,
    ).toBe(404);
    expect(await snapshot()).toEqual(rows);
    expect(await eventsOf(db(), storeId, 'customer.erased')).toEqual([]);
  });

  it('erases every module’s personal data in one go; an anonymised record remains', async () => {
    // A gift card e-mailed to them: the card stays (its holder may spend it), their address goes.
    const card = await api('POST', '/admin/v1/gift-cards', {
      currency: 'USD',
      value: 1000,
      recipient_email: victim.email,
      customer_id: victim.id,
    });
    expect(card.status).toBe(201);
    const res = await api('POST', `/admin/v1/customers/${victim.id}/erase`, {
      confirm_email: victim.email.toUpperCase(),
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      customer_id: victim.id,
      already_erased: false,
      erased_by: { type: 'staff', id: owner.userId },
      modules: ERASED_MODULES,
    });

    // Nothing personal is left in any table — the outbox's events included (the consent the
    // guest gave by e-mail before registering, the carts' and orders' events).
    expect(await personalTraces()).toEqual([]);
    const consentEvents = await db().execute<{ email: unknown }>(
      sql`SELECT payload->'email' AS email FROM events WHERE store_id = ${storeId} AND type = 'customer.consent_changed'`,
    );
    expect(consentEvents.rows.length).toBeGreaterThan(0);

    const [record] = await rowsOf<Record<string, unknown>>(
      db(),
      'customers',
      storeId,
      sql`id = ${victim.id}`,
    );
    expect(record).toMatchObject({
      email: `erased+${victim.id}@invalid`,
      first_name: null,
      last_name: null,
      password_hash: null,
      status: 'disabled',
    });
    const [profile] = await rowsOf<Record<string, unknown>>(
      db(),
      'customer_profiles',
      storeId,
      sql`customer_id = ${victim.id}`,
    );
    expect(profile).toMatchObject({ phone: null, locale: null, erased_by_type: 'staff' });
    expect(profile!.erased_at).not.toBeNull();
    for (const table of [
      'customer_addresses',
      'customer_wishlist_items',
      'marketing_consents',
      'auth_tokens',
    ]) {
      expect(await rowsOf(db(), table, storeId, sql`customer_id = ${victim.id}`), table).toEqual([]);
    }
    // The consent history stays, linked to the anonymised record, without the address.
    const history = await rowsOf<{ email: string | null; customer_id: string | null }>(
      db(),
      'marketing_consent_history',
      storeId,
      sql`customer_id = ${victim.id} OR email IS NULL`,
    );
    expect(history.filter((h) => h.customer_id === victim.id).length).toBeGreaterThanOrEqual(1);
    expect(history.every((h) => h.email === null)).toBe(true);
    const sessions = await rowsOf<{ revoked_at: Date | null }>(
      db(),
      'auth_sessions',
      storeId,
      sql`customer_id = ${victim.id}`,
    );
    expect(sessions.every((s) => s.revoked_at !== null)).toBe(true);

    // Signed out everywhere, and the old password opens nothing.
    expect((await call(server, 'GET', '/store/v1/customers/me', { headers: victim.headers })).status).toBe(
      401,
    );
    const login = await call(server, 'POST', '/store/v1/customers/login', {
      headers: pk,
      body: { email: victim.email, password: victim.password },
    });
    expect(login.status).toBe(401);

    // One event, one audit entry, neither with personal data.
    const events = await eventsOf(db(), storeId, 'customer.erased');
    expect(events).toEqual([
      {
        customerId: victim.id,
        erasedAt: res.body.erased_at,
        modules: ERASED_MODULES,
      },
    ]);
    const audit = await db().execute<{ after: unknown }>(
      sql`SELECT after FROM audit_log WHERE store_id = ${storeId} AND action = 'customer.erased'`,
    );
    expect(audit.rows).toHaveLength(1);
    expect(audit.rows[0]!.after).toMatchObject({
      modules: {
        customers: { addresses_deleted: 2, wishlist_items_deleted: 1, consents_deleted: 2 },
        identity: { anonymised: true },
      },
      history: { events_redacted: expect.any(Number), webhook_deliveries_redacted: expect.any(Number) },
    });
    expect(
      (audit.rows[0]!.after as { history: { events_redacted: number } }).history.events_redacted,
    ).toBeGreaterThan(0);

    // No consent survives, by account or by the old address.
    expect(await hasMarketingConsent(db(), { storeId, customerId: victim.id, channel: 'email' })).toBe(false);
    expect(await hasMarketingConsent(db(), { storeId, email: victim.email, channel: 'push' })).toBe(false);
  });

  it('is idempotent: erasing again returns the first erasure and emits nothing', async () => {
    const first = (await eventsOf(db(), storeId, 'customer.erased'))[0]!;
    const again = await api('POST', `/admin/v1/customers/${victim.id}/erase`, {
      confirm_email: 'whatever@example.com',
    });
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({
      already_erased: true,
      erased_at: first.erasedAt,
      modules: ERASED_MODULES,
    });
    expect(await eventsOf(db(), storeId, 'customer.erased')).toHaveLength(1);
  });

  it('the erased customer is shown anonymised, takes no new consent, and the e-mail is free again', async () => {
    const detail = await api('GET', `/admin/v1/customers/${victim.id}`);
    expect(detail.body).toMatchObject({
      email: `erased+${victim.id}@invalid`,
      first_name: null,
      erased: true,
      registered: false,
      addresses: [],
      wishlist: [],
    });
    expect(detail.body.marketing_consent.every((c: { status: string }) => c.status === 'none')).toBe(true);
    const exported = await api('GET', `/admin/v1/customers/${victim.id}/export`);
    expect(JSON.stringify(exported.body)).not.toContain('Victoria');
    expect(exported.body.data.customers.profile.erased_at).not.toBeNull();

    const consent = await api('PUT', `/admin/v1/customers/${victim.id}/consent/email`, { status: 'granted' });
    expect(consent.status).toBe(409);

    expect(await customerIdForEmail(db(), { storeId, email: victim.email })).toBeNull();
    const again = await registerShopper(server, pk, { email: victim.email });
    expect(again.id).not.toBe(victim.id);
    expect(await customerIdForEmail(db(), { storeId, email: victim.email.toUpperCase() })).toBe(again.id);
  });
});
