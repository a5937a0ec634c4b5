import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requirePermission } from '../../../platform/auth/principal.ts';
import type { Platform } from '../../../platform/context.ts';
import { withStore } from '../../../platform/db/database.ts';
import { AppError } from '../../../platform/errors.ts';
import type { App } from '../../../platform/http/app.ts';
import { PageQuery, pageSchema } from '../../../platform/http/pagination.ts';
import { auditContext, recordAudit } from '../../audit/service.ts';
import { getStore } from '../../tenancy/service.ts';
import { inviteOperator, inviteStaffMember } from '../invitations.ts';
import { Email } from '../passwords.ts';
import { OPERATOR_ROLES } from '../permissions.ts';
import { revokeSessionsOf } from '../sessions.ts';
import { listOperatorUsers, operatorAdminCount, setOperatorRole } from '../staff-users.ts';
import { identityState } from '../state.ts';
import { StaffMemberOut, staffMemberOut, StaffUserOut, staffUserOut } from './wire.ts';

/** Operator staff management, and giving a store its owner. */
export async function platformRoutes(app: App, platform: Platform): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const security = [{ bearer: [] }];
  // Operator actions belong to no store, whatever store the operator happens to have active.
  const platformAudit = (req: Parameters<typeof auditContext>[0]) => ({
    ...auditContext(req),
    storeId: null,
  });

  r.get(
    '/platform/v1/users',
    {
      preHandler: requirePermission('platform.users.read'),
      schema: {
        tags: ['platform users'],
        summary: 'Operator staff',
        security,
        querystring: PageQuery,
        response: { 200: pageSchema(StaffUserOut) },
      },
    },
    async (req) => {
      const page = await listOperatorUsers(platform.db, { limit: req.query.limit, cursor: req.query.cursor });
      return { data: page.data.map(staffUserOut), next_cursor: page.next_cursor };
    },
  );

  r.post(
    '/platform/v1/users',
    {
      preHandler: requirePermission('platform.users.manage'),
      schema: {
        tags: ['platform users'],
        summary: 'Give a person an operator role, inviting them by e-mail when they have no account',
        security,
        body: z.object({
          email: Email,
          operator_role: z.enum(OPERATOR_ROLES),
          name: z.string().trim().min(1).max(120).optional(),
        }),
        response: { 201: z.object({ user: StaffUserOut, invited: z.boolean() }) },
      },
    },
    async (req, reply) => {
      const out = await platform.db.transaction(async (tx) => {
        const result = await inviteOperator(platform, tx, {
          email: req.body.email,
          operatorRole: req.body.operator_role,
          name: req.body.name,
        });
        await recordAudit(tx, {
          ...platformAudit(req),
          action: result.invited ? 'operator.invited' : 'operator.role_granted',
          entityType: 'user',
          entityId: result.user.id,
          before: result.before ? { operator_role: result.before.operatorRole } : undefined,
          after: { operator_role: result.user.operatorRole, email: result.user.email },
        });
        return result;
      });
      return reply.code(201).send({ user: staffUserOut(out.user), invited: out.invited });
    },
  );

  r.patch(
    '/platform/v1/users/:user_id',
    {
      preHandler: requirePermission('platform.users.manage'),
      schema: {
        tags: ['platform users'],
        summary: "Change or remove (null) a person's operator role; their sessions end",
        security,
        params: z.object({ user_id: z.string().min(1).max(64) }),
        body: z.object({ operator_role: z.enum(OPERATOR_ROLES).nullable() }),
        response: { 200: StaffUserOut },
      },
    },
    async (req) => {
      const userId = req.params.user_id;
      const user = await platform.db.transaction(async (tx) => {
        const admins = await operatorAdminCount(tx);
        const { before, after } = await setOperatorRole(tx, { userId, operatorRole: req.body.operator_role });
        if (before.operatorRole === 'admin' && after.operatorRole !== 'admin' && admins <= 1) {
          throw new AppError('CONFLICT', 'The platform must keep at least one operator admin.');
        }
        await recordAudit(tx, {
          ...platformAudit(req),
          action: 'operator.role_changed',
          entityType: 'user',
          entityId: userId,
          before: { operator_role: before.operatorRole },
          after: { operator_role: after.operatorRole },
        });
        return after;
      });
      const ended = await revokeSessionsOf(platform.db, { userId }, 'role_changed');
      identityState(platform).sessions.markRevoked(...ended);
      return staffUserOut(user);
    },
  );

  r.post(
    '/platform/v1/stores/:store_id/owners',
    {
      preHandler: requirePermission('platform.organizations.manage'),
      schema: {
        tags: ['platform stores'],
        summary: 'Make a person an owner of a store, inviting them by e-mail when they have no account',
        security,
        params: z.object({ store_id: z.string().min(1).max(64) }),
        body: z.object({ email: Email, name: z.string().trim().min(1).max(120).optional() }),
        response: { 201: StaffMemberOut.extend({ invited: z.boolean() }) },
      },
    },
    async (req, reply) => {
      const store = await getStore(platform.db, req.params.store_id);
      const out = await withStore(platform.db, store.id, async (tx) => {
        const result = await inviteStaffMember(platform, tx, {
          storeId: store.id,
          storeName: store.name,
          email: req.body.email,
          role: 'owner',
          name: req.body.name,
          actorRole: 'owner', // the operator acts with the platform's authority over the store
        });
        await recordAudit(tx, {
          ...auditContext(req),
          storeId: store.id,
          action: result.invited ? 'staff.invited' : 'staff.added',
          entityType: 'user',
          entityId: result.user.id,
          after: { role: 'owner', email: result.user.email },
        });
        return result;
      });
      return reply.code(201).send({ ...staffMemberOut(out), invited: out.invited });
    },
  );
}
