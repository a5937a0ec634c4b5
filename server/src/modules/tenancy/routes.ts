import type { FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requirePermission, storeOf } from '../../platform/auth/principal.ts';
import type { Platform } from '../../platform/context.ts';
import { withStore } from '../../platform/db/database.ts';
import type { App } from '../../platform/http/app.ts';
import { PageQuery, pageSchema } from '../../platform/http/pagination.ts';
import type { CartonModule } from '../../platform/module.ts';
import { auditContext, recordAudit } from '../audit/service.ts';
import type { Organization, Store } from './schema.ts';
import {
  createOrganization,
  createStore,
  getOrganization,
  getStore,
  listOrganizations,
  listStores,
  readStoreView,
  StoreInput,
  StoreUpdate,
  updateStore,
} from './service.ts';

const OrganizationOut = z.object({
  id: z.string(),
  name: z.string(),
  created_at: z.string(),
  updated_at: z.string(),
});
const StoreOut = z.object({
  id: z.string(),
  organization_id: z.string(),
  name: z.string(),
  handle: z.string(),
  currency: z.string(),
  timezone: z.string(),
  locale: z.string(),
  settings: z.record(z.string(), z.unknown()),
  created_at: z.string(),
  updated_at: z.string(),
});

const iso = (d: Date) => d.toISOString();

function organizationOut(o: Organization): z.infer<typeof OrganizationOut> {
  return { id: o.id, name: o.name, created_at: iso(o.createdAt), updated_at: iso(o.updatedAt) };
}

function storeOut(s: Store): z.infer<typeof StoreOut> {
  return {
    id: s.id,
    organization_id: s.organizationId,
    name: s.name,
    handle: s.handle,
    currency: s.currency,
    timezone: s.timezone,
    locale: s.locale,
    settings: s.settings,
    created_at: iso(s.createdAt),
    updated_at: iso(s.updatedAt),
  };
}

const IdParam = (name: string) => z.object({ [name]: z.string().min(1).max(64) });
const OPERATOR = [{ bearer: [] }];
const STAFF: Record<string, string[]>[] = [{ bearer: [] }, { apiKey: [] }];
/** Operator actions are recorded outside any store scope, except where they concern one store. */
const operatorAudit = (req: FastifyRequest, storeId: string | null = null) => ({
  ...auditContext(req),
  storeId,
});

export async function tenancyRoutes(app: App, platform: Platform): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.post(
    '/platform/v1/organizations',
    {
      preHandler: requirePermission('platform.organizations.manage'),
      schema: {
        tags: ['platform organizations'],
        summary: 'Create an organization (a merchant)',
        security: OPERATOR,
        body: z.object({ name: z.string().trim().min(1).max(200) }),
        response: { 201: OrganizationOut },
      },
    },
    async (req, reply) => {
      const org = await platform.db.transaction(async (tx) => {
        const created = await createOrganization(tx, { name: req.body.name });
        await recordAudit(tx, {
          ...operatorAudit(req),
          action: 'organization.created',
          entityType: 'organization',
          entityId: created.id,
          after: organizationOut(created),
        });
        return created;
      });
      return reply.code(201).send(organizationOut(org));
    },
  );

  r.get(
    '/platform/v1/organizations',
    {
      preHandler: requirePermission('platform.organizations.read'),
      schema: {
        tags: ['platform organizations'],
        summary: 'Organizations, oldest first',
        security: OPERATOR,
        querystring: PageQuery,
        response: { 200: pageSchema(OrganizationOut) },
      },
    },
    async (req) => {
      const page = await listOrganizations(platform.db, req.query);
      return { data: page.data.map(organizationOut), next_cursor: page.next_cursor };
    },
  );

  r.get(
    '/platform/v1/organizations/:organization_id',
    {
      preHandler: requirePermission('platform.organizations.read'),
      schema: {
        tags: ['platform organizations'],
        summary: 'An organization and its stores',
        security: OPERATOR,
        params: IdParam('organization_id'),
        response: { 200: OrganizationOut.extend({ stores: z.array(StoreOut) }) },
      },
    },
    async (req) => {
      const org = await getOrganization(platform.db, String(req.params.organization_id));
      const stores = await listStores(platform.db, { organizationId: org.id, limit: 200 });
      return { ...organizationOut(org), stores: stores.data.map(storeOut) };
    },
  );

  r.post(
    '/platform/v1/stores',
    {
      preHandler: requirePermission('platform.organizations.manage'),
      schema: {
        tags: ['platform stores'],
        summary: 'Create a store in an organization',
        description: 'Give it an owner with POST /platform/v1/stores/{store_id}/owners.',
        security: OPERATOR,
        body: StoreInput.extend({ organization_id: z.string().min(1).max(64) }),
        response: { 201: StoreOut },
      },
    },
    async (req, reply) => {
      const { organization_id, ...input } = req.body;
      const org = await getOrganization(platform.db, organization_id);
      const store = await platform.db.transaction(async (tx) => {
        const created = await createStore(tx, { organizationId: org.id, input });
        await recordAudit(tx, {
          ...operatorAudit(req, created.id),
          action: 'store.created',
          entityType: 'store',
          entityId: created.id,
          after: storeOut(created),
        });
        return created;
      });
      return reply.code(201).send(storeOut(store));
    },
  );

  r.get(
    '/platform/v1/stores',
    {
      preHandler: requirePermission('platform.organizations.read'),
      schema: {
        tags: ['platform stores'],
        summary: 'Stores, oldest first',
        security: OPERATOR,
        querystring: PageQuery.extend({ organization_id: z.string().min(1).max(64).optional() }),
        response: { 200: pageSchema(StoreOut) },
      },
    },
    async (req) => {
      const page = await listStores(platform.db, {
        organizationId: req.query.organization_id,
        limit: req.query.limit,
        cursor: req.query.cursor,
      });
      return { data: page.data.map(storeOut), next_cursor: page.next_cursor };
    },
  );

  r.get(
    '/platform/v1/stores/:store_id',
    {
      preHandler: requirePermission('platform.organizations.read'),
      schema: {
        tags: ['platform stores'],
        summary: 'A store',
        security: OPERATOR,
        params: IdParam('store_id'),
        response: { 200: StoreOut },
      },
    },
    async (req) => storeOut(await getStore(platform.db, String(req.params.store_id))),
  );

  r.get(
    '/admin/v1/store',
    {
      preHandler: requirePermission('store.read'),
      schema: {
        tags: ['store'],
        summary: 'The active store and its settings',
        security: STAFF,
        response: { 200: StoreOut },
      },
    },
    async (req) => {
      const storeId = storeOf(req);
      return readStoreView(platform.db, storeId);
    },
  );

  r.patch(
    '/admin/v1/store',
    {
      preHandler: requirePermission('store.manage'),
      schema: {
        tags: ['store'],
        summary: "Change the active store's name, currency, time zone, locale or settings",
        security: STAFF,
        body: StoreUpdate,
        response: { 200: StoreOut },
      },
    },
    async (req) => {
      const storeId = storeOf(req);
      const store = await withStore(platform.db, storeId, async (tx) => {
        const before = await getStore(tx, storeId);
        const after = await updateStore(tx, storeId, req.body);
        await recordAudit(tx, {
          ...auditContext(req),
          action: 'store.updated',
          entityType: 'store',
          entityId: storeId,
          before: storeOut(before),
          after: storeOut(after),
        });
        return after;
      });
      return storeOut(store);
    },
  );
}

/** Organizations and stores: the operator's platform routes and a store's own settings. */
export const tenancyModule: CartonModule = { name: 'tenancy', routes: tenancyRoutes };
