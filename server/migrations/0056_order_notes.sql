-- Staff notes on an order: what was agreed on the phone, why a parcel was held. Internal: never
-- shown to the shopper, kept in the order's timeline, erased with the shopper's personal data.
CREATE TABLE order_notes (
  id text PRIMARY KEY,
  store_id text NOT NULL REFERENCES stores(id),
  order_id text NOT NULL REFERENCES orders(id),
  body text NOT NULL,
  author_type text NOT NULL,
  author_id text,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX order_notes_order_idx ON order_notes (store_id, order_id, id);
SELECT carton_enable_tenant_rls('order_notes');
