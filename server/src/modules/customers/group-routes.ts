import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requirePermission, storeOf } from '../../platform/auth/principal.ts';
import type { Platform } from '../../platform/context.ts';
import type { App } from '../../platform/http/app.ts';
import { pageSchema } from '../../platform/http/pagination.ts';
import { auditContext } from '../audit/service.ts';
import {
  addGroupMembers,
  createCustomerGroup,
  CustomerGroupInput,
  CustomerGroupPatch,
  deleteCustomerGroup,
  getCustomerGroup,
  GroupMembersInput,
  GroupMembersQuery,
  listCustomerGroups,
  listGroupMembers,
  removeGroupMember,
  updateCustomerGroup,
} from './service.ts';
import { CustomerGroupView, CustomerSummaryView } from './views.ts';

const STAFF: Record<string, string[]>[] = [{ bearer: [] }, { apiKey: [] }];
const tags = ['customer groups'];
const Id = z.string().min(1).max(64);
const GroupParams = z.object({ groupId: Id });
const MemberParams = GroupParams.extend({ customerId: Id });

/** Customer groups on the admin API: the groups, and who is in each. */
export async function customerGroupRoutes(app: App, platform: Platform): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const db = platform.db;
  const READ = requirePermission('customers.read');
  const MANAGE = requirePermission('customers.manage');
  const base = '/admin/v1/customer-groups';

  r.get(
    base,
    {
      preHandler: READ,
      schema: {
        tags,
        security: STAFF,
        summary: 'Customer groups, by name, with how many customers each holds',
        response: { 200: z.object({ data: z.array(CustomerGroupView) }) },
      },
    },
    async (req) => ({ data: await listCustomerGroups(db, { storeId: storeOf(req) }) }),
  );

  r.post(
    base,
    {
      preHandler: MANAGE,
      schema: {
        tags,
        security: STAFF,
        summary: 'Create a customer group',
        description:
          'Price lists and price rules limited to its id (`customer_group_ids`) price its members’ carts. ' +
          'A name already used in the store (whatever its case) is 409 CONFLICT; a store keeps at most ' +
          '200 groups (409 LIMIT_REACHED). Audited; emits `customer_group.created`. Accepts Idempotency-Key.',
        body: CustomerGroupInput,
        response: { 201: CustomerGroupView },
      },
    },
    async (req, reply) =>
      reply
        .code(201)
        .send(
          await createCustomerGroup(db, { storeId: storeOf(req), input: req.body, actor: auditContext(req) }),
        ),
  );

  r.get(
    `${base}/:groupId`,
    {
      preHandler: READ,
      schema: {
        tags,
        security: STAFF,
        summary: 'A customer group',
        params: GroupParams,
        response: { 200: CustomerGroupView },
      },
    },
    async (req) => getCustomerGroup(db, { storeId: storeOf(req), groupId: req.params.groupId }),
  );

  r.patch(
    `${base}/:groupId`,
    {
      preHandler: MANAGE,
      schema: {
        tags,
        security: STAFF,
        summary: 'Rename or describe a customer group',
        description: 'Audited; emits `customer_group.updated`.',
        params: GroupParams,
        body: CustomerGroupPatch,
        response: { 200: CustomerGroupView },
      },
    },
    async (req) =>
      updateCustomerGroup(db, {
        storeId: storeOf(req),
        groupId: req.params.groupId,
        patch: req.body,
        actor: auditContext(req),
      }),
  );

  r.delete(
    `${base}/:groupId`,
    {
      preHandler: MANAGE,
      schema: {
        tags,
        security: STAFF,
        summary: 'Delete a customer group (its customers leave it)',
        description:
          'Price lists and rules that name the group keep its id and apply to nobody until edited. ' +
          'Audited; emits `customer_group.deleted`.',
        params: GroupParams,
        response: { 204: z.null() },
      },
    },
    async (req, reply) => {
      await deleteCustomerGroup(db, {
        storeId: storeOf(req),
        groupId: req.params.groupId,
        actor: auditContext(req),
      });
      return reply.code(204).send(null);
    },
  );

  r.get(
    `${base}/:groupId/customers`,
    {
      preHandler: READ,
      schema: {
        tags,
        security: STAFF,
        summary: 'The customers in a group, newest first',
        params: GroupParams,
        querystring: GroupMembersQuery,
        response: { 200: pageSchema(CustomerSummaryView) },
      },
    },
    async (req) =>
      listGroupMembers(db, { storeId: storeOf(req), groupId: req.params.groupId, query: req.query }),
  );

  r.post(
    `${base}/:groupId/customers`,
    {
      preHandler: MANAGE,
      schema: {
        tags,
        security: STAFF,
        summary: 'Put customers in a group',
        description:
          'All or nothing: an id that is not a customer of this store refuses the request (400, naming ' +
          'them). Customers already in the group stay. Their carts take the group’s prices at their ' +
          'next change. Audited; emits `customer_group.members_added`.',
        params: GroupParams,
        body: GroupMembersInput,
        response: {
          200: z.object({
            added: z.number().int().describe('Customers who were not in the group before'),
            member_count: z.number().int(),
          }),
        },
      },
    },
    async (req) =>
      addGroupMembers(db, {
        storeId: storeOf(req),
        groupId: req.params.groupId,
        input: req.body,
        actor: auditContext(req),
      }),
  );

  r.delete(
    `${base}/:groupId/customers/:customerId`,
    {
      preHandler: MANAGE,
      schema: {
        tags,
        security: STAFF,
        summary: 'Take a customer out of a group',
        description: '404 when they are not in it. Audited; emits `customer_group.member_removed`.',
        params: MemberParams,
        response: { 204: z.null() },
      },
    },
    async (req, reply) => {
      await removeGroupMember(db, {
        storeId: storeOf(req),
        groupId: req.params.groupId,
        customerId: req.params.customerId,
        actor: auditContext(req),
      });
      return reply.code(204).send(null);
    },
  );
}
