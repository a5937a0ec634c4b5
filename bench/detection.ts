/**
 * Abandonment detection at scale (issue #6): 100,000 tracked carts, 20,000 of them falling due in
 * the same minute. Target (the detection half of the benchmark): detection marks all
 * 20,000 within the minute and emits exactly one `cart.abandoned` each — with several workers
 * scanning at once, as when the schedule's ticks overlap or several worker processes run.
 *
 * The other half of the target — every first message handed to its provider within 5
 * minutes of its due time, with no duplicate sends — belongs to campaigns (not built yet); this
 * benchmark stops at the events campaigns will consume.
 *
 * A fresh embedded PostgreSQL, migrated; one store; 100,000 contacts and carts written in bulk (SQL,
 * not the service: the setup is not what is measured): 20,000 due at random seconds of the last
 * minute, 60,000 due later, 20,000 without a contact (never due). Then BENCH_DETECT_WORKERS (default
 * 2) concurrent `detectAbandonedCarts` passes, each with its own connections, as separate workers
 * would. Afterwards: 20,000 abandoned, 20,000 `cart.abandoned` events, 20,000 distinct carts.
 *
 *   node bench/detection.ts
 */
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { createOrganization, createStore } from '../server/src/modules/tenancy/service.ts';
import { detectAbandonedCarts } from '../server/src/modules/recovery/service.ts';
import { loadConfig } from '../server/src/platform/config.ts';
import type { Platform } from '../server/src/platform/context.ts';
import { openDatabase } from '../server/src/platform/db/database.ts';
import { startEmbeddedPostgres } from '../server/src/platform/db/embedded.ts';
import { migrate } from '../server/src/platform/db/migrate.ts';
import { freePort, log, postgresCpuMs, round } from './lib.ts';

export interface DetectionBenchResult {
  trackedCarts: number;
  dueInTheMinute: number;
  workers: number;
  batchSize: number;
  loadAverage: number[];
  detectSeconds: number;
  cartsPerSecond: number;
  abandoned: number;
  events: number;
  distinctCarts: number;
  markedByWorkers: number[];
  postgresCpuSeconds: number;
  target: { seconds: number };
  pass: boolean;
}

export async function runDetectionBench(
  opts: { total?: number; due?: number; workers?: number; batchSize?: number } = {},
): Promise<DetectionBenchResult> {
  const total = opts.total ?? Number(process.env.BENCH_TRACKED_CARTS ?? 100_000);
  const due = opts.due ?? Number(process.env.BENCH_DUE_CARTS ?? 20_000);
  const workers = opts.workers ?? Number(process.env.BENCH_DETECT_WORKERS ?? 2);
  const batchSize = opts.batchSize ?? Number(process.env.BENCH_DETECT_BATCH ?? 1000);
  const dir = mkdtempSync(join(tmpdir(), 'carton-bench-detect-'));
  chmodSync(dir, 0o755);
  log('detection: starting PostgreSQL');
  const pgServer = await startEmbeddedPostgres({
    dataDir: join(dir, 'pg'),
    port: await freePort(),
    password: 'carton-bench',
  });
  const databases: ReturnType<typeof openDatabase>[] = [];
  try {
    await migrate(pgServer.url);
    const config = loadConfig({
      NODE_ENV: 'production',
      DATABASE_URL: pgServer.url,
      CARTON_SECRET: randomBytes(32).toString('base64url'),
      PUBLIC_URL: 'https://shop.example.com',
      LOG_LEVEL: 'silent',
    });
    const setup = openDatabase(pgServer.url, { poolSize: 4, applicationName: 'carton-bench' });
    databases.push(setup);
    const org = await createOrganization(setup.db, { name: 'Bench' });
    const store = await createStore(setup.db, {
      organizationId: org.id,
      input: { name: 'Bench store', handle: 'bench-detection', currency: 'USD' },
    });
    const storeId = store.id;

    log(`detection: writing ${total.toLocaleString('en')} contacts and tracked carts`);
    const t0 = performance.now();
    await setup.db.execute(sql`
      INSERT INTO recovery_contacts (id, store_id, email_hash, email_encrypted)
      SELECT 'rcon_bench' || lpad(g::text, 7, '0'), ${storeId}, md5(g::text), 'v1.x.x.x'
      FROM generate_series(1, ${total}) g`);
    // 1..due: due at a random second of the last minute; then due within the next 1–24 hours;
    // the last fifth has no contact (anonymous: never due).
    await setup.db.execute(sql`
      INSERT INTO recovery_carts (id, store_id, source, external_id, contact_id, currency, value, item_count, items,
                                  device, last_activity_at, snapshot_at, abandon_due_at)
      SELECT 'tcart_bench' || lpad(g::text, 7, '0'), ${storeId}, 'tracker', 'cart-' || g,
             CASE WHEN g <= ${total} * 4 / 5 THEN 'rcon_bench' || lpad(g::text, 7, '0') END,
             'USD', 4500, 2,
             '[{"title":"Linen shirt","sku":"LS-M","quantity":1,"unit_price":2500,"image_url":"https://cdn.example.com/ls.jpg","product_id":null,"variant_id":null,"variant_title":"M","url":null},{"title":"Socks","sku":"SO-1","quantity":1,"unit_price":2000,"image_url":null,"product_id":null,"variant_id":null,"variant_title":null,"url":null}]'::jsonb,
             'mobile', now() - interval '2 hours', now() - interval '2 hours',
             CASE WHEN g <= ${due} THEN now() - (random() * interval '59 seconds')
                  WHEN g <= ${total} * 4 / 5 THEN now() + interval '1 hour' + random() * interval '23 hours' END
      FROM generate_series(1, ${total}) g`);
    await setup.db.execute(sql`ANALYZE recovery_carts`);
    log(`detection: written in ${round((performance.now() - t0) / 1000, 1)} s`);

    const platforms = Array.from({ length: workers }, (_, i) => {
      const database = openDatabase(pgServer.url, {
        poolSize: 4,
        applicationName: `carton-bench-worker-${i}`,
      });
      databases.push(database);
      return { config, database, db: database.db } as unknown as Platform;
    });
    log(`detection: ${workers} workers scanning at once, batches of ${batchSize}`);
    const pg0 = postgresCpuMs(join(dir, 'pg'));
    const start = performance.now();
    const results = await Promise.all(platforms.map((p) => detectAbandonedCarts(p, { batchSize })));
    const detectSeconds = round((performance.now() - start) / 1000, 2);
    const pg1 = postgresCpuMs(join(dir, 'pg'));
    const loadAverage = loadavg().map((x) => round(x, 2));

    const { rows } = await setup.db.execute<{
      abandoned: number;
      events: number;
      distinct_carts: number;
    }>(sql`
      SELECT (SELECT count(*)::int FROM recovery_carts WHERE status = 'abandoned') AS abandoned,
             (SELECT count(*)::int FROM events WHERE type = 'cart.abandoned') AS events,
             (SELECT count(DISTINCT aggregate_id)::int FROM events WHERE type = 'cart.abandoned') AS distinct_carts`);
    const check = rows[0]!;
    return {
      trackedCarts: total,
      dueInTheMinute: due,
      workers,
      batchSize,
      loadAverage,
      detectSeconds,
      cartsPerSecond: round(check.abandoned / detectSeconds, 0),
      abandoned: check.abandoned,
      events: check.events,
      distinctCarts: check.distinct_carts,
      markedByWorkers: results.map((r) => r.abandoned),
      postgresCpuSeconds: round((pg1 - pg0) / 1000, 1),
      target: { seconds: 60 },
      pass:
        detectSeconds < 60 && check.abandoned === due && check.events === due && check.distinct_carts === due,
    };
  } finally {
    for (const d of databases) await d.close().catch(() => {});
    await pgServer.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const r = await runDetectionBench();
  console.log(JSON.stringify(r, null, 2));
}
