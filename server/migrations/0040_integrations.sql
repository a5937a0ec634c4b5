-- Integrations: a store's shop on Shopify, WooCommerce, BigCommerce or Magento, connected so that
-- its carts, checkouts, orders and customers feed the Recover pillar. Tenant tables under
-- row-level security; only the integrations module writes them.

-- One connected shop. Its credentials are one JSON object sealed with AES-256-GCM (platform/
-- crypto.ts), bound to the connection's id; the API shows hints only. A disconnected connection
-- keeps its row (its inbox points at it) but loses its credentials, and its ingest URL answers 404.
CREATE TABLE integration_connections (
  id text PRIMARY KEY,
  store_id text NOT NULL REFERENCES stores(id),
  platform text NOT NULL CHECK (platform IN ('shopify', 'woocommerce', 'bigcommerce', 'magento')),
  name text NOT NULL,
  -- The shop on its platform: Shopify's myshopify.com domain, BigCommerce's store hash, the site's
  -- base URL for WooCommerce and Magento.
  shop text NOT NULL,
  status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'disconnected')),
  credentials_ciphertext text,
  -- Per credential, enough to recognise it (`shpat_…a1b2`), never to use it.
  credential_hints jsonb NOT NULL DEFAULT '{}',
  polling_enabled boolean NOT NULL DEFAULT false,
  poll_interval_seconds int NOT NULL DEFAULT 300 CHECK (poll_interval_seconds BETWEEN 60 AND 86400),
  -- When a worker next syncs this connection (polls, retries fetches left pending); null: nothing due.
  next_sync_at timestamptz,
  last_synced_at timestamptz,
  last_sync_error text,
  -- Consecutive failed syncs: the next one waits longer (exponential backoff).
  sync_failures int NOT NULL DEFAULT 0 CHECK (sync_failures >= 0),
  last_delivery_at timestamptz,
  disconnected_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK ((status = 'active') = (credentials_ciphertext IS NOT NULL))
);
-- One live connection per shop and store, whatever races.
CREATE UNIQUE INDEX integration_connections_shop_key ON integration_connections (store_id, platform, lower(shop))
  WHERE status = 'active';
CREATE INDEX integration_connections_store_idx ON integration_connections (store_id, id);
-- The worker's look-up of what is due, across stores.
CREATE INDEX integration_connections_due_idx ON integration_connections (next_sync_at)
  WHERE status = 'active' AND next_sync_at IS NOT NULL;
SELECT carton_enable_tenant_rls('integration_connections');

-- Where polling stands, per connection and resource: the platform's modification time of the
-- newest item recorded. The next poll asks again from a little before it (items at the same
-- second), and the inbox's uniqueness drops what was already recorded.
CREATE TABLE integration_poll_cursors (
  store_id text NOT NULL REFERENCES stores(id),
  connection_id text NOT NULL REFERENCES integration_connections(id),
  resource text NOT NULL CHECK (resource IN ('carts', 'orders')),
  modified_after timestamptz NOT NULL,
  items_recorded bigint NOT NULL DEFAULT 0,
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (connection_id, resource)
);
CREATE INDEX integration_poll_cursors_store_idx ON integration_poll_cursors (store_id, connection_id);
SELECT carton_enable_tenant_rls('integration_poll_cursors');

-- Webhook deliveries taken in: one row per platform delivery (its own id: Shopify's event id,
-- WooCommerce's delivery id, BigCommerce's hash, a digest of a Magento body), so a redelivery —
-- even a concurrent one — is answered without doing anything twice. A BigCommerce delivery whose
-- cart or order could not be fetched yet waits here (`pending`) for the worker to fetch it.
CREATE TABLE integration_deliveries (
  id text PRIMARY KEY,
  store_id text NOT NULL REFERENCES stores(id),
  connection_id text NOT NULL REFERENCES integration_connections(id),
  delivery_key text NOT NULL,
  topic text NOT NULL,
  status text NOT NULL CHECK (status IN ('applied', 'ignored', 'pending', 'failed')),
  -- What must be fetched (BigCommerce sends ids only): `cart`, `order` or `customer`, and its id.
  resource_type text,
  resource_id text,
  items_recorded int NOT NULL DEFAULT 0,
  attempts int NOT NULL DEFAULT 0,
  next_attempt_at timestamptz,
  -- Why the last attempt failed (status, code): never personal data.
  last_error text,
  received_at timestamptz NOT NULL DEFAULT now(),
  processed_at timestamptz,
  CONSTRAINT integration_deliveries_key UNIQUE (connection_id, delivery_key),
  CHECK ((status = 'pending') = (next_attempt_at IS NOT NULL))
);
CREATE INDEX integration_deliveries_store_idx ON integration_deliveries (store_id, connection_id, id);
CREATE INDEX integration_deliveries_pending_idx ON integration_deliveries (connection_id, next_attempt_at)
  WHERE status = 'pending';
SELECT carton_enable_tenant_rls('integration_deliveries');

-- What the connections handed to the Recover pillar: the mapped, validated cart, purchase or
-- contact (the neutral shapes of recovery-port.ts), one row per distinct version — a cart per
-- modification time, a purchase once per order, a contact per modification time — so the same
-- item arriving twice (redelivery, webhook and poll, a concurrent duplicate) is recorded once.
-- Until the recovery module is wired to the port, this is what it replays from (`handed_at`).
CREATE TABLE integration_inbox (
  id text PRIMARY KEY,
  store_id text NOT NULL REFERENCES stores(id),
  connection_id text NOT NULL REFERENCES integration_connections(id),
  delivery_id text REFERENCES integration_deliveries(id),
  via text NOT NULL CHECK (via IN ('webhook', 'poll')),
  kind text NOT NULL CHECK (kind IN ('cart', 'purchase', 'contact')),
  source text NOT NULL CHECK (source IN ('shopify', 'woocommerce', 'bigcommerce', 'magento')),
  external_id text NOT NULL,
  -- The cart's or contact's modification time (ISO), or 'placed' for a purchase.
  version text NOT NULL,
  -- Lowercase, for GDPR export and erasure (null once erased).
  email text,
  occurred_at timestamptz NOT NULL,
  payload jsonb NOT NULL,
  handed_at timestamptz,
  received_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT integration_inbox_version_key UNIQUE (connection_id, kind, external_id, version)
);
CREATE INDEX integration_inbox_store_idx ON integration_inbox (store_id, connection_id, id);
CREATE INDEX integration_inbox_item_idx ON integration_inbox (connection_id, kind, external_id, occurred_at DESC);
CREATE INDEX integration_inbox_email_idx ON integration_inbox (store_id, email) WHERE email IS NOT NULL;
CREATE INDEX integration_inbox_unhanded_idx ON integration_inbox (store_id, occurred_at, id) WHERE handed_at IS NULL;
SELECT carton_enable_tenant_rls('integration_inbox');

-- Explicit, as for carts: the default privileges apply only to tables made by the role that set them.
GRANT SELECT, INSERT, UPDATE, DELETE
  ON integration_connections, integration_poll_cursors, integration_deliveries, integration_inbox
  TO carton_app;
