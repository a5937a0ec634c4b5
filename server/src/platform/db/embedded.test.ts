import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestPlatform, type TestPlatform } from '../../../test/harness.ts';

let p: TestPlatform;
beforeAll(async () => {
  p = await createTestPlatform();
});
afterAll(() => p?.close());

const hasChrt = (() => {
  try {
    execFileSync('chrt', ['--help'], { stdio: 'ignore' });
    return process.platform === 'linux';
  } catch {
    return false;
  }
})();

/** A process's scheduling policy (Linux /proc/<pid>/stat, field 41): 0 normal, 3 batch. */
function policyOf(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[41 - 3]);
}

it.runIf(hasChrt)(
  "runs the embedded server's backends as batch work, so a woken backend does not preempt Carton",
  async () => {
    // The tests' server is the embedded one (test/global-setup.ts); this backend was started after it.
    const { rows } = await p.db.execute<{ pid: number }>(sql`SELECT pg_backend_pid() AS pid`);
    expect(policyOf(rows[0]!.pid)).toBe(3); // SCHED_BATCH
    expect(policyOf(process.pid)).toBe(0); // Carton's own process keeps the default policy
  },
);
