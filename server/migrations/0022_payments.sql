-- Payments: per-store payment settings, payment intents with their append-only log of provider
-- operations, refunds, processed provider webhooks (for de-duplication), and the books of the
-- built-in `test` processor. Every table is a tenant table under RLS.
--
-- Card numbers never touch Carton: a payment method is a provider token (tok_…, pm_…), and no
-- table has a column for a card number, expiry or security code.

CREATE TABLE payment_settings (
  store_id text PRIMARY KEY REFERENCES stores(id),
  provider text NOT NULL DEFAULT 'test' CHECK (provider IN ('test', 'stripe')),
  capture_mode text NOT NULL DEFAULT 'on_placement' CHECK (capture_mode IN ('on_placement', 'on_fulfilment')),
  -- AES-256-GCM under CARTON_SECRET (platform/crypto.ts); the hint is what the API shows (sk_test_…4242).
  stripe_secret_key_ciphertext text,
  stripe_secret_key_hint text,
  stripe_webhook_secret_ciphertext text,
  stripe_webhook_secret_hint text,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
SELECT carton_enable_tenant_rls('payment_settings');

-- One payment for one thing paid (a cart, then its order). Amounts are integer minor units.
CREATE TABLE payment_intents (
  id text PRIMARY KEY,
  store_id text NOT NULL REFERENCES stores(id),
  -- The creator's key: creating again with it returns this intent.
  idempotency_key text NOT NULL,
  amount bigint NOT NULL CHECK (amount > 0),
  currency text NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
  status text NOT NULL DEFAULT 'requires_payment_method' CHECK (status IN (
    'requires_payment_method', 'requires_action', 'processing', 'authorized', 'captured', 'canceled', 'failed')),
  -- Chosen from the store's settings when the intent is made; later setting changes leave it alone.
  provider text NOT NULL CHECK (provider IN ('test', 'stripe')),
  capture_mode text NOT NULL CHECK (capture_mode IN ('on_placement', 'on_fulfilment')),
  -- The provider's id of the payment (tpp_… for the test processor, pi_… for Stripe).
  provider_reference text,
  cart_id text,
  order_id text,
  -- The provider token of the current attempt; never a card number (the service refuses those).
  payment_method text,
  return_url text,
  -- Authorization attempts so far; the provider idempotency key of an attempt is `<id>:authorize:<n>`.
  attempt int NOT NULL DEFAULT 0,
  captured_amount bigint NOT NULL DEFAULT 0,
  refunded_amount bigint NOT NULL DEFAULT 0,
  -- Refunds asked of the provider whose answer is not recorded yet: held so that concurrent
  -- refunds can never add up to more than was captured.
  refund_pending_amount bigint NOT NULL DEFAULT 0,
  last_error_code text,
  last_error_message text,
  next_action jsonb,
  authorized_at timestamptz,
  captured_at timestamptz,
  canceled_at timestamptz,
  failed_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (store_id, idempotency_key),
  CHECK (captured_amount >= 0 AND captured_amount <= amount),
  CHECK (refunded_amount >= 0 AND refund_pending_amount >= 0),
  CHECK (refunded_amount + refund_pending_amount <= captured_amount)
);
CREATE INDEX payment_intents_store_idx ON payment_intents (store_id, id);
CREATE INDEX payment_intents_cart_idx ON payment_intents (store_id, cart_id) WHERE cart_id IS NOT NULL;
CREATE INDEX payment_intents_order_idx ON payment_intents (store_id, order_id) WHERE order_id IS NOT NULL;
CREATE INDEX payment_intents_reference_idx ON payment_intents (store_id, provider, provider_reference);
-- The recovery sweep: intents whose provider answer was lost.
CREATE INDEX payment_intents_processing_idx ON payment_intents (updated_at) WHERE status = 'processing';
SELECT carton_enable_tenant_rls('payment_intents');

-- Every call to a provider and every provider webhook applied, with its outcome. Append-only.
CREATE TABLE payment_operations (
  id text PRIMARY KEY,
  store_id text NOT NULL REFERENCES stores(id),
  intent_id text NOT NULL REFERENCES payment_intents(id),
  operation text NOT NULL CHECK (operation IN ('authorize', 'confirm_action', 'capture', 'void', 'refund', 'webhook')),
  provider text NOT NULL,
  idempotency_key text,
  amount bigint,
  outcome text NOT NULL CHECK (outcome IN ('succeeded', 'requires_action', 'processing', 'failed', 'timeout', 'error', 'ignored')),
  provider_reference text,
  refund_id text,
  error_code text,
  error_message text,
  duration_ms int,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX payment_operations_intent_idx ON payment_operations (store_id, intent_id, id);
SELECT carton_enable_tenant_rls('payment_operations');
REVOKE UPDATE, DELETE, TRUNCATE ON payment_operations FROM carton_app;

CREATE TABLE payment_refunds (
  id text PRIMARY KEY,
  store_id text NOT NULL REFERENCES stores(id),
  intent_id text NOT NULL REFERENCES payment_intents(id),
  -- The caller's key: refunding again with it returns (or resumes) this refund.
  idempotency_key text NOT NULL,
  amount bigint NOT NULL CHECK (amount > 0),
  currency text NOT NULL,
  reason text,
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'succeeded', 'failed')),
  -- carton: asked through Carton; provider: made at the provider (its dashboard) and learnt by webhook.
  source text NOT NULL DEFAULT 'carton' CHECK (source IN ('carton', 'provider')),
  provider_reference text,
  error_code text,
  error_message text,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (store_id, idempotency_key)
);
CREATE INDEX payment_refunds_intent_idx ON payment_refunds (store_id, intent_id, id);
CREATE INDEX payment_refunds_pending_idx ON payment_refunds (updated_at) WHERE status = 'pending';
SELECT carton_enable_tenant_rls('payment_refunds');

-- Provider webhook events already handled: a redelivery is answered without touching anything.
CREATE TABLE payment_webhook_events (
  store_id text NOT NULL REFERENCES stores(id),
  provider text NOT NULL,
  event_id text NOT NULL,
  event_type text NOT NULL,
  intent_id text,
  outcome text NOT NULL CHECK (outcome IN ('applied', 'ignored')),
  received_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (store_id, provider, event_id)
);
SELECT carton_enable_tenant_rls('payment_webhook_events');

-- The built-in test processor's own books, standing in for a card processor's. In PostgreSQL so
-- that a restart mid-payment finds them as a real processor would.
CREATE TABLE test_processor_payments (
  id text PRIMARY KEY,
  store_id text NOT NULL REFERENCES stores(id),
  -- The Carton payment intent it pays (like Stripe's metadata).
  merchant_reference text NOT NULL,
  token text NOT NULL,
  amount bigint NOT NULL CHECK (amount > 0),
  currency text NOT NULL,
  status text NOT NULL CHECK (status IN ('requires_action', 'authorized', 'captured', 'canceled', 'failed')),
  captured_amount bigint NOT NULL DEFAULT 0,
  refunded_amount bigint NOT NULL DEFAULT 0 CHECK (refunded_amount <= captured_amount),
  -- The 3-D Secure challenge: pending until the shopper approves or fails it.
  challenge text CHECK (challenge IN ('pending', 'approved', 'failed')),
  return_url text,
  decline_code text,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX test_processor_payments_reference_idx ON test_processor_payments (store_id, merchant_reference);
SELECT carton_enable_tenant_rls('test_processor_payments');

-- The test processor's idempotency: the first answer per key, replayed to every retry.
CREATE TABLE test_processor_requests (
  store_id text NOT NULL REFERENCES stores(id),
  idempotency_key text NOT NULL,
  operation text NOT NULL,
  fingerprint text NOT NULL,
  response jsonb,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (store_id, idempotency_key)
);
SELECT carton_enable_tenant_rls('test_processor_requests');
