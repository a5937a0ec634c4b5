import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer } from '../../../test/harness.ts';
import { call, createStaffSession, createTestApiKey, type StaffSession } from '../../../test/identity.ts';
import { hashToken } from '../../platform/crypto.ts';
import { authenticateCredentials } from './authenticate.ts';
import { apiKeys } from './schema.ts';

let server: Awaited<ReturnType<typeof startTestServer>>;
let ownerA: StaffSession;
let ownerB: StaffSession;

beforeAll(async () => {
  server = await startTestServer();
  ownerA = await createStaffSession(server, { role: 'owner' });
  ownerB = await createStaffSession(server, { role: 'owner' });
});
afterAll(async () => {
  await server?.close();
});

const bearer = (key: string) => ({ authorization: `Bearer ${key}` });

async function createKey(owner: StaffSession, body: Record<string, unknown>) {
  return call(server, 'POST', '/admin/v1/api-keys', { headers: owner.headers, body });
}

describe('API keys', () => {
  it('shows a new key once and stores only its hash and prefix', async () => {
    const created = await createKey(ownerA, { kind: 'secret', name: 'ERP sync' });
    expect(created.status).toBe(201);
    const { key, id, prefix } = created.body;
    expect(key).toMatch(/^sk_[0-9A-Za-z]{32}$/);
    expect(key.startsWith(prefix)).toBe(true);
    expect(created.body).toMatchObject({
      kind: 'secret',
      role: 'admin',
      name: 'ERP sync',
      created_by: ownerA.userId,
    });

    const [row] = await server.platform.db.select().from(apiKeys).where(eq(apiKeys.id, id));
    expect(row!.tokenHash).toBe(hashToken(key));
    expect(JSON.stringify(row)).not.toContain(key);

    const list = await call(server, 'GET', '/admin/v1/api-keys', { headers: ownerA.headers });
    expect(list.status).toBe(200);
    const listed = list.body.data.find((k: { id: string }) => k.id === id);
    expect(listed).toMatchObject({ id, prefix, kind: 'secret' });
    expect(listed.key).toBeUndefined();
    expect(JSON.stringify(list.body)).not.toContain(key);

    // The audit log records the creation, without the key.
    const audit = await call(server, 'GET', `/admin/v1/audit-log?entity_id=${id}`, {
      headers: ownerA.headers,
    });
    expect(audit.body.data[0]).toMatchObject({ action: 'api_key.created' });
    expect(JSON.stringify(audit.body)).not.toContain(key);
  });

  it('a secret key acts on the admin API with its role, without staff or key management', async () => {
    const { key } = (await createKey(ownerA, { kind: 'secret', name: 'reader', role: 'read_only' })).body;
    const store = await call(server, 'GET', '/admin/v1/store', { headers: bearer(key) });
    expect(store.status).toBe(200);
    expect(store.body.id).toBe(ownerA.storeId);
    expect((await call(server, 'GET', '/admin/v1/store', { headers: { 'x-api-key': key } })).status).toBe(
      200,
    );
    const patch = await call(server, 'PATCH', '/admin/v1/store', {
      headers: bearer(key),
      body: { name: 'x' },
    });
    expect(patch.status).toBe(403);

    const admin = (await createKey(ownerA, { kind: 'secret', name: 'admin key' })).body.key;
    expect(
      (await call(server, 'PATCH', '/admin/v1/store', { headers: bearer(admin), body: { name: 'Renamed' } }))
        .status,
    ).toBe(200);
    const mint = await call(server, 'POST', '/admin/v1/api-keys', {
      headers: bearer(admin),
      body: { kind: 'secret', name: 'child' },
    });
    expect(mint.status).toBe(403);
    const invite = await call(server, 'POST', '/admin/v1/staff', {
      headers: bearer(admin),
      body: { email: 'z@example.com', role: 'staff' },
    });
    expect(invite.status).toBe(403);
    expect((await call(server, 'GET', '/admin/v1/me', { headers: bearer(admin) })).status).toBe(403);
    expect((await call(server, 'GET', '/platform/v1/organizations', { headers: bearer(admin) })).status).toBe(
      403,
    );
  });

  it('a publishable key reaches only the storefront', async () => {
    const { key } = (await createKey(ownerA, { kind: 'publishable', name: 'web' })).body;
    expect(key).toMatch(/^pk_/);
    const admin = await call(server, 'GET', '/admin/v1/store', { headers: bearer(key) });
    expect(admin.status).toBe(403);
    const viaHeader = await call(server, 'GET', '/admin/v1/store', { headers: { 'x-publishable-key': key } });
    expect(viaHeader.status).toBe(403);
    const withRole = await createKey(ownerA, { kind: 'publishable', name: 'web', role: 'admin' });
    expect(withRole.status).toBe(400);
  });

  it('identifies the store on the ingest surface from a publishable key', async () => {
    const pk = await createTestApiKey(server, { storeId: ownerA.storeId!, kind: 'publishable' });
    const viaHeader = await authenticateCredentials(
      server.platform,
      { publishableKey: pk.key },
      { surface: 'ingest' },
    );
    expect(viaHeader).toMatchObject({ kind: 'publishable_key', storeId: ownerA.storeId, apiKeyId: pk.id });
    const viaBearer = await authenticateCredentials(
      server.platform,
      { authorization: `Bearer ${pk.key}` },
      { surface: 'ingest' },
    );
    expect(viaBearer?.storeId).toBe(ownerA.storeId);
    expect(await authenticateCredentials(server.platform, {}, { surface: 'ingest' })).toBeNull();
    await expect(
      authenticateCredentials(server.platform, { publishableKey: 'pk_nope' }, { surface: 'ingest' }),
    ).rejects.toMatchObject({ code: 'API_KEY_INVALID' });
    // A secret key presented as a publishable one is refused.
    const sk = await createTestApiKey(server, { storeId: ownerA.storeId!, kind: 'secret' });
    await expect(
      authenticateCredentials(
        server.platform,
        { publishableKey: `pk_${sk.key.slice(3)}` },
        { surface: 'ingest' },
      ),
    ).rejects.toMatchObject({ code: 'API_KEY_INVALID' });
  });

  it('revoking a key stops it at once; other keys keep working', async () => {
    const a = (await createKey(ownerA, { kind: 'secret', name: 'to revoke' })).body;
    const b = (await createKey(ownerA, { kind: 'secret', name: 'to keep' })).body;
    expect((await call(server, 'GET', '/admin/v1/store', { headers: bearer(a.key) })).status).toBe(200);

    const revoked = await call(server, 'DELETE', `/admin/v1/api-keys/${a.id}`, { headers: ownerA.headers });
    expect(revoked.status).toBe(200);
    expect(revoked.body.revoked_at).not.toBeNull();
    const after = await call(server, 'GET', '/admin/v1/store', { headers: bearer(a.key) });
    expect(after.status).toBe(401);
    expect(after.body.code).toBe('API_KEY_INVALID');
    expect((await call(server, 'GET', '/admin/v1/store', { headers: bearer(b.key) })).status).toBe(200);
    const again = await call(server, 'DELETE', `/admin/v1/api-keys/${a.id}`, { headers: ownerA.headers });
    expect(again.status).toBe(200);
  });

  it('records when a key was last used, off the request path', async () => {
    const k = (await createKey(ownerA, { kind: 'secret', name: 'used' })).body;
    expect(k.last_used_at).toBeNull();
    await call(server, 'GET', '/admin/v1/store', { headers: bearer(k.key) });
    let lastUsed: Date | null = null;
    for (let i = 0; i < 50 && !lastUsed; i++) {
      await new Promise((r) => setTimeout(r, 20));
      [{ lastUsedAt: lastUsed }] = (await server.platform.db
        .select({ lastUsedAt: apiKeys.lastUsedAt })
        .from(apiKeys)
        .where(eq(apiKeys.id, k.id))) as [{ lastUsedAt: Date | null }];
    }
    expect(lastUsed).toBeInstanceOf(Date);
    const listed = (
      await call(server, 'GET', '/admin/v1/api-keys', { headers: ownerA.headers })
    ).body.data.find((x: { id: string }) => x.id === k.id);
    expect(listed.last_used_at).not.toBeNull();
  });

  it('staff without api_keys permissions cannot list or create keys', async () => {
    const clerk = await createStaffSession(server, { role: 'staff', storeId: ownerA.storeId! });
    expect((await call(server, 'GET', '/admin/v1/api-keys', { headers: clerk.headers })).status).toBe(403);
    expect((await createKey(clerk, { kind: 'publishable', name: 'x' })).status).toBe(403);
  });
});

describe('tenant isolation', () => {
  it("a store-A credential never reads or changes store B's data", async () => {
    const keyB = await createTestApiKey(server, { storeId: ownerB.storeId!, kind: 'secret' });
    const keyA = await createTestApiKey(server, { storeId: ownerA.storeId!, kind: 'secret' });

    // Lists show only the caller's own store.
    const staffA = await call(server, 'GET', '/admin/v1/staff', { headers: ownerA.headers });
    expect(staffA.body.data.map((m: { user_id: string }) => m.user_id)).not.toContain(ownerB.userId);
    const keysA = await call(server, 'GET', '/admin/v1/api-keys', { headers: keyA.headers });
    expect(keysA.body.data.map((k: { id: string }) => k.id)).toContain(keyA.id);
    expect(keysA.body.data.map((k: { id: string }) => k.id)).not.toContain(keyB.id);

    // Nor can it act on another store's key or people.
    const revokeB = await call(server, 'DELETE', `/admin/v1/api-keys/${keyB.id}`, {
      headers: ownerA.headers,
    });
    expect(revokeB.status).toBe(404);
    expect((await call(server, 'GET', '/admin/v1/store', { headers: keyB.headers })).status).toBe(200);
    const demoteB = await call(server, 'PATCH', `/admin/v1/staff/${ownerB.userId}`, {
      headers: ownerA.headers,
      body: { role: 'staff' },
    });
    expect(demoteB.status).toBe(404);
    const removeB = await call(server, 'DELETE', `/admin/v1/staff/${ownerB.userId}`, {
      headers: keyA.headers,
    });
    expect(removeB.status).toBe(403);

    // The store each credential sees is its own.
    expect((await call(server, 'GET', '/admin/v1/store', { headers: keyA.headers })).body.id).toBe(
      ownerA.storeId,
    );
    expect((await call(server, 'GET', '/admin/v1/store', { headers: ownerB.headers })).body.id).toBe(
      ownerB.storeId,
    );
    const switchToB = await call(server, 'POST', '/admin/v1/auth/switch-store', {
      headers: ownerA.headers,
      body: { store_id: ownerB.storeId },
    });
    expect(switchToB.status).toBe(403);
  });
});
