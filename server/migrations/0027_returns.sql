-- Returns of shipped orders: requested (by staff or the shopper), approved or rejected, received
-- (units restocked), refunded. Tenant tables under RLS.

CREATE TABLE order_returns (
  id text PRIMARY KEY,
  store_id text NOT NULL REFERENCES stores(id),
  order_id text NOT NULL REFERENCES orders(id) ON DELETE CASCADE,
  -- 1, 2, … per order; shown as #1001-R1.
  sequence int NOT NULL,
  status text NOT NULL DEFAULT 'requested' CHECK (status IN ('requested', 'approved', 'received', 'refunded', 'rejected')),
  reason text,
  note text,
  -- Who asked: the shopper (storefront) or staff (admin API).
  requested_by text NOT NULL CHECK (requested_by IN ('customer', 'staff')),
  rejection_reason text,
  -- What the received units were paid for (their share of the lines' totals): the default refund.
  received_value bigint NOT NULL DEFAULT 0,
  -- The refund asked of payments, once decided (kept so that a retry asks for the same amount).
  refund_amount bigint CHECK (refund_amount >= 0),
  -- Part of the refund's idempotency key: a refused refund may be tried again under a new key.
  refund_attempt int NOT NULL DEFAULT 1,
  refunded_amount bigint NOT NULL DEFAULT 0,
  refund_id text,
  approved_at timestamptz,
  received_at timestamptz,
  refunded_at timestamptz,
  rejected_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (order_id, sequence)
);
CREATE INDEX order_returns_store_idx ON order_returns (store_id, id);
CREATE INDEX order_returns_order_idx ON order_returns (order_id, sequence);
-- The settlement sweep: received returns whose refund was decided but not recorded.
CREATE INDEX order_returns_refund_due_idx ON order_returns (updated_at)
  WHERE status = 'received' AND refund_amount IS NOT NULL;
SELECT carton_enable_tenant_rls('order_returns');

CREATE TABLE order_return_lines (
  id text PRIMARY KEY,
  store_id text NOT NULL REFERENCES stores(id),
  return_id text NOT NULL REFERENCES order_returns(id) ON DELETE CASCADE,
  order_line_id text NOT NULL REFERENCES order_lines(id) ON DELETE CASCADE,
  quantity int NOT NULL CHECK (quantity > 0),
  received_quantity int NOT NULL DEFAULT 0 CHECK (received_quantity >= 0),
  -- Received units put back in stock (false: damaged, written off).
  restocked_quantity int NOT NULL DEFAULT 0 CHECK (restocked_quantity >= 0),
  CHECK (received_quantity <= quantity AND restocked_quantity <= received_quantity),
  UNIQUE (return_id, order_line_id)
);
CREATE INDEX order_return_lines_return_idx ON order_return_lines (return_id);
SELECT carton_enable_tenant_rls('order_return_lines');
