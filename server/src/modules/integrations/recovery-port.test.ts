/**
 * The recovery port: what it takes (validated neutral items), what it records once (a cart or
 * contact per version, a purchase per order; older states dropped), the replay of the inbox into
 * recovery once it is wired (in order, resumable, nothing twice), and GDPR export and erasure of
 * what connected shops delivered about a shopper.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestPlatform, type TestPlatform } from '../../../test/harness.ts';
import { createTestStore } from '../../../test/identity.ts';
import { eventsOf, rowsOf } from '../../../test/records.ts';
import { withStore } from '../../platform/db/database.ts';
import { AppError } from '../../platform/errors.ts';
import { eraseCustomer, exportCustomerData } from '../customers/service.ts';
import { registerCustomer } from '../identity/customers.ts';
import { createConnection } from './connections.ts';
import './personal-data.ts';
import {
  recordContact,
  recordPurchase,
  replayInbox,
  upsertTrackedCart,
  type ExternalCart,
  type ExternalContact,
  type ExternalPurchase,
  type HandOver,
} from './recovery-port.ts';

let platform: TestPlatform;
let storeId: string;
let from: HandOver;

beforeAll(async () => {
  platform = await createTestPlatform();
  storeId = (await createTestStore(platform)).id;
  const view = await createConnection(platform, {
    storeId,
    input: {
      platform: 'shopify',
      shop_domain: 'port-test.myshopify.com',
      webhook_secret: 'shpss_port_test_secret',
    },
  });
  from = { connectionId: view.id, deliveryId: null, via: 'poll' };
});
afterAll(async () => {
  await platform?.close();
});

const cart = (over: Partial<ExternalCart> = {}): ExternalCart => ({
  storeId,
  source: 'shopify',
  externalId: 'chk-1',
  contact: { email: 'ann@example.com', firstName: 'Ann', phone: '+15550001111', acceptsMarketing: true },
  currency: 'USD',
  value: 2500,
  items: [{ title: 'Tee', quantity: 1, unitPrice: 2500, sku: 'TEE-M' }],
  updatedAt: '2024-05-01T10:00:00.000Z',
  ...over,
});
const purchase = (over: Partial<ExternalPurchase> = {}): ExternalPurchase => ({
  storeId,
  source: 'shopify',
  externalOrderId: '9001',
  externalCartId: 'chk-1',
  email: 'ann@example.com',
  currency: 'USD',
  total: 2500,
  placedAt: '2024-05-01T10:05:00.000Z',
  ...over,
});
const contact = (over: Partial<ExternalContact> = {}): ExternalContact => ({
  storeId,
  source: 'shopify',
  externalCustomerId: '77',
  email: 'ann@example.com',
  consent: [
    { channel: 'email', status: 'granted', source: 'shopify', occurredAt: '2024-05-01T09:00:00.000Z' },
  ],
  updatedAt: '2024-05-01T09:00:00.000Z',
  ...over,
});
const inTx = <T>(work: Parameters<typeof withStore<T>>[2]) => withStore(platform.db, storeId, work);
const inbox = () =>
  rowsOf<{ kind: string; external_id: string; version: string }>(platform.db, 'integration_inbox', storeId);

describe('recording', () => {
  it('records a cart per version, a purchase once, a contact per version', async () => {
    expect(await inTx((tx) => upsertTrackedCart(tx, cart(), from))).toBe('recorded');
    expect(await inTx((tx) => upsertTrackedCart(tx, cart(), from))).toBe('duplicate');
    expect(
      await inTx((tx) =>
        upsertTrackedCart(tx, cart({ value: 3000, updatedAt: '2024-05-01T10:01:00.000Z' }), from),
      ),
    ).toBe('recorded');
    expect(await inTx((tx) => recordPurchase(tx, purchase(), from))).toBe('recorded');
    // The same order again, even told differently (a later update of it): still one purchase.
    expect(
      await inTx((tx) => recordPurchase(tx, purchase({ placedAt: '2024-05-01T10:06:00.000Z' }), from)),
    ).toBe('duplicate');
    expect(await inTx((tx) => recordContact(tx, contact(), from))).toBe('recorded');
    expect((await inbox()).map((r) => [r.kind, r.external_id, r.version])).toEqual([
      ['cart', 'chk-1', '2024-05-01T10:00:00.000Z'],
      ['cart', 'chk-1', '2024-05-01T10:01:00.000Z'],
      ['purchase', '9001', 'placed'],
      ['contact', '77', '2024-05-01T09:00:00.000Z'],
    ]);
    expect(await eventsOf(platform.db, storeId, 'external_cart.received')).toHaveLength(2);
    expect(await eventsOf(platform.db, storeId, 'external_purchase.received')).toHaveLength(1);
    expect(await eventsOf(platform.db, storeId, 'external_contact.received')).toEqual([
      expect.objectContaining({
        externalCustomerId: '77',
        consent: [{ channel: 'email', status: 'granted' }],
      }),
    ]);
  });

  it('drops an older state of a cart or contact than one already recorded', async () => {
    expect(
      await inTx((tx) => upsertTrackedCart(tx, cart({ updatedAt: '2024-05-01T09:59:00.000Z' }), from)),
    ).toBe('outdated');
    expect(
      await inTx((tx) => recordContact(tx, contact({ updatedAt: '2024-04-01T00:00:00.000Z' }), from)),
    ).toBe('outdated');
  });

  it('refuses an item that is not the neutral shape (422 at mapped.…), recording nothing', async () => {
    const before = await inbox();
    const bad = cart({
      externalId: 'chk-bad',
      currency: 'usd',
      value: -1,
      items: [{ title: '', quantity: 0, unitPrice: 1 }],
    });
    const err = await inTx((tx) => upsertTrackedCart(tx, bad, from)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe('INTEGRATION_PAYLOAD_INVALID');
    expect((err as AppError).errors?.map((e) => e.path).sort()).toEqual([
      'mapped.currency',
      'mapped.items.0.quantity',
      'mapped.items.0.title',
      'mapped.value',
    ]);
    expect(await inbox()).toEqual(before);
  });

  it('concurrent versions of one cart: each recorded once, none lost', async () => {
    const versions = Array.from({ length: 8 }, (_, i) =>
      cart({ externalId: 'chk-race', updatedAt: `2024-06-01T10:00:0${i}.000Z` }),
    );
    const outcomes = await Promise.all(
      [...versions, ...versions].map((v) => inTx((tx) => upsertTrackedCart(tx, v, from))),
    );
    const recorded = (await inbox()).filter((r) => r.external_id === 'chk-race');
    // Each version at most once; every version recorded unless a newer one was there first.
    expect(new Set(recorded.map((r) => r.version)).size).toBe(recorded.length);
    expect(outcomes.filter((o) => o === 'recorded')).toHaveLength(recorded.length);
    expect(recorded.map((r) => r.version)).toContain('2024-06-01T10:00:07.000Z');
  });
});

describe('replaying the inbox into recovery', () => {
  it('hands every item once, oldest first, and resumes where a failed replay stopped', async () => {
    const handed: string[] = [];
    let failOn = 3;
    const intake = {
      async cart(_tx: unknown, c: ExternalCart) {
        if (--failOn === 0) throw new Error('recovery unavailable');
        handed.push(`cart:${c.externalId}@${c.updatedAt}`);
      },
      async purchase(_tx: unknown, p: ExternalPurchase) {
        handed.push(`purchase:${p.externalOrderId}`);
      },
      async contact(_tx: unknown, c: ExternalContact) {
        handed.push(`contact:${c.externalCustomerId}`);
      },
    };
    const total = (await inbox()).length;
    await expect(replayInbox(platform, { storeId, intake })).rejects.toThrow('recovery unavailable');
    const first = handed.length;
    const { handed: rest } = await replayInbox(platform, { storeId, intake });
    expect(first + rest).toBe(total);
    expect(handed).toHaveLength(total);
    expect(new Set(handed).size).toBe(total);
    expect(handed.slice(0, 3)).toEqual([
      'contact:77',
      'cart:chk-1@2024-05-01T10:00:00.000Z',
      'cart:chk-1@2024-05-01T10:01:00.000Z',
    ]);
    expect((await replayInbox(platform, { storeId, intake })).handed).toBe(0);
    const { rows } = await platform.db.execute<{ n: number }>(
      sql`SELECT count(*)::int AS n FROM integration_inbox WHERE store_id = ${storeId} AND handed_at IS NULL`,
    );
    expect(rows[0]!.n).toBe(0);
  });
});

describe('GDPR', () => {
  it('exports what shops delivered about a shopper, and erasure removes the person but keeps the amounts', async () => {
    const email = 'bea@example.com';
    const { customer } = await registerCustomer(platform, {
      storeId,
      email,
      password: 'a-long-password-123',
    });
    await inTx((tx) =>
      upsertTrackedCart(
        tx,
        cart({
          externalId: 'chk-bea',
          contact: { email: 'Bea@Example.com', firstName: 'Bea', phone: '+15550002222' },
        }),
        from,
      ),
    );
    const exported = await exportCustomerData(platform.db, { storeId, customerId: customer.id });
    const section = (exported.data as Record<string, { inbox: { external_id: string; item: unknown }[] }>)
      .integrations!;
    expect(section.inbox.map((i) => i.external_id)).toEqual(['chk-bea']);

    const erased = await eraseCustomer(platform, { storeId, customerId: customer.id, confirmEmail: email });
    expect(erased.modules).toContain('integrations');
    const [row] = await rowsOf<{ email: string | null; payload: ExternalCart }>(
      platform.db,
      'integration_inbox',
      storeId,
      sql`external_id = 'chk-bea'`,
    );
    expect(row!.email).toBeNull();
    expect(row!.payload.contact).toEqual({
      email: `erased+${customer.id}@invalid`,
      firstName: null,
      phone: null,
    });
    expect(row!.payload.value).toBe(2500);
    expect(JSON.stringify(row)).not.toMatch(/bea@example\.com|"Bea"|5550002222/i);
  });
});
