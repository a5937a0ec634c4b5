import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requirePermission, storeOf } from '../../platform/auth/principal.ts';
import type { Platform } from '../../platform/context.ts';
import type { App } from '../../platform/http/app.ts';
import { PageQuery, pageSchema } from '../../platform/http/pagination.ts';
import { listAuditEntries, type AuditEntry, type AuditFilters } from './service.ts';

const Name = z
  .string()
  .max(200)
  .regex(/^[A-Za-z0-9_.:-]+\*?$/, 'letters, digits and . _ : - (an action may end in *)');

const AuditFilterQuery = PageQuery.extend({
  actor_type: z.enum(['staff', 'api_key', 'customer', 'system']).optional(),
  actor_id: z.string().min(1).max(200).optional(),
  action: Name.optional().describe('Exact action, or a prefix ending in * (e.g. api_key.*)'),
  entity_type: Name.optional(),
  entity_id: z.string().min(1).max(200).optional(),
  from: z.iso.datetime({ offset: true }).optional().describe('Inclusive lower bound (ISO 8601)'),
  to: z.iso.datetime({ offset: true }).optional().describe('Exclusive upper bound (ISO 8601)'),
});
type AuditFilterQuery = z.infer<typeof AuditFilterQuery>;

const PlatformAuditQuery = AuditFilterQuery.extend({
  store_id: z
    .string()
    .max(64)
    .optional()
    .describe('Only this store; "none" for operator-level entries outside any store'),
});

const AuditEntrySchema = z.object({
  id: z.string(),
  store_id: z.string().nullable(),
  actor: z.object({ type: z.enum(['staff', 'api_key', 'customer', 'system']), id: z.string().nullable() }),
  action: z.string(),
  entity_type: z.string(),
  entity_id: z.string(),
  before: z.unknown(),
  after: z.unknown(),
  ip: z.string().nullable(),
  request_id: z.string().nullable(),
  created_at: z.string(),
});
const AuditPage = pageSchema(AuditEntrySchema);

const filtersOf = (q: AuditFilterQuery): AuditFilters => ({
  actorType: q.actor_type,
  actorId: q.actor_id,
  action: q.action,
  entityType: q.entity_type,
  entityId: q.entity_id,
  from: q.from ? new Date(q.from) : undefined,
  to: q.to ? new Date(q.to) : undefined,
});

const toWire = (e: AuditEntry): z.infer<typeof AuditEntrySchema> => ({
  id: e.id,
  store_id: e.storeId,
  actor: e.actor,
  action: e.action,
  entity_type: e.entityType,
  entity_id: e.entityId,
  before: e.before,
  after: e.after,
  ip: e.ip,
  request_id: e.requestId,
  created_at: e.createdAt,
});

export async function auditRoutes(app: App, platform: Platform): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get(
    '/admin/v1/audit-log',
    {
      preHandler: requirePermission('audit.read'),
      schema: {
        tags: ['audit'],
        summary: "The store's audit log, newest first",
        security: [{ bearer: [] }, { apiKey: [] }],
        querystring: AuditFilterQuery,
        response: { 200: AuditPage },
      },
    },
    async (req) => {
      const q = req.query;
      const page = await listAuditEntries(
        platform.db,
        { storeId: storeOf(req), filters: filtersOf(q) },
        { limit: q.limit, cursor: q.cursor },
      );
      return { data: page.data.map(toWire), next_cursor: page.next_cursor };
    },
  );

  r.get(
    '/platform/v1/audit-log',
    {
      preHandler: requirePermission('platform.audit.read'),
      schema: {
        tags: ['audit'],
        summary: 'The audit log of every store and of operator actions, newest first',
        security: [{ bearer: [] }],
        querystring: PlatformAuditQuery,
        response: { 200: AuditPage },
      },
    },
    async (req) => {
      const q = req.query;
      const storeId = q.store_id === 'none' ? null : q.store_id;
      const page = await listAuditEntries(
        platform.db,
        { storeId, filters: filtersOf(q) },
        { limit: q.limit, cursor: q.cursor },
      );
      return { data: page.data.map(toWire), next_cursor: page.next_cursor };
    },
  );
}
