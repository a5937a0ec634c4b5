import { and, asc, count, desc, eq, inArray, lt, sql } from 'drizzle-orm';
import type { PgUpdateSetSource } from 'drizzle-orm/pg-core';
import { z } from 'zod';
import { decryptSecret, encryptSecret } from '../../platform/crypto.ts';
import { withStore, type Db, type DbOrTx, type Tx } from '../../platform/db/database.ts';
import { AppError } from '../../platform/errors.ts';
import { eventTypeFilterProblem } from '../../platform/events/catalog.ts';
import { emitEvent } from '../../platform/events/outbox.ts';
import { decodeCursor, PageQuery, toPage, type Page } from '../../platform/http/pagination.ts';
import { newId } from '../../platform/ids.ts';
import { mentionPatterns, redactJson, type Redaction } from '../../platform/privacy/redact.ts';
import { parseInput } from '../../platform/validation.ts';
import { recordAudit, type AuditContext } from '../audit/service.ts';
import { WEBHOOK_TEST_EVENT } from './events.ts';
import {
  webhookDeliveries,
  webhookDeliveryAttempts,
  webhookEndpoints,
  type WebhookDelivery,
  type WebhookDeliveryAttempt,
  type WebhookEndpoint,
} from './schema.ts';
import { generateWebhookSecret } from './signing.ts';
import { endpointView } from './views.ts';

/** Wakes webhook senders on every node (payload: the store id), on commit. */
export const WEBHOOKS_CHANNEL = 'carton_webhooks';
export const MAX_ENDPOINTS_PER_STORE = 50;
/** After a rotation, the old secret keeps signing (beside the new one) for this long. */
export const PREVIOUS_SECRET_GRACE_MS = 24 * 60 * 60 * 1000;

const WebhookUrl = z
  .url({ protocol: /^https?$/, error: 'must be an absolute http:// or https:// URL' })
  .max(2048)
  .refine((u) => {
    // Zod runs this check even when the URL check above failed.
    const parsed = URL.parse(u);
    return !parsed || (!parsed.username && !parsed.password);
  }, 'must not contain a user name or password');

const EventTypeFilters = z
  .array(z.string().max(100))
  .min(1)
  .max(100)
  .superRefine((types, ctx) => {
    types.forEach((t, i) => {
      const problem = eventTypeFilterProblem(t);
      if (problem) ctx.addIssue({ code: 'custom', path: [i], message: problem });
    });
  })
  .transform((types) => (types.includes('*') ? ['*'] : [...new Set(types)]))
  .describe(
    'Event types to receive: exact types, entity.* or * (everything). See GET /admin/v1/event-types.',
  );

export const WebhookEndpointInput = z.strictObject({
  url: WebhookUrl,
  description: z.string().trim().max(500).default(''),
  event_types: EventTypeFilters.default(['*']),
  enabled: z.boolean().default(true),
});
export type WebhookEndpointInput = z.input<typeof WebhookEndpointInput>;

export const WebhookEndpointPatch = z.strictObject({
  url: WebhookUrl.optional(),
  description: z.string().trim().max(500).optional(),
  event_types: EventTypeFilters.optional(),
  enabled: z.boolean().optional(),
});
export type WebhookEndpointPatch = z.input<typeof WebhookEndpointPatch>;

export const DeliveryListQuery = PageQuery.extend({
  status: z.enum(['pending', 'succeeded', 'failed']).optional(),
});
export type DeliveryListQuery = z.input<typeof DeliveryListQuery>;

export interface DeliveryWithAttempts {
  delivery: WebhookDelivery;
  attempts: WebhookDeliveryAttempt[];
}

/** Who acts, for the audit log (`auditContext(req)` in routes). */
type Actor = AuditContext | undefined;

const secretContext = (endpointId: string) => `webhook_endpoint:${endpointId}`;

async function audit(
  tx: Tx,
  actor: Actor,
  entry: { storeId: string; action: string; entityId: string; before?: unknown; after?: unknown },
): Promise<void> {
  if (!actor) return;
  await recordAudit(tx, { ...actor, ...entry, entityType: 'webhook_endpoint' });
}

/** Queue a NOTIFY that wakes webhook senders when the transaction commits. */
export async function wakeWebhookSenders(tx: DbOrTx, storeId: string): Promise<void> {
  await tx.execute(sql`SELECT pg_notify(${WEBHOOKS_CHANNEL}, ${storeId})`);
}

async function findEndpoint(tx: DbOrTx, storeId: string, endpointId: string, lock = false) {
  const q = tx
    .select()
    .from(webhookEndpoints)
    .where(and(eq(webhookEndpoints.storeId, storeId), eq(webhookEndpoints.id, endpointId)));
  const [endpoint] = lock ? await q.for('update') : await q;
  if (!endpoint) throw new AppError('NOT_FOUND', `Webhook endpoint ${endpointId} does not exist.`);
  return endpoint;
}

export async function createWebhookEndpoint(
  db: Db,
  options: { storeId: string; input: WebhookEndpointInput; cartonSecret: string; actor?: Actor },
): Promise<{ endpoint: WebhookEndpoint; secret: string }> {
  const input = parseInput(WebhookEndpointInput, options.input);
  const { storeId } = options;
  const id = newId('whep');
  const secret = generateWebhookSecret();
  return withStore(db, storeId, async (tx) => {
    // Serialise creations per store so the cap holds under concurrency.
    await tx.execute(sql`SELECT pg_advisory_xact_lock(hashtext('webhook_endpoints:' || ${storeId}))`);
    const [existing] = await tx
      .select({ n: count() })
      .from(webhookEndpoints)
      .where(eq(webhookEndpoints.storeId, storeId));
    if ((existing?.n ?? 0) >= MAX_ENDPOINTS_PER_STORE) {
      throw new AppError(
        'UNPROCESSABLE',
        `A store can have at most ${MAX_ENDPOINTS_PER_STORE} webhook endpoints.`,
      );
    }
    const [endpoint] = await tx
      .insert(webhookEndpoints)
      .values({
        id,
        storeId,
        url: input.url,
        description: input.description,
        eventTypes: input.event_types,
        enabled: input.enabled,
        disabledReason: input.enabled ? null : 'manual',
        disabledAt: input.enabled ? null : sql`now()`,
        secretCiphertext: encryptSecret(options.cartonSecret, secret, secretContext(id)),
      })
      .returning();
    const view = endpointView(endpoint!);
    await emitEvent(tx, {
      storeId,
      type: 'webhook_endpoint.created',
      aggregateType: 'webhook_endpoint',
      aggregateId: id,
      payload: view,
    });
    await audit(tx, options.actor, {
      storeId,
      action: 'webhook_endpoint.created',
      entityId: id,
      after: view,
    });
    return { endpoint: endpoint!, secret };
  });
}

export async function listWebhookEndpoints(
  db: Db,
  options: { storeId: string; query: z.input<typeof PageQuery> },
): Promise<Page<WebhookEndpoint>> {
  const query = parseInput(PageQuery, options.query, 'querystring');
  const cursor = decodeCursor<{ id: string }>(query.cursor);
  const rows = await withStore(db, options.storeId, (tx) =>
    tx
      .select()
      .from(webhookEndpoints)
      .where(
        and(
          eq(webhookEndpoints.storeId, options.storeId),
          cursor ? lt(webhookEndpoints.id, String(cursor.id)) : undefined,
        ),
      )
      .orderBy(desc(webhookEndpoints.id))
      .limit(query.limit + 1),
  );
  return toPage(rows, query.limit, (e) => ({ id: e.id }));
}

export async function getWebhookEndpoint(
  db: Db,
  options: { storeId: string; endpointId: string },
): Promise<WebhookEndpoint> {
  return withStore(db, options.storeId, (tx) => findEndpoint(tx, options.storeId, options.endpointId));
}

export async function updateWebhookEndpoint(
  db: Db,
  options: { storeId: string; endpointId: string; patch: WebhookEndpointPatch; actor?: Actor },
): Promise<WebhookEndpoint> {
  const patch = parseInput(WebhookEndpointPatch, options.patch);
  const { storeId, endpointId } = options;
  return withStore(db, storeId, async (tx) => {
    const before = await findEndpoint(tx, storeId, endpointId, true);
    const set: PgUpdateSetSource<typeof webhookEndpoints> = { updatedAt: sql`now()` };
    if (patch.url !== undefined) set.url = patch.url;
    if (patch.description !== undefined) set.description = patch.description;
    if (patch.event_types !== undefined) set.eventTypes = patch.event_types;
    const enabling = patch.enabled === true && !before.enabled;
    const disabling = patch.enabled === false && before.enabled;
    if (enabling) {
      Object.assign(set, {
        enabled: true,
        disabledReason: null,
        disabledAt: null,
        failureStreak: 0,
        failingSince: null,
      });
    }
    if (disabling) Object.assign(set, { enabled: false, disabledReason: 'manual', disabledAt: sql`now()` });
    const [after] = await tx
      .update(webhookEndpoints)
      .set(set)
      .where(eq(webhookEndpoints.id, endpointId))
      .returning();
    if (enabling) {
      // Deliveries that waited while the endpoint was off go out now rather than at their old retry times.
      await tx
        .update(webhookDeliveries)
        .set({ nextAttemptAt: sql`now()`, updatedAt: sql`now()` })
        .where(and(eq(webhookDeliveries.endpointId, endpointId), eq(webhookDeliveries.status, 'pending')));
      await wakeWebhookSenders(tx, storeId);
    }
    const view = endpointView(after!);
    await emitEvent(tx, {
      storeId,
      type: 'webhook_endpoint.updated',
      aggregateType: 'webhook_endpoint',
      aggregateId: endpointId,
      payload: view,
    });
    await audit(tx, options.actor, {
      storeId,
      action: 'webhook_endpoint.updated',
      entityId: endpointId,
      before: endpointView(before),
      after: view,
    });
    return after!;
  });
}

export async function deleteWebhookEndpoint(
  db: Db,
  options: { storeId: string; endpointId: string; actor?: Actor },
): Promise<void> {
  const { storeId, endpointId } = options;
  await withStore(db, storeId, async (tx) => {
    const before = await findEndpoint(tx, storeId, endpointId, true);
    await tx.delete(webhookEndpoints).where(eq(webhookEndpoints.id, endpointId));
    const view = endpointView(before);
    await emitEvent(tx, {
      storeId,
      type: 'webhook_endpoint.deleted',
      aggregateType: 'webhook_endpoint',
      aggregateId: endpointId,
      payload: view,
    });
    await audit(tx, options.actor, {
      storeId,
      action: 'webhook_endpoint.deleted',
      entityId: endpointId,
      before: view,
    });
  });
}

/** The endpoint's current signing secret, decrypted. Audited: it is a credential. */
export async function revealWebhookSecret(
  db: Db,
  options: { storeId: string; endpointId: string; cartonSecret: string; actor?: Actor },
): Promise<string> {
  const { storeId, endpointId } = options;
  return withStore(db, storeId, async (tx) => {
    const endpoint = await findEndpoint(tx, storeId, endpointId);
    await audit(tx, options.actor, {
      storeId,
      action: 'webhook_endpoint.secret_revealed',
      entityId: endpointId,
    });
    return decryptSecret(options.cartonSecret, endpoint.secretCiphertext, secretContext(endpointId));
  });
}

/**
 * Replace the signing secret. For a grace period deliveries carry signatures by both the new
 * and the previous secret, so receivers can switch without dropping messages.
 */
export async function rotateWebhookSecret(
  db: Db,
  options: { storeId: string; endpointId: string; cartonSecret: string; actor?: Actor },
): Promise<{ endpoint: WebhookEndpoint; secret: string }> {
  const { storeId, endpointId } = options;
  const secret = generateWebhookSecret();
  return withStore(db, storeId, async (tx) => {
    const before = await findEndpoint(tx, storeId, endpointId, true);
    const [endpoint] = await tx
      .update(webhookEndpoints)
      .set({
        secretCiphertext: encryptSecret(options.cartonSecret, secret, secretContext(endpointId)),
        previousSecretCiphertext: before.secretCiphertext,
        previousSecretExpiresAt: new Date(Date.now() + PREVIOUS_SECRET_GRACE_MS),
        updatedAt: sql`now()`,
      })
      .where(eq(webhookEndpoints.id, endpointId))
      .returning();
    await audit(tx, options.actor, {
      storeId,
      action: 'webhook_endpoint.secret_rotated',
      entityId: endpointId,
    });
    return { endpoint: endpoint!, secret };
  });
}

/** The secrets a delivery is signed with right now: the current one, and the previous during its grace period. */
export function signingSecrets(
  endpoint: Pick<
    WebhookEndpoint,
    'id' | 'secretCiphertext' | 'previousSecretCiphertext' | 'previousSecretExpiresAt'
  >,
  cartonSecret: string,
  now = new Date(),
): string[] {
  const context = secretContext(endpoint.id);
  const secrets = [decryptSecret(cartonSecret, endpoint.secretCiphertext, context)];
  if (
    endpoint.previousSecretCiphertext &&
    endpoint.previousSecretExpiresAt &&
    endpoint.previousSecretExpiresAt > now
  ) {
    secrets.push(decryptSecret(cartonSecret, endpoint.previousSecretCiphertext, context));
  }
  return secrets;
}

async function attemptsOf(tx: DbOrTx, deliveryIds: string[]): Promise<Map<string, WebhookDeliveryAttempt[]>> {
  const out = new Map<string, WebhookDeliveryAttempt[]>();
  if (deliveryIds.length === 0) return out;
  const rows = await tx
    .select()
    .from(webhookDeliveryAttempts)
    .where(inArray(webhookDeliveryAttempts.deliveryId, deliveryIds))
    .orderBy(asc(webhookDeliveryAttempts.deliveryId), asc(webhookDeliveryAttempts.attemptNumber));
  for (const a of rows) out.set(a.deliveryId, [...(out.get(a.deliveryId) ?? []), a]);
  return out;
}

/** The delivery log of one endpoint, newest first, each delivery with its attempts. */
export async function listWebhookDeliveries(
  db: Db,
  options: { storeId: string; endpointId: string; query: DeliveryListQuery },
): Promise<Page<DeliveryWithAttempts>> {
  const query = parseInput(DeliveryListQuery, options.query, 'querystring');
  const cursor = decodeCursor<{ id: string }>(query.cursor);
  const { storeId, endpointId } = options;
  return withStore(db, storeId, async (tx) => {
    await findEndpoint(tx, storeId, endpointId);
    const rows = await tx
      .select()
      .from(webhookDeliveries)
      .where(
        and(
          eq(webhookDeliveries.storeId, storeId),
          eq(webhookDeliveries.endpointId, endpointId),
          query.status ? eq(webhookDeliveries.status, query.status) : undefined,
          cursor ? lt(webhookDeliveries.id, String(cursor.id)) : undefined,
        ),
      )
      .orderBy(desc(webhookDeliveries.id))
      .limit(query.limit + 1);
    const page = toPage(rows, query.limit, (d) => ({ id: d.id }));
    const attempts = await attemptsOf(
      tx,
      page.data.map((d) => d.id),
    );
    return {
      data: page.data.map((delivery) => ({ delivery, attempts: attempts.get(delivery.id) ?? [] })),
      next_cursor: page.next_cursor,
    };
  });
}

async function findDelivery(tx: DbOrTx, storeId: string, endpointId: string, deliveryId: string) {
  const [delivery] = await tx
    .select()
    .from(webhookDeliveries)
    .where(
      and(
        eq(webhookDeliveries.storeId, storeId),
        eq(webhookDeliveries.endpointId, endpointId),
        eq(webhookDeliveries.id, deliveryId),
      ),
    );
  if (!delivery)
    throw new AppError('NOT_FOUND', `Delivery ${deliveryId} of endpoint ${endpointId} does not exist.`);
  return delivery;
}

export async function getWebhookDelivery(
  db: Db,
  options: { storeId: string; endpointId: string; deliveryId: string },
): Promise<DeliveryWithAttempts> {
  const { storeId, endpointId, deliveryId } = options;
  return withStore(db, storeId, async (tx) => {
    const delivery = await findDelivery(tx, storeId, endpointId, deliveryId);
    return { delivery, attempts: (await attemptsOf(tx, [delivery.id])).get(delivery.id) ?? [] };
  });
}

function assertEnabled(endpoint: WebhookEndpoint): void {
  if (!endpoint.enabled) {
    throw new AppError('CONFLICT', 'The endpoint is disabled; enable it first (PATCH enabled: true).');
  }
}

/** Send a delivery's message again, as a new delivery with a fresh set of attempts (same webhook-id). */
export async function replayWebhookDelivery(
  db: Db,
  options: { storeId: string; endpointId: string; deliveryId: string; actor?: Actor },
): Promise<DeliveryWithAttempts> {
  const { storeId, endpointId, deliveryId } = options;
  return withStore(db, storeId, async (tx) => {
    assertEnabled(await findEndpoint(tx, storeId, endpointId));
    const original = await findDelivery(tx, storeId, endpointId, deliveryId);
    const [delivery] = await tx
      .insert(webhookDeliveries)
      .values({
        id: newId('whdel'),
        storeId,
        endpointId,
        messageId: original.messageId,
        eventId: original.eventId,
        eventType: original.eventType,
        aggregateType: original.aggregateType,
        aggregateId: original.aggregateId,
        sequence: original.sequence,
        payload: original.payload,
        replayOf: original.id,
      })
      .returning();
    await wakeWebhookSenders(tx, storeId);
    await audit(tx, options.actor, {
      storeId,
      action: 'webhook_delivery.replayed',
      entityId: endpointId,
      after: { delivery_id: delivery!.id, replay_of: original.id, message_id: original.messageId },
    });
    return { delivery: delivery!, attempts: [] };
  });
}

/** Send a `webhook.test` message to this endpoint only (whatever its event types). */
export async function sendTestWebhook(
  db: Db,
  options: { storeId: string; endpointId: string; actor?: Actor },
): Promise<DeliveryWithAttempts> {
  const { storeId, endpointId } = options;
  return withStore(db, storeId, async (tx) => {
    const endpoint = await findEndpoint(tx, storeId, endpointId);
    assertEnabled(endpoint);
    const messageId = newId('msg');
    const [delivery] = await tx
      .insert(webhookDeliveries)
      .values({
        id: newId('whdel'),
        storeId,
        endpointId,
        messageId,
        eventType: WEBHOOK_TEST_EVENT,
        aggregateType: 'webhook_endpoint',
        aggregateId: endpointId,
        sequence: 0,
        payload: {
          type: WEBHOOK_TEST_EVENT,
          timestamp: new Date().toISOString(),
          data: { endpoint_id: endpointId, message: 'A test event from Carton.' },
        },
      })
      .returning();
    await wakeWebhookSenders(tx, storeId);
    await audit(tx, options.actor, {
      storeId,
      action: 'webhook_endpoint.tested',
      entityId: endpointId,
      after: { delivery_id: delivery!.id, message_id: messageId },
    });
    return { delivery: delivery!, attempts: [] };
  });
}

/**
 * GDPR erasure in the webhook history: deliveries whose frozen body mentions the person (their
 * e-mail or customer id) keep their status and timing, with the body's personal fields redacted.
 * A pending delivery then sends the redacted body. Returns how many deliveries were changed.
 */
export async function redactWebhookDeliveriesAbout(
  tx: Tx,
  storeId: string,
  redaction: Redaction,
): Promise<number> {
  const { rows } = await tx.execute<{ id: string; payload: unknown }>(sql`
    SELECT id, payload FROM webhook_deliveries
    WHERE store_id = ${storeId} AND payload::text ILIKE ANY (${sql.param(mentionPatterns(redaction.needles))}::text[])
    FOR UPDATE`);
  const changed = rows
    .map((r) => ({ id: r.id, payload: redactJson(r.payload, redaction) }))
    .filter((r, i) => r.payload !== rows[i]!.payload);
  if (changed.length) {
    await tx.execute(sql`
      UPDATE webhook_deliveries d SET payload = x.payload, updated_at = now()
      FROM jsonb_to_recordset(${JSON.stringify(changed)}::jsonb) AS x(id text, payload jsonb)
      WHERE d.store_id = ${storeId} AND d.id = x.id`);
  }
  return changed.length;
}
