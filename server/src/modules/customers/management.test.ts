import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer } from '../../../test/harness.ts';
import {
  call,
  createStaffSession,
  createTestApiKey,
  type HttpResult,
  type StaffSession,
} from '../../../test/identity.ts';
import { clearMail, waitForMail } from '../../../test/mail.ts';
import { customerIdForEmail } from './service.ts';
import { eventsOf, eventually, registerShopper, rowsOf, uniqueEmail } from './testing.ts';

/**
 * Staff keep their customers over real HTTP with a worker: add one with everything a phone order
 * gives, invite them to choose a password (the e-mail, the storefront's activation call), correct
 * details, tag and note them, disable an account — and what goes wrong: taken e-mails, races,
 * bad input, other stores, erased customers.
 */

let server: Awaited<ReturnType<typeof startTestServer>>;
let owner: StaffSession;
let reader: StaffSession;
let storeId: string;
let pk: Record<string, string>;
let otherOwner: StaffSession;

beforeAll(async () => {
  server = await startTestServer({ worker: true });
  owner = await createStaffSession(server, { role: 'owner' });
  storeId = owner.storeId!;
  reader = await createStaffSession(server, { role: 'read_only', storeId });
  pk = (await createTestApiKey(server, { storeId, kind: 'publishable' })).headers;
  otherOwner = await createStaffSession(server, { role: 'owner' });
});
afterAll(async () => {
  await server?.close();
});

const api = (method: string, path: string, body?: unknown, session: StaffSession = owner) =>
  call(server, method, path, { headers: session.headers, body });
const db = () => server.platform.db;
const address = {
  first_name: 'Mai',
  last_name: 'Tran',
  line1: '12 Hang Bac',
  city: 'Hanoi',
  postal_code: '100000',
  country: 'VN',
};
const code = (text: string) => /(?:Invitation code|Mã mời): (\S+)/.exec(text)![1]!;
const auditOf = async (action: string, customerId: string) =>
  (
    await db().execute<{ after: Record<string, unknown> }>(
      sql`SELECT after FROM audit_log WHERE store_id = ${storeId} AND action = ${action} AND entity_id = ${customerId} ORDER BY id`,
    )
  ).rows.map((r) => r.after);

describe('adding a customer', () => {
  it('keeps names, phone, language, note, tags, the first address and consent — in one go, without a password', async () => {
    const email = uniqueEmail('Phone.Order');
    const res = await api('POST', '/admin/v1/customers', {
      email,
      first_name: 'Mai',
      last_name: 'Tran',
      phone: '+84 912 345 678',
      locale: 'vi',
      note: 'Prefers deliveries after 5 pm.',
      tags: ['Wholesale', 'fair-2026', 'wholesale'],
      address,
      marketing_consent: ['email'],
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    const c = res.body;
    expect(c).toMatchObject({
      email: email.toLowerCase(),
      first_name: 'Mai',
      last_name: 'Tran',
      status: 'active',
      registered: false,
      erased: false,
      note: 'Prefers deliveries after 5 pm.',
      tags: ['fair-2026', 'wholesale'],
      account_invitation: null,
      profile: { phone: '+84 912 345 678', locale: 'vi', registered_at: null },
    });
    expect(c.addresses).toHaveLength(1);
    expect(c.addresses[0]).toMatchObject({ is_default_shipping: true, is_default_billing: true });
    expect(c.addresses[0].address).toMatchObject({ city: 'Hanoi', country: 'VN' });
    expect(c.marketing_consent.find((m: { channel: string }) => m.channel === 'email')).toMatchObject({
      status: 'granted',
      source: 'admin',
    });
    expect(c.marketing_consent.find((m: { channel: string }) => m.channel === 'sms').status).toBe('none');
    expect((await api('GET', `/admin/v1/customers/${c.id}`)).body).toEqual(c);

    // Not an account yet: no sign-in, and no guest order joins it (customerIdForEmail is for accounts).
    const login = await call(server, 'POST', '/store/v1/customers/login', {
      headers: pk,
      body: { email, password: 'anything-at-all-1' },
    });
    expect(login.status).toBe(401);
    expect(await customerIdForEmail(db(), { storeId, email })).toBeNull();

    expect(await eventsOf(db(), storeId, 'customer.created')).toContainEqual({
      customerId: c.id,
      source: 'staff',
    });
    const [audited] = await auditOf('customer.created', c.id);
    expect(audited).toEqual({
      fields: ['email', 'first_name', 'last_name', 'phone', 'locale', 'note', 'tags', 'address'],
      marketing_consent: ['email'],
    });
    expect(JSON.stringify(audited)).not.toContain('Tran'); // which fields, never what they hold
  });

  it('refuses an e-mail another customer has — whatever its case — and keeps nothing', async () => {
    const shopper = await registerShopper(server, pk, { firstName: 'Lan' });
    // Counted without profiles: the worker makes the shopper's own on their registration.
    const counts = async () => [
      (await rowsOf(db(), 'customers', storeId)).length,
      (await rowsOf(db(), 'customer_addresses', storeId)).length,
      (await rowsOf(db(), 'customer_profiles', storeId, sql`note IS NOT NULL`)).length,
    ];
    const before = await counts();
    const taken = await api('POST', '/admin/v1/customers', {
      email: shopper.email.toUpperCase(),
      first_name: 'Someone',
      note: 'must not be kept',
      address,
    });
    expect(taken.status).toBe(409);
    expect(taken.body).toMatchObject({ code: 'ALREADY_EXISTS', errors: [{ path: 'body.email' }] });
    expect(await counts()).toEqual(before);
    expect(await rowsOf(db(), 'customer_addresses', storeId, sql`customer_id = ${shopper.id}`)).toEqual([]);

    // Two staff adding the same customer at once: one customer.
    const email = uniqueEmail('twice');
    const both = await Promise.all([
      api('POST', '/admin/v1/customers', { email, first_name: 'A' }),
      api('POST', '/admin/v1/customers', { email, first_name: 'B' }),
    ]);
    expect(both.map((r) => r.status).sort()).toEqual([201, 409]);
    expect(await rowsOf(db(), 'customers', storeId, sql`lower(email) = ${email}`)).toHaveLength(1);
  });

  it('answers bad input with 400 naming the field, and callers without the permission with 403', async () => {
    const bad = async (body: unknown, path: string) => {
      const res = await api('POST', '/admin/v1/customers', body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.errors.map((e: { path: string }) => e.path)).toContain(path);
    };
    await bad({ first_name: 'No e-mail' }, 'body.email');
    await bad({ email: 'not-an-address' }, 'body.email');
    await bad({ email: uniqueEmail(), phone: 'call me' }, 'body.phone');
    await bad({ email: uniqueEmail(), tags: ['a,b'] }, 'body.tags.0');
    await bad({ email: uniqueEmail(), tags: Array.from({ length: 21 }, (_, i) => `t${i}`) }, 'body.tags');
    await bad({ email: uniqueEmail(), note: 'x'.repeat(5001) }, 'body.note');
    await bad({ email: uniqueEmail(), address: { ...address, country: 'XX' } }, 'body.address.country');
    await bad({ email: uniqueEmail(), marketing_consent: ['fax'] }, 'body.marketing_consent.0');
    await bad({ email: uniqueEmail(), password: 'secret' }, 'body');
    expect((await api('POST', '/admin/v1/customers', { email: uniqueEmail() }, reader)).status).toBe(403);
  });
});

describe('inviting a customer to their account', () => {
  it('e-mails a link in their language; choosing a password signs them in once, and joins the account', async () => {
    clearMail(server);
    const email = uniqueEmail('invited');
    const created = await api('POST', '/admin/v1/customers', {
      email,
      first_name: 'Hoa',
      locale: 'vi',
      send_invite: true,
    });
    expect(created.status).toBe(201);
    const id = created.body.id;
    expect(created.body.account_invitation).toMatchObject({ expires_at: expect.any(String) });
    const first = await waitForMail(server, { to: email });
    expect(first.subject).toMatch(/^Tạo tài khoản của bạn tại /);
    expect(first.text).toContain('/account/activate?token=');
    // The list says so too, until when the link works.
    const row = async () =>
      (await api('GET', `/admin/v1/customers?q=${encodeURIComponent(email)}`)).body.data[0];
    expect((await row()).invited_until).toBe(created.body.account_invitation.expires_at);

    // Sent again: the first link stops working.
    const again = await api('POST', `/admin/v1/customers/${id}/invite`);
    expect(again.status).toBe(200);
    expect(again.body.emailed_to).toBe(email);
    const second = await waitForMail(
      server,
      (m) => m.to.includes(email) && code(m.text) !== code(first.text),
    );
    const activate = (token: string, password = 'a-good-password-42') =>
      call(server, 'POST', '/store/v1/customers/activate', { headers: pk, body: { token, password } });
    expect((await activate(code(first.text))).status).toBe(401);
    expect((await activate(code(second.text), 'short')).status).toBe(400);

    const done = await activate(code(second.text));
    expect(done.status).toBe(200);
    expect(done.body.customer).toMatchObject({ id, email, first_name: 'Hoa', email_verified: true });
    const me = await call(server, 'GET', '/store/v1/customers/me', {
      headers: { ...pk, authorization: `Bearer ${done.body.access_token}` },
    });
    expect(me.status).toBe(200);
    expect((await activate(code(second.text))).body.code).toBe('TOKEN_INVALID'); // once

    const login = await call(server, 'POST', '/store/v1/customers/login', {
      headers: pk,
      body: { email, password: 'a-good-password-42' },
    });
    expect(login.status).toBe(200);
    expect(await eventsOf(db(), storeId, 'customer.registered')).toContainEqual({
      customerId: id,
      claimedGuest: false,
      invited: true,
    });
    expect(await customerIdForEmail(db(), { storeId, email })).toBe(id);
    const detail = await eventually(async () => {
      const d = (await api('GET', `/admin/v1/customers/${id}`)).body;
      return d.profile.registered_at ? d : null; // the worker records the registration
    });
    expect(detail).toMatchObject({ registered: true, account_invitation: null, invited_until: null });
    expect((await row()).invited_until).toBeNull();
    expect(await auditOf('customer.invited', id)).toHaveLength(2);

    // An account is not invited again; nor is another store's customer or a stranger.
    expect((await api('POST', `/admin/v1/customers/${id}/invite`)).status).toBe(409);
    expect((await api('POST', `/admin/v1/customers/${id}/invite`, undefined, otherOwner)).status).toBe(404);
    expect((await api('POST', '/admin/v1/customers/cus_nobody/invite')).status).toBe(404);
    expect((await api('POST', `/admin/v1/customers/${id}/invite`, undefined, reader)).status).toBe(403);
  });

  it("refuses another store's token and a forged one", async () => {
    clearMail(server);
    const email = uniqueEmail('elsewhere');
    const created = await api('POST', '/admin/v1/customers', { email, send_invite: true });
    const mail = await waitForMail(server, { to: email });
    const otherPk = (await createTestApiKey(server, { storeId: otherOwner.storeId!, kind: 'publishable' }))
      .headers;
    const body = { token: code(mail.text), password: 'a-good-password-42' };
    expect(
      (await call(server, 'POST', '/store/v1/customers/activate', { headers: otherPk, body })).status,
    ).toBe(401);
    const forged = { ...body, token: body.token.slice(0, -2) + 'xx' };
    expect(
      (await call(server, 'POST', '/store/v1/customers/activate', { headers: pk, body: forged })).status,
    ).toBe(401);
    // The real one still works in its own store.
    expect((await call(server, 'POST', '/store/v1/customers/activate', { headers: pk, body })).status).toBe(
      200,
    );
    expect((await api('GET', `/admin/v1/customers/${created.body.id}`)).body.registered).toBe(true);
  });
});

describe('a customer staff set up, asked for by someone else', () => {
  it('is not handed to whoever registers with the address: its mailbox gets the invitation instead', async () => {
    clearMail(server);
    const email = uniqueEmail('set-up');
    const created = await api('POST', '/admin/v1/customers', { email, phone: '+84 900 000 001', address });
    const register = await call(server, 'POST', '/store/v1/customers/register', {
      headers: pk,
      body: { email, password: 'someone-elses-password-1' },
    });
    expect(register.status).toBe(409);
    expect(register.body.code).toBe('ALREADY_EXISTS');
    expect(register.body.detail).toMatch(/e-mailed it a link to choose your password/);
    expect(register.body).not.toHaveProperty('access_token');
    const invitation = await waitForMail(server, { to: email });
    expect(invitation.subject).toMatch(/^Create your .* account$/);
    const detail = (await api('GET', `/admin/v1/customers/${created.body.id}`)).body;
    expect(detail.registered).toBe(false);
    expect(detail.account_invitation).not.toBeNull();
    const login = await call(server, 'POST', '/store/v1/customers/login', {
      headers: pk,
      body: { email, password: 'someone-elses-password-1' },
    });
    expect(login.status).toBe(401);

    // "Forgot password" for it sends the invitation too (an expired link's way back).
    clearMail(server);
    const forgot = await call(server, 'POST', '/store/v1/customers/password/forgot', {
      headers: pk,
      body: { email },
    });
    expect(forgot.status).toBe(202);
    const again = await waitForMail(server, { to: email });
    expect(again.text).toContain('/account/activate?token=');
  });

  it('keeps the open invitation when a new one cannot be e-mailed', async () => {
    clearMail(server);
    const email = uniqueEmail('mail-down');
    const created = await api('POST', '/admin/v1/customers', { email, send_invite: true });
    const first = await waitForMail(server, { to: email });
    const mailer = server.platform.mailer;
    const send = mailer.send;
    mailer.send = () => Promise.reject(new Error('SMTP server unreachable'));
    try {
      const failed = await api('POST', `/admin/v1/customers/${created.body.id}/invite`);
      expect(failed.status).toBe(503);
    } finally {
      mailer.send = send;
    }
    const activated = await call(server, 'POST', '/store/v1/customers/activate', {
      headers: pk,
      body: { token: code(first.text), password: 'a-good-password-42' },
    });
    expect(activated.status).toBe(200);
  });
});

describe('correcting a customer', () => {
  it('changes e-mail, names, phone, language, note and tags; the same values again change nothing', async () => {
    const shopper = await registerShopper(server, pk, { firstName: 'Binh', lastName: 'Le' });
    const newEmail = uniqueEmail('binh.new');
    const res = await api('PATCH', `/admin/v1/customers/${shopper.id}`, {
      email: newEmail,
      last_name: 'Lê',
      phone: '0912 000 111',
      note: 'VIP since 2024',
      tags: ['VIP', 'hanoi'],
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      email: newEmail,
      first_name: 'Binh',
      last_name: 'Lê',
      note: 'VIP since 2024',
      tags: ['hanoi', 'vip'],
      profile: { phone: '0912 000 111' },
    });
    // They sign in with the new address.
    const login = await call(server, 'POST', '/store/v1/customers/login', {
      headers: pk,
      body: { email: newEmail, password: shopper.password },
    });
    expect(login.status).toBe(200);
    const updates = () =>
      eventsOf(db(), storeId, 'customer.profile_updated').then((all) =>
        all.filter((e) => e.customerId === shopper.id),
      );
    expect(await updates()).toEqual([
      { customerId: shopper.id, fields: ['email', 'last_name', 'phone', 'note', 'tags'] },
    ]);
    expect(await auditOf('customer.updated', shopper.id)).toEqual([
      { fields: ['email', 'last_name', 'phone', 'note', 'tags'] },
    ]);

    const same = await api('PATCH', `/admin/v1/customers/${shopper.id}`, {
      email: newEmail.toUpperCase(),
      tags: ['hanoi', 'VIP'],
      note: 'VIP since 2024',
    });
    expect(same.status).toBe(200);
    expect(await updates()).toHaveLength(1);

    const cleared = await api('PATCH', `/admin/v1/customers/${shopper.id}`, {
      note: null,
      phone: null,
      tags: [],
    });
    expect(cleared.body).toMatchObject({ note: null, tags: [], profile: { phone: null } });
    expect((await updates()).at(-1)).toEqual({ customerId: shopper.id, fields: ['phone', 'note', 'tags'] });
  });

  it('finds customers by tag; refuses a taken e-mail, bad input, other stores and erased customers', async () => {
    const a = await api('POST', '/admin/v1/customers', {
      email: uniqueEmail('tag-a'),
      tags: ['north', 'b2b'],
    });
    const b = await api('POST', '/admin/v1/customers', { email: uniqueEmail('tag-b'), tags: ['north'] });
    const listed = async (q: string) =>
      (await api('GET', `/admin/v1/customers?${q}`)).body.data.map((c: { id: string }) => c.id);
    expect(await listed('tag=north')).toEqual([b.body.id, a.body.id]);
    expect(await listed('tag=NORTH,b2b')).toEqual([a.body.id]);
    expect(await listed('tag=nowhere')).toEqual([]);
    expect((await api('GET', '/admin/v1/customers?tag=north&limit=1')).body.data[0].tags).toEqual(['north']);

    const taken = await api('PATCH', `/admin/v1/customers/${a.body.id}`, { email: b.body.email });
    expect(taken.status).toBe(409);
    expect(taken.body.errors).toEqual([{ path: 'body.email', message: 'already taken' }]);
    expect((await api('PATCH', `/admin/v1/customers/${a.body.id}`, { tags: ['a,b'] })).status).toBe(400);
    expect((await api('PATCH', `/admin/v1/customers/${a.body.id}`, { email: null })).status).toBe(400);
    expect((await api('PATCH', `/admin/v1/customers/${a.body.id}`, { status: 'disabled' })).status).toBe(400);
    expect((await api('PATCH', `/admin/v1/customers/${a.body.id}`, { note: 'x' }, otherOwner)).status).toBe(
      404,
    );
    expect((await api('PATCH', `/admin/v1/customers/${a.body.id}`, { note: 'x' }, reader)).status).toBe(403);
    expect((await api('GET', `/admin/v1/customers/${a.body.id}`)).body.tags).toEqual(['b2b', 'north']);

    // Erased: the note and tags go with the rest, and nothing more can be written.
    const exported = await api('GET', `/admin/v1/customers/${a.body.id}/export`);
    expect(exported.body.data.customers).toMatchObject({ staff_note: null, tags: ['b2b', 'north'] });
    await api('PATCH', `/admin/v1/customers/${a.body.id}`, { note: 'Asked to be forgotten' });
    const erased = await api('POST', `/admin/v1/customers/${a.body.id}/erase`, {
      confirm_email: a.body.email,
    });
    expect(erased.status).toBe(200);
    expect((await api('GET', `/admin/v1/customers/${a.body.id}`)).body).toMatchObject({
      note: null,
      tags: [],
    });
    expect((await api('PATCH', `/admin/v1/customers/${a.body.id}`, { note: 'again' })).status).toBe(409);
    expect((await api('POST', `/admin/v1/customers/${a.body.id}/invite`)).status).toBe(409);
    expect((await api('PUT', `/admin/v1/customers/${a.body.id}/status`, { status: 'active' })).status).toBe(
      409,
    );
  });
});

describe("disabling a customer's account", () => {
  it('ends their sessions at once and refuses sign-in and reset links until enabled again', async () => {
    const shopper = await registerShopper(server, pk, { firstName: 'Quang' });
    const me = () => call(server, 'GET', '/store/v1/customers/me', { headers: shopper.headers });
    expect((await me()).status).toBe(200);
    clearMail(server);
    await call(server, 'POST', '/store/v1/customers/password/forgot', {
      headers: pk,
      body: { email: shopper.email },
    });
    const reset = await waitForMail(server, { to: shopper.email });
    const resetToken = /token=([^\s&]+)/.exec(reset.text)![1]!;

    const off = await api('PUT', `/admin/v1/customers/${shopper.id}/status`, { status: 'disabled' });
    expect(off.status).toBe(200);
    expect(off.body.status).toBe('disabled');
    expect((await me()).status).toBe(401);
    const signIn = () =>
      call(server, 'POST', '/store/v1/customers/login', {
        headers: pk,
        body: { email: shopper.email, password: shopper.password },
      });
    expect((await signIn()).status).toBe(401);
    const used = await call(server, 'POST', '/store/v1/customers/password/reset', {
      headers: pk,
      body: { token: decodeURIComponent(resetToken), password: 'another-password-9' },
    });
    expect(used.status).toBe(401);
    expect((await api('POST', `/admin/v1/customers/${shopper.id}/invite`)).status).toBe(409);
    // Twice is once.
    await api('PUT', `/admin/v1/customers/${shopper.id}/status`, { status: 'disabled' });
    const disabledEvents = (await eventsOf(db(), storeId, 'customer.account_disabled')).filter(
      (e) => e.customerId === shopper.id,
    );
    expect(disabledEvents).toHaveLength(1);

    const on = await api('PUT', `/admin/v1/customers/${shopper.id}/status`, { status: 'active' });
    expect(on.body.status).toBe('active');
    expect((await signIn()).status).toBe(200);
    expect(await eventsOf(db(), storeId, 'customer.account_enabled')).toContainEqual({
      customerId: shopper.id,
    });
    expect(await auditOf('customer.account_disabled', shopper.id)).toEqual([{ status: 'disabled' }]);

    expect((await api('PUT', `/admin/v1/customers/${shopper.id}/status`, { status: 'gone' })).status).toBe(
      400,
    );
    expect(
      (await api('PUT', `/admin/v1/customers/${shopper.id}/status`, { status: 'disabled' }, otherOwner))
        .status,
    ).toBe(404);
  });
});

describe('the customer list as CSV', () => {
  it('exports the filtered customers with profile, consent, tags and default address; audited; erased left out', async () => {
    const tag = `csv-${Date.now()}`;
    const a = await api('POST', '/admin/v1/customers', {
      email: uniqueEmail('csv-a'),
      first_name: 'Thu',
      last_name: '=HYPERLINK("x")',
      phone: '+84 911 222 333',
      locale: 'vi',
      tags: [tag, 'vip'],
      note: 'Line one, "quoted"',
      address,
      marketing_consent: ['email'],
    });
    const b = await api('POST', '/admin/v1/customers', { email: uniqueEmail('csv-b'), tags: [tag] });
    const gone = await api('POST', '/admin/v1/customers', { email: uniqueEmail('csv-c'), tags: [tag] });
    await api('POST', `/admin/v1/customers/${gone.body.id}/erase`, { confirm_email: gone.body.email });

    const res = await fetch(`${server.url}/admin/v1/customers/export.csv?tag=${tag}`, {
      headers: owner.headers,
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(res.headers.get('content-disposition')).toMatch(/attachment; filename="customers-/);
    const lines = (await res.text()).trim().split('\r\n');
    expect(lines[0]).toBe(
      'id,email,first_name,last_name,phone,locale,account,status,accepts_email_marketing,accepts_sms_marketing,' +
        'tax_exempt,tags,note,company,address1,address2,city,region,postal_code,country,created_at,last_login_at',
    );
    expect(lines).toHaveLength(3); // b, a — the erased one is not exported; cells starting like formulas get a '
    expect(lines[1]).toContain(`${b.body.id},${b.body.email},,,,,none,active,no,no,no,${tag},`);
    expect(lines[2]).toContain(
      `${a.body.id},${a.body.email},Thu,"'=HYPERLINK(""x"")",'+84 911 222 333,vi,none,active,yes,no,no,"${tag}, vip",` +
        '"Line one, ""quoted""",,12 Hang Bac,,Hanoi,,100000,VN,',
    );
    const { rows } = await db().execute<{ after: unknown }>(
      sql`SELECT after FROM audit_log WHERE store_id = ${storeId} AND action = 'customer.list_exported'`,
    );
    expect(rows.at(-1)!.after).toEqual({ filters: { tag } });

    // The file moves the customers to another store as they were: phone, tags, address, consent.
    const moved = await fetch(`${server.url}/admin/v1/customers/import`, {
      method: 'POST',
      headers: { ...otherOwner.headers, 'content-type': 'text/csv' },
      body: lines.join('\r\n'),
    }).then(async (r) => ({
      status: r.status,
      body: (await r.json()) as { created: number; failed: number },
    }));
    expect(moved.body).toMatchObject({ created: 2, failed: 0 });
    const there = await api('GET', `/admin/v1/customers?q=${a.body.email}`, undefined, otherOwner);
    const copy = (await api('GET', `/admin/v1/customers/${there.body.data[0].id}`, undefined, otherOwner))
      .body;
    expect(copy).toMatchObject({
      first_name: 'Thu',
      last_name: '=HYPERLINK("x")',
      note: 'Line one, "quoted"',
      tags: [tag, 'vip'],
      profile: { phone: '+84 911 222 333', locale: 'vi' },
    });
    expect(copy.addresses[0].address).toMatchObject({
      line1: '12 Hang Bac',
      postal_code: '100000',
      country: 'VN',
    });
    expect(copy.marketing_consent.find((m: { channel: string }) => m.channel === 'email').status).toBe(
      'granted',
    );

    expect(
      (
        await fetch(`${server.url}/admin/v1/customers/export.csv?tax_exempt=maybe`, {
          headers: owner.headers,
        })
      ).status,
    ).toBe(400);
    const staffSession = await createStaffSession(server, { role: 'staff', storeId });
    expect(
      (await fetch(`${server.url}/admin/v1/customers/export.csv`, { headers: staffSession.headers })).status,
    ).toBe(403);
  });
});

describe('importing customers from CSV', () => {
  const post = (csv: string, session: StaffSession = owner) =>
    fetch(`${server.url}/admin/v1/customers/import`, {
      method: 'POST',
      headers: { ...session.headers, 'content-type': 'text/csv' },
      body: csv,
    }).then(async (r): Promise<Pick<HttpResult, 'status' | 'body'>> => ({
      status: r.status,
      body: await r.json(),
    }));

  it("reads Shopify's customer export: adds the valid rows, skips known e-mails, reports the rest by row", async () => {
    const known = await registerShopper(server, pk, { firstName: 'Known' });
    const [fresh, twice, bad] = [uniqueEmail('imp-fresh'), uniqueEmail('imp-twice'), 'not-an-email'];
    const csv = [
      'First Name,Last Name,Email,Accepts Email Marketing,Default Address Company,Default Address Address1,' +
        'Default Address Address2,Default Address City,Default Address Province Code,Default Address Country Code,' +
        'Default Address Zip,Default Address Phone,Phone,Accepts SMS Marketing,Total Spent,Total Orders,Note,Tax Exempt,Tags',
      `Linh,Pham,${fresh},yes,Pham Trading,5 Ly Thai To,,Hanoi,,VN,100000,,+84 912 000 222,no,120.00,3,"Wholesale, net 30",no,"VIP, wholesale"`,
      `Known,Shopper,${known.email.toUpperCase()},no,,,,,,,,,,,0,0,,,`,
      `Bad,Row,${bad},no,,,,,,,,,,,0,0,,,`,
      `Twice,One,${twice},no,,,,,,,,,,,0,0,,,`,
      `Twice,Two,${twice},no,,,,,,,,,,,0,0,,,`,
      `Broken,"Quote,${uniqueEmail()},no`,
    ].join('\n');
    const res = await post(csv);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ rows: 6, created: 2, skipped: 2, failed: 2 });
    expect(
      res.body.problems.map((p: { row: number; outcome: string }) => `${p.row}:${p.outcome}`).sort(),
    ).toEqual(['3:skipped', '4:failed', '6:skipped', '7:failed'].sort());
    expect(res.body.problems.find((p: { row: number }) => p.row === 4).message).toMatch(/^email:/);

    const [created] = (await api('GET', `/admin/v1/customers?q=${fresh}`)).body.data;
    const detail = (await api('GET', `/admin/v1/customers/${created.id}`)).body;
    expect(detail).toMatchObject({
      email: fresh,
      first_name: 'Linh',
      last_name: 'Pham',
      registered: false,
      note: 'Wholesale, net 30',
      tags: ['vip', 'wholesale'],
      profile: { phone: '+84 912 000 222' },
    });
    expect(detail.addresses[0].address).toMatchObject({
      company: 'Pham Trading',
      line1: '5 Ly Thai To',
      country: 'VN',
    });
    expect(detail.marketing_consent.find((m: { channel: string }) => m.channel === 'email')).toMatchObject({
      status: 'granted',
      source: 'import',
    });
    // The known shopper is left as they were.
    expect((await api('GET', `/admin/v1/customers/${known.id}`)).body.first_name).toBe('Known');
    const { rows } = await db().execute<{ after: unknown }>(
      sql`SELECT after FROM audit_log WHERE store_id = ${storeId} AND action = 'customer.imported'`,
    );
    expect(rows.at(-1)!.after).toEqual({ rows: 6, created: 2, skipped: 2, failed: 2 });

    // Importing the same file again adds nobody.
    expect((await post(csv)).body).toMatchObject({ created: 0, skipped: 4, failed: 2 });
  });

  it('refuses a file without an Email column, one too long, and callers without the permission', async () => {
    const noEmail = await post('Name,Phone\nAn,123456789');
    expect(noEmail.status).toBe(400);
    expect(noEmail.body.detail).toMatch(/Email column/);
    const long = ['Email', ...Array.from({ length: 1001 }, (_, i) => `bulk-${i}@example.com`)].join('\n');
    expect((await post(long)).status).toBe(400);
    expect((await api('GET', `/admin/v1/customers?q=bulk-0@example.com`)).body.data).toEqual([]);
    expect((await post(`Email\n${uniqueEmail()}`, reader)).status).toBe(403);
  });
});

describe("proving a shopper's e-mail address", () => {
  it('registering proves nothing; the link, a resend and a password reset each prove it once', async () => {
    clearMail(server);
    const shopper = await registerShopper(server, pk, { firstName: 'Vy' });
    const me = () => call(server, 'GET', '/store/v1/customers/me', { headers: shopper.headers });
    expect((await me()).body.email_verified).toBe(false);
    const first = await waitForMail(server, { to: shopper.email, subject: /^Confirm your e-mail address/ });
    const tokenOf = (text: string) => decodeURIComponent(/verify-email\?token=(\S+)/.exec(text)![1]!);

    // Asked again: a new link, the first stops working.
    const resend = await call(server, 'POST', '/store/v1/customers/me/verify-email', {
      headers: shopper.headers,
    });
    expect(resend.status).toBe(202);
    const second = await waitForMail(server, (m) => m.to.includes(shopper.email) && m.text !== first.text);
    const verify = (token: string) =>
      call(server, 'POST', '/store/v1/customers/verify-email', { headers: pk, body: { token } });
    expect((await verify(tokenOf(first.text))).status).toBe(401);
    expect((await verify(tokenOf(second.text))).body.customer.email_verified).toBe(true);
    expect((await me()).body.email_verified).toBe(true);
    const proved = async (id: string) =>
      (await eventsOf(db(), storeId, 'customer.email_verified')).filter((e) => e.customerId === id);
    expect(await proved(shopper.id)).toEqual([{ customerId: shopper.id }]);

    // A password reset proves it too; staff changing the address makes it unproven again.
    const other = await registerShopper(server, pk, { firstName: 'Khoa' });
    await call(server, 'POST', '/store/v1/customers/password/forgot', {
      headers: pk,
      body: { email: other.email },
    });
    const reset = await waitForMail(server, { to: other.email, subject: /^Reset your/ });
    const resetToken = decodeURIComponent(/reset-password\?token=(\S+)/.exec(reset.text)![1]!);
    const done = await call(server, 'POST', '/store/v1/customers/password/reset', {
      headers: pk,
      body: { token: resetToken, password: 'a-brand-new-password-7' },
    });
    expect(done.body.customer.email_verified).toBe(true);
    expect(await proved(other.id)).toHaveLength(1);
    await api('PATCH', `/admin/v1/customers/${other.id}`, { email: uniqueEmail('khoa.new') });
    const login = await call(server, 'POST', '/store/v1/customers/login', {
      headers: pk,
      body: {
        email: (await api('GET', `/admin/v1/customers/${other.id}`)).body.email,
        password: 'a-brand-new-password-7',
      },
    });
    expect(login.body.customer.email_verified).toBe(false);
  });
});
