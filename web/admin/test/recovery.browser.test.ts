import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { upsertMembership } from '../../../server/src/modules/identity/memberships.ts';
import { hashPassword } from '../../../server/src/modules/identity/passwords.ts';
import { createUser } from '../../../server/src/modules/identity/staff-users.ts';
import {
  detectAbandonedCarts,
  recordPurchase,
  recordRecoveryTouch,
  upsertTrackedCart,
} from '../../../server/src/modules/recovery/service.ts';
import { withStore } from '../../../server/src/platform/db/database.ts';
import { startFakeTwilio, type FakeTwilio } from '../../../server/test/fake-messaging.ts';
import { startTestServer } from '../../../server/test/harness.ts';
import { call, createTestApiKey, createTestStore, totpCode } from '../../../server/test/identity.ts';
import { ensureWebBuilt } from '../../build.ts';
import { ensureChromium, launchChromium, screenshot, seriousAxeViolations } from '../../test/browser.ts';

/**
 * The console's recovery pages in Chromium against a real Carton (API and workers): carts tracked
 * and abandoned through the recovery module's own functions appear in the list (one arrives live,
 * without a reload), a cart's detail shows its items, timeline and recovery link, the analytics
 * page counts them and draws its charts, and a template edited in the browser is previewed by the
 * API as it is typed (an unknown variable is the API's error). The recovery delay and a channel's
 * settings are changed in the browser (its secret shown only as set after a reload, a test message
 * reaching a fake Twilio), and a campaign is saved with a product, a category and a variant's own
 * discount. axe-core on every page; a phone.
 */
let server: Awaited<ReturnType<typeof startTestServer>>;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let storeId: string;
let sk: Record<string, string>;
const EMAIL = 'owner@recover.example';
const PASSWORD = 'correct horse battery staple';
const HOUR = 3_600_000;
let totpSecret = '';
let abandonedId = '';
let twilio: FakeTwilio;
let productId = '';
let categoryId = '';

/** A cart tracked three hours ago by a known shopper, then found abandoned by the detector. */
async function abandonCart(externalId: string, email: string, value: number, title: string) {
  const { cart } = await upsertTrackedCart(server.platform, {
    storeId,
    source: 'tracker',
    externalId,
    currency: 'USD',
    value,
    items: [
      {
        title,
        sku: `${externalId}-SKU`,
        quantity: 2,
        unitPrice: value / 2,
        imageUrl: `${server.url}/admin/favicon.svg?${externalId}`,
      },
    ],
    contact: { email },
    device: 'mobile',
    occurredAt: new Date(Date.now() - 3 * HOUR),
  });
  await detectAbandonedCarts(server.platform);
  return cart.id;
}

beforeAll(async () => {
  ensureChromium();
  await ensureWebBuilt();
  twilio = await startFakeTwilio();
  server = await startTestServer({
    worker: true,
    overrides: { EVENTS_POLL_INTERVAL_MS: '200', TWILIO_API_BASE: twilio.url },
  });
  const store = await createTestStore(server, { name: 'Recover & Co' });
  storeId = store.id;
  sk = (await createTestApiKey(server, { storeId, kind: 'secret' })).headers;
  const db = server.platform.db;
  const user = await createUser(db, {
    email: EMAIL,
    passwordHash: await hashPassword(PASSWORD),
    operatorRole: null,
    status: 'active',
  });
  await withStore(db, storeId, (tx) => upsertMembership(tx, { storeId, userId: user.id, role: 'owner' }));
  // A product and a category for the campaign's trigger, through the admin catalog API.
  const product = await call(server, 'POST', '/admin/v1/products', {
    headers: sk,
    body: { title: 'Merino Travel Sweater' },
  });
  expect(product.status).toBe(201);
  productId = product.body.id;
  const category = await call(server, 'POST', '/admin/v1/categories', {
    headers: sk,
    body: { name: 'Knitwear' },
  });
  expect(category.status).toBe(201);
  categoryId = category.body.id;

  // Three abandoned carts; one gets a message that is opened and clicked, then is bought (recovered).
  abandonedId = await abandonCart('web-1', 'ana@shop.example', 5000, 'Linen Shirt');
  await abandonCart('web-2', 'binh@shop.example', 12000, 'Wool Coat');
  const recoveredId = await abandonCart('web-3', 'chi@shop.example', 3000, 'Cotton Socks');
  for (const [kind, minutes] of [
    ['sent', 5],
    ['opened', 4],
    ['clicked', 3],
  ] as const)
    await recordRecoveryTouch(server.platform.db, {
      storeId,
      trackedCartId: recoveredId,
      messageId: 'msg_browser_1',
      kind,
      at: new Date(Date.now() - minutes * 60_000),
    });
  await recordPurchase(server.platform, {
    storeId,
    source: 'tracker',
    orderId: 'web-order-3',
    value: 3000,
    currency: 'USD',
    externalCartId: 'web-3',
    contact: { email: 'chi@shop.example' },
  });

  browser = await launchChromium();
  // bypassCSP: axe-core is injected as an inline script, which the console's policy refuses.
  context = await browser.newContext({
    viewport: { width: 1280, height: 900 },
    locale: 'en-US',
    bypassCSP: true,
  });
  // The preview's sample cart shows images from shop.example; this machine is offline.
  await context.route(/^https:\/\/shop\.example\//, (route) => route.abort());
  page = await context.newPage();
}, 600_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
  await twilio?.close();
});

const admin = (path = '') => `${server.url}/admin${path}`;
const poll = <T>(fn: () => T | Promise<T>, timeout = 20_000) => expect.poll(fn, { timeout, interval: 100 });

async function expectAccessible(name: string, on: Page = page, idle = true) {
  if (idle) await on.waitForLoadState('networkidle');
  const problems = await seriousAxeViolations(on);
  expect(problems, `${name}: ${JSON.stringify(problems, null, 2)}`).toEqual([]);
  await screenshot(on, `admin-recovery-${name}`);
}

describe('recovery pages in Chromium', () => {
  it('lists abandoned carts, filters them, and shows a new one live', async () => {
    await page.goto(admin('/recovery/carts'));
    await page.waitForURL(/\/admin\/login/);
    await page.getByLabel('E-mail address').fill(EMAIL);
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(/\/admin\/enrol/);
    totpSecret = ((await page.locator('#totp-secret').textContent({ timeout: 15_000 })) ?? '').replace(
      /\s/g,
      '',
    );
    await page.getByLabel('Code from the app').fill(totpCode(totpSecret));
    await page.getByRole('button', { name: 'Activate' }).click();
    await page.getByRole('button', { name: /I have saved them/ }).click();

    const nav = page.getByRole('navigation', { name: 'Main' });
    await nav.getByRole('link', { name: 'Abandoned carts' }).click();
    await page.getByRole('heading', { level: 1, name: 'Abandoned carts' }).waitFor();
    const rows = page.getByRole('table', { name: 'Abandoned carts' }).locator('tbody tr');
    await poll(() => rows.count()).toBe(2); // the third was recovered
    await page.getByText('ana@shop.example').first().waitFor();
    await expectAccessible('carts');

    // Value at least 100.00: only the coat. A value that is not an amount is refused in place.
    await page.getByLabel('Value at least (USD)').fill('lots');
    await page.getByRole('button', { name: 'Filter' }).click();
    await poll(() => page.getByText('Enter an amount such as 19.99.').count()).toBe(1);
    await page.getByLabel('Value at least (USD)').fill('100.00');
    await page.getByRole('button', { name: 'Filter' }).click();
    await page.waitForURL(/min=10000/);
    await poll(() => rows.count()).toBe(1);
    await page.getByText('binh@shop.example').first().waitFor();

    await page.getByLabel('Status').selectOption('recovered');
    await page.getByRole('button', { name: 'Clear' }).click();
    await poll(() => rows.count()).toBe(2);

    // An exact address finds that shopper's carts, and stays out of the page's URL.
    await page.getByLabel('Exact e-mail or phone').fill('ana@shop.example');
    await page.getByRole('button', { name: 'Filter' }).click();
    await poll(() => rows.count()).toBe(1);
    expect(page.url()).not.toContain('ana');
    await page.getByRole('button', { name: 'Clear' }).click();
    await poll(() => rows.count()).toBe(2);

    // A cart abandoned while the page is open appears without a reload.
    await abandonCart('web-4', 'dung@shop.example', 2400, 'Silk Scarf');
    await poll(() => page.getByText('dung@shop.example').count()).toBe(1);
    await poll(() => rows.count()).toBe(3);

    await page.getByLabel('Status').selectOption('recovered');
    await page.getByRole('button', { name: 'Filter' }).click();
    await poll(() => page.getByText('chi@shop.example').count()).toBe(1);
    await poll(() => rows.count()).toBe(1);
  }, 240_000);

  it('shows a cart with its items, timeline and recovery link', async () => {
    await page.goto(admin(`/recovery/carts/${abandonedId}`));
    await page.getByRole('heading', { level: 1, name: /Tracked cart/ }).waitFor();
    await page
      .getByRole('cell', { name: /Linen Shirt/ })
      .first()
      .waitFor();
    await poll(() => page.getByRole('img', { name: 'Linen Shirt' }).count()).toBe(1);
    const timeline = page.getByRole('list').filter({ hasText: 'Cart tracked' });
    await timeline.getByText('Abandoned', { exact: true }).first().waitFor();
    const link = await page.getByLabel('Link that restores this cart').inputValue();
    expect(link).toMatch(/\/store\/v1\/recovery\/links\/r1\./);
    // The link works: it hands the cart back (JSON here; a shopper would be redirected).
    const opened = await call(server, 'GET', `${new URL(link).pathname}?format=json`);
    expect(opened.status).toBe(200);
    expect(opened.body.tracked_cart_id).toBe(abandonedId);
    // The click is on the timeline without a reload (recovery_link.clicked on the feed).
    await poll(() => page.getByText('Recovery link opened').count()).toBe(1);
    await expectAccessible('cart');

    // The recovered cart: messages and the purchase on its timeline.
    await page.goto(admin('/recovery/carts?status=recovered'));
    await page
      .getByRole('link', { name: /Cart …/ })
      .first()
      .click();
    await page.getByText('Message clicked').waitFor();
    await page.getByText('Recovered: bought after abandonment').first().waitFor();
    await page.getByText('A click in a recovery message').first().waitFor();
  }, 120_000);

  it('shows the recovery figures with charts and exports them as CSV', async () => {
    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Recovery analytics' })
      .click();
    await page.getByRole('heading', { level: 1, name: 'Recovery analytics' }).waitFor();
    const totals = page.getByRole('region', { name: 'Totals for the range' });
    const figure = (label: string) =>
      totals.locator('div', { has: page.getByText(label, { exact: true }) }).last();
    await poll(() => figure('Carts abandoned').textContent()).toContain('4');
    await poll(() => figure('Carts recovered').textContent()).toContain('1');
    await poll(() => figure('Recovery rate').textContent()).toContain('25%');
    await poll(() => figure('Revenue recovered').textContent()).toContain('$30.00');
    await poll(() => figure('Messages sent').textContent()).toContain('1');
    await poll(() => figure('Messages clicked').textContent()).toContain('1');
    await poll(() => page.getByRole('img', { name: 'Carts abandoned and recovered per day' }).count()).toBe(
      1,
    );
    await poll(() => page.getByRole('img', { name: /Revenue recovered per day/ }).count()).toBe(1);
    await expectAccessible('analytics');

    const [file] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Export CSV' }).click(),
    ]);
    expect(file.suggestedFilename()).toMatch(/^recovery-\d{4}-\d{2}-\d{2}-\d{4}-\d{2}-\d{2}\.csv$/);

    await page.getByRole('button', { name: 'Last 7 days' }).click();
    await page.waitForURL(/from=\d{4}-\d{2}-\d{2}/);
    await poll(() => figure('Carts abandoned').textContent()).toContain('4');
  }, 120_000);

  it('edits a template with a live preview; an unknown variable is the API’s clear error', async () => {
    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Message templates' })
      .click();
    await page.getByRole('heading', { level: 1, name: 'Message templates' }).waitFor();
    await expectAccessible('templates');
    await page.getByRole('link', { name: 'Cart reminder', exact: true }).first().click();
    await page.getByLabel('Subject').waitFor();
    const frame = page.frameLocator('iframe[title="E-mail preview"]');
    await frame.locator('body').waitFor();

    await page.getByLabel('Subject').fill('Still thinking it over, {{ customer.first_name }}?');
    await poll(() => page.getByTestId('preview-subject').textContent()).toMatch(
      /^Still thinking it over, \w+\?$/,
    );
    const body = page.getByLabel('Body (MJML with Liquid)');
    const mjml = await body.inputValue();
    await body.fill(mjml.replace('</mj-column>', '<mj-text>Only a few left in stock!</mj-text></mj-column>'));
    await poll(() => frame.getByText('Only a few left in stock!').count()).toBe(1);
    // The preview frame's own (aborted) image loads can keep "network idle" from being seen: wait
    // for the preview to settle instead.
    await poll(() => page.getByText('Rendering…').count()).toBe(0);
    await expectAccessible('template-editor', page, false);

    await page.getByLabel('Subject').fill('Hi {{ customer.shoe_size }}');
    await poll(() => page.getByText('Unknown variables: customer.shoe_size').count()).toBe(1);
    await page.getByRole('button', { name: 'Save' }).click();
    await poll(() =>
      page.getByRole('alert').filter({ hasText: 'customer.shoe_size' }).count(),
    ).toBeGreaterThan(0);

    await page.getByLabel('Subject').fill('Your basket misses you, {{ customer.first_name }}');
    await poll(() => page.getByTestId('preview-subject').textContent()).toMatch(/^Your basket misses you/);
    await page.getByRole('button', { name: 'Save' }).click();
    await poll(() => page.getByText('Template saved').count()).toBe(1);
    const templateId = page.url().split('/').pop()!;
    const saved = await call(server, 'GET', `/admin/v1/messaging/templates/${templateId}`, { headers: sk });
    expect(saved.body).toMatchObject({
      subject: 'Your basket misses you, {{ customer.first_name }}',
      version: 2,
    });
    expect(saved.body.body).toContain('Only a few left in stock!');
  }, 120_000);

  it('builds a campaign on a timeline, with a discount and an A/B test, and activates it', async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Campaigns' }).click();
    await page.getByRole('heading', { level: 1, name: 'Campaigns' }).waitFor();
    await poll(() =>
      page.getByRole('table', { name: 'Campaigns' }).locator('tbody tr').count(),
    ).toBeGreaterThan(0);
    await expectAccessible('campaigns');

    await page.getByRole('link', { name: 'New campaign' }).click();
    await page.getByRole('heading', { level: 1, name: 'New campaign' }).waitFor();
    // Bad input first: no name, a wait that is not a number — refused in the browser, nothing sent.
    await page.getByLabel('Step 1: wait').fill('soon');
    await page.getByRole('button', { name: 'Create campaign' }).click();
    await poll(() => page.getByText('Required.').count()).toBe(1);
    await poll(() => page.getByText('Enter a whole number.').count()).toBe(1);

    await page.getByLabel('Name', { exact: true }).fill('Win them back');
    await page.getByLabel('Value at least (USD)').fill('20.00');
    // The trigger's products are found through the catalog search; categories from the tree.
    await page.getByLabel('Find a product to add').fill('merino');
    await page.getByRole('button', { name: 'Add Merino Travel Sweater' }).click();
    await page.getByRole('button', { name: 'Remove Merino Travel Sweater' }).waitFor();
    await page.getByLabel('Add a category').selectOption({ label: 'Knitwear' });
    await page.getByRole('button', { name: 'Remove Knitwear' }).waitFor();
    await page.getByLabel('Step 1: wait').fill('1');
    await page.getByLabel('Step 1: unit').selectOption('hours');
    await page.getByRole('button', { name: 'Add a step' }).click();
    await page.getByLabel('Step 2: wait').fill('1');
    await page.getByLabel('Step 2: unit').selectOption('days');
    await page.getByLabel('Step 2: template').selectOption('handle:recovery-discount');
    await page.getByLabel('Step 2: discount').selectOption('percentage');
    await page.getByLabel('Step 2: percent off').fill('10');
    await page.getByLabel('A/B test step 2').check();
    await page.getByLabel('Weight').nth(1).fill('25');
    await page.getByLabel('Template of variant B').selectOption('handle:recovery-reminder');
    // Variant B has its own discount: 5.00 off for two days; A keeps the step's.
    await page.getByLabel('Step 2, variant B: discount').selectOption('fixed');
    await page.getByLabel('Step 2, variant B: amount off (USD)').fill('5.00');
    await page.getByLabel('Step 2, variant B: code valid for (hours)').fill('48');
    await poll(() => page.getByText('33% of carts').count()).toBe(1);
    // The timeline reads the sequence out: abandonment, then each step at its delay.
    await poll(() => page.getByText('Step 2: 1 d after abandonment, E-mail').count()).toBe(1);
    await page.getByRole('button', { name: 'Create campaign' }).click();
    await page.waitForURL(/\/recovery\/campaigns\/rcmp_/);
    const campaignId = page.url().split('/').pop()!;
    await page.getByRole('heading', { level: 1, name: /Win them back/ }).waitFor();

    // Reordered so a later step would wait less: the API refuses it, clearly, and nothing changes.
    await page.getByRole('button', { name: 'Move step 2 earlier' }).click();
    await page.getByRole('button', { name: 'Save' }).click();
    await poll(() => page.getByRole('alert').filter({ hasText: 'delays must not decrease' }).count()).toBe(1);
    await page.getByRole('button', { name: 'Move step 1 later' }).click();
    await page.getByRole('button', { name: 'Save' }).click();
    await poll(() => page.getByText('Campaign saved').count()).toBeGreaterThan(0);
    await expectAccessible('campaign-editor');

    await page.getByRole('button', { name: 'Activate' }).click();
    await page.getByRole('button', { name: 'Pause' }).waitFor();
    const saved = await call(server, 'GET', `/admin/v1/recovery/campaigns/${campaignId}`, { headers: sk });
    expect(saved.body).toMatchObject({
      name: 'Win them back',
      status: 'active',
      trigger: { min_value: 2000, product_ids: [productId], category_ids: [categoryId] },
      steps: [
        { delay_minutes: 60, channel: 'email', template_handle: 'recovery-reminder', discount: null },
        {
          delay_minutes: 1440,
          channel: 'email',
          template_handle: 'recovery-discount',
          discount: { kind: 'percentage', value: 10 },
          variants: [
            { key: 'A', weight: 50, template_handle: 'recovery-discount' },
            {
              key: 'B',
              weight: 25,
              template_handle: 'recovery-reminder',
              discount: { kind: 'fixed', value: 500, expires_in_hours: 48 },
            },
          ],
        },
      ],
    });
    expect(saved.body.steps[1].variants[0]).not.toHaveProperty('discount');
    // After a reload the builder shows what was stored.
    await page.reload();
    await page.getByRole('button', { name: 'Remove Merino Travel Sweater' }).waitFor();
    await page.getByRole('button', { name: 'Remove Knitwear' }).waitFor();
    expect(await page.getByLabel('Step 2, variant B: amount off (USD)').inputValue()).toBe('5.00');
    expect(await page.getByLabel('Step 2, variant A: discount').inputValue()).toBe('inherit');
    await page.getByRole('button', { name: 'Pause' }).click();
    await page.getByRole('button', { name: 'Activate' }).waitFor();
    await poll(
      async () =>
        (await call(server, 'GET', `/admin/v1/recovery/campaigns/${campaignId}`, { headers: sk })).body
          .status,
    ).toBe('paused');
  }, 120_000);

  it('changes the recovery delay: a field the API refuses is named, nothing half-saved', async () => {
    const nav = page.getByRole('navigation', { name: 'Main' });
    await nav.getByRole('link', { name: 'Recovery settings' }).click();
    await page.getByRole('heading', { level: 1, name: 'Recovery settings' }).waitFor();
    const delay = page.getByLabel('A cart is abandoned after (minutes)');
    await poll(() => delay.inputValue()).toBe('60');
    await expectAccessible('settings');

    // Under 15 minutes: refused in the browser, beside the field.
    await delay.fill('5');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Enter a whole number of minutes from 15 to 43200 (30 days).').waitFor();
    // An origin with a path: the API's error, shown under its field; nothing is changed.
    await delay.fill('45');
    await page.getByLabel('Sites allowed to send tracking events').fill('https://shop.example/checkout');
    await page.getByRole('button', { name: 'Save' }).click();
    await poll(() =>
      page.getByText('an origin such as https://shop.example.com (no path)', { exact: true }).count(),
    ).toBe(1);
    const get = async () => (await call(server, 'GET', '/admin/v1/recovery/settings', { headers: sk })).body;
    expect((await get()).abandon_after_minutes).toBe(60);

    await page.getByLabel('Sites allowed to send tracking events').fill('https://shop.example');
    await page.getByLabel('Attribution window (days)').fill('14');
    await page.getByRole('button', { name: 'Save' }).click();
    await poll(() => page.getByText('Recovery settings saved').count()).toBe(1);
    expect(await get()).toMatchObject({
      abandon_after_minutes: 45,
      attribution_window_days: 14,
      allowed_origins: ['https://shop.example'],
    });
    await page.reload();
    await poll(() => page.getByLabel('A cart is abandoned after (minutes)').inputValue()).toBe('45');
  }, 120_000);

  it('sets a channel with a write-only secret, masked after a reload, and sends a test message', async () => {
    const nav = page.getByRole('navigation', { name: 'Main' });
    await nav.getByRole('link', { name: 'Messaging channels' }).click();
    await page.getByRole('heading', { level: 1, name: 'Messaging channels' }).waitFor();
    await page.getByLabel('SMS provider').waitFor();
    await expectAccessible('channels');

    await page.getByLabel('SMS provider').selectOption('twilio');
    await page.getByLabel('Account SID').fill(twilio.accountSid);
    await page.getByLabel('Sender number (E.164)').fill('+15005550006');
    // Without its auth token the provider cannot send: the API says which field is missing.
    await page.getByRole('button', { name: 'Save SMS settings' }).click();
    await poll(() => page.getByRole('alert').filter({ hasText: 'credentials.auth_token' }).count()).toBe(1);
    await page.getByLabel('Twilio auth token').fill(twilio.authToken);
    await page.getByRole('button', { name: 'Save SMS settings' }).click();
    await poll(() => page.getByText('SMS settings saved').count()).toBe(1);

    // The sender identity of e-mail, and a frequency cap.
    await page.getByLabel('Sender name').fill('Recover & Co');
    await page.getByLabel('Sender address').fill('hello@recover.example');
    await page.getByRole('button', { name: 'Save e-mail settings' }).click();
    await poll(() => page.getByText('E-mail settings saved').count()).toBe(1);
    await page.getByLabel('SMS: hours between messages').fill('12');
    await page.getByRole('button', { name: 'Save frequency caps' }).click();
    await poll(() => page.getByText('Frequency caps saved').count()).toBe(1);

    await page.reload();
    const token = page.getByLabel('Twilio auth token');
    await token.waitFor();
    expect(await token.inputValue()).toBe('');
    await page.getByText(/^Set \(.+\)\. It is never shown/).waitFor();
    expect(await page.content()).not.toContain(twilio.authToken);
    expect(await page.getByLabel('Account SID').inputValue()).toBe(twilio.accountSid);
    expect(await page.getByLabel('SMS: hours between messages').inputValue()).toBe('12');

    // A test message goes through the saved settings to the (fake) Twilio.
    const before = twilio.sent.length;
    await page.getByLabel('Test phone number').fill('+1 500 555 0007');
    await page.getByRole('button', { name: 'Send a test SMS' }).click();
    await page.getByText('Test message sent: Twilio took it.').waitFor();
    expect(twilio.sent).toHaveLength(before + 1);
    expect(twilio.sent.at(-1)!.form.To).toBe('+15005550007');
    await expectAccessible('channels-saved');

    const channels = await call(server, 'GET', '/admin/v1/messaging/channels', { headers: sk });
    expect(JSON.stringify(channels.body)).not.toContain(twilio.authToken);
    const byChannel = Object.fromEntries(
      (channels.body.data as { channel: string }[]).map((c) => [c.channel, c]),
    );
    expect(byChannel.sms).toMatchObject({
      provider: 'twilio',
      config: { account_sid: twilio.accountSid, from: '+15005550006' },
      credentials: { auth_token: { set: true } },
    });
    expect(byChannel.email).toMatchObject({
      provider: 'smtp',
      config: { from_name: 'Recover & Co', from_email: 'hello@recover.example' },
    });
    const caps = await call(server, 'GET', '/admin/v1/messaging/settings', { headers: sk });
    expect(caps.body.frequency_caps.sms).toEqual({ seconds: 43_200 });
  }, 120_000);

  it('works on a phone and in Vietnamese', async () => {
    const phone = await context.browser()!.newContext({
      viewport: { width: 390, height: 844 },
      locale: 'vi-VN',
      bypassCSP: true,
      isMobile: true,
      hasTouch: true,
    });
    // The session lives in localStorage: carry it over from the desktop tab.
    const stored = await page.evaluate(() => JSON.stringify(Object.entries(localStorage)));
    const p = await phone.newPage();
    await p.goto(admin('/login'));
    await p.evaluate((entries) => {
      for (const [k, v] of JSON.parse(entries) as [string, string][]) localStorage.setItem(k, v);
      localStorage.setItem('carton.admin.locale', 'vi');
    }, stored);
    await p.goto(admin('/recovery/carts'));
    await p.getByRole('heading', { level: 1, name: 'Giỏ hàng bị bỏ quên' }).waitFor();
    await poll(() => p.getByRole('table').locator('tbody tr').count()).toBeGreaterThan(0);
    const overflow = () => p.evaluate<number>('document.documentElement.scrollWidth - window.innerWidth');
    expect(await overflow()).toBeLessThanOrEqual(0);
    await expectAccessible('phone-carts-vi', p);
    await p.goto(admin('/recovery/analytics'));
    await p.getByRole('heading', { level: 1, name: 'Phân tích khôi phục' }).waitFor();
    await p.getByText('Tỷ lệ khôi phục').waitFor();
    expect(await overflow()).toBeLessThanOrEqual(0);
    await expectAccessible('phone-analytics-vi', p);
    for (const [path, heading, name] of [
      ['/recovery/settings', 'Cài đặt khôi phục', 'settings'],
      ['/recovery/channels', 'Kênh nhắn tin', 'channels'],
    ] as const) {
      await p.goto(admin(path));
      await p.getByRole('heading', { level: 1, name: heading }).waitFor();
      await p.getByRole('button', { name: /^Lưu/ }).first().waitFor();
      expect(await overflow()).toBeLessThanOrEqual(0);
      await expectAccessible(`phone-${name}-vi`, p);
    }
    // The builder with its product search and an A/B step's variant discounts.
    await p.goto(admin('/recovery/campaigns/new'));
    await p.getByRole('heading', { level: 1, name: 'Chiến dịch mới' }).waitFor();
    await p.getByLabel('Tìm sản phẩm để thêm').fill('merino');
    await p.getByRole('button', { name: 'Thêm Merino Travel Sweater' }).click();
    await p.getByLabel('Thử nghiệm A/B cho bước 1').check();
    await p.getByLabel('Bước 1, biến thể B: giảm giá').selectOption('percentage');
    await p.getByLabel('Bước 1, biến thể B: phần trăm giảm').waitFor();
    expect(await overflow()).toBeLessThanOrEqual(0);
    await expectAccessible('phone-campaign-vi', p);
    await phone.close();
  }, 120_000);
});
