import { z } from 'zod';
import type { WebhookDelivery, WebhookDeliveryAttempt, WebhookEndpoint } from './schema.ts';

/** How the API (and the webhook_endpoint.* events) show an endpoint. Never the secret. */
export const WebhookEndpointView = z.object({
  id: z.string(),
  url: z.string(),
  description: z.string(),
  event_types: z.array(z.string()),
  enabled: z.boolean(),
  disabled_reason: z.enum(['manual', 'failing']).nullable(),
  disabled_at: z.string().nullable(),
  created_at: z.string(),
  updated_at: z.string(),
});
export type WebhookEndpointView = z.infer<typeof WebhookEndpointView>;

export const WebhookAttemptView = z.object({
  id: z.string(),
  attempt_number: z.number().int(),
  started_at: z.string(),
  duration_ms: z.number().int(),
  status_code: z.number().int().nullable(),
  response_excerpt: z.string().nullable(),
  error: z.string().nullable(),
  succeeded: z.boolean(),
});

export const WebhookDeliveryView = z.object({
  id: z.string(),
  endpoint_id: z.string(),
  /** The `webhook-id` header: the same on retries and replays. */
  message_id: z.string(),
  event_id: z.string().nullable(),
  event_type: z.string(),
  status: z.enum(['pending', 'succeeded', 'failed']),
  attempt_count: z.number().int(),
  next_attempt_at: z.string().nullable(),
  last_status_code: z.number().int().nullable(),
  last_error: z.string().nullable(),
  delivered_at: z.string().nullable(),
  replay_of: z.string().nullable(),
  created_at: z.string(),
  payload: z.object({ type: z.string(), timestamp: z.string(), data: z.record(z.string(), z.unknown()) }),
  attempts: z.array(WebhookAttemptView),
});
export type WebhookDeliveryView = z.infer<typeof WebhookDeliveryView>;

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export function endpointView(e: WebhookEndpoint): WebhookEndpointView {
  return {
    id: e.id,
    url: e.url,
    description: e.description,
    event_types: e.eventTypes,
    enabled: e.enabled,
    disabled_reason: (e.disabledReason as 'manual' | 'failing' | null) ?? null,
    disabled_at: iso(e.disabledAt),
    created_at: e.createdAt.toISOString(),
    updated_at: e.updatedAt.toISOString(),
  };
}

export function deliveryView(d: WebhookDelivery, attempts: WebhookDeliveryAttempt[]): WebhookDeliveryView {
  return {
    id: d.id,
    endpoint_id: d.endpointId,
    message_id: d.messageId,
    event_id: d.eventId,
    event_type: d.eventType,
    status: d.status,
    attempt_count: d.attemptCount,
    next_attempt_at: d.status === 'pending' ? d.nextAttemptAt.toISOString() : null,
    last_status_code: d.lastStatusCode,
    last_error: d.lastError,
    delivered_at: iso(d.deliveredAt),
    replay_of: d.replayOf,
    created_at: d.createdAt.toISOString(),
    payload: d.payload,
    attempts: attempts.map((a) => ({
      id: a.id,
      attempt_number: a.attemptNumber,
      started_at: a.startedAt.toISOString(),
      duration_ms: a.durationMs,
      status_code: a.statusCode,
      response_excerpt: a.responseExcerpt,
      error: a.error,
      succeeded: a.succeeded,
    })),
  };
}
