import { and, eq, sql } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import type { DbOrTx } from '../../platform/db/database.ts';
import { AppError, type FieldError } from '../../platform/errors.ts';
import { emitEvent, type EventPayload } from '../../platform/events/outbox.ts';
import { recordAudit, type AuditContext } from '../audit/service.ts';
import type { CatalogEventType } from './events.ts';

/** What every catalog mutation may be told about who acts (admin API passes `auditContext(req)`). */
export interface MutationOptions {
  /** When given, the change is recorded in the audit log in the same transaction. */
  audit?: AuditContext;
}

/** A URL-safe handle from a title: lowercase ASCII, diacritics dropped (Vietnamese đ → d), dashes. */
export function slugify(text: string): string {
  const slug = text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 200)
    .replace(/-+$/g, '');
  return slug || 'item';
}

/** LIKE pattern matching every string that starts with `prefix` (ids contain `_`, a LIKE wildcard). */
export function likePrefix(prefix: string): string {
  return `${prefix.replace(/[\\%_]/g, '\\$&')}%`;
}

export function notFound(what: string, id: string): AppError {
  return new AppError('NOT_FOUND', `No ${what} ${id} in this store.`);
}

export function conflict(message: string, errors: FieldError[]): AppError {
  return new AppError('ALREADY_EXISTS', message, { errors });
}

/** PostgreSQL unique violation (23505), possibly wrapped by Drizzle; returns the constraint name. */
export function uniqueViolation(err: unknown): string | null {
  for (let e = err as { code?: string; constraint?: string; cause?: unknown } | undefined; e;) {
    if (e.code === '23505') return e.constraint ?? '';
    e = e.cause as typeof e;
  }
  return null;
}

/** Turn a lost race on a unique constraint into the same 409 a pre-check would have given. */
export function rethrowUnique(err: unknown): never {
  const constraint = uniqueViolation(err);
  if (constraint === null) throw err;
  if (constraint.includes('sku'))
    throw conflict('A variant with this SKU already exists.', [{ path: 'sku', message: 'already in use' }]);
  if (constraint.includes('handle'))
    throw conflict('The handle is already in use.', [{ path: 'handle', message: 'already in use' }]);
  throw new AppError('CONFLICT', 'The change conflicts with existing data.', { cause: err });
}

export async function emitCatalogEvent(
  tx: DbOrTx,
  storeId: string,
  type: CatalogEventType,
  aggregateType: 'product' | 'variant' | 'category' | 'collection',
  aggregateId: string,
  payload: EventPayload,
): Promise<void> {
  await emitEvent(tx, { storeId, type, aggregateType, aggregateId, payload });
}

export async function audit(
  tx: DbOrTx,
  opts: MutationOptions,
  entry: { action: string; entityType: string; entityId: string; before?: unknown; after?: unknown },
): Promise<void> {
  if (!opts.audit) return;
  await recordAudit(tx, { ...opts.audit, ...entry });
}

/** A catalog table whose rows have a handle unique per store (products, categories, collections). */
interface HandledTable {
  table: PgTable;
  id: PgColumn;
  handle: PgColumn;
  storeId: PgColumn;
}

/**
 * A free handle: the explicit one (409 when another row holds it) or one derived from the
 * title, suffixed `-2`, `-3`, … past the ones taken.
 */
export async function chooseHandle(
  db: DbOrTx,
  t: HandledTable,
  options: { storeId: string; explicit: string | undefined; title: string; exceptId?: string },
): Promise<string> {
  const { storeId, explicit, title, exceptId } = options;
  const base = slugify(title);
  const rows = (await db
    .select({ id: t.id, handle: t.handle })
    .from(t.table)
    .where(
      and(
        eq(t.storeId, storeId),
        explicit !== undefined ? eq(t.handle, explicit) : sql`${t.handle} LIKE ${likePrefix(base)}`,
      ),
    )) as { id: string; handle: string }[];
  if (explicit !== undefined) {
    if (rows.some((r) => r.id !== exceptId))
      throw conflict(`The handle "${explicit}" is already in use.`, [
        { path: 'handle', message: 'already in use' },
      ]);
    return explicit;
  }
  const taken = new Set(rows.map((r) => r.handle));
  if (!taken.has(base)) return base;
  for (let n = 2; ; n++) if (!taken.has(`${base}-${n}`)) return `${base}-${n}`;
}
