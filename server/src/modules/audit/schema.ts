import { jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

export type AuditActorType = 'staff' | 'api_key' | 'customer' | 'system';

export const auditLog = pgTable('audit_log', {
  id: text('id').primaryKey(),
  /** Null for operator-level actions outside any store. */
  storeId: text('store_id'),
  actorType: text('actor_type').$type<AuditActorType>().notNull(),
  actorId: text('actor_id'),
  action: text('action').notNull(),
  entityType: text('entity_type').notNull(),
  entityId: text('entity_id').notNull(),
  before: jsonb('before'),
  after: jsonb('after'),
  ip: text('ip'),
  requestId: text('request_id'),
  // Kept as PostgreSQL's own text so the pagination cursor keeps its microseconds.
  createdAt: timestamp('created_at', { withTimezone: true, mode: 'string' }).notNull().defaultNow(),
});

export type AuditRow = typeof auditLog.$inferSelect;
