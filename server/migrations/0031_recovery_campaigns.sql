-- Recovery campaigns: what a store sends after a cart is abandoned (ordered steps over e-mail, SMS
-- and push, optional A/B variants and unique discount codes), and one run per abandoned cart.
-- Runs are scheduled set-based (see docs/decisions/recovery-campaign-scheduler.md): each run keeps
-- its next step's due time, and workers claim due runs with FOR UPDATE SKIP LOCKED.

CREATE TABLE recovery_campaigns (
  id text PRIMARY KEY,
  store_id text NOT NULL REFERENCES stores(id),
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  status text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'active', 'paused')),
  -- The highest-priority active campaign whose trigger matches an abandoned cart runs for it.
  priority integer NOT NULL DEFAULT 0,
  -- Trigger conditions (cart value range, new/returning customer, products, categories, sources).
  trigger jsonb NOT NULL DEFAULT '{}',
  -- Ordered steps: delay after abandonment, channel, template, discount, A/B variants.
  steps jsonb NOT NULL,
  -- Exit conditions beyond the purchase (always): `on_click`.
  exit jsonb NOT NULL DEFAULT '{}',
  -- The campaign recovery made for the store (merchants may edit or pause it like any other).
  is_default boolean NOT NULL DEFAULT false,
  version integer NOT NULL DEFAULT 1,
  activated_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX recovery_campaigns_list_idx ON recovery_campaigns (store_id, id);
CREATE INDEX recovery_campaigns_active_idx ON recovery_campaigns (store_id, priority DESC, id) WHERE status = 'active';
-- One default campaign per store, however many workers look at once.
CREATE UNIQUE INDEX recovery_campaigns_default_key ON recovery_campaigns (store_id) WHERE is_default;
SELECT carton_enable_tenant_rls('recovery_campaigns');

-- One run per abandoned cart (a redelivered `cart.abandoned` finds it and starts nothing).
CREATE TABLE recovery_campaign_runs (
  id text PRIMARY KEY,
  store_id text NOT NULL REFERENCES stores(id),
  campaign_id text NOT NULL REFERENCES recovery_campaigns(id) ON DELETE CASCADE,
  tracked_cart_id text NOT NULL REFERENCES recovery_carts(id),
  status text NOT NULL DEFAULT 'running' CHECK (status IN ('running', 'completed', 'exited')),
  -- Why it ended early: recovered, purchased, clicked, campaign_deleted, cart_closed.
  exit_reason text,
  -- The campaign's steps as they were when the run started: later edits do not disturb it.
  steps jsonb NOT NULL,
  exit_on_click boolean NOT NULL DEFAULT false,
  abandoned_at timestamptz NOT NULL,
  -- The next step to take (0-based) and when it falls due; NULL once the run has ended.
  next_step integer NOT NULL DEFAULT 0,
  next_due_at timestamptz,
  -- A worker took the step and holds it until then; past it, another worker may take it again.
  claimed_until timestamptz,
  -- Steps taken (sent or skipped).
  steps_taken integer NOT NULL DEFAULT 0,
  clicked_at timestamptz,
  ended_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (store_id, tracked_cart_id)
);
-- The scheduler's scan: running runs falling due, oldest first, across stores.
CREATE INDEX recovery_campaign_runs_due_idx ON recovery_campaign_runs (next_due_at) WHERE status = 'running';
CREATE INDEX recovery_campaign_runs_campaign_idx ON recovery_campaign_runs (store_id, campaign_id, id);
SELECT carton_enable_tenant_rls('recovery_campaign_runs');

-- Each step of a run as taken: the variant chosen, the code minted, the data sent (kept so that a
-- retried step sends exactly the same request under its idempotency key), and what became of it.
CREATE TABLE recovery_campaign_run_steps (
  store_id text NOT NULL REFERENCES stores(id),
  run_id text NOT NULL REFERENCES recovery_campaign_runs(id) ON DELETE CASCADE,
  step integer NOT NULL,
  channel text NOT NULL,
  variant text,
  template_id text,
  template_handle text,
  coupon_code text,
  data jsonb NOT NULL,
  due_at timestamptz NOT NULL,
  -- sending (prepared, not yet answered), sent, deferred, queued, suppressed, failed, cancelled, skipped.
  outcome text NOT NULL DEFAULT 'sending',
  message_id text,
  detail text,
  prepared_at timestamptz NOT NULL DEFAULT now(),
  handed_at timestamptz,
  PRIMARY KEY (store_id, run_id, step)
);
CREATE UNIQUE INDEX recovery_campaign_run_steps_coupon_key ON recovery_campaign_run_steps (store_id, coupon_code)
  WHERE coupon_code IS NOT NULL;
SELECT carton_enable_tenant_rls('recovery_campaign_run_steps');

GRANT SELECT, INSERT, UPDATE, DELETE ON recovery_campaigns, recovery_campaign_runs, recovery_campaign_run_steps
  TO carton_app;
