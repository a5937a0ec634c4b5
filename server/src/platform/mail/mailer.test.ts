import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestPlatform, startTestServer, testConfig, type TestPlatform } from '../../../test/harness.ts';
import { capturedMail, clearMail, waitForMail } from '../../../test/mail.ts';
import { createHttpApp } from '../http/app.ts';
import { createLogger } from '../logger.ts';
import { startMailCapture } from './capture.ts';
import { createMailer } from './mailer.ts';

/** A logger whose JSON lines we can read back. */
function recordingLogger() {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      lines.push(chunk.toString());
      done();
    },
  });
  return { log: createLogger('debug', sink), text: () => lines.join('') };
}

describe('mailer without SMTP_URL (local capture over SMTP)', () => {
  let p: TestPlatform;
  beforeAll(async () => {
    p = await createTestPlatform();
  });
  afterAll(() => p.close());

  it('delivers over SMTP to the capture server and keeps the parsed message', async () => {
    const { messageId } = await p.mailer.send({
      to: 'Ann.Buyer@Example.com',
      subject: 'Reset your password',
      text: 'Use this link: https://shop.example/reset?token=abc',
      html: '<p>Use <a href="https://shop.example/reset?token=abc">this link</a></p>',
      headers: { 'X-Carton-Template': 'password-reset' },
    });
    expect(messageId).toMatch(/^<.+>$/);
    const [mail] = capturedMail(p);
    expect(mail).toMatchObject({
      id: expect.stringMatching(/^mail_/),
      messageId,
      from: expect.stringContaining('no-reply@carton.local'),
      to: ['ann.buyer@example.com'],
      subject: 'Reset your password',
      text: expect.stringContaining('reset?token=abc'),
      html: expect.stringContaining('<a href='),
    });
    expect(mail!.headers['x-carton-template']).toBe('password-reset');
    expect(p.mailer.capture!.port).toBeGreaterThan(0);
    expect(p.mailer.capture!.host).toBe('127.0.0.1');
  });

  it('waitForMail finds mail sent later, by recipient and subject', async () => {
    clearMail(p);
    const waiting = waitForMail(p, { to: 'bob@example.com', subject: /welcome/i });
    await p.mailer.send({ to: 'other@example.com', subject: 'Welcome', text: 'not for bob' });
    await p.mailer.send({ to: 'bob@example.com', subject: 'Receipt', text: 'not this one' });
    await p.mailer.send({ to: 'bob@example.com', subject: 'Welcome aboard', text: 'hi bob' });
    const mail = await waiting;
    expect(mail.text.trim()).toBe('hi bob');
    expect(capturedMail(p)).toHaveLength(3);
  });

  it('waitForMail gives up after its timeout', async () => {
    await expect(waitForMail(p, { to: 'nobody@example.com' }, 50)).rejects.toThrow(/no captured mail/);
  });

  it('keeps only the last N messages', async () => {
    const capture = await startMailCapture({ keep: 2 });
    const mailer = await createMailer(
      { SMTP_URL: `smtp://127.0.0.1:${capture.port}?pool=true`, MAIL_FROM: 'a@b.c', NODE_ENV: 'test' },
      createLogger('silent'),
    );
    for (const n of [1, 2, 3]) await mailer.send({ to: 'x@example.com', subject: `m${n}`, text: '.' });
    expect(capture.list().map((m) => m.subject)).toEqual(['m3', 'm2']);
    await mailer.close();
    await capture.close();
  });
});

describe('mailer with SMTP_URL', () => {
  it('sends to the configured SMTP server and captures nothing itself', async () => {
    const relay = await startMailCapture(); // stands in for the real SMTP server
    const rec = recordingLogger();
    const mailer = await createMailer(
      { SMTP_URL: `smtp://127.0.0.1:${relay.port}`, MAIL_FROM: 'Shop <shop@example.com>', NODE_ENV: 'test' },
      rec.log,
    );
    expect(mailer.capture).toBeNull();
    await mailer.send({ to: 'carol@example.com', subject: 'Your order', text: 'secret body text' });
    const [mail] = relay.list();
    expect(mail).toMatchObject({
      to: ['carol@example.com'],
      from: expect.stringContaining('<shop@example.com>'),
    });
    // Logs never carry the recipient or the body.
    expect(rec.text()).toContain('mail sent');
    expect(rec.text()).not.toMatch(/carol|secret body|Your order/);
    await mailer.close();
    await relay.close();
  });

  it('answers UNAVAILABLE when the SMTP server cannot be reached, logging no recipient', async () => {
    const rec = recordingLogger();
    const mailer = await createMailer(
      { SMTP_URL: 'smtp://127.0.0.1:1', MAIL_FROM: 'a@b.c', NODE_ENV: 'test' },
      rec.log,
    );
    await expect(mailer.send({ to: 'dave@example.com', subject: 's', text: 't' })).rejects.toMatchObject({
      code: 'UNAVAILABLE',
      status: 503,
    });
    expect(rec.text()).toContain('mail not sent');
    expect(rec.text()).not.toContain('dave');
    await mailer.close();
  });
});

describe('GET /dev/mail', () => {
  let server: Awaited<ReturnType<typeof startTestServer>>;
  beforeAll(async () => {
    server = await startTestServer({ overrides: { NODE_ENV: 'development' } });
  });
  afterAll(() => server?.close());

  it('lists captured mail and shows one message', async () => {
    await server.platform.mailer.send({ to: 'erin@example.com', subject: 'Hello Erin', text: 'Body' });
    const list = await fetch(`${server.url}/dev/mail?to=ERIN@example.com`);
    expect(list.status).toBe(200);
    const { data } = (await list.json()) as { data: Array<{ id: string; subject: string; to: string[] }> };
    expect(data).toHaveLength(1);
    expect(data[0]).toMatchObject({ subject: 'Hello Erin', to: ['erin@example.com'] });

    const one = await fetch(`${server.url}/dev/mail/${data[0]!.id}`);
    expect(one.status).toBe(200);
    expect(await one.json()).toMatchObject({ subject: 'Hello Erin', text: expect.stringContaining('Body') });

    const missing = await fetch(`${server.url}/dev/mail/mail_nope`);
    expect(missing.status).toBe(404);
    expect(missing.headers.get('content-type')).toContain('application/problem+json');
  });

  it('is not in the OpenAPI document', async () => {
    const doc = (await (await fetch(`${server.url}/openapi.json`)).json()) as { paths: object };
    expect(Object.keys(doc.paths).some((path) => path.startsWith('/dev'))).toBe(false);
  });

  it('does not exist in production', async () => {
    const p = await createTestPlatform();
    const app = await createHttpApp({ ...p, config: { ...testConfig(), NODE_ENV: 'production' } });
    const address = await app.listen({ host: '127.0.0.1', port: 0 });
    const res = await fetch(`${address}/dev/mail`);
    expect(res.status).toBe(404);
    await app.close();
    await p.close();
  });
});
