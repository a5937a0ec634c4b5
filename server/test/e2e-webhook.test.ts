/**
 * Issue #2, "Done when": through the HTTP API an admin signs in with MFA, creates a publishable
 * key, registers a webhook endpoint and receives a signed event that verifies with the
 * `standardwebhooks` library.
 */
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { seedDemo } from '../src/modules/identity/seed.ts';
import { startTestServer } from './harness.ts';
import { call, totpCode } from './identity.ts';
import { startWebhookReceiver } from './webhook-receiver.ts';

let server: Awaited<ReturnType<typeof startTestServer>>;
let receiver: Awaited<ReturnType<typeof startWebhookReceiver>>;

beforeAll(async () => {
  server = await startTestServer({ worker: true });
  receiver = await startWebhookReceiver();
});

afterAll(async () => {
  await receiver?.close();
  await server?.close();
});

it('an admin signs in with MFA, creates a publishable key, registers a webhook and receives a verified event', async () => {
  // What `carton start` seeds on a fresh installation: the demo store and its owner.
  const demo = await seedDemo(server.platform);
  const { email, password } = demo.owner;
  expect(password).not.toBeNull();

  // First sign-in: the owner role requires MFA, so only enrolment is allowed.
  const first = await call(server, 'POST', '/admin/v1/auth/login', { body: { email, password } });
  expect(first.status).toBe(200);
  expect(first.body.mfa_enrolment_required).toBe(true);
  const enrolling = { authorization: `Bearer ${first.body.access_token}` };
  expect((await call(server, 'GET', '/admin/v1/webhook-endpoints', { headers: enrolling })).status).toBe(403);

  const enrol = await call(server, 'POST', '/admin/v1/auth/mfa/enrol', { headers: enrolling });
  expect(enrol.status).toBe(200);
  expect(enrol.body.otpauth_uri).toMatch(/^otpauth:\/\/totp\//);
  const totpSecret = enrol.body.secret as string;
  const activated = await call(server, 'POST', '/admin/v1/auth/mfa/activate', {
    headers: enrolling,
    body: { code: totpCode(totpSecret) },
  });
  expect(activated.status).toBe(200);
  expect(activated.body.recovery_codes.length).toBeGreaterThan(0);
  await call(server, 'POST', '/admin/v1/auth/logout', {
    headers: { authorization: `Bearer ${activated.body.access_token}` },
  });

  // A real MFA sign-in: password, then a TOTP code (the next time step: the last one is spent).
  const login = await call(server, 'POST', '/admin/v1/auth/login', { body: { email, password } });
  expect(login.body).toMatchObject({ status: 'mfa_required' });
  const verified = await call(server, 'POST', '/admin/v1/auth/mfa/verify', {
    body: { mfa_token: login.body.mfa_token, code: totpCode(totpSecret, 1) },
  });
  expect(verified.status).toBe(200);
  expect(verified.body.mfa_enrolment_required).toBe(false);
  const admin = { authorization: `Bearer ${verified.body.access_token}` };

  const key = await call(server, 'POST', '/admin/v1/api-keys', {
    headers: admin,
    body: { kind: 'publishable', name: 'Storefront' },
  });
  expect(key.status).toBe(201);
  expect(key.body.key).toMatch(/^pk_/);

  const endpoint = await call(server, 'POST', '/admin/v1/webhook-endpoints', {
    headers: admin,
    body: { url: receiver.url, description: 'e2e receiver', event_types: ['*'] },
  });
  expect(endpoint.status).toBe(201);
  const webhook = new Webhook(endpoint.body.secret);

  // Events after registration reach the endpoint: its own creation, a test event, and (when
  // identity publishes it) the creation of another API key.
  const catalog = await call(server, 'GET', '/admin/v1/event-types', { headers: admin });
  const apiKeyEvents = catalog.body.data.some((t: { type: string }) => t.type === 'api_key.created');
  if (apiKeyEvents) {
    await call(server, 'POST', '/admin/v1/api-keys', {
      headers: admin,
      body: { kind: 'publishable', name: 'Second' },
    });
  }
  const test = await call(server, 'POST', `/admin/v1/webhook-endpoints/${endpoint.body.id}/test`, {
    headers: admin,
  });
  expect(test.status).toBe(202);

  const expected = ['webhook.test', 'webhook_endpoint.created', ...(apiKeyEvents ? ['api_key.created'] : [])];
  await receiver.waitFor(expected.length, 10_000);
  const received = receiver.received.map((hook) => ({
    id: hook.headers['webhook-id'],
    // Throws unless the signature (and timestamp) verify against the endpoint's secret.
    body: webhook.verify(hook.body, hook.headers as Record<string, string>) as {
      type: string;
      timestamp: string;
      data: Record<string, unknown>;
    },
  }));
  expect(received.map((r) => r.body.type).sort()).toEqual(expected.sort());
  const testHook = received.find((r) => r.body.type === 'webhook.test')!;
  expect(testHook.id).toBe(test.body.message_id);
  expect(testHook.body.data).toMatchObject({ endpoint_id: endpoint.body.id });
  const created = received.find((r) => r.body.type === 'webhook_endpoint.created')!;
  expect(created.body.data).toMatchObject({ id: endpoint.body.id, url: receiver.url });
  expect(JSON.stringify(created.body)).not.toContain('whsec_');

  // A tampered body does not verify.
  const hook = receiver.received[0]!;
  expect(() =>
    webhook.verify(hook.body.replace('"type"', '"typ3"'), hook.headers as Record<string, string>),
  ).toThrow();

  // The delivery log shows the successful attempts.
  const log = await call(server, 'GET', `/admin/v1/webhook-endpoints/${endpoint.body.id}/deliveries`, {
    headers: admin,
  });
  expect(log.body.data.length).toBe(expected.length);
});
