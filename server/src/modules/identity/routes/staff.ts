import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { principalOf, requirePermission, storeOf } from '../../../platform/auth/principal.ts';
import type { Platform } from '../../../platform/context.ts';
import { withStore } from '../../../platform/db/database.ts';
import { AppError } from '../../../platform/errors.ts';
import type { App } from '../../../platform/http/app.ts';
import { PageQuery, pageSchema } from '../../../platform/http/pagination.ts';
import { auditContext, recordAudit } from '../../audit/service.ts';
import { getStore } from '../../tenancy/service.ts';
import { createApiKey, listApiKeys, revokeApiKey } from '../api-keys.ts';
import { inviteStaffMember } from '../invitations.ts';
import { changeMemberRole, getStaffMember, listStaffOfStore, removeMember } from '../memberships.ts';
import { Email } from '../passwords.ts';
import { DEFAULT_SECRET_KEY_ROLE, SECRET_KEY_ROLES, STORE_ROLES } from '../permissions.ts';
import { revokeSessionsOf } from '../sessions.ts';
import { identityState } from '../state.ts';
import { ApiKeyOut, apiKeyOut, StaffMemberOut, staffMemberOut } from './wire.ts';

const UserIdParams = z.object({ user_id: z.string().min(1).max(64) });
const KeyIdParams = z.object({ key_id: z.string().min(1).max(64) });
const SECURITY: Record<string, string[]>[] = [{ bearer: [] }, { apiKey: [] }];

/**
 * End a person's sessions after their access to a store changed, so the change holds at once
 * rather than when their access token expires.
 */
async function endSessionsOf(platform: Platform, userId: string, reason: string): Promise<void> {
  const ended = await revokeSessionsOf(platform.db, { userId }, reason);
  identityState(platform).sessions.markRevoked(...ended);
}

export async function staffRoutes(app: App, platform: Platform): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get(
    '/admin/v1/staff',
    {
      preHandler: requirePermission('staff.read'),
      schema: {
        tags: ['staff'],
        summary: "The store's staff and their roles",
        security: SECURITY,
        querystring: PageQuery,
        response: { 200: pageSchema(StaffMemberOut) },
      },
    },
    async (req) => {
      const storeId = storeOf(req);
      const page = await withStore(platform.db, storeId, (tx) =>
        listStaffOfStore(tx, { storeId, limit: req.query.limit, cursor: req.query.cursor }),
      );
      return { data: page.data.map(staffMemberOut), next_cursor: page.next_cursor };
    },
  );

  r.post(
    '/admin/v1/staff',
    {
      preHandler: requirePermission('staff.manage'),
      schema: {
        tags: ['staff'],
        summary: 'Invite a person to the store',
        description:
          'Someone without an account gets an e-mailed invitation to choose a password; someone with an account ' +
          'gets access at once. Only owners may grant the owner role.',
        security: SECURITY,
        body: z.object({
          email: Email,
          role: z.enum(STORE_ROLES),
          name: z.string().trim().min(1).max(120).optional(),
        }),
        response: { 201: StaffMemberOut.extend({ invited: z.boolean() }) },
      },
    },
    async (req, reply) => {
      const storeId = storeOf(req);
      const store = await getStore(platform.db, storeId);
      const actor = principalOf(req);
      const result = await withStore(platform.db, storeId, async (tx) => {
        const out = await inviteStaffMember(platform, tx, {
          storeId,
          storeName: store.name,
          email: req.body.email,
          role: req.body.role,
          name: req.body.name,
          actorRole: actor.storeRole,
        });
        await recordAudit(tx, {
          ...auditContext(req),
          action: out.invited ? 'staff.invited' : 'staff.added',
          entityType: 'user',
          entityId: out.user.id,
          after: { role: out.membership.role, email: out.user.email },
        });
        return out;
      });
      return reply.code(201).send({ ...staffMemberOut(result), invited: result.invited });
    },
  );

  r.patch(
    '/admin/v1/staff/:user_id',
    {
      preHandler: requirePermission('staff.manage'),
      schema: {
        tags: ['staff'],
        summary: "Change a staff member's role",
        description: 'Their sessions end, so the new role applies at once. A store keeps at least one owner.',
        security: SECURITY,
        params: UserIdParams,
        body: z.object({ role: z.enum(STORE_ROLES) }),
        response: { 200: StaffMemberOut },
      },
    },
    async (req) => {
      const storeId = storeOf(req);
      const userId = req.params.user_id;
      const member = await withStore(platform.db, storeId, async (tx) => {
        const { before, after } = await changeMemberRole(tx, {
          storeId,
          userId,
          role: req.body.role,
          actorRole: principalOf(req).storeRole,
        });
        await recordAudit(tx, {
          ...auditContext(req),
          action: 'staff.role_changed',
          entityType: 'user',
          entityId: userId,
          before: { role: before.role },
          after: { role: after.role },
        });
        return getStaffMember(tx, { storeId, userId });
      });
      await endSessionsOf(platform, userId, 'role_changed');
      return staffMemberOut(member);
    },
  );

  r.delete(
    '/admin/v1/staff/:user_id',
    {
      preHandler: requirePermission('staff.manage'),
      schema: {
        tags: ['staff'],
        summary: 'Remove a person from the store',
        security: SECURITY,
        params: UserIdParams,
        response: { 204: z.null() },
      },
    },
    async (req, reply) => {
      const storeId = storeOf(req);
      const userId = req.params.user_id;
      await withStore(platform.db, storeId, async (tx) => {
        const removed = await removeMember(tx, { storeId, userId, actorRole: principalOf(req).storeRole });
        await recordAudit(tx, {
          ...auditContext(req),
          action: 'staff.removed',
          entityType: 'user',
          entityId: userId,
          before: { role: removed.role },
        });
      });
      await endSessionsOf(platform, userId, 'removed_from_store');
      return reply.code(204).send(null);
    },
  );

  r.get(
    '/admin/v1/api-keys',
    {
      preHandler: requirePermission('api_keys.read'),
      schema: {
        tags: ['api keys'],
        summary: "The store's API keys (never the keys themselves)",
        security: SECURITY,
        querystring: PageQuery,
        response: { 200: pageSchema(ApiKeyOut) },
      },
    },
    async (req) => {
      const storeId = storeOf(req);
      const page = await withStore(platform.db, storeId, (tx) =>
        listApiKeys(tx, { storeId, limit: req.query.limit, cursor: req.query.cursor }),
      );
      return { data: page.data.map(apiKeyOut), next_cursor: page.next_cursor };
    },
  );

  r.post(
    '/admin/v1/api-keys',
    {
      // The response holds the key itself, which must not be stored for replays.
      config: { idempotency: false },
      preHandler: requirePermission('api_keys.manage'),
      schema: {
        tags: ['api keys'],
        summary: 'Create an API key; the key is in this response only',
        description:
          'Publishable keys (pk_…) identify the store to the storefront and tracker. Secret keys (sk_…) act on the ' +
          `admin API with a store role (default ${DEFAULT_SECRET_KEY_ROLE}; never staff or key management).`,
        security: SECURITY,
        body: z.object({
          kind: z.enum(['publishable', 'secret']),
          name: z.string().trim().min(1).max(120),
          role: z.enum(SECRET_KEY_ROLES).optional().describe('Secret keys only'),
        }),
        response: { 201: ApiKeyOut.extend({ key: z.string().describe('Shown once; store it now') }) },
      },
    },
    async (req, reply) => {
      const storeId = storeOf(req);
      const { kind, name, role } = req.body;
      if (kind === 'publishable' && role) {
        throw new AppError('VALIDATION_FAILED', 'Only secret keys have a role.', {
          errors: [{ path: 'body.role', message: 'only for secret keys' }],
        });
      }
      const created = await withStore(platform.db, storeId, async (tx) => {
        const out = await createApiKey(tx, {
          storeId,
          kind,
          name,
          role,
          createdBy: principalOf(req).userId ?? null,
        });
        await recordAudit(tx, {
          ...auditContext(req),
          action: 'api_key.created',
          entityType: 'api_key',
          entityId: out.apiKey.id,
          after: apiKeyOut(out.apiKey),
        });
        return out;
      });
      return reply.code(201).send({ ...apiKeyOut(created.apiKey), key: created.key });
    },
  );

  r.delete(
    '/admin/v1/api-keys/:key_id',
    {
      preHandler: requirePermission('api_keys.manage'),
      schema: {
        tags: ['api keys'],
        summary: 'Revoke an API key; it stops working at once',
        security: SECURITY,
        params: KeyIdParams,
        response: { 200: ApiKeyOut },
      },
    },
    async (req) => {
      const storeId = storeOf(req);
      const { after } = await withStore(platform.db, storeId, async (tx) => {
        const out = await revokeApiKey(tx, { storeId, apiKeyId: req.params.key_id });
        if (out.before.revokedAt === null) {
          await recordAudit(tx, {
            ...auditContext(req),
            action: 'api_key.revoked',
            entityType: 'api_key',
            entityId: out.after.id,
            before: apiKeyOut(out.before),
            after: apiKeyOut(out.after),
          });
        }
        return out;
      });
      identityState(platform).apiKeys.invalidate(after.id);
      return apiKeyOut(after);
    },
  );
}
