import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer } from '../../../test/harness.ts';
import { call, createTestApiKey, createTestStore } from '../../../test/identity.ts';
import { hashPassword } from './passwords.ts';
import { createUser } from './staff-users.ts';

// Low limits so the test is quick; the defaults are 5 per account and 50 per IP in 15 minutes.
let server: Awaited<ReturnType<typeof startTestServer>>;

beforeAll(async () => {
  server = await startTestServer({
    overrides: {
      LOGIN_MAX_FAILURES_PER_ACCOUNT: '3',
      LOGIN_MAX_FAILURES_PER_IP: '12',
      LOGIN_LOCKOUT_SECONDS: '600',
    },
  });
});
afterAll(async () => {
  await server?.close();
});

async function staffUser() {
  const email = `guard-${Math.random().toString(36).slice(2)}@example.com`;
  await createUser(server.platform.db, {
    email,
    passwordHash: await hashPassword('right password'),
    status: 'active',
  });
  return email;
}

const staffLogin = (email: string, password: string) =>
  call(server, 'POST', '/admin/v1/auth/login', { body: { email, password } });

describe('brute-force protection', () => {
  it('locks a staff account after repeated failures; success clears the count', async () => {
    const email = await staffUser();
    for (let round = 0; round < 2; round++) {
      expect((await staffLogin(email, 'wrong')).status).toBe(401);
      expect((await staffLogin(email, 'wrong')).status).toBe(401);
      expect((await staffLogin(email, 'right password')).status).toBe(200);
    }
    for (let i = 0; i < 3; i++) expect((await staffLogin(email, 'wrong')).status).toBe(401);
    const locked = await staffLogin(email, 'right password');
    expect(locked.status).toBe(429);
    expect(locked.body.code).toBe('ACCOUNT_LOCKED');
    const retryAfter = Number(locked.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(500);
    expect(retryAfter).toBeLessThanOrEqual(600);

    // Another account from the same address is not locked.
    expect((await staffLogin(await staffUser(), 'right password')).status).toBe(200);
  });

  it('locks a shopper account per store', async () => {
    const store = await createTestStore(server);
    const pk = (await createTestApiKey(server, { storeId: store.id, kind: 'publishable' })).headers;
    const email = `shopper-${Date.now()}@example.com`;
    await call(server, 'POST', '/store/v1/customers/register', {
      headers: pk,
      body: { email, password: 'right password' },
    });
    const login = (password: string) =>
      call(server, 'POST', '/store/v1/customers/login', { headers: pk, body: { email, password } });
    for (let i = 0; i < 3; i++) expect((await login('wrong')).status).toBe(401);
    const locked = await login('right password');
    expect(locked.status).toBe(429);
    expect(locked.body.code).toBe('ACCOUNT_LOCKED');
    expect(locked.headers.get('retry-after')).toBeTruthy();
  });

  it('locks an IP that fails across many accounts', async () => {
    let status = 401;
    for (let i = 0; i < 15 && status !== 429; i++) {
      status = (await staffLogin(`nobody-${i}@example.com`, 'wrong')).status;
    }
    expect(status).toBe(429);
    const fresh = await staffLogin(await staffUser(), 'right password');
    expect(fresh.status).toBe(429);
    expect(fresh.body.code).toBe('ACCOUNT_LOCKED');
  });
});
