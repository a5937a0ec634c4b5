import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestPlatform, type TestPlatform } from '../../../test/harness.ts';
import { withStore } from '../../platform/db/database.ts';
import { createTestStore } from '../../../test/identity.ts';
import { eventsOf, rowsOf, uniqueEmail } from '../customers/testing.ts';
import { foldLockKey } from './fold.ts';
import { useRecoveryPlatform } from './runtime.ts';
import {
  appendTrackerEvents,
  detectAbandonedCarts,
  foldTrackerEvents,
  eraseRecoveryContact,
  exportRecoveryContact,
  getRecoveryContact,
  recordPurchase,
  recordRecoveryTouch,
  recoveryAnalytics,
  recoveryAnalyticsCsv,
  recoveryLinkFor,
  restoreFromRecoveryLink,
  updateRecoverySettings,
  upsertTrackedCart,
  upsertTrackedCartsInTx,
  type TrackedCartInput,
  type TrackerEvent,
} from './service.ts';

/** The recovery core at the service level: tracked carts, detection, purchases, attribution, links, GDPR. */

let platform: TestPlatform;
let storeId: string;
const HOUR = 3_600_000;
const ago = (ms: number) => new Date(Date.now() - ms);
const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

beforeAll(async () => {
  platform = await createTestPlatform();
  useRecoveryPlatform(platform);
  storeId = (await createTestStore(platform)).id;
});
afterAll(async () => {
  useRecoveryPlatform(null);
  await platform?.close();
});

let seq = 0;
function cart(overrides: Partial<TrackedCartInput> = {}): TrackedCartInput {
  seq++;
  return {
    storeId,
    source: 'shopify',
    externalId: `chk-${seq}-${Math.random().toString(36).slice(2)}`,
    currency: 'usd',
    value: 4500,
    items: [
      {
        title: 'Linen shirt',
        variantTitle: 'M',
        sku: 'LS-M',
        variantId: 'gid-1',
        imageUrl: 'https://cdn.example.com/ls.jpg',
        quantity: 1,
        unitPrice: 4500,
      },
    ],
    contact: { email: uniqueEmail('buyer') },
    device: 'mobile',
    recoveryUrl: 'https://shop.example.com/checkouts/abc/recover',
    occurredAt: ago(2 * HOUR),
    ...overrides,
  };
}

const trackedCart = async (id: string) =>
  (await platform.db.execute<Record<string, unknown>>(sql`SELECT * FROM recovery_carts WHERE id = ${id}`))
    .rows[0]!;

describe('tracked carts', () => {
  it('creates a cart with an encrypted contact and times its abandonment from the last activity', async () => {
    const email = uniqueEmail('ana');
    const input = cart({ contact: { email: `  ${email.toUpperCase()} `, phone: '+1 (415) 555-0100' } });
    const { cart: row, created } = await upsertTrackedCart(platform, input);
    expect(created).toBe(true);
    expect(row).toMatchObject({ status: 'active', currency: 'USD', item_count: 1, device: 'mobile' });
    expect(new Date(row.abandon_due_at!).getTime()).toBe(new Date(input.occurredAt as Date).getTime() + HOUR);
    const [contact] = await rowsOf<Record<string, string>>(
      platform.db,
      'recovery_contacts',
      storeId,
      sql`id = ${row.contact_id}`,
    );
    // Neither the address nor the number is stored in clear.
    expect(JSON.stringify(contact)).not.toContain(email.split('@')[0]);
    expect(JSON.stringify(contact)).not.toContain('5550100');
    const read = await getRecoveryContact(platform, { storeId, contactId: row.contact_id! });
    expect(read).toMatchObject({ email: email.toLowerCase(), phone: '+14155550100' });
    // Same e-mail, another cart: the same contact.
    const again = await upsertTrackedCart(platform, cart({ contact: { email } }));
    expect(again.cart.contact_id).toBe(row.contact_id);
    const created_ = await eventsOf(platform.db, storeId, 'tracked_cart.created');
    expect(created_.find((e) => e.trackedCartId === row.id)).toMatchObject({
      source: 'shopify',
      value: 4500,
    });
    expect(JSON.stringify(created_)).not.toContain(email);
  });

  it('never lets an older report overwrite a newer one; a report without a contact cannot be abandoned', async () => {
    const first = cart({ occurredAt: ago(HOUR), value: 9000 });
    await upsertTrackedCart(platform, first);
    const older = await upsertTrackedCart(platform, { ...first, occurredAt: ago(3 * HOUR), value: 1 });
    expect(older.changed).toBe(false);
    expect(older.cart.value).toBe(9000);
    const anonymous = await upsertTrackedCart(platform, cart({ contact: null }));
    expect(anonymous.cart.abandon_due_at).toBeNull();
  });

  it('refuses bad input with 400 naming the field, and writes nothing', async () => {
    const before = (await rowsOf(platform.db, 'recovery_carts', storeId)).length;
    await expect(upsertTrackedCart(platform, cart({ value: -5 }))).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      errors: [expect.objectContaining({ path: 'body.value' })],
    });
    await expect(upsertTrackedCart(platform, cart({ source: 'prestashop' as never }))).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
    });
    await expect(
      upsertTrackedCart(platform, cart({ items: [{ title: '', quantity: 0, unitPrice: 1 }] })),
    ).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
    });
    expect((await rowsOf(platform.db, 'recovery_carts', storeId)).length).toBe(before);
  });

  it('concurrent first reports of one cart make one tracked cart', async () => {
    const input = cart();
    const outcomes = await Promise.all(Array.from({ length: 6 }, () => upsertTrackedCart(platform, input)));
    expect(new Set(outcomes.map((o) => o.cart.id)).size).toBe(1);
    expect(outcomes.filter((o) => o.created)).toHaveLength(1);
  });

  it('a burst of mirrored reports ends as the same reports one by one would leave it', async () => {
    const seen = await upsertTrackedCart(
      platform,
      cart({ source: 'carton', occurredAt: ago(HOUR), value: 100 }),
    );
    const stale = await upsertTrackedCart(
      platform,
      cart({ source: 'carton', occurredAt: ago(HOUR), value: 200 }),
    );
    const bought = await upsertTrackedCart(
      platform,
      cart({ source: 'carton', occurredAt: ago(HOUR), value: 300 }),
    );
    await recordPurchase(platform, {
      storeId,
      source: 'carton',
      orderId: `ord-burst-${seq}`,
      value: 300,
      currency: 'USD',
      externalCartId: bought.cart.external_id,
    });
    const anonymous = await upsertTrackedCart(
      platform,
      cart({ source: 'carton', contact: null, occurredAt: ago(HOUR), value: 400 }),
    );
    const email = uniqueEmail('burst');
    const fresh = cart({ source: 'carton', occurredAt: ago(HOUR / 2), value: 500 });
    const reports: TrackedCartInput[] = [
      {
        ...cart({ source: 'carton', value: 150 }),
        externalId: seen.cart.external_id,
        occurredAt: ago(HOUR / 2),
      },
      {
        ...cart({ source: 'carton', value: 1 }),
        externalId: stale.cart.external_id,
        occurredAt: ago(3 * HOUR),
      },
      {
        ...cart({ source: 'carton', value: 999 }),
        externalId: bought.cart.external_id,
        occurredAt: ago(HOUR / 2),
      },
      {
        ...cart({ source: 'carton', value: 450 }),
        externalId: anonymous.cart.external_id,
        contact: { email },
        occurredAt: ago(HOUR / 2),
      },
      fresh,
    ];
    const events = (await eventsOf(platform.db, storeId, 'tracked_cart.updated')).length;
    await withStore(platform.db, storeId, (tx) =>
      upsertTrackedCartsInTx(tx, { secret: platform.config.CARTON_SECRET, mirrored: true }, reports),
    );
    expect(await trackedCart(seen.cart.id)).toMatchObject({ value: 150, version: seen.cart.version + 1 });
    expect(await trackedCart(stale.cart.id)).toMatchObject({ value: 200, version: stale.cart.version }); // older: nothing
    expect(await trackedCart(bought.cart.id)).toMatchObject({ value: 300, status: 'purchased' }); // bought: left alone
    const known = await trackedCart(anonymous.cart.id);
    expect(known).toMatchObject({ value: 450 });
    expect(known.contact_id).toBeTruthy(); // a contact once known makes it abandonable
    expect(known.abandon_due_at).not.toBeNull();
    const { rows: created } = await platform.db.execute<{ value: number; item_count: number }>(
      sql`SELECT value::int AS value, item_count FROM recovery_carts WHERE store_id = ${storeId} AND external_id = ${fresh.externalId}`,
    );
    expect(created).toEqual([{ value: 500, item_count: 1 }]);
    // Mirrored: the cart events already in the stream are not doubled.
    expect((await eventsOf(platform.db, storeId, 'tracked_cart.updated')).length).toBe(events);
  });
});

describe('detection', () => {
  it('marks due carts abandoned exactly once, even with several workers scanning at once', async () => {
    const store = (await createTestStore(platform)).id;
    const due = 60;
    for (let i = 0; i < due; i++) await upsertTrackedCart(platform, cart({ storeId: store }));
    // Not due yet, and due but anonymous: neither is abandoned.
    await upsertTrackedCart(platform, cart({ storeId: store, occurredAt: ago(10 * 60_000) }));
    await upsertTrackedCart(platform, cart({ storeId: store, contact: null }));
    const runs = await Promise.all(
      Array.from({ length: 4 }, () => detectAbandonedCarts(platform, { batchSize: 7 })),
    );
    const mine = (await eventsOf(platform.db, store, 'cart.abandoned')).length;
    expect(mine).toBe(due);
    expect(runs.reduce((n, r) => n + r.abandoned, 0)).toBeGreaterThanOrEqual(due);
    const events = await eventsOf(platform.db, store, 'cart.abandoned');
    expect(new Set(events.map((e) => e.trackedCartId)).size).toBe(due);
    expect(events[0]).toMatchObject({ status: 'abandoned', currency: 'USD', value: 4500, device: 'mobile' });
    expect(events[0]!.items).toEqual([
      expect.objectContaining({ imageUrl: 'https://cdn.example.com/ls.jpg', unitPrice: 4500 }),
    ]);
    expect(String(events[0]!.recoveryUrl)).toMatch(/\/store\/v1\/recovery\/links\/r1\./);
    expect(JSON.stringify(events)).not.toMatch(/@example\.com/);
    // Nothing left: a second pass marks nothing.
    await detectAbandonedCarts(platform);
    expect((await eventsOf(platform.db, store, 'cart.abandoned')).length).toBe(due);
    const statuses = await rowsOf<{ status: string }>(platform.db, 'recovery_carts', store);
    expect(statuses.filter((s) => s.status === 'abandoned')).toHaveLength(due);
  });

  it('uses the store’s delay (at least 15 minutes); a change re-times active carts', async () => {
    const store = (await createTestStore(platform)).id;
    const { cart: row } = await upsertTrackedCart(
      platform,
      cart({ storeId: store, occurredAt: ago(20 * 60_000) }),
    );
    await detectAbandonedCarts(platform);
    expect((await eventsOf(platform.db, store, 'cart.abandoned')).length).toBe(0);
    await expect(
      updateRecoverySettings(platform.db, { storeId: store, input: { abandon_after_minutes: 10 } }),
    ).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    await updateRecoverySettings(platform.db, { storeId: store, input: { abandon_after_minutes: 15 } });
    await detectAbandonedCarts(platform);
    expect((await eventsOf(platform.db, store, 'cart.abandoned')).map((e) => e.trackedCartId)).toEqual([
      row.id,
    ]);
  });
});

describe('purchases and attribution', () => {
  it('a purchase recovers the abandoned cart, attributed to the last click within the window', async () => {
    const store = (await createTestStore(platform)).id;
    const email = uniqueEmail();
    const { cart: row } = await upsertTrackedCart(platform, cart({ storeId: store, contact: { email } }));
    await detectAbandonedCarts(platform);
    // Sent on day 1, clicked, then another message sent later: the click wins over the later send.
    await recordRecoveryTouch(platform.db, {
      storeId: store,
      trackedCartId: row.id,
      messageId: 'msg_1',
      kind: 'sent',
      at: ago(50 * 60_000),
      campaignId: 'camp_a',
    });
    await recordRecoveryTouch(platform.db, {
      storeId: store,
      trackedCartId: row.id,
      messageId: 'msg_1',
      kind: 'clicked',
      at: ago(40 * 60_000),
      campaignId: 'camp_a',
    });
    await recordRecoveryTouch(platform.db, {
      storeId: store,
      trackedCartId: row.id,
      messageId: 'msg_2',
      kind: 'sent',
      at: ago(30 * 60_000),
      campaignId: 'camp_b',
    });
    // A repeated report changes nothing.
    const dup = await recordRecoveryTouch(platform.db, {
      storeId: store,
      trackedCartId: row.id,
      messageId: 'msg_2',
      kind: 'sent',
      at: ago(30 * 60_000),
    });
    expect(dup.recorded).toBe(false);
    // By another route (the store's own order, matched by e-mail), and delivered twice at once.
    const purchase = {
      storeId: store,
      source: 'woocommerce' as const,
      orderId: 'wc-1001',
      value: 5200,
      currency: 'USD',
      contact: { email: email.toUpperCase() },
    };
    const outcomes = await Promise.all(Array.from({ length: 5 }, () => recordPurchase(platform, purchase)));
    expect(outcomes.filter((o) => o.recorded)).toHaveLength(1);
    const recovered = await eventsOf(platform.db, store, 'cart.recovered');
    expect(recovered).toHaveLength(1);
    expect(recovered[0]).toMatchObject({
      trackedCartId: row.id,
      orderId: 'wc-1001',
      recoveredValue: 5200,
      attribution: { messageId: 'msg_1', campaignId: 'camp_a', kind: 'clicked' },
    });
    expect(await trackedCart(row.id)).toMatchObject({
      status: 'recovered',
      attributed_campaign_id: 'camp_a',
    });

    const figures = await recoveryAnalytics(platform.db, {
      storeId: store,
      query: { from: day(-30), to: day(1) },
    });
    expect(figures.totals).toMatchObject({
      carts_abandoned: 1,
      messages_sent: 2,
      messages_clicked: 1,
      carts_recovered: 1,
      revenue_recovered: [{ currency: 'USD', amount: 5200 }],
      revenue_attributed: [{ currency: 'USD', amount: 5200 }],
      recovery_rate: 1,
    });
    expect(figures.totals.average_time_to_recovery_seconds).toBeGreaterThanOrEqual(0);
    expect(figures.campaigns.find((c) => c.campaign_id === 'camp_a')).toMatchObject({
      messages_sent: 1,
      messages_clicked: 1,
      carts_recovered: 1,
      carts_messaged: 1,
    });
    const csv = await recoveryAnalyticsCsv(platform.db, {
      storeId: store,
      query: { from: day(-30), to: day(1) },
    });
    expect(csv.split('\r\n')[0]).toBe(
      'day,campaign_id,carts_abandoned,carts_messaged,messages_sent,messages_delivered,messages_opened,messages_clicked,' +
        'carts_recovered,revenue_recovered,revenue_attributed,recovery_rate,average_time_to_recovery_seconds',
    );
    // One row per day and campaign: summed, since the messages (minutes ago) and the recovery
    // (now) fall on two days when the test runs just after midnight UTC.
    const campA = csv
      .split('\r\n')
      .map((line) => line.split(','))
      .filter((cells) => cells[1] === 'camp_a');
    const sum = (column: number) => campA.reduce((n, cells) => n + Number(cells[column]), 0);
    expect([sum(4), sum(7), sum(8)]).toEqual([1, 1, 1]); // sent, clicked, recovered
    expect(campA.map((cells) => cells[9]).filter((r) => r !== '')).toEqual(['USD 5200']);
  });

  it('without a message in the window the recovery is organic; an active cart bought is simply purchased', async () => {
    const store = (await createTestStore(platform)).id;
    await updateRecoverySettings(platform.db, { storeId: store, input: { attribution_window_days: 1 } });
    const email = uniqueEmail();
    const { cart: old } = await upsertTrackedCart(
      platform,
      cart({ storeId: store, contact: { email }, occurredAt: ago(80 * HOUR) }),
    );
    await detectAbandonedCarts(platform);
    await recordRecoveryTouch(platform.db, {
      storeId: store,
      trackedCartId: old.id,
      messageId: 'm-old',
      kind: 'clicked',
      at: ago(70 * HOUR),
    });
    const { cart: fresh } = await upsertTrackedCart(
      platform,
      cart({ storeId: store, contact: { email }, occurredAt: ago(60_000) }),
    );
    const out = await recordPurchase(platform, {
      storeId: store,
      source: 'shopify',
      orderId: 'o-1',
      value: 100,
      currency: 'USD',
      externalCartId: fresh.external_id,
    });
    expect(out).toMatchObject({
      recorded: true,
      recovered: [old.id],
      purchased: [fresh.id],
      revenueCartId: old.id,
    });
    expect((await eventsOf(platform.db, store, 'cart.recovered'))[0]).toMatchObject({
      attribution: null,
      recoveredValue: 100,
    });
    expect((await eventsOf(platform.db, store, 'tracked_cart.purchased'))[0]).toMatchObject({
      trackedCartId: fresh.id,
      orderId: 'o-1',
    });
    // A closed cart is never abandoned later, nor reopened by a late report.
    await upsertTrackedCart(
      platform,
      cart({ storeId: store, externalId: fresh.external_id, contact: { email } }),
    );
    expect(await trackedCart(fresh.id)).toMatchObject({ status: 'purchased', abandon_due_at: null });
  });

  it('a touch for a cart of another store is 404', async () => {
    const other = (await createTestStore(platform)).id;
    const { cart: row } = await upsertTrackedCart(platform, cart({ storeId: other }));
    await expect(
      recordRecoveryTouch(platform.db, {
        storeId,
        trackedCartId: row.id,
        messageId: 'x',
        kind: 'sent',
        at: new Date(),
      }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});

describe('recovery links', () => {
  it('a platform cart redirects to its recovery URL and records the click as the message’s', async () => {
    const { cart: row } = await upsertTrackedCart(platform, cart());
    await recordRecoveryTouch(platform.db, {
      storeId,
      trackedCartId: row.id,
      messageId: 'msg_link',
      kind: 'sent',
      at: new Date(),
      campaignId: 'camp_l',
    });
    const { token } = recoveryLinkFor(platform.config, {
      storeId,
      trackedCartId: row.id,
      messageId: 'msg_link',
    });
    const out = await restoreFromRecoveryLink(platform, { token, device: 'desktop' });
    expect(out).toMatchObject({
      outcome: 'redirected',
      redirectUrl: 'https://shop.example.com/checkouts/abc/recover',
    });
    const clicks = await rowsOf(
      platform.db,
      'recovery_link_clicks',
      storeId,
      sql`tracked_cart_id = ${row.id}`,
    );
    expect(clicks).toEqual([
      expect.objectContaining({ message_id: 'msg_link', outcome: 'redirected', device: 'desktop' }),
    ]);
    const touches = await rowsOf(platform.db, 'recovery_touches', storeId, sql`message_id = 'msg_link'`);
    expect(touches.map((t) => [t.kind, t.campaign_id])).toEqual([
      ['sent', 'camp_l'],
      ['clicked', 'camp_l'],
    ]);
  });

  it('a tampered link is 404, an expired one 410, and neither records anything', async () => {
    const { cart: row } = await upsertTrackedCart(platform, cart());
    const { token } = recoveryLinkFor(platform.config, { storeId, trackedCartId: row.id });
    // Another last character (an id that ends in X already would leave the token as it was).
    const other = row.id.endsWith('X') ? 'Y' : 'X';
    const tampered = token.replace(row.id, `${row.id.slice(0, -1)}${other}`);
    expect(tampered).not.toBe(token);
    await expect(restoreFromRecoveryLink(platform, { token: tampered })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    await expect(restoreFromRecoveryLink(platform, { token: `${token}x` })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    await expect(restoreFromRecoveryLink(platform, { token: 'nonsense' })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    const expired = recoveryLinkFor(platform.config, {
      storeId,
      trackedCartId: row.id,
      ttlSeconds: 1,
      now: ago(HOUR),
    });
    await expect(restoreFromRecoveryLink(platform, { token: expired.token })).rejects.toMatchObject({
      code: 'LINK_EXPIRED',
      status: 410,
    });
    expect(
      await rowsOf(platform.db, 'recovery_link_clicks', storeId, sql`tracked_cart_id = ${row.id}`),
    ).toEqual([]);
  });
});

describe('GDPR', () => {
  it('exports a contact’s data, then erases it everywhere; a second erasure finds nothing', async () => {
    const store = (await createTestStore(platform)).id;
    const email = uniqueEmail('gdpr');
    const { cart: row } = await upsertTrackedCart(
      platform,
      cart({ storeId: store, contact: { email, phone: '+84912345678' }, anonymousId: 'anon-gdpr-0001' }),
    );
    const exported = await exportRecoveryContact(platform, {
      storeId: store,
      subject: { phone: '+84 912 345 678' },
    });
    expect(exported.contacts).toEqual([expect.objectContaining({ email, phone: '+84912345678' })]);
    expect(exported.carts.map((c) => c.id)).toEqual([row.id]);
    const erased = await eraseRecoveryContact(platform, { storeId: store, subject: { email } });
    expect(erased).toMatchObject({ contacts: 1, carts: 1 });
    const [contact] = await rowsOf<Record<string, unknown>>(platform.db, 'recovery_contacts', store);
    expect(contact).toMatchObject({
      email_hash: null,
      email_encrypted: null,
      phone_hash: null,
      phone_encrypted: null,
    });
    expect(contact!.erased_at).not.toBeNull();
    expect(await trackedCart(row.id)).toMatchObject({
      contact_id: null,
      anonymous_id: null,
      abandon_due_at: null,
    });
    expect(await eraseRecoveryContact(platform, { storeId: store, subject: { email } })).toMatchObject({
      contacts: 0,
    });
    expect((await exportRecoveryContact(platform, { storeId: store, subject: { email } })).contacts).toEqual(
      [],
    );
    await expect(eraseRecoveryContact(platform, { storeId: store, subject: {} })).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
    });
  });
});

describe('GDPR erasure and the fold', () => {
  it('waits for a fold pass of the store to end, so the pass cannot re-create what it erases', async () => {
    const store = (await createTestStore(platform)).id;
    const email = uniqueEmail('gdpr-fold');
    await upsertTrackedCart(
      platform,
      cart({ storeId: store, contact: { email }, anonymousId: 'anon-fold-0001' }),
    );
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    let locked!: () => void;
    const lockTaken = new Promise<void>((r) => (locked = r));
    // A fold pass in progress: it holds the store's fold lock until its transaction ends.
    const pass = withStore(platform.db, store, async (tx) => {
      await tx.execute(sql`SELECT pg_try_advisory_xact_lock(hashtext(${foldLockKey(store)}))`);
      locked();
      await held;
    });
    await lockTaken;
    let erasedAt = 0;
    const erasure = eraseRecoveryContact(platform, { storeId: store, subject: { email } }).then((r) => {
      erasedAt = Date.now();
      return r;
    });
    await new Promise((r) => setTimeout(r, 300));
    expect(erasedAt).toBe(0); // still waiting for the pass
    const releasedAt = Date.now();
    release();
    await pass;
    expect(await erasure).toMatchObject({ contacts: 1, carts: 1 });
    expect(erasedAt).toBeGreaterThanOrEqual(releasedAt);
  });
});

describe('fold', () => {
  const ev = (anonymous_id: string, type: string, msAgo: number, extra: Record<string, unknown> = {}) =>
    ({
      id: `e-${Math.random().toString(36).slice(2, 14)}`,
      type,
      at: ago(msAgo).toISOString(),
      anonymous_id,
      ...extra,
    }) as TrackerEvent;
  const snapshot = (value: number) => ({
    currency: 'USD',
    value,
    items: [{ title: 'Cap', price: value, quantity: 1 }],
  });

  it('applies each cart’s newest snapshot; an older one arriving later changes nothing; workers fold side by side', async () => {
    const store = (await createTestStore(platform)).id;
    const visitors = Array.from({ length: 30 }, (_, i) => `visitor-fold-${i}-${seq}`);
    const batch: TrackerEvent[] = [];
    for (const v of visitors) {
      batch.push(ev(v, 'cart', 5000, snapshot(100)), ev(v, 'cart', 4000, snapshot(200)));
      batch.push(ev(v, 'identify', 3000, { email: `${v}@example.com` }), ev(v, 'checkout_started', 2000));
    }
    await appendTrackerEvents(platform.db, store, batch.slice(0, 60));
    await appendTrackerEvents(platform.db, store, batch.slice(60));
    const passes = await Promise.all([
      foldTrackerEvents(platform, { limit: 25 }),
      foldTrackerEvents(platform, { limit: 25 }),
      foldTrackerEvents(platform, { limit: 25 }),
    ]);
    while ((await foldTrackerEvents(platform, { limit: 25 })).folded > 0);
    expect(passes.reduce((n, p) => n + p.failed, 0)).toBe(0);
    const carts = await rowsOf<Record<string, unknown>>(platform.db, 'recovery_carts', store);
    expect(carts).toHaveLength(30);
    for (const c of carts) {
      expect(c).toMatchObject({ value: 200, source: 'tracker' });
      expect(c.contact_id).not.toBeNull();
      expect(c.checkout_started_at).not.toBeNull();
      expect(c.abandon_due_at).not.toBeNull();
    }
    expect(await rowsOf(platform.db, 'recovery_tracker_events', store, sql`folded_at IS NULL`)).toEqual([]);
    // A late, older snapshot.
    await appendTrackerEvents(platform.db, store, [ev(visitors[0]!, 'cart', 60_000, snapshot(999))]);
    await foldTrackerEvents(platform);
    const [first] = await rowsOf<{ value: number }>(
      platform.db,
      'recovery_carts',
      store,
      sql`anonymous_id = ${visitors[0]!}`,
    );
    expect(first!.value).toBe(200);
  });

  it('an identity the visitor already holds changes nothing; a new phone joins the same contact', async () => {
    const store = (await createTestStore(platform)).id;
    const v = `visitor-repeat-${seq}`;
    await appendTrackerEvents(platform.db, store, [
      ev(v, 'identify', 5000, { email: 'Repeat@Example.com' }),
      ev(v, 'cart', 4000, snapshot(700)),
    ]);
    await foldTrackerEvents(platform);
    const updates = async () => (await eventsOf(platform.db, store, 'tracked_cart.updated')).length;
    const before = await updates();
    await appendTrackerEvents(platform.db, store, [ev(v, 'identify', 3000, { email: 'repeat@example.com' })]);
    expect(await foldTrackerEvents(platform)).toMatchObject({ folded: 1, failed: 0 });
    expect(await updates()).toBe(before);
    await appendTrackerEvents(platform.db, store, [
      ev(v, 'identify', 2000, { email: 'repeat@example.com', phone: '+44 7700 900123' }),
    ]);
    await foldTrackerEvents(platform);
    const contacts = await rowsOf<{ phone_hash: string | null }>(platform.db, 'recovery_contacts', store);
    expect(contacts).toHaveLength(1);
    expect(contacts[0]!.phone_hash).not.toBeNull();
  });

  it('announces what is news only: a new cart, a changed one, a checkout begun — not a repeated snapshot', async () => {
    const store = (await createTestStore(platform)).id;
    const v = `visitor-news-${seq}`;
    const announced = async () =>
      (await eventsOf(platform.db, store, 'tracked_cart.created')).length +
      (await eventsOf(platform.db, store, 'tracked_cart.updated')).length;
    await appendTrackerEvents(platform.db, store, [ev(v, 'cart', 9000, snapshot(500))]);
    await foldTrackerEvents(platform);
    expect(await announced()).toBe(1); // created
    await appendTrackerEvents(platform.db, store, [ev(v, 'cart', 8000, snapshot(500))]);
    await foldTrackerEvents(platform);
    expect(await announced()).toBe(1); // the same cart again: not news
    await appendTrackerEvents(platform.db, store, [ev(v, 'cart', 7000, snapshot(600))]);
    await foldTrackerEvents(platform);
    expect(await announced()).toBe(2); // its value changed
    await appendTrackerEvents(platform.db, store, [ev(v, 'checkout_started', 6000)]);
    await foldTrackerEvents(platform);
    expect(await announced()).toBe(3); // checkout begun
    await appendTrackerEvents(platform.db, store, [ev(v, 'checkout_started', 5000)]);
    await foldTrackerEvents(platform);
    expect(await announced()).toBe(3); // begun already
    const [row] = await rowsOf<{ value: number; checkout_started_at: Date | null }>(
      platform.db,
      'recovery_carts',
      store,
    );
    expect(row).toMatchObject({ value: 600 });
    expect(row!.checkout_started_at).not.toBeNull();
  });

  it('an event that cannot be folded is set aside; the rest of its batch is folded', async () => {
    const store = (await createTestStore(platform)).id;
    await appendTrackerEvents(platform.db, store, [ev('visitor-good-1', 'cart', 3000, snapshot(300))]);
    // Written around the ingest's validation, as a corrupted row would be.
    await platform.db.execute(sql`
      INSERT INTO recovery_tracker_events (store_id, id, type, anonymous_id, occurred_at, payload)
      VALUES (${store}, 'e-poison-000', 'cart', 'visitor-bad-1', now(), '{"currency":"USD","value":"lots","items":"none"}')`);
    const out = await foldTrackerEvents(platform);
    expect(out).toMatchObject({ folded: 1, failed: 1 });
    expect(await rowsOf(platform.db, 'recovery_carts', store)).toHaveLength(1);
    expect(await rowsOf(platform.db, 'recovery_tracker_events', store, sql`folded_at IS NULL`)).toEqual([]);
  });
});
