-- Checkout attempts: one row per attempt to turn a cart into an order. The durable workflow
-- (DBOS, id `checkout:<attempt id>`) does the work; this row is what the shopper's page and the
-- complete call read, and what makes concurrent completes of one cart join one attempt.
-- Tenant table under RLS; only the checkout module writes it.

CREATE TABLE checkouts (
  id text PRIMARY KEY,
  store_id text NOT NULL REFERENCES stores(id),
  cart_id text NOT NULL REFERENCES carts(id),
  -- 1, 2, … per cart: a retry after a failure is a new attempt.
  attempt int NOT NULL CHECK (attempt > 0),
  -- The cart version the attempt was priced from (the cart refuses completion if it changed).
  cart_version int NOT NULL,
  -- running → requires_action (3-D Secure) → running → completed | failed.
  status text NOT NULL DEFAULT 'running'
    CHECK (status IN ('running', 'requires_action', 'completed', 'failed')),
  -- The step the workflow last reached (for the shopper's page and for operators).
  step text NOT NULL DEFAULT 'validated',
  currency text NOT NULL,
  -- {subtotal, discount_total, shipping_total, shipping_discount, tax_total, tax_inclusive, total}
  totals jsonb NOT NULL,
  payment_method text NOT NULL,
  -- What the attempt sells at which price (the workflow's input), so any process can start or
  -- join its workflow from the row alone.
  plan jsonb NOT NULL,
  return_url text,
  reservation_id text,
  payment_intent_id text,
  order_id text,
  next_action_url text,
  failure_code text,
  failure_message text,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  finished_at timestamptz,
  UNIQUE (store_id, cart_id, attempt)
);
-- At most one attempt per cart is open at a time: concurrent completes join it.
CREATE UNIQUE INDEX checkouts_one_open_per_cart ON checkouts (store_id, cart_id)
  WHERE status IN ('running', 'requires_action');
CREATE INDEX checkouts_store_idx ON checkouts (store_id, id);
SELECT carton_enable_tenant_rls('checkouts');
GRANT SELECT, INSERT, UPDATE ON checkouts TO carton_app;
