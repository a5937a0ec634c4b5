/**
 * The whole checkout over HTTP (issue #4). Targets: ≥ 200 completed checkouts/s at 16 concurrent
 * shoppers, complete-call p99 < 150 ms, add-to-cart p99 < 20 ms.
 *
 * Carton runs as `npm start` runs it — `carton start`: the API and the workers in one process —
 * against a fresh embedded PostgreSQL, and seeds the demo store (catalog with prices and stock,
 * US and rest-of-the-world shipping, US sales tax, the test payment processor capturing on
 * placement). Stock is then raised so that the run measures checkouts, not stock-outs.
 *
 * Each of 16 shoppers loops: create a cart → add 3 items → set e-mail and addresses → list the
 * shipping options and choose one → complete with `tok_visa` and the total it saw. Afterwards:
 * orders = completed checkouts, no level oversold, every order's payment authorized or captured.
 *
 *   node bench/checkout.ts
 *   BENCH_DURATION_S=10 BENCH_SHOPPERS=16 node bench/checkout.ts
 */
import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import pg from 'pg';
import { Pool } from 'undici';
import { summarizeCpuProfile } from './profile-summary.ts';
import { ADDRESS, checkoutOnce, type Call } from './shopper.ts';
import {
  benchStartEnv,
  ROOT,
  cpuMs,
  freePort,
  log,
  logPgStatements,
  monotonicUs,
  percentile,
  postgresCpu,
  postgresCpuMs,
  resetPgStatements,
  round,
  spawnCarton,
  startBenchPostgres,
  startPgPerf,
  waitReady,
} from './lib.ts';

export interface CheckoutBenchResult {
  shoppers: number;
  durationS: number;
  loadAverage: number[];
  completed: number;
  checkoutsPerSec: number;
  complete: { p50Ms: number; p99Ms: number; maxMs: number };
  addToCart: { p50Ms: number; p99Ms: number; maxMs: number };
  flowP50Ms: number;
  /** p50 / p99 of each kind of request of the flow. */
  steps: Record<string, { p50Ms: number; p99Ms: number }>;
  errors: number;
  errorSamples: string[];
  cpuMsPerCheckout: {
    carton: number;
    postgres: number;
    client: number;
    /** Of Carton's and PostgreSQL's, the part spent in the kernel. */
    cartonKernel: number;
    postgresKernel: number;
  };
  /** WAL written per checkout while measuring (its after-effects as far as they kept up). */
  walPerCheckout: { records: number; kB: number };
  afterEffects: {
    backlogAtEnd: {
      events: number;
      deliveries: number;
      workflows: number;
      emails: number;
      by_subscriber: Record<string, number>;
    };
    caughtUpInS: number;
    sustainedCheckoutsPerSec: number;
    deliveriesPerCheckout: Record<string, number>;
  };
  checks: { orders: number; completedTotal: number; oversoldLevels: number; unpaidOrders: number };
  targets: { checkoutsPerSec: number; completeP99Ms: number; addToCartP99Ms: number };
  pass: boolean;
}

/**
 * BENCH_PG_WAITS=1, a diagnosis: what PostgreSQL's busy backends are doing while measuring —
 * sampled from pg_stat_activity every 10 ms, counted by wait event and statement.
 */
const pgWaitsWanted = process.env.BENCH_PG_WAITS === '1';

function sampleWaits(url: string): { stop: () => Promise<void> } {
  const sampler = new pg.Client({ connectionString: url });
  const counts = new Map<string, number>();
  const byWait = new Map<string, number>(); // statements differ by their literals: the sum per wait too
  let samples = 0;
  let running = true;
  const done = (async () => {
    await sampler.connect();
    const sessions = async () =>
      (await sampler.query<{ n: number }>(`SELECT sum(sessions)::int AS n FROM pg_stat_database`)).rows[0]!.n;
    const sessions0 = await sessions();
    while (running) {
      const { rows } = await sampler.query<{ w: string; q: string }>(
        `SELECT coalesce(a.wait_event_type || ':' || a.wait_event, 'CPU') AS w,
           left(regexp_replace(a.query, '\\s+', ' ', 'g'), 90)
             || coalesce(' ⟵ blocked by [' || b.state || '] ' || left(regexp_replace(b.query, '\\s+', ' ', 'g'), 150), '') AS q
         FROM pg_stat_activity a
         LEFT JOIN pg_stat_activity b ON b.pid = (pg_blocking_pids(a.pid))[1]
         WHERE a.state = 'active' AND a.pid <> pg_backend_pid() AND a.backend_type = 'client backend'`,
      );
      samples++;
      for (const r of rows) {
        counts.set(`${r.w} | ${r.q}`, (counts.get(`${r.w} | ${r.q}`) ?? 0) + 1);
        byWait.set(r.w, (byWait.get(r.w) ?? 0) + 1);
      }
      await new Promise((r) => setTimeout(r, 10));
    }
    log(`PostgreSQL sessions opened while measuring: ${(await sessions()) - sessions0}`);
    const { rows: av } = await sampler.query<{ relname: string; a: number; v: number }>(
      `SELECT relname, autoanalyze_count::int AS a, autovacuum_count::int AS v FROM pg_stat_user_tables
       WHERE autoanalyze_count + autovacuum_count > 0 ORDER BY autoanalyze_count + autovacuum_count DESC LIMIT 25`,
    );
    log(`autovacuum since start (analyze/vacuum): ${av.map((r) => `${r.relname} ${r.a}/${r.v}`).join(', ')}`);
    await sampler.end();
  })();
  return {
    stop: async () => {
      running = false;
      await done;
      log(`PostgreSQL's active backends, ${samples} samples (mean busy backends by wait):`);
      for (const [k, n] of [...byWait].sort((a, b) => b[1] - a[1])) {
        log(`  ${(n / samples).toFixed(3).padStart(7)}  ${k}`);
      }
      log(`by wait and statement:`);
      for (const [k, n] of [...counts].sort((a, b) => b[1] - a[1]).slice(0, 30)) {
        log(`  ${(n / samples).toFixed(3).padStart(7)}  ${k}`);
      }
    },
  };
}

const walWanted = process.env.BENCH_PG_WAL === '1';

async function walLsn(client: pg.Client): Promise<string> {
  return (await client.query<{ lsn: string }>('SELECT pg_current_wal_flush_lsn()::text AS lsn')).rows[0]!.lsn;
}

/** WAL records per checkout by record kind, and the blocks they touched by relation. */
async function logWalBreakdown(
  client: pg.Client,
  from: string,
  to: string,
  checkouts: number,
): Promise<void> {
  const per = Math.max(1, checkouts);
  const { rows: kinds } = await client.query<{ kind: string; n: string; kb: string }>(
    `SELECT "resource_manager/record_type" AS kind, count AS n, round(combined_size / 1024.0, 1) AS kb
     FROM pg_get_wal_stats($1::pg_lsn, $2::pg_lsn, true) WHERE count > 0 ORDER BY count DESC LIMIT 25`,
    [from, to],
  );
  log('WAL per checkout by record kind (records, kB):');
  for (const r of kinds)
    log(
      `  ${(Number(r.n) / per).toFixed(1).padStart(7)}  ${(Number(r.kb) / per).toFixed(2).padStart(6)}  ${r.kind}`,
    );
  const { rows: rels } = await client.query<{ rel: string; n: string }>(
    `SELECT coalesce(c.relname, b.relfilenode::text) || ' (' || coalesce(c.relkind::text, '?') || ') '
       || b.resource_manager || ':' || b.record_type AS rel, count(*) AS n
     FROM pg_get_wal_block_info($1::pg_lsn, $2::pg_lsn) b
     LEFT JOIN pg_class c ON pg_relation_filenode(c.oid) = b.relfilenode
     GROUP BY 1 ORDER BY 2 DESC LIMIT 60`,
    [from, to],
  );
  log('WAL block references per checkout by relation (r table, i index, t toast) and record kind:');
  for (const r of rels) log(`  ${(Number(r.n) / per).toFixed(1).padStart(7)}  ${r.rel}`);
}

export async function runCheckoutBench(
  opts: { shoppers?: number; durationS?: number; warmupS?: number } = {},
): Promise<CheckoutBenchResult> {
  const shoppers = opts.shoppers ?? Number(process.env.BENCH_SHOPPERS ?? 16);
  const durationS = opts.durationS ?? Number(process.env.BENCH_DURATION_S ?? 20);
  const warmupS = opts.warmupS ?? Number(process.env.BENCH_WARMUP_S ?? 5);
  const dir = mkdtempSync(join(tmpdir(), 'carton-bench-checkout-'));
  chmodSync(dir, 0o755);
  log('checkout: starting PostgreSQL');
  const pgOptions = { dataDir: join(dir, 'pg'), port: await freePort(), password: 'carton-bench' };
  // BENCH_PG_STATEMENTS=1: where PostgreSQL's time goes, statement by statement (bench/lib.ts).
  const pgServer = await startBenchPostgres(pgOptions);
  const port = await freePort();
  // BENCH_PROFILE=1: Carton under --cpu-prof; prints where its CPU went while measuring.
  const profile = process.env.BENCH_PROFILE === '1';
  const profileDir = join(dir, 'profile');
  const carton = spawnCarton(['start'], {
    ...(profile ? { NODE_OPTIONS: `--cpu-prof --cpu-prof-dir=${profileDir}` } : {}),
    ...benchStartEnv({ databaseUrl: pgServer.url, dataDir: dir, port }),
    PAYMENTS_TEST_PROCESSOR: 'on', // the bench pays with the test processor's cards
    RATE_LIMIT_PER_MINUTE: '1000000000',
  });
  let finished = false;
  carton.child.once('exit', (code, signal) => {
    if (!finished) log(`Carton exited (${code ?? signal}) during the run:\n${carton.output().slice(-4000)}`);
  });
  const client = new pg.Client({ connectionString: pgServer.url });
  try {
    const base = `http://127.0.0.1:${port}`;
    log('checkout: starting Carton (`carton start`: API + workers, demo data)');
    await waitReady(base, carton.child, 120_000);
    let pk: string | undefined;
    for (let i = 0; i < 100 && !pk; i++) {
      pk = /Publishable key\s+(pk_\S+)/.exec(carton.output())?.[1];
      if (!pk) await new Promise((r) => setTimeout(r, 100));
    }
    if (!pk) throw new Error(`no publishable key in the start output:\n${carton.output()}`);
    await client.connect();
    // The demo catalog may still be loading after the keys are printed: wait for it.
    let variants: { id: string }[] = [];
    for (let i = 0; i < 600 && variants.length < 300; i++) {
      if (i) await new Promise((r) => setTimeout(r, 200));
      ({ rows: variants } = await client.query<{ id: string }>(`
        SELECT v.id FROM variants v JOIN products p ON p.id = v.product_id
        WHERE p.status = 'active' AND EXISTS (SELECT 1 FROM inventory_levels l WHERE l.variant_id = v.id)
          AND EXISTS (SELECT 1 FROM prices pr WHERE pr.variant_id = v.id)
        ORDER BY v.id LIMIT 300`));
    }
    // Plenty of stock: the run measures checkouts, not stock-outs.
    await client.query(`UPDATE inventory_levels SET on_hand = 1000000`);
    if (variants.length < 3) throw new Error('the demo catalog has no sellable variants');
    log(`checkout: ${variants.length} variants, publishable key ${pk.slice(0, 10)}…`);

    const headers = { 'x-publishable-key': pk, 'content-type': 'application/json' };
    // Time per request kind (measured window only), to see which step of the flow costs what.
    const stepMs = new Map<string, number[]>();
    // undici's own request API, one keep-alive connection per shopper: a fraction of fetch's CPU
    // (the client shares the two cores with Carton and PostgreSQL).
    const http = new Pool(base, { connections: shoppers });
    const call = async (method: string, path: string, body?: unknown) => {
      const s0 = performance.now();
      const res = await http.request({
        path,
        method: method as 'GET',
        headers: body === undefined ? { 'x-publishable-key': pk! } : headers,
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const json = (await res.body.json()) as Record<string, unknown>;
      const status = res.statusCode;
      if (measuring) {
        const kind = `${method} ${path.replace(/cart_[0-9A-Za-z]+/, '{id}')}`;
        (stepMs.get(kind) ?? stepMs.set(kind, []).get(kind)!).push(performance.now() - s0);
      }
      return { status, body: json };
    };

    let measuring = false;
    let stopping = false;
    let completedTotal = 0;
    const completeMs: number[] = [];
    const addMs: number[] = [];
    const flowMs: number[] = [];
    let completed = 0;
    let errors = 0;
    const errorSamples: string[] = [];
    const fail = (what: string, r: { status: number; body: unknown }) => {
      if (measuring) errors++;
      if (errorSamples.length < 10)
        errorSamples.push(`${what} → ${r.status} ${JSON.stringify(r.body).slice(0, 300)}`);
    };

    async function shopper(n: number): Promise<void> {
      let k = n * 7;
      while (!stopping) {
        const r = await checkoutOnce(call, { variants, next: () => k++, email: `shopper${n}@example.com` });
        if (!r.ok) {
          fail(r.step, r);
          continue;
        }
        completedTotal++;
        if (measuring) {
          addMs.push(...r.addMs);
          completeMs.push(r.completeMs);
          flowMs.push(r.flowMs);
          completed++;
        }
      }
    }

    log(`checkout: ${shoppers} shoppers, warm-up ${warmupS} s`);
    const firstStarted = performance.now();
    const loops = Array.from({ length: shoppers }, (_, n) => shopper(n));
    await new Promise((r) => setTimeout(r, warmupS * 1000));
    const loadAverage = loadavg().map((x) => round(x, 2));
    log(`checkout: load average before measuring ${loadAverage.join(' ')}; measuring ${durationS} s`);
    await resetPgStatements(client);
    // WAL written: the database's write work, which unlike CPU time does not move with the VM's speed.
    const walNow = async () =>
      (
        await client.query<{ records: string; bytes: string }>(
          `SELECT wal_records AS records, wal_bytes AS bytes FROM pg_stat_wal`,
        )
      ).rows[0]!;
    const wal0 = await walNow();
    // BENCH_PG_WAL=1: which relations and record kinds the WAL of the window went to (pg_walinspect).
    if (walWanted) await client.query('CREATE EXTENSION IF NOT EXISTS pg_walinspect');
    const walFrom = walWanted ? await walLsn(client) : null;
    const cpu0 = cpuMs(carton.child.pid!);
    const pg0 = postgresCpu(join(dir, 'pg'));
    const client0 = process.cpuUsage();
    measuring = true;
    // The after-effects (event deliveries: e-mails, recovery, order payment status; captures) may
    // trail the answers: how far behind they were when the shoppers stopped, and how long they
    // took to catch up. A rate whose backlog keeps growing is not a rate the shop can sustain.
    const backlog = async () =>
      (
        await client.query<{
          events: number;
          deliveries: number;
          workflows: number;
          emails: number;
          by_subscriber: Record<string, number>;
        }>(`SELECT
          (SELECT count(*) FROM events_undispatched)::int AS events,
          (SELECT count(*) FROM event_deliveries WHERE status = 'pending')::int AS deliveries,
          (SELECT count(*) FROM dbos.workflow_status WHERE status IN ('PENDING', 'ENQUEUED'))::int AS workflows,
          (SELECT count(*) FROM order_notifications WHERE status = 'pending')::int AS emails,
          (SELECT coalesce(jsonb_object_agg(subscriber, n), '{}') FROM (SELECT subscriber, count(*) AS n
             FROM event_deliveries WHERE status = 'pending' GROUP BY 1) p) AS by_subscriber`)
      ).rows[0]!;
    const window = { fromUs: monotonicUs(), toUs: 0 };
    const waits = pgWaitsWanted ? sampleWaits(pgServer.url) : null;
    const pgPerf = startPgPerf(join(dir, 'pg'));
    const started = performance.now();
    const progress = setInterval(() => {
      const s = Math.round((performance.now() - started) / 1000);
      void backlog().then(
        (b) =>
          log(
            `checkout: ${completed} completed, ${errors} errors, ${s} s; behind: ${b.events} events, ` +
              `${b.deliveries} deliveries, ${b.workflows} workflows, ${b.emails} e-mails`,
          ),
        () => {},
      );
    }, 5000);
    await new Promise((r) => setTimeout(r, durationS * 1000));
    measuring = false;
    window.toUs = monotonicUs();
    const elapsedS = (performance.now() - started) / 1000;
    clearInterval(progress);
    if (waits) await waits.stop();
    const cpu1 = cpuMs(carton.child.pid!);
    const pg1 = postgresCpu(join(dir, 'pg'));
    const client1 = process.cpuUsage(client0);
    const wal1 = await walNow();
    const walTo = walFrom ? await walLsn(client) : null;
    await pgPerf?.stop();
    stopping = true;
    await Promise.all(loops);
    if (walFrom && walTo) await logWalBreakdown(client, walFrom, walTo, completed);
    await logPgStatements(client, completedTotal, 'checkout (whole flow, warm-up and wind-down included)');

    const backlogAtEnd = await backlog();
    const drainStart = performance.now();
    for (
      let left = backlogAtEnd;
      left.events + left.deliveries + left.workflows + left.emails > 0;
      left = await backlog()
    ) {
      if (performance.now() - drainStart > 300_000) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    // What the after-effects are: deliveries per completed checkout, by subscriber.
    const { rows: bySubscriber } = await client.query<{ subscriber: string; n: number }>(
      `SELECT subscriber, count(*)::int AS n FROM event_deliveries GROUP BY 1 ORDER BY 2 DESC`,
    );
    // And what each checkout emits, by event type (with the subscribers that hear it).
    const { rows: byType } = await client.query<{ type: string; n: number; heard_by: string | null }>(
      `SELECT e.type, count(DISTINCT e.id)::int AS n, string_agg(DISTINCT d.subscriber, ' ') AS heard_by
       FROM events e LEFT JOIN event_deliveries d ON d.event_id = e.id GROUP BY 1 ORDER BY 2 DESC`,
    );
    log(
      `checkout: events per checkout: ${byType
        .map(
          (r) =>
            `${r.type} ${round(r.n / Math.max(1, completedTotal), 2)}${r.heard_by ? ` (${r.heard_by})` : ''}`,
        )
        .join('; ')}`,
    );
    const afterEffects = {
      backlogAtEnd,
      caughtUpInS: round((performance.now() - drainStart) / 1000, 1),
      // Every checkout of the run (warm-up included), until the last of their after-effects was done.
      sustainedCheckoutsPerSec: round((completedTotal * 1000) / (performance.now() - firstStarted), 1),
      deliveriesPerCheckout: Object.fromEntries(
        bySubscriber.map((r) => [r.subscriber, round(r.n / Math.max(1, completedTotal), 2)]),
      ),
    };
    log(
      `checkout: after-effects behind at the end: ${backlogAtEnd.events} events, ${backlogAtEnd.deliveries} deliveries, ` +
        `${backlogAtEnd.workflows} workflows, ${backlogAtEnd.emails} e-mails (${JSON.stringify(backlogAtEnd.by_subscriber)}); caught up in ${afterEffects.caughtUpInS} s: ` +
        `${afterEffects.sustainedCheckoutsPerSec} checkouts/s with their after-effects done`,
    );

    // Afterwards: nothing lost, nothing doubled, nothing oversold.
    await new Promise((r) => setTimeout(r, 500));
    // One client: one query at a time (pg queues concurrent ones, and pg 9 will refuse them).
    const { rows: o } = await client.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM orders WHERE status <> 'cancelled'`,
    );
    const { rows: over } = await client.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM inventory_levels l JOIN variants v ON v.id = l.variant_id
       WHERE l.available < 0 AND v.backorder_policy = 'deny'`,
    );
    const { rows: unpaid } = await client.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM orders o LEFT JOIN payment_intents p ON p.id = o.payment_intent_id
       WHERE o.status <> 'cancelled' AND (p.id IS NULL OR p.status NOT IN ('authorized', 'captured'))`,
    );
    const checks = {
      orders: o[0]!.n,
      completedTotal,
      oversoldLevels: over[0]!.n,
      unpaidOrders: unpaid[0]!.n,
    };
    const checkoutsPerSec = round(completed / elapsedS, 1);
    const targets = { checkoutsPerSec: 200, completeP99Ms: 150, addToCartP99Ms: 20 };
    const complete = {
      p50Ms: percentile(completeMs, 50),
      p99Ms: percentile(completeMs, 99),
      maxMs: percentile(completeMs, 100),
    };
    const addToCart = {
      p50Ms: percentile(addMs, 50),
      p99Ms: percentile(addMs, 99),
      maxMs: percentile(addMs, 100),
    };
    const consistent =
      checks.orders === checks.completedTotal && checks.oversoldLevels === 0 && checks.unpaidOrders === 0;
    const result: CheckoutBenchResult = {
      shoppers,
      durationS,
      loadAverage,
      completed,
      checkoutsPerSec,
      complete,
      addToCart,
      flowP50Ms: percentile(flowMs, 50),
      steps: Object.fromEntries(
        [...stepMs].map(([k, xs]) => [k, { p50Ms: percentile(xs, 50), p99Ms: percentile(xs, 99) }]),
      ),
      errors,
      errorSamples,
      afterEffects,
      cpuMsPerCheckout: {
        carton: completed ? round((cpu1.user + cpu1.system - cpu0.user - cpu0.system) / completed, 2) : 0,
        postgres: completed ? round((pg1.user + pg1.system - pg0.user - pg0.system) / completed, 2) : 0,
        client: completed ? round((client1.user + client1.system) / 1000 / completed, 2) : 0,
        // Of which in the kernel (system calls: a round trip costs both sides a write and a wake-up).
        cartonKernel: completed ? round((cpu1.system - cpu0.system) / completed, 2) : 0,
        postgresKernel: completed ? round((pg1.system - pg0.system) / completed, 2) : 0,
      },
      walPerCheckout: {
        records: completed ? round((Number(wal1.records) - Number(wal0.records)) / completed, 1) : 0,
        kB: completed ? round((Number(wal1.bytes) - Number(wal0.bytes)) / 1024 / completed, 1) : 0,
      },
      checks,
      targets,
      pass:
        consistent &&
        errors === 0 &&
        // A rate is only the shop's if its after-effects keep up: judged with them done.
        afterEffects.sustainedCheckoutsPerSec >= targets.checkoutsPerSec &&
        complete.p99Ms < targets.completeP99Ms &&
        addToCart.p99Ms < targets.addToCartP99Ms,
    };
    log(
      `checkout: ${checkoutsPerSec} checkouts/s; complete p50 ${complete.p50Ms} ms p99 ${complete.p99Ms} ms; ` +
        `add-to-cart p50 ${addToCart.p50Ms} ms p99 ${addToCart.p99Ms} ms; ${errors} errors; ` +
        `orders ${checks.orders} = completed ${checks.completedTotal}? oversold ${checks.oversoldLevels}, unpaid ${checks.unpaidOrders}`,
    );
    for (const e of errorSamples) log(`checkout: error sample: ${e}`);
    pgPerf?.report(); // after the drain: perf takes a while to unwind its samples
    if (process.env.BENCH_CARTON_LOG === '1')
      log(`checkout: Carton's output (last 20 kB):\n${carton.output()}`);
    // BENCH_STEP_COSTS=1: each request kind of the flow on its own, to see what each one costs.
    if (process.env.BENCH_STEP_COSTS === '1') {
      const phases = await measureStepCosts({
        call,
        variants,
        shoppers,
        cartonPid: carton.child.pid!,
        pgDir: join(dir, 'pg'),
        client,
      });
      // BENCH_PROFILE_STEP=complete (or another step's name): the profile of that phase alone.
      const step = process.env.BENCH_PROFILE_STEP;
      if (step) Object.assign(window, phases.get(step) ?? {});
    }
    if (profile) {
      finished = true;
      await carton.stop();
      const file = readdirSync(profileDir).find((f) => f.endsWith('.cpuprofile'));
      if (file) {
        const kept = join(ROOT, 'bench', 'results', 'profiles', `checkout-${Date.now()}.cpuprofile`);
        mkdirSync(dirname(kept), { recursive: true });
        copyFileSync(join(profileDir, file), kept);
        console.log(`${kept} (measured window only)\n${summarizeCpuProfile(kept, { window })}`);
      }
    }
    await http.close();
    return result;
  } finally {
    finished = true;
    await client.end().catch(() => {});
    await carton.stop();
    await pgServer.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * CPU per request of each kind of the flow (Carton, PostgreSQL, and this client), each kind run on
 * its own by `shoppers` concurrent loops over BENCH_COST_CARTS (600) carts, every phase measured
 * from its first request until the work it set off (event dispatch, the capture) is done.
 */
async function measureStepCosts(ctx: {
  call: Call;
  variants: { id: string }[];
  shoppers: number;
  cartonPid: number;
  pgDir: string;
  client: pg.Client;
}): Promise<Map<string, { fromUs: number; toUs: number }>> {
  const { call, variants, client } = ctx;
  const n = Number(process.env.BENCH_COST_CARTS ?? 600);
  // Until no checkout workflow runs and every event is dispatched and delivered. Its own look is
  // PostgreSQL work too, counted in the phase: EXISTS probes every 100 ms, not counts of the tables.
  const quiet = async () => {
    for (;;) {
      const { rows } = await client.query<{ busy: boolean }>(`SELECT
        EXISTS (SELECT 1 FROM dbos.workflow_status WHERE status IN ('PENDING', 'ENQUEUED') AND name LIKE 'checkout%')
        OR EXISTS (SELECT 1 FROM events_undispatched)
        OR EXISTS (SELECT 1 FROM event_deliveries WHERE status = 'pending')
        OR EXISTS (SELECT 1 FROM order_notifications WHERE status = 'pending') AS busy`);
      if (!rows[0]!.busy) return;
      await new Promise((r) => setTimeout(r, 100));
    }
  };
  const inParallel = async (count: number, fn: (i: number) => Promise<void>) => {
    let next = 0;
    await Promise.all(
      Array.from({ length: ctx.shoppers }, async () => {
        while (next < count) await fn(next++);
      }),
    );
  };
  const rows: { step: string; requests: number; perS: number; carton: number; pg: number; client: number }[] =
    [];
  const windows = new Map<string, { fromUs: number; toUs: number }>();
  const phase = async (step: string, count: number, fn: (i: number) => Promise<void>) => {
    await quiet();
    await resetPgStatements(client);
    const fromUs = monotonicUs();
    const c0 = cpuMs(ctx.cartonPid);
    const p0 = postgresCpuMs(ctx.pgDir);
    const b0 = process.cpuUsage();
    const t0 = performance.now();
    await inParallel(count, fn);
    const wall = performance.now() - t0;
    await quiet();
    windows.set(step, { fromUs, toUs: monotonicUs() });
    const c1 = cpuMs(ctx.cartonPid);
    const b1 = process.cpuUsage(b0);
    const us = (ms: number) => round((ms * 1000) / count, 0);
    rows.push({
      step,
      requests: count,
      perS: round((count * 1000) / wall, 0),
      carton: us(c1.user + c1.system - c0.user - c0.system),
      pg: us(postgresCpuMs(ctx.pgDir) - p0),
      client: us((b1.user + b1.system) / 1000),
    });
    await logPgStatements(client, count, step);
  };
  const must = (what: string, r: { status: number; body: unknown }, status = 200) => {
    if (r.status !== status) throw new Error(`${what} → ${r.status} ${JSON.stringify(r.body).slice(0, 300)}`);
  };
  log(`checkout: cost of each step, ${n} carts, ${ctx.shoppers} at a time`);
  const carts: string[] = [];
  const totals: number[] = [];
  await phase('create cart', n, async (i) => {
    const r = await call('POST', '/store/v1/carts', {});
    must('create cart', r, 201);
    carts[i] = r.body.id as string;
  });
  await phase('add to cart', 3 * n, async (i) => {
    const r = await call('POST', `/store/v1/carts/${carts[i % n]}/lines`, {
      variant_id: variants[i % variants.length]!.id,
      quantity: 1,
    });
    must('add to cart', r);
  });
  await phase('e-mail and addresses', n, async (i) => {
    const r = await call('PATCH', `/store/v1/carts/${carts[i]}`, {
      email: `cost${i}@example.com`,
      shipping_address: ADDRESS,
      billing_address: ADDRESS,
    });
    must('contact', r);
  });
  const methods: string[] = [];
  await phase('shipping options', n, async (i) => {
    const r = await call('GET', `/store/v1/carts/${carts[i]}/shipping-options`);
    must('shipping options', r);
    methods[i] = (r.body.data as { id: string }[])[0]!.id;
  });
  await phase('choose shipping', n, async (i) => {
    const r = await call('PUT', `/store/v1/carts/${carts[i]}/shipping-method`, { method_id: methods[i] });
    must('shipping method', r);
    totals[i] = (r.body.totals as { total: number }).total;
  });
  await phase('complete', n, async (i) => {
    const r = await call('POST', `/store/v1/carts/${carts[i]}/complete`, {
      payment_method: 'tok_visa',
      expected_total: totals[i],
    });
    must('complete', r);
  });
  log('checkout: CPU per request (µs), each kind alone, until its after-effects are done:');
  log(
    `  ${'step'.padEnd(22)} ${'req/s'.padStart(6)} ${'Carton'.padStart(7)} ${'PG'.padStart(7)} ${'client'.padStart(7)}`,
  );
  const flow = { carton: 0, pg: 0, client: 0 };
  for (const r of rows) {
    const times = r.step === 'add to cart' ? 3 : 1;
    flow.carton += times * r.carton;
    flow.pg += times * r.pg;
    flow.client += times * r.client;
    log(
      `  ${r.step.padEnd(22)} ${String(r.perS).padStart(6)} ${String(r.carton).padStart(7)} ${String(r.pg).padStart(7)} ${String(r.client).padStart(7)}`,
    );
  }
  log(
    `  ${'whole flow'.padEnd(22)} ${''.padStart(6)} ${String(flow.carton).padStart(7)} ${String(flow.pg).padStart(7)} ${String(flow.client).padStart(7)}`,
  );
  return windows;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const r = await runCheckoutBench();
  console.log(JSON.stringify(r, null, 2));
}
