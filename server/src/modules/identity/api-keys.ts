import { and, desc, eq, isNull, lt, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../platform/db/database.ts';
import { hashToken, randomString } from '../../platform/crypto.ts';
import { AppError } from '../../platform/errors.ts';
import { newId } from '../../platform/ids.ts';
import { decodeCursor, toPage, type Page } from '../../platform/http/pagination.ts';
import type { Logger } from '../../platform/logger.ts';
import { DEFAULT_SECRET_KEY_ROLE } from './permissions.ts';
import { apiKeys, type ApiKey } from './schema.ts';

/**
 * Store API keys. Publishable keys (`pk_…`) identify a store to the storefront and tracker and
 * may sit in public pages; secret keys (`sk_…`) act on the admin API with a store role. Only a
 * key's SHA-256 is stored; the key itself is shown once, when it is created.
 */

export type ApiKeyKind = 'publishable' | 'secret';
const KIND_PREFIX: Record<ApiKeyKind, string> = { publishable: 'pk_', secret: 'sk_' };
/** How much of a key is kept in the clear to tell keys apart: `sk_` plus 8 characters. */
const VISIBLE_CHARS = 11;

export function apiKeyKindOf(token: string): ApiKeyKind | null {
  if (token.startsWith('pk_')) return 'publishable';
  if (token.startsWith('sk_')) return 'secret';
  return null;
}

export async function createApiKey(
  db: DbOrTx,
  options: {
    storeId: string;
    kind: ApiKeyKind;
    name: string;
    role?: string | null;
    createdBy?: string | null;
  },
): Promise<{ apiKey: ApiKey; key: string }> {
  const key = KIND_PREFIX[options.kind] + randomString(32);
  const [apiKey] = await db
    .insert(apiKeys)
    .values({
      id: newId('key'),
      storeId: options.storeId,
      kind: options.kind,
      name: options.name,
      prefix: key.slice(0, VISIBLE_CHARS),
      tokenHash: hashToken(key),
      role: options.kind === 'secret' ? (options.role ?? DEFAULT_SECRET_KEY_ROLE) : null,
      createdBy: options.createdBy ?? null,
    })
    .returning();
  return { apiKey: apiKey!, key };
}

export async function listApiKeys(
  db: DbOrTx,
  options: { storeId: string; limit: number; cursor?: string | undefined },
): Promise<Page<ApiKey>> {
  const after = decodeCursor<{ id: string }>(options.cursor);
  const rows = await db
    .select()
    .from(apiKeys)
    .where(and(eq(apiKeys.storeId, options.storeId), after ? lt(apiKeys.id, String(after.id)) : undefined))
    .orderBy(desc(apiKeys.id))
    .limit(options.limit + 1);
  return toPage(rows, options.limit, (k) => ({ id: k.id }));
}

export async function getApiKey(db: DbOrTx, options: { storeId: string; apiKeyId: string }): Promise<ApiKey> {
  const [key] = await db
    .select()
    .from(apiKeys)
    .where(and(eq(apiKeys.id, options.apiKeyId), eq(apiKeys.storeId, options.storeId)));
  if (!key) throw new AppError('NOT_FOUND', 'No such API key in this store.');
  return key;
}

/** Revoke a key; revoking a revoked key changes nothing. Returns the key before and after. */
export async function revokeApiKey(
  db: DbOrTx,
  options: { storeId: string; apiKeyId: string },
): Promise<{ before: ApiKey; after: ApiKey }> {
  const before = await getApiKey(db, options);
  if (before.revokedAt) return { before, after: before };
  const [after] = await db
    .update(apiKeys)
    .set({ revokedAt: sql`now()` })
    .where(
      and(eq(apiKeys.id, options.apiKeyId), eq(apiKeys.storeId, options.storeId), isNull(apiKeys.revokedAt)),
    )
    .returning();
  return { before, after: after ?? before };
}

/** What the authentication hook needs to know about a presented key. */
export interface ResolvedApiKey {
  id: string;
  storeId: string;
  kind: ApiKeyKind;
  role: string | null;
  revoked: boolean;
}

const POSITIVE_TTL_MS = 30_000;
const NEGATIVE_TTL_MS = 5_000;
const CACHE_LIMIT = 20_000;
const LAST_USED_EVERY_MS = 60_000;

/**
 * Resolves presented keys for the authentication hook without a database round trip per
 * request: a short-lived in-process cache, emptied for a key the moment this process revokes it
 * (other processes see a revocation within the TTL). `last_used_at` is written at most once a
 * minute per key, after the response, never on the request path.
 */
export class ApiKeyCache {
  readonly #db: DbOrTx;
  readonly #log: Logger;
  readonly #entries = new Map<string, { key: ResolvedApiKey | null; until: number }>();
  readonly #hashById = new Map<string, string>();
  readonly #hashes = new Map<string, string>();
  readonly #lastWritten = new Map<string, number>();

  constructor(db: DbOrTx, log: Logger) {
    this.#db = db;
    this.#log = log;
  }

  /** The key as cached (null: known not to exist), or undefined when it must be read: `resolve`. */
  cached(token: string): ResolvedApiKey | null | undefined {
    const hit = this.#entries.get(this.#hashOf(token));
    return hit && hit.until > Date.now() ? hit.key : undefined;
  }

  /**
   * The token's hash, remembered for the tokens presented recently: SHA-256 on every request was
   * a measurable share of an authenticated read. (The rate limiter keeps the same tokens in memory.)
   */
  #hashOf(token: string): string {
    let hash = this.#hashes.get(token);
    if (hash === undefined) {
      hash = hashToken(token);
      if (this.#hashes.size >= CACHE_LIMIT) this.#hashes.clear();
      this.#hashes.set(token, hash);
    }
    return hash;
  }

  async resolve(token: string): Promise<ResolvedApiKey | null> {
    const cached = this.cached(token);
    if (cached !== undefined) return cached;
    const tokenHash = this.#hashOf(token);
    const [row] = await this.#db
      .select({
        id: apiKeys.id,
        storeId: apiKeys.storeId,
        kind: apiKeys.kind,
        role: apiKeys.role,
        revokedAt: apiKeys.revokedAt,
      })
      .from(apiKeys)
      .where(eq(apiKeys.tokenHash, tokenHash));
    const key = row
      ? { id: row.id, storeId: row.storeId, kind: row.kind, role: row.role, revoked: row.revokedAt !== null }
      : null;
    if (this.#entries.size >= CACHE_LIMIT) this.#entries.clear();
    this.#entries.set(tokenHash, { key, until: Date.now() + (key ? POSITIVE_TTL_MS : NEGATIVE_TTL_MS) });
    if (key) this.#hashById.set(key.id, tokenHash);
    return key;
  }

  /** Forget a key so the next request with it reads the database (after revoking it). */
  invalidate(apiKeyId: string): void {
    const tokenHash = this.#hashById.get(apiKeyId);
    if (tokenHash) this.#entries.delete(tokenHash);
    this.#hashById.delete(apiKeyId);
  }

  /** Record that a key was used; writes at most once a minute per key, off the request path. */
  noteUse(apiKeyId: string): void {
    const now = Date.now();
    const last = this.#lastWritten.get(apiKeyId);
    if (last !== undefined && now - last < LAST_USED_EVERY_MS) return;
    if (this.#lastWritten.size >= CACHE_LIMIT) this.#lastWritten.clear();
    this.#lastWritten.set(apiKeyId, now);
    setImmediate(() => {
      this.#db
        .update(apiKeys)
        .set({ lastUsedAt: new Date(now) })
        .where(eq(apiKeys.id, apiKeyId))
        .then(
          () => {},
          (err: unknown) => this.#log.warn({ err, apiKeyId }, 'could not record API key use'),
        );
    });
  }
}

/**
 * Make sure `key` (a publishable key the caller derived, e.g. the storefront Carton serves itself)
 * is a key of the store: inserted once, by its hash, if no key has that hash. A revoked one stays
 * revoked. Returns whether it is usable.
 */
export async function ensurePublishableKey(
  db: DbOrTx,
  options: { storeId: string; key: string; name: string },
): Promise<boolean> {
  if (apiKeyKindOf(options.key) !== 'publishable') throw new Error('ensurePublishableKey takes a pk_ key');
  const tokenHash = hashToken(options.key);
  const [existing] = await db
    .select({ revokedAt: apiKeys.revokedAt })
    .from(apiKeys)
    .where(and(eq(apiKeys.storeId, options.storeId), eq(apiKeys.tokenHash, tokenHash)));
  if (existing) return existing.revokedAt === null;
  await db.insert(apiKeys).values({
    id: newId('key'),
    storeId: options.storeId,
    kind: 'publishable',
    name: options.name,
    prefix: options.key.slice(0, VISIBLE_CHARS),
    tokenHash,
    role: null,
    createdBy: null,
  });
  return true;
}
