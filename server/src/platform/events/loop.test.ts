import { afterEach, describe, expect, it, vi } from 'vitest';
import { createLogger } from '../logger.ts';
import { startLoop, type Loop } from './loop.ts';

const log = createLogger('silent');
let loop: Loop | null = null;
afterEach(async () => {
  await loop?.stop();
  loop = null;
});

describe('background loop', () => {
  it('runs a pass at start and again when woken', async () => {
    let passes = 0;
    loop = startLoop({ name: 't', log, idleMs: 60_000, run: async () => (passes++, { more: false }) });
    expect(passes).toBe(1);
    loop.wake();
    await vi.waitFor(() => expect(passes).toBe(2));
  });

  it('with gatherMs, handles a stream of wake-ups in one pass after the wait', async () => {
    let passes = 0;
    const woken: number[] = [];
    loop = startLoop({
      name: 't',
      log,
      idleMs: 60_000,
      gatherMs: 300,
      run: async () => (passes++, { more: false }),
    });
    expect(passes).toBe(1);
    const t0 = Date.now();
    for (let i = 0; i < 10; i++) loop.wake();
    await vi.waitFor(() => expect(passes).toBe(2), { timeout: 5000 });
    woken.push(Date.now() - t0);
    expect(woken[0]).toBeGreaterThanOrEqual(250); // it waited
    await new Promise((r) => setTimeout(r, 400));
    expect(passes).toBe(2); // one pass for the ten wake-ups
  });

  it('stops at once even while gathering', async () => {
    loop = startLoop({
      name: 't',
      log,
      idleMs: 60_000,
      gatherMs: 10_000,
      run: async () => ({ more: false }),
    });
    loop.wake();
    const t0 = Date.now();
    await loop.stop();
    loop = null;
    expect(Date.now() - t0).toBeLessThan(5000);
  });
});
