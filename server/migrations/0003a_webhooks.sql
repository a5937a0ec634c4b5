-- Merchant webhooks: endpoints, one delivery per (endpoint, message), and every HTTP attempt.

CREATE TABLE webhook_endpoints (
  id text PRIMARY KEY,
  store_id text NOT NULL REFERENCES stores(id),
  url text NOT NULL,
  description text NOT NULL DEFAULT '',
  event_types text[] NOT NULL,
  enabled boolean NOT NULL DEFAULT true,
  disabled_reason text,
  disabled_at timestamptz,
  -- Standard Webhooks signing secret (whsec_…), AES-256-GCM under a key from CARTON_SECRET.
  secret_ciphertext text NOT NULL,
  -- After a rotation, deliveries are signed with both secrets until this one expires.
  previous_secret_ciphertext text,
  previous_secret_expires_at timestamptz,
  -- Consecutive failed attempts, and since when; success resets both.
  failure_streak integer NOT NULL DEFAULT 0,
  failing_since timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
SELECT carton_enable_tenant_rls('webhook_endpoints');
CREATE INDEX webhook_endpoints_store_idx ON webhook_endpoints (store_id, id);

CREATE TABLE webhook_deliveries (
  id text PRIMARY KEY,
  store_id text NOT NULL,
  endpoint_id text NOT NULL REFERENCES webhook_endpoints(id) ON DELETE CASCADE,
  -- The `webhook-id` header: the event id, kept on replays so receivers can deduplicate.
  message_id text NOT NULL,
  event_id text,
  event_type text NOT NULL,
  aggregate_type text NOT NULL,
  aggregate_id text NOT NULL,
  sequence integer NOT NULL,
  -- The exact `{ type, timestamp, data }` body, frozen when the delivery is created.
  payload jsonb NOT NULL,
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'succeeded', 'failed')),
  attempt_count integer NOT NULL DEFAULT 0,
  next_attempt_at timestamptz NOT NULL DEFAULT now(),
  -- A sender's lease while its HTTP request is in flight; an expired lease is claimable again.
  locked_until timestamptz,
  lease_token text,
  replay_of text REFERENCES webhook_deliveries(id) ON DELETE SET NULL,
  last_status_code integer,
  last_error text,
  delivered_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
SELECT carton_enable_tenant_rls('webhook_deliveries');
CREATE INDEX webhook_deliveries_endpoint_idx ON webhook_deliveries (endpoint_id, id);
CREATE INDEX webhook_deliveries_due_idx ON webhook_deliveries (next_attempt_at) WHERE status = 'pending';
CREATE INDEX webhook_deliveries_pending_stream_idx
  ON webhook_deliveries (endpoint_id, aggregate_type, aggregate_id, sequence, id) WHERE status = 'pending';
-- Fan-out creates at most one original delivery per (endpoint, event).
CREATE UNIQUE INDEX webhook_deliveries_event_uniq
  ON webhook_deliveries (endpoint_id, event_id) WHERE replay_of IS NULL AND event_id IS NOT NULL;

CREATE TABLE webhook_delivery_attempts (
  id text PRIMARY KEY,
  store_id text NOT NULL,
  delivery_id text NOT NULL REFERENCES webhook_deliveries(id) ON DELETE CASCADE,
  endpoint_id text NOT NULL,
  attempt_number integer NOT NULL,
  started_at timestamptz NOT NULL,
  duration_ms integer NOT NULL,
  status_code integer,
  response_excerpt text,
  error text,
  succeeded boolean NOT NULL
);
SELECT carton_enable_tenant_rls('webhook_delivery_attempts');
CREATE INDEX webhook_delivery_attempts_delivery_idx ON webhook_delivery_attempts (delivery_id, id);
