import { and, eq } from 'drizzle-orm';
import { matchesAnyEventType } from '../../platform/events/catalog.ts';
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
  async handle(event, { tx }) {
    const endpoints = await tx
      .select({ id: webhookEndpoints.id, eventTypes: webhookEndpoints.eventTypes })
      .from(webhookEndpoints)
      .where(and(eq(webhookEndpoints.storeId, event.storeId), eq(webhookEndpoints.enabled, true)));
    const matching = endpoints.filter((e) => matchesAnyEventType(e.eventTypes, event.type));
    if (matching.length === 0) return;
    const payload = { type: event.type, timestamp: event.occurredAt.toISOString(), data: event.payload };
    await tx
      .insert(webhookDeliveries)
      .values(
        matching.map((e) => ({
          id: newId('whdel'),
          storeId: event.storeId,
          endpointId: e.id,
          messageId: event.id,
          eventId: event.id,
          eventType: event.type,
          aggregateType: event.aggregateType,
          aggregateId: event.aggregateId,
          sequence: event.sequence,
          payload,
        })),
      )
      .onConflictDoNothing();
    await wakeWebhookSenders(tx, event.storeId);
  },
};

/** Register the fan-out with this process's dispatcher (at import time, before workers start). */
export function registerWebhookFanOut(): void {
  subscribe(webhookFanOut);
}
