import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestPlatform, type TestPlatform } from '../../../test/harness.ts';
import { createTestStore } from '../../../test/identity.ts';
import { appendTrackerEvents, type TrackerEvent } from './ingest.ts';

/** The ingest's append: concurrent batches of a store share statements, and lose or double nothing. */

let platform: TestPlatform;
let storeId: string;
let otherStoreId: string;

beforeAll(async () => {
  platform = await createTestPlatform();
  storeId = (await createTestStore(platform)).id;
  otherStoreId = (await createTestStore(platform)).id;
  // A refusal PostgreSQL makes for one event only: its batch must fail alone.
  await platform.db.execute(sql`
    CREATE FUNCTION refuse_poison() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF NEW.id LIKE 'poison%' THEN RAISE EXCEPTION 'poisoned event'; END IF;
      RETURN NEW;
    END $$`);
  await platform.db.execute(sql`
    CREATE TRIGGER refuse_poison BEFORE INSERT ON recovery_tracker_events
    FOR EACH ROW EXECUTE FUNCTION refuse_poison()`);
});
afterAll(() => platform?.close());

const at = new Date().toISOString();
const cartEvent = (id: string, visitor = 'visitor-0001'): TrackerEvent => ({
  id,
  type: 'cart',
  at,
  anonymous_id: visitor,
  currency: 'USD',
  value: 1000,
  items: [{ title: 'Mug', quantity: 1, price: 1000 }],
});
const stored = async (store: string, prefix: string) =>
  (
    await platform.db.execute<{ id: string }>(
      sql`SELECT id FROM recovery_tracker_events WHERE store_id = ${store} AND id LIKE ${`${prefix}%`} ORDER BY id`,
    )
  ).rows.map((r) => r.id);

describe('appending tracker batches', () => {
  it('stores every event of 60 concurrent batches once, counting each batch apart', async () => {
    const batches = Array.from({ length: 60 }, (_, b) =>
      Array.from({ length: 5 }, (_, i) => cartEvent(`conc-${String(b).padStart(2, '0')}-${i}-aaaa`)),
    );
    // Batch 59 repeats batch 0 (a snippet's retry racing its original): one of the two wins.
    batches[59] = batches[0]!;
    const results = await Promise.all(
      batches.map((events) => appendTrackerEvents(platform.db, storeId, events)),
    );
    expect(results.reduce((n, r) => n + r.accepted, 0)).toBe(59 * 5);
    expect(results.reduce((n, r) => n + r.duplicates, 0)).toBe(5);
    expect(results.every((r) => r.accepted + r.duplicates === 5)).toBe(true);
    expect(new Set([results[0]!.accepted, results[59]!.accepted])).toEqual(new Set([0, 5]));
    expect(await stored(storeId, 'conc-')).toHaveLength(59 * 5);
  });

  it('counts an id repeated inside one batch once', async () => {
    const r = await appendTrackerEvents(platform.db, storeId, [
      cartEvent('twice-aaaa'),
      cartEvent('twice-aaaa'),
    ]);
    expect(r).toEqual({ accepted: 1, duplicates: 1 });
  });

  it('keeps two stores’ concurrent batches in their own stores', async () => {
    await Promise.all([
      ...Array.from({ length: 10 }, (_, i) =>
        appendTrackerEvents(platform.db, storeId, [cartEvent(`mine-${i}-aaaa`)]),
      ),
      ...Array.from({ length: 10 }, (_, i) =>
        appendTrackerEvents(platform.db, otherStoreId, [cartEvent(`theirs-${i}-aaaa`)]),
      ),
    ]);
    expect(await stored(storeId, 'mine-')).toHaveLength(10);
    expect(await stored(storeId, 'theirs-')).toHaveLength(0);
    expect(await stored(otherStoreId, 'theirs-')).toHaveLength(10);
  });

  it('fails only the batch PostgreSQL refuses when it travelled with others', async () => {
    const batches = Array.from({ length: 20 }, (_, b) => [
      cartEvent(`grp-${String(b).padStart(2, '0')}-aaaa`),
    ]);
    batches[7] = [cartEvent('grp-07-aaaa'), cartEvent('poison-7-aaaa')];
    const settled = await Promise.allSettled(
      batches.map((events) => appendTrackerEvents(platform.db, storeId, events)),
    );
    expect(settled.filter((s) => s.status === 'rejected')).toHaveLength(1);
    expect(settled[7]!.status).toBe('rejected');
    // The refused batch left nothing behind; every other one is stored.
    expect(await stored(storeId, 'grp-')).toEqual(
      Array.from({ length: 20 }, (_, b) => `grp-${String(b).padStart(2, '0')}-aaaa`).filter(
        (id) => id !== 'grp-07-aaaa',
      ),
    );
    expect(await stored(storeId, 'poison')).toEqual([]);
  });

  it('refuses text with a NUL character with 400, storing nothing', async () => {
    const bad = {
      ...cartEvent('nul-aaaa'),
      items: [{ title: 'Mug\u0000', quantity: 1, price: 1 }],
    } as TrackerEvent;
    await expect(appendTrackerEvents(platform.db, storeId, [bad])).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
    });
    expect(await stored(storeId, 'nul-')).toEqual([]);
  });
});
