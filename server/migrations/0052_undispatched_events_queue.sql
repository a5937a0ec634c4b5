-- The events still to be fanned out wait in a small queue of their own instead of being marked in
-- the outbox (decision 0021). Marking `events.dispatched_at` rewrote every event once — its whole
-- row, payload included, as a new version with four index entries, since the partial indexes'
-- predicates name the column (no HOT update) — and left a dead version behind for autovacuum:
-- 18 such updates per checkout. A queue row is small, has two indexes and is deleted by the
-- fan-out (no new version, no index entry). The outbox itself is now written once.
DROP INDEX events_undispatched_idx;
DROP INDEX events_undispatched_stream_idx;

CREATE TABLE events_undispatched (
  id text PRIMARY KEY,
  store_id text NOT NULL,
  aggregate_type text NOT NULL,
  aggregate_id text NOT NULL,
  sequence integer NOT NULL
);
SELECT carton_enable_tenant_rls('events_undispatched');
-- The claim's "an earlier event of this aggregate is not fanned out yet" check.
CREATE INDEX events_undispatched_aggregate_idx ON events_undispatched (store_id, aggregate_type, aggregate_id, sequence);

INSERT INTO events_undispatched (id, store_id, aggregate_type, aggregate_id, sequence)
SELECT id, store_id, aggregate_type, aggregate_id, sequence FROM events WHERE dispatched_at IS NULL;
ALTER TABLE events DROP COLUMN dispatched_at;

-- As in 0015, and the event queued for the fan-out in the same statement.
CREATE OR REPLACE FUNCTION carton_emit_event(
  p_id text, p_store_id text, p_type text, p_aggregate_type text, p_aggregate_id text, p_payload jsonb
) RETURNS TABLE (sequence integer, occurred_at timestamptz) LANGUAGE plpgsql AS $$
BEGIN
  RETURN QUERY
  WITH stream AS (
    INSERT INTO event_streams AS s (store_id, aggregate_type, aggregate_id, last_sequence)
    VALUES (p_store_id, p_aggregate_type, p_aggregate_id, 1)
    ON CONFLICT (store_id, aggregate_type, aggregate_id)
      DO UPDATE SET last_sequence = s.last_sequence + 1
    RETURNING s.last_sequence
  ), queued AS (
    INSERT INTO events_undispatched (id, store_id, aggregate_type, aggregate_id, sequence)
    SELECT p_id, p_store_id, p_aggregate_type, p_aggregate_id, stream.last_sequence FROM stream
  )
  INSERT INTO events AS e (id, store_id, type, aggregate_type, aggregate_id, sequence, payload)
  SELECT p_id, p_store_id, p_type, p_aggregate_type, p_aggregate_id, stream.last_sequence, p_payload
  FROM stream
  RETURNING e.sequence, e.occurred_at;
END $$;
