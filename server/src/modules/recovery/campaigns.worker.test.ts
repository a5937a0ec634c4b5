import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer } from '../../../test/harness.ts';
import { call, createStaffSession, type StaffSession } from '../../../test/identity.ts';
import { eventually, uniqueEmail } from '../customers/testing.ts';
import { recordConsent, updateMessagingSettings } from '../messaging/service.ts';
import { detectAbandonedCarts, recordPurchase, upsertTrackedCart } from './service.ts';

/**
 * Campaigns in a running worker: the outbox dispatcher hands `cart.abandoned` to the campaign
 * subscriber, the worker's scheduler loop (woken by NOTIFY) sends each step through messaging to
 * the SMTP capture server, and `cart.recovered` stops the rest. A "minute" lasts 100 ms.
 */

let server: Awaited<ReturnType<typeof startTestServer>>;
let owner: StaffSession;
let storeId: string;

beforeAll(async () => {
  server = await startTestServer({
    worker: true,
    overrides: { EVENTS_POLL_INTERVAL_MS: '200', RECOVERY_CAMPAIGN_MINUTE_MS: '100' },
  });
  owner = await createStaffSession(server, { role: 'owner' });
  storeId = owner.storeId!;
  await updateMessagingSettings(server.platform, {
    storeId,
    patch: { frequency_caps: { email: { seconds: 0 } } },
  });
});
afterAll(async () => {
  await server?.close();
});

const api = (method: string, path: string, body?: unknown) =>
  call(server, method, `/admin/v1/recovery/campaigns${path}`, { headers: owner.headers, body });
const mailsTo = (address: string) =>
  server.platform.mailer.capture!.list().filter((m) => m.to.includes(address));

async function abandonedCart(email: string) {
  const externalId = `chk-${Math.random().toString(36).slice(2)}`;
  await upsertTrackedCart(server.platform, {
    storeId,
    source: 'woocommerce',
    externalId,
    currency: 'USD',
    value: 3000,
    items: [{ title: 'Tea set', quantity: 1, unitPrice: 3000 }],
    contact: { email },
    occurredAt: new Date(Date.now() - 2 * 3_600_000),
  });
  await detectAbandonedCarts(server.platform);
  return externalId;
}

describe('campaigns in a worker', () => {
  it('an abandoned cart gets its steps in order; a purchase stops the rest', async () => {
    const created = await api('POST', '', {
      name: 'Woo carts',
      priority: 10,
      trigger: { sources: ['woocommerce'] },
      steps: [
        { delay_minutes: 0, channel: 'email', template_handle: 'recovery-reminder' },
        {
          delay_minutes: 5,
          channel: 'email',
          template_handle: 'recovery-discount',
          discount: { kind: 'free_shipping', expires_in_hours: 24 },
        },
        { delay_minutes: 600, channel: 'email', template_handle: 'recovery-reminder' },
      ],
    });
    expect(created.status).toBe(201);
    expect((await api('POST', `/${created.body.id}/activate`)).status).toBe(200);
    const email = uniqueEmail('worker');
    await recordConsent(server.platform, { storeId, channel: 'email', address: email, source: 'checkout' });
    const externalId = await abandonedCart(email);

    await eventually(async () => (mailsTo(email).length >= 2 ? true : null));
    // The capture server may have the second e-mail a moment before the step records its outcome.
    const runs = (await eventually(async () => {
      const r = await api('GET', `/${created.body.id}/runs`);
      return r.body.data[0]?.steps?.[1]?.outcome === 'sending' ? null : r;
    }))!;
    expect(runs.body.data).toHaveLength(1);
    const run = runs.body.data[0];
    expect(run.steps.map((s: { outcome: string }) => s.outcome)).toEqual(['sent', 'sent']);
    expect(run.steps[1].coupon_code).toMatch(/^BACK-/);
    expect(run).toMatchObject({ status: 'running', next_step: 2, step_reached: 2 });

    await recordPurchase(server.platform, {
      storeId,
      source: 'woocommerce',
      orderId: `woo-order-${externalId}`,
      value: 3000,
      currency: 'USD',
      externalCartId: externalId,
    });
    const ended = await eventually(async () => {
      const r = (await api('GET', `/${created.body.id}/runs`)).body.data[0];
      return r.status === 'exited' ? r : null;
    });
    expect(ended).toMatchObject({ exit_reason: 'recovered', next_step: null, step_reached: 2 });
    // The recovered revenue is attributed to the campaign's last message.
    const { rows } = await server.platform.db.execute<{ attributed_campaign_id: string }>(
      sql`SELECT attributed_campaign_id FROM recovery_carts WHERE store_id = ${storeId} AND external_id = ${externalId}`,
    );
    expect(rows[0]!.attributed_campaign_id).toBe(created.body.id);
    expect(mailsTo(email)).toHaveLength(2);
  });
});
