-- Audit log: who did what to which entity, with before/after snapshots (secrets redacted by the
-- service). store_id is null for operator-level actions outside any store.

CREATE TABLE audit_log (
  id text PRIMARY KEY,
  store_id text,
  actor_type text NOT NULL CHECK (actor_type IN ('staff', 'api_key', 'customer', 'system')),
  actor_id text,
  action text NOT NULL,
  entity_type text NOT NULL,
  entity_id text NOT NULL,
  before jsonb,
  after jsonb,
  ip text,
  request_id text,
  created_at timestamptz NOT NULL DEFAULT now()
);

-- Newest first, per store and across stores (operator view); filters narrow within these.
CREATE INDEX audit_log_store_time_idx ON audit_log (store_id, created_at DESC, id DESC);
CREATE INDEX audit_log_time_idx ON audit_log (created_at DESC, id DESC);
CREATE INDEX audit_log_entity_idx ON audit_log (store_id, entity_type, entity_id, created_at DESC);
CREATE INDEX audit_log_actor_idx ON audit_log (store_id, actor_id, created_at DESC) WHERE actor_id IS NOT NULL;

-- Inside a store scope (role carton_app) only that store's rows are visible; rows with a null
-- store_id (operator actions) never match, so only the operator route, which runs outside any
-- store scope, reads them.
SELECT carton_enable_tenant_rls('audit_log');

-- The log is append-only for application code.
REVOKE UPDATE, DELETE, TRUNCATE ON audit_log FROM carton_app;
