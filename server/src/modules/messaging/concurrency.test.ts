import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestPlatform, type TestPlatform } from '../../../test/harness.ts';
import { createTestStore } from '../../../test/identity.ts';
import { consentHistoryOf, consentStanding, recordConsent, withdrawConsent } from './consent.ts';
import { attemptMessage, sendDueMessages, sendMessage } from './send.ts';
import { cartData, eventPayloads, messageRows, uniqueEmail, uniquePhone } from './testing.ts';

/** Retries, crashes, duplicate deliveries and races lose nothing and double nothing. */

let platform: TestPlatform;
let storeId: string;

beforeAll(async () => {
  platform = await createTestPlatform();
  storeId = (await createTestStore(platform)).id;
});
afterAll(async () => {
  await platform?.close();
});

const sentEventsOf = async (messageId: string) =>
  (await eventPayloads(platform.db, storeId, 'message.sent')).filter((p) => p.messageId === messageId);

async function deferredSms(n: number): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    const phone = uniquePhone();
    await recordConsent(platform, { storeId, channel: 'sms', address: phone, source: 'checkout' });
    const r = await sendMessage(platform, {
      storeId,
      channel: 'sms',
      to: { phone },
      templateHandle: 'recovery-sms',
      data: cartData(),
      purpose: 'recovery',
      idempotencyKey: `due-${phone}`,
    });
    ids.push(r.messageId);
  }
  // Whatever the hour: make them all deferred and due (never attempted: in the recipients' day the
  // first send above went out at once), in a zone where it is day now.
  const day = [
    'Asia/Ho_Chi_Minh',
    'Europe/London',
    'America/New_York',
    'Pacific/Honolulu',
    'Asia/Tokyo',
  ].find((z) => {
    const h = Number(
      new Intl.DateTimeFormat('en-US', { timeZone: z, hour: 'numeric', hourCycle: 'h23' }).format(new Date()),
    );
    return h >= 9 && h < 20;
  })!;
  await platform.db.execute(sql`
    UPDATE messaging_messages SET status = 'deferred', due_at = now() - interval '1 second', time_zone = ${day}, attempts = 0,
      sent_at = NULL, provider = NULL, provider_message_id = NULL,
      data = COALESCE(data, ${JSON.stringify({ data: cartData(), handle: 'recovery-sms' })}::jsonb)
    WHERE id IN ${sql.raw(`(${ids.map((i) => `'${i}'`).join(',')})`)}`);
  await platform.db.execute(sql`DELETE FROM messaging_contact_sends WHERE store_id = ${storeId}`);
  await platform.db.execute(sql`DELETE FROM events WHERE store_id = ${storeId} AND type = 'message.sent'`);
  return ids;
}

describe('the sweep', () => {
  it('two workers sweeping at once send each due message exactly once', async () => {
    const ids = await deferredSms(6);
    await Promise.all([sendDueMessages(platform), sendDueMessages(platform), sendDueMessages(platform)]);
    for (const id of ids) {
      expect(await sentEventsOf(id)).toHaveLength(1);
      expect((await messageRows(platform.db, storeId, sql`id = ${id}`))[0]).toMatchObject({
        status: 'sent',
        attempts: 1,
      });
    }
  });

  it('a lost attempt (crash while sending) is taken over once its lease ends, not before', async () => {
    const [id] = await deferredSms(1);
    // As if a worker claimed it and died: `sending`, lease still running.
    await platform.db.execute(sql`
      UPDATE messaging_messages SET status = 'sending', attempts = 1, due_at = now() + interval '1 minute' WHERE id = ${id!}`);
    expect(await attemptMessage(platform, { storeId, messageId: id! })).toMatchObject({ status: 'queued' });
    await sendDueMessages(platform);
    expect((await messageRows(platform.db, storeId, sql`id = ${id!}`))[0]).toMatchObject({
      status: 'sending',
    });
    // The lease ran out: the sweep sends it (attempt 2), once.
    await platform.db.execute(
      sql`UPDATE messaging_messages SET due_at = now() - interval '1 second' WHERE id = ${id!}`,
    );
    await Promise.all([sendDueMessages(platform), sendDueMessages(platform)]);
    expect((await messageRows(platform.db, storeId, sql`id = ${id!}`))[0]).toMatchObject({
      status: 'sent',
      attempts: 2,
    });
    expect(await sentEventsOf(id!)).toHaveLength(1);
  });

  it('consent withdrawn while a message waited: the sweep suppresses it', async () => {
    const [id] = await deferredSms(1);
    const [row] = await messageRows(platform.db, storeId, sql`id = ${id!}`);
    await withdrawConsent(platform, {
      storeId,
      channel: 'sms',
      address: String(row!.address_key),
      source: 'sms_keyword',
      category: 'all',
    });
    await sendDueMessages(platform);
    expect((await messageRows(platform.db, storeId, sql`id = ${id!}`))[0]).toMatchObject({
      status: 'suppressed',
      suppressed_reason: 'unsubscribed',
      data: null,
    });
  });
});

describe('consent under races', () => {
  it('statements racing for one address: every change in the history, where it stands is the last one', async () => {
    const address = uniqueEmail();
    await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        i % 2
          ? recordConsent(platform, { storeId, channel: 'email', address, source: 'signup_form' })
          : withdrawConsent(platform, { storeId, channel: 'email', address, source: 'unsubscribe' }),
      ),
    );
    const history = await consentHistoryOf(platform.db, storeId, 'email', address);
    const standing = await consentStanding(platform.db, storeId, 'email', address);
    // Newest first: the standing statement is the newest in the history, and no two neighbours repeat.
    expect(history[0]!.status).toBe(standing.marketing.status);
    for (let i = 1; i < history.length; i++) expect(history[i]!.status).not.toBe(history[i - 1]!.status);
    // A repeat records nothing.
    const n = history.length;
    await recordConsent(platform, {
      storeId,
      channel: 'email',
      address,
      status: standing.marketing.status as 'granted',
      source: 'api',
    });
    expect(await consentHistoryOf(platform.db, storeId, 'email', address)).toHaveLength(n);
  });

  it('an import of an older statement is kept as evidence without overruling a newer one', async () => {
    const address = uniqueEmail();
    await recordConsent(platform, { storeId, channel: 'email', address, source: 'checkout' });
    const r = await withdrawConsent(platform, {
      storeId,
      channel: 'email',
      address,
      source: 'import',
      occurredAt: new Date(Date.now() - 86_400_000),
    });
    expect(r[0]!.changed).toBe(false);
    expect((await consentStanding(platform.db, storeId, 'email', address)).marketing.status).toBe('granted');
    expect(await consentHistoryOf(platform.db, storeId, 'email', address)).toHaveLength(2);
  });
});

describe("the customers module's e-mail consent", () => {
  it('is mirrored as consent on file (source customers); a redelivery records nothing', async () => {
    const { withStore } = await import('../../platform/db/database.ts');
    const { customerConsentMirror } = await import('./subscribers.ts');
    const address = uniqueEmail();
    const event = {
      id: 'evt_test',
      storeId,
      type: 'customer.consent_changed',
      aggregateType: 'marketing_consent',
      aggregateId: 'mcon_x',
      sequence: 1,
      payload: {
        customerId: null,
        email: address,
        channel: 'email',
        status: 'granted',
        source: 'checkout',
        occurredAt: new Date().toISOString(),
      },
      occurredAt: new Date(),
    };
    for (let i = 0; i < 2; i++) {
      await withStore(platform.db, storeId, (tx) => customerConsentMirror.handle(event, { tx, attempt: 1 }));
    }
    expect((await consentStanding(platform.db, storeId, 'email', address)).marketing).toMatchObject({
      status: 'granted',
      source: 'customers',
    });
    expect(await consentHistoryOf(platform.db, storeId, 'email', address)).toHaveLength(1);
    // SMS statements name no number: nothing to mirror.
    await withStore(platform.db, storeId, (tx) =>
      customerConsentMirror.handle(
        { ...event, payload: { ...event.payload, channel: 'sms' } },
        { tx, attempt: 1 },
      ),
    );
  });
});
