import { DBOS } from '@dbos-inc/dbos-sdk';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startTestServer } from '../../../test/harness.ts';
import { call, createTestApiKey, createTestStore } from '../../../test/identity.ts';
import { sentQueries } from '../../../test/sent-queries.ts';
import { insertSellableProduct, type SellableProduct } from '../cart/testing.ts';
import { seedDemoShipping } from '../shipping/seed.ts';
import { seedDemoTax } from '../tax/seed.ts';

/**
 * What one checkout costs in messages to PostgreSQL (as Saleor counts queries per operation): the
 * complete call — re-validation, the attempt, the workflow's steps and DBOS's checkpoints, the
 * order — pinned so that a change that adds round trips shows up here (see bench/README.md).
 */
let server: Awaited<ReturnType<typeof startTestServer>>;
let pk: Record<string, string>;
let shirt: SellableProduct;

beforeAll(async () => {
  server = await startTestServer({ worker: true });
  const storeId = (await createTestStore(server)).id;
  pk = (await createTestApiKey(server, { storeId, kind: 'publishable' })).headers;
  await seedDemoShipping(server.platform.db, { storeId, country: 'US', currency: 'USD' });
  await seedDemoTax(server.platform.db, { storeId });
  shirt = await insertSellableProduct(server.platform.db, storeId, { variants: 3, price: 1500, stock: 1000 });
  // Timed work (recovery's detection every 15 s, rollups, syncs) would land in the count whenever
  // it fires: this test's Carton fires no schedules.
  for (const s of await DBOS.listSchedules()) await DBOS.deleteSchedule(s.scheduleName);
});
afterAll(() => server?.close());

async function readyCart(): Promise<string> {
  const req = (method: string, path: string, body?: unknown) =>
    call(server, method, path, { headers: pk, body });
  const address = { line1: '1 Main St', city: 'Austin', region: 'TX', postal_code: '73301', country: 'US' };
  const id = (await req('POST', '/store/v1/carts', { email: 'q@example.com', shipping_address: address }))
    .body.id;
  for (const v of shirt.variantIds)
    await req('POST', `/store/v1/carts/${id}/lines`, { variant_id: v, quantity: 1 });
  const options = await req('GET', `/store/v1/carts/${id}/shipping-options`);
  await req('PUT', `/store/v1/carts/${id}/shipping-method`, { method_id: options.body.data[0].id });
  return id;
}

const QUIET = '/* query-count: quiet? */';

/** Until no workflow runs and every event is dispatched and delivered (its own look is not counted). */
async function quiet(): Promise<void> {
  for (;;) {
    const { rows } = await server.platform.db.execute<{ busy: number }>(
      sql.raw(`${QUIET} SELECT
        (SELECT count(*) FROM dbos.workflow_status WHERE status IN ('PENDING', 'ENQUEUED'))::int
        + (SELECT count(*) FROM events_undispatched)::int
        + (SELECT count(*) FROM event_deliveries WHERE status = 'pending')::int
        + (SELECT count(*) FROM order_notifications WHERE status = 'pending')::int AS busy`),
    );
    if (rows[0]!.busy === 0) return;
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Where a message belongs: the workflow engine, event dispatch to subscribers (after commit, off the request), or the checkout itself. */
function kind(q: string): string {
  if (/"?dbos"?\./.test(q)) return 'dbos';
  // The recovery module's subscribers (the cart follows its events; the order is a purchase).
  if (/recovery_|'tracked_cart'/.test(q)) return 'recovery';
  if (
    /event_deliveries|webhook_endpoints|savepoint|set_config\('role', 'none'|carton_h_dispatch_|search_documents|order_notifications/i.test(
      q,
    )
  ) {
    return 'event dispatch';
  }
  return 'checkout';
}

it('one complete call (3 lines, guest, capture on placement) costs a pinned number of messages', async () => {
  await call(server, 'POST', `/store/v1/carts/${await readyCart()}/complete`, {
    headers: pk,
    body: { payment_method: 'tok_visa' },
  }); // warm caches
  const id = await readyCart();
  await quiet(); // the warm-up's workflow and every event dispatched and delivered
  let status = 0;
  const dump = Boolean(process.env.CHECKOUT_QUERY_DUMP);
  const tagged = await sentQueries(
    async () => {
      status = (
        await call(server, 'POST', `/store/v1/carts/${id}/complete`, {
          headers: pk,
          body: { payment_method: 'tok_visa' },
        })
      ).status;
      await quiet(); // the capture step and the event dispatch finish after the answer
    },
    { tagged: true },
  );
  expect(status).toBe(200);
  // DBOS polls its queues (BEGIN, version, queue, COMMIT every 50 ms, whatever runs): timed
  // background work, not the checkout's, so left out of the counts.
  const polling = new Set<number>();
  const byConnection = new Map<string, number[]>();
  tagged.forEach((q, i) => {
    const c = q.slice(0, q.indexOf(':'));
    byConnection.set(c, [...(byConnection.get(c) ?? []), i]);
  });
  for (const indexes of byConnection.values()) {
    indexes.forEach((i, k) => {
      if (/application_versions/.test(tagged[i]!) && k > 0 && k + 2 < indexes.length) {
        for (const j of [indexes[k - 1]!, i, indexes[k + 1]!, indexes[k + 2]!]) polling.add(j);
      }
    });
  }
  for (const [i, q] of tagged.entries()) if (q.includes(QUIET)) polling.add(i); // the test's own look
  const sent = tagged.filter((_, i) => !polling.has(i)).map((q) => q.replace(/^c\d+: /, ''));
  const byKind = sent.reduce<Record<string, number>>(
    (m, q) => ({ ...m, [kind(q)]: (m[kind(q)] ?? 0) + 1 }),
    {},
  );
  console.log(
    `checkout messages: ${sent.length} (and ${polling.size} of DBOS queue polling and the test's look)`,
    byKind,
  );
  if (dump) {
    const shown = tagged.filter((_, i) => !polling.has(i));
    console.log(shown.map((q) => q.replace(/\s+/g, ' ').slice(0, 200)).join('\n'));
  }
  // Two checkpoints, both recorded by Carton and none by DBOS (decision 0021):
  // reserve-screen-authorize (stock, fraud check, payment: one step) and place order (create,
  // coupons, commit stock, confirm, complete the cart: one transaction, recorded with its
  // writes); the capture, the workflow's last act and safe to repeat, records none (decision 0015).
  const workflowId = `checkout:${id}:1`;
  const { rows: checkpoints } = await server.platform.db.execute<{ dbos: number; carton: string[] }>(sql`
    SELECT (SELECT count(*)::int FROM dbos.operation_outputs WHERE workflow_uuid = ${workflowId}) AS dbos,
           (SELECT array_agg(name ORDER BY name) FROM workflow_transactions WHERE workflow_id = ${workflowId}) AS carton`);
  expect(checkpoints[0]).toEqual({ dbos: 0, carton: ['place-order', 'reserve-screen-authorize'] });
  // Pinned near what it costs today (see bench/README.md for where they go); lower it when you save some.
  // Counted without DBOS's queue polling, from a quiet start until the capture and the event
  // dispatch are done: main before issue4-perf2 254–256 (163–164 checkout, 38 DBOS, 53–54 event
  // dispatch); after 171–191 (95–102, 25–38, 51–52), the upper figures with other tests running
  // (a slower call polls its attempt more, DBOS's maintenance shows up), hence the margin. Since
  // the dispatcher runs four shares of subscribers at once and order e-mails have their own sender
  // (decision 0017), one checkout on an idle server costs 150–154 (90–93 checkout, 36–37 event
  // dispatch and e-mail): more passes when nothing else runs, fewer waits when much does. Since
  // decision 0019 (writes sent ahead, notifications heard in-process, the e-mail in two messages)
  // 102–111 (54–56 checkout, 28–32 event dispatch, 15–19 DBOS), the same in the full suite. Since
  // decision 0020 (hot statements, acknowledgements with COMMIT) 99–104 (50–54 checkout). Since
  // decision 0021 (transactions without DBOS's step bookkeeping, a pass again only when it may
  // find more) 81–97 (43–49 checkout, 22–31 event dispatch, 10–12 DBOS; 4 DBOS once the first
  // step was recorded by Carton too).
  expect(byKind.checkout).toBeLessThanOrEqual(60);
  expect(byKind['event dispatch']).toBeLessThanOrEqual(40);
  // Recovery's subscribers in the worker, off the request path: the cart's last events and the
  // order as a purchase (21–28 measured).
  expect(byKind.recovery ?? 0).toBeLessThanOrEqual(32);
  expect(sent.length - (byKind.recovery ?? 0)).toBeLessThanOrEqual(120);
});
