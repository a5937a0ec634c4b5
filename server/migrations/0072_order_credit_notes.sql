-- A credit note for every refund of an order's payment: the document that reverses part of the
-- invoice (the amount and the tax it contains), numbered per store without gaps (CN-1, CN-2…) as
-- invoices' corrections must be. Issued when payments reports the refund succeeded, once per refund.
CREATE TABLE order_credit_notes (
  id text PRIMARY KEY,
  store_id text NOT NULL REFERENCES stores(id),
  order_id text NOT NULL REFERENCES orders(id) ON DELETE CASCADE,
  number int NOT NULL CHECK (number > 0),
  refund_id text NOT NULL,
  currency text NOT NULL,
  -- What was refunded, and the tax inside it (the order's tax share of it; the last note of a fully
  -- refunded order takes what is left, so the notes' tax adds up to the invoice's).
  amount bigint NOT NULL CHECK (amount > 0),
  tax bigint NOT NULL CHECK (tax >= 0),
  -- What the refund was for: a return (which), units cancelled, the order cancelled, or a refund
  -- staff made (their words in `reason`) or the provider reported.
  kind text NOT NULL CHECK (kind IN ('return', 'cancelled_items', 'cancelled_order', 'refund')),
  return_id text,
  reason text,
  issued_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (store_id, number),
  UNIQUE (store_id, refund_id)
);
CREATE INDEX order_credit_notes_order_idx ON order_credit_notes (store_id, order_id, number);
SELECT carton_enable_tenant_rls('order_credit_notes');
