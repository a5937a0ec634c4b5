import { createHash } from 'node:crypto';
import { and, desc, eq, inArray, lt, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Platform } from '../../platform/context.ts';
import { decryptSecret, encryptSecret } from '../../platform/crypto.ts';
import { withStore, withStoreSnapshot, type Tx } from '../../platform/db/database.ts';
import { isUniqueViolation } from '../../platform/db/scope.ts';
import { AppError } from '../../platform/errors.ts';
import { emitEvent } from '../../platform/events/outbox.ts';
import { decodeCursor, PageQuery, toPage, type Page } from '../../platform/http/pagination.ts';
import { newId } from '../../platform/ids.ts';
import { parseInput } from '../../platform/validation.ts';
import { auditAs, type Actor } from '../audit/service.ts';
import { isRsaPublicKey } from './magento.ts';
import {
  integrationConnections,
  integrationDeliveries,
  integrationPollCursors,
  type CommercePlatform,
  type ConnectionRow,
  type PollCursorRow,
} from './schema.ts';
import { connectionView, POLLED_RESOURCES, type ConnectionView } from './views.ts';

/**
 * Connections: a store's shop on another platform, with its credentials sealed at rest
 * (AES-256-GCM under CARTON_SECRET, bound to the connection id), shown as hints only, and its
 * polling settings. Every change is audited and emits an `integration_connection.*` event.
 */

// --- credentials --------------------------------------------------------------------------------

export interface ShopifyCredentials {
  webhook_secret: string;
  access_token?: string;
}
export interface WooCommerceCredentials {
  consumer_key: string;
  consumer_secret: string;
  webhook_secret: string;
}
export interface BigCommerceCredentials {
  access_token: string;
  webhook_token: string;
  client_id?: string;
}
export interface MagentoCredentials {
  access_token: string;
  webhook_public_key?: string;
}
export type Credentials =
  ShopifyCredentials | WooCommerceCredentials | BigCommerceCredentials | MagentoCredentials;

/** Which credential fields each platform takes, and which it cannot do without. */
const CREDENTIAL_FIELDS: Record<CommercePlatform, { required: string[]; optional: string[] }> = {
  shopify: { required: ['webhook_secret'], optional: ['access_token'] },
  woocommerce: { required: ['consumer_key', 'consumer_secret', 'webhook_secret'], optional: [] },
  bigcommerce: { required: ['access_token', 'webhook_token'], optional: ['client_id'] },
  magento: { required: ['access_token'], optional: ['webhook_public_key'] },
};

/** Which input field names the shop on each platform. */
const SHOP_FIELD: Record<CommercePlatform, 'shop_domain' | 'site_url' | 'store_hash' | 'base_url'> = {
  shopify: 'shop_domain',
  woocommerce: 'site_url',
  bigcommerce: 'store_hash',
  magento: 'base_url',
};

const credentialsContext = (connectionId: string) => `integration_connections:${connectionId}:credentials`;

/** Enough of a credential to recognise it, never to use it: `ck_…a1b2`, or a public key's fingerprint. */
export function hintOf(field: string, value: string): string {
  if (field === 'webhook_public_key') {
    const fingerprint = createHash('sha256').update(value.replace(/\s+/g, '')).digest('hex').slice(0, 16);
    return `RSA public key, sha256:${fingerprint}`;
  }
  const prefix = /^([a-z]{2,6}_)/.exec(value)?.[1] ?? '';
  return value.length >= 16 ? `${prefix}…${value.slice(-4)}` : `${prefix}…`;
}

function seal(platform: Platform, connectionId: string, credentials: Record<string, string>): string {
  return encryptSecret(
    platform.config.CARTON_SECRET,
    JSON.stringify(credentials),
    credentialsContext(connectionId),
  );
}

function unseal(platform: Platform, row: ConnectionRow): Record<string, string> {
  if (!row.credentialsCiphertext) return {};
  const text = decryptSecret(
    platform.config.CARTON_SECRET,
    row.credentialsCiphertext,
    credentialsContext(row.id),
  );
  return JSON.parse(text) as Record<string, string>;
}

const hintsOf = (credentials: Record<string, string>) =>
  Object.fromEntries(Object.entries(credentials).map(([k, v]) => [k, hintOf(k, v)]));

// --- input shapes -------------------------------------------------------------------------------

const Name = z.string().trim().min(1).max(100);
const ShopDomain = z
  .string()
  .trim()
  .toLowerCase()
  .regex(
    /^[a-z0-9][a-z0-9-]{0,60}\.myshopify\.com$/,
    "the shop's myshopify.com domain, e.g. acme.myshopify.com",
  );
const SiteUrl = z
  .url({ protocol: /^https?$/, error: "the shop's base URL, e.g. https://shop.example.com" })
  .max(500)
  .transform((u) => {
    const url = new URL(u);
    return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
  });
const StoreHash = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9]{4,20}$/, "the store hash from the store's API path (stores/{hash})");
const Secret = (what: string, min = 8) =>
  z
    .string()
    .min(min, `${what}: at least ${min} characters`)
    .max(2000)
    .refine((s) => s.trim() === s, `${what}: no leading or trailing spaces`);
const PublicKeyPem = z
  .string()
  .max(10_000)
  .refine(isRsaPublicKey, 'an RSA public key in PEM form (-----BEGIN PUBLIC KEY-----…)');
const Instant = z.iso.datetime({ offset: true, error: 'an ISO 8601 date-time such as 2026-12-01T00:00:00Z' });

const PollingInput = z.strictObject({
  enabled: z.boolean(),
  interval_seconds: z.number().int().min(60).max(86_400).optional().describe('Default 300'),
  since: Instant.optional().describe('Where the first poll starts (default: 24 hours ago)'),
});

const Common = { name: Name.optional().describe("Default: the shop's domain, URL or hash") };

export const ConnectionInput = z.discriminatedUnion('platform', [
  z.strictObject({
    platform: z.literal('shopify'),
    ...Common,
    shop_domain: ShopDomain,
    webhook_secret: Secret('webhook_secret').describe(
      "The app's client secret, or the signing key Shopify shows under Settings → Notifications → Webhooks",
    ),
    access_token: Secret('access_token', 16)
      .optional()
      .describe('Admin API access token (shpat_…); optional'),
  }),
  z.strictObject({
    platform: z.literal('woocommerce'),
    ...Common,
    site_url: SiteUrl,
    consumer_key: Secret('consumer_key', 16).describe('REST API consumer key (ck_…), read access'),
    consumer_secret: Secret('consumer_secret', 16).describe('REST API consumer secret (cs_…)'),
    webhook_secret: Secret('webhook_secret').describe("The secret typed into each webhook's Secret field"),
    polling: PollingInput.optional().describe('Poll orders (for stores whose webhooks cannot reach Carton)'),
  }),
  z.strictObject({
    platform: z.literal('bigcommerce'),
    ...Common,
    store_hash: StoreHash,
    access_token: Secret('access_token', 16).describe('API account access token (X-Auth-Token)'),
    client_id: Secret('client_id', 8).optional(),
    webhook_token: Secret('webhook_token', 24).describe(
      'A random secret of your choosing (≥ 24 characters), set as the X-Carton-Webhook-Token header of each webhook',
    ),
  }),
  z.strictObject({
    platform: z.literal('magento'),
    ...Common,
    base_url: SiteUrl,
    access_token: Secret('access_token', 16).describe(
      'Integration access token (Bearer), read access to carts and orders',
    ),
    webhook_public_key: PublicKeyPem.optional().describe(
      "Adobe Commerce webhooks' public key (Digital Signature Configuration), for stores that send webhooks",
    ),
    polling: PollingInput.optional().describe('Default: on — Magento Open Source has no webhooks'),
  }),
]);
export type ConnectionInput = z.input<typeof ConnectionInput>;

export const ConnectionPatch = z.strictObject({
  name: Name.optional(),
  shop_domain: ShopDomain.optional(),
  site_url: SiteUrl.optional(),
  store_hash: StoreHash.optional(),
  base_url: SiteUrl.optional(),
  webhook_secret: Secret('webhook_secret').optional(),
  access_token: Secret('access_token', 16).optional(),
  consumer_key: Secret('consumer_key', 16).optional(),
  consumer_secret: Secret('consumer_secret', 16).optional(),
  client_id: Secret('client_id', 8).nullable().optional().describe('null removes it'),
  webhook_token: Secret('webhook_token', 24).optional(),
  webhook_public_key: PublicKeyPem.nullable().optional().describe('null removes it'),
  polling: PollingInput.partial({ enabled: true }).optional(),
});
export type ConnectionPatch = z.input<typeof ConnectionPatch>;

export const ConnectionListQuery = PageQuery.extend({
  platform: z.enum(['shopify', 'woocommerce', 'bigcommerce', 'magento']).optional(),
  status: z.enum(['active', 'disconnected']).optional(),
});
export type ConnectionListQuery = z.input<typeof ConnectionListQuery>;

// --- reading ------------------------------------------------------------------------------------

async function findConnection(
  tx: Tx,
  storeId: string,
  connectionId: string,
  lock = false,
): Promise<ConnectionRow> {
  const q = tx
    .select()
    .from(integrationConnections)
    .where(and(eq(integrationConnections.storeId, storeId), eq(integrationConnections.id, connectionId)));
  const [row] = lock ? await q.for('update') : await q;
  if (!row) throw new AppError('NOT_FOUND', `Connection ${connectionId} does not exist.`);
  return row;
}

async function cursorsOf(tx: Tx, connectionIds: string[]): Promise<PollCursorRow[]> {
  if (connectionIds.length === 0) return [];
  return tx
    .select()
    .from(integrationPollCursors)
    .where(inArray(integrationPollCursors.connectionId, connectionIds))
    .orderBy(integrationPollCursors.resource);
}

async function viewOf(platform: Platform, tx: Tx, row: ConnectionRow): Promise<ConnectionView> {
  return connectionView(row, await cursorsOf(tx, [row.id]), platform.config.PUBLIC_URL);
}

export async function getConnection(
  platform: Platform,
  o: { storeId: string; connectionId: string },
): Promise<ConnectionView> {
  return withStore(platform.db, o.storeId, async (tx) =>
    viewOf(platform, tx, await findConnection(tx, o.storeId, o.connectionId)),
  );
}

/** The store's connections, newest first. */
export async function listConnections(
  platform: Platform,
  o: { storeId: string; query: ConnectionListQuery },
): Promise<Page<ConnectionView>> {
  const q = parseInput(ConnectionListQuery, o.query, 'querystring');
  const cursor = decodeCursor<{ id: string }>(q.cursor);
  return withStoreSnapshot(platform.db, o.storeId, async (tx) => {
    const rows = await tx
      .select()
      .from(integrationConnections)
      .where(
        and(
          eq(integrationConnections.storeId, o.storeId),
          q.platform ? eq(integrationConnections.platform, q.platform) : undefined,
          q.status ? eq(integrationConnections.status, q.status) : undefined,
          cursor?.id ? lt(integrationConnections.id, String(cursor.id)) : undefined,
        ),
      )
      .orderBy(desc(integrationConnections.id))
      .limit(q.limit + 1);
    const page = toPage(rows, q.limit, (r) => ({ id: r.id }));
    const cursors = await cursorsOf(
      tx,
      page.data.map((r) => r.id),
    );
    return {
      data: page.data.map((r) => connectionView(r, cursors, platform.config.PUBLIC_URL)),
      next_cursor: page.next_cursor,
    };
  });
}

/**
 * An active connection by id alone, with its credentials, for a delivery to its ingest URL (the
 * URL names no store). Read outside any store's scope, by primary key; null when there is none
 * or it was disconnected. The caller's work then runs in the connection's store scope.
 */
export async function connectionForDelivery(
  platform: Platform,
  connectionId: string,
): Promise<{ row: ConnectionRow; credentials: Record<string, string> } | null> {
  const [row] = await platform.db
    .select()
    .from(integrationConnections)
    .where(and(eq(integrationConnections.id, connectionId), eq(integrationConnections.status, 'active')));
  if (!row) return null;
  return { row, credentials: unseal(platform, row) };
}

/** A connection's row and credentials inside its store's scope (the worker's sync). */
export async function connectionWithCredentials(
  platform: Platform,
  tx: Tx,
  storeId: string,
  connectionId: string,
): Promise<{ row: ConnectionRow; credentials: Record<string, string> }> {
  const row = await findConnection(tx, storeId, connectionId);
  return { row, credentials: unseal(platform, row) };
}

// --- changing -----------------------------------------------------------------------------------

const alreadyConnected = () =>
  new AppError(
    'ALREADY_EXISTS',
    'This shop is already connected to this store; change that connection instead.',
  );

async function emitFor(
  tx: Tx,
  storeId: string,
  type: string,
  connectionId: string,
  payload: Record<string, unknown>,
) {
  await emitEvent(tx, {
    storeId,
    type,
    aggregateType: 'integration_connection',
    aggregateId: connectionId,
    payload,
  });
}

/** Cursor rows for a platform's polled resources, where none exist yet (so re-enabling resumes). */
async function ensureCursors(tx: Tx, row: ConnectionRow, since: Date): Promise<void> {
  for (const resource of POLLED_RESOURCES[row.platform]) {
    await tx
      .insert(integrationPollCursors)
      .values({ storeId: row.storeId, connectionId: row.id, resource, modifiedAfter: since })
      .onConflictDoNothing();
  }
}

const DEFAULT_POLL_START_MS = 24 * 3600 * 1000;

function checkPolling(platformName: CommercePlatform, enabled: boolean | undefined): void {
  if (enabled && POLLED_RESOURCES[platformName].length === 0) {
    throw new AppError('UNPROCESSABLE', `${platformName} connections take webhooks; they are not polled.`, {
      errors: [{ path: 'body.polling.enabled', message: `not available for ${platformName}` }],
    });
  }
}

/** Connect a shop: credentials sealed, polling set up where asked. 409 when the shop is already connected. */
export async function createConnection(
  platform: Platform,
  o: { storeId: string; input: ConnectionInput; actor?: Actor },
): Promise<ConnectionView> {
  const input = parseInput(ConnectionInput, o.input);
  const { storeId } = o;
  const shopField = SHOP_FIELD[input.platform];
  const shop = (input as Record<string, unknown>)[shopField] as string;
  const fields = CREDENTIAL_FIELDS[input.platform];
  const credentials: Record<string, string> = {};
  for (const f of [...fields.required, ...fields.optional]) {
    const v = (input as Record<string, unknown>)[f];
    if (typeof v === 'string') credentials[f] = v;
  }
  const polling =
    'polling' in input && input.polling
      ? input.polling
      : input.platform === 'magento' && !input.webhook_public_key
        ? { enabled: true }
        : undefined;
  checkPolling(input.platform, polling?.enabled);
  const id = newId('conn');
  try {
    return await withStore(platform.db, storeId, async (tx) => {
      const [row] = await tx
        .insert(integrationConnections)
        .values({
          id,
          storeId,
          platform: input.platform,
          name: input.name ?? shop,
          shop,
          credentialsCiphertext: seal(platform, id, credentials),
          credentialHints: hintsOf(credentials),
          pollingEnabled: polling?.enabled ?? false,
          pollIntervalSeconds: polling?.interval_seconds ?? 300,
          nextSyncAt: polling?.enabled ? sql`now()` : null,
        })
        .returning();
      if (polling?.enabled) {
        await ensureCursors(
          tx,
          row!,
          polling.since ? new Date(polling.since) : new Date(Date.now() - DEFAULT_POLL_START_MS),
        );
      }
      const view = await viewOf(platform, tx, row!);
      await emitFor(tx, storeId, 'integration_connection.created', id, view);
      await auditAs(tx, o.actor, {
        storeId,
        action: 'integration_connection.created',
        entityType: 'integration_connection',
        entityId: id,
        after: view,
      });
      return view;
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw alreadyConnected();
    throw err;
  }
}

/**
 * Change a connection: its name, its shop, any credential (rotated: the new one replaces the old
 * at once), polling. A field of another platform is a 422. Disconnected connections cannot change.
 */
export async function updateConnection(
  platform: Platform,
  o: { storeId: string; connectionId: string; patch: ConnectionPatch; actor?: Actor },
): Promise<ConnectionView> {
  const patch = parseInput(ConnectionPatch, o.patch);
  const { storeId, connectionId } = o;
  try {
    return await withStore(platform.db, storeId, async (tx) => {
      const row = await findConnection(tx, storeId, connectionId, true);
      if (row.status !== 'active') {
        throw new AppError(
          'INVALID_STATE_TRANSITION',
          'This connection is disconnected; connect the shop again.',
        );
      }
      const fields = CREDENTIAL_FIELDS[row.platform];
      const allowed = new Set([
        'name',
        'polling',
        SHOP_FIELD[row.platform],
        ...fields.required,
        ...fields.optional,
      ]);
      const foreign = Object.keys(patch).filter((k) => !allowed.has(k));
      if (foreign.length > 0) {
        throw new AppError('UNPROCESSABLE', `These fields are not ${row.platform}'s.`, {
          errors: foreign.map((k) => ({
            path: `body.${k}`,
            message: `not a ${row.platform} connection field`,
          })),
        });
      }
      if (patch.polling?.enabled !== undefined) checkPolling(row.platform, patch.polling.enabled);
      const before = await viewOf(platform, tx, row);

      const values: Partial<ConnectionRow> = {};
      if (patch.name !== undefined) values.name = patch.name;
      const shop = (patch as Record<string, unknown>)[SHOP_FIELD[row.platform]];
      if (typeof shop === 'string') values.shop = shop;
      const credentials = unseal(platform, row);
      let credentialsChanged = false;
      for (const f of [...fields.required, ...fields.optional]) {
        const v = (patch as Record<string, unknown>)[f];
        if (v === undefined) continue;
        credentialsChanged = true;
        if (v === null) delete credentials[f];
        else credentials[f] = v as string;
      }
      if (credentialsChanged) {
        values.credentialsCiphertext = seal(platform, row.id, credentials);
        values.credentialHints = hintsOf(credentials);
      }
      if (patch.polling) {
        if (patch.polling.interval_seconds !== undefined)
          values.pollIntervalSeconds = patch.polling.interval_seconds;
        if (patch.polling.enabled !== undefined) values.pollingEnabled = patch.polling.enabled;
        const enabling = patch.polling.enabled === true && !row.pollingEnabled;
        if (enabling || patch.polling.since) {
          const since = patch.polling.since
            ? new Date(patch.polling.since)
            : new Date(Date.now() - DEFAULT_POLL_START_MS);
          await ensureCursors(tx, row, since);
          if (patch.polling.since) {
            await tx
              .update(integrationPollCursors)
              .set({ modifiedAfter: since, updatedAt: sql`now()` })
              .where(eq(integrationPollCursors.connectionId, row.id));
          }
        }
        if (enabling) values.nextSyncAt = new Date();
      }
      const [after] = await tx
        .update(integrationConnections)
        .set({ ...values, updatedAt: sql`now()` })
        .where(eq(integrationConnections.id, row.id))
        .returning();
      const view = await viewOf(platform, tx, after!);
      await emitFor(tx, storeId, 'integration_connection.updated', row.id, view);
      await auditAs(tx, o.actor, {
        storeId,
        action: 'integration_connection.updated',
        entityType: 'integration_connection',
        entityId: row.id,
        before,
        after: view,
      });
      return view;
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw alreadyConnected();
    throw err;
  }
}

/**
 * Disconnect: the credentials are erased, polling stops, fetches still pending are given up, and
 * the ingest URL answers 404 from now on. The row and its inbox stay. Disconnecting again returns
 * the connection as it is.
 */
export async function disconnectConnection(
  platform: Platform,
  o: { storeId: string; connectionId: string; actor?: Actor },
): Promise<ConnectionView> {
  const { storeId, connectionId } = o;
  return withStore(platform.db, storeId, async (tx) => {
    const row = await findConnection(tx, storeId, connectionId, true);
    if (row.status === 'disconnected') return viewOf(platform, tx, row);
    const before = await viewOf(platform, tx, row);
    const [after] = await tx
      .update(integrationConnections)
      .set({
        status: 'disconnected',
        credentialsCiphertext: null,
        credentialHints: {},
        pollingEnabled: false,
        nextSyncAt: null,
        disconnectedAt: sql`now()`,
        updatedAt: sql`now()`,
      })
      .where(eq(integrationConnections.id, row.id))
      .returning();
    await tx
      .update(integrationDeliveries)
      .set({ status: 'failed', nextAttemptAt: null, lastError: 'the connection was disconnected' })
      .where(
        and(eq(integrationDeliveries.connectionId, row.id), eq(integrationDeliveries.status, 'pending')),
      );
    const view = await viewOf(platform, tx, after!);
    await emitFor(tx, storeId, 'integration_connection.disconnected', row.id, view);
    await auditAs(tx, o.actor, {
      storeId,
      action: 'integration_connection.disconnected',
      entityType: 'integration_connection',
      entityId: row.id,
      before,
      after: view,
    });
    return view;
  });
}

/** Ask for a sync now: the worker picks the connection up at its next tick. Audited. */
export async function requestSync(
  platform: Platform,
  o: { storeId: string; connectionId: string; actor?: Actor },
): Promise<ConnectionView> {
  const { storeId, connectionId } = o;
  return withStore(platform.db, storeId, async (tx) => {
    const row = await findConnection(tx, storeId, connectionId, true);
    if (row.status !== 'active') {
      throw new AppError(
        'INVALID_STATE_TRANSITION',
        'This connection is disconnected; connect the shop again.',
      );
    }
    if (!row.pollingEnabled) {
      const { rows } = await tx.execute<{ n: number }>(
        sql`SELECT count(*)::int AS n FROM integration_deliveries WHERE connection_id = ${row.id} AND status = 'pending'`,
      );
      if (rows[0]!.n === 0) {
        throw new AppError('UNPROCESSABLE', 'Nothing to sync: polling is off and no fetch is pending.', {
          errors: [{ path: 'polling.enabled', message: 'off' }],
        });
      }
    }
    const [after] = await tx
      .update(integrationConnections)
      .set({ nextSyncAt: sql`now()`, syncFailures: 0, updatedAt: sql`now()` })
      .where(eq(integrationConnections.id, row.id))
      .returning();
    await emitFor(tx, storeId, 'integration_connection.sync_requested', row.id, { connectionId: row.id });
    await auditAs(tx, o.actor, {
      storeId,
      action: 'integration_connection.sync_requested',
      entityType: 'integration_connection',
      entityId: row.id,
    });
    return viewOf(platform, tx, after!);
  });
}
