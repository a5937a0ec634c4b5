import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestPlatform, type TestPlatform } from '../../../test/harness.ts';
import { createTestStore } from '../../../test/identity.ts';
import { recordConsent, withdrawConsent } from './consent.ts';
import { attemptMessage, cancelMessages, sendDueMessages, sendMessage } from './send.ts';
import { updateMessagingSettings } from './settings.ts';
import { cartData, eventPayloads, messageRows, uniqueEmail, uniquePhone } from './testing.ts';

/** sendMessage through real PostgreSQL and the local SMTP capture server. */

let platform: TestPlatform;
let storeId: string;

beforeAll(async () => {
  platform = await createTestPlatform({ PUBLIC_URL: 'https://api.carton.test' });
  storeId = (await createTestStore(platform, { name: 'Hanoi Linen' })).id;
});
afterAll(async () => {
  await platform?.close();
});

const email = (to: string, key: string, extra: Record<string, unknown> = {}) =>
  sendMessage(platform, {
    storeId,
    channel: 'email',
    to: { email: to },
    templateHandle: 'recovery-reminder',
    data: cartData(),
    purpose: 'recovery',
    idempotencyKey: key,
    campaignRef: 'run-1',
    ...extra,
  });

describe('consent', () => {
  it('sends nothing without consent on file: suppressed, recorded, nothing mailed', async () => {
    const to = uniqueEmail();
    const r = await email(to, `k-${to}`);
    expect(r).toMatchObject({ status: 'suppressed', reason: 'no_consent' });
    const [row] = await messageRows(platform.db, storeId, sql`id = ${r.messageId}`);
    expect(row).toMatchObject({
      status: 'suppressed',
      suppressed_reason: 'no_consent',
      data: null,
      content: null,
    });
    expect(platform.mailer.capture!.list().some((m) => m.to.includes(to))).toBe(false);
    expect(
      (await eventPayloads(platform.db, storeId, 'message.suppressed')).some(
        (p) => p.messageId === r.messageId,
      ),
    ).toBe(true);
  });

  it('sends with consent: subject, responsive HTML with tracked links and pixel, text part, RFC 8058 headers', async () => {
    const to = uniqueEmail();
    await recordConsent(platform, { storeId, channel: 'email', address: to, source: 'checkout' });
    const r = await email(to, `k-${to}`);
    expect(r).toMatchObject({ status: 'sent', deliveryStatus: 'sent' });
    const mail = await platform.mailer.capture!.waitFor({ to });
    expect(mail.subject).toBe('You left something in your cart at Hanoi Linen');
    expect(mail.headers['list-unsubscribe']).toMatch(
      /^<https:\/\/api\.carton\.test\/ingest\/v1\/messaging\/unsubscribe\/[^>]+>$/,
    );
    expect(mail.headers['list-unsubscribe-post']).toBe('List-Unsubscribe=One-Click');
    expect(mail.messageId).toBe(`<${r.messageId}@api.carton.test>`);
    expect(mail.html).toContain('https://api.carton.test/ingest/v1/messaging/click/');
    expect(mail.html).toContain('https://api.carton.test/ingest/v1/messaging/open/');
    expect(mail.html).not.toContain('href="https://shop.example/cart/recover/abc"');
    expect(mail.html).toMatch(/@media/); // MJML's responsive CSS
    expect(mail.text).toContain('- Linen shirt (Blue / M) × 1: $45.00');
    expect(mail.text).toContain('Return to your cart: https://shop.example/cart/recover/abc');
    const sent = await eventPayloads(platform.db, storeId, 'message.sent');
    expect(sent.find((p) => p.messageId === r.messageId)).toMatchObject({
      channel: 'email',
      purpose: 'recovery',
      campaignRef: 'run-1',
      provider: 'smtp',
    });
    // No personal data in the event.
    expect(JSON.stringify(sent)).not.toContain(to);
  });

  it('never after an unsubscribe; transactional messages bypass marketing consent but not their own unsubscribe', async () => {
    const to = uniqueEmail();
    await recordConsent(platform, { storeId, channel: 'email', address: to, source: 'checkout' });
    await withdrawConsent(platform, { storeId, channel: 'email', address: to, source: 'api' });
    expect(await email(to, `a-${to}`)).toMatchObject({ status: 'suppressed', reason: 'unsubscribed' });
    const tx = (key: string) =>
      sendMessage(platform, {
        storeId,
        channel: 'email',
        to: { email: to },
        template: {
          subject: 'Your order {{ order.number }}',
          body: '<mjml><mj-body><mj-section><mj-column><mj-text>Thanks {{ customer.first_name }}</mj-text></mj-column></mj-section></mj-body></mjml>',
        },
        data: { customer: { first_name: 'Linh' }, order: { number: '#1001', total: 100, currency: 'USD' } },
        purpose: 'transactional',
        idempotencyKey: key,
      });
    expect(await tx(`t1-${to}`)).toMatchObject({ status: 'sent' });
    await withdrawConsent(platform, {
      storeId,
      channel: 'email',
      address: to,
      source: 'unsubscribe',
      category: 'transactional',
    });
    expect(await tx(`t2-${to}`)).toMatchObject({ status: 'suppressed', reason: 'unsubscribed' });
  });
});

describe('idempotency', () => {
  it('one message per key: a repeat returns the first outcome and sends nothing more; another request with the key is 422', async () => {
    const to = uniqueEmail();
    await recordConsent(platform, { storeId, channel: 'email', address: to, source: 'checkout' });
    const [a, b] = await Promise.all([email(to, `same-${to}`), email(to, `same-${to}`)]);
    expect(a.messageId).toBe(b.messageId);
    const again = await email(to, `same-${to}`);
    expect(again).toMatchObject({ status: 'sent', messageId: a.messageId });
    expect(platform.mailer.capture!.list().filter((m) => m.to.includes(to))).toHaveLength(1);
    await expect(email(to, `same-${to}`, { campaignRef: 'other' })).rejects.toMatchObject({
      code: 'IDEMPOTENCY_KEY_REUSED',
    });
  });

  it('bad input is refused and records nothing', async () => {
    const before = (await messageRows(platform.db, storeId)).length;
    await expect(
      sendMessage(platform, {
        storeId,
        channel: 'sms',
        to: { email: uniqueEmail() },
        templateHandle: 'recovery-sms',
        data: cartData(),
        purpose: 'recovery',
        idempotencyKey: 'bad-1',
      }),
    ).rejects.toMatchObject({ code: 'UNPROCESSABLE' });
    await expect(
      sendMessage(platform, {
        storeId,
        channel: 'email',
        to: { email: uniqueEmail() },
        templateHandle: 'recovery-reminder',
        data: { cart: { id: 1 } },
        purpose: 'recovery',
        idempotencyKey: 'bad-2',
      }),
    ).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    await expect(
      sendMessage(platform, {
        storeId,
        channel: 'email',
        to: { email: uniqueEmail() },
        templateId: 'mtpl_nope',
        data: cartData(),
        purpose: 'recovery',
        idempotencyKey: 'bad-3',
      }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(
      sendMessage(platform, {
        storeId,
        channel: 'email',
        to: { email: uniqueEmail() },
        template: { subject: 'x', body: '{{ cart.nope }}' },
        data: cartData(),
        purpose: 'recovery',
        idempotencyKey: 'bad-4',
      }),
    ).rejects.toMatchObject({ code: 'UNPROCESSABLE', extensions: { unknown_variables: ['cart.nope'] } });
    expect(await messageRows(platform.db, storeId)).toHaveLength(before);
  });
});

describe('frequency caps', () => {
  it('two messages racing for one contact: one goes, one is capped; a failed send gives the slot back', async () => {
    const to = uniqueEmail();
    await recordConsent(platform, { storeId, channel: 'email', address: to, source: 'checkout' });
    const results = await Promise.all([1, 2, 3, 4].map((n) => email(to, `race-${n}-${to}`)));
    expect(results.filter((r) => r.status === 'sent')).toHaveLength(1);
    expect(results.filter((r) => r.status === 'suppressed' && r.reason === 'frequency_cap')).toHaveLength(3);
    expect(platform.mailer.capture!.list().filter((m) => m.to.includes(to))).toHaveLength(1);
  });

  it('caps are per store and channel; 0 turns a cap off', async () => {
    const to = uniqueEmail();
    await recordConsent(platform, { storeId, channel: 'email', address: to, source: 'checkout' });
    await updateMessagingSettings(platform, {
      storeId,
      patch: { frequency_caps: { email: { seconds: 0 } } },
    });
    try {
      expect(await email(to, `nocap-1-${to}`)).toMatchObject({ status: 'sent' });
      expect(await email(to, `nocap-2-${to}`)).toMatchObject({ status: 'sent' });
    } finally {
      await updateMessagingSettings(platform, {
        storeId,
        patch: { frequency_caps: { email: { seconds: 57600 } } },
      });
    }
  });
});

describe('SMS quiet hours', () => {
  it('outside 08:00–21:00 in the recipient’s time zone: deferred to the next 08:00, then sent by the sweep', async () => {
    const phone = uniquePhone();
    await recordConsent(platform, { storeId, channel: 'sms', address: phone, source: 'checkout' });
    // A zone where it is now night: UTC+14 or UTC-10, whichever is outside the window.
    const zones = [
      'Pacific/Kiritimati',
      'Pacific/Honolulu',
      'Asia/Ho_Chi_Minh',
      'Europe/London',
      'America/New_York',
    ];
    const hourIn = (tz: string) =>
      Number(
        new Intl.DateTimeFormat('en-US', { timeZone: tz, hour: 'numeric', hourCycle: 'h23' }).format(
          new Date(),
        ),
      );
    const night = zones.find((z) => hourIn(z) < 8 || hourIn(z) >= 21)!;
    const r = await sendMessage(platform, {
      storeId,
      channel: 'sms',
      to: { phone, timeZone: night },
      templateHandle: 'recovery-sms',
      data: cartData(),
      purpose: 'recovery',
      idempotencyKey: `sms-${phone}`,
    });
    expect(r.status).toBe('deferred');
    const until = new Date((r as { until: string }).until);
    const localHour = new Intl.DateTimeFormat('en-US', {
      timeZone: night,
      hour: 'numeric',
      hourCycle: 'h23',
    }).format(until);
    expect(Number(localHour)).toBe(8);
    expect(until.getTime()).toBeGreaterThan(Date.now());
    // Nothing is due yet: the sweep leaves it.
    await sendDueMessages(platform);
    expect((await messageRows(platform.db, storeId, sql`id = ${r.messageId}`))[0]).toMatchObject({
      status: 'deferred',
    });
    // The recipient moved to a zone where it is day (the time came): the sweep sends it.
    const day = zones.find((z) => hourIn(z) >= 9 && hourIn(z) < 20)!;
    await platform.db.execute(
      sql`UPDATE messaging_messages SET due_at = now() - interval '1 second', time_zone = ${day} WHERE id = ${r.messageId}`,
    );
    await sendDueMessages(platform);
    const [row] = await messageRows(platform.db, storeId, sql`id = ${r.messageId}`);
    expect(row).toMatchObject({ status: 'sent', provider: 'log' });
    expect((row!.content as { text: string }).text).toContain('your cart is waiting');
  });
});

describe('cancelling', () => {
  it('cancels what still waits for a campaign run, and a cancelled message is never sent', async () => {
    const phone = uniquePhone();
    await recordConsent(platform, { storeId, channel: 'sms', address: phone, source: 'checkout' });
    const r = await sendMessage(platform, {
      storeId,
      channel: 'sms',
      to: { phone, timeZone: 'UTC' },
      templateHandle: 'recovery-sms',
      data: cartData(),
      purpose: 'recovery',
      idempotencyKey: `cancel-${phone}`,
      campaignRef: `cart-${phone}`,
    });
    if (r.status === 'sent') return; // daytime in UTC: nothing left to cancel; covered when deferred
    expect(await cancelMessages(platform, { storeId, campaignRef: `cart-${phone}` })).toEqual({
      cancelled: 1,
    });
    await platform.db.execute(sql`UPDATE messaging_messages SET due_at = now() WHERE id = ${r.messageId}`);
    expect(await attemptMessage(platform, { storeId, messageId: r.messageId })).toMatchObject({
      status: 'cancelled',
    });
  });
});
