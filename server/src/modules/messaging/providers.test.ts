import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  startFakePushService,
  startFakeSendgrid,
  startFakeTwilio,
  type FakePushService,
  type FakeSendgrid,
  type FakeTwilio,
} from '../../../test/fake-messaging.ts';
import { createTestPlatform, type TestPlatform } from '../../../test/harness.ts';
import { createTestStore } from '../../../test/identity.ts';
import { startMailCapture, type MailCapture } from '../../platform/mail/capture.ts';
import { consentStanding, recordConsent } from './consent.ts';
import { pushAddressKey } from './contacts.ts';
import { sendDueMessages, sendMessage } from './send.ts';
import { getChannelSettings, updateChannelSettings } from './settings.ts';
import { cartData, eventPayloads, messageRows, uniqueEmail, uniquePhone } from './testing.ts';

/** Each provider adapter against a local server that answers as the provider documents. */

let platform: TestPlatform;
let sendgrid: FakeSendgrid;
let twilio: FakeTwilio;
let push: FakePushService;
let smtp: MailCapture;

beforeAll(async () => {
  [sendgrid, twilio, push, smtp] = await Promise.all([
    startFakeSendgrid(),
    startFakeTwilio(),
    startFakePushService(),
    startMailCapture(),
  ]);
  platform = await createTestPlatform({
    PUBLIC_URL: 'https://api.carton.test',
    SENDGRID_API_BASE: sendgrid.url,
    TWILIO_API_BASE: twilio.url,
    MESSAGING_PROVIDER_TIMEOUT_MS: '3000',
  });
});
afterAll(async () => {
  await platform?.close();
  await Promise.all([sendgrid?.close(), twilio?.close(), push?.close(), smtp?.close()]);
});

const newStore = async () => (await createTestStore(platform, { name: 'Saigon Goods' })).id;
const hourIn = (tz: string) =>
  Number(
    new Intl.DateTimeFormat('en-US', { timeZone: tz, hour: 'numeric', hourCycle: 'h23' }).format(new Date()),
  );
const dayZone = () =>
  [
    'Asia/Ho_Chi_Minh',
    'Europe/London',
    'America/New_York',
    'Pacific/Honolulu',
    'Pacific/Kiritimati',
    'Asia/Tokyo',
  ].find((z) => hourIn(z) >= 9 && hourIn(z) < 20)!;

async function emailTo(storeId: string, to: string, key: string) {
  await recordConsent(platform, { storeId, channel: 'email', address: to, source: 'checkout' });
  return sendMessage(platform, {
    storeId,
    channel: 'email',
    to: { email: to },
    templateHandle: 'recovery-reminder',
    data: cartData(),
    purpose: 'recovery',
    idempotencyKey: key,
  });
}

describe('SendGrid', () => {
  let storeId: string;
  beforeAll(async () => {
    storeId = await newStore();
    await updateChannelSettings(platform, {
      storeId,
      channel: 'email',
      input: {
        provider: 'sendgrid',
        config: { from_email: 'hello@saigon.example', from_name: 'Saigon Goods' },
        credentials: { api_key: sendgrid.apiKey },
      },
    });
  });

  it('keeps the API key encrypted and never shows it', async () => {
    const { rows } = await platform.db.execute<{ credentials_ciphertext: string }>(
      sql`SELECT credentials_ciphertext FROM messaging_channel_settings WHERE store_id = ${storeId} AND channel = 'email'`,
    );
    expect(rows[0]!.credentials_ciphertext).toMatch(/^v1\./);
    expect(rows[0]!.credentials_ciphertext).not.toContain('SG.');
    const views = await getChannelSettings(platform, storeId);
    const email = views.find((v) => v.channel === 'email')!;
    expect(email).toMatchObject({ provider: 'sendgrid', credentials: { api_key: { set: true } } });
    expect(JSON.stringify(views)).not.toContain(sendgrid.apiKey);
    expect(email.webhook_urls.events).toBe(
      `https://api.carton.test/ingest/v1/messaging/sendgrid/${storeId}/events`,
    );
  });

  it('sends through POST /v3/mail/send with our message id in custom_args and its own tracking off', async () => {
    const to = uniqueEmail();
    const r = await emailTo(storeId, to, `sg-${to}`);
    expect(r).toMatchObject({ status: 'sent' });
    const req = sendgrid.sent.at(-1)!;
    expect(req.body).toMatchObject({
      personalizations: [{ to: [{ email: to }] }],
      from: { email: 'hello@saigon.example', name: 'Saigon Goods' },
      custom_args: { carton_message_id: r.messageId, carton_store_id: storeId },
      tracking_settings: { click_tracking: { enable: false }, open_tracking: { enable: false } },
    });
    const content = req.body.content as { type: string; value: string }[];
    expect(content.map((c) => c.type)).toEqual(['text/plain', 'text/html']);
    expect((req.body.headers as Record<string, string>)['List-Unsubscribe-Post']).toBe(
      'List-Unsubscribe=One-Click',
    );
    const [row] = await messageRows(platform.db, storeId, sql`id = ${r.messageId}`);
    expect(row).toMatchObject({ provider: 'sendgrid', provider_message_id: req.messageId, status: 'sent' });
  });

  it('an unavailable SendGrid loses nothing: queued, the cap slot given back, sent by the sweep', async () => {
    const to = uniqueEmail();
    sendgrid.failNext(503);
    const r = await emailTo(storeId, to, `sg-retry-${to}`);
    expect(r).toMatchObject({ status: 'queued' });
    const { rows: slots } = await platform.db.execute(
      sql`SELECT * FROM messaging_contact_sends WHERE store_id = ${storeId} AND address_key = ${to}`,
    );
    expect(slots).toHaveLength(0);
    await platform.db.execute(sql`UPDATE messaging_messages SET due_at = now() WHERE id = ${r.messageId}`);
    await sendDueMessages(platform);
    const [row] = await messageRows(platform.db, storeId, sql`id = ${r.messageId}`);
    expect(row).toMatchObject({ status: 'sent', attempts: 2 });
    expect(
      sendgrid.sent.filter(
        (s) => (s.body.custom_args as Record<string, string>).carton_message_id === r.messageId,
      ),
    ).toHaveLength(1);
  });

  it('a refusal is final: failed, with the reason and an event', async () => {
    const to = uniqueEmail();
    sendgrid.failNext(400);
    const r = await emailTo(storeId, to, `sg-bad-${to}`);
    expect(r).toMatchObject({ status: 'failed', error: 'http_400' });
    expect(
      (await eventPayloads(platform.db, storeId, 'message.failed')).some((p) => p.messageId === r.messageId),
    ).toBe(true);
  });

  it('refuses to configure SendGrid without an API key (422, nothing changes)', async () => {
    const other = await newStore();
    await expect(
      updateChannelSettings(platform, {
        storeId: other,
        channel: 'email',
        input: { provider: 'sendgrid', config: { from_email: 'a@b.example' } },
      }),
    ).rejects.toMatchObject({ code: 'UNPROCESSABLE' });
    expect((await getChannelSettings(platform, other)).find((v) => v.channel === 'email')).toMatchObject({
      provider: 'smtp',
      configured: false,
    });
  });
});

describe('Twilio', () => {
  let storeId: string;
  beforeAll(async () => {
    storeId = await newStore();
    await updateChannelSettings(platform, {
      storeId,
      channel: 'sms',
      input: {
        provider: 'twilio',
        config: { account_sid: twilio.accountSid, from: '+15005550006' },
        credentials: { auth_token: twilio.authToken },
      },
    });
  });

  it('sends through Messages.json with Basic auth, the sender and a status callback', async () => {
    const phone = uniquePhone();
    await recordConsent(platform, { storeId, channel: 'sms', address: phone, source: 'checkout' });
    const r = await sendMessage(platform, {
      storeId,
      channel: 'sms',
      to: { phone, timeZone: dayZone() },
      templateHandle: 'recovery-sms',
      data: cartData({ discount: true }),
      purpose: 'recovery',
      idempotencyKey: `tw-${phone}`,
    });
    expect(r).toMatchObject({ status: 'sent' });
    const sent = twilio.sent.at(-1)!;
    expect(sent.form).toMatchObject({
      To: phone,
      From: '+15005550006',
      StatusCallback: `https://api.carton.test/ingest/v1/messaging/twilio/${storeId}/status`,
    });
    expect(sent.form.Body).toBe(
      'Saigon Goods: your cart is waiting. Finish your order: https://shop.example/cart/recover/abc Code COMEBACK10.',
    );
    expect((await messageRows(platform.db, storeId, sql`id = ${r.messageId}`))[0]).toMatchObject({
      provider: 'twilio',
      provider_message_id: sent.sid,
    });
  });

  it('a number Twilio will not message (21610) fails for good', async () => {
    const phone = uniquePhone();
    await recordConsent(platform, { storeId, channel: 'sms', address: phone, source: 'checkout' });
    twilio.failNext(400, 21610);
    const r = await sendMessage(platform, {
      storeId,
      channel: 'sms',
      to: { phone, timeZone: dayZone() },
      templateHandle: 'recovery-sms',
      data: cartData(),
      purpose: 'recovery',
      idempotencyKey: `tw-stop-${phone}`,
    });
    expect(r).toMatchObject({ status: 'failed', error: 'twilio_21610' });
  });
});

describe('web push (VAPID, RFC 8291)', () => {
  let storeId: string;
  beforeAll(async () => {
    storeId = await newStore();
    const view = await updateChannelSettings(platform, {
      storeId,
      channel: 'push',
      input: { provider: 'webpush', config: { vapid_subject: 'mailto:ops@saigon.example' } },
    });
    expect(view.vapid_public_key).toMatch(/^[A-Za-z0-9_-]{87}$/);
    expect(view.credentials.vapid_private_key).toMatchObject({ set: true });
  });

  it('the push service verifies the VAPID JWT, decrypts the payload, and the click goes through our redirect', async () => {
    const subscription = push.subscription();
    await recordConsent(platform, {
      storeId,
      channel: 'push',
      address: subscription.endpoint,
      source: 'push_prompt',
    });
    const r = await sendMessage(platform, {
      storeId,
      channel: 'push',
      to: { pushSubscription: subscription },
      templateHandle: 'recovery-push',
      data: cartData(),
      purpose: 'recovery',
      idempotencyKey: `push-${subscription.endpoint}`,
    });
    expect(r).toMatchObject({ status: 'sent' });
    const got = push.received.at(-1)!;
    expect(push.refused).toEqual([]);
    expect(got.payload).toMatchObject({
      title: 'Your cart is waiting',
      body: '3 item(s) · $85.00 at Saigon Goods',
      message_id: r.messageId,
    });
    expect(got.payload.url).toMatch(/^https:\/\/api\.carton\.test\/ingest\/v1\/messaging\/click\//);
    expect(got.vapid).toMatchObject({ audience: push.url, subject: 'mailto:ops@saigon.example' });
    // The subscription's keys are kept encrypted, and the address is a hash of the endpoint.
    const [row] = await messageRows(platform.db, storeId, sql`id = ${r.messageId}`);
    expect(row!.address_key).toBe(pushAddressKey(subscription.endpoint));
    expect(String(row!.push_subscription_ciphertext)).not.toContain(subscription.keys.auth);
  });

  it('an expired subscription (410) fails the message and withdraws its consent', async () => {
    const subscription = push.subscription();
    push.expire(subscription.endpoint);
    await recordConsent(platform, {
      storeId,
      channel: 'push',
      address: subscription.endpoint,
      source: 'push_prompt',
    });
    const r = await sendMessage(platform, {
      storeId,
      channel: 'push',
      to: { pushSubscription: subscription },
      templateHandle: 'recovery-push',
      data: cartData(),
      purpose: 'recovery',
      idempotencyKey: `push-gone-${subscription.endpoint}`,
    });
    expect(r).toMatchObject({ status: 'failed', error: 'http_410' });
    const standing = await consentStanding(
      platform.db,
      storeId,
      'push',
      pushAddressKey(subscription.endpoint),
    );
    expect(standing.marketing).toMatchObject({ status: 'withdrawn', source: 'provider' });
  });
});

describe("a store's own SMTP server", () => {
  it('sends through it, from the store’s address', async () => {
    const storeId = await newStore();
    await updateChannelSettings(platform, {
      storeId,
      channel: 'email',
      input: {
        provider: 'smtp',
        config: {
          host: smtp.host,
          port: smtp.port,
          secure: false,
          from_email: 'shop@saigon.example',
          reply_to: 'care@saigon.example',
        },
      },
    });
    const to = uniqueEmail();
    const r = await emailTo(storeId, to, `smtp-${to}`);
    expect(r).toMatchObject({ status: 'sent' });
    const mail = await smtp.waitFor({ to });
    expect(mail.from).toContain('shop@saigon.example');
    expect(mail.headers['reply-to']).toContain('care@saigon.example');
    expect(mail.headers['list-unsubscribe-post']).toBe('List-Unsubscribe=One-Click');
    expect(platform.mailer.capture!.list().some((m) => m.to.includes(to))).toBe(false);
  });
});
