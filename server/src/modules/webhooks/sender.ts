import { and, eq, gte, lte, sql } from 'drizzle-orm';
import { randomUUID } from 'node:crypto';
import { recordAudit } from '../audit/service.ts';
import type { Config } from '../../platform/config.ts';
import { withStore, type Database, type Db } from '../../platform/db/database.ts';
import { listen } from '../../platform/events/listener.ts';
import { startLoop } from '../../platform/events/loop.ts';
import {
  eventDeliveriesTotal,
  registerLagSource,
  webhookAttemptDuration,
} from '../../platform/events/metrics.ts';
import { emitEvent } from '../../platform/events/outbox.ts';
import { newId } from '../../platform/ids.ts';
import type { Logger } from '../../platform/logger.ts';
import { postWebhook, type PostResult } from './http-post.ts';
import {
  webhookDeliveries,
  webhookDeliveryAttempts,
  webhookEndpoints,
  type WebhookPayload,
} from './schema.ts';
import { signingSecrets, WEBHOOKS_CHANNEL } from './service.ts';
import { webhookHeaders } from './signing.ts';
import { endpointView } from './views.ts';

export interface WebhookSenderSettings {
  /** Delay before retry n (ms); a delivery gets one attempt more than there are entries. */
  retryScheduleMs: readonly number[];
  timeoutMs: number;
  /** Disable an endpoint after this many consecutive failed attempts… */
  disableAfterFailures: number;
  /** …that span at least this long. */
  disableAfterMs: number;
  allowPrivateNetworks: boolean;
  cartonSecret: string;
}

export function senderSettings(config: Config): WebhookSenderSettings {
  return {
    retryScheduleMs: config.WEBHOOK_RETRY_SCHEDULE,
    timeoutMs: config.WEBHOOK_TIMEOUT_MS,
    disableAfterFailures: config.WEBHOOK_DISABLE_AFTER_FAILURES,
    disableAfterMs: config.WEBHOOK_DISABLE_AFTER_MS,
    allowPrivateNetworks: config.WEBHOOK_ALLOW_PRIVATE_NETWORKS
      ? config.WEBHOOK_ALLOW_PRIVATE_NETWORKS === 'true'
      : config.NODE_ENV !== 'production',
    cartonSecret: config.CARTON_SECRET,
  };
}

interface ClaimedDelivery {
  id: string;
  storeId: string;
  endpointId: string;
  messageId: string;
  payload: WebhookPayload;
  attemptNumber: number;
  url: string;
  endpoint: Parameters<typeof signingSecrets>[0];
}

/**
 * Lease due deliveries (`FOR UPDATE SKIP LOCKED`, so senders on many nodes share them). Only
 * the head of each (endpoint, aggregate) is due: a later event waits while an earlier one is
 * pending or in flight, so receivers see an aggregate's events in order. A lease that expires
 * (its sender died mid-request) makes the delivery claimable again: at least once.
 */
async function claimDue(
  db: Db,
  batchSize: number,
  leaseMs: number,
  token: string,
): Promise<ClaimedDelivery[]> {
  const result = await db.execute(sql`
    WITH due AS (
      SELECT d.id FROM webhook_deliveries d
      JOIN webhook_endpoints ep ON ep.id = d.endpoint_id
      WHERE d.status = 'pending' AND d.next_attempt_at <= now()
        AND (d.locked_until IS NULL OR d.locked_until <= now())
        AND ep.enabled
        AND NOT EXISTS (
          SELECT 1 FROM webhook_deliveries p
          WHERE p.status = 'pending' AND p.endpoint_id = d.endpoint_id
            AND p.aggregate_type = d.aggregate_type AND p.aggregate_id = d.aggregate_id
            AND (p.sequence, p.id) < (d.sequence, d.id))
      ORDER BY d.next_attempt_at, d.id
      LIMIT ${batchSize}
      FOR UPDATE OF d SKIP LOCKED
    )
    UPDATE webhook_deliveries w
    SET locked_until = now() + ${leaseMs} * interval '1 millisecond', lease_token = ${token},
        attempt_count = w.attempt_count + 1, updated_at = now()
    FROM due, webhook_endpoints ep
    WHERE w.id = due.id AND ep.id = w.endpoint_id
    RETURNING w.id, w.store_id, w.endpoint_id, w.message_id, w.payload, w.attempt_count,
              ep.url, ep.secret_ciphertext, ep.previous_secret_ciphertext, ep.previous_secret_expires_at
  `);
  return result.rows.map((r) => ({
    id: r.id as string,
    storeId: r.store_id as string,
    endpointId: r.endpoint_id as string,
    messageId: r.message_id as string,
    payload: r.payload as WebhookPayload,
    attemptNumber: Number(r.attempt_count),
    url: r.url as string,
    endpoint: {
      id: r.endpoint_id as string,
      secretCiphertext: r.secret_ciphertext as string,
      previousSecretCiphertext: (r.previous_secret_ciphertext as string | null) ?? null,
      previousSecretExpiresAt: r.previous_secret_expires_at
        ? new Date(r.previous_secret_expires_at as string)
        : null,
    },
  }));
}

/** Write down one attempt and move the delivery on: done, retry later, or give up; maybe disable the endpoint. */
async function recordAttempt(
  db: Db,
  d: ClaimedDelivery,
  token: string,
  startedAt: Date,
  result: PostResult,
  settings: WebhookSenderSettings,
  log: Logger,
): Promise<void> {
  const succeeded = result.statusCode !== null && result.statusCode >= 200 && result.statusCode < 300;
  eventDeliveriesTotal.inc({ consumer: 'webhook', outcome: succeeded ? 'succeeded' : 'failed' });
  webhookAttemptDuration.observe(result.durationMs / 1000);
  await withStore(db, d.storeId, async (tx) => {
    await tx.insert(webhookDeliveryAttempts).values({
      id: newId('whatt'),
      storeId: d.storeId,
      deliveryId: d.id,
      endpointId: d.endpointId,
      attemptNumber: d.attemptNumber,
      startedAt,
      durationMs: result.durationMs,
      statusCode: result.statusCode,
      responseExcerpt: result.responseExcerpt,
      error: result.error,
      succeeded,
    });
    const ours = and(eq(webhookDeliveries.id, d.id), eq(webhookDeliveries.leaseToken, token));
    const common = {
      lockedUntil: null,
      leaseToken: null,
      lastStatusCode: result.statusCode,
      lastError: result.error,
      updatedAt: sql`now()`,
    };
    if (succeeded) {
      await tx
        .update(webhookDeliveries)
        .set({ ...common, status: 'succeeded', deliveredAt: sql`now()` })
        .where(ours);
      await tx
        .update(webhookEndpoints)
        .set({ failureStreak: 0, failingSince: null })
        .where(and(eq(webhookEndpoints.id, d.endpointId), gte(webhookEndpoints.failureStreak, 1)));
      return;
    }

    const schedule = settings.retryScheduleMs;
    const exhausted = d.attemptNumber > schedule.length;
    const delay = exhausted ? 0 : schedule[d.attemptNumber - 1]!;
    await tx
      .update(webhookDeliveries)
      .set({
        ...common,
        status: exhausted ? 'failed' : 'pending',
        nextAttemptAt: sql`now() + ${delay} * interval '1 millisecond'`,
      })
      .where(ours);
    await tx
      .update(webhookEndpoints)
      .set({
        failureStreak: sql`${webhookEndpoints.failureStreak} + 1`,
        failingSince: sql`coalesce(${webhookEndpoints.failingSince}, now())`,
      })
      .where(eq(webhookEndpoints.id, d.endpointId));
    const [disabled] = await tx
      .update(webhookEndpoints)
      .set({ enabled: false, disabledReason: 'failing', disabledAt: sql`now()`, updatedAt: sql`now()` })
      .where(
        and(
          eq(webhookEndpoints.id, d.endpointId),
          eq(webhookEndpoints.enabled, true),
          gte(webhookEndpoints.failureStreak, settings.disableAfterFailures),
          lte(
            webhookEndpoints.failingSince,
            sql`now() - ${settings.disableAfterMs} * interval '1 millisecond'`,
          ),
        ),
      )
      .returning();
    if (disabled) {
      const view = endpointView(disabled);
      await emitEvent(tx, {
        storeId: d.storeId,
        type: 'webhook_endpoint.disabled',
        aggregateType: 'webhook_endpoint',
        aggregateId: d.endpointId,
        payload: { ...view, failure_streak: disabled.failureStreak },
      });
      await recordAudit(tx, {
        storeId: d.storeId,
        actor: { type: 'system', id: null },
        action: 'webhook_endpoint.disabled',
        entityType: 'webhook_endpoint',
        entityId: d.endpointId,
        after: view,
      });
      log.warn(
        { endpointId: d.endpointId, failures: disabled.failureStreak },
        'webhook endpoint disabled after failures',
      );
    }
  });
}

async function deliverOne(
  db: Db,
  d: ClaimedDelivery,
  token: string,
  settings: WebhookSenderSettings,
  log: Logger,
) {
  const startedAt = new Date();
  let result: PostResult;
  try {
    const body = JSON.stringify(d.payload);
    const headers = webhookHeaders(
      signingSecrets(d.endpoint, settings.cartonSecret),
      d.messageId,
      body,
      startedAt,
    );
    result = await postWebhook(d.url, body, headers, settings);
  } catch (err) {
    result = { statusCode: null, responseExcerpt: null, error: (err as Error).message, durationMs: 0 };
  }
  if (result.error)
    log.info({ deliveryId: d.id, endpointId: d.endpointId, error: result.error }, 'webhook attempt failed');
  await recordAttempt(db, d, token, startedAt, result, settings, log);
}

/** One pass: lease due deliveries, POST them in parallel, record the outcomes. Returns how many were attempted. */
export async function sendDueWebhooks(
  db: Db,
  opts: { settings: WebhookSenderSettings; log: Logger; batchSize?: number },
): Promise<number> {
  const token = randomUUID();
  const leaseMs = opts.settings.timeoutMs + 30_000;
  const claimed = await claimDue(db, opts.batchSize ?? 50, leaseMs, token);
  const outcomes = await Promise.allSettled(
    claimed.map((d) => deliverOne(db, d, token, opts.settings, opts.log)),
  );
  for (const o of outcomes) {
    // The lease expires and the delivery is retried; nothing is lost.
    if (o.status === 'rejected') opts.log.error({ err: o.reason }, 'could not record a webhook attempt');
  }
  return claimed.length;
}

async function nextDueAt(db: Db): Promise<number | null> {
  const result = await db.execute(sql`
    SELECT least(min(next_attempt_at) FILTER (WHERE next_attempt_at > now()),
                 min(locked_until) FILTER (WHERE locked_until > now())) AS at
    FROM webhook_deliveries WHERE status = 'pending'`);
  const at = result.rows[0]?.at as Date | string | null | undefined;
  return at ? new Date(at).getTime() : null;
}

/** Report the webhook backlog on /metrics. */
export function trackWebhookLag(db: Db): () => void {
  return registerLagSource('webhooks', async () => {
    const row = (
      await db.execute(sql`
        SELECT count(*) AS pending, extract(epoch FROM now() - min(d.created_at)) AS oldest
        FROM webhook_deliveries d JOIN webhook_endpoints ep ON ep.id = d.endpoint_id
        WHERE d.status = 'pending' AND ep.enabled`)
    ).rows[0] as { pending: number; oldest: number | string | null };
    return { pending: Number(row.pending), oldestSeconds: Number(row.oldest ?? 0) };
  });
}

/** Run the webhook sender until stopped: woken by NOTIFY on new deliveries, by due retries, and by a slow poll. */
export async function startWebhookSender(opts: {
  database: Database;
  log: Logger;
  settings: WebhookSenderSettings;
  pollIntervalMs?: number;
  batchSize?: number;
}): Promise<{ wake(): void; stop(): Promise<void> }> {
  const db = opts.database.db;
  const loop = startLoop({
    name: 'webhook-sender',
    log: opts.log,
    idleMs: opts.pollIntervalMs ?? 5000,
    run: async () => {
      const sent = await sendDueWebhooks(db, {
        settings: opts.settings,
        log: opts.log,
        batchSize: opts.batchSize,
      });
      if (sent > 0) return { more: true };
      return { more: false, nextDueAt: await nextDueAt(db) };
    },
  });
  const unlisten = await listen(opts.database, WEBHOOKS_CHANNEL, () => loop.wake()).catch(async (err) => {
    await loop.stop();
    throw err;
  });
  const untrack = trackWebhookLag(db);
  return {
    wake: () => loop.wake(),
    async stop() {
      untrack();
      await unlisten();
      await loop.stop();
    },
  };
}
