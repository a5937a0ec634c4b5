import { describe, expect, it } from 'vitest';
import { SearchAnswerCache } from './answer-cache.ts';

/** A computation the test finishes by hand. */
function deferred<T>() {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

const tick = () => new Promise((r) => setTimeout(r, 2));

describe('SearchAnswerCache', () => {
  it('computes an answer once and serves it again', async () => {
    const cache = new SearchAnswerCache<string>('search', 60_000);
    let runs = 0;
    const compute = async () => `answer ${++runs}`;
    expect(await cache.get('store_a', 'q=shirt', compute)).toBe('answer 1');
    expect(await cache.get('store_a', 'q=shirt', compute)).toBe('answer 1');
    expect(await cache.get('store_b', 'q=shirt', compute)).toBe('answer 2'); // stores never share
    expect(runs).toBe(2);
    expect(cache.hits).toBe(1);
  });

  it('shares one computation between concurrent misses', async () => {
    const cache = new SearchAnswerCache<string>('search', 60_000);
    const d = deferred<string>();
    let runs = 0;
    const compute = () => (runs++, d.promise);
    const all = Promise.all(Array.from({ length: 32 }, () => cache.get('s', 'k', compute)));
    d.resolve('once');
    expect(await all).toEqual(Array(32).fill('once'));
    expect(runs).toBe(1);
  });

  it("recomputes after the store's index changes, and only that store's answers", async () => {
    const cache = new SearchAnswerCache<string>('search', 60_000);
    let runs = 0;
    const compute = async () => `answer ${++runs}`;
    await cache.get('a', 'k', compute);
    await cache.get('b', 'k', compute);
    await tick();
    cache.noteChange('a');
    expect(await cache.get('a', 'k', compute)).toBe('answer 3');
    expect(await cache.get('b', 'k', compute)).toBe('answer 2');
  });

  it('does not keep an answer whose computation started before a change', async () => {
    const cache = new SearchAnswerCache<string>('search', 60_000);
    const before = deferred<string>();
    const first = cache.get('a', 'k', () => before.promise);
    await tick();
    cache.noteChange('a'); // the index changed while the old answer was being computed
    // A request after the change does not join the computation that may have missed it…
    const after = cache.get('a', 'k', async () => 'fresh');
    before.resolve('old');
    expect(await first).toBe('old');
    expect(await after).toBe('fresh');
    // …and the old answer is not served later either.
    expect(await cache.get('a', 'k', async () => 'recomputed')).toBe('fresh');
  });

  it('computes every time when turned off (ttl 0), and expires answers after the ttl', async () => {
    const off = new SearchAnswerCache<string>('search', 0);
    let runs = 0;
    await off.get('a', 'k', async () => `${++runs}`);
    await off.get('a', 'k', async () => `${++runs}`);
    expect(runs).toBe(2);
    const short = new SearchAnswerCache<string>('search', 5);
    await short.get('a', 'k', async () => 'first');
    await new Promise((r) => setTimeout(r, 10));
    expect(await short.get('a', 'k', async () => 'second')).toBe('second');
  });

  it('never caches a failure', async () => {
    const cache = new SearchAnswerCache<string>('search', 60_000);
    await expect(
      cache.get('a', 'k', async () => {
        throw new Error('database away');
      }),
    ).rejects.toThrow('database away');
    expect(await cache.get('a', 'k', async () => 'ok')).toBe('ok');
  });

  it('forgets everything on clear (after a reconnect may have missed changes)', async () => {
    const cache = new SearchAnswerCache<string>('search', 60_000);
    await cache.get('a', 'k', async () => 'old');
    await tick();
    cache.clear();
    expect(await cache.get('a', 'k', async () => 'new')).toBe('new');
  });
});
