-- Staff edit a placed order before it ships (orders/edits.ts): add items, swap a size or colour,
-- take items out — one edit, one record, as Shopify's "Edit order". Units taken out are an item
-- cancellation (order_cancellations, linked here); units added are new order lines, their stock
-- reserved and committed at once (the edit's own reservation), their price and tax worked out as
-- the checkout would today. The order's totals grow by what was added; what the customer owes is
-- still total − cancelled_amount, so the payment settles the difference as cancellations do.

ALTER TABLE orders ADD COLUMN edited_at timestamptz;

CREATE TABLE order_edits (
  id text PRIMARY KEY,
  store_id text NOT NULL REFERENCES stores(id),
  order_id text NOT NULL REFERENCES orders(id) ON DELETE CASCADE,
  -- 1, 2, … per order; shown as #1001-E1.
  sequence int NOT NULL,
  reason text,
  -- What the added units cost (with tax when prices exclude it) and what the removed ones were paid for.
  added_amount bigint NOT NULL CHECK (added_amount >= 0),
  removed_amount bigint NOT NULL CHECK (removed_amount >= 0),
  -- What the payment did about it, as the edit worked it out: nothing, a refund, a smaller capture
  -- at fulfilment, or a manual payment awaited now for another amount.
  payment_outcome text NOT NULL CHECK (payment_outcome IN ('nothing', 'refund', 'capture_less', 'amount_due')),
  payment_amount bigint NOT NULL CHECK (payment_amount >= 0),
  -- The units taken out, when any (their lines, amount and restock are the cancellation's).
  cancellation_id text REFERENCES order_cancellations(id),
  -- Where the added units' stock was taken (committed), when any were added.
  reservation_id text,
  actor_type text NOT NULL,
  actor_id text,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (order_id, sequence)
);
CREATE INDEX order_edits_order_idx ON order_edits (order_id);
SELECT carton_enable_tenant_rls('order_edits');

CREATE TABLE order_edit_lines (
  id text PRIMARY KEY,
  store_id text NOT NULL REFERENCES stores(id),
  edit_id text NOT NULL REFERENCES order_edits(id) ON DELETE CASCADE,
  order_line_id text NOT NULL REFERENCES order_lines(id) ON DELETE CASCADE,
  quantity int NOT NULL CHECK (quantity > 0),
  amount bigint NOT NULL CHECK (amount >= 0),
  UNIQUE (edit_id, order_line_id)
);
CREATE INDEX order_edit_lines_edit_idx ON order_edit_lines (edit_id);
SELECT carton_enable_tenant_rls('order_edit_lines');

-- The shopper hears what changed.
ALTER TABLE order_notifications DROP CONSTRAINT order_notifications_kind_check;
ALTER TABLE order_notifications
  ADD CONSTRAINT order_notifications_kind_check
  CHECK (kind IN ('confirmation', 'shipment', 'cancellation', 'return', 'payment_reminder', 'items_cancelled', 'refund', 'new_order', 'order_edited'));
