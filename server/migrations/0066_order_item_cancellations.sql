-- Staff cancel some units of an order that have not shipped (orders/item-cancellation.ts): a
-- customer changed their mind about one item, a unit turned out damaged in the warehouse, a
-- variant cannot be had after all. Each cancellation is a row with its lines; the order's lines
-- count the units cancelled, and the order what they were worth.

ALTER TABLE order_lines ADD COLUMN cancelled_quantity int NOT NULL DEFAULT 0 CHECK (cancelled_quantity >= 0);
ALTER TABLE order_lines
  ADD CONSTRAINT order_lines_units_check CHECK (fulfilled_quantity + cancelled_quantity <= quantity);

-- What the cancelled units were paid for (the customer no longer owes it); the refund of it,
-- when the payment was already captured, is held in items_refund_amount while payments is asked
-- (under a key with items_refund_attempt), then added to items_refunded_amount.
ALTER TABLE orders
  ADD COLUMN cancelled_amount bigint NOT NULL DEFAULT 0 CHECK (cancelled_amount >= 0),
  ADD COLUMN items_refund_amount bigint CHECK (items_refund_amount > 0),
  ADD COLUMN items_refund_attempt int NOT NULL DEFAULT 1,
  ADD COLUMN items_refunded_amount bigint NOT NULL DEFAULT 0;
-- The settlement sweep: orders with cancelled items (few), whose refund may be due.
CREATE INDEX orders_cancelled_items_idx ON orders (updated_at) WHERE cancelled_amount > 0;

CREATE TABLE order_cancellations (
  id text PRIMARY KEY,
  store_id text NOT NULL REFERENCES stores(id),
  order_id text NOT NULL REFERENCES orders(id) ON DELETE CASCADE,
  -- 1, 2, … per order; shown as #1001-C1.
  sequence int NOT NULL,
  reason text,
  -- What the cancelled units were paid for.
  amount bigint NOT NULL CHECK (amount >= 0),
  restocked boolean NOT NULL,
  actor_type text NOT NULL,
  actor_id text,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (order_id, sequence)
);
CREATE INDEX order_cancellations_store_idx ON order_cancellations (store_id, id);
SELECT carton_enable_tenant_rls('order_cancellations');

CREATE TABLE order_cancellation_lines (
  id text PRIMARY KEY,
  store_id text NOT NULL REFERENCES stores(id),
  cancellation_id text NOT NULL REFERENCES order_cancellations(id) ON DELETE CASCADE,
  order_line_id text NOT NULL REFERENCES order_lines(id) ON DELETE CASCADE,
  quantity int NOT NULL CHECK (quantity > 0),
  amount bigint NOT NULL CHECK (amount >= 0),
  UNIQUE (cancellation_id, order_line_id)
);
CREATE INDEX order_cancellation_lines_cancellation_idx ON order_cancellation_lines (cancellation_id);
SELECT carton_enable_tenant_rls('order_cancellation_lines');

-- The shopper hears which items were cancelled.
ALTER TABLE order_notifications DROP CONSTRAINT order_notifications_kind_check;
ALTER TABLE order_notifications
  ADD CONSTRAINT order_notifications_kind_check
  CHECK (kind IN ('confirmation', 'shipment', 'cancellation', 'return', 'payment_reminder', 'items_cancelled'));
