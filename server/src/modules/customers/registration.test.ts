import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer } from '../../../test/harness.ts';
import { call, createTestApiKey, createTestStore } from '../../../test/identity.ts';
import { withStore } from '../../platform/db/database.ts';
import { eventFromRow } from '../../platform/events/outbox.ts';
import { newId } from '../../platform/ids.ts';
import { registrationLinker } from './events.ts';
import {
  customerIdForEmail,
  hasMarketingConsent,
  linkGuestConsents,
  marketingConsentOf,
  recordMarketingConsent,
} from './service.ts';
import { eventsOf, eventually, registerShopper, rowsOf, uniqueEmail } from './testing.ts';

/**
 * Guest → account: consent a guest gave by e-mail (at checkout) follows them into the account
 * they register, through identity's `customer.registered` event, handled by a real worker.
 */

let server: Awaited<ReturnType<typeof startTestServer>>;
let storeId: string;
let otherStoreId: string;
let pk: Record<string, string>;

beforeAll(async () => {
  server = await startTestServer({ worker: true });
  storeId = (await createTestStore(server)).id;
  otherStoreId = (await createTestStore(server)).id;
  pk = (await createTestApiKey(server, { storeId, kind: 'publishable' })).headers;
});
afterAll(async () => {
  await server?.close();
});

const db = () => server.platform.db;

/** A guest record as checkout makes it: an e-mail, no password (written as the database owner). */
async function insertGuestRecord(email: string): Promise<string> {
  const id = newId('cus');
  await db().execute(sql`INSERT INTO customers (id, store_id, email) VALUES (${id}, ${storeId}, ${email})`);
  return id;
}

describe('consent of a guest', () => {
  it('is recorded by e-mail without an account, and answered by hasMarketingConsent', async () => {
    const email = uniqueEmail('guest');
    const r = await recordMarketingConsent(db(), {
      storeId,
      email: email.toUpperCase(),
      channel: 'email',
      status: 'granted',
      source: 'checkout',
    });
    expect(r).toMatchObject({
      changed: true,
      customerId: null,
      consent: { status: 'granted', source: 'checkout' },
    });
    expect(await hasMarketingConsent(db(), { storeId, email, channel: 'email' })).toBe(true);
    expect(await hasMarketingConsent(db(), { storeId, email, channel: 'sms' })).toBe(false);
    expect(await hasMarketingConsent(db(), { storeId: otherStoreId, email, channel: 'email' })).toBe(false);
    expect(await hasMarketingConsent(db(), { storeId, email: uniqueEmail(), channel: 'email' })).toBe(false);
    expect(await hasMarketingConsent(db(), { storeId, customerId: 'cus_unknown', channel: 'email' })).toBe(
      false,
    );
    expect(await customerIdForEmail(db(), { storeId, email })).toBeNull();

    const [event] = (await eventsOf(db(), storeId, 'customer.consent_changed')).slice(-1);
    expect(event).toMatchObject({
      customerId: null,
      email,
      channel: 'email',
      status: 'granted',
      source: 'checkout',
    });

    // The recovery pillar unsubscribes the guest.
    await recordMarketingConsent(db(), {
      storeId,
      email,
      channel: 'email',
      status: 'withdrawn',
      source: 'recovery',
    });
    expect(await hasMarketingConsent(db(), { storeId, email, channel: 'email' })).toBe(false);
    expect((await marketingConsentOf(db(), { storeId, email }))[0]).toMatchObject({
      status: 'withdrawn',
      source: 'recovery',
    });
  });

  it('refuses a statement about nobody, a bad e-mail, or an unknown customer', async () => {
    await expect(
      recordMarketingConsent(db(), { storeId, channel: 'email', status: 'granted', source: 'checkout' }),
    ).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    await expect(
      recordMarketingConsent(db(), {
        storeId,
        email: 'not an email',
        channel: 'email',
        status: 'granted',
        source: 'checkout',
      }),
    ).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    await expect(
      recordMarketingConsent(db(), {
        storeId,
        email: uniqueEmail(),
        channel: 'email',
        status: 'granted',
        source: 'newsletter' as never,
      }),
    ).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    await expect(
      recordMarketingConsent(db(), {
        storeId,
        customerId: 'cus_nope',
        channel: 'email',
        status: 'granted',
        source: 'admin',
      }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});

describe('a guest registers', () => {
  it('emits customer.registered; their guest consent becomes the account’s; customerIdForEmail finds them', async () => {
    const email = uniqueEmail('guest');
    await recordMarketingConsent(db(), {
      storeId,
      email,
      channel: 'push',
      status: 'granted',
      source: 'checkout',
    });
    await recordMarketingConsent(db(), {
      storeId,
      email,
      channel: 'sms',
      status: 'withdrawn',
      source: 'checkout',
    });
    const shopper = await registerShopper(server, pk, { email });

    const registered = await db().execute(
      sql`SELECT * FROM events WHERE store_id = ${storeId} AND type = 'customer.registered' AND aggregate_id = ${shopper.id}`,
    );
    expect(registered.rows.map((r) => eventFromRow(r).payload)).toEqual([
      { customerId: shopper.id, claimedGuest: false },
    ]);
    expect(await customerIdForEmail(db(), { storeId, email: email.toUpperCase() })).toBe(shopper.id);
    // Answered for the account at once, whether or not the worker has linked the rows yet.
    expect(await hasMarketingConsent(db(), { storeId, customerId: shopper.id, channel: 'push' })).toBe(true);
    const mine = await call(server, 'GET', '/store/v1/customers/me/consent', { headers: shopper.headers });
    expect(mine.body.data.map((c: { status: string }) => c.status)).toEqual(['none', 'withdrawn', 'granted']);

    // The worker links them: the rows now belong to the account, the history too.
    await eventually(async () => {
      const rows = await rowsOf(db(), 'marketing_consents', storeId, sql`customer_id = ${shopper.id}`);
      return rows.length === 2;
    });
    expect(await rowsOf(db(), 'marketing_consents', storeId, sql`email = ${email}`)).toEqual([]);
    const history = await rowsOf<{ customer_id: string; email: string }>(
      db(),
      'marketing_consent_history',
      storeId,
      sql`email = ${email}`,
    );
    expect(history.map((h) => h.customer_id)).toEqual([shopper.id, shopper.id]);
    const profile = await call(server, 'GET', '/store/v1/customers/me/profile', { headers: shopper.headers });
    expect(profile.body).toMatchObject({ was_guest: false });
    expect(profile.body.registered_at).not.toBeNull();

    // Statements by the old guest address now land on the account.
    const later = await recordMarketingConsent(db(), {
      storeId,
      email,
      channel: 'email',
      status: 'granted',
      source: 'checkout',
    });
    expect(later.customerId).toBe(shopper.id);
  });

  it('a guest record made at checkout is claimed: same id, was_guest, its consent kept', async () => {
    const email = uniqueEmail('guest');
    const guestId = await insertGuestRecord(email);
    expect(await customerIdForEmail(db(), { storeId, email })).toBeNull(); // a guest record is no account
    const r = await recordMarketingConsent(db(), {
      storeId,
      email,
      channel: 'email',
      status: 'granted',
      source: 'checkout',
    });
    expect(r.customerId).toBe(guestId);

    const shopper = await registerShopper(server, pk, { email });
    expect(shopper.id).toBe(guestId);
    expect(await customerIdForEmail(db(), { storeId, email })).toBe(guestId);
    expect((await eventsOf(db(), storeId, 'customer.registered')).at(-1)).toEqual({
      customerId: guestId,
      claimedGuest: true,
    });
    await eventually(async () => {
      const p = await call(server, 'GET', '/store/v1/customers/me/profile', { headers: shopper.headers });
      return p.body.was_guest === true && p.body.registered_at !== null;
    });
    expect(await hasMarketingConsent(db(), { storeId, customerId: guestId, channel: 'email' })).toBe(true);
  });

  it('linking merges by the most recent statement, and handling the event twice changes nothing', async () => {
    const email = uniqueEmail('guest');
    const shopper = await registerShopper(server, pk, { email });
    await eventually(
      async () => (await rowsOf(db(), 'customer_profiles', storeId, sql`customer_id = ${shopper.id}`)).length,
    );
    // As if statements had been recorded in the moment before the account existed: the account
    // withdrew email in 2024, the guest granted it in 2025 and granted sms in 2020.
    await db().execute(sql`
      INSERT INTO marketing_consents (id, store_id, customer_id, email, channel, status, source, changed_at) VALUES
        (${newId('mcon')}, ${storeId}, ${shopper.id}, NULL, 'email', 'withdrawn', 'account', '2024-01-01T00:00:00Z'),
        (${newId('mcon')}, ${storeId}, NULL, ${email}, 'email', 'granted', 'checkout', '2025-01-01T00:00:00Z'),
        (${newId('mcon')}, ${storeId}, ${shopper.id}, NULL, 'sms', 'granted', 'account', '2024-01-01T00:00:00Z'),
        (${newId('mcon')}, ${storeId}, NULL, ${email}, 'sms', 'withdrawn', 'checkout', '2020-01-01T00:00:00Z')`);
    expect(await hasMarketingConsent(db(), { storeId, customerId: shopper.id, channel: 'email' })).toBe(true);
    expect(await hasMarketingConsent(db(), { storeId, customerId: shopper.id, channel: 'sms' })).toBe(true);

    const [row] = (
      await db().execute(
        sql`SELECT * FROM events WHERE type = 'customer.registered' AND aggregate_id = ${shopper.id}`,
      )
    ).rows;
    const event = eventFromRow(row!);
    for (let i = 0; i < 2; i++) {
      await withStore(db(), storeId, (tx) => registrationLinker.handle(event, { tx, attempt: i + 1 }));
    }
    const rows = await rowsOf<{ channel: string; status: string; source: string; email: string | null }>(
      db(),
      'marketing_consents',
      storeId,
      sql`customer_id = ${shopper.id} OR email = ${email}`,
    );
    expect(rows.map((r) => [r.channel, r.status, r.source, r.email]).sort()).toEqual([
      ['email', 'granted', 'checkout', null],
      ['sms', 'granted', 'account', null],
    ]);
    expect(
      await withStore(db(), storeId, (tx) =>
        linkGuestConsents(tx, { storeId, customerId: shopper.id, email }),
      ),
    ).toBe(0);
  });
});
