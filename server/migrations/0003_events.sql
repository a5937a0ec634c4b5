-- Events kernel: the transactional outbox and per-subscriber delivery records.
--
-- Later, when volume calls for it: partition `events` and `event_deliveries` by month on
-- occurred_at / created_at (the primary keys then grow that column) and drop old partitions
-- instead of deleting rows. Not built yet.

-- One row per aggregate that has emitted events: hands out the per-aggregate sequence. The
-- upsert row-locks the aggregate until the emitting transaction ends, so sequence order is
-- commit order for that aggregate.
CREATE TABLE event_streams (
  store_id text NOT NULL,
  aggregate_type text NOT NULL,
  aggregate_id text NOT NULL,
  last_sequence integer NOT NULL,
  PRIMARY KEY (store_id, aggregate_type, aggregate_id)
);
SELECT carton_enable_tenant_rls('event_streams');

-- The outbox. A row commits with the state change that caused it.
CREATE TABLE events (
  id text PRIMARY KEY,
  store_id text NOT NULL,
  type text NOT NULL,
  aggregate_type text NOT NULL,
  aggregate_id text NOT NULL,
  sequence integer NOT NULL,
  payload jsonb NOT NULL,
  occurred_at timestamptz NOT NULL DEFAULT now(),
  -- Set once the event's per-subscriber delivery rows exist.
  dispatched_at timestamptz,
  UNIQUE (store_id, aggregate_type, aggregate_id, sequence)
);
SELECT carton_enable_tenant_rls('events');
CREATE INDEX events_store_idx ON events (store_id, id);
CREATE INDEX events_store_type_idx ON events (store_id, type, id);
CREATE INDEX events_undispatched_idx ON events (id) WHERE dispatched_at IS NULL;
CREATE INDEX events_undispatched_stream_idx ON events (store_id, aggregate_type, aggregate_id, sequence)
  WHERE dispatched_at IS NULL;

-- In-process subscribers known to any worker, with the event types each wants. Fan-out reads
-- this table, so a worker fans out for every subscriber even if its own code lacks one.
CREATE TABLE event_subscribers (
  name text PRIMARY KEY,
  types text[] NOT NULL,
  registered_at timestamptz NOT NULL DEFAULT now()
);

-- One row per (subscriber, event): the subscriber's progress, so a redelivery after a crash
-- or retry never runs a handler whose acknowledgement already committed.
CREATE TABLE event_deliveries (
  subscriber text NOT NULL,
  event_id text NOT NULL REFERENCES events(id) ON DELETE CASCADE,
  store_id text NOT NULL,
  aggregate_type text NOT NULL,
  aggregate_id text NOT NULL,
  sequence integer NOT NULL,
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'delivered', 'dead')),
  attempts integer NOT NULL DEFAULT 0,
  next_attempt_at timestamptz NOT NULL DEFAULT now(),
  last_error text,
  delivered_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (subscriber, event_id)
);
SELECT carton_enable_tenant_rls('event_deliveries');
CREATE INDEX event_deliveries_due_idx ON event_deliveries (next_attempt_at) WHERE status = 'pending';
CREATE INDEX event_deliveries_pending_stream_idx
  ON event_deliveries (subscriber, store_id, aggregate_type, aggregate_id, sequence) WHERE status = 'pending';
CREATE INDEX event_deliveries_event_idx ON event_deliveries (event_id);
