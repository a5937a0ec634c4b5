-- Recovery: the core of the Recover pillar. Carts tracked from every source (Carton's own cart
-- events, the tracking snippet, platform integrations), the contacts behind them, abandonment
-- detection, the recovery link's clicks, the messages that touched a cart (for attribution) and
-- daily rollups. Every table is a tenant table under row-level security.

-- Per-store settings (a row only once staff change something; defaults otherwise).
CREATE TABLE recovery_settings (
  store_id text PRIMARY KEY REFERENCES stores(id),
  -- A cart with a contact and no purchase this long after its last activity is abandoned.
  abandon_after_minutes integer NOT NULL DEFAULT 60 CHECK (abandon_after_minutes BETWEEN 15 AND 43200),
  -- Recovered revenue goes to the last message clicked (or sent) within this window.
  attribution_window_days integer NOT NULL DEFAULT 7 CHECK (attribution_window_days BETWEEN 1 AND 90),
  -- Origins whose pages may send tracker events (empty: any origin).
  allowed_origins text[] NOT NULL DEFAULT '{}',
  -- The tracker sends nothing until the page says the visitor consented; the ingest refuses
  -- batches that do not carry that consent.
  require_consent boolean NOT NULL DEFAULT false,
  -- Where the recovery link sends a shopper once a Carton cart is restored; `{cart_id}` is replaced.
  cart_url text,
  updated_at timestamptz NOT NULL DEFAULT now()
);
SELECT carton_enable_tenant_rls('recovery_settings');

-- The people behind carts. E-mail and phone are kept encrypted (AES-256-GCM, bound to the row's
-- store and field) and found by a keyed hash (HMAC-SHA256 of the normalised value), never in clear.
CREATE TABLE recovery_contacts (
  id text PRIMARY KEY,
  store_id text NOT NULL REFERENCES stores(id),
  email_hash text,
  email_encrypted text,
  phone_hash text,
  phone_encrypted text,
  -- The Carton shopper account, when the contact is one.
  customer_id text,
  erased_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX recovery_contacts_email_key ON recovery_contacts (store_id, email_hash) WHERE email_hash IS NOT NULL;
CREATE UNIQUE INDEX recovery_contacts_phone_key ON recovery_contacts (store_id, phone_hash) WHERE phone_hash IS NOT NULL;
CREATE INDEX recovery_contacts_customer_idx ON recovery_contacts (store_id, customer_id) WHERE customer_id IS NOT NULL;
SELECT carton_enable_tenant_rls('recovery_contacts');

-- A browser the tracker knows (its anonymous id, first-party storage), joined to a contact once
-- the visitor identifies.
CREATE TABLE recovery_visitors (
  store_id text NOT NULL REFERENCES stores(id),
  anonymous_id text NOT NULL,
  contact_id text REFERENCES recovery_contacts(id),
  device text,
  first_seen_at timestamptz NOT NULL DEFAULT now(),
  last_seen_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (store_id, anonymous_id)
);
CREATE INDEX recovery_visitors_contact_idx ON recovery_visitors (store_id, contact_id) WHERE contact_id IS NOT NULL;
SELECT carton_enable_tenant_rls('recovery_visitors');

-- A tracked cart: one per (source, the source's cart id). Items are a snapshot of the cart as last
-- reported (a later report replaces it; an older one never overwrites a newer).
CREATE TABLE recovery_carts (
  id text PRIMARY KEY,
  store_id text NOT NULL REFERENCES stores(id),
  source text NOT NULL CHECK (source IN ('carton', 'tracker', 'shopify', 'woocommerce', 'bigcommerce', 'magento')),
  external_id text NOT NULL,
  contact_id text REFERENCES recovery_contacts(id),
  anonymous_id text,
  customer_id text,
  status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'abandoned', 'recovered', 'purchased')),
  currency char(3) NOT NULL,
  value bigint NOT NULL DEFAULT 0 CHECK (value >= 0),
  item_count integer NOT NULL DEFAULT 0 CHECK (item_count >= 0),
  items jsonb NOT NULL DEFAULT '[]',
  device text CHECK (device IN ('desktop', 'mobile', 'tablet')),
  -- The platform's own recovery (or cart) URL, for carts that are not Carton's.
  platform_recovery_url text,
  last_activity_at timestamptz NOT NULL,
  -- Time of the newest snapshot applied (the source's clock).
  snapshot_at timestamptz NOT NULL,
  checkout_started_at timestamptz,
  exit_intent_at timestamptz,
  -- When the cart becomes abandoned if nothing happens: last activity + the store's delay, only
  -- while it is active, has items and an identified contact.
  abandon_due_at timestamptz,
  abandoned_at timestamptz,
  recovered_at timestamptz,
  purchased_at timestamptz,
  order_id text,
  -- What the purchase that recovered the cart was worth (its order total), in the order's currency.
  recovered_value bigint,
  recovered_currency char(3),
  attributed_message_id text,
  attributed_campaign_id text,
  attributed_kind text CHECK (attributed_kind IN ('clicked', 'sent')),
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (store_id, source, external_id)
);
-- Detection's scan: active carts falling due, oldest first.
CREATE INDEX recovery_carts_due_idx ON recovery_carts (abandon_due_at) WHERE status = 'active' AND abandon_due_at IS NOT NULL;
CREATE INDEX recovery_carts_contact_idx ON recovery_carts (store_id, contact_id) WHERE contact_id IS NOT NULL;
CREATE INDEX recovery_carts_visitor_idx ON recovery_carts (store_id, anonymous_id) WHERE anonymous_id IS NOT NULL;
CREATE INDEX recovery_carts_list_idx ON recovery_carts (store_id, status, id);
CREATE INDEX recovery_carts_abandoned_idx ON recovery_carts (store_id, abandoned_at) WHERE abandoned_at IS NOT NULL;
CREATE INDEX recovery_carts_recovered_idx ON recovery_carts (store_id, recovered_at) WHERE recovered_at IS NOT NULL;
SELECT carton_enable_tenant_rls('recovery_carts');

-- The tracker's events as received: appended by the ingest endpoint in one statement per batch
-- (idempotent per event id), folded into carts and contacts by a worker.
CREATE TABLE recovery_tracker_events (
  store_id text NOT NULL REFERENCES stores(id),
  id text NOT NULL,
  type text NOT NULL,
  anonymous_id text NOT NULL,
  occurred_at timestamptz NOT NULL,
  received_at timestamptz NOT NULL DEFAULT now(),
  payload jsonb NOT NULL,
  folded_at timestamptz,
  PRIMARY KEY (store_id, id)
);
CREATE INDEX recovery_tracker_events_unfolded_idx ON recovery_tracker_events (store_id, received_at)
  WHERE folded_at IS NULL;
SELECT carton_enable_tenant_rls('recovery_tracker_events');

-- Purchases seen, one per order: a redelivered order event or a second route for the same order
-- (the snippet and the platform's webhook) changes nothing twice.
CREATE TABLE recovery_purchases (
  store_id text NOT NULL REFERENCES stores(id),
  order_id text NOT NULL,
  source text NOT NULL,
  tracked_cart_id text,
  value bigint NOT NULL,
  currency char(3) NOT NULL,
  occurred_at timestamptz NOT NULL,
  recorded_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (store_id, order_id)
);
SELECT carton_enable_tenant_rls('recovery_purchases');

-- Messages that touched a tracked cart (recorded by messaging and campaigns): attribution and the
-- message counts of the rollups. One row per (message, kind).
CREATE TABLE recovery_touches (
  id text PRIMARY KEY,
  store_id text NOT NULL REFERENCES stores(id),
  tracked_cart_id text NOT NULL REFERENCES recovery_carts(id),
  message_id text NOT NULL,
  campaign_id text,
  kind text NOT NULL CHECK (kind IN ('sent', 'delivered', 'opened', 'clicked')),
  occurred_at timestamptz NOT NULL,
  recorded_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (store_id, message_id, kind)
);
CREATE INDEX recovery_touches_cart_idx ON recovery_touches (store_id, tracked_cart_id, occurred_at);
CREATE INDEX recovery_touches_time_idx ON recovery_touches (store_id, occurred_at);
SELECT carton_enable_tenant_rls('recovery_touches');

-- Clicks on recovery links (the shopper came back), with what was restored.
CREATE TABLE recovery_link_clicks (
  id text PRIMARY KEY,
  store_id text NOT NULL REFERENCES stores(id),
  tracked_cart_id text NOT NULL REFERENCES recovery_carts(id),
  message_id text,
  restored_cart_id text,
  outcome text NOT NULL CHECK (outcome IN ('restored', 'reused', 'redirected', 'closed')),
  device text,
  clicked_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX recovery_link_clicks_cart_idx ON recovery_link_clicks (store_id, tracked_cart_id, clicked_at);
SELECT carton_enable_tenant_rls('recovery_link_clicks');

-- Daily figures per store and campaign ('' = no campaign), in the store's time zone. Recomputed
-- from the tables above for the days that changed (recovery_rollup_marks).
CREATE TABLE recovery_daily_rollups (
  store_id text NOT NULL REFERENCES stores(id),
  day date NOT NULL,
  campaign_id text NOT NULL DEFAULT '',
  carts_abandoned integer NOT NULL DEFAULT 0,
  carts_messaged integer NOT NULL DEFAULT 0,
  messages_sent integer NOT NULL DEFAULT 0,
  messages_delivered integer NOT NULL DEFAULT 0,
  messages_opened integer NOT NULL DEFAULT 0,
  messages_clicked integer NOT NULL DEFAULT 0,
  carts_recovered integer NOT NULL DEFAULT 0,
  -- Currency code → minor units, of every recovered cart / of those attributed to a message.
  revenue_recovered jsonb NOT NULL DEFAULT '{}',
  revenue_attributed jsonb NOT NULL DEFAULT '{}',
  -- Sum of (recovered_at − abandoned_at) over the recovered carts, for the average.
  recovery_seconds bigint NOT NULL DEFAULT 0,
  PRIMARY KEY (store_id, day, campaign_id)
);
SELECT carton_enable_tenant_rls('recovery_daily_rollups');

-- Moments whose day's figures are stale: appended by the transaction that changed them (no row
-- is ever updated, so writers never wait on each other); the refresh deletes the marks it sees and
-- recomputes from the earliest one's day.
CREATE TABLE recovery_rollup_marks (
  store_id text NOT NULL REFERENCES stores(id),
  at timestamptz NOT NULL
);
CREATE INDEX recovery_rollup_marks_store_idx ON recovery_rollup_marks (store_id);
SELECT carton_enable_tenant_rls('recovery_rollup_marks');

GRANT SELECT, INSERT, UPDATE, DELETE ON recovery_settings, recovery_contacts, recovery_visitors, recovery_carts,
  recovery_tracker_events, recovery_purchases, recovery_touches, recovery_link_clicks, recovery_daily_rollups,
  recovery_rollup_marks TO carton_app;
