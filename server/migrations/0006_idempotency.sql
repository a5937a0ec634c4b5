-- Idempotency-Key (Stripe semantics): one row per (scope, key). The row is inserted before the
-- request executes — the primary key is the claim, so two concurrent requests with the same key
-- can never both execute — and completed with the response to replay.
--
-- A platform table, not a tenant table: the scope names the store and the credential (or the
-- client address for anonymous calls), and only the HTTP kernel reads it, outside any store's
-- row-level-security scope. store_id is kept for operations (per-store purges, sharding).
CREATE TABLE idempotency_keys (
  scope text NOT NULL,
  key text NOT NULL,
  store_id text,
  -- sha256 of method, path and body: the same key with a different request is rejected.
  fingerprint text NOT NULL,
  method text NOT NULL,
  path text NOT NULL,
  state text NOT NULL CHECK (state IN ('running', 'completed')),
  -- Who holds a running claim, so that a stale holder never overwrites a taken-over claim.
  claim_id text NOT NULL,
  locked_at timestamptz NOT NULL DEFAULT now(),
  response_status integer,
  response_headers jsonb,
  response_body bytea,
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  PRIMARY KEY (scope, key)
);
CREATE INDEX idempotency_keys_expires_idx ON idempotency_keys (expires_at);
