import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer } from '../../../test/harness.ts';
import { call, createStaffSession, createTestStore, totpCode } from '../../../test/identity.ts';
import { waitForMail } from '../../../test/mail.ts';
import { withStore } from '../../platform/db/database.ts';
import { upsertMembership } from './memberships.ts';
import { hashPassword } from './passwords.ts';
import { authRefreshTokens, authSessions, mfaRecoveryCodes, users } from './schema.ts';
import { createUser } from './staff-users.ts';
import { identityState } from './state.ts';
import { TokenService } from './tokens.ts';

let server: Awaited<ReturnType<typeof startTestServer>>;

beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.close();
});

/** A user with a password and (optionally) a store role, not signed in. */
async function newUser(options: { role?: 'owner' | 'admin' | 'staff' | 'read_only'; storeId?: string } = {}) {
  const email = `u-${Math.random().toString(36).slice(2)}@example.com`;
  const password = 'correct horse battery';
  const user = await createUser(server.platform.db, {
    email,
    passwordHash: await hashPassword(password),
    status: 'active',
  });
  const storeId = options.role ? (options.storeId ?? (await createTestStore(server)).id) : null;
  if (options.role && storeId) {
    await withStore(server.platform.db, storeId, (tx) =>
      upsertMembership(tx, { storeId, userId: user.id, role: options.role! }),
    );
  }
  return { user, email, password, storeId };
}

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

describe('staff sign-in', () => {
  it('signs in with the right password and answers 401 INVALID_CREDENTIALS otherwise', async () => {
    const u = await newUser({ role: 'staff' });
    const ok = await call(server, 'POST', '/admin/v1/auth/login', {
      body: { email: u.email.toUpperCase(), password: u.password },
    });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({
      status: 'authenticated',
      token_type: 'Bearer',
      expires_in: 900,
      store_id: u.storeId,
      store_role: 'staff',
      mfa_enrolment_required: false,
      user: { id: u.user.id, email: u.email },
    });
    expect(ok.body.refresh_token).toMatch(/^rt_/);
    const store = await call(server, 'GET', '/admin/v1/store', { headers: bearer(ok.body.access_token) });
    expect(store.status).toBe(200);
    expect(store.body.id).toBe(u.storeId);

    const wrong = await call(server, 'POST', '/admin/v1/auth/login', {
      body: { email: u.email, password: 'nope' },
    });
    expect(wrong.status).toBe(401);
    expect(wrong.headers.get('content-type')).toMatch(/application\/problem\+json/);
    expect(wrong.body.code).toBe('INVALID_CREDENTIALS');
    const unknown = await call(server, 'POST', '/admin/v1/auth/login', {
      body: { email: 'nobody@example.com', password: 'whatever-password' },
    });
    expect(unknown.body.code).toBe('INVALID_CREDENTIALS');
  });

  it('rejects malformed and mistyped bodies with 400 and writes nothing', async () => {
    const before = await server.platform.db.select().from(authSessions);
    const malformed = await call(server, 'POST', '/admin/v1/auth/login', { raw: '{"email": ' });
    expect(malformed.status).toBe(400);
    expect(malformed.body.code).toBe('MALFORMED_JSON');
    const mistyped = await call(server, 'POST', '/admin/v1/auth/login', {
      body: { email: 42, password: ['x'] },
    });
    expect(mistyped.status).toBe(400);
    expect(mistyped.body.code).toBe('VALIDATION_FAILED');
    expect(mistyped.body.errors.map((e: { path: string }) => e.path)).toEqual(
      expect.arrayContaining(['body.email', 'body.password']),
    );
    const after = await server.platform.db.select().from(authSessions);
    expect(after.length).toBe(before.length);
  });

  it('refuses a store the user is not a member of', async () => {
    const u = await newUser({ role: 'staff' });
    const other = await createTestStore(server);
    const res = await call(server, 'POST', '/admin/v1/auth/login', {
      body: { email: u.email, password: u.password, store_id: other.id },
    });
    expect(res.status).toBe(403);
    const unknown = await call(server, 'POST', '/admin/v1/auth/login', {
      body: { email: u.email, password: u.password, store_id: 'store_doesnotexist' },
    });
    expect(unknown.status).toBe(403);
  });
});

describe('refresh tokens', () => {
  it('rotate on every use, and reuse of a spent token ends the whole family', async () => {
    const u = await newUser({ role: 'staff' });
    const login = await call(server, 'POST', '/admin/v1/auth/login', {
      body: { email: u.email, password: u.password },
    });
    const rt1 = login.body.refresh_token;

    const first = await call(server, 'POST', '/admin/v1/auth/refresh', { body: { refresh_token: rt1 } });
    expect(first.status).toBe(200);
    const rt2 = first.body.refresh_token;
    expect(rt2).not.toBe(rt1);
    expect(first.body.session_id).toBe(login.body.session_id);
    expect(
      (await call(server, 'GET', '/admin/v1/me', { headers: bearer(first.body.access_token) })).status,
    ).toBe(200);

    // Stored hashed: the token itself appears nowhere in the table.
    const rows = await server.platform.db
      .select()
      .from(authRefreshTokens)
      .where(eq(authRefreshTokens.sessionId, login.body.session_id));
    expect(rows).toHaveLength(2);
    expect(JSON.stringify(rows)).not.toContain(rt1.slice(3));

    const reuse = await call(server, 'POST', '/admin/v1/auth/refresh', { body: { refresh_token: rt1 } });
    expect(reuse.status).toBe(401);
    expect(reuse.body.code).toBe('TOKEN_REVOKED');
    // The thief's reuse also ends the legitimate holder's tokens.
    const next = await call(server, 'POST', '/admin/v1/auth/refresh', { body: { refresh_token: rt2 } });
    expect(next.status).toBe(401);
    expect(next.body.code).toBe('TOKEN_REVOKED');
    const me = await call(server, 'GET', '/admin/v1/me', { headers: bearer(first.body.access_token) });
    expect(me.status).toBe(401);
    expect(me.body.code).toBe('TOKEN_REVOKED');
  });

  it('rejects unknown refresh tokens with TOKEN_INVALID', async () => {
    const res = await call(server, 'POST', '/admin/v1/auth/refresh', {
      body: { refresh_token: 'rt_forged' },
    });
    expect(res.status).toBe(401);
    expect(res.body.code).toBe('TOKEN_INVALID');
  });

  it('picks up role changes on refresh', async () => {
    const u = await newUser({ role: 'read_only' });
    const login = await call(server, 'POST', '/admin/v1/auth/login', {
      body: { email: u.email, password: u.password },
    });
    await withStore(server.platform.db, u.storeId!, (tx) =>
      upsertMembership(tx, { storeId: u.storeId!, userId: u.user.id, role: 'staff' }),
    );
    const refreshed = await call(server, 'POST', '/admin/v1/auth/refresh', {
      body: { refresh_token: login.body.refresh_token },
    });
    expect(refreshed.body.store_role).toBe('staff');
  });
});

describe('logout and bad access tokens', () => {
  it('logout stops the access token at once and ends the refresh token', async () => {
    const s = await createStaffSession(server, { role: 'staff' });
    expect((await call(server, 'GET', '/admin/v1/me', { headers: s.headers })).status).toBe(200);
    const out = await call(server, 'POST', '/admin/v1/auth/logout', { headers: s.headers });
    expect(out.status).toBe(204);
    const me = await call(server, 'GET', '/admin/v1/me', { headers: s.headers });
    expect(me.status).toBe(401);
    expect(me.body.code).toBe('TOKEN_REVOKED');
    const refresh = await call(server, 'POST', '/admin/v1/auth/refresh', {
      body: { refresh_token: s.refreshToken },
    });
    expect(refresh.status).toBe(401);
    expect(refresh.body.code).toBe('TOKEN_REVOKED');
  });

  it('answers expired, forged, tampered and malformed tokens with distinct 401 codes', async () => {
    const s = await createStaffSession(server, { role: 'staff' });
    const claims = {
      userId: s.userId,
      sessionId: s.sessionId,
      storeId: s.storeId,
      storeRole: 'owner',
      operatorRole: null,
      mfa: true,
      mfaEnrolmentRequired: false,
    };
    const expired = await identityState(server.platform).tokens.signStaff(claims, -60);
    const forged = await new TokenService('another-secret-another-secret-another-secret').signStaff(claims);
    const [h, p, sig] = s.accessToken.split('.');
    const payload = JSON.parse(Buffer.from(p!, 'base64url').toString());
    const tampered = [
      h,
      Buffer.from(JSON.stringify({ ...payload, store_role: 'owner' })).toString('base64url'),
      sig,
    ].join('.');
    const customerToken = await identityState(server.platform).tokens.signCustomer({
      customerId: 'cus_x',
      sessionId: s.sessionId,
      storeId: s.storeId!,
    });

    const cases: [Record<string, string>, string][] = [
      [bearer(expired), 'TOKEN_EXPIRED'],
      [bearer(forged), 'TOKEN_INVALID'],
      [bearer(tampered), 'TOKEN_INVALID'],
      [bearer('not-a-jwt'), 'TOKEN_INVALID'],
      [bearer(customerToken), 'TOKEN_INVALID'],
      [{ authorization: `Basic ${Buffer.from('a:b').toString('base64')}` }, 'TOKEN_INVALID'],
      [bearer('sk_doesnotexist'), 'API_KEY_INVALID'],
    ];
    for (const [headers, code] of cases) {
      const res = await call(server, 'GET', '/admin/v1/store', { headers });
      expect(res.status, code).toBe(401);
      expect(res.body.code).toBe(code);
      expect(res.headers.get('content-type')).toMatch(/problem\+json/);
    }
    const none = await call(server, 'GET', '/admin/v1/store');
    expect(none.status).toBe(401);
    expect(none.body.code).toBe('UNAUTHENTICATED');
  });
});

describe('MFA', () => {
  it('is required for owners: until enrolled, only enrolment routes work', async () => {
    const u = await newUser({ role: 'owner' });
    const login = await call(server, 'POST', '/admin/v1/auth/login', {
      body: { email: u.email, password: u.password },
    });
    expect(login.body.mfa_enrolment_required).toBe(true);
    const auth = bearer(login.body.access_token);

    const blocked = await call(server, 'GET', '/admin/v1/store', { headers: auth });
    expect(blocked.status).toBe(403);
    expect(blocked.body.code).toBe('MFA_ENROLMENT_REQUIRED');
    expect((await call(server, 'GET', '/admin/v1/me', { headers: auth })).status).toBe(200);

    const enrol = await call(server, 'POST', '/admin/v1/auth/mfa/enrol', { headers: auth });
    expect(enrol.status).toBe(200);
    expect(enrol.body.otpauth_uri).toMatch(/^otpauth:\/\/totp\/Carton:.+secret=/);
    const secret = enrol.body.secret;
    // The secret is stored encrypted, never in the clear.
    const [row] = await server.platform.db.select().from(users).where(eq(users.id, u.user.id));
    expect(row!.mfaSecret).toMatch(/^v1\./);
    expect(row!.mfaSecret).not.toContain(secret);

    const badCode = await call(server, 'POST', '/admin/v1/auth/mfa/activate', {
      headers: auth,
      body: { code: '000000' },
    });
    expect(badCode.status).toBe(401);
    expect(badCode.body.code).toBe('MFA_INVALID');

    const code = totpCode(secret);
    const activated = await call(server, 'POST', '/admin/v1/auth/mfa/activate', {
      headers: auth,
      body: { code },
    });
    expect(activated.status).toBe(200);
    expect(activated.body.recovery_codes).toHaveLength(10);
    expect(activated.body.mfa_enrolment_required).toBe(false);
    const codes = await server.platform.db
      .select()
      .from(mfaRecoveryCodes)
      .where(eq(mfaRecoveryCodes.userId, u.user.id));
    expect(codes).toHaveLength(10);
    expect(JSON.stringify(codes)).not.toContain(activated.body.recovery_codes[0]);

    const store = await call(server, 'GET', '/admin/v1/store', {
      headers: bearer(activated.body.access_token),
    });
    expect(store.status).toBe(200);

    // Signing in now takes a second factor.
    const again = await call(server, 'POST', '/admin/v1/auth/login', {
      body: { email: u.email, password: u.password },
    });
    expect(again.body).toMatchObject({ status: 'mfa_required' });
    expect(again.body.access_token).toBeUndefined();
    const replay = await call(server, 'POST', '/admin/v1/auth/mfa/verify', {
      body: { mfa_token: again.body.mfa_token, code },
    });
    expect(replay.status).toBe(401);
    expect(replay.body.code).toBe('MFA_INVALID');
    const verified = await call(server, 'POST', '/admin/v1/auth/mfa/verify', {
      body: { mfa_token: again.body.mfa_token, code: totpCode(secret, 1) },
    });
    expect(verified.status).toBe(200);
    expect(verified.body).toMatchObject({ status: 'authenticated', store_role: 'owner' });
    expect(
      (await call(server, 'GET', '/admin/v1/store', { headers: bearer(verified.body.access_token) })).status,
    ).toBe(200);

    // A recovery code works once.
    const third = await call(server, 'POST', '/admin/v1/auth/login', {
      body: { email: u.email, password: u.password },
    });
    const recovery = activated.body.recovery_codes[3];
    const viaRecovery = await call(server, 'POST', '/admin/v1/auth/mfa/verify', {
      body: { mfa_token: third.body.mfa_token, code: recovery.toUpperCase() },
    });
    expect(viaRecovery.status).toBe(200);
    const reused = await call(server, 'POST', '/admin/v1/auth/mfa/verify', {
      body: { mfa_token: third.body.mfa_token, code: recovery },
    });
    expect(reused.status).toBe(401);
    expect(reused.body.code).toBe('MFA_INVALID');
    const me = await call(server, 'GET', '/admin/v1/me', { headers: bearer(viaRecovery.body.access_token) });
    expect(me.body).toMatchObject({ user: { mfa_enabled: true }, mfa_recovery_codes_remaining: 9 });

    // Enrolling again once active is a conflict.
    const reenrol = await call(server, 'POST', '/admin/v1/auth/mfa/enrol', {
      headers: bearer(verified.body.access_token),
    });
    expect(reenrol.status).toBe(409);
  });

  it('rejects a forged or expired MFA challenge', async () => {
    const bad = await call(server, 'POST', '/admin/v1/auth/mfa/verify', {
      body: { mfa_token: 'eyJhbGciOiJIUzI1NiJ9.e30.x', code: '123456' },
    });
    expect(bad.status).toBe(401);
    expect(bad.body.code).toBe('TOKEN_INVALID');
    const expired = await identityState(server.platform).tokens.signMfaChallenge(
      { userId: 'user_x', storeId: null },
      -5,
    );
    const res = await call(server, 'POST', '/admin/v1/auth/mfa/verify', {
      body: { mfa_token: expired, code: '123456' },
    });
    expect(res.body.code).toBe('TOKEN_EXPIRED');
  });

  it('activation ends the other sessions of the user', async () => {
    const u = await newUser({ role: 'admin' });
    const a = await call(server, 'POST', '/admin/v1/auth/login', {
      body: { email: u.email, password: u.password },
    });
    const b = await call(server, 'POST', '/admin/v1/auth/login', {
      body: { email: u.email, password: u.password },
    });
    const enrol = await call(server, 'POST', '/admin/v1/auth/mfa/enrol', {
      headers: bearer(a.body.access_token),
    });
    await call(server, 'POST', '/admin/v1/auth/mfa/activate', {
      headers: bearer(a.body.access_token),
      body: { code: totpCode(enrol.body.secret) },
    });
    const other = await call(server, 'GET', '/admin/v1/me', { headers: bearer(b.body.access_token) });
    expect(other.status).toBe(401);
    expect(other.body.code).toBe('TOKEN_REVOKED');
  });
});

describe('password reset', () => {
  it('sends a single-use link by e-mail; the reset ends every session', async () => {
    const u = await newUser({ role: 'staff' });
    const login = await call(server, 'POST', '/admin/v1/auth/login', {
      body: { email: u.email, password: u.password },
    });

    const forgot = await call(server, 'POST', '/admin/v1/auth/password/forgot', { body: { email: u.email } });
    expect(forgot.status).toBe(202);
    const unknown = await call(server, 'POST', '/admin/v1/auth/password/forgot', {
      body: { email: 'nobody-here@example.com' },
    });
    expect(unknown.status).toBe(202);
    expect(unknown.body).toEqual(forgot.body);

    const mail = await waitForMail(server, { to: u.email, subject: /reset/i });
    const token = /Reset code: (\S+)/.exec(mail.text)![1]!;
    expect(mail.text).toContain(`/admin/reset-password?token=${token}`);

    const tooShort = await call(server, 'POST', '/admin/v1/auth/password/reset', {
      body: { token, password: 'short' },
    });
    expect(tooShort.status).toBe(400);

    const reset = await call(server, 'POST', '/admin/v1/auth/password/reset', {
      body: { token, password: 'a brand new password' },
    });
    expect(reset.status).toBe(200);
    const old = await call(server, 'GET', '/admin/v1/me', { headers: bearer(login.body.access_token) });
    expect(old.body.code).toBe('TOKEN_REVOKED');
    const oldPassword = await call(server, 'POST', '/admin/v1/auth/login', {
      body: { email: u.email, password: u.password },
    });
    expect(oldPassword.status).toBe(401);
    const newPassword = await call(server, 'POST', '/admin/v1/auth/login', {
      body: { email: u.email, password: 'a brand new password' },
    });
    expect(newPassword.status).toBe(200);

    const again = await call(server, 'POST', '/admin/v1/auth/password/reset', {
      body: { token, password: 'yet another password' },
    });
    expect(again.status).toBe(401);
    expect(again.body.code).toBe('TOKEN_INVALID');
  });
});

describe('invitations and staff management', () => {
  it('invites a new person, who accepts by e-mail and signs in to the store', async () => {
    const owner = await createStaffSession(server, { role: 'owner' });
    const email = `invitee-${Date.now()}@example.com`;
    const invite = await call(server, 'POST', '/admin/v1/staff', {
      headers: owner.headers,
      body: { email, role: 'staff', name: 'Ivy' },
    });
    expect(invite.status).toBe(201);
    expect(invite.body).toMatchObject({ email, role: 'staff', status: 'invited', invited: true });

    const mail = await waitForMail(server, { to: email, subject: /invited/i });
    const token = /Invitation code: (\S+)/.exec(mail.text)![1]!;
    const accepted = await call(server, 'POST', '/admin/v1/auth/invitations/accept', {
      body: { token, password: 'my chosen password' },
    });
    expect(accepted.status).toBe(200);
    expect(accepted.body).toMatchObject({
      status: 'authenticated',
      store_id: owner.storeId,
      store_role: 'staff',
    });
    expect(accepted.body.user).toMatchObject({ email, name: 'Ivy', status: 'active' });
    const twice = await call(server, 'POST', '/admin/v1/auth/invitations/accept', {
      body: { token, password: 'my chosen password' },
    });
    expect(twice.status).toBe(401);

    const list = await call(server, 'GET', '/admin/v1/staff', { headers: owner.headers });
    expect(list.body.data.map((m: { email: string }) => m.email)).toContain(email);

    // The audit log has the invitation, by the owner.
    const audit = await call(server, 'GET', '/admin/v1/audit-log?action=staff.invited', {
      headers: owner.headers,
    });
    expect(audit.body.data[0]).toMatchObject({
      actor: { type: 'staff', id: owner.userId },
      entity_id: invite.body.user_id,
    });
  });

  it('checks permissions and role rules', async () => {
    const owner = await createStaffSession(server, { role: 'owner' });
    const clerk = await createStaffSession(server, { role: 'staff', storeId: owner.storeId! });
    const admin = await createStaffSession(server, { role: 'admin', storeId: owner.storeId! });

    const forbidden = await call(server, 'POST', '/admin/v1/staff', {
      headers: clerk.headers,
      body: { email: 'x@example.com', role: 'staff' },
    });
    expect(forbidden.status).toBe(403);
    expect(forbidden.body.code).toBe('FORBIDDEN');
    expect(
      (await call(server, 'PATCH', '/admin/v1/store', { headers: clerk.headers, body: { name: 'x' } }))
        .status,
    ).toBe(403);

    // An admin cannot make owners, nor touch the owner.
    const makeOwner = await call(server, 'POST', '/admin/v1/staff', {
      headers: admin.headers,
      body: { email: 'y@example.com', role: 'owner' },
    });
    expect(makeOwner.status).toBe(403);
    const demoteOwner = await call(server, 'PATCH', `/admin/v1/staff/${owner.userId}`, {
      headers: admin.headers,
      body: { role: 'staff' },
    });
    expect(demoteOwner.status).toBe(403);

    // The last owner stays.
    const lastOwner = await call(server, 'PATCH', `/admin/v1/staff/${owner.userId}`, {
      headers: owner.headers,
      body: { role: 'admin' },
    });
    expect(lastOwner.status).toBe(409);

    // Promoting the clerk ends the clerk's sessions so the new role applies at once.
    const promoted = await call(server, 'PATCH', `/admin/v1/staff/${clerk.userId}`, {
      headers: owner.headers,
      body: { role: 'read_only' },
    });
    expect(promoted.status).toBe(200);
    expect(promoted.body.role).toBe('read_only');
    expect((await call(server, 'GET', '/admin/v1/me', { headers: clerk.headers })).body.code).toBe(
      'TOKEN_REVOKED',
    );

    const invalidRole = await call(server, 'PATCH', `/admin/v1/staff/${clerk.userId}`, {
      headers: owner.headers,
      body: { role: 'emperor' },
    });
    expect(invalidRole.status).toBe(400);

    const removed = await call(server, 'DELETE', `/admin/v1/staff/${clerk.userId}`, {
      headers: owner.headers,
    });
    expect(removed.status).toBe(204);
    const missing = await call(server, 'DELETE', `/admin/v1/staff/${clerk.userId}`, {
      headers: owner.headers,
    });
    expect(missing.status).toBe(404);
  });

  it('bad invitations write nothing', async () => {
    const owner = await createStaffSession(server, { role: 'owner' });
    const before = (await call(server, 'GET', '/admin/v1/staff', { headers: owner.headers })).body.data
      .length;
    for (const body of [
      { email: 'not-an-email', role: 'staff' },
      { email: 'a@example.com', role: 'king' },
      {},
    ]) {
      const res = await call(server, 'POST', '/admin/v1/staff', { headers: owner.headers, body });
      expect(res.status).toBe(400);
    }
    const malformed = await call(server, 'POST', '/admin/v1/staff', {
      headers: owner.headers,
      raw: '{"email":',
    });
    expect(malformed.body.code).toBe('MALFORMED_JSON');
    const existing = await call(server, 'POST', '/admin/v1/staff', {
      headers: owner.headers,
      body: { email: owner.email, role: 'staff' },
    });
    expect(existing.status).toBe(409);
    const after = (await call(server, 'GET', '/admin/v1/staff', { headers: owner.headers })).body.data.length;
    expect(after).toBe(before);
  });
});

describe('several stores', () => {
  it('switches the active store among the stores the user belongs to, and only those', async () => {
    const s = await createStaffSession(server, { role: 'staff' });
    const second = await createTestStore(server);
    const third = await createTestStore(server);
    await withStore(server.platform.db, second.id, (tx) =>
      upsertMembership(tx, { storeId: second.id, userId: s.userId, role: 'read_only' }),
    );
    const switched = await call(server, 'POST', '/admin/v1/auth/switch-store', {
      headers: s.headers,
      body: { store_id: second.id },
    });
    expect(switched.status).toBe(200);
    expect(switched.body).toMatchObject({ store_id: second.id, store_role: 'read_only' });
    const store = await call(server, 'GET', '/admin/v1/store', {
      headers: bearer(switched.body.access_token),
    });
    expect(store.body.id).toBe(second.id);
    const me = await call(server, 'GET', '/admin/v1/me', { headers: bearer(switched.body.access_token) });
    expect(me.body.stores.map((x: { id: string }) => x.id).sort()).toEqual([s.storeId, second.id].sort());

    // The session now refreshes into the switched store.
    const refreshed = await call(server, 'POST', '/admin/v1/auth/refresh', {
      body: { refresh_token: s.refreshToken },
    });
    expect(refreshed.body.store_id).toBe(second.id);

    const notMine = await call(server, 'POST', '/admin/v1/auth/switch-store', {
      headers: s.headers,
      body: { store_id: third.id },
    });
    expect(notMine.status).toBe(403);
  });
});
