import type { Logger } from '../logger.ts';

export interface LoopRun {
  /** More work is waiting: run again at once. */
  more: boolean;
  /** When (epoch ms) the next known piece of work falls due, if sooner than the idle poll. */
  nextDueAt?: number | null;
}

export interface Loop {
  /** Run as soon as the current pass ends (a NOTIFY arrived). */
  wake(): void;
  /** Finish the current pass and stop. */
  stop(): Promise<void>;
}

/**
 * A background loop that runs `run` until it reports no more work, then sleeps until woken,
 * until the next due time, or for `idleMs` (the safety-net poll), whichever comes first.
 */
export function startLoop(opts: {
  name: string;
  log: Logger;
  idleMs: number;
  /**
   * After a wake-up, wait this long before the pass, so that a stream of NOTIFYs is handled by a
   * few large passes instead of one small pass each (work whose latency does not matter).
   */
  gatherMs?: number;
  run: () => Promise<LoopRun>;
}): Loop {
  let stopped = false;
  let woken = false;
  let wakeUp: (() => void) | null = null;
  let failures = 0;
  let gathering: NodeJS.Timeout | null = null;

  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      if (woken || stopped) return resolve();
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        wakeUp = null;
        resolve();
      }
      wakeUp = done;
    });

  function wakeNow() {
    woken = true;
    wakeUp?.();
  }

  const main = (async () => {
    while (!stopped) {
      woken = false;
      let delay = opts.idleMs;
      try {
        const result = await opts.run();
        failures = 0;
        if (result.more) {
          await new Promise((r) => setImmediate(r));
          continue;
        }
        if (result.nextDueAt != null) delay = Math.max(0, Math.min(delay, result.nextDueAt - Date.now()));
      } catch (err) {
        failures++;
        if (!stopped) opts.log.error({ err, loop: opts.name }, 'background loop pass failed');
        delay = Math.min(opts.idleMs, 100 * 2 ** Math.min(failures, 6));
      }
      if (!stopped) await sleep(delay);
    }
  })();

  return {
    wake() {
      if (!opts.gatherMs) return wakeNow();
      gathering ??= setTimeout(() => {
        gathering = null;
        wakeNow();
      }, opts.gatherMs);
    },
    async stop() {
      stopped = true;
      if (gathering) clearTimeout(gathering);
      wakeUp?.();
      await main;
    },
  };
}
