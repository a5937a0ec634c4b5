import { defineEventTypes } from '../../platform/events/catalog.ts';

/** Events the webhooks module emits (aggregate `webhook_endpoint`); payload: the endpoint as the API shows it. */
export const WEBHOOK_EVENT_TYPES = {
  'webhook_endpoint.created': 'A webhook endpoint was registered.',
  'webhook_endpoint.updated': 'A webhook endpoint was changed (URL, event types, enabled).',
  'webhook_endpoint.deleted': 'A webhook endpoint was deleted.',
  'webhook_endpoint.disabled':
    'A webhook endpoint was disabled automatically after repeated delivery failures.',
} as const;

defineEventTypes(WEBHOOK_EVENT_TYPES);

/** The type of the event `POST /admin/v1/webhook-endpoints/{id}/test` sends to one endpoint only. */
export const WEBHOOK_TEST_EVENT = 'webhook.test';
