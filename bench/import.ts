/**
 * Product CSV import: a generated Shopify CSV of BENCH_IMPORT_ROWS rows (default 10,000; products
 * of three variants) uploaded to a real `carton start` (API + worker) on a fresh embedded
 * PostgreSQL, timed from the upload to the job's `completed`. Also times the export of the same
 * catalog. Run: `node bench/import.ts` (not part of `npm run bench`).
 */
import { chmodSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { generateShopifyCsv } from '../server/src/modules/catalog/csv/testing.ts';
import { startEmbeddedPostgres } from '../server/src/platform/db/embedded.ts';
import { loadConfig } from '../server/src/platform/config.ts';
import { environment, freePort, log, round, sleep, spawnCarton, waitReady } from './lib.ts';

export interface ImportBenchResult {
  rows: number;
  uploadMs: number;
  importSeconds: number;
  rowsPerSecond: number;
  exportSeconds: number;
  exportBytes: number;
}

export async function runImportBench(
  rows = Number(process.env.BENCH_IMPORT_ROWS ?? 10_000),
): Promise<ImportBenchResult> {
  const dir = mkdtempSync(join(tmpdir(), 'carton-bench-import-'));
  chmodSync(dir, 0o755);
  const pg = await startEmbeddedPostgres({
    dataDir: join(dir, 'pg'),
    port: await freePort(),
    password: 'carton-bench',
  });
  const env = {
    DATABASE_URL: pg.url,
    CARTON_SECRET: randomBytes(32).toString('base64url'),
    LOG_LEVEL: 'warn',
    RATE_LIMIT_PER_MINUTE: '1000000',
  };
  try {
    const { startRuntime } = await import('../server/src/platform/runtime.ts');
    const { seedDemo } = await import('../server/src/modules/identity/seed.ts');
    const setup = await startRuntime({
      api: false,
      worker: false,
      config: loadConfig({ ...process.env, ...env, NODE_ENV: 'test' }),
    });
    const seeded = await seedDemo(setup.platform).finally(() => setup.stop());
    const headers = { authorization: `Bearer ${seeded.secretKey!}` };

    const port = await freePort();
    const carton = spawnCarton(['start'], { ...env, PORT: String(port), HOST: '127.0.0.1' });
    try {
      const base = `http://127.0.0.1:${port}`;
      await waitReady(base, carton.child);
      const csv = generateShopifyCsv(rows, { prefix: 'bench' });
      log(`import: ${rows} rows, ${round(csv.length / 1_048_576, 1)} MB`);
      const t0 = performance.now();
      const res = await fetch(`${base}/admin/v1/products/import`, {
        method: 'POST',
        headers: { ...headers, 'content-type': 'text/csv' },
        body: csv,
      });
      const uploadMs = performance.now() - t0;
      if (res.status !== 202) throw new Error(`upload → ${res.status} ${await res.text()}`);
      const { id } = (await res.json()) as { id: string };
      type Job = { status: string; processed_rows: number; percentage: number; error_count: number };
      let job: Job;
      let last = -1;
      for (;;) {
        job = (await (await fetch(`${base}/admin/v1/products/import/${id}`, { headers })).json()) as Job;
        if (job.percentage !== last) log(`import: ${job.processed_rows}/${rows} (${job.percentage}%)`);
        last = job.percentage;
        if (job.status === 'completed' || job.status === 'failed') break;
        await sleep(250);
      }
      const importSeconds = (performance.now() - t0) / 1000;
      if (job.status !== 'completed' || job.error_count)
        throw new Error(`import ended ${JSON.stringify(job)}`);

      const e0 = performance.now();
      const exported = await (await fetch(`${base}/admin/v1/products/export`, { headers })).text();
      const exportSeconds = (performance.now() - e0) / 1000;
      return {
        rows,
        uploadMs: round(uploadMs, 0),
        importSeconds: round(importSeconds, 1),
        rowsPerSecond: round(rows / importSeconds, 0),
        exportSeconds: round(exportSeconds, 2),
        exportBytes: exported.length,
      };
    } finally {
      await carton.stop();
    }
  } finally {
    await pg.stop();
  }
}

if (process.argv[1] === new URL(import.meta.url).pathname) {
  const env = environment();
  log(`commit ${env.commit}, ${env.cpu}, Node ${env.node}`);
  console.log(JSON.stringify(await runImportBench(), null, 2));
}
