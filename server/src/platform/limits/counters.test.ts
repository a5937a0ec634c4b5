import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { redisAvailable, startTestRedis, type TestRedis } from '../../../test/redis.ts';
import {
  createCounterStore,
  createMemoryCounterStore,
  createRedisCounterStore,
  type CounterStore,
} from './counters.ts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The same behaviour is required of both implementations. */
function counterContract(name: string, open: () => CounterStore | Promise<CounterStore>) {
  describe(name, () => {
    let store: CounterStore;
    beforeAll(async () => {
      store = await open();
    });
    afterAll(() => store.close());

    it('counts hits within a window and reports when it ends', async () => {
      const before = Date.now();
      const first = await store.hit('login:ip:1', 60_000);
      expect(first.count).toBe(1);
      expect(first.resetAt).toBeGreaterThanOrEqual(before + 59_000);
      expect(first.resetAt).toBeLessThanOrEqual(Date.now() + 60_000);
      const second = await store.hit('login:ip:1', 60_000);
      expect(second.count).toBe(2);
      // The window is fixed: a later hit does not push its end out.
      expect(Math.abs(second.resetAt - first.resetAt)).toBeLessThan(50);
      expect(await store.peek('login:ip:1')).toEqual({ count: 2, resetAt: expect.any(Number) });
    });

    it('keeps keys apart', async () => {
      await store.hit('a', 60_000);
      await store.hit('a', 60_000);
      expect((await store.hit('b', 60_000)).count).toBe(1);
      expect((await store.peek('a'))?.count).toBe(2);
    });

    it('starts a new window after the old one ends', async () => {
      await store.hit('short', 80);
      await store.hit('short', 80);
      await sleep(120);
      expect(await store.peek('short')).toBeNull();
      expect((await store.hit('short', 80)).count).toBe(1);
    });

    it('forgets a key on reset; peek on an unknown key is null', async () => {
      await store.hit('gone', 60_000);
      await store.reset('gone');
      expect(await store.peek('gone')).toBeNull();
      expect(await store.peek('never-seen')).toBeNull();
      expect((await store.hit('gone', 60_000)).count).toBe(1);
    });

    it('counts concurrent hits exactly', async () => {
      const results = await Promise.all(Array.from({ length: 50 }, () => store.hit('burst', 60_000)));
      expect(results.map((r) => r.count).sort((x, y) => x - y)).toEqual(
        Array.from({ length: 50 }, (_, i) => i + 1),
      );
    });
  });
}

counterContract('in-process counters', () => createMemoryCounterStore());

describe('in-process counters memory bound', () => {
  it('never holds more than maxKeys windows, dropping the oldest first', async () => {
    const store = createMemoryCounterStore({ maxKeys: 3 });
    for (const k of ['k1', 'k2', 'k3', 'k4']) await store.hit(k, 60_000);
    expect(await store.peek('k1')).toBeNull();
    expect((await store.peek('k4'))?.count).toBe(1);
    expect((await store.peek('k2'))?.count).toBe(1);
    await store.close();
  });

  it('prefers dropping expired windows', async () => {
    const store = createMemoryCounterStore({ maxKeys: 2 });
    await store.hit('keep', 60_000);
    await store.hit('expiring', 10);
    await sleep(20);
    await store.hit('new', 60_000);
    expect((await store.peek('keep'))?.count).toBe(1);
    expect((await store.peek('new'))?.count).toBe(1);
    await store.close();
  });

  it('createCounterStore without REDIS_URL is in-process', async () => {
    const store = createCounterStore({});
    expect(store.redis).toBeNull();
    await store.close();
  });
});

describe.runIf(redisAvailable())('redis counters', () => {
  let redis: TestRedis;
  beforeAll(async () => {
    redis = await startTestRedis();
  });
  afterAll(() => redis?.stop());

  counterContract('redis counters (contract)', () => createCounterStore({ REDIS_URL: redis.url }));

  it('shares counts between two stores (two API nodes) on one Redis', async () => {
    const a = createRedisCounterStore(redis.url);
    const b = createRedisCounterStore(redis.url);
    await a.hit('shared', 60_000);
    await b.hit('shared', 60_000);
    expect((await a.hit('shared', 60_000)).count).toBe(3);
    expect((await b.peek('shared'))?.count).toBe(3);
    await b.reset('shared');
    expect(await a.peek('shared')).toBeNull();
    await Promise.all([a.close(), b.close()]);
  });

  it('stores keys under its prefix with an expiry', async () => {
    const store = createRedisCounterStore(redis.url, { prefix: 'p:' });
    await store.hit('x', 60_000);
    const ttl = await store.redis!.pttl('p:x');
    expect(ttl).toBeGreaterThan(59_000);
    await store.close();
  });

  it('fails a hit (rather than hanging) when Redis is unreachable', async () => {
    const store = createRedisCounterStore('redis://127.0.0.1:1');
    await expect(store.hit('x', 1000)).rejects.toThrow();
    await store.close();
  });
});
