-- Orders: per-store order numbers, orders with their lines and the address and totals snapshots
-- taken at checkout, the status history, fulfilments (shipments) and the e-mails sent about an
-- order. Every table is a tenant table under RLS. Amounts are integer minor units of the order's
-- currency.

-- The last order number each store gave out. createOrder takes the next one by updating this row
-- in the checkout's transaction: the row lock queues concurrent checkouts of a store, and a
-- rolled-back checkout rolls its number back too, so numbers have no gaps and no duplicates.
CREATE TABLE order_counters (
  store_id text PRIMARY KEY REFERENCES stores(id),
  last_number bigint NOT NULL
);
SELECT carton_enable_tenant_rls('order_counters');

CREATE TABLE orders (
  id text PRIMARY KEY,
  store_id text NOT NULL REFERENCES stores(id),
  -- Shown as #1001, #1002… per store.
  number bigint NOT NULL,
  cart_id text NOT NULL,
  status text NOT NULL DEFAULT 'pending' CHECK (status IN (
    'pending', 'confirmed', 'processing', 'shipped', 'delivered', 'cancelled', 'returned', 'refunded')),
  currency text NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
  locale text,
  -- Null for a guest; set when the guest registers (customer.registered) with the same e-mail.
  customer_id text,
  email text NOT NULL,
  shipping_address jsonb NOT NULL,
  billing_address jsonb,
  -- { method_id, name, amount, tax } of the chosen shipping method, or null.
  shipping jsonb,
  subtotal bigint NOT NULL CHECK (subtotal >= 0),
  discount_total bigint NOT NULL CHECK (discount_total >= 0),
  shipping_total bigint NOT NULL CHECK (shipping_total >= 0),
  tax_total bigint NOT NULL CHECK (tax_total >= 0),
  total bigint NOT NULL CHECK (total >= 0),
  tax_inclusive boolean NOT NULL,
  coupon_codes text[] NOT NULL DEFAULT '{}',
  payment_intent_id text NOT NULL,
  -- The payment as last seen (from payments' events and the order's own payment calls):
  -- pending, authorized, captured, partially_refunded, refunded, voided.
  payment_status text NOT NULL DEFAULT 'pending' CHECK (payment_status IN (
    'pending', 'authorized', 'captured', 'partially_refunded', 'refunded', 'voided')),
  captured_amount bigint NOT NULL DEFAULT 0,
  refunded_amount bigint NOT NULL DEFAULT 0,
  -- The payment view's updated_at the payment fields were taken from: an older view never
  -- overwrites a newer one.
  payment_seen_at timestamptz,
  reservation_id text NOT NULL,
  -- A cancelled order whose payment is still to be voided or refunded (retried until done).
  settlement_due boolean NOT NULL DEFAULT false,
  -- Attempts at the cancellation refund; part of its idempotency key, so a refused refund can be tried again.
  settlement_attempt int NOT NULL DEFAULT 1,
  cancel_reason text,
  confirmed_at timestamptz,
  shipped_at timestamptz,
  delivered_at timestamptz,
  cancelled_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  -- What the admin search matches: e-mail and the names on both addresses, lower-cased.
  search_text text GENERATED ALWAYS AS (lower(
    email || ' ' ||
    coalesce(shipping_address->>'first_name', '') || ' ' || coalesce(shipping_address->>'last_name', '') || ' ' ||
    coalesce(billing_address->>'first_name', '') || ' ' || coalesce(billing_address->>'last_name', '')
  )) STORED,
  UNIQUE (store_id, number),
  -- One order per cart: a retried checkout finds the order it placed.
  UNIQUE (store_id, cart_id),
  CHECK (refunded_amount >= 0 AND captured_amount >= 0)
);
CREATE INDEX orders_store_idx ON orders (store_id, id);
CREATE INDEX orders_status_idx ON orders (store_id, status, id);
CREATE INDEX orders_customer_idx ON orders (store_id, customer_id, id) WHERE customer_id IS NOT NULL;
CREATE INDEX orders_email_idx ON orders (store_id, lower(email), id);
CREATE INDEX orders_created_idx ON orders (store_id, created_at);
-- The settlement sweep.
CREATE INDEX orders_settlement_idx ON orders (updated_at) WHERE settlement_due;
SELECT carton_enable_tenant_rls('orders');

-- What was bought, as it was at checkout (titles, SKUs and prices do not follow later catalog changes).
CREATE TABLE order_lines (
  id text PRIMARY KEY,
  store_id text NOT NULL REFERENCES stores(id),
  order_id text NOT NULL REFERENCES orders(id) ON DELETE CASCADE,
  position int NOT NULL,
  variant_id text NOT NULL,
  product_id text NOT NULL,
  sku text,
  title text NOT NULL,
  variant_title text,
  image_url text,
  quantity int NOT NULL CHECK (quantity > 0),
  unit_price bigint NOT NULL CHECK (unit_price >= 0),
  subtotal bigint NOT NULL CHECK (subtotal >= 0),
  discount bigint NOT NULL CHECK (discount >= 0),
  tax bigint NOT NULL CHECK (tax >= 0),
  total bigint NOT NULL CHECK (total >= 0),
  fulfilled_quantity int NOT NULL DEFAULT 0,
  -- Units received back by returns.
  returned_quantity int NOT NULL DEFAULT 0,
  CHECK (fulfilled_quantity BETWEEN 0 AND quantity),
  CHECK (returned_quantity BETWEEN 0 AND fulfilled_quantity)
);
CREATE INDEX order_lines_order_idx ON order_lines (order_id, position);
SELECT carton_enable_tenant_rls('order_lines');

-- Every status change of an order, with who made it and why. Append-only.
CREATE TABLE order_status_history (
  id text PRIMARY KEY,
  store_id text NOT NULL REFERENCES stores(id),
  order_id text NOT NULL REFERENCES orders(id) ON DELETE CASCADE,
  from_status text,
  to_status text NOT NULL,
  actor_type text NOT NULL,
  actor_id text,
  reason text,
  created_at timestamptz NOT NULL DEFAULT clock_timestamp()
);
CREATE INDEX order_status_history_order_idx ON order_status_history (order_id, id);
SELECT carton_enable_tenant_rls('order_status_history');
REVOKE UPDATE, DELETE, TRUNCATE ON order_status_history FROM carton_app;

-- A shipment: some or all units of an order's lines, with the carrier and tracking number.
CREATE TABLE fulfilments (
  id text PRIMARY KEY,
  store_id text NOT NULL REFERENCES stores(id),
  order_id text NOT NULL REFERENCES orders(id) ON DELETE CASCADE,
  carrier text,
  tracking_number text,
  tracking_url text,
  shipped_at timestamptz NOT NULL DEFAULT now(),
  delivered_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX fulfilments_order_idx ON fulfilments (order_id, id);
SELECT carton_enable_tenant_rls('fulfilments');

CREATE TABLE fulfilment_lines (
  id text PRIMARY KEY,
  store_id text NOT NULL REFERENCES stores(id),
  fulfilment_id text NOT NULL REFERENCES fulfilments(id) ON DELETE CASCADE,
  order_line_id text NOT NULL REFERENCES order_lines(id) ON DELETE CASCADE,
  quantity int NOT NULL CHECK (quantity > 0)
);
CREATE INDEX fulfilment_lines_fulfilment_idx ON fulfilment_lines (fulfilment_id);
SELECT carton_enable_tenant_rls('fulfilment_lines');

-- The e-mails sent about an order (confirmation, one shipping notice per fulfilment). The row is
-- claimed in the transaction that acknowledges the event, so a redelivered event sends nothing.
CREATE TABLE order_notifications (
  id text PRIMARY KEY,
  store_id text NOT NULL REFERENCES stores(id),
  order_id text NOT NULL REFERENCES orders(id) ON DELETE CASCADE,
  kind text NOT NULL CHECK (kind IN ('confirmation', 'shipment')),
  -- The fulfilment of a shipping notice; '' for the confirmation.
  ref text NOT NULL DEFAULT '',
  message_id text,
  sent_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (order_id, kind, ref)
);
SELECT carton_enable_tenant_rls('order_notifications');
