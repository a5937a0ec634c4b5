import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { principalOf, requirePermission } from '../../../platform/auth/principal.ts';
import type { Platform } from '../../../platform/context.ts';
import { AppError } from '../../../platform/errors.ts';
import type { App } from '../../../platform/http/app.ts';
import { auditContext, recordAudit } from '../../audit/service.ts';
import { getStoresByIds } from '../../tenancy/service.ts';
import { acceptInvitation } from '../invitations.ts';
import { listMembershipsOfUser } from '../memberships.ts';
import { activateMfa, enrolMfa, remainingRecoveryCodes } from '../mfa.ts';
import { Email, Password } from '../passwords.ts';
import { SELF_PERMISSION } from '../permissions.ts';
import { revokeSessionsOf, updateStaffSession } from '../sessions.ts';
import {
  completeMfaLogin,
  loginStaff,
  logoutSession,
  refreshStaffTokens,
  reissueStaffAccess,
  switchActiveStore,
} from '../staff-auth.ts';
import { requestStaffPasswordReset, resetStaffPassword } from '../staff-passwords.ts';
import { getUser } from '../staff-users.ts';
import { identityState } from '../state.ts';
import {
  Accepted,
  AuthenticatedOut,
  authenticatedOut,
  MfaChallengeOut,
  StaffAccessOut,
  staffAccessOut,
  StaffTokensOut,
  staffTokensOut,
  StaffUserOut,
  staffUserOut,
} from './wire.ts';

const TAGS = ['staff auth'];
/** Routes a caller reaches before having a token: no credentials read, no idempotency record. */
const PUBLIC = { authentication: 'none', idempotency: false } as const;
const Id = z.string().min(1).max(64);
const Code = z.string().trim().min(6).max(32).describe('A 6-digit TOTP code or a recovery code');

function staffOf(req: Parameters<typeof principalOf>[0]) {
  const p = principalOf(req);
  if (p.kind !== 'staff' || !p.userId || !p.sessionId) {
    throw new AppError('FORBIDDEN', 'Only a signed-in staff member can do this.');
  }
  return { ...p, userId: p.userId, sessionId: p.sessionId };
}

export async function staffAuthRoutes(app: App, platform: Platform): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.post(
    '/admin/v1/auth/login',
    {
      config: PUBLIC,
      schema: {
        tags: TAGS,
        summary: 'Sign in with e-mail and password',
        description:
          'Returns tokens, or (for a user with MFA) an MFA challenge to complete at /admin/v1/auth/mfa/verify. ' +
          'Repeated failures lock the account and the IP for a while (429 ACCOUNT_LOCKED with Retry-After).',
        body: z.object({
          email: Email,
          password: z.string().min(1).max(256),
          store_id: Id.optional().describe(
            'The store to act in; defaults to the first store the user joined',
          ),
        }),
        response: { 200: z.discriminatedUnion('status', [AuthenticatedOut, MfaChallengeOut]) },
      },
    },
    async (req) => {
      const result = await loginStaff(platform, {
        email: req.body.email,
        password: req.body.password,
        storeId: req.body.store_id,
        ip: req.ip,
      });
      if (result.status === 'mfa_required') {
        return { status: 'mfa_required' as const, mfa_token: result.mfaToken, expires_in: result.expiresIn };
      }
      return authenticatedOut(result.tokens, result.user);
    },
  );

  r.post(
    '/admin/v1/auth/mfa/verify',
    {
      config: PUBLIC,
      schema: {
        tags: TAGS,
        summary: 'Complete sign-in with a TOTP code or a recovery code',
        body: z.object({ mfa_token: z.string().min(1).max(2048), code: Code }),
        response: { 200: AuthenticatedOut },
      },
    },
    async (req) => {
      const { tokens, user } = await completeMfaLogin(platform, {
        mfaToken: req.body.mfa_token,
        code: req.body.code,
        ip: req.ip,
      });
      return authenticatedOut(tokens, user);
    },
  );

  r.post(
    '/admin/v1/auth/refresh',
    {
      config: PUBLIC,
      schema: {
        tags: TAGS,
        summary: 'Exchange a refresh token for new tokens',
        description:
          'The refresh token is single use; the response carries the next one. Presenting a used refresh token ' +
          'again ends the whole session (401 TOKEN_REVOKED).',
        body: z.object({ refresh_token: z.string().min(1).max(512) }),
        response: { 200: StaffTokensOut },
      },
    },
    async (req) =>
      staffTokensOut(await refreshStaffTokens(platform, { refreshToken: req.body.refresh_token })),
  );

  r.post(
    '/admin/v1/auth/logout',
    {
      config: { allowDuringMfaEnrolment: true, idempotency: false },
      preHandler: requirePermission(SELF_PERMISSION),
      schema: {
        tags: TAGS,
        summary: 'End the current session',
        security: [{ bearer: [] }],
        response: { 204: z.null() },
      },
    },
    async (req, reply) => {
      await logoutSession(platform, staffOf(req).sessionId);
      return reply.code(204).send(null);
    },
  );

  r.post(
    '/admin/v1/auth/switch-store',
    {
      config: { allowDuringMfaEnrolment: true, idempotency: false },
      preHandler: requirePermission(SELF_PERMISSION),
      schema: {
        tags: TAGS,
        summary: 'Act in another store the user is a member of',
        description: 'Returns a new access token for the chosen store; the refresh token keeps working.',
        security: [{ bearer: [] }],
        body: z.object({ store_id: Id }),
        response: { 200: StaffAccessOut },
      },
    },
    async (req) => {
      const me = staffOf(req);
      return staffAccessOut(
        await switchActiveStore(platform, {
          sessionId: me.sessionId,
          userId: me.userId,
          storeId: req.body.store_id,
        }),
      );
    },
  );

  r.post(
    '/admin/v1/auth/mfa/enrol',
    {
      config: { allowDuringMfaEnrolment: true, idempotency: false },
      preHandler: requirePermission(SELF_PERMISSION),
      schema: {
        tags: TAGS,
        summary: 'Start TOTP enrolment',
        description:
          'Returns the secret and an otpauth:// URI for an authenticator app. Activate with the first code it shows.',
        security: [{ bearer: [] }],
        response: { 200: z.object({ secret: z.string(), otpauth_uri: z.string() }) },
      },
    },
    async (req) => {
      const me = staffOf(req);
      const user = await getUser(platform.db, me.userId);
      const enrolled = await platform.db.transaction(async (tx) => {
        const out = await enrolMfa(tx, { user, cartonSecret: platform.config.CARTON_SECRET });
        await recordAudit(tx, {
          ...auditContext(req),
          action: 'user.mfa_enrolment_started',
          entityType: 'user',
          entityId: user.id,
        });
        return out;
      });
      return { secret: enrolled.secret, otpauth_uri: enrolled.otpauthUri };
    },
  );

  r.post(
    '/admin/v1/auth/mfa/activate',
    {
      config: { allowDuringMfaEnrolment: true, idempotency: false },
      preHandler: requirePermission(SELF_PERMISSION),
      schema: {
        tags: TAGS,
        summary:
          'Activate TOTP with the first code; returns recovery codes (shown once) and a new access token',
        description: "The user's other sessions end: they signed in without the second factor.",
        security: [{ bearer: [] }],
        body: z.object({
          code: z
            .string()
            .trim()
            .regex(/^\d{6}$/, 'a 6-digit code'),
        }),
        response: { 200: StaffAccessOut.extend({ recovery_codes: z.array(z.string()) }) },
      },
    },
    async (req) => {
      const me = staffOf(req);
      const user = await getUser(platform.db, me.userId);
      const { recoveryCodes, ended } = await platform.db.transaction(async (tx) => {
        const out = await activateMfa(tx, {
          user,
          code: req.body.code,
          cartonSecret: platform.config.CARTON_SECRET,
        });
        await updateStaffSession(tx, me.sessionId, { mfaVerified: true });
        const ended = await revokeSessionsOf(tx, { userId: user.id }, 'mfa_activated', {
          except: me.sessionId,
        });
        await recordAudit(tx, {
          ...auditContext(req),
          action: 'user.mfa_activated',
          entityType: 'user',
          entityId: user.id,
          before: { mfa_enabled: false },
          after: { mfa_enabled: true },
        });
        return { ...out, ended };
      });
      identityState(platform).sessions.markRevoked(...ended);
      const access = await reissueStaffAccess(platform, me.sessionId);
      return { ...staffAccessOut(access), recovery_codes: recoveryCodes };
    },
  );

  r.post(
    '/admin/v1/auth/password/forgot',
    {
      config: PUBLIC,
      schema: {
        tags: TAGS,
        summary: 'E-mail a password-reset link',
        description: 'Always 202, whether or not the address has an account.',
        body: z.object({ email: Email }),
        response: { 202: Accepted },
      },
    },
    async (req, reply) => {
      await requestStaffPasswordReset(platform, { email: req.body.email });
      return reply.code(202).send({ accepted: true });
    },
  );

  r.post(
    '/admin/v1/auth/password/reset',
    {
      config: PUBLIC,
      schema: {
        tags: TAGS,
        summary: 'Choose a new password with the e-mailed token; every session of the user ends',
        body: z.object({ token: z.string().min(1).max(512), password: Password }),
        response: { 200: z.object({ user: StaffUserOut }) },
      },
    },
    async (req) => {
      const user = await resetStaffPassword(platform, { token: req.body.token, password: req.body.password });
      return { user: staffUserOut(user) };
    },
  );

  r.post(
    '/admin/v1/auth/invitations/accept',
    {
      config: PUBLIC,
      schema: {
        tags: TAGS,
        summary: 'Accept an invitation: choose a password and sign in',
        body: z.object({
          token: z.string().min(1).max(512),
          password: Password,
          name: z.string().trim().min(1).max(120).optional(),
        }),
        response: { 200: AuthenticatedOut },
      },
    },
    async (req) => {
      const { user, tokens } = await acceptInvitation(platform, {
        token: req.body.token,
        password: req.body.password,
        name: req.body.name,
      });
      return authenticatedOut(tokens, user);
    },
  );

  r.get(
    '/admin/v1/me',
    {
      config: { allowDuringMfaEnrolment: true },
      preHandler: requirePermission(SELF_PERMISSION),
      schema: {
        tags: TAGS,
        summary: 'The signed-in staff member, their stores and what they may do',
        security: [{ bearer: [] }],
        response: {
          200: z.object({
            user: StaffUserOut,
            store_id: z.string().nullable(),
            store_role: z.string().nullable(),
            operator_role: z.string().nullable(),
            permissions: z.array(z.string()),
            mfa_recovery_codes_remaining: z.number().int().nullable(),
            stores: z.array(
              z.object({ id: z.string(), name: z.string(), handle: z.string(), role: z.string() }),
            ),
          }),
        },
      },
    },
    async (req) => {
      const me = staffOf(req);
      const user = await getUser(platform.db, me.userId);
      const memberships = await listMembershipsOfUser(platform.db, user.id);
      const stores = new Map(
        (
          await getStoresByIds(
            platform.db,
            memberships.map((m) => m.storeId),
          )
        ).map((s) => [s.id, s]),
      );
      return {
        user: staffUserOut(user),
        store_id: me.storeId,
        store_role: me.storeRole ?? null,
        operator_role: me.operatorRole ?? null,
        permissions: [...me.permissions].sort(),
        mfa_recovery_codes_remaining: user.mfaEnabledAt
          ? await remainingRecoveryCodes(platform.db, user.id)
          : null,
        stores: memberships.flatMap((m) => {
          const s = stores.get(m.storeId);
          return s ? [{ id: s.id, name: s.name, handle: s.handle, role: m.role }] : [];
        }),
      };
    },
  );
}
