import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestPlatform, type TestPlatform } from '../../../test/harness.ts';
import { call, createTestApiKey, createTestStore } from '../../../test/identity.ts';
import { insertSellableProduct, type SellableProduct } from '../cart/testing.ts';
import { seedDemoShipping } from '../shipping/seed.ts';
import { seedDemoTax } from '../tax/seed.ts';
import { issueGiftCard } from '../gift-cards/cards.ts';

/**
 * SIGKILL a real Carton process at each point of the checkout workflow in turn (inside each step
 * once its effect is done, before the workflow has recorded it — the worst moment — and between
 * steps), start a new process with the same worker id, and check that every checkout ends as
 * exactly one paid order, or — for a declined card, killed inside each compensation — as a clean
 * failure: stock released, payment voided, no order left pending. Each pays part with a gift
 * card: spent exactly once, or given back exactly once.
 */
const NODE = fileURLToPath(new URL('../../../../node_modules/.bin/node', import.meta.url));
const WORKER = fileURLToPath(new URL('./testing/crash-worker.ts', import.meta.url));

const PAID_POINTS = [
  // Inside the one reserve-screen-authorize step: after the reservation, after the fraud screen,
  // after the authorization; then after the step.
  'reserve-stock',
  'fraud-check',
  'redeem-gift-cards',
  'authorize-payment',
  'after:authorize-payment',
  // Inside the one place-order transaction: after the order, after the stock commit, at its end.
  'create-order',
  'commit-stock',
  'confirm-order',
  'after:confirm-order',
  'capture-payment',
];
const DECLINED_POINTS = ['void-payment', 'release-gift-cards', 'release-stock', 'record-failure'];
/** Every checkout pays part with a gift card of this value (the cart costs more). */
const GIFT_CARD_VALUE = 500;

let platform: TestPlatform;
let storeId: string;
let pk: Record<string, string>;
let shirt: SellableProduct;
let dir: string;
let crashFile: string;
const children: ChildProcess[] = [];

const exited = (child: ChildProcess) =>
  child.exitCode !== null || child.signalCode !== null
    ? Promise.resolve()
    : new Promise<void>((resolve) => child.once('exit', () => resolve()));

function startCarton(): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(NODE, [WORKER], {
    env: {
      PATH: process.env.PATH,
      NODE_ENV: 'test',
      LOG_LEVEL: 'error',
      PORT: '0',
      DATABASE_URL: platform.url,
      CARTON_SECRET: 'test-secret-test-secret-test-secret-0123',
      CARTON_WORKER_ID: 'checkout-crash-worker',
      WORKER_SHUTDOWN_GRACE_MS: '0',
      CHECKOUT_CRASH_FILE: crashFile,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let output = '';
  return new Promise((resolve, reject) => {
    child.stdout!.on('data', (d: Buffer) => {
      output += d.toString();
      const m = /checkout worker ready (\S+)/.exec(output);
      if (m) resolve({ child, url: m[1]! });
    });
    child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
    child.once('exit', (code) =>
      reject(new Error(`Carton exited (${code}) before it was ready:\n${output}`)),
    );
  });
}

async function rows<T>(query: ReturnType<typeof sql>): Promise<T[]> {
  return (await platform.db.execute(query)).rows as T[];
}

beforeAll(async () => {
  platform = await createTestPlatform();
  storeId = (await createTestStore(platform)).id;
  pk = (await createTestApiKey(platform, { storeId, kind: 'publishable' })).headers;
  await seedDemoShipping(platform.db, { storeId, country: 'US', currency: 'USD' });
  await seedDemoTax(platform.db, { storeId });
  shirt = await insertSellableProduct(platform.db, storeId, { price: 1500, stock: 1000, title: 'Shirt' });
  dir = mkdtempSync(join(tmpdir(), 'carton-checkout-crash-'));
  crashFile = join(dir, 'crash-at');
  writeFileSync(crashFile, '');
});

afterAll(async () => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  await Promise.all(children.map(exited));
  rmSync(dir, { recursive: true, force: true });
  await platform?.close();
});

async function readyCart(url: string): Promise<string> {
  const req = (method: string, path: string, body?: unknown) =>
    call({ url }, method, path, { headers: pk, body });
  const address = { line1: '1 Main St', city: 'Austin', region: 'TX', postal_code: '73301', country: 'US' };
  const id = (await req('POST', '/store/v1/carts', { email: 'crash@example.com', shipping_address: address }))
    .body.id as string;
  await req('POST', `/store/v1/carts/${id}/lines`, { variant_id: shirt.variantIds[0], quantity: 2 });
  const options = await req('GET', `/store/v1/carts/${id}/shipping-options`);
  const chosen = await req('PUT', `/store/v1/carts/${id}/shipping-method`, {
    method_id: options.body.data[0].id,
  });
  expect(chosen.status).toBe(200);
  return id;
}

async function settled(cartId: string): Promise<string> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const [row] = await rows<{ status: string }>(sql`SELECT status FROM checkouts WHERE cart_id = ${cartId}`);
    if (row && (row.status === 'completed' || row.status === 'failed')) return row.status;
    if (Date.now() > deadline) throw new Error(`checkout of ${cartId} did not settle (${row?.status})`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function footprint(cartId: string, giftCardId: string) {
  const [orders, reservations, payments, attempts, levels] = await Promise.all([
    rows<{ status: string }>(sql`SELECT status FROM orders WHERE cart_id = ${cartId}`),
    rows<{ status: string }>(
      sql`SELECT r.status FROM inventory_reservations r JOIN checkouts c ON r.owner_ref = c.id WHERE c.cart_id = ${cartId}`,
    ),
    rows<{ status: string; provider_reference: string | null }>(
      sql`SELECT status, provider_reference FROM payment_intents WHERE cart_id = ${cartId}`,
    ),
    rows<{ status: string }>(sql`SELECT status FROM checkouts WHERE cart_id = ${cartId}`),
    rows<{ reserved: number }>(
      sql`SELECT reserved FROM inventory_levels WHERE variant_id = ${shirt.variantIds[0]!}`,
    ),
  ]);
  const giftCard = await rows<{ balance: string; moves: string[] }>(sql`
    SELECT c.balance, array(SELECT kind FROM gift_card_transactions t WHERE t.gift_card_id = c.id
                            ORDER BY t.created_at, t.id) AS moves
    FROM gift_cards c WHERE c.id = ${giftCardId}`);
  const held = await rows<{ n: number }>(
    sql`SELECT count(*)::int AS n FROM test_processor_payments
        WHERE id = ANY(${sql.param(payments.map((p) => p.provider_reference).filter(Boolean))}::text[])`,
  );
  return {
    attempts: attempts.map((r) => r.status),
    orders: orders.map((r) => r.status),
    reservations: reservations.map((r) => r.status),
    payments: payments.map((r) => r.status),
    processorPayments: held[0]!.n,
    reservedUnits: levels.reduce((s, l) => s + l.reserved, 0),
    giftCardBalance: Number(giftCard[0]!.balance),
    giftCardMoves: giftCard[0]!.moves,
  };
}

describe('the checkout survives a SIGKILL at every step', () => {
  it('each checkout ends as exactly one paid order or a clean failure', async () => {
    let carton = await startCarton();
    const cases = [
      ...PAID_POINTS.map((point) => ({ point, card: 'tok_visa' })),
      ...DECLINED_POINTS.map((point) => ({ point, card: 'tok_chargeDeclined' })),
    ];
    for (const { point, card } of cases) {
      const cartId = await readyCart(carton.url);
      const giftCard = await issueGiftCard(platform, {
        storeId,
        input: { currency: 'USD', value: GIFT_CARD_VALUE },
        actor: undefined,
      });
      // The point and the cart: a checkout of an earlier case, resumed by this process, passes
      // the same points (its capture, say) and must not be the one killed.
      writeFileSync(crashFile, `${point} ${cartId}`);
      const answer = await call(carton, 'POST', `/store/v1/carts/${cartId}/complete`, {
        headers: pk,
        body: { payment_method: card, gift_cards: [giftCard.code] },
      }).catch((err: Error) => err);
      await exited(carton.child);
      expect(
        carton.child.signalCode,
        `${point}: the process was killed (answer: ${JSON.stringify(answer)})`,
      ).toBe('SIGKILL');

      // A new process with the same worker id resumes the interrupted checkout.
      writeFileSync(crashFile, '');
      carton = await startCarton();
      const status = await settled(cartId);
      const after = await footprint(cartId, giftCard.id);
      if (card === 'tok_visa') {
        // Paid: authorized, or captured once the capture step (after the order's commit) has run.
        expect(['authorized', 'captured']).toContain(after.payments[0]);
        expect({ point, status, ...after }).toEqual({
          point,
          status: 'completed',
          attempts: ['completed'],
          orders: ['confirmed'],
          reservations: ['committed'],
          payments: [after.payments[0]],
          processorPayments: 1,
          reservedUnits: 0,
          giftCardBalance: 0,
          giftCardMoves: ['issue', 'redeem'],
        });
        // The shopper's retry finds the order.
        const again = await call(carton, 'POST', `/store/v1/carts/${cartId}/complete`, {
          headers: pk,
          body: { payment_method: card, gift_cards: [giftCard.code] },
        });
        expect(again.status).toBe(200);
      } else {
        expect({ point, status, ...after }).toEqual({
          point,
          status: 'failed',
          attempts: ['failed'],
          orders: [],
          reservations: ['released'],
          payments: ['canceled'],
          processorPayments: after.processorPayments,
          reservedUnits: 0,
          giftCardBalance: GIFT_CARD_VALUE,
          giftCardMoves: ['issue', 'redeem', 'release'],
        });
      }
    }
    carton.child.kill('SIGTERM');
    await exited(carton.child);
  }, 600_000);
});
