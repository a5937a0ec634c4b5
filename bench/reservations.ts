/**
 * Reservations throughput with no oversell, measured at the SERVICE level: `reserveStock`,
 * `releaseReservation` and `commitReservation` called in-process (no HTTP) by `BENCH_WORKERS`
 * concurrent buyers, each with its own pooled connection, against a fresh embedded PostgreSQL
 * (fsync on, as Carton runs it). Each reservation is the full production path: a store-scoped RLS
 * transaction, idempotency-key insert, variant and policy lookup, row locks on the levels, the
 * allocation, the reserved-quantity update and lines in one statement, low-stock tracking and the
 * `inventory.reserved` outbox event.
 *
 * The catalog: 1,000 variants stocked in 3 warehouses (ample stock), plus 20 "hot" variants with
 * 5 units in total each that every buyer also tries to buy (10 % of reservations), so the hot
 * rows are contended and sell out mid-run. Of the successful reservations, 30 % are released and
 * 20 % committed (an order) straight after, like checkouts do; the rest stay active.
 *
 * Afterwards it checks, for every level: reserved ≤ on hand (no oversell), reserved = the units
 * of active reservation lines, and on hand = stocked − committed units.
 *
 *   node bench/reservations.ts
 *   BENCH_DURATION_S=20 BENCH_WORKERS=32 node bench/reservations.ts
 */
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openDatabase } from '../server/src/platform/db/database.ts';
import { startEmbeddedPostgres } from '../server/src/platform/db/embedded.ts';
import { migrate } from '../server/src/platform/db/migrate.ts';
import { isAppError } from '../server/src/platform/errors.ts';
import { createOrganization, createStore } from '../server/src/modules/tenancy/service.ts';
import {
  commitReservation,
  createStockLocation,
  releaseReservation,
  reserveStock,
} from '../server/src/modules/inventory/service.ts';
import { insertTestVariants } from '../server/src/modules/inventory/testing.ts';
import { freePort, log, postgresCpuMs, round } from './lib.ts';

export interface ReservationsResult {
  level: 'service';
  workers: number;
  durationS: number;
  /** Successful reservations per second over the measured window. */
  reservationsPerSec: number;
  /** Reservation attempts (successful + refused for lack of stock) per second. */
  attemptsPerSec: number;
  reservations: number;
  refusedInsufficient: number;
  released: number;
  committed: number;
  errors: number;
  latencyP50Ms: number;
  latencyP99Ms: number;
  /** CPU time of this (Node) process per successful reservation, including its releases/commits. */
  nodeCpuUsPerReservation: number;
  /** CPU time of the PostgreSQL server (all its processes) per successful reservation. */
  postgresCpuUsPerReservation: number;
  levelsChecked: number;
  oversoldLevels: number;
  unbalancedLevels: number;
  target: number;
  pass: boolean;
}

const percentile = (sorted: number[], p: number) =>
  sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]! : 0;

export async function runReservationsBench(
  opts: { durationS?: number; workers?: number } = {},
): Promise<ReservationsResult> {
  const durationS = opts.durationS ?? Number(process.env.BENCH_DURATION_S ?? 20);
  const workers = opts.workers ?? Number(process.env.BENCH_WORKERS ?? 32);
  // Share of successful reservations released / committed straight after (BENCH_FOLLOW_UP=0: none).
  const followUp = Number(process.env.BENCH_FOLLOW_UP ?? 1);
  // Share of attempts that go for the 20 hot (soon sold out) variants (BENCH_HOT_SHARE=0: none, so no refusals).
  const hotShare = Number(process.env.BENCH_HOT_SHARE ?? 0.1);

  const dir = mkdtempSync(join(tmpdir(), 'carton-bench-reservations-'));
  chmodSync(dir, 0o755);
  log('reservations: starting PostgreSQL');
  const pgOptions = { dataDir: join(dir, 'pg'), port: await freePort(), password: 'carton-bench' };
  let pgServer = await startEmbeddedPostgres(pgOptions);
  // BENCH_PG_STATEMENTS=1: where PostgreSQL's time goes, statement by statement (pg_stat_statements,
  // nested statements of functions and triggers included); a diagnosis, it slows the run a little.
  const statements = process.env.BENCH_PG_STATEMENTS === '1';
  if (statements) {
    const admin = new pg.Client({ connectionString: pgServer.url });
    await admin.connect();
    await admin.query(`ALTER SYSTEM SET shared_preload_libraries = 'pg_stat_statements'`);
    await admin.query(`ALTER SYSTEM SET pg_stat_statements.track = 'all'`);
    await admin.query(`ALTER SYSTEM SET pg_stat_statements.track_planning = on`);
    await admin.end();
    await pgServer.stop();
    pgServer = await startEmbeddedPostgres(pgOptions);
  }
  try {
    await migrate(pgServer.url);
    if (statements)
      await new pg.Pool({ connectionString: pgServer.url, max: 1 })
        .query('CREATE EXTENSION pg_stat_statements')
        .catch(() => {});
    // BENCH_PG_OPTIONS: session settings for diagnosis only, e.g. "-c synchronous_commit=off".
    const url = process.env.BENCH_PG_OPTIONS
      ? `${pgServer.url}?options=${encodeURIComponent(process.env.BENCH_PG_OPTIONS)}`
      : pgServer.url;
    const database = openDatabase(url, { poolSize: workers + 4, applicationName: 'carton-bench' });
    const db = database.db;
    try {
      log('reservations: stocking 1,020 variants in 3 warehouses');
      const org = await createOrganization(db, { name: 'Bench' });
      const store = await createStore(db, {
        organizationId: org.id,
        input: { name: 'Bench store', handle: 'bench-reservations', currency: 'USD' },
      });
      const storeId = store.id;
      const locations = [];
      for (const [i, code] of ['north', 'south', 'east'].entries()) {
        locations.push(await createStockLocation(db, { storeId, input: { name: code, code, priority: i } }));
      }
      const plain = await insertTestVariants(db, storeId, 1000);
      const hot = await insertTestVariants(db, storeId, 20);
      // Ample stock for the plain variants; 2 + 2 + 1 units of each hot one.
      await db.execute(sql`
        INSERT INTO inventory_levels (id, store_id, variant_id, location_id, on_hand)
        SELECT 'invlvl_' || md5(v || l.id), ${storeId}, v, l.id,
               CASE WHEN v = ANY(${sql.param(hot)}::text[]) THEN (CASE WHEN l.code = 'east' THEN 1 ELSE 2 END)
                    ELSE 100000 END
        FROM unnest(${sql.param([...plain, ...hot])}::text[]) AS v, stock_locations l
        WHERE l.store_id = ${storeId}`);
      const { rows: stocked } = await db.execute<{ id: string; on_hand: number }>(
        sql`SELECT id, on_hand FROM inventory_levels WHERE store_id = ${storeId}`,
      );
      const initial = new Map(stocked.map((r) => [r.id, r.on_hand]));
      void locations;

      let reservations = 0;
      let refused = 0;
      let released = 0;
      let committed = 0;
      let errors = 0;
      const latencies: number[] = [];
      let measuring = false;
      let stop = false;
      const pick = <T>(xs: T[]) => xs[Math.floor(Math.random() * xs.length)]!;

      const buyer = async (w: number) => {
        let n = 0;
        while (!stop) {
          n++;
          const lines =
            Math.random() < hotShare
              ? [{ variant_id: pick(hot), quantity: 1 }]
              : Array.from({ length: 1 + Math.floor(Math.random() * 3) }, () => ({
                  variant_id: pick(plain),
                  quantity: 1 + Math.floor(Math.random() * 2),
                })).filter((l, i, all) => all.findIndex((x) => x.variant_id === l.variant_id) === i);
          const t0 = performance.now();
          try {
            const { reservation } = await reserveStock(db, {
              storeId,
              input: { key: `bench-${w}-${n}`, owner_ref: `cart_bench_${w}`, lines },
            });
            if (measuring) {
              latencies.push(performance.now() - t0);
              reservations++;
            }
            const r = Math.random();
            if (r < 0.3 * followUp) {
              await releaseReservation(db, { storeId, reservationId: reservation.id });
              if (measuring) released++;
            } else if (r < 0.5 * followUp) {
              await commitReservation(db, {
                storeId,
                reservationId: reservation.id,
                orderRef: `ord_${w}_${n}`,
              });
              if (measuring) committed++;
            }
          } catch (err) {
            if (isAppError(err) && err.code === 'INSUFFICIENT_STOCK') {
              if (measuring) refused++;
            } else {
              errors++;
              if (errors <= 3) log(`reservations: error ${String(err)}`);
            }
          }
        }
      };

      log(`reservations: ${workers} buyers, 3 s warm-up, then ${durationS} s measured`);
      const running = Array.from({ length: workers }, (_, w) => buyer(w));
      await new Promise((r) => setTimeout(r, 3000));
      measuring = true;
      const t0 = performance.now();
      const cpu0 = process.cpuUsage();
      if (statements) await db.execute(sql`SELECT pg_stat_statements_reset()`);
      const pgCpu0 = postgresCpuMs(join(dir, 'pg'));
      await new Promise((r) => setTimeout(r, durationS * 1000));
      measuring = false;
      const seconds = (performance.now() - t0) / 1000;
      const cpu = process.cpuUsage(cpu0);
      const pgCpuMs = postgresCpuMs(join(dir, 'pg')) - pgCpu0;
      stop = true;
      await Promise.all(running);
      if (statements) {
        const { rows: top } = await db.execute<{ us: number; calls: number; query: string }>(sql`
          SELECT round((total_exec_time + total_plan_time) * 1000 / ${reservations})::int AS us,
                 calls, left(regexp_replace(query, '[[:space:]]+', ' ', 'g'), 110) AS query
          FROM pg_stat_statements ORDER BY total_exec_time + total_plan_time DESC LIMIT 25`);
        log('reservations: PostgreSQL time per successful reservation, by statement (nested included):');
        for (const t of top)
          log(`  ${String(t.us).padStart(6)} µs  ${String(t.calls).padStart(7)} calls  ${t.query}`);
      }

      log('reservations: checking every level');
      const { rows: check } = await db.execute<{
        id: string;
        on_hand: number;
        reserved: number;
        held: number;
        committed: number;
      }>(sql`
        SELECT l.id, l.on_hand, l.reserved,
          COALESCE((SELECT sum(rl.quantity) FROM inventory_reservation_lines rl
                    JOIN inventory_reservations r ON r.id = rl.reservation_id
                    WHERE rl.level_id = l.id AND r.status = 'active'), 0)::int AS held,
          COALESCE((SELECT sum(rl.quantity) FROM inventory_reservation_lines rl
                    JOIN inventory_reservations r ON r.id = rl.reservation_id
                    WHERE rl.level_id = l.id AND r.status = 'committed'), 0)::int AS committed
        FROM inventory_levels l WHERE l.store_id = ${storeId}`);
      const oversold = check.filter((l) => l.reserved > l.on_hand).length;
      const unbalanced = check.filter(
        (l) => l.reserved !== l.held || l.on_hand !== initial.get(l.id)! - l.committed,
      ).length;

      latencies.sort((a, b) => a - b);
      const reservationsPerSec = round(reservations / seconds, 0);
      const target = 1000;
      return {
        level: 'service',
        workers,
        durationS,
        reservationsPerSec,
        attemptsPerSec: round((reservations + refused) / seconds, 0),
        reservations,
        refusedInsufficient: refused,
        released,
        committed,
        errors,
        latencyP50Ms: round(percentile(latencies, 50), 2),
        latencyP99Ms: round(percentile(latencies, 99), 2),
        nodeCpuUsPerReservation: round((cpu.user + cpu.system) / Math.max(reservations, 1), 0),
        postgresCpuUsPerReservation: round((pgCpuMs * 1000) / Math.max(reservations, 1), 0),
        levelsChecked: check.length,
        oversoldLevels: oversold,
        unbalancedLevels: unbalanced,
        target,
        pass: reservationsPerSec >= target && oversold === 0 && unbalanced === 0 && errors === 0,
      };
    } finally {
      await database.close();
    }
  } finally {
    await pgServer.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const result = await runReservationsBench();
  process.stdout.write(JSON.stringify(result, null, 2) + '\n');
  process.exit(result.pass ? 0 : 1);
}
