import { Secret, TOTP } from 'otpauth';
import { randomBytes } from 'node:crypto';
import { createApiKey, type ApiKeyKind } from '../src/modules/identity/api-keys.ts';
import { upsertMembership } from '../src/modules/identity/memberships.ts';
import { hashPassword } from '../src/modules/identity/passwords.ts';
import type { OperatorRole, StoreRole } from '../src/modules/identity/permissions.ts';
import { createUser } from '../src/modules/identity/staff-users.ts';
import { createOrganization, createStore } from '../src/modules/tenancy/service.ts';
import type { Store } from '../src/modules/tenancy/schema.ts';
import type { Platform } from '../src/platform/context.ts';
import { withStore } from '../src/platform/db/database.ts';

/**
 * Test helpers for anything that needs a signed-in staff member, an API key or a store, against
 * a real server from `startTestServer()`:
 *
 *   const server = await startTestServer();
 *   const owner = await createStaffSession(server, { role: 'owner' });        // new store, MFA done
 *   await fetch(`${server.url}/admin/v1/store`, { headers: owner.headers });
 *   const sk = await createTestApiKey(server, { storeId: owner.storeId!, kind: 'secret' });
 *   await fetch(`${server.url}/admin/v1/store`, { headers: { authorization: `Bearer ${sk.key}` } });
 */

type Target = { platform: Platform; url: string };
type PlatformTarget = Platform | { platform: Platform };

const platformOf = (t: PlatformTarget): Platform => ('platform' in t ? t.platform : t);
const unique = () => randomBytes(4).toString('hex');

/** A new organization and store (handle unique unless given). */
export async function createTestStore(
  target: PlatformTarget,
  options: { handle?: string; name?: string; currency?: string } = {},
): Promise<Store> {
  const db = platformOf(target).db;
  const org = await createOrganization(db, { name: `Org ${unique()}` });
  return createStore(db, {
    organizationId: org.id,
    input: {
      name: options.name ?? 'Test Store',
      handle: options.handle ?? `store-${unique()}`,
      currency: options.currency ?? 'USD',
    },
  });
}

/** A TOTP code for an enrolled secret, `offsetSteps` 30-second steps from now. */
export function totpCode(secret: string, offsetSteps = 0): string {
  return new TOTP({ secret: Secret.fromBase32(secret) }).generate({
    timestamp: Date.now() + offsetSteps * 30_000,
  });
}

export interface StaffSession {
  userId: string;
  email: string;
  password: string;
  storeId: string | null;
  accessToken: string;
  refreshToken: string;
  sessionId: string;
  /** The TOTP secret when the helper enrolled MFA (owner, admin, operator admin), else null. */
  totpSecret: string | null;
  /** `{ authorization: 'Bearer …' }`, ready for fetch. */
  headers: Record<string, string>;
}

async function post(url: string, body: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(url, {
    method: 'POST',
    headers: body === undefined ? headers : { 'content-type': 'application/json', ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = (await res.json()) as Record<string, unknown>;
  if (!res.ok) throw new Error(`POST ${url} → ${res.status} ${JSON.stringify(json)}`);
  return json;
}

/**
 * A signed-in staff member over real HTTP: creates the user (and, for a store role without a
 * `storeId`, a new store), signs in, and completes MFA enrolment when the role needs it, so the
 * token works on every route the role allows.
 */
export async function createStaffSession(
  server: Target,
  options: {
    role?: StoreRole;
    storeId?: string;
    operatorRole?: OperatorRole;
    email?: string;
    password?: string;
  } = {},
): Promise<StaffSession> {
  const { platform } = server;
  const role = options.role ?? (options.operatorRole ? undefined : 'owner');
  const storeId = role
    ? (options.storeId ?? (await createTestStore(platform)).id)
    : (options.storeId ?? null);
  const email = options.email ?? `staff-${unique()}@example.com`;
  const password = options.password ?? `pw-${randomBytes(12).toString('hex')}`;
  const user = await createUser(platform.db, {
    email,
    passwordHash: await hashPassword(password),
    operatorRole: options.operatorRole ?? null,
    status: 'active',
  });
  if (role && storeId) {
    await withStore(platform.db, storeId, (tx) => upsertMembership(tx, { storeId, userId: user.id, role }));
  }

  const login = await post(`${server.url}/admin/v1/auth/login`, {
    email,
    password,
    ...(storeId ? { store_id: storeId } : {}),
  });
  let accessToken = login.access_token as string;
  let totpSecret: string | null = null;
  if (login.mfa_enrolment_required) {
    const auth = { authorization: `Bearer ${accessToken}` };
    const enrol = await post(`${server.url}/admin/v1/auth/mfa/enrol`, undefined, auth);
    totpSecret = enrol.secret as string;
    const activated = await post(
      `${server.url}/admin/v1/auth/mfa/activate`,
      { code: totpCode(totpSecret) },
      auth,
    );
    accessToken = activated.access_token as string;
  }
  return {
    userId: user.id,
    email,
    password,
    storeId,
    accessToken,
    refreshToken: login.refresh_token as string,
    sessionId: login.session_id as string,
    totpSecret,
    headers: { authorization: `Bearer ${accessToken}` },
  };
}

/** An API key for a store, made directly through the service (no HTTP). */
export async function createTestApiKey(
  target: PlatformTarget,
  options: { storeId: string; kind?: ApiKeyKind; role?: 'admin' | 'staff' | 'read_only'; name?: string },
): Promise<{ id: string; key: string; headers: Record<string, string> }> {
  const kind = options.kind ?? 'secret';
  const { apiKey, key } = await withStore(platformOf(target).db, options.storeId, (tx) =>
    createApiKey(tx, {
      storeId: options.storeId,
      kind,
      role: options.role,
      name: options.name ?? `test ${kind} key`,
    }),
  );
  const headers: Record<string, string> =
    kind === 'secret' ? { authorization: `Bearer ${key}` } : { 'x-publishable-key': key };
  return { id: apiKey.id, key, headers };
}

export interface HttpResult {
  status: number;
  headers: Headers;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any;
}

/**
 * One JSON request against a test server. `body` is sent as JSON; `raw` is sent as is (for
 * malformed-input tests).
 */
export async function call(
  server: { url: string },
  method: string,
  path: string,
  options: { headers?: Record<string, string>; body?: unknown; raw?: string } = {},
): Promise<HttpResult> {
  const hasBody = options.body !== undefined || options.raw !== undefined;
  const res = await fetch(`${server.url}${path}`, {
    method,
    headers: { ...(hasBody ? { 'content-type': 'application/json' } : {}), ...options.headers },
    body: options.raw ?? (options.body === undefined ? undefined : JSON.stringify(options.body)),
  });
  const text = await res.text();
  let body: unknown;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    body = text;
  }
  return { status: res.status, headers: res.headers, body };
}
