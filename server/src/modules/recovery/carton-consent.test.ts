import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer } from '../../../test/harness.ts';
import { call, createStaffSession, createTestApiKey } from '../../../test/identity.ts';
import { insertSellableProduct, type SellableProduct } from '../cart/testing.ts';
import { eventually, uniqueEmail } from '../customers/testing.ts';
import { updateMessagingSettings } from '../messaging/service.ts';
import { detectAbandonedCarts } from './service.ts';

/**
 * The pillars joined, over real HTTP with a worker: a Carton shopper ticks the checkout's "send me
 * news and offers" box (Sell: the cart, the customers module's consent), leaves the cart (Recover:
 * the cart followed, detected abandoned, the default campaign), and the reminder reaches their
 * inbox through messaging — while a shopper who did not tick it gets nothing (messaging suppresses
 * for want of consent). A "minute" of the campaign lasts 100 ms.
 */

let server: Awaited<ReturnType<typeof startTestServer>>;
let storeId: string;
let pk: Record<string, string>;
let tea: SellableProduct;

beforeAll(async () => {
  server = await startTestServer({
    worker: true,
    overrides: { EVENTS_POLL_INTERVAL_MS: '200', RECOVERY_CAMPAIGN_MINUTE_MS: '100' },
  });
  const owner = await createStaffSession(server, { role: 'owner' });
  storeId = owner.storeId!;
  pk = (await createTestApiKey(server, { storeId, kind: 'publishable' })).headers;
  tea = await insertSellableProduct(server.platform.db, storeId, { price: 3000, stock: 10 });
  await updateMessagingSettings(server.platform, {
    storeId,
    patch: { frequency_caps: { email: { seconds: 0 } } },
  });
});
afterAll(async () => {
  await server?.close();
});

const shop = (method: string, path: string, body?: unknown) =>
  call(server, method, path, { headers: pk, body });

async function leftCart(email: string, ticked: boolean): Promise<string> {
  const id = (await shop('POST', '/store/v1/carts', { email })).body.id;
  expect((await shop('POST', `/store/v1/carts/${id}/lines`, { variant_id: tea.variantIds[0] })).status).toBe(
    200,
  );
  if (ticked)
    expect((await shop('PATCH', `/store/v1/carts/${id}`, { marketing_opt_in: true })).status).toBe(200);
  return id;
}

const recoveryMessages = async (email: string) =>
  (
    await server.platform.db.execute<{ status: string; suppressed_reason: string | null }>(sql`
      SELECT status, suppressed_reason FROM messaging_messages
      WHERE store_id = ${storeId} AND purpose = 'recovery' AND address_key = ${email.toLowerCase()}`)
  ).rows;

describe('the checkout box and abandoned-cart recovery', () => {
  it('a shopper who ticked the box gets the reminder; one who did not gets nothing', async () => {
    const ticked = uniqueEmail('ticked');
    const unticked = uniqueEmail('unticked');
    const carts = [await leftCart(ticked, true), await leftCart(unticked, false)];
    // Followed by recovery with their contact, and the tick is consent on file in messaging.
    await eventually(async () => {
      const { rows } = await server.platform.db.execute<{ n: number }>(sql`
        SELECT count(*)::int AS n FROM recovery_carts
        WHERE store_id = ${storeId} AND source = 'carton' AND external_id = ANY(${sql.param(carts)}::text[])
          AND contact_id IS NOT NULL`);
      const consent = await server.platform.db.execute<{ status: string }>(sql`
        SELECT status FROM messaging_consents WHERE store_id = ${storeId} AND address_key = ${ticked.toLowerCase()}
          AND channel = 'email' AND category = 'marketing'`);
      return rows[0]!.n === 2 && consent.rows[0]?.status === 'granted';
    });

    // Nobody came back: the carts fall due (as an hour later), are abandoned and enter the default campaign.
    await server.platform.db.execute(sql`
      UPDATE recovery_carts SET abandon_due_at = now() - interval '1 second'
      WHERE store_id = ${storeId} AND source = 'carton' AND external_id = ANY(${sql.param(carts)}::text[])`);
    const detected = await detectAbandonedCarts(server.platform);
    expect(detected.abandoned).toBe(2);

    const reminder = await eventually(
      async () =>
        server.platform.mailer.capture!.list().find((m) => m.to.includes(ticked.toLowerCase())) ?? null,
      20_000,
    );
    expect(reminder!.subject).toMatch(/You left something in your cart/);
    expect(reminder!.text).toContain('/store/v1/recovery/links/');
    await eventually(async () => (await recoveryMessages(unticked)).length > 0, 20_000);
    expect(await recoveryMessages(unticked)).toEqual([
      { status: 'suppressed', suppressed_reason: 'no_consent' },
    ]);
    expect(server.platform.mailer.capture!.list().some((m) => m.to.includes(unticked.toLowerCase()))).toBe(
      false,
    );
  });
});
