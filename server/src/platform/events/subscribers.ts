import type { Tx } from '../db/database.ts';
import type { OutboxEvent } from './outbox.ts';

export interface SubscriberContext {
  /**
   * The dispatcher's transaction, scoped to the event's store (role carton_app under RLS). The
   * subscriber's acknowledgement commits in it, so database writes made here happen exactly
   * once; effects outside the database happen at least once and must be idempotent.
   */
  tx: Tx;
  /** 1 on the first delivery, 2 on the first retry, … */
  attempt: number;
}

/** An in-process consumer of events. Keep handlers short: they run inside a transaction. */
export interface Subscriber {
  /** Stable name: delivery progress is recorded under it, so renaming starts over. */
  name: string;
  /** Exact types, `entity.*`, or `*`. */
  types: readonly string[];
  handle(event: OutboxEvent, ctx: SubscriberContext): Promise<void>;
  /**
   * Optional: handle several due events of ONE store at once, in one savepoint under that store's
   * scope (fewer round trips when events come in bursts). Each is the next event of a different
   * aggregate, so the order per aggregate holds. If it throws, its writes are rolled back and the
   * dispatcher hands the events to `handle` one by one, so one bad event holds back no other.
   */
  handleMany?(events: readonly OutboxEvent[], ctx: { tx: Tx }): Promise<void>;
  /**
   * Optional, for a subscriber that does nothing for most stores: SQL (written in code, never
   * from input) true for the stores whose events it wants, as a condition on the event's
   * `c.store_id`. Events of other stores get no delivery for it at all — no row to write, claim
   * and acknowledge. Evaluated when an event is fanned out (as the table owner, across stores).
   */
  forStoresWhere?: string;
  /**
   * Optional: SQL (written in code, never from input) true for the events of its types it wants,
   * as a condition on the event's `c.type` and `c.payload`. Events it would ignore get no delivery
   * — no row to write, claim, savepoint and acknowledge. Keep it exactly as strict as `handle`.
   */
  eventsWhere?: string;
}

const registry = new Map<string, Subscriber>();

/**
 * Register a subscriber for this process's dispatcher. Call it at import time (a module's
 * `events.ts` or the like), before workers start.
 */
export function subscribe(subscriber: Subscriber): Subscriber {
  if (!/^[a-z][a-z0-9_.-]{0,99}$/.test(subscriber.name)) {
    throw new Error(`Subscriber name "${subscriber.name}" must be lowercase letters, digits, _ . -`);
  }
  if (subscriber.types.length === 0) throw new Error(`Subscriber ${subscriber.name} subscribes to no types`);
  if (registry.has(subscriber.name) && registry.get(subscriber.name) !== subscriber) {
    throw new Error(`A subscriber named "${subscriber.name}" is already registered`);
  }
  registry.set(subscriber.name, subscriber);
  return subscriber;
}

export function registeredSubscribers(): Subscriber[] {
  return [...registry.values()];
}
