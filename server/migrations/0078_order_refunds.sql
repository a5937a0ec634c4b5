-- Staff refund an order without a return (orders/refunds.ts): items the customer keeps (damaged in
-- transit, not as described), the shipping, or an amount of goodwill. Each refund is a row with its
-- lines; the order's lines count the units refunded, so no unit is refunded or returned twice.

ALTER TABLE order_lines ADD COLUMN refunded_quantity int NOT NULL DEFAULT 0 CHECK (refunded_quantity >= 0);
ALTER TABLE order_lines
  ADD CONSTRAINT order_lines_refunded_check CHECK (returned_quantity + refunded_quantity <= fulfilled_quantity);

CREATE TABLE order_refunds (
  id text PRIMARY KEY,
  store_id text NOT NULL REFERENCES stores(id),
  order_id text NOT NULL REFERENCES orders(id) ON DELETE CASCADE,
  -- 1, 2, … per order; shown as #1001-R1.
  sequence int NOT NULL,
  -- pending while payments is asked (a crash or an unknown answer: the settlement asks again with
  -- the same key); refunded; failed when the provider refused (the units and cards released).
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'refunded', 'failed')),
  reason text,
  notify_customer boolean NOT NULL,
  items_amount bigint NOT NULL CHECK (items_amount >= 0),
  shipping_amount bigint NOT NULL CHECK (shipping_amount >= 0),
  extra_amount bigint NOT NULL CHECK (extra_amount >= 0),
  amount bigint NOT NULL CHECK (amount > 0 AND amount = items_amount + shipping_amount + extra_amount),
  -- The split decided when it was asked: the order's gift cards first, the payment for the rest.
  gift_card_amount bigint NOT NULL CHECK (gift_card_amount >= 0 AND gift_card_amount <= amount),
  -- What went back once refunded: less than amount only when a return gave the gift cards' part
  -- back first.
  refunded_amount bigint NOT NULL DEFAULT 0 CHECK (refunded_amount >= 0 AND refunded_amount <= amount),
  payment_refund_id text,
  -- Refunded as store credit instead: the gift card issued for it (its code e-mailed).
  store_credit_gift_card_id text,
  failure_message text,
  actor_type text NOT NULL,
  actor_id text,
  created_at timestamptz NOT NULL DEFAULT now(),
  refunded_at timestamptz,
  UNIQUE (order_id, sequence)
);
CREATE INDEX order_refunds_store_idx ON order_refunds (store_id, id);
-- The settlement sweep: refunds still asking payments (few).
CREATE INDEX order_refunds_pending_idx ON order_refunds (created_at) WHERE status = 'pending';
SELECT carton_enable_tenant_rls('order_refunds');

CREATE TABLE order_refund_lines (
  id text PRIMARY KEY,
  store_id text NOT NULL REFERENCES stores(id),
  refund_id text NOT NULL REFERENCES order_refunds(id) ON DELETE CASCADE,
  order_line_id text NOT NULL REFERENCES order_lines(id) ON DELETE CASCADE,
  quantity int NOT NULL CHECK (quantity > 0),
  amount bigint NOT NULL CHECK (amount >= 0),
  -- Gift cards bought with the line's units, disabled by this refund (enabled again if it fails).
  gift_card_ids text[] NOT NULL DEFAULT '{}',
  UNIQUE (refund_id, order_line_id)
);
CREATE INDEX order_refund_lines_refund_idx ON order_refund_lines (refund_id);
SELECT carton_enable_tenant_rls('order_refund_lines');

-- The shopper hears of the refund.
ALTER TABLE order_notifications DROP CONSTRAINT order_notifications_kind_check;
ALTER TABLE order_notifications
  ADD CONSTRAINT order_notifications_kind_check
  CHECK (kind IN ('confirmation', 'shipment', 'cancellation', 'return', 'payment_reminder', 'items_cancelled', 'refund'));
