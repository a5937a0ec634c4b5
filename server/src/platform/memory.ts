import v8 from 'node:v8';
import vm from 'node:vm';

type GcFunction = (options: { type: 'major'; execution: 'sync'; flavor: 'last-resort' }) => void;

/**
 * Hand the garbage of booting back to the operating system, once, when a process has started.
 *
 * Loading the module graph leaves ~150 MB of dead objects behind on Node 24 (its loader re-reads
 * package metadata for every module it loads; drizzle-orm's package.json alone is 178 KB). V8 has
 * grown the heap to hold them and keeps the pages after an ordinary collection, so an idle
 * process would sit at ~285 MB resident. One memory-reducing collection (≈ 75 ms, before any
 * request is waiting on it) brings it to ~140 MB. Measured in bench/README.md; see
 * docs/decisions/0005-compact-heap-after-start.md.
 */
export function compactHeapAfterStart(): void {
  try {
    v8.setFlagsFromString('--expose-gc');
    // Only a context created while the flag is on gets `gc`; the main context stays as it was.
    const gc = vm.runInNewContext('gc') as GcFunction;
    gc({ type: 'major', execution: 'sync', flavor: 'last-resort' });
  } catch {
    // Best effort: a runtime without these V8 options simply keeps the memory.
  } finally {
    v8.setFlagsFromString('--no-expose-gc');
  }
}
