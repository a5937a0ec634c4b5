import { and, desc, eq, lt, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Platform } from '../../platform/context.ts';
import { withStore, type Tx } from '../../platform/db/database.ts';
import { AppError, isAppError } from '../../platform/errors.ts';
import { decodeCursor, PageQuery, toPage, type Page } from '../../platform/http/pagination.ts';
import { newId } from '../../platform/ids.ts';
import { parseInput } from '../../platform/validation.ts';
import { fetchBigCommerceResource, fetchPolicy } from './apis.ts';
import {
  BigCommerceWebhook,
  mapBigCommerce,
  resourceOfWebhook,
  verifyBigCommerceToken,
  type BigCommerceResource,
} from './bigcommerce.ts';
import { connectionForDelivery } from './connections.ts';
import { PlatformRefusedError, PlatformUnavailableError } from './http-client.ts';
import {
  magentoDeliveryKey,
  magentoTopicOf,
  MagentoWebhook,
  mapMagentoWebhook,
  verifyMagentoSignature,
} from './magento.ts';
import { jsonBody, parsePayload, payloadInvalid, type DeliveryHeaders } from './payloads.ts';
import { recordContact, recordPurchase, upsertTrackedCart, type HandOver } from './recovery-port.ts';
import {
  integrationConnections,
  integrationDeliveries,
  integrationInbox,
  type CommercePlatform,
  type ConnectionRow,
} from './schema.ts';
import { mapShopify, shopifyDeliveryOf, verifyShopifySignature } from './shopify.ts';
import type { Mapped } from './types.ts';
import { deliveryView, inboxItemView, type DeliveryView, type InboxItemView } from './views.ts';
import {
  isWooCommercePing,
  mapWooCommerce,
  verifyWooCommerceSignature,
  wooCommerceDeliveryOf,
} from './woocommerce.ts';

/**
 * Webhook deliveries from the connected platforms. In order, for every platform:
 *
 * 1. the connection, by the id in the URL: none, disconnected or another platform's → 404;
 * 2. authenticity (each platform's own scheme) → 401 INTEGRATION_SIGNATURE_INVALID, logged
 *    without personal data, nothing stored;
 * 3. freshness, where the platform sends the event's time (Shopify, BigCommerce): older (or
 *    later) than INTEGRATIONS_REPLAY_WINDOW_SECONDS → answered 200 `stale`, nothing stored (see
 *    docs/integrations.md: a non-2xx would only make the platform retry the same stale delivery);
 * 4. the payload, against the shape the platform documents → 422 INTEGRATION_PAYLOAD_INVALID with
 *    each Zod path, nothing stored; a topic Carton does not take → 200 `ignored`;
 * 5. in one transaction: the delivery's own id is claimed (a redelivery, even a concurrent one,
 *    finds it claimed: 200 `duplicate`, nothing done twice) and the mapped items are handed to the
 *    recovery port.
 *
 * BigCommerce sends ids only: its cart, order or customer is fetched first. If BigCommerce cannot
 * answer now, the delivery is claimed as `pending` (200 `deferred`) and the worker fetches it
 * later with backoff (`sync.ts`), so the event is not lost to the replay window.
 */

export type DeliveryOutcome = 'accepted' | 'duplicate' | 'ignored' | 'stale' | 'deferred';

export interface DeliveryResult {
  outcome: DeliveryOutcome;
  /** Items recorded in the inbox (a duplicate item counts nothing). */
  recorded: number;
}

interface WebhookRequest {
  connectionId: string;
  platform: CommercePlatform;
  rawBody: Buffer;
  headers: DeliveryHeaders;
}

const ignored: DeliveryResult = { outcome: 'ignored', recorded: 0 };
const stale: DeliveryResult = { outcome: 'stale', recorded: 0 };
const duplicate: DeliveryResult = { outcome: 'duplicate', recorded: 0 };

function refuse(platform: Platform, conn: ConnectionRow, reason: string): never {
  platform.log.warn(
    { connectionId: conn.id, storeId: conn.storeId, platform: conn.platform, reason },
    'integration webhook refused',
  );
  throw new AppError('INTEGRATION_SIGNATURE_INVALID', `The delivery could not be verified: ${reason}.`);
}

/** Whether an event time lies outside the replay window (either side of now). */
function isStale(platform: Platform, sentAt: string | null): boolean {
  if (!sentAt) return false;
  const windowMs = platform.config.INTEGRATIONS_REPLAY_WINDOW_SECONDS * 1000;
  return Math.abs(Date.now() - Date.parse(sentAt)) > windowMs;
}

function noteStale(platform: Platform, conn: ConnectionRow, topic: string, sentAt: string): DeliveryResult {
  platform.log.warn(
    { connectionId: conn.id, storeId: conn.storeId, platform: conn.platform, topic, sentAt },
    'integration webhook outside the replay window: not applied',
  );
  return stale;
}

/** Receive one webhook delivery (see above). Throws AppError for 401, 404 and 422. */
export async function receiveWebhook(platform: Platform, req: WebhookRequest): Promise<DeliveryResult> {
  const conn = await connectionForDelivery(platform, req.connectionId);
  if (!conn || conn.row.platform !== req.platform) {
    throw new AppError('NOT_FOUND', 'No such connection, or it has been disconnected.');
  }
  const { row, credentials } = conn;
  const { rawBody, headers } = req;
  const storeId = row.storeId;

  switch (row.platform) {
    case 'shopify': {
      if (!verifyShopifySignature(rawBody, headers, credentials.webhook_secret ?? '')) {
        refuse(platform, row, 'X-Shopify-Hmac-Sha256 does not match the body');
      }
      const delivery = shopifyDeliveryOf(headers);
      if (delivery.shopDomain && delivery.shopDomain !== row.shop) {
        refuse(platform, row, 'X-Shopify-Shop-Domain is not this connection’s shop');
      }
      if (isStale(platform, delivery.triggeredAt))
        return noteStale(platform, row, delivery.topic, delivery.triggeredAt!);
      const mapped = mapShopify(delivery.topic, jsonBody(rawBody), storeId);
      if (!mapped) return ignored;
      return applyDelivery(platform, row, { key: delivery.deliveryKey, topic: delivery.topic }, mapped);
    }
    case 'woocommerce': {
      if (isWooCommercePing(rawBody, headers)) return ignored;
      if (!verifyWooCommerceSignature(rawBody, headers, credentials.webhook_secret ?? '')) {
        refuse(platform, row, 'X-WC-Webhook-Signature does not match the body');
      }
      const delivery = wooCommerceDeliveryOf(headers);
      const mapped = mapWooCommerce(delivery.topic, jsonBody(rawBody), storeId);
      if (!mapped) return ignored;
      return applyDelivery(platform, row, { key: delivery.deliveryKey, topic: delivery.topic }, mapped);
    }
    case 'bigcommerce': {
      if (!verifyBigCommerceToken(headers, credentials.webhook_token ?? '')) {
        refuse(platform, row, 'X-Carton-Webhook-Token is not this connection’s token');
      }
      const hook = parsePayload(BigCommerceWebhook, jsonBody(rawBody));
      if (hook.producer !== `stores/${row.shop}`)
        refuse(platform, row, 'the producer is not this connection’s store');
      const sentAt = new Date(hook.created_at * 1000).toISOString();
      if (isStale(platform, sentAt)) return noteStale(platform, row, hook.scope, sentAt);
      const resource = resourceOfWebhook(hook);
      if (!resource) return ignored;
      const key = `${hook.scope}:${hook.hash}`;
      if (await deliveryKnown(platform, row, key)) return duplicate;
      return fetchAndApply(platform, row, credentials, { key, topic: hook.scope, resource });
    }
    case 'magento': {
      const publicKey = credentials.webhook_public_key;
      if (!publicKey) refuse(platform, row, 'this connection has no webhook public key (it is polled)');
      if (!verifyMagentoSignature(rawBody, headers, publicKey)) {
        refuse(platform, row, 'x-adobe-commerce-webhook-signature does not verify with the public key');
      }
      const body = parsePayload(MagentoWebhook, jsonBody(rawBody));
      const topic = magentoTopicOf(body);
      if (!topic)
        throw payloadInvalid([{ path: 'body.eventName', message: 'required (or data.quote / data.order)' }]);
      const mapped = mapMagentoWebhook(topic, body, storeId);
      if (!mapped) return ignored;
      return applyDelivery(platform, row, { key: magentoDeliveryKey(topic, rawBody), topic }, mapped);
    }
  }
}

async function deliveryKnown(platform: Platform, conn: ConnectionRow, key: string): Promise<boolean> {
  const rows = await withStore(platform.db, conn.storeId, (tx) =>
    tx
      .select({ id: integrationDeliveries.id })
      .from(integrationDeliveries)
      .where(
        and(eq(integrationDeliveries.connectionId, conn.id), eq(integrationDeliveries.deliveryKey, key)),
      ),
  );
  return rows.length > 0;
}

/** Hand every mapped item to the port; how many were recorded (new, not outdated). */
export async function handOver(tx: Tx, mapped: Mapped, from: HandOver): Promise<number> {
  let recorded = 0;
  for (const cart of mapped.carts) if ((await upsertTrackedCart(tx, cart, from)) === 'recorded') recorded++;
  for (const purchase of mapped.purchases)
    if ((await recordPurchase(tx, purchase, from)) === 'recorded') recorded++;
  for (const contact of mapped.contacts)
    if ((await recordContact(tx, contact, from)) === 'recorded') recorded++;
  return recorded;
}

async function noteDelivery(tx: Tx, conn: ConnectionRow): Promise<void> {
  await tx
    .update(integrationConnections)
    .set({ lastDeliveryAt: sql`greatest(${integrationConnections.lastDeliveryAt}, now())` })
    .where(eq(integrationConnections.id, conn.id));
}

/** Claim the delivery and hand its items over, in one transaction; a claimed key is a duplicate. */
async function applyDelivery(
  platform: Platform,
  conn: ConnectionRow,
  d: { key: string; topic: string; resource?: BigCommerceResource },
  mapped: Mapped,
): Promise<DeliveryResult> {
  return withStore(platform.db, conn.storeId, async (tx) => {
    const deliveryId = newId('dlv');
    const claimed = await tx
      .insert(integrationDeliveries)
      .values({
        id: deliveryId,
        storeId: conn.storeId,
        connectionId: conn.id,
        deliveryKey: d.key,
        topic: d.topic,
        status: 'applied',
        resourceType: d.resource?.type ?? null,
        resourceId: d.resource?.id ?? null,
        attempts: d.resource ? 1 : 0,
        processedAt: new Date(),
      })
      .onConflictDoNothing()
      .returning({ id: integrationDeliveries.id });
    if (claimed.length === 0) return duplicate;
    const recorded = await handOver(tx, mapped, { connectionId: conn.id, deliveryId, via: 'webhook' });
    await tx
      .update(integrationDeliveries)
      .set({ itemsRecorded: recorded })
      .where(eq(integrationDeliveries.id, deliveryId));
    await noteDelivery(tx, conn);
    return { outcome: 'accepted', recorded };
  });
}

/** The delay before the next fetch of a pending delivery: the platform's Retry-After, else 2^n backoff. */
export function nextFetchDelayMs(platform: Platform, attempts: number, retryAfterMs: number | null): number {
  const backoff = platform.config.INTEGRATIONS_RETRY_BASE_MS * 2 ** Math.max(0, attempts - 1);
  return Math.min(Math.max(retryAfterMs ?? 0, backoff), 6 * 3600 * 1000);
}

/** Why a fetch failed, for the delivery log: status and host, never a body. */
export function fetchErrorText(err: unknown): string {
  if (err instanceof PlatformUnavailableError || err instanceof PlatformRefusedError)
    return err.message.slice(0, 300);
  if (isAppError(err)) {
    const first = err.errors?.[0];
    return (first ? `${err.code} at ${first.path}: ${first.message}` : `${err.code}: ${err.message}`).slice(
      0,
      300,
    );
  }
  return 'unexpected error';
}

/**
 * BigCommerce: fetch what the webhook names, then claim and apply. A platform that cannot answer
 * (or refuses: credentials being changed) leaves the delivery `pending` for the worker.
 */
async function fetchAndApply(
  platform: Platform,
  conn: ConnectionRow,
  credentials: Record<string, string>,
  d: { key: string; topic: string; resource: BigCommerceResource },
): Promise<DeliveryResult> {
  let answer: unknown;
  try {
    answer = await fetchBigCommerceResource(
      {
        apiBase: platform.config.BIGCOMMERCE_API_BASE,
        storeHash: conn.shop,
        accessToken: credentials.access_token ?? '',
        clientId: credentials.client_id,
      },
      d.resource,
      fetchPolicy(platform.config, 'webhook'),
    );
  } catch (err) {
    if (!(err instanceof PlatformUnavailableError) && !(err instanceof PlatformRefusedError)) throw err;
    const retryAfter = err instanceof PlatformUnavailableError ? err.retryAfterMs : null;
    return deferDelivery(platform, conn, d, fetchErrorText(err), nextFetchDelayMs(platform, 1, retryAfter));
  }
  if (answer === null) {
    platform.log.info(
      { connectionId: conn.id, topic: d.topic },
      'BigCommerce resource gone: nothing to record',
    );
    return ignored;
  }
  const mapped = mapBigCommerce(d.resource, answer, conn.storeId);
  return applyDelivery(platform, conn, d, mapped);
}

async function deferDelivery(
  platform: Platform,
  conn: ConnectionRow,
  d: { key: string; topic: string; resource: BigCommerceResource },
  error: string,
  delayMs: number,
): Promise<DeliveryResult> {
  platform.log.warn(
    { connectionId: conn.id, topic: d.topic, error },
    'integration fetch deferred to the worker',
  );
  const nextAttemptAt = new Date(Date.now() + delayMs);
  return withStore(platform.db, conn.storeId, async (tx) => {
    const claimed = await tx
      .insert(integrationDeliveries)
      .values({
        id: newId('dlv'),
        storeId: conn.storeId,
        connectionId: conn.id,
        deliveryKey: d.key,
        topic: d.topic,
        status: 'pending',
        resourceType: d.resource.type,
        resourceId: d.resource.id,
        attempts: 1,
        nextAttemptAt,
        lastError: error,
      })
      .onConflictDoNothing()
      .returning({ id: integrationDeliveries.id });
    if (claimed.length === 0) return duplicate;
    await tx
      .update(integrationConnections)
      .set({
        nextSyncAt: sql`least(coalesce(${integrationConnections.nextSyncAt}, ${nextAttemptAt}), ${nextAttemptAt})`,
        lastDeliveryAt: sql`greatest(${integrationConnections.lastDeliveryAt}, now())`,
      })
      .where(eq(integrationConnections.id, conn.id));
    return { outcome: 'deferred' as const, recorded: 0 };
  });
}

// --- reading ------------------------------------------------------------------------------------

export const DeliveryListQuery = PageQuery.extend({
  status: z.enum(['applied', 'ignored', 'pending', 'failed']).optional(),
});
export type DeliveryListQuery = z.input<typeof DeliveryListQuery>;

export const InboxListQuery = PageQuery.extend({
  kind: z.enum(['cart', 'purchase', 'contact']).optional(),
});
export type InboxListQuery = z.input<typeof InboxListQuery>;

async function assertConnection(tx: Tx, storeId: string, connectionId: string): Promise<void> {
  const [row] = await tx
    .select({ id: integrationConnections.id })
    .from(integrationConnections)
    .where(and(eq(integrationConnections.storeId, storeId), eq(integrationConnections.id, connectionId)));
  if (!row) throw new AppError('NOT_FOUND', `Connection ${connectionId} does not exist.`);
}

/** A connection's webhook deliveries, newest first. */
export async function listDeliveries(
  platform: Platform,
  o: { storeId: string; connectionId: string; query: DeliveryListQuery },
): Promise<Page<DeliveryView>> {
  const q = parseInput(DeliveryListQuery, o.query, 'querystring');
  const cursor = decodeCursor<{ id: string }>(q.cursor);
  return withStore(platform.db, o.storeId, async (tx) => {
    await assertConnection(tx, o.storeId, o.connectionId);
    const rows = await tx
      .select()
      .from(integrationDeliveries)
      .where(
        and(
          eq(integrationDeliveries.connectionId, o.connectionId),
          q.status ? eq(integrationDeliveries.status, q.status) : undefined,
          cursor?.id ? lt(integrationDeliveries.id, String(cursor.id)) : undefined,
        ),
      )
      .orderBy(desc(integrationDeliveries.id))
      .limit(q.limit + 1);
    const page = toPage(rows, q.limit, (r) => ({ id: r.id }));
    return { data: page.data.map(deliveryView), next_cursor: page.next_cursor };
  });
}

/** What a connection handed to recovery, newest first. */
export async function listInbox(
  platform: Platform,
  o: { storeId: string; connectionId: string; query: InboxListQuery },
): Promise<Page<InboxItemView>> {
  const q = parseInput(InboxListQuery, o.query, 'querystring');
  const cursor = decodeCursor<{ id: string }>(q.cursor);
  return withStore(platform.db, o.storeId, async (tx) => {
    await assertConnection(tx, o.storeId, o.connectionId);
    const rows = await tx
      .select()
      .from(integrationInbox)
      .where(
        and(
          eq(integrationInbox.connectionId, o.connectionId),
          q.kind ? eq(integrationInbox.kind, q.kind) : undefined,
          cursor?.id ? lt(integrationInbox.id, String(cursor.id)) : undefined,
        ),
      )
      .orderBy(desc(integrationInbox.id))
      .limit(q.limit + 1);
    const page = toPage(rows, q.limit, (r) => ({ id: r.id }));
    return { data: page.data.map(inboxItemView), next_cursor: page.next_cursor };
  });
}
