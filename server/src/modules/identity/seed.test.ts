import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, startTestServer } from '../../../test/harness.ts';
import { call } from '../../../test/identity.ts';
import { createUserFromCli, isEmptyInstallation, seedDemo, type SeedResult } from './seed.ts';

let server: Awaited<ReturnType<typeof startTestServer>>;
let first: SeedResult;

beforeAll(async () => {
  server = await startTestServer({ overrides: { BOOTSTRAP_ADMIN_EMAIL: 'boss@example.com' } });
  expect(await isEmptyInstallation(server.platform)).toBe(true);
  first = await seedDemo(server.platform);
});
afterAll(async () => {
  await server?.close();
});

const countRows = async (table: string) =>
  (
    (await server.platform.db.execute(sql.raw(`SELECT count(*)::int AS n FROM ${table}`))).rows[0] as {
      n: number;
    }
  ).n;

describe('seedDemo', () => {
  it('creates a working operator admin, demo store, owner and keys', async () => {
    expect(first.created).toBe(true);
    expect(first.admin).toMatchObject({ email: 'boss@example.com', created: true });
    expect(first.admin.password).toHaveLength(20);
    expect(first.store).toMatchObject({ handle: 'demo', created: true });
    expect(first.organization.name).toBe('Demo Co');
    expect(first.publishableKey).toMatch(/^pk_/);
    expect(first.secretKey).toMatch(/^sk_/);
    expect(await isEmptyInstallation(server.platform)).toBe(false);

    const admin = await call(server, 'POST', '/admin/v1/auth/login', {
      body: { email: first.admin.email, password: first.admin.password },
    });
    expect(admin.body).toMatchObject({ operator_role: 'admin', mfa_enrolment_required: true });
    const owner = await call(server, 'POST', '/admin/v1/auth/login', {
      body: { email: first.owner.email, password: first.owner.password },
    });
    expect(owner.body).toMatchObject({ store_id: first.store.id, store_role: 'owner' });

    const store = await call(server, 'GET', '/admin/v1/store', {
      headers: { authorization: `Bearer ${first.secretKey}` },
    });
    expect(store.body).toMatchObject({ handle: 'demo', currency: 'USD', locale: 'en' });
    const shopper = await call(server, 'POST', '/store/v1/customers/register', {
      headers: { 'x-publishable-key': first.publishableKey! },
      body: { email: 'demo-shopper@example.com', password: 'shopper password' },
    });
    expect(shopper.status).toBe(201);
  });

  it('is idempotent', async () => {
    const tables = ['users', 'organizations', 'stores', 'memberships', 'api_keys'];
    const before = await Promise.all(tables.map(countRows));
    const again = await seedDemo(server.platform);
    expect(again.created).toBe(false);
    expect(again.admin).toMatchObject({ id: first.admin.id, password: null, created: false });
    expect(again.store.id).toBe(first.store.id);
    expect(again.publishableKey).toBeNull();
    expect(again.secretKey).toBeNull();
    expect(await Promise.all(tables.map(countRows))).toEqual(before);
  });
});

describe('createUserFromCli', () => {
  it('creates operator staff and store staff, and updates an existing user', async () => {
    const op = await createUserFromCli(server.platform, {
      email: 'Ops@Example.com',
      password: 'operator password',
      role: 'support',
    });
    expect(op).toMatchObject({
      created: true,
      storeId: null,
      user: { email: 'ops@example.com', operatorRole: 'support' },
    });
    const clerk = await createUserFromCli(server.platform, {
      email: 'clerk@example.com',
      password: 'clerk password 1',
      role: 'staff',
      storeHandle: 'demo',
    });
    expect(clerk.storeId).toBe(first.store.id);
    const updated = await createUserFromCli(server.platform, {
      email: 'clerk@example.com',
      password: 'clerk password 2',
      role: 'read_only',
      storeHandle: 'demo',
    });
    expect(updated.created).toBe(false);
    const login = await call(server, 'POST', '/admin/v1/auth/login', {
      body: { email: 'clerk@example.com', password: 'clerk password 2' },
    });
    expect(login.body.store_role).toBe('read_only');
  });

  it('rejects bad options without writing', async () => {
    const users = await countRows('users');
    await expect(
      createUserFromCli(server.platform, {
        email: 'a@example.com',
        password: 'long enough pw',
        role: 'owner',
      }),
    ).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    await expect(
      createUserFromCli(server.platform, {
        email: 'a@example.com',
        password: 'long enough pw',
        role: 'owner',
        storeHandle: 'nope',
      }),
    ).rejects.toMatchObject({ code: 'STORE_NOT_FOUND' });
    await expect(
      createUserFromCli(server.platform, {
        email: 'not-an-email',
        password: 'long enough pw',
        role: 'admin',
      }),
    ).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    await expect(
      createUserFromCli(server.platform, { email: 'a@example.com', password: 'short', role: 'admin' }),
    ).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(await countRows('users')).toBe(users);
  });
});

describe('the CLI', () => {
  it('runs `seed` (twice) and `user create` against a database', async () => {
    const db = await createTestDatabase();
    const main = fileURLToPath(new URL('../../main.ts', import.meta.url));
    const env = {
      PATH: process.env.PATH,
      DATABASE_URL: db.url,
      CARTON_SECRET: 'cli-test-secret-cli-test-secret-cli-test',
      NODE_ENV: 'test',
      LOG_LEVEL: 'silent',
      BOOTSTRAP_ADMIN_PASSWORD: 'bootstrap password',
    };
    const run = (...args: string[]) => promisify(execFile)(process.execPath, [main, ...args], { env });
    try {
      const seeded = await run('seed');
      expect(seeded.stdout).toContain('admin@carton.local / bootstrap password');
      expect(seeded.stdout).toMatch(/Secret key\s+sk_/);
      expect(seeded.stdout).toContain(
        'Demo catalog: 200 products with prices and stock, and a gift card and an e-book that ship nothing.',
      );
      // A gift card to try, its code shown this once.
      expect(seeded.stdout).toMatch(/Demo gift card: [A-Z2-9]{4}(-[A-Z2-9]{4}){3}, worth \$50\.00/);
      expect((await run('seed')).stdout).toContain('nothing created');
      // The demo store got its catalog once, with stock, and a second seed added nothing.
      const client = new pg.Client({ connectionString: db.url });
      await client.connect();
      try {
        const { rows } = await client.query(
          `SELECT (SELECT count(*) FROM products)::int AS products,
                  (SELECT count(*) FROM search_documents)::int AS indexed,
                  (SELECT count(*) FROM inventory_levels WHERE on_hand > 0)::int AS stocked,
                  (SELECT array_agg(handle ORDER BY handle) FROM products WHERE NOT requires_shipping) AS digital,
                  (SELECT array_agg(handle) FROM products WHERE gift_card) AS gift_cards`,
        );
        // 200 generated, and two that ship nothing: a gift card and an e-book.
        expect(rows[0]).toMatchObject({
          products: 202,
          indexed: 202,
          digital: ['field-guide-ebook', 'gift-card'],
          gift_cards: ['gift-card'],
        });
        expect(rows[0].stocked).toBeGreaterThan(200);
      } finally {
        await client.end();
      }
      const created = await run(
        'user',
        'create',
        '--email',
        'cli@example.com',
        '--password',
        'cli password 1',
        '--role',
        'owner',
        '--store',
        'demo',
      );
      expect(created.stdout).toMatch(/Created cli@example.com .* as owner of store demo/);
      await expect(
        run(
          'user',
          'create',
          '--email',
          'x@example.com',
          '--password',
          'cli password 1',
          '--role',
          'emperor',
        ),
      ).rejects.toMatchObject({
        stderr: expect.stringContaining('--role must be one of'),
      });
      await expect(run('user', 'create', '--email', 'x@example.com')).rejects.toMatchObject({
        stderr: expect.stringContaining('usage: carton user create'),
      });
    } finally {
      await db.drop();
    }
  }, 60_000);
});
