import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer } from '../../../test/harness.ts';
import { call, createStaffSession, createTestApiKey, type StaffSession } from '../../../test/identity.ts';
import { waitForMail } from '../../../test/mail.ts';
import { recordConsent } from '../messaging/service.ts';
import { marketingConsentOf } from './service.ts';
import { eventually, registerShopper, uniqueEmail } from './testing.ts';

/**
 * Marketing consent end to end, over real HTTP with a worker: the checkout's "e-mail me news and
 * offers" box, double opt-in (the link e-mailed through messaging and the storefront's confirm
 * call), a withdrawal cancelling an open link, an expired or forged one, and an unsubscribe made
 * in messaging becoming the customer's record too.
 */

let server: Awaited<ReturnType<typeof startTestServer>>;
let owner: StaffSession;
let storeId: string;
let pk: Record<string, string>;
let otherPk: Record<string, string>;

beforeAll(async () => {
  server = await startTestServer({ worker: true });
  owner = await createStaffSession(server, { role: 'owner' });
  storeId = owner.storeId!;
  pk = (await createTestApiKey(server, { storeId, kind: 'publishable' })).headers;
  const other = await createStaffSession(server, { role: 'owner' });
  otherPk = (await createTestApiKey(server, { storeId: other.storeId!, kind: 'publishable' })).headers;
});
afterAll(async () => {
  await server?.close();
});

const db = () => server.platform.db;
const admin = (method: string, path: string, body?: unknown, session: StaffSession = owner) =>
  call(server, method, path, { headers: session.headers, body });
const shop = (method: string, path: string, body?: unknown, headers = pk) =>
  call(server, method, path, { headers, body });
const emailConsent = async (email: string) =>
  (await marketingConsentOf(db(), { storeId, email })).find((c) => c.channel === 'email')!;
const tokenOf = (text: string) => /newsletter\/confirm\?token=([^\s)]+)/.exec(text)![1]!;

async function cartWith(email: string, locale?: string): Promise<string> {
  const res = await shop('POST', '/store/v1/carts', { email, ...(locale ? { locale } : {}) });
  expect(res.status).toBe(201);
  return res.body.id;
}

async function setDoubleOptIn(on: boolean): Promise<void> {
  const res = await admin('PATCH', '/admin/v1/marketing-consents/settings', { double_opt_in: on });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  expect(res.body).toEqual({ double_opt_in: on });
}

describe('the checkout box', () => {
  it('records consent for the cart’s address when ticked, and withdraws it when unticked', async () => {
    const email = uniqueEmail('box');
    const cartId = await cartWith(email);
    const ticked = await shop('PATCH', `/store/v1/carts/${cartId}`, { marketing_opt_in: true });
    expect(ticked.status, JSON.stringify(ticked.body)).toBe(200);
    expect(ticked.body.marketing_opt_in).toBe(true);
    expect(await emailConsent(email)).toMatchObject({
      status: 'granted',
      source: 'checkout',
      awaiting_confirmation_since: null,
    });
    // Messaging holds it too: recovery may e-mail this address.
    await eventually(async () => {
      const { rows } = await db().execute<{ status: string }>(
        sql`SELECT status FROM messaging_consents WHERE store_id = ${storeId} AND address_key = ${email.toLowerCase()}
              AND channel = 'email' AND category = 'marketing'`,
      );
      return rows[0]?.status === 'granted';
    });
    // The same again records nothing; unticking withdraws.
    await shop('PATCH', `/store/v1/carts/${cartId}`, { marketing_opt_in: true });
    const unticked = await shop('PATCH', `/store/v1/carts/${cartId}`, { marketing_opt_in: false });
    expect(unticked.body.marketing_opt_in).toBe(false);
    expect(await emailConsent(email)).toMatchObject({ status: 'withdrawn', source: 'checkout' });
    const { rows } = await db().execute<{ n: number }>(
      sql`SELECT count(*)::int AS n FROM marketing_consent_history WHERE store_id = ${storeId} AND email = ${email.toLowerCase()}`,
    );
    expect(rows[0]!.n).toBe(2);
  });

  it('unticking undoes only what the tick recorded: consent given elsewhere stays', async () => {
    const email = uniqueEmail('elsewhere');
    const shopper = await registerShopper(server, pk, { email });
    await call(server, 'PUT', '/store/v1/customers/me/consent/email', {
      headers: shopper.headers,
      body: { status: 'granted' },
    });
    // Someone else ticks and unticks the box with that address: the owner's consent stands.
    const cartId = await cartWith(email);
    await shop('PATCH', `/store/v1/carts/${cartId}`, { marketing_opt_in: true });
    await shop('PATCH', `/store/v1/carts/${cartId}`, { marketing_opt_in: false });
    expect(await emailConsent(email)).toMatchObject({ status: 'granted', source: 'account' });

    // A typo corrected while ticked: the mistyped address loses what the tick gave it.
    const typo = uniqueEmail('typo');
    const right = uniqueEmail('right');
    const second = await cartWith(typo);
    await shop('PATCH', `/store/v1/carts/${second}`, { marketing_opt_in: true });
    expect((await emailConsent(typo)).status).toBe('granted');
    await shop('PATCH', `/store/v1/carts/${second}`, { email: right });
    expect((await emailConsent(typo)).status).toBe('withdrawn');
    expect((await emailConsent(right)).status).toBe('granted');
  });

  it('a box left unticked says nothing, and a tick before the e-mail counts once the e-mail is given', async () => {
    const email = uniqueEmail('later');
    const res = await shop('POST', '/store/v1/carts', {});
    const cartId = res.body.id;
    await shop('PATCH', `/store/v1/carts/${cartId}`, { marketing_opt_in: false });
    await shop('PATCH', `/store/v1/carts/${cartId}`, { marketing_opt_in: true });
    await shop('PATCH', `/store/v1/carts/${cartId}`, { email });
    expect(await emailConsent(email)).toMatchObject({ status: 'granted', source: 'checkout' });
    const bad = await shop('PATCH', `/store/v1/carts/${cartId}`, { marketing_opt_in: 'yes' });
    expect(bad.status).toBe(400);
  });
});

describe('double opt-in', () => {
  it('is off by default, changed only with store.manage, audited, and refuses bad input', async () => {
    expect((await admin('GET', '/admin/v1/marketing-consents/settings')).body).toEqual({
      double_opt_in: false,
    });
    const reader = await createStaffSession(server, { role: 'read_only', storeId });
    expect((await admin('GET', '/admin/v1/marketing-consents/settings', undefined, reader)).status).toBe(200);
    expect(
      (await admin('PATCH', '/admin/v1/marketing-consents/settings', { double_opt_in: true }, reader)).status,
    ).toBe(403);
    const bad = await admin('PATCH', '/admin/v1/marketing-consents/settings', { double_opt_in: 'yes' });
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].path).toBe('body.double_opt_in');
    await setDoubleOptIn(true);
    await setDoubleOptIn(false);
    const { rows } = await db().execute<{ after: { double_opt_in: boolean } }>(
      sql`SELECT after FROM audit_log WHERE store_id = ${storeId} AND action = 'store.marketing_settings_changed' ORDER BY id`,
    );
    expect(rows.map((r) => r.after.double_opt_in)).toEqual([true, false]);
  });

  it('a tick waits for the link e-mailed to the address; confirming it grants consent with the evidence', async () => {
    await setDoubleOptIn(true);
    try {
      const email = uniqueEmail('doi');
      const cartId = await cartWith(email, 'vi');
      await shop('PATCH', `/store/v1/carts/${cartId}`, { marketing_opt_in: true });
      const pending = await emailConsent(email);
      expect(pending.status).toBe('none');
      expect(pending.awaiting_confirmation_since).not.toBeNull();

      const mail = await waitForMail(server, { to: email.toLowerCase() }, 10_000);
      expect(mail.subject).toMatch(/Xác nhận đăng ký/); // the cart's language
      const token = tokenOf(mail.text);

      // A forged token, and one sent with another store's key, are refused and change nothing.
      expect((await shop('POST', '/store/v1/marketing-consent/confirm', { token: `${token}x` })).status).toBe(
        401,
      );
      expect((await shop('POST', '/store/v1/marketing-consent/confirm', { token }, otherPk)).status).toBe(
        401,
      );
      expect((await emailConsent(email)).status).toBe('none');

      const confirmed = await shop('POST', '/store/v1/marketing-consent/confirm', { token });
      expect(confirmed.status, JSON.stringify(confirmed.body)).toBe(200);
      expect(confirmed.body).toMatchObject({ channel: 'email', status: 'granted', source: 'checkout' });
      // Following the link again answers the same and records nothing more.
      expect((await shop('POST', '/store/v1/marketing-consent/confirm', { token })).body.status).toBe(
        'granted',
      );
      const { rows } = await db().execute<{ source: string; confirmation_id: string | null }>(
        sql`SELECT source, confirmation_id FROM marketing_consent_history WHERE store_id = ${storeId} AND email = ${email.toLowerCase()}`,
      );
      expect(rows).toHaveLength(1);
      expect(rows[0]!.confirmation_id).toMatch(/^mcr_/);
      // The message log has it, as a transactional e-mail.
      const { rows: messages } = await db().execute<{ purpose: string }>(
        sql`SELECT purpose FROM messaging_messages WHERE store_id = ${storeId} AND idempotency_key LIKE 'consent-confirmation:%'
              AND address_key = ${email.toLowerCase()}`,
      );
      expect(messages.map((m) => m.purpose)).toEqual(['transactional']);
    } finally {
      await setDoubleOptIn(false);
    }
  });

  it('a shopper’s account grant waits too; a withdrawal counts at once and the old link is then 410', async () => {
    await setDoubleOptIn(true);
    try {
      const shopper = await registerShopper(server, pk);
      const put = (status: string) =>
        call(server, 'PUT', '/store/v1/customers/me/consent/email', {
          headers: shopper.headers,
          body: { status },
        });
      const asked = await put('granted');
      expect(asked.status).toBe(200);
      expect(asked.body.status).toBe('none');
      expect(asked.body.awaiting_confirmation_since).not.toBeNull();
      const mine = await call(server, 'GET', '/store/v1/customers/me/consent', { headers: shopper.headers });
      expect(mine.body.data[0].awaiting_confirmation_since).not.toBeNull();
      const mail = await waitForMail(
        server,
        (m) => m.to.includes(shopper.email.toLowerCase()) && /subscription/i.test(m.subject ?? ''),
        10_000,
      );
      const withdrawn = await put('withdrawn');
      expect(withdrawn.body).toMatchObject({ status: 'withdrawn', awaiting_confirmation_since: null });
      const late = await shop('POST', '/store/v1/marketing-consent/confirm', { token: tokenOf(mail.text) });
      expect(late.status).toBe(410);
      expect(late.body.code).toBe('LINK_EXPIRED');
      expect((await emailConsent(shopper.email)).status).toBe('withdrawn');
    } finally {
      await setDoubleOptIn(false);
    }
  });

  it('ten ticks at once make one open request; five confirmations at once make one grant', async () => {
    await setDoubleOptIn(true);
    try {
      const email = uniqueEmail('race');
      const carts = await Promise.all(Array.from({ length: 10 }, () => cartWith(email)));
      const ticks = await Promise.all(
        carts.map((id) => shop('PATCH', `/store/v1/carts/${id}`, { marketing_opt_in: true })),
      );
      expect(ticks.map((r) => r.status)).toEqual(Array(10).fill(200));
      const { rows: requests } = await db().execute<{ id: string }>(
        sql`SELECT id FROM marketing_consent_requests WHERE store_id = ${storeId} AND email = ${email.toLowerCase()}`,
      );
      expect(requests).toHaveLength(1);
      const mail = await waitForMail(server, { to: email.toLowerCase() }, 10_000);
      const token = tokenOf(mail.text);
      const confirmations = await Promise.all(
        Array.from({ length: 5 }, () => shop('POST', '/store/v1/marketing-consent/confirm', { token })),
      );
      expect(confirmations.map((r) => r.status)).toEqual(Array(5).fill(200));
      const { rows: history } = await db().execute<{ n: number }>(
        sql`SELECT count(*)::int AS n FROM marketing_consent_history WHERE store_id = ${storeId} AND email = ${email.toLowerCase()}`,
      );
      expect(history[0]!.n).toBe(1);
      expect((await emailConsent(email)).status).toBe('granted');
    } finally {
      await setDoubleOptIn(false);
    }
  });

  it('an expired link is 410; staff and imports are not asked to confirm', async () => {
    await setDoubleOptIn(true);
    try {
      const email = uniqueEmail('expired');
      const cartId = await cartWith(email);
      await shop('PATCH', `/store/v1/carts/${cartId}`, { marketing_opt_in: true });
      const mail = await waitForMail(server, { to: email.toLowerCase() }, 10_000);
      await db().execute(
        sql`UPDATE marketing_consent_requests SET expires_at = now() - interval '1 minute' WHERE store_id = ${storeId} AND email = ${email.toLowerCase()}`,
      );
      const res = await shop('POST', '/store/v1/marketing-consent/confirm', { token: tokenOf(mail.text) });
      expect(res.status).toBe(410);
      expect((await emailConsent(email)).status).toBe('none');

      const imported = uniqueEmail('imported');
      const imp = await admin('POST', '/admin/v1/marketing-consents/import', {
        entries: [{ email: imported, channel: 'email', status: 'granted' }],
      });
      expect(imp.body).toEqual({ recorded: 1, changed: 1 });
      expect((await emailConsent(imported)).status).toBe('granted');
    } finally {
      await setDoubleOptIn(false);
    }
  });
});

describe('a withdrawal made in messaging', () => {
  it('is the customer’s record too (source messaging), and goes no further back', async () => {
    const shopper = await registerShopper(server, pk);
    await call(server, 'PUT', '/store/v1/customers/me/consent/email', {
      headers: shopper.headers,
      body: { status: 'granted' },
    });
    await recordConsent(server.platform, {
      storeId,
      channel: 'email',
      address: shopper.email,
      status: 'withdrawn',
      source: 'unsubscribe',
    });
    await eventually(async () => {
      const mine = await call(server, 'GET', '/store/v1/customers/me/consent', { headers: shopper.headers });
      return mine.body.data[0].status === 'withdrawn' && mine.body.data[0].source === 'messaging';
    });
    const history = await call(server, 'GET', '/store/v1/customers/me/consent/history', {
      headers: shopper.headers,
    });
    expect(
      history.body.data.map((h: { source: string; status: string }) => `${h.source}:${h.status}`),
    ).toEqual(['messaging:withdrawn', 'account:granted']);
  });
});
