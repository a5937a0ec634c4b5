import { createHmac } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  startFakePushService,
  startFakeSendgrid,
  startFakeTwilio,
  type FakeSendgrid,
  type FakeTwilio,
} from '../../../test/fake-messaging.ts';
import { startTestServer } from '../../../test/harness.ts';
import { call, createStaffSession, createTestApiKey, type StaffSession } from '../../../test/identity.ts';
import { recordConsent } from './consent.ts';
import { sendMessage } from './send.ts';
import { signLink } from './tracking.ts';
import { cartData, eventPayloads, messageRows, uniqueEmail, uniquePhone } from './testing.ts';

/** The messaging API over HTTP: admin, tracking links, unsubscribe, provider webhooks, GDPR. */

const PUBLIC = 'https://api.carton.test';
let server: Awaited<ReturnType<typeof startTestServer>>;
let sendgrid: FakeSendgrid;
let twilio: FakeTwilio;
let owner: StaffSession;
let storeId: string;
let readOnly: Record<string, string>;

beforeAll(async () => {
  [sendgrid, twilio] = await Promise.all([startFakeSendgrid(), startFakeTwilio()]);
  server = await startTestServer({
    overrides: { PUBLIC_URL: PUBLIC, SENDGRID_API_BASE: sendgrid.url, TWILIO_API_BASE: twilio.url },
  });
  owner = await createStaffSession(server, { role: 'owner' });
  storeId = owner.storeId!;
  readOnly = (await createTestApiKey(server, { storeId, kind: 'secret', role: 'read_only' })).headers;
});
afterAll(async () => {
  await server?.close();
  await Promise.all([sendgrid?.close(), twilio?.close()]);
});

const api = (headers: Record<string, string> = owner.headers) => ({
  get: (path: string) => call(server, 'GET', path, { headers }),
  post: (path: string, body?: unknown, extra: Record<string, string> = {}) =>
    call(server, 'POST', path, { headers: { ...headers, ...extra }, body }),
  patch: (path: string, body: unknown) => call(server, 'PATCH', path, { headers, body }),
  put: (path: string, body: unknown) => call(server, 'PUT', path, { headers, body }),
  del: (path: string) => call(server, 'DELETE', path, { headers }),
});
const M = '/admin/v1/messaging';
const db = () => server.platform.db;
/** The path of a URL on the API, requested on the test server. */
const local = (url: string) => url.replace(PUBLIC, '');

async function auditActions(action: string) {
  const { rows } = await db().execute<{ after: unknown }>(
    sql`SELECT after FROM audit_log WHERE store_id = ${storeId} AND action = ${action} ORDER BY id`,
  );
  return rows;
}

const mjml = (text: string) =>
  `<mjml><mj-body><mj-section><mj-column><mj-text>${text}</mj-text></mj-column></mj-section></mj-body></mjml>`;

describe('templates', () => {
  let id: string;

  it('lists the default recovery templates in English and Vietnamese', async () => {
    const res = await api().get(`${M}/templates?limit=50`);
    expect(res.status).toBe(200);
    const handles = res.body.data.map(
      (t: { handle: string; locale: string; channel: string }) => `${t.channel}:${t.handle}:${t.locale}`,
    );
    for (const locale of ['en', 'vi']) {
      expect(handles).toContain(`email:recovery-reminder:${locale}`);
      expect(handles).toContain(`email:recovery-discount:${locale}`);
      expect(handles).toContain(`sms:recovery-sms:${locale}`);
      expect(handles).toContain(`push:recovery-push:${locale}`);
    }
  });

  it('refuses a template with unknown variables (422 listing them) and saves nothing', async () => {
    const res = await api().post(`${M}/templates`, {
      channel: 'email',
      purpose: 'recovery',
      handle: 'bad-one',
      name: 'Bad',
      subject: 'Hi {{ shopper.name }}',
      body: mjml(
        '{% for item in cart.items %}{{ item.title }} {{ item.colour }}{% endfor %} {{ cart.total }}',
      ),
    });
    expect(res.status).toBe(422);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    expect(res.body.unknown_variables).toEqual(['shopper', 'item.colour']);
    expect(res.body.errors.map((e: { path: string }) => e.path)).toEqual(['body.subject', 'body.body']);
    expect(res.body.errors[1].message).toMatch(/line 1, column \d+/);
    const list = await api().get(`${M}/templates?handle=bad-one`);
    expect(list.body.data).toEqual([]);
  });

  it('refuses broken Liquid and MJML that does not render', async () => {
    const syntax = await api().post(`${M}/templates`, {
      channel: 'sms',
      purpose: 'recovery',
      handle: 'broken',
      name: 'Broken',
      body: '{% if cart.total %}no end',
    });
    expect(syntax.status).toBe(422);
    const tags = await api().post(`${M}/templates`, {
      channel: 'email',
      purpose: 'recovery',
      handle: 'broken-mjml',
      name: 'Broken',
      subject: 'x',
      body: '<mjml><mj-body><mj-nonsense>hi</mj-nonsense></mj-body></mjml>',
    });
    expect(tags.status).toBe(422);
    const wrongChannelField = await api().post(`${M}/templates`, {
      channel: 'sms',
      purpose: 'recovery',
      handle: 'sms-subject',
      name: 'x',
      subject: 'SMS have none',
      body: 'hi',
    });
    expect(wrongChannelField.status).toBe(400);
  });

  it('creates, reads, changes (version up), previews and deletes; audited; read-only may not change', async () => {
    const created = await api().post(`${M}/templates`, {
      channel: 'email',
      purpose: 'recovery',
      handle: 'spring',
      locale: 'vi',
      name: 'Spring',
      subject: '{{ store.name }}: {{ cart.item_count }} món đang chờ',
      body: mjml(
        'Xin chào {{ customer.first_name }}! {% for item in cart.items %}{{ item.title }}: {{ item.line_total }} {% endfor %}',
      ),
    });
    expect(created.status).toBe(201);
    id = created.body.id;
    expect(created.body).toMatchObject({ handle: 'spring', locale: 'vi', version: 1, is_default: false });
    const dup = await api().post(`${M}/templates`, {
      channel: 'email',
      purpose: 'recovery',
      handle: 'spring',
      locale: 'vi',
      name: 'Again',
      subject: 'x',
      body: mjml('x'),
    });
    expect(dup.status).toBe(409);

    const changed = await api().patch(`${M}/templates/${id}`, { name: 'Spring sale' });
    expect(changed.body).toMatchObject({ name: 'Spring sale', version: 2 });
    const badChange = await api().patch(`${M}/templates/${id}`, { subject: '{{ nope }}' });
    expect(badChange.status).toBe(422);
    expect((await api().get(`${M}/templates/${id}`)).body).toMatchObject({
      version: 2,
      subject: changed.body.subject,
    });

    const preview = await api().post(`${M}/templates/${id}/preview`, {});
    expect(preview.status).toBe(200);
    expect(preview.body.subject).toBe('Test Store: 3 món đang chờ');
    expect(preview.body.html).toContain('Xin chào Linh!');
    expect(preview.body.text).toContain('Linen shirt');
    expect(preview.body.variables).toContain('cart.items[].title');

    const live = await api().post(`${M}/templates/preview`, {
      template: {
        channel: 'sms',
        purpose: 'recovery',
        handle: 'x',
        name: 'x',
        body: 'Hi {{ customer.first_name }}, {{ cart.total }}',
      },
      data: cartData({ currency: 'VND' }),
      locale: 'vi',
    });
    expect(live.body.text).toMatch(/^Hi Linh, 8\.500\s₫$/);

    expect((await api(readOnly).get(`${M}/templates/${id}`)).status).toBe(200);
    expect((await api(readOnly).patch(`${M}/templates/${id}`, { name: 'x' })).status).toBe(403);
    expect((await api().del(`${M}/templates/${id}`)).status).toBe(204);
    expect((await api().get(`${M}/templates/${id}`)).status).toBe(404);
    expect(await auditActions('message_template.created')).toHaveLength(1);
    expect(await auditActions('message_template.updated')).toHaveLength(1);
    expect(await auditActions('message_template.deleted')).toHaveLength(1);
    expect((await eventPayloads(db(), storeId, 'message_template.deleted')).at(-1)).toMatchObject({ id });
  });
});

describe('channel settings', () => {
  it('sets a provider with write-only credentials: never returned, audited by hint only', async () => {
    const res = await api().put(`${M}/channels/email`, {
      provider: 'sendgrid',
      config: { from_email: 'hello@store.example', webhook_verification_key: sendgrid.verificationKey },
      credentials: { api_key: sendgrid.apiKey },
    });
    expect(res.status).toBe(200);
    expect(JSON.stringify(res.body)).not.toContain(sendgrid.apiKey);
    const all = await api().get(`${M}/channels`);
    expect(JSON.stringify(all.body)).not.toContain(sendgrid.apiKey);
    const audits = await auditActions('messaging_channel.updated');
    expect(JSON.stringify(audits)).not.toContain(sendgrid.apiKey);
    // Changing a setting keeps the key.
    const again = await api().put(`${M}/channels/email`, {
      provider: 'sendgrid',
      config: { from_email: 'hi@store.example', webhook_verification_key: sendgrid.verificationKey },
    });
    expect(again.body.credentials.api_key.set).toBe(true);
    // A provider that cannot send the channel.
    expect(
      (await api().put(`${M}/channels/sms`, { provider: 'sendgrid', config: { from_email: 'a@b.example' } }))
        .status,
    ).toBe(422);
    // Staff may not touch credentials.
    const staff = await createStaffSession(server, { role: 'staff', storeId });
    expect((await api(staff.headers).put(`${M}/channels/push`, { provider: 'log' })).status).toBe(403);

    const sms = await api().put(`${M}/channels/sms`, {
      provider: 'twilio',
      config: { account_sid: twilio.accountSid, from: '+15005550006' },
      credentials: { auth_token: twilio.authToken },
    });
    expect(sms.body.webhook_urls).toEqual({
      status_callback: `${PUBLIC}/ingest/v1/messaging/twilio/${storeId}/status`,
      inbound: `${PUBLIC}/ingest/v1/messaging/twilio/${storeId}/inbound`,
    });
  });

  it('sends a test message through the provider as set up: audited, idempotent, rate-limited', async () => {
    const test = (channel: string, body: unknown, extra: Record<string, string> = {}) =>
      api().post(`${M}/channels/${channel}/test`, body, extra);
    const before = sendgrid.sent.length;
    const mail = await test('email', { to: 'Owner@Store.example' }, { 'idempotency-key': 'test-mail-1' });
    expect(mail.status).toBe(200);
    expect(mail.body).toMatchObject({ status: 'sent', provider: 'sendgrid', error: null });
    expect(sendgrid.sent).toHaveLength(before + 1);
    const sent = sendgrid.sent.at(-1)!.body as { personalizations: { to: { email: string }[] }[] };
    expect(sent.personalizations[0]!.to[0]!.email).toBe('owner@store.example');
    // The same key again: the first answer, nothing sent twice.
    const again = await test('email', { to: 'Owner@Store.example' }, { 'idempotency-key': 'test-mail-1' });
    expect(again.body).toEqual(mail.body);
    expect(sendgrid.sent).toHaveLength(before + 1);

    // The provider refuses: its answer comes back, as a result rather than an error.
    sendgrid.failNext(401);
    const refused = await test('email', { to: 'owner@store.example' });
    expect(refused.status).toBe(200);
    expect(refused.body).toMatchObject({ status: 'failed', error: { code: 'http_401', transient: false } });

    const sms = await test('sms', { to: '+1 500 555 0006' });
    expect(sms.body).toMatchObject({ status: 'sent', provider: 'twilio' });
    expect(twilio.sent.at(-1)!.form.To).toBe('+15005550006');

    // Bad input is a 4xx and sends nothing; a push test needs a subscription.
    const count = sendgrid.sent.length;
    expect((await test('email', { to: 'not-an-address' })).status).toBe(400);
    expect((await test('email', {})).status).toBe(400);
    expect((await test('push', { to: 'x@y.example' })).status).toBe(400);
    expect((await test('fax', { to: 'x@y.example' })).status).toBe(400);
    expect(sendgrid.sent).toHaveLength(count);
    const staff = await createStaffSession(server, { role: 'staff', storeId });
    expect(
      (await api(staff.headers).post(`${M}/channels/email/test`, { to: 'owner@store.example' })).status,
    ).toBe(403);

    // Audited with the address masked; an event without it.
    const audits = await auditActions('messaging_channel.tested');
    expect(audits).toHaveLength(3);
    expect(JSON.stringify(audits)).not.toContain('owner@store.example');
    expect(audits[0]!.after).toMatchObject({ status: 'sent', to: 'o…@store.example' });
    const events = await eventPayloads(db(), storeId, 'messaging_channel.tested');
    expect(events.at(-1)).toEqual({ channel: 'sms', provider: 'twilio', status: 'sent', error: null });

    // At most ten an hour on a channel (two e-mails so far, counting the refused one).
    for (let i = 0; i < 8; i++) expect((await test('email', { to: 'owner@store.example' })).status).toBe(200);
    const limited = await test('email', { to: 'owner@store.example' });
    expect(limited.status).toBe(429);
    expect(limited.body.code).toBe('RATE_LIMITED');
    expect((await test('sms', { to: '+15005550006' })).status).toBe(200);
  });

  it('sends a test notification to a push subscription with the channel’s VAPID keys', async () => {
    // A store of its own: later tests expect this file's store to have no push keys.
    const other = await createStaffSession(server, { role: 'owner' });
    const push = await startFakePushService();
    try {
      const set = await api(other.headers).put(`${M}/channels/push`, {
        provider: 'webpush',
        config: { vapid_subject: 'mailto:ops@store.example' },
      });
      expect(set.status).toBe(200);
      const res = await api(other.headers).post(`${M}/channels/push/test`, {
        push_subscription: push.subscription(),
      });
      expect(res.body).toMatchObject({ status: 'sent', provider: 'webpush', error: null });
      expect(push.received).toHaveLength(1);
      expect(push.received[0]!.payload).toMatchObject({ body: expect.stringContaining('test message') });
      expect(push.received[0]!.vapid.subject).toBe('mailto:ops@store.example');
    } finally {
      await push.close();
    }
  });

  it('frequency caps are per store and validated', async () => {
    expect((await api().get(`${M}/settings`)).body).toEqual({
      frequency_caps: { email: { seconds: 57600 }, sms: { seconds: 86400 }, push: { seconds: 86400 } },
    });
    expect((await api().patch(`${M}/settings`, { frequency_caps: { sms: { seconds: -1 } } })).status).toBe(
      400,
    );
    const res = await api().patch(`${M}/settings`, { frequency_caps: { push: { seconds: 3600 } } });
    expect(res.body.frequency_caps.push).toEqual({ seconds: 3600 });
  });
});

/** A recovery e-mail sent through SendGrid (configured above) to an address with consent. */
async function sentEmail(to = uniqueEmail()) {
  await recordConsent(server.platform, { storeId, channel: 'email', address: to, source: 'checkout' });
  const r = await sendMessage(server.platform, {
    storeId,
    channel: 'email',
    to: { email: to },
    templateHandle: 'recovery-reminder',
    data: cartData(),
    purpose: 'recovery',
    idempotencyKey: `k-${to}`,
    campaignRef: 'cart-1',
  });
  expect(r.status).toBe('sent');
  const html = String((sendgrid.sent.at(-1)!.body.content as { value: string }[])[1]!.value);
  const links = [...html.matchAll(/href="([^"]+)"/g)].map((m) => m[1]!.replace(/&amp;/g, '&'));
  const pixel = /<img src="([^"]+\/open\/[^"]+)"/.exec(html)![1]!;
  const headers = sendgrid.sent.at(-1)!.body.headers as Record<string, string>;
  return { to, messageId: r.messageId, links, pixel, unsubscribe: headers['List-Unsubscribe']!.slice(1, -1) };
}

describe('open pixel and click redirects', () => {
  it('counts an open once per load, emits message.opened once; a tampered or expired token is 404 and records nothing', async () => {
    const m = await sentEmail();
    const res = await fetch(`${server.url}${local(m.pixel)}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/gif');
    const token = local(m.pixel).split('/').pop()!;
    const tampered = token.slice(0, -2) + (token.endsWith('A') ? 'BB' : 'AA');
    expect((await fetch(`${server.url}/ingest/v1/messaging/open/${tampered}`)).status).toBe(404);
    const expired = signLink(server.platform.config.CARTON_SECRET, {
      kind: 'open',
      storeId,
      messageId: m.messageId,
      exp: Math.floor(Date.now() / 1000) - 1,
    });
    expect((await fetch(`${server.url}/ingest/v1/messaging/open/${expired}`)).status).toBe(404);
    // A click token does not open.
    const asClick = local(m.links[0]!).split('/').pop()!;
    expect((await fetch(`${server.url}/ingest/v1/messaging/open/${asClick}`)).status).toBe(404);
    const [row] = await messageRows(db(), storeId, sql`id = ${m.messageId}`);
    expect(row).toMatchObject({ status: 'opened', open_count: 1 });
    expect(
      (await eventPayloads(db(), storeId, 'message.opened')).filter((p) => p.messageId === m.messageId),
    ).toHaveLength(1);
  });

  it('redirects to the target the token carries, never to one the request names', async () => {
    const m = await sentEmail();
    const link = m.links.find((l) => l.includes('/click/'))!;
    const res = await fetch(`${server.url}${local(link)}?url=https://evil.example`, { redirect: 'manual' });
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe('https://shop.example/cart/recover/abc');
    const forged = signLink('another-secret-another-secret-another-secret', {
      kind: 'click',
      storeId,
      messageId: m.messageId,
      url: 'https://evil.example',
      exp: Math.floor(Date.now() / 1000) + 60,
    });
    const bad = await fetch(`${server.url}/ingest/v1/messaging/click/${forged}`, { redirect: 'manual' });
    expect(bad.status).toBe(404);
    expect(bad.headers.get('location')).toBeNull();
    const [row] = await messageRows(db(), storeId, sql`id = ${m.messageId}`);
    expect(row).toMatchObject({ status: 'clicked', click_count: 1 });
    expect(row!.opened_at).not.toBeNull();
    const clicked = (await eventPayloads(db(), storeId, 'message.clicked')).filter(
      (p) => p.messageId === m.messageId,
    );
    expect(clicked).toEqual([
      expect.objectContaining({
        link: 0,
        url: 'https://shop.example/cart/recover/abc',
        campaignRef: 'cart-1',
      }),
    ]);
  });
});

describe('unsubscribe (RFC 8058)', () => {
  it('GET shows a page and changes nothing; the one-click POST withdraws consent; later sends are suppressed', async () => {
    const m = await sentEmail();
    const page = await fetch(`${server.url}${local(m.unsubscribe)}`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<form method="post">');
    const lookup = () => api().get(`${M}/consent?channel=email&address=${encodeURIComponent(m.to)}`);
    expect((await lookup()).body.consent[0]).toMatchObject({ category: 'marketing', status: 'granted' });

    const post = () =>
      fetch(`${server.url}${local(m.unsubscribe)}`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: 'List-Unsubscribe=One-Click',
      });
    expect((await post()).status).toBe(200);
    expect((await post()).status).toBe(200);
    const after = (await lookup()).body;
    expect(after.consent[0]).toMatchObject({ status: 'withdrawn', source: 'unsubscribe' });
    expect(after.history.filter((h: { status: string }) => h.status === 'withdrawn')).toHaveLength(1);
    expect(after.history[0]).toMatchObject({ message_id: m.messageId, source: 'unsubscribe' });
    const again = await sendMessage(server.platform, {
      storeId,
      channel: 'email',
      to: { email: m.to },
      templateHandle: 'recovery-discount',
      data: cartData({ discount: true }),
      purpose: 'recovery',
      idempotencyKey: `second-${m.to}`,
    });
    expect(again).toMatchObject({ status: 'suppressed', reason: 'unsubscribed' });
    expect(
      (await fetch(`${server.url}/ingest/v1/messaging/unsubscribe/nonsense.token`, { method: 'POST' }))
        .status,
    ).toBe(404);
  });
});

describe('SendGrid event webhook', () => {
  const hook = () => `${server.url}/ingest/v1/messaging/sendgrid/${storeId}/events`;

  it('applies signed events once; a bad or stale signature is 400 and records nothing', async () => {
    const m = await sentEmail();
    const events = [
      { event: 'processed', sg_event_id: `p-${m.messageId}`, carton_message_id: m.messageId, timestamp: 1 },
      {
        event: 'delivered',
        sg_event_id: `d-${m.messageId}`,
        carton_message_id: m.messageId,
        carton_store_id: storeId,
        timestamp: 2,
      },
    ];
    const signed = sendgrid.signEvents(events);
    const first = await fetch(hook(), { method: 'POST', headers: signed.headers, body: signed.body });
    expect(first.status).toBe(200);
    expect(await first.json()).toEqual({ received: 2, applied: 1, duplicates: 0, ignored: 1 });
    const replay = await fetch(hook(), { method: 'POST', headers: signed.headers, body: signed.body });
    expect(await replay.json()).toEqual({ received: 2, applied: 0, duplicates: 2, ignored: 0 });
    expect((await messageRows(db(), storeId, sql`id = ${m.messageId}`))[0]).toMatchObject({
      status: 'delivered',
    });
    expect(
      (await eventPayloads(db(), storeId, 'message.delivered')).filter((p) => p.messageId === m.messageId),
    ).toHaveLength(1);

    const bounce = [{ event: 'bounce', sg_event_id: `b-${m.messageId}`, carton_message_id: m.messageId }];
    const good = sendgrid.signEvents(bounce);
    const tampered = await fetch(hook(), {
      method: 'POST',
      headers: good.headers,
      body: good.body.replace('bounce', 'dropped'),
    });
    expect(tampered.status).toBe(400);
    expect(((await tampered.json()) as { code: string }).code).toBe('WEBHOOK_SIGNATURE_INVALID');
    const stale = sendgrid.signEvents(bounce, { timestamp: Math.floor(Date.now() / 1000) - 3600 });
    expect((await fetch(hook(), { method: 'POST', headers: stale.headers, body: stale.body })).status).toBe(
      400,
    );
    const unsigned = await fetch(hook(), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: good.body,
    });
    expect(unsigned.status).toBe(400);
    expect((await messageRows(db(), storeId, sql`id = ${m.messageId}`))[0]).toMatchObject({
      status: 'delivered',
    });
    const detail = await api().get(`${M}/messages/${m.messageId}`);
    expect(detail.body.events.map((e: { type: string }) => e.type)).toEqual([
      'sent',
      'processed',
      'delivered',
    ]);
    // Unknown store: 404.
    expect(
      (
        await fetch(`${server.url}/ingest/v1/messaging/sendgrid/store_nope/events`, {
          method: 'POST',
          headers: good.headers,
          body: good.body,
        })
      ).status,
    ).toBe(404);
  });
});

/** Twilio's signature: HMAC-SHA1 of the URL and the sorted parameters, keyed with the auth token. */
function twilioPost(path: string, params: Record<string, string>, token = twilio.authToken) {
  const data = Object.keys(params)
    .sort()
    .reduce((acc, k) => acc + k + params[k], `${PUBLIC}${path}`);
  const signature = createHmac('sha1', token).update(data).digest('base64');
  return fetch(`${server.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': signature },
    body: new URLSearchParams(params).toString(),
  });
}

describe('Twilio webhooks', () => {
  const dayZone = () =>
    ['Asia/Ho_Chi_Minh', 'Europe/London', 'America/New_York', 'Pacific/Honolulu', 'Asia/Tokyo'].find((z) => {
      const h = Number(
        new Intl.DateTimeFormat('en-US', { timeZone: z, hour: 'numeric', hourCycle: 'h23' }).format(
          new Date(),
        ),
      );
      return h >= 9 && h < 20;
    })!;

  it('status callbacks: verified, applied once; a bad signature is 400', async () => {
    const phone = uniquePhone();
    await recordConsent(server.platform, { storeId, channel: 'sms', address: phone, source: 'checkout' });
    const r = await sendMessage(server.platform, {
      storeId,
      channel: 'sms',
      to: { phone, timeZone: dayZone() },
      templateHandle: 'recovery-sms',
      data: cartData(),
      purpose: 'recovery',
      idempotencyKey: `sms-${phone}`,
    });
    expect(r.status).toBe('sent');
    const sid = twilio.sent.at(-1)!.sid;
    const path = `/ingest/v1/messaging/twilio/${storeId}/status`;
    const params = { MessageSid: sid, MessageStatus: 'delivered', AccountSid: twilio.accountSid, To: phone };
    expect(await (await twilioPost(path, params)).json()).toEqual({ outcome: 'applied' });
    expect(await (await twilioPost(path, params)).json()).toEqual({ outcome: 'duplicate' });
    const forged = await twilioPost(path, { ...params, MessageStatus: 'failed' }, 'wrong-token');
    expect(forged.status).toBe(400);
    expect((await messageRows(db(), storeId, sql`id = ${r.messageId}`))[0]).toMatchObject({
      status: 'delivered',
    });
  });

  it('inbound STOP / HUY withdraw, START grants again, HELP answers; all in TwiML', async () => {
    const phone = uniquePhone();
    await recordConsent(server.platform, { storeId, channel: 'sms', address: phone, source: 'checkout' });
    const path = `/ingest/v1/messaging/twilio/${storeId}/inbound`;
    const say = (Body: string) =>
      twilioPost(path, {
        From: phone,
        To: '+15005550006',
        Body,
        MessageSid: `SM${Date.now()}x`,
        AccountSid: twilio.accountSid,
      });
    const stop = await say('  Stop ');
    expect(stop.headers.get('content-type')).toContain('text/xml');
    expect(await stop.text()).toContain('<Message>Test Store: you are unsubscribed');
    const lookup = async () =>
      (await api().get(`${M}/consent?channel=sms&address=${encodeURIComponent(phone)}`)).body.consent;
    expect(await lookup()).toMatchObject([
      { category: 'marketing', status: 'withdrawn', source: 'sms_keyword' },
      { category: 'transactional', status: 'withdrawn', source: 'sms_keyword' },
    ]);
    expect(await (await say('START')).text()).toContain('subscribed again');
    expect((await lookup())[0]).toMatchObject({ status: 'granted' });
    expect(await (await say('Hủy')).text()).toContain('unsubscribed');
    expect((await lookup())[0]).toMatchObject({ status: 'withdrawn' });
    expect(await (await say('help')).text()).toContain('Reply STOP to unsubscribe');
    expect(await (await say('where is my order?')).text()).toBe(
      '<?xml version="1.0" encoding="UTF-8"?><Response></Response>',
    );
    const forged = await twilioPost(
      path,
      { From: phone, Body: 'START', AccountSid: twilio.accountSid },
      'nope',
    );
    expect(forged.status).toBe(400);
    expect((await lookup())[0]).toMatchObject({ status: 'withdrawn' });
  });
});

describe('message log and sending over the API', () => {
  it('sends with an Idempotency-Key, lists with filters, shows one message with its events', async () => {
    const to = uniqueEmail();
    const consent = await api().post(`${M}/consent`, { channel: 'email', address: to, status: 'granted' });
    expect(consent.status, JSON.stringify(consent.body)).toBe(200);
    expect(await auditActions('contact_consent.granted')).not.toHaveLength(0);
    const body = {
      channel: 'email',
      purpose: 'recovery',
      to: { email: to },
      template_handle: 'recovery-reminder',
      data: cartData(),
      campaign_ref: 'api-run',
    };
    expect((await api().post(`${M}/messages`, body)).status).toBe(400);
    const sent = await api().post(`${M}/messages`, body, { 'idempotency-key': `api-${to}` });
    expect(sent.status).toBe(200);
    expect(sent.body).toMatchObject({ status: 'sent' });
    const list = await api().get(`${M}/messages?channel=email&address=${encodeURIComponent(to)}`);
    expect(list.body.data).toHaveLength(1);
    expect(list.body.data[0]).toMatchObject({
      id: sent.body.message_id,
      campaign_ref: 'api-run',
      status: 'sent',
    });
    expect(list.body.data[0].to).not.toContain(to.split('@')[0]);
    expect(
      (await api().get(`${M}/messages?status=suppressed&limit=1`)).body.data[0]?.status ?? 'suppressed',
    ).toBe('suppressed');
    expect((await api().get(`${M}/messages?address=x`)).status).toBe(400);
    const detail = await api().get(`${M}/messages/${sent.body.message_id}`);
    expect(detail.body.content.subject).toContain('You left something in your cart');
    expect((await api(readOnly).post(`${M}/messages`, body, { 'idempotency-key': 'ro' })).status).toBe(403);
  });
});

describe('GDPR by address', () => {
  it('exports and erases a contact’s messages and consent; the history stays without the address', async () => {
    const m = await sentEmail();
    const exported = await api().post(`${M}/contacts/export`, { channel: 'email', address: m.to });
    expect(exported.status).toBe(200);
    expect(exported.body).toMatchObject({ format: 'carton.messaging-contact-export.v1', address: m.to });
    expect(exported.body.messages.map((x: { id: string }) => x.id)).toEqual([m.messageId]);
    expect(exported.body.consent_history.length).toBeGreaterThan(0);

    const erased = await api().post(`${M}/contacts/erase`, { channel: 'email', address: m.to });
    expect(erased.body).toMatchObject({ messages_deleted: 1, consents_deleted: 1 });
    expect(JSON.stringify(await eventPayloads(db(), storeId, 'messaging_contact.erased'))).not.toContain(
      m.to,
    );
    expect(await messageRows(db(), storeId, sql`address_key = ${m.to}`)).toEqual([]);
    const { rows } = await db().execute(
      sql`SELECT count(*)::int AS n FROM messaging_consent_history WHERE store_id = ${storeId} AND address_key = ${m.to}`,
    );
    expect(rows[0]).toEqual({ n: 0 });
    // Its links lead nowhere now, and record nothing.
    expect((await fetch(`${server.url}${local(m.pixel)}`)).status).toBe(404);
    expect(
      (await api(readOnly).post(`${M}/contacts/erase`, { channel: 'email', address: m.to })).status,
    ).toBe(403);
  });
});

describe("a shopper's GDPR export and erasure (customers module)", () => {
  it('includes their messages, and erasing the shopper erases them', async () => {
    const { registerShopper } = await import('../customers/testing.ts');
    const pk = (await createTestApiKey(server, { storeId, kind: 'publishable' })).headers;
    const shopper = await registerShopper(server, pk, { firstName: 'Lan' });
    await recordConsent(server.platform, {
      storeId,
      channel: 'email',
      address: shopper.email,
      source: 'account',
    });
    const r = await sendMessage(server.platform, {
      storeId,
      channel: 'email',
      to: { email: shopper.email },
      templateHandle: 'recovery-reminder',
      data: cartData(),
      purpose: 'recovery',
      idempotencyKey: `gdpr-${shopper.id}`,
      customerId: shopper.id,
    });
    expect(r.status).toBe('sent');
    const exported = await api().get(`/admin/v1/customers/${shopper.id}/export`);
    expect(exported.status).toBe(200);
    expect(exported.body.data.messaging.messages.map((m: { id: string }) => m.id)).toEqual([r.messageId]);
    expect(exported.body.data.messaging.email.consent[0]).toMatchObject({ status: 'granted' });
    const erased = await api().post(`/admin/v1/customers/${shopper.id}/erase`, {
      confirm_email: shopper.email,
    });
    expect(erased.status).toBe(200);
    expect(erased.body.modules).toContain('messaging');
    expect(await messageRows(db(), storeId, sql`customer_id = ${shopper.id}`)).toEqual([]);
    const lookup = await api().get(`${M}/consent?channel=email&address=${encodeURIComponent(shopper.email)}`);
    expect(lookup.body.consent[0].status).toBe('none');
  });
});

describe('push subscriptions from the storefront', () => {
  it('gives the VAPID key and records the subscription’s consent (publishable key only)', async () => {
    const pk = (await createTestApiKey(server, { storeId, kind: 'publishable' })).headers;
    expect((await call(server, 'GET', '/store/v1/messaging/push/key', { headers: pk })).body).toEqual({
      vapid_public_key: null,
    });
    const channel = await api().put(`${M}/channels/push`, {
      provider: 'webpush',
      config: { vapid_subject: 'mailto:ops@store.example' },
    });
    const key = await call(server, 'GET', '/store/v1/messaging/push/key', { headers: pk });
    expect(key.body.vapid_public_key).toBe(channel.body.vapid_public_key);
    const subscription = {
      endpoint: 'https://push.example/send/abc123',
      keys: { p256dh: 'B'.repeat(87), auth: 'A'.repeat(22) },
    };
    expect(
      (await call(server, 'POST', '/store/v1/messaging/push/subscriptions', { body: { subscription } }))
        .status,
    ).toBe(401);
    const res = await call(server, 'POST', '/store/v1/messaging/push/subscriptions', {
      headers: pk,
      body: { subscription },
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      address: expect.stringMatching(/^push:[0-9a-f]{64}$/),
      consent: 'granted',
    });
    const lookup = await api().get(
      `${M}/consent?channel=push&address=${encodeURIComponent(subscription.endpoint)}`,
    );
    expect(lookup.body.consent[0]).toMatchObject({ status: 'granted', source: 'push_prompt' });
    const bad = await call(server, 'POST', '/store/v1/messaging/push/subscriptions', {
      headers: pk,
      body: { subscription: { endpoint: 'ftp://x', keys: { p256dh: 'x', auth: 'y' } } },
    });
    expect(bad.status).toBe(400);
  });
});
