import { and, desc, eq, gte, isNull, like, lt, sql, type SQL } from 'drizzle-orm';
import type { FastifyRequest } from 'fastify';
import type { Principal } from '../../platform/auth/principal.ts';
import { withStore, type Db, type DbOrTx } from '../../platform/db/database.ts';
import { AppError } from '../../platform/errors.ts';
import { decodeCursor, toPage, type Page, type PageQuery } from '../../platform/http/pagination.ts';
import { newId } from '../../platform/ids.ts';
import { auditLog, type AuditActorType, type AuditRow } from './schema.ts';

export type { AuditActorType };

export interface AuditActor {
  type: AuditActorType;
  id: string | null;
}

export interface AuditEntryInput {
  /** Null for operator-level actions outside any store. */
  storeId: string | null;
  actor: AuditActor;
  /** `entity.verb_past`, e.g. `api_key.created`. */
  action: string;
  entityType: string;
  entityId: string;
  before?: unknown;
  after?: unknown;
  ip?: string | null;
  requestId?: string;
}

export interface AuditEntry {
  id: string;
  storeId: string | null;
  actor: AuditActor;
  action: string;
  entityType: string;
  entityId: string;
  before: unknown;
  after: unknown;
  ip: string | null;
  requestId: string | null;
  /** ISO 8601, UTC. */
  createdAt: string;
}

export interface AuditContext {
  storeId: string | null;
  actor: AuditActor;
  ip: string | null;
  requestId: string;
}

// --- redaction ------------------------------------------------------------------------------

export const REDACTED = '[redacted]';

/** Fragments that mark a key as secret wherever they appear in it (passwordHash, refresh_token…). */
const SECRET_FRAGMENTS = /passw|passphrase|secret|token|hash|salt|credential|authorization|cookie|recovery/i;
/** Whole words that mark a key as secret (`otp`, but not `footprint`). */
const SECRET_WORDS = new Set(['otp', 'totp', 'pin', 'cvv', 'cvc', 'apikey', 'privatekey']);

export function isSecretKey(key: string): boolean {
  if (SECRET_FRAGMENTS.test(key)) return true;
  const words = key
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toLowerCase()
    .split(/[^a-z0-9]+/);
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    if (SECRET_WORDS.has(w) || SECRET_WORDS.has(w + (words[i + 1] ?? ''))) return true;
  }
  return false;
}

/** A JSON copy of `value` with the values of secret-looking keys, at any depth, replaced. */
export function redactSecrets(value: unknown): unknown {
  if (value === undefined) return null;
  const json = JSON.stringify(value, (key, v: unknown) => {
    if (typeof v === 'bigint') return v.toString();
    if (key && v !== null && v !== undefined && isSecretKey(key)) return REDACTED;
    return v;
  });
  return json === undefined ? null : JSON.parse(json);
}

// --- recording ------------------------------------------------------------------------------

/**
 * Record one audited action, in the caller's transaction so the entry commits (or rolls back)
 * with the change it describes. Secrets inside before/after are redacted.
 */
/** Who acts, for the audit log (`auditContext(req)` in routes); absent for system work such as seeding. */
export type Actor = AuditContext | undefined;

/** Record `entry` in `tx` as done by `actor`; system work (no actor) is not audited. */
export async function auditAs(
  tx: DbOrTx,
  actor: Actor,
  entry: {
    storeId: string;
    action: string;
    entityType: string;
    entityId: string;
    before?: unknown;
    after?: unknown;
  },
): Promise<void> {
  if (!actor) return;
  await recordAudit(tx, { ...actor, ...entry });
}

export async function recordAudit(tx: DbOrTx, entry: AuditEntryInput): Promise<void> {
  await tx.insert(auditLog).values({
    id: newId('aud'),
    storeId: entry.storeId,
    actorType: entry.actor.type,
    actorId: entry.actor.id,
    action: entry.action,
    entityType: entry.entityType,
    entityId: entry.entityId,
    before: redactSecrets(entry.before),
    after: redactSecrets(entry.after),
    ip: entry.ip ?? null,
    requestId: entry.requestId ?? null,
  });
}

function actorOf(p: Principal | null): AuditActor {
  if (!p) return { type: 'system', id: null };
  switch (p.kind) {
    case 'staff':
      return { type: 'staff', id: p.userId ?? null };
    case 'secret_key':
    case 'publishable_key':
      return { type: 'api_key', id: p.apiKeyId ?? null };
    case 'customer':
      return { type: 'customer', id: p.customerId ?? null };
  }
}

/** Who is acting, from where, in which store: spread it into `recordAudit`'s entry. */
export function auditContext(req: FastifyRequest): AuditContext {
  const principal = req.principal ?? null;
  return {
    storeId: principal?.storeId ?? null,
    actor: actorOf(principal),
    ip: req.ip ?? null,
    requestId: String(req.id),
  };
}

// --- querying -------------------------------------------------------------------------------

export interface AuditFilters {
  actorType?: AuditActorType;
  actorId?: string;
  /** Exact action, or a prefix ending in `*` (`api_key.*`). */
  action?: string;
  entityType?: string;
  entityId?: string;
  /** Inclusive lower bound on the time. */
  from?: Date;
  /** Exclusive upper bound on the time. */
  to?: Date;
}

export interface ListAuditOptions {
  /** A store's entries; `null`: operator-level entries only; `undefined`: every entry (operator view). */
  storeId: string | null | undefined;
  filters?: AuditFilters;
}

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => '\\' + c);

function toEntry(r: AuditRow): AuditEntry {
  return {
    id: r.id,
    storeId: r.storeId,
    actor: { type: r.actorType, id: r.actorId },
    action: r.action,
    entityType: r.entityType,
    entityId: r.entityId,
    before: r.before,
    after: r.after,
    ip: r.ip,
    requestId: r.requestId,
    createdAt: new Date(r.createdAt).toISOString(),
  };
}

/** Audit entries, newest first, with keyset pagination. A store's entries are read under its RLS scope. */
export async function listAuditEntries(
  db: Db,
  opts: ListAuditOptions,
  page: PageQuery,
): Promise<Page<AuditEntry>> {
  const f = opts.filters ?? {};
  if (f.from && f.to && f.from >= f.to) {
    throw new AppError('VALIDATION_FAILED', '"from" must be earlier than "to".', {
      errors: [{ path: 'querystring.from', message: 'must be earlier than "to"' }],
    });
  }
  const cursor = decodeCursor<{ t: string; id: string }>(page.cursor);
  if (
    cursor &&
    (typeof cursor.t !== 'string' || typeof cursor.id !== 'string' || isNaN(Date.parse(cursor.t)))
  ) {
    throw new AppError('VALIDATION_FAILED', 'The cursor is not one this API issued.', {
      errors: [{ path: 'querystring.cursor', message: 'invalid cursor' }],
    });
  }

  const where: SQL[] = [];
  if (typeof opts.storeId === 'string') where.push(eq(auditLog.storeId, opts.storeId));
  else if (opts.storeId === null) where.push(isNull(auditLog.storeId));
  if (f.actorType) where.push(eq(auditLog.actorType, f.actorType));
  if (f.actorId) where.push(eq(auditLog.actorId, f.actorId));
  if (f.action?.endsWith('*')) where.push(like(auditLog.action, escapeLike(f.action.slice(0, -1)) + '%'));
  else if (f.action) where.push(eq(auditLog.action, f.action));
  if (f.entityType) where.push(eq(auditLog.entityType, f.entityType));
  if (f.entityId) where.push(eq(auditLog.entityId, f.entityId));
  if (f.from) where.push(gte(auditLog.createdAt, f.from.toISOString()));
  if (f.to) where.push(lt(auditLog.createdAt, f.to.toISOString()));
  if (cursor)
    where.push(sql`(${auditLog.createdAt}, ${auditLog.id}) < (${cursor.t}::timestamptz, ${cursor.id})`);

  const query = (q: DbOrTx) =>
    q
      .select()
      .from(auditLog)
      .where(and(...where))
      .orderBy(desc(auditLog.createdAt), desc(auditLog.id))
      .limit(page.limit + 1);
  const rows = typeof opts.storeId === 'string' ? await withStore(db, opts.storeId, query) : await query(db);

  const result = toPage(rows, page.limit, (r) => ({ t: r.createdAt, id: r.id }));
  return { data: result.data.map(toEntry), next_cursor: result.next_cursor };
}
