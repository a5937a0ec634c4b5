import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer } from '../../../test/harness.ts';
import { call, createStaffSession, type StaffSession } from '../../../test/identity.ts';
import { waitForMail } from '../../../test/mail.ts';

let server: Awaited<ReturnType<typeof startTestServer>>;
let admin: StaffSession;

beforeAll(async () => {
  server = await startTestServer();
  admin = await createStaffSession(server, { operatorRole: 'admin' });
});
afterAll(async () => {
  await server?.close();
});

describe('operator staff', () => {
  it('invites an operator, who accepts and gets the role', async () => {
    const email = 'ae@example.com';
    const invited = await call(server, 'POST', '/platform/v1/users', {
      headers: admin.headers,
      body: { email, operator_role: 'account_executive', name: 'Alex' },
    });
    expect(invited.status).toBe(201);
    expect(invited.body).toMatchObject({
      invited: true,
      user: { email, operator_role: 'account_executive' },
    });
    const again = await call(server, 'POST', '/platform/v1/users', {
      headers: admin.headers,
      body: { email, operator_role: 'support' },
    });
    expect(again.status).toBe(409);

    const mail = await waitForMail(server, { to: email });
    expect(mail.subject).toMatch(/Carton platform/);
    const token = /Invitation code: (\S+)/.exec(mail.text)![1]!;
    const accepted = await call(server, 'POST', '/admin/v1/auth/invitations/accept', {
      body: { token, password: 'operator password' },
    });
    expect(accepted.body).toMatchObject({
      operator_role: 'account_executive',
      store_id: null,
      mfa_enrolment_required: false,
    });
    const ae = { authorization: `Bearer ${accepted.body.access_token}` };
    expect((await call(server, 'GET', '/platform/v1/organizations', { headers: ae })).status).toBe(200);
    expect(
      (await call(server, 'POST', '/platform/v1/organizations', { headers: ae, body: { name: 'Lead Co' } }))
        .status,
    ).toBe(201);
    expect((await call(server, 'GET', '/platform/v1/users', { headers: ae })).status).toBe(200);
    expect(
      (
        await call(server, 'POST', '/platform/v1/users', {
          headers: ae,
          body: { email: 'x@example.com', operator_role: 'admin' },
        })
      ).status,
    ).toBe(403);

    const list = await call(server, 'GET', '/platform/v1/users', { headers: admin.headers });
    expect(list.body.data.map((u: { email: string }) => u.email)).toEqual(
      expect.arrayContaining([email, admin.email]),
    );
  });

  it('changes roles (ending sessions) and keeps at least one operator admin', async () => {
    const support = await createStaffSession(server, { operatorRole: 'support' });
    const changed = await call(server, 'PATCH', `/platform/v1/users/${support.userId}`, {
      headers: admin.headers,
      body: { operator_role: 'read_only' },
    });
    expect(changed.status).toBe(200);
    expect(changed.body.operator_role).toBe('read_only');
    expect((await call(server, 'GET', '/admin/v1/me', { headers: support.headers })).body.code).toBe(
      'TOKEN_REVOKED',
    );
    const relogin = await call(server, 'POST', '/admin/v1/auth/login', {
      body: { email: support.email, password: support.password },
    });
    expect(relogin.body.operator_role).toBe('read_only');

    const removed = await call(server, 'PATCH', `/platform/v1/users/${support.userId}`, {
      headers: admin.headers,
      body: { operator_role: null },
    });
    expect(removed.body.operator_role).toBeNull();

    const self = await call(server, 'PATCH', `/platform/v1/users/${admin.userId}`, {
      headers: admin.headers,
      body: { operator_role: 'support' },
    });
    expect(self.status).toBe(409);
    const bad = await call(server, 'PATCH', `/platform/v1/users/${support.userId}`, {
      headers: admin.headers,
      body: { operator_role: 'overlord' },
    });
    expect(bad.status).toBe(400);
    const unknown = await call(server, 'PATCH', '/platform/v1/users/user_nope', {
      headers: admin.headers,
      body: { operator_role: 'support' },
    });
    expect(unknown.status).toBe(404);

    const audit = await call(server, 'GET', `/platform/v1/audit-log?entity_id=${support.userId}`, {
      headers: admin.headers,
    });
    expect(audit.body.data.map((e: { action: string }) => e.action)).toContain('operator.role_changed');
  });

  it('operator admins must use MFA', async () => {
    const login = await call(server, 'POST', '/admin/v1/auth/login', {
      body: { email: admin.email, password: admin.password },
    });
    expect(login.body.status).toBe('mfa_required');
  });
});
