import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer } from '../../../test/harness.ts';
import { call, createStaffSession, createTestApiKey, type StaffSession } from '../../../test/identity.ts';
import { recordMarketingConsent } from './service.ts';
import { eventsOf, registerShopper, rowsOf, uniqueEmail, type TestShopper } from './testing.ts';

/** Races: whatever the interleaving, nothing is lost, nothing doubled, the invariants hold. */

let server: Awaited<ReturnType<typeof startTestServer>>;
let owner: StaffSession;
let storeId: string;
let pk: Record<string, string>;

beforeAll(async () => {
  server = await startTestServer({ overrides: { CUSTOMER_MAX_ADDRESSES: '12', DB_POOL_SIZE: '30' } });
  owner = await createStaffSession(server, { role: 'owner' });
  storeId = owner.storeId!;
  pk = (await createTestApiKey(server, { storeId, kind: 'publishable' })).headers;
});
afterAll(async () => {
  await server?.close();
});

const db = () => server.platform.db;
const address = (n: number) => ({
  line1: `${n} Elm St`,
  city: 'Austin',
  region: 'TX',
  postal_code: '73301',
  country: 'US',
});
const post = (who: TestShopper, path: string, body: unknown) =>
  call(server, 'POST', `/store/v1/customers/me${path}`, { headers: who.headers, body });

async function defaults(customerId: string) {
  const rows = await rowsOf<{ id: string; is_default_shipping: boolean; is_default_billing: boolean }>(
    db(),
    'customer_addresses',
    storeId,
    sql`customer_id = ${customerId}`,
  );
  return {
    count: rows.length,
    shipping: rows.filter((r) => r.is_default_shipping).map((r) => r.id),
    billing: rows.filter((r) => r.is_default_billing).map((r) => r.id),
  };
}

describe('address book races', () => {
  it('10 concurrent first addresses: all added, exactly one default of each kind', async () => {
    const shopper = await registerShopper(server, pk);
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) => post(shopper, '/addresses', { address: address(i) })),
    );
    expect(results.map((r) => r.status)).toEqual(Array(10).fill(201));
    const d = await defaults(shopper.id);
    expect(d.count).toBe(10);
    expect(d.shipping).toHaveLength(1);
    expect(d.billing).toHaveLength(1);
  });

  it('concurrent default changes on different addresses leave exactly one default', async () => {
    const shopper = await registerShopper(server, pk);
    const ids: string[] = [];
    for (let i = 0; i < 8; i++)
      ids.push((await post(shopper, '/addresses', { address: address(i) })).body.id);
    for (let round = 0; round < 3; round++) {
      const results = await Promise.all(
        ids.map((id, i) =>
          call(server, 'PATCH', `/store/v1/customers/me/addresses/${id}`, {
            headers: shopper.headers,
            body: i % 2 ? { default_shipping: true } : { default_shipping: true, default_billing: true },
          }),
        ),
      );
      expect(results.map((r) => r.status)).toEqual(Array(8).fill(200));
      const d = await defaults(shopper.id);
      expect(d.shipping).toHaveLength(1);
      expect(d.billing).toHaveLength(1);
    }
    // Removing defaults while others are made defaults: still exactly one, on a remaining address.
    await Promise.all([
      ...ids
        .slice(0, 4)
        .map((id) =>
          call(server, 'DELETE', `/store/v1/customers/me/addresses/${id}`, { headers: shopper.headers }),
        ),
      ...ids.slice(4).map((id) =>
        call(server, 'PATCH', `/store/v1/customers/me/addresses/${id}`, {
          headers: shopper.headers,
          body: { default_shipping: true, default_billing: true },
        }),
      ),
    ]);
    const d = await defaults(shopper.id);
    expect(d.count).toBe(4);
    expect(d.shipping).toHaveLength(1);
    expect(d.billing).toHaveLength(1);
    expect(ids.slice(4)).toContain(d.shipping[0]);
  });

  it('20 concurrent adds against a limit of 12: exactly 12 are kept, the rest refused', async () => {
    const shopper = await registerShopper(server, pk);
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) => post(shopper, '/addresses', { address: address(i) })),
    );
    expect(results.filter((r) => r.status === 201)).toHaveLength(12);
    expect(results.filter((r) => r.status === 409 && r.body.code === 'LIMIT_REACHED')).toHaveLength(8);
    expect((await defaults(shopper.id)).count).toBe(12);
  });
});

describe('wish list races', () => {
  it('the same item added 10 times at once is one item and one event', async () => {
    const product = await call(server, 'POST', '/admin/v1/products', {
      headers: owner.headers,
      body: { title: 'Racing socks', status: 'active' },
    });
    const shopper = await registerShopper(server, pk);
    const results = await Promise.all(
      Array.from({ length: 10 }, () => post(shopper, '/wishlist', { product_id: product.body.id })),
    );
    expect(results.filter((r) => r.status === 201)).toHaveLength(1);
    expect(results.filter((r) => r.status === 200)).toHaveLength(9);
    expect(new Set(results.map((r) => r.body.id)).size).toBe(1);
    expect(
      await rowsOf(db(), 'customer_wishlist_items', storeId, sql`customer_id = ${shopper.id}`),
    ).toHaveLength(1);
    const added = await eventsOf(db(), storeId, 'customer.wishlist_item_added');
    expect(added.filter((e) => e.customerId === shopper.id)).toHaveLength(1);
  });
});

describe('consent races', () => {
  it('one guest e-mail granted 10 times at once: one standing row, one history row, one event', async () => {
    const email = uniqueEmail('guest');
    const results = await Promise.all(
      Array.from({ length: 10 }, () =>
        recordMarketingConsent(db(), {
          storeId,
          email,
          channel: 'email',
          status: 'granted',
          source: 'checkout',
        }),
      ),
    );
    expect(results.filter((r) => r.changed)).toHaveLength(1);
    expect(await rowsOf(db(), 'marketing_consents', storeId, sql`email = ${email}`)).toHaveLength(1);
    expect(await rowsOf(db(), 'marketing_consent_history', storeId, sql`email = ${email}`)).toHaveLength(1);
    const events = await eventsOf(db(), storeId, 'customer.consent_changed');
    expect(events.filter((e) => e.email === email)).toHaveLength(1);
  });

  it('a shopper flipping consent concurrently: every change is in the history, the last one stands', async () => {
    const shopper = await registerShopper(server, pk);
    await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        call(server, 'PUT', '/store/v1/customers/me/consent/sms', {
          headers: shopper.headers,
          body: { status: i % 2 ? 'withdrawn' : 'granted' },
        }),
      ),
    );
    const history = await rowsOf<{ id: string; status: string }>(
      db(),
      'marketing_consent_history',
      storeId,
      sql`customer_id = ${shopper.id}`,
    );
    const events = (await eventsOf(db(), storeId, 'customer.consent_changed')).filter(
      (e) => e.customerId === shopper.id,
    );
    expect(events).toHaveLength(history.length);
    // Each change flips the previous one: no two in a row say the same.
    const statuses = history.sort((a, b) => a.id.localeCompare(b.id)).map((h) => h.status);
    statuses.forEach((s, i) => i > 0 && expect(s).not.toBe(statuses[i - 1]));
    const [standing] = await rowsOf<{ status: string }>(
      db(),
      'marketing_consents',
      storeId,
      sql`customer_id = ${shopper.id}`,
    );
    expect(standing!.status).toBe(statuses.at(-1));
  });
});

describe('erasure races', () => {
  it('five concurrent erasures of one shopper: one erasure, one event, the rest see it done', async () => {
    const shopper = await registerShopper(server, pk);
    await post(shopper, '/addresses', { address: address(1) });
    const results = await Promise.all(
      Array.from({ length: 5 }, () =>
        call(server, 'POST', `/admin/v1/customers/${shopper.id}/erase`, {
          headers: owner.headers,
          body: { confirm_email: shopper.email },
        }),
      ),
    );
    expect(results.map((r) => r.status)).toEqual(Array(5).fill(200));
    expect(results.filter((r) => r.body.already_erased === false)).toHaveLength(1);
    expect(new Set(results.map((r) => r.body.erased_at)).size).toBe(1);
    const erased = await eventsOf(db(), storeId, 'customer.erased');
    expect(erased.filter((e) => e.customerId === shopper.id)).toHaveLength(1);
  });
});
