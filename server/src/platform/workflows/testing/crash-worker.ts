/**
 * A real worker process for the crash test (`crash.test.ts`): it declares a three-step workflow
 * and runs the worker runtime against DATABASE_URL. Each step records every attempt (autocommit)
 * and writes its effect in an exactly-once `transaction`; step three waits until the test opens
 * a gate, so the test can SIGKILL the process in the middle of the workflow.
 */
import { sql } from 'drizzle-orm';
import { loadConfig } from '../../config.ts';
import type { Db } from '../../db/database.ts';
import { startRuntime } from '../../runtime.ts';
import { DBOS, defineQueue, defineWorkflow, transaction } from '../workflows.ts';

// The database, once the runtime is up. A worker that recovers the workflow may resume it while
// `startRuntime` is still returning, so steps wait for it rather than read a variable not yet set.
let setDb: (db: Db) => void;
const dbReady = new Promise<Db>((resolve) => (setDb = resolve));

defineQueue('test.crash', { pollingIntervalMs: 100 });

async function effectStep(name: string): Promise<string> {
  const workflowId = DBOS.workflowID!;
  const db = await dbReady;
  return transaction(db, name, async (tx) => {
    await db.execute(sql`INSERT INTO crash_attempts (workflow_id, step) VALUES (${workflowId}, ${name})`);
    if (name === 'three') {
      for (;;) {
        const { rows } = await db.execute(sql`SELECT 1 FROM crash_gate`);
        if (rows.length) break;
        await new Promise((r) => setTimeout(r, 50));
      }
    }
    await tx.execute(sql`INSERT INTO crash_effects (workflow_id, step) VALUES (${workflowId}, ${name})`);
    return name;
  });
}

defineWorkflow('test.three-steps', async (label: string) => {
  const done: string[] = [];
  for (const name of ['one', 'two', 'three']) done.push(await effectStep(name));
  return `${label}:${done.join('+')}`;
});

const runtime = await startRuntime({ api: false, worker: true, config: loadConfig(), modules: [] });
setDb!(runtime.platform.db);
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.once(signal, () => {
    runtime.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  });
}
console.log('worker ready');
