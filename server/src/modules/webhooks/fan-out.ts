import { and, eq } from 'drizzle-orm';
import { matchesAnyEventType } from '../../platform/events/catalog.ts';
import type { Tx } from '../../platform/db/database.ts';
import type { OutboxEvent } from '../../platform/events/outbox.ts';
import { subscribe, type Subscriber } from '../../platform/events/subscribers.ts';
import { newId } from '../../platform/ids.ts';
import { webhookDeliveries, webhookEndpoints } from './schema.ts';
import { wakeWebhookSenders } from './service.ts';

/**
 * The in-process subscriber that turns each event into one pending delivery per enabled
 * endpoint of its store whose filters match. It runs in the dispatcher's store-scoped
 * transaction, so the deliveries commit exactly once with the subscriber's acknowledgement;
 * the HTTP work happens later in the sender, with its own retries.
 */
export const webhookFanOut: Subscriber = {
  name: 'webhooks',
  types: ['*'],
  // Most stores have no endpoint: their events then cost no delivery row at all.
  forStoresWhere: 'EXISTS (SELECT 1 FROM webhook_endpoints w WHERE w.store_id = c.store_id AND w.enabled)',
  handle(event, { tx }) {
    return fanOut(tx, [event]);
  },
  // A burst of a store's events costs one look-up of its endpoints (and one insert), not one each.
  handleMany(events, { tx }) {
    return fanOut(tx, events);
  },
};

/** Events of one store → one pending delivery per matching enabled endpoint of that store. */
async function fanOut(tx: Tx, events: readonly OutboxEvent[]): Promise<void> {
  const storeId = events[0]!.storeId;
  const endpoints = await tx
    .select({ id: webhookEndpoints.id, eventTypes: webhookEndpoints.eventTypes })
    .from(webhookEndpoints)
    .where(and(eq(webhookEndpoints.storeId, storeId), eq(webhookEndpoints.enabled, true)));
  if (endpoints.length === 0) return;
  const rows = events.flatMap((event) => {
    const payload = { type: event.type, timestamp: event.occurredAt.toISOString(), data: event.payload };
    return endpoints
      .filter((e) => matchesAnyEventType(e.eventTypes, event.type))
      .map((e) => ({
        id: newId('whdel'),
        storeId,
        endpointId: e.id,
        messageId: event.id,
        eventId: event.id,
        eventType: event.type,
        aggregateType: event.aggregateType,
        aggregateId: event.aggregateId,
        sequence: event.sequence,
        payload,
      }));
  });
  if (rows.length === 0) return;
  await tx.insert(webhookDeliveries).values(rows).onConflictDoNothing();
  await wakeWebhookSenders(tx, storeId);
}

/** Register the fan-out with this process's dispatcher (at import time, before workers start). */
export function registerWebhookFanOut(): void {
  subscribe(webhookFanOut);
}
