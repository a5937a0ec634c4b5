import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestPlatform, type TestPlatform } from '../../../test/harness.ts';
import type { Principal } from '../../platform/auth/principal.ts';
import { withStore } from '../../platform/db/database.ts';
import { createHttpApp, type App } from '../../platform/http/app.ts';
import { createOrganization, createStore } from '../tenancy/service.ts';
import { auditModule } from './module.ts';
import { auditContext, isSecretKey, listAuditEntries, recordAudit, redactSecrets } from './service.ts';

let p: TestPlatform;
let app: App;
let base: string;
let storeA: string;
let storeB: string;

const staff = (storeId: string | null, permissions: string[], userId = 'user_x'): Principal => ({
  kind: 'staff',
  storeId,
  userId,
  permissions: new Set(permissions),
});

/** Bearer tokens the stand-in authentication hook below understands. */
let principals: Record<string, Principal>;

async function api(path: string, token?: string, init: RequestInit = {}) {
  const headers = new Headers(init.headers);
  if (token) headers.set('authorization', `Bearer ${token}`);
  const res = await fetch(`${base}${path}`, { ...init, headers });
  return { status: res.status, type: res.headers.get('content-type') ?? '', body: (await res.json()) as any }; // eslint-disable-line @typescript-eslint/no-explicit-any
}

beforeAll(async () => {
  p = await createTestPlatform();
  const org = await createOrganization(p.db, { name: 'Org' });
  storeA = (
    await createStore(p.db, { organizationId: org.id, input: { name: 'A', handle: 'a', currency: 'USD' } })
  ).id;
  storeB = (
    await createStore(p.db, { organizationId: org.id, input: { name: 'B', handle: 'b', currency: 'EUR' } })
  ).id;
  principals = {
    ownerA: staff(storeA, ['audit.read'], 'user_owner_a'),
    ownerB: staff(storeB, ['audit.read'], 'user_owner_b'),
    clerkA: staff(storeA, []),
    operator: staff(null, ['platform.audit.read'], 'user_op'),
    keyA: { kind: 'secret_key', storeId: storeA, apiKeyId: 'key_a', permissions: new Set() },
  };

  app = await createHttpApp(p);
  // Stand-in for the identity module's authentication: a fixed token -> principal table.
  app.addHook('onRequest', async (req) => {
    const token = req.headers.authorization?.replace(/^Bearer /, '');
    req.principal = (token && principals[token]) || null;
  });
  await auditModule.routes!(app, p);
  // A mutation that audits itself the way module routes do.
  app.post('/admin/v1/test-widgets', async (req) => {
    await recordAudit(p.db, {
      ...auditContext(req),
      action: 'widget.created',
      entityType: 'widget',
      entityId: 'wid_1',
      after: { name: 'W', secret: 'shh' },
    });
    return { ok: true };
  });
  base = await app.listen({ host: '127.0.0.1', port: 0 });
});
afterAll(async () => {
  await app?.close();
  await p?.close();
});

describe('redaction', () => {
  it('recognises secret keys in any casing style', () => {
    for (const k of [
      'password',
      'passwordHash',
      'password_hash',
      'newPassword',
      'refreshToken',
      'token_hash',
    ]) {
      expect(isSecretKey(k), k).toBe(true);
    }
    for (const k of [
      'secret',
      'clientSecret',
      'apiKey',
      'api_key',
      'totpSecret',
      'otp',
      'recoveryCodes',
      'cvv',
    ]) {
      expect(isSecretKey(k), k).toBe(true);
    }
    for (const k of [
      'email',
      'name',
      'footprint',
      'keyPrefix',
      'id',
      'status',
      'shipping',
      'pinned',
      'key',
    ]) {
      expect(isSecretKey(k), k).toBe(false);
    }
  });

  it('redacts at any depth, keeps nulls and plain values, serialises dates', () => {
    const at = new Date('2025-01-02T03:04:05.000Z');
    expect(
      redactSecrets({
        name: 'Ann',
        passwordHash: '$argon2id$…',
        mfa: { totpSecret: 'JBSW', enabled: true },
        keys: [{ id: 'k1', keyHash: 'abc', prefix: 'sk_live_ab' }],
        resetToken: null,
        at,
      }),
    ).toEqual({
      name: 'Ann',
      passwordHash: '[redacted]',
      mfa: { totpSecret: '[redacted]', enabled: true },
      keys: [{ id: 'k1', keyHash: '[redacted]', prefix: 'sk_live_ab' }],
      resetToken: null,
      at: '2025-01-02T03:04:05.000Z',
    });
    expect(redactSecrets(undefined)).toBeNull();
    expect(redactSecrets(12n)).toBe('12');
  });
});

describe('recordAudit', () => {
  it('stores who, what, before/after (redacted), ip and request id', async () => {
    await recordAudit(p.db, {
      storeId: storeA,
      actor: { type: 'staff', id: 'user_1' },
      action: 'staff_user.updated',
      entityType: 'staff_user',
      entityId: 'user_2',
      before: { role: 'staff', passwordHash: 'h1' },
      after: { role: 'admin', passwordHash: 'h2' },
      ip: '203.0.113.9',
      requestId: 'req_abc12345',
    });
    const { data } = await listAuditEntries(
      p.db,
      { storeId: storeA, filters: { entityId: 'user_2' } },
      { limit: 10 },
    );
    expect(data).toEqual([
      {
        id: expect.stringMatching(/^aud_/),
        storeId: storeA,
        actor: { type: 'staff', id: 'user_1' },
        action: 'staff_user.updated',
        entityType: 'staff_user',
        entityId: 'user_2',
        before: { role: 'staff', passwordHash: '[redacted]' },
        after: { role: 'admin', passwordHash: '[redacted]' },
        ip: '203.0.113.9',
        requestId: 'req_abc12345',
        createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT.*Z$/),
      },
    ]);
    const raw = await p.db.execute(
      sql`SELECT before::text, after::text FROM audit_log WHERE entity_id = 'user_2'`,
    );
    expect(JSON.stringify(raw.rows)).not.toMatch(/h1|h2/);
  });

  it('commits and rolls back with the change it describes', async () => {
    await expect(
      p.db.transaction(async (tx) => {
        await recordAudit(tx, {
          storeId: storeA,
          actor: { type: 'system', id: null },
          action: 'thing.deleted',
          entityType: 'thing',
          entityId: 'rolled_back',
          before: { a: 1 },
        });
        throw new Error('the change failed');
      }),
    ).rejects.toThrow('the change failed');
    const { data } = await listAuditEntries(
      p.db,
      { storeId: storeA, filters: { entityId: 'rolled_back' } },
      { limit: 5 },
    );
    expect(data).toEqual([]);
  });

  it("cannot write another store's entry from inside a store scope", async () => {
    await expect(
      withStore(p.db, storeA, (tx) =>
        recordAudit(tx, {
          storeId: storeB,
          actor: { type: 'staff', id: 'u' },
          action: 'x.y',
          entityType: 'x',
          entityId: 'forged',
        }),
      ),
    ).rejects.toMatchObject({ cause: { message: expect.stringMatching(/row-level security/) } });
  });
});

describe('row-level security on audit_log', () => {
  beforeAll(async () => {
    const base = { actor: { type: 'staff' as const, id: 'u' }, entityType: 'rls', entityId: 'e' };
    await recordAudit(p.db, { ...base, storeId: storeA, action: 'rls.a' });
    await recordAudit(p.db, { ...base, storeId: storeB, action: 'rls.b' });
    await recordAudit(p.db, { ...base, storeId: null, action: 'rls.operator' });
  });

  it("a store scope sees only its own rows (not other stores', not operator rows) even without a filter", async () => {
    const rows = await withStore(p.db, storeA, (tx) =>
      tx.execute(sql`SELECT DISTINCT store_id FROM audit_log WHERE entity_type = 'rls'`),
    );
    expect(rows.rows).toEqual([{ store_id: storeA }]);
  });

  it('is append-only for application code', async () => {
    await expect(
      withStore(p.db, storeA, (tx) => tx.execute(sql`UPDATE audit_log SET action = 'tampered'`)),
    ).rejects.toMatchObject({ cause: { message: expect.stringMatching(/permission denied/) } });
    await expect(
      withStore(p.db, storeA, (tx) => tx.execute(sql`DELETE FROM audit_log`)),
    ).rejects.toMatchObject({ cause: { message: expect.stringMatching(/permission denied/) } });
  });

  it('lists operator-level entries only when asked for them (storeId null)', async () => {
    const { data } = await listAuditEntries(
      p.db,
      { storeId: null, filters: { entityType: 'rls' } },
      { limit: 10 },
    );
    expect(data.map((e) => e.action)).toEqual(['rls.operator']);
    const all = await listAuditEntries(
      p.db,
      { storeId: undefined, filters: { entityType: 'rls' } },
      { limit: 10 },
    );
    expect(all.data.map((e) => e.action).sort()).toEqual(['rls.a', 'rls.b', 'rls.operator']);
  });
});

describe('listAuditEntries filters and pagination', () => {
  const t0 = Date.now();
  beforeAll(async () => {
    for (let i = 0; i < 7; i++) {
      await recordAudit(p.db, {
        storeId: storeB,
        actor: i % 2 ? { type: 'api_key', id: 'key_1' } : { type: 'staff', id: 'user_9' },
        action: i < 4 ? 'product.updated' : 'product_variant.created',
        entityType: i < 4 ? 'product' : 'product_variant',
        entityId: `pg_${i}`,
        after: { i },
      });
    }
  });
  const listB = (filters: object, limit = 50, cursor?: string) =>
    listAuditEntries(
      p.db,
      { storeId: storeB, filters: { entityId: undefined, ...filters } },
      { limit, cursor },
    );

  it('walks every page newest first without repeats', async () => {
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await listB({ action: 'product*' }, 3, cursor);
      seen.push(...page.data.map((e) => e.entityId));
      cursor = page.next_cursor ?? undefined;
      pages++;
    } while (cursor);
    expect(pages).toBe(3);
    expect(seen).toEqual(['pg_6', 'pg_5', 'pg_4', 'pg_3', 'pg_2', 'pg_1', 'pg_0']);
  });

  it('filters by actor, action (exact and prefix), entity and time', async () => {
    const ids = async (f: object) => (await listB(f)).data.map((e) => e.entityId);
    expect(await ids({ actorType: 'api_key' })).toEqual(['pg_5', 'pg_3', 'pg_1']);
    expect(await ids({ actorId: 'user_9', action: 'product.updated' })).toEqual(['pg_2', 'pg_0']);
    expect(await ids({ action: 'product_variant.*' })).toEqual(['pg_6', 'pg_5', 'pg_4']);
    // `_` in a prefix is literal, not a LIKE wildcard.
    expect(await ids({ action: 'product_*', entityType: 'product' })).toEqual([]);
    expect(await ids({ entityType: 'product', entityId: 'pg_3' })).toEqual(['pg_3']);
    expect(await ids({ from: new Date(Date.now() + 60_000) })).toEqual([]);
    expect(
      (await ids({ action: 'product*', from: new Date(t0 - 60_000), to: new Date(Date.now() + 60_000) }))
        .length,
    ).toBe(7);
    expect(await ids({ to: new Date(t0 - 60_000) })).toEqual([]);
  });

  it('rejects a cursor it did not issue and an empty time range', async () => {
    await expect(listB({}, 5, 'garbage!')).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    const forged = Buffer.from(JSON.stringify({ t: 'not a time', id: 1 })).toString('base64url');
    await expect(listB({}, 5, forged)).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    const now = new Date();
    await expect(listB({ from: now, to: now })).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
  });
});

describe('HTTP', () => {
  it('GET /admin/v1/audit-log: 401 without credentials, 403 without audit.read', async () => {
    const anon = await api('/admin/v1/audit-log');
    expect(anon.status).toBe(401);
    expect(anon.type).toContain('application/problem+json');
    const clerk = await api('/admin/v1/audit-log', 'clerkA');
    expect(clerk.status).toBe(403);
    expect(clerk.body.code).toBe('FORBIDDEN');
  });

  it('shows a store only its own entries, operator ones never', async () => {
    const a = await api('/admin/v1/audit-log?limit=200', 'ownerA');
    expect(a.status).toBe(200);
    expect(a.body.data.length).toBeGreaterThan(0);
    expect(new Set(a.body.data.map((e: { store_id: string }) => e.store_id))).toEqual(new Set([storeA]));
    const b = await api('/admin/v1/audit-log?limit=200&entity_type=rls', 'ownerB');
    expect(b.body.data.map((e: { action: string }) => e.action)).toEqual(['rls.b']);
  });

  it('records the acting principal, IP and request id from the request', async () => {
    const res = await api('/admin/v1/test-widgets', 'keyA', {
      method: 'POST',
      headers: { 'x-request-id': 'req_test_widget_1' },
    });
    expect(res.status).toBe(200);
    const list = await api('/admin/v1/audit-log?action=widget.created', 'ownerA');
    expect(list.body.data).toEqual([
      expect.objectContaining({
        store_id: storeA,
        actor: { type: 'api_key', id: 'key_a' },
        entity_type: 'widget',
        entity_id: 'wid_1',
        before: null,
        after: { name: 'W', secret: '[redacted]' },
        ip: '127.0.0.1',
        request_id: 'req_test_widget_1',
      }),
    ]);
  });

  it('applies query filters and paginates with next_cursor', async () => {
    const first = await api('/admin/v1/audit-log?limit=2&actor_type=api_key', 'ownerB');
    expect(first.status).toBe(200);
    expect(first.body.data.map((e: { entity_id: string }) => e.entity_id)).toEqual(['pg_5', 'pg_3']);
    const second = await api(
      `/admin/v1/audit-log?limit=2&actor_type=api_key&cursor=${first.body.next_cursor}`,
      'ownerB',
    );
    expect(second.body.data.map((e: { entity_id: string }) => e.entity_id)).toEqual(['pg_1']);
    expect(second.body.next_cursor).toBeNull();
  });

  it('answers bad filters with 400 problem+json', async () => {
    for (const q of [
      'actor_type=robot',
      'from=yesterday',
      'to=2025-13-01T00:00:00Z',
      'limit=0',
      'limit=abc',
      'cursor=%%%',
      'action=a%20b',
      'from=2025-02-01T00:00:00Z&to=2025-01-01T00:00:00Z',
    ]) {
      const res = await api(`/admin/v1/audit-log?${q}`, 'ownerA');
      expect(res.status, q).toBe(400);
      expect(res.type, q).toContain('application/problem+json');
      expect(res.body.code, q).toBe('VALIDATION_FAILED');
    }
  });

  it('operator staff need platform.audit.read and are not in a store for the admin route', async () => {
    expect((await api('/platform/v1/audit-log', 'ownerA')).status).toBe(403);
    expect((await api('/admin/v1/audit-log', 'operator')).status).toBe(403);
  });

  it('GET /platform/v1/audit-log reads every store and operator entries, with a store filter', async () => {
    const all = await api('/platform/v1/audit-log?entity_type=rls', 'operator');
    expect(all.status).toBe(200);
    expect(all.body.data.map((e: { action: string }) => e.action).sort()).toEqual([
      'rls.a',
      'rls.b',
      'rls.operator',
    ]);
    const none = await api('/platform/v1/audit-log?entity_type=rls&store_id=none', 'operator');
    expect(none.body.data.map((e: { action: string }) => e.action)).toEqual(['rls.operator']);
    const onlyB = await api(`/platform/v1/audit-log?entity_type=rls&store_id=${storeB}`, 'operator');
    expect(onlyB.body.data.map((e: { action: string }) => e.action)).toEqual(['rls.b']);
  });

  it('is documented in the OpenAPI document', async () => {
    const doc = await api('/openapi.json');
    expect(Object.keys(doc.body.paths)).toEqual(
      expect.arrayContaining(['/admin/v1/audit-log', '/platform/v1/audit-log']),
    );
  });
});
