import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger, scrubText } from './logger.ts';

function capture() {
  let out = '';
  const stream = new Writable({
    write(chunk, _enc, cb) {
      out += String(chunk);
      cb();
    },
  });
  return { log: createLogger('info', stream), text: () => out };
}

describe('logger redaction', () => {
  it('redacts personal data and secrets by key, at any depth up to four levels', () => {
    const { log, text } = capture();
    log.info(
      {
        email: 'a@example.com',
        user: { email: 'b@example.com', password: 'hunter2hunter2', profile: { phone: '+4915112345678' } },
        session: { tokens: { refresh: { refreshToken: 'rt_secret_value' } } },
        req: { headers: { authorization: 'Basic dXNlcjpwYXNz', 'x-publishable-key': 'pk_secret_value' } },
        mfa: { totp: '123456', recovery_codes: ['aaaa-bbbb'] },
      },
      'signed in',
    );
    const out = text();
    for (const s of [
      'a@example.com',
      'b@example.com',
      'hunter2hunter2',
      '+4915112345678',
      'rt_secret_value',
      'dXNlcjpwYXNz',
      'pk_secret_value',
      '123456',
      'aaaa-bbbb',
    ]) {
      expect(out).not.toContain(s);
    }
    expect(out).toContain('"msg":"signed in"');
  });

  it('scrubs e-mails and credentials from messages and errors but keeps error codes', () => {
    const { log, text } = capture();
    const err = Object.assign(new Error('duplicate key for c@example.com'), {
      code: '23505',
      detail: 'Key (email)=(c@example.com) already exists.',
      parameters: ['c@example.com', 'hash'],
    });
    log.error({ err }, 'could not invite d@example.com with Bearer abc.def.ghi');
    const out = text();
    expect(out).not.toMatch(/[cd]@example\.com/);
    expect(out).not.toContain('abc.def.ghi');
    expect(out).toContain('"code":"23505"');
    expect(out).toContain('Key (email)=([email]) already exists.');
  });

  it("never logs a failed statement's parameters, as pg or Drizzle report them", () => {
    const { log, text } = capture();
    const cause = Object.assign(new Error('deadlock detected'), { code: '40P01' });
    const err = Object.assign(
      new Error(
        'Failed query: INSERT INTO addresses (line1, phone) VALUES ($1, $2)\nparams: 12 Elm Road,+4915112345678',
      ),
      {
        query: 'INSERT INTO addresses (line1, phone) VALUES ($1, $2)',
        params: ['12 Elm Road', '+4915112345678'],
        cause,
      },
    );
    log.warn({ err }, 'subscriber failed');
    const out = text();
    expect(out).not.toContain('Elm Road');
    expect(out).not.toContain('4915112345678');
    expect(out).toContain('params: [redacted]');
    expect(out).toContain('Failed query: INSERT INTO addresses');
  });

  it('scrubText leaves ordinary text alone', () => {
    expect(scrubText('order ord_123 placed in store demo')).toBe('order ord_123 placed in store demo');
    expect(scrubText('token eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.abcdefghij')).toBe('token [token]');
  });
});
