-- Draft orders: a cart staff build for a customer (a phone order, a quote) and place for them or
-- send them to pay. The cart engine prices, taxes and ships it as any cart; its kind keeps it
-- apart from the shopper's own: not their one active cart, not merged at sign-in, never chased by
-- recovery (its events are `draft_order.*`, not `cart.*`).
ALTER TABLE carts ADD COLUMN kind text NOT NULL DEFAULT 'shopper' CHECK (kind IN ('shopper', 'draft'));
DROP INDEX carts_one_active_per_customer;
CREATE UNIQUE INDEX carts_one_active_per_customer ON carts (store_id, customer_id)
  WHERE status = 'active' AND customer_id IS NOT NULL AND kind = 'shopper';
-- The admin's list of drafts, newest first.
CREATE INDEX carts_drafts_idx ON carts (store_id, created_at DESC, id DESC) WHERE kind = 'draft';
