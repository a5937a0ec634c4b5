/**
 * The floor under issue #4's checkout targets: how fast can the whole flow go on this machine, with
 * this stack (Node 24, Fastify, pg, PostgreSQL 18 sharing the two cores), when nearly nothing but
 * the flow's own facts is done? Same client as bench/checkout.ts (bench/shopper.ts), same 16
 * shoppers, same seven requests; the server (bench/checkout-floor-server.ts) answers each with one
 * PL/pgSQL call in one round trip. Per checkout it writes: a cart row updated five times, three
 * stock reservations, an order with its lines, a captured payment, and seven events — against
 * Carton's ≈ 19 events, the workflow's bookkeeping, deliveries and the e-mail. Checks afterwards:
 * orders = completed checkouts, nothing oversold.
 *
 * BENCH_FLOOR_CARTS=memory: carts held in the server's memory until the complete call, their events
 * written in bulk (the server's header comment says what that leaves out).
 * BENCH_FLOOR_CARTS=redis: the same with carts in a local redis-server (append-only file, fsync
 * every second): shared between API processes and kept across restarts.
 * BENCH_FLOOR_ASYNC_CARTS=1: carts in PostgreSQL, each cart change committed without waiting for
 * the WAL flush (`synchronous_commit = off` for that transaction; placing the order still waits).
 *
 *   node bench/checkout-floor.ts
 *   BENCH_DURATION_S=10 BENCH_SHOPPERS=16 BENCH_FLOOR_CARTS=memory node bench/checkout-floor.ts
 */
import { spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { Pool } from 'undici';
import {
  cpuMs,
  freePort,
  log,
  percentile,
  postgresCpu,
  round,
  startBenchPostgres,
  waitReady,
} from './lib.ts';
import { startTestRedis } from '../server/test/redis.ts';
import { checkoutOnce, type Call } from './shopper.ts';

const SCHEMA = `
CREATE TABLE variants (
  id text PRIMARY KEY, store_id text NOT NULL, title text NOT NULL, price int NOT NULL,
  weight_grams int NOT NULL, on_hand int NOT NULL, reserved int NOT NULL DEFAULT 0,
  CHECK (reserved <= on_hand));
CREATE TABLE shipping_methods (
  id text PRIMARY KEY, store_id text NOT NULL, country text NOT NULL, name text NOT NULL,
  amount int NOT NULL);
CREATE TABLE carts (
  id text PRIMARY KEY, store_id text NOT NULL, status text NOT NULL DEFAULT 'open',
  email text, shipping_address jsonb, billing_address jsonb, lines jsonb NOT NULL DEFAULT '[]',
  shipping_method_id text, subtotal int NOT NULL DEFAULT 0, shipping int NOT NULL DEFAULT 0,
  version int NOT NULL DEFAULT 1, created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now());
CREATE INDEX ON carts (store_id, updated_at);
CREATE SEQUENCE order_numbers;
CREATE TABLE orders (
  id text PRIMARY KEY, store_id text NOT NULL, number bigint NOT NULL, cart_id text NOT NULL UNIQUE,
  email text NOT NULL, total int NOT NULL, status text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(), UNIQUE (store_id, number));
CREATE TABLE order_lines (
  id bigserial PRIMARY KEY, order_id text NOT NULL REFERENCES orders, variant_id text NOT NULL,
  title text NOT NULL, quantity int NOT NULL, unit_price int NOT NULL);
CREATE TABLE payments (
  id text PRIMARY KEY, order_id text NOT NULL REFERENCES orders, amount int NOT NULL,
  status text NOT NULL, created_at timestamptz NOT NULL DEFAULT now());
CREATE TABLE events (
  id bigserial PRIMARY KEY, store_id text NOT NULL, type text NOT NULL, aggregate_id text NOT NULL,
  payload jsonb NOT NULL, created_at timestamptz NOT NULL DEFAULT now());
CREATE INDEX ON events (store_id, created_at);
CREATE INDEX ON events (aggregate_id);

CREATE FUNCTION floor_emit(p_store text, p_type text, p_id text, p_payload jsonb) RETURNS void
LANGUAGE sql AS $$
  INSERT INTO events (store_id, type, aggregate_id, payload) VALUES (p_store, p_type, p_id, p_payload)
$$;

CREATE FUNCTION floor_cart_json(c carts) RETURNS jsonb LANGUAGE sql AS $$
  SELECT jsonb_build_object('id', c.id, 'status', c.status, 'version', c.version, 'email', c.email,
    'lines', c.lines, 'totals', jsonb_build_object('subtotal', c.subtotal, 'shipping', c.shipping,
    'total', c.subtotal + c.shipping))
$$;

CREATE FUNCTION floor_open_cart(p_store text, p_cart text) RETURNS carts LANGUAGE plpgsql AS $$
DECLARE c carts;
BEGIN
  IF current_setting('floor.async_carts', true) = 'on' THEN PERFORM set_config('synchronous_commit', 'off', true); END IF;
  SELECT * INTO c FROM carts WHERE store_id = p_store AND id = p_cart FOR UPDATE;
  IF NOT FOUND THEN RAISE EXCEPTION 'no such cart'; END IF;
  IF c.status <> 'open' THEN RAISE EXCEPTION 'the cart is %', c.status; END IF;
  RETURN c;
END $$;

CREATE FUNCTION floor_cart_create(p_store text) RETURNS jsonb LANGUAGE plpgsql AS $$
DECLARE c carts;
BEGIN
  IF current_setting('floor.async_carts', true) = 'on' THEN PERFORM set_config('synchronous_commit', 'off', true); END IF;
  INSERT INTO carts (id, store_id) VALUES ('cart_' || gen_random_uuid(), p_store) RETURNING * INTO c;
  PERFORM floor_emit(p_store, 'cart.created', c.id, '{}');
  RETURN floor_cart_json(c);
END $$;

CREATE FUNCTION floor_cart_add(p_store text, p_cart text, p_variant text, p_qty int)
RETURNS jsonb LANGUAGE plpgsql AS $$
DECLARE c carts; v variants; held int;
BEGIN
  c := floor_open_cart(p_store, p_cart);
  SELECT * INTO v FROM variants WHERE store_id = p_store AND id = p_variant;
  IF NOT FOUND THEN RAISE EXCEPTION 'no such variant'; END IF;
  held := coalesce((SELECT (l->>'quantity')::int FROM jsonb_array_elements(c.lines) l
                    WHERE l->>'variant_id' = p_variant), 0);
  IF held + p_qty > v.on_hand - v.reserved THEN RAISE EXCEPTION 'out of stock'; END IF;
  UPDATE carts SET
    lines = CASE WHEN held = 0
      THEN lines || jsonb_build_object('variant_id', v.id, 'title', v.title, 'quantity', p_qty,
                                       'unit_price', v.price)
      ELSE (SELECT jsonb_agg(CASE WHEN l->>'variant_id' = p_variant
                 THEN jsonb_set(l, '{quantity}', to_jsonb(held + p_qty)) ELSE l END)
            FROM jsonb_array_elements(lines) l) END,
    subtotal = subtotal + v.price * p_qty, version = version + 1, updated_at = now()
  WHERE id = c.id RETURNING * INTO c;
  PERFORM floor_emit(p_store, 'cart.line_added', c.id,
    jsonb_build_object('variant_id', v.id, 'quantity', p_qty, 'unit_price', v.price));
  RETURN floor_cart_json(c);
END $$;

CREATE FUNCTION floor_cart_contact(p_store text, p_cart text, p_email text, p_ship jsonb, p_bill jsonb)
RETURNS jsonb LANGUAGE plpgsql AS $$
DECLARE c carts;
BEGIN
  c := floor_open_cart(p_store, p_cart);
  UPDATE carts SET email = p_email, shipping_address = p_ship, billing_address = p_bill,
    version = version + 1, updated_at = now() WHERE id = c.id RETURNING * INTO c;
  PERFORM floor_emit(p_store, 'cart.contact_updated', c.id, jsonb_build_object('email', p_email));
  RETURN floor_cart_json(c);
END $$;

CREATE FUNCTION floor_shipping_options(p_store text, p_cart text) RETURNS jsonb LANGUAGE sql AS $$
  SELECT jsonb_build_object('data', coalesce(jsonb_agg(jsonb_build_object('id', m.id, 'name', m.name,
    'amount', m.amount) ORDER BY m.amount), '[]'))
  FROM carts c JOIN shipping_methods m
    ON m.store_id = c.store_id AND m.country = c.shipping_address->>'country'
  WHERE c.store_id = p_store AND c.id = p_cart
$$;

CREATE FUNCTION floor_cart_shipping(p_store text, p_cart text, p_method text)
RETURNS jsonb LANGUAGE plpgsql AS $$
DECLARE c carts; m shipping_methods;
BEGIN
  c := floor_open_cart(p_store, p_cart);
  SELECT * INTO m FROM shipping_methods
  WHERE store_id = p_store AND id = p_method AND country = c.shipping_address->>'country';
  IF NOT FOUND THEN RAISE EXCEPTION 'no such shipping method for this address'; END IF;
  UPDATE carts SET shipping_method_id = m.id, shipping = m.amount, version = version + 1,
    updated_at = now() WHERE id = c.id RETURNING * INTO c;
  PERFORM floor_emit(p_store, 'cart.shipping_selected', c.id, jsonb_build_object('method', m.id));
  RETURN floor_cart_json(c);
END $$;

-- Complete: reserve every line's stock (refused when short), place the order with its lines and
-- a captured payment, close the cart. A completed cart answers its order again: one order per cart.
CREATE FUNCTION floor_cart_complete(p_store text, p_cart text, p_token text, p_expected int)
RETURNS jsonb LANGUAGE plpgsql AS $$
DECLARE c carts; o orders; l jsonb;
BEGIN
  SELECT * INTO c FROM carts WHERE store_id = p_store AND id = p_cart FOR UPDATE;
  IF NOT FOUND THEN RAISE EXCEPTION 'no such cart'; END IF;
  IF c.status = 'completed' THEN
    SELECT * INTO o FROM orders WHERE cart_id = c.id;
    RETURN jsonb_build_object('status', 'completed', 'order', to_jsonb(o));
  END IF;
  IF c.email IS NULL OR c.shipping_method_id IS NULL THEN RAISE EXCEPTION 'the cart is not ready'; END IF;
  IF c.subtotal + c.shipping <> p_expected THEN RAISE EXCEPTION 'the total changed'; END IF;
  IF p_token <> 'tok_visa' THEN RAISE EXCEPTION 'the card was declined'; END IF;
  FOR l IN SELECT * FROM jsonb_array_elements(c.lines) ORDER BY 1 LOOP
    UPDATE variants SET reserved = reserved + (l->>'quantity')::int
    WHERE store_id = p_store AND id = l->>'variant_id' AND on_hand - reserved >= (l->>'quantity')::int;
    IF NOT FOUND THEN RAISE EXCEPTION 'out of stock'; END IF;
  END LOOP;
  INSERT INTO orders (id, store_id, number, cart_id, email, total, status)
  VALUES ('order_' || gen_random_uuid(), p_store, nextval('order_numbers'), c.id, c.email,
          c.subtotal + c.shipping, 'confirmed')
  RETURNING * INTO o;
  INSERT INTO order_lines (order_id, variant_id, title, quantity, unit_price)
  SELECT o.id, x->>'variant_id', x->>'title', (x->>'quantity')::int, (x->>'unit_price')::int
  FROM jsonb_array_elements(c.lines) x;
  INSERT INTO payments (id, order_id, amount, status)
  VALUES ('pay_' || gen_random_uuid(), o.id, o.total, 'captured');
  UPDATE carts SET status = 'completed', version = version + 1, updated_at = now() WHERE id = c.id;
  PERFORM floor_emit(p_store, 'order.placed', o.id, jsonb_build_object('number', o.number, 'total', o.total));
  PERFORM floor_emit(p_store, 'payment.captured', o.id, jsonb_build_object('amount', o.total));
  RETURN jsonb_build_object('status', 'completed', 'order', to_jsonb(o));
END $$;

-- The same placement for a cart the server held in memory (FLOOR_CARTS=memory): the cart is
-- written once, completed; its id's primary key makes a second complete answer the first order.
CREATE FUNCTION floor_place_order(p_store text, p_cart jsonb) RETURNS jsonb LANGUAGE plpgsql AS $$
DECLARE o orders; l jsonb; total int := (p_cart->>'subtotal')::int + (p_cart->>'shipping')::int;
BEGIN
  INSERT INTO carts (id, store_id, status, email, shipping_address, billing_address, lines,
                     shipping_method_id, subtotal, shipping, version)
  VALUES (p_cart->>'id', p_store, 'completed', p_cart->>'email', p_cart->'shipping_address',
          p_cart->'billing_address', p_cart->'lines', p_cart->>'shipping_method_id',
          (p_cart->>'subtotal')::int, (p_cart->>'shipping')::int, (p_cart->>'version')::int)
  ON CONFLICT (id) DO NOTHING;
  IF NOT FOUND THEN
    SELECT * INTO o FROM orders WHERE cart_id = p_cart->>'id';
    RETURN jsonb_build_object('status', 'completed', 'order', to_jsonb(o));
  END IF;
  FOR l IN SELECT * FROM jsonb_array_elements(p_cart->'lines') ORDER BY 1 LOOP
    UPDATE variants SET reserved = reserved + (l->>'quantity')::int
    WHERE store_id = p_store AND id = l->>'variant_id' AND on_hand - reserved >= (l->>'quantity')::int;
    IF NOT FOUND THEN RAISE EXCEPTION 'out of stock'; END IF;
  END LOOP;
  INSERT INTO orders (id, store_id, number, cart_id, email, total, status)
  VALUES ('order_' || gen_random_uuid(), p_store, nextval('order_numbers'), p_cart->>'id',
          p_cart->>'email', total, 'confirmed')
  RETURNING * INTO o;
  INSERT INTO order_lines (order_id, variant_id, title, quantity, unit_price)
  SELECT o.id, x->>'variant_id', x->>'title', (x->>'quantity')::int, (x->>'unit_price')::int
  FROM jsonb_array_elements(p_cart->'lines') x;
  INSERT INTO payments (id, order_id, amount, status)
  VALUES ('pay_' || gen_random_uuid(), o.id, o.total, 'captured');
  PERFORM floor_emit(p_store, 'order.placed', o.id, jsonb_build_object('number', o.number, 'total', o.total));
  PERFORM floor_emit(p_store, 'payment.captured', o.id, jsonb_build_object('amount', o.total));
  RETURN jsonb_build_object('status', 'completed', 'order', to_jsonb(o));
END $$;
`;

export interface CheckoutFloorResult {
  /** Where carts live until the complete call (`database-async`: commits not waiting for the disk). */
  carts: 'database' | 'database-async' | 'memory' | 'redis';
  shoppers: number;
  durationS: number;
  loadAverage: number[];
  completed: number;
  checkoutsPerSec: number;
  complete: { p50Ms: number; p99Ms: number };
  addToCart: { p50Ms: number; p99Ms: number };
  errors: number;
  errorSamples: string[];
  cpuMsPerCheckout: { server: number; postgres: number; redis: number; client: number };
  walPerCheckout: { records: number; kB: number };
  checks: { orders: number; completedTotal: number; oversold: number };
}

export async function runCheckoutFloorBench(
  opts: { shoppers?: number; durationS?: number; warmupS?: number } = {},
): Promise<CheckoutFloorResult> {
  const shoppers = opts.shoppers ?? Number(process.env.BENCH_SHOPPERS ?? 16);
  const carts =
    process.env.BENCH_FLOOR_CARTS === 'memory' || process.env.BENCH_FLOOR_CARTS === 'redis'
      ? process.env.BENCH_FLOOR_CARTS
      : process.env.BENCH_FLOOR_ASYNC_CARTS === '1'
        ? 'database-async'
        : 'database';
  const durationS = opts.durationS ?? Number(process.env.BENCH_DURATION_S ?? 20);
  const warmupS = opts.warmupS ?? Number(process.env.BENCH_WARMUP_S ?? 5);
  const dir = mkdtempSync(join(tmpdir(), 'carton-bench-floor-'));
  chmodSync(dir, 0o755);
  log('checkout-floor: starting PostgreSQL');
  const pgDir = join(dir, 'pg');
  const pgServer = await startBenchPostgres({ dataDir: pgDir, port: await freePort(), password: 'floor' });
  const client = new pg.Client({ connectionString: pgServer.url });
  const port = await freePort();
  let server: ReturnType<typeof spawn> | undefined;
  // Redis for BENCH_FLOOR_CARTS=redis, kept in an append-only file as a production one would be.
  const redis = carts === 'redis' ? await startTestRedis({ appendOnlyDir: dir }) : null;
  try {
    await client.connect();
    await client.query(SCHEMA);
    const storeId = 'store_floor';
    // The demo catalog's size (≈ 300 sellable variants), stock enough for the whole run.
    await client.query(
      `INSERT INTO variants (id, store_id, title, price, weight_grams, on_hand)
      SELECT 'variant_' || n, $1, 'Variant ' || n, 1000 + n * 10, 500, 1000000 FROM generate_series(1, 300) n`,
      [storeId],
    );
    await client.query(
      `INSERT INTO shipping_methods (id, store_id, country, name, amount) VALUES
      ('ship_std', $1, 'US', 'Standard', 500), ('ship_exp', $1, 'US', 'Express', 1500)`,
      [storeId],
    );
    await client.query('ANALYZE');
    // Read by the cart functions (floor_open_cart, floor_cart_create) in every new session.
    if (carts === 'database-async')
      await client.query(`ALTER DATABASE postgres SET floor.async_carts = 'on'`);
    const variants = Array.from({ length: 300 }, (_, i) => ({ id: `variant_${i + 1}` }));

    server = spawn(
      process.execPath,
      [fileURLToPath(new URL('./checkout-floor-server.ts', import.meta.url))],
      {
        env: {
          ...process.env,
          DATABASE_URL: pgServer.url,
          STORE_ID: storeId,
          PORT: String(port),
          FLOOR_CARTS: carts,
          ...(redis ? { REDIS_URL: redis.url } : {}),
        },
        stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
      },
    );
    const base = `http://127.0.0.1:${port}`;
    await waitReady(base, server, 30_000);

    const http = new Pool(base, { connections: shoppers });
    const headers = { 'content-type': 'application/json' };
    const call: Call = async (method, path, body) => {
      const res = await http.request({
        path,
        method: method as 'GET',
        headers: body === undefined ? {} : headers,
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      return { status: res.statusCode, body: (await res.body.json()) as Record<string, unknown> };
    };

    let measuring = false;
    let stopping = false;
    let completed = 0;
    let completedTotal = 0;
    let errors = 0;
    const errorSamples: string[] = [];
    const completeMs: number[] = [];
    const addMs: number[] = [];
    const shopper = async (n: number) => {
      let k = n * 7;
      while (!stopping) {
        const r = await checkoutOnce(call, { variants, next: () => k++, email: `shopper${n}@example.com` });
        if (!r.ok) {
          if (measuring) errors++;
          if (errorSamples.length < 10)
            errorSamples.push(`${r.step} → ${r.status} ${JSON.stringify(r.body).slice(0, 300)}`);
          continue;
        }
        completedTotal++;
        if (!measuring) continue;
        completed++;
        completeMs.push(r.completeMs);
        addMs.push(...r.addMs);
      }
    };

    log(`checkout-floor: carts in ${carts}, ${shoppers} shoppers, warm-up ${warmupS} s`);
    const loops = Array.from({ length: shoppers }, (_, n) => shopper(n));
    await new Promise((r) => setTimeout(r, warmupS * 1000));
    const loadAverage = loadavg().map((x) => round(x, 2));
    log(`checkout-floor: load average ${loadAverage.join(' ')}; measuring ${durationS} s`);
    const walNow = async () =>
      (
        await client.query<{ records: string; bytes: string }>(
          `SELECT wal_records AS records, wal_bytes AS bytes FROM pg_stat_wal`,
        )
      ).rows[0]!;
    const wal0 = await walNow();
    const cpu0 = cpuMs(server.pid!);
    const pg0 = postgresCpu(pgDir);
    const redis0 = redis ? cpuMs(redis.pid) : { user: 0, system: 0 };
    const client0 = process.cpuUsage();
    measuring = true;
    const started = performance.now();
    await new Promise((r) => setTimeout(r, durationS * 1000));
    measuring = false;
    const elapsedS = (performance.now() - started) / 1000;
    const cpu1 = cpuMs(server.pid!);
    const pg1 = postgresCpu(pgDir);
    const redis1 = redis ? cpuMs(redis.pid) : { user: 0, system: 0 };
    const client1 = process.cpuUsage(client0);
    const wal1 = await walNow();
    stopping = true;
    await Promise.all(loops);
    await http.close();

    const { rows: o } = await client.query<{ n: number }>(`SELECT count(*)::int AS n FROM orders`);
    const { rows: over } = await client.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM variants WHERE reserved > on_hand`,
    );
    const per = (x: number) => (completed ? round(x / completed, 2) : 0);
    const result: CheckoutFloorResult = {
      carts,
      shoppers,
      durationS,
      loadAverage,
      completed,
      checkoutsPerSec: round(completed / elapsedS, 1),
      complete: { p50Ms: percentile(completeMs, 50), p99Ms: percentile(completeMs, 99) },
      addToCart: { p50Ms: percentile(addMs, 50), p99Ms: percentile(addMs, 99) },
      errors,
      errorSamples,
      cpuMsPerCheckout: {
        server: per(cpu1.user + cpu1.system - cpu0.user - cpu0.system),
        postgres: per(pg1.user + pg1.system - pg0.user - pg0.system),
        redis: per(redis1.user + redis1.system - redis0.user - redis0.system),
        client: per((client1.user + client1.system) / 1000),
      },
      walPerCheckout: {
        records: per(Number(wal1.records) - Number(wal0.records)),
        kB: per((Number(wal1.bytes) - Number(wal0.bytes)) / 1024),
      },
      checks: { orders: o[0]!.n, completedTotal, oversold: over[0]!.n },
    };
    log(
      `checkout-floor: ${result.checkoutsPerSec} checkouts/s; complete p50 ${result.complete.p50Ms} ms ` +
        `p99 ${result.complete.p99Ms} ms; add-to-cart p50 ${result.addToCart.p50Ms} ms p99 ${result.addToCart.p99Ms} ms; ` +
        `CPU per checkout: server ${result.cpuMsPerCheckout.server} ms, PostgreSQL ${result.cpuMsPerCheckout.postgres} ms, ` +
        (redis ? `Redis ${result.cpuMsPerCheckout.redis} ms, ` : '') +
        `client ${result.cpuMsPerCheckout.client} ms; orders ${result.checks.orders} = completed ${completedTotal}?`,
    );
    return result;
  } finally {
    server?.kill();
    await redis?.stop();
    await client.end().catch(() => {});
    await pgServer.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(JSON.stringify(await runCheckoutFloorBench(), null, 2));
}
