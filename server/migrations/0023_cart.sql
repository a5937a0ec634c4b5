-- Carts: a shopper's basket before checkout, anonymous (reached by its unguessable id) or a
-- signed-in customer's, and its lines. Tenant tables under RLS; only the cart module writes them.

CREATE TABLE carts (
  id text PRIMARY KEY,
  store_id text NOT NULL REFERENCES stores(id),
  currency text NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
  -- Null for an anonymous cart. An erased customer leaves an anonymous cart behind.
  customer_id text REFERENCES customers(id) ON DELETE SET NULL,
  email text,
  -- platform/address.ts `Address` (snake_case), as parsed.
  shipping_address jsonb,
  billing_address jsonb,
  locale text,
  -- active → completed (an order was placed) | expired (no change for the expiry period)
  --        | merged (absorbed into the customer's cart at sign-in). Only active carts change.
  status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'completed', 'expired', 'merged')),
  -- Bumped by every change: clients may send it back in If-Match (optimistic concurrency).
  version int NOT NULL DEFAULT 1,
  -- Summary of the last change, for the admin list, the expiry sweep and recovery (the line
  -- rows are the truth; these are recomputed with them on every change).
  subtotal bigint NOT NULL DEFAULT 0,
  discount_total bigint NOT NULL DEFAULT 0,
  item_count int NOT NULL DEFAULT 0,
  -- The applied coupons' discounts as last evaluated: [{coupon_id, code, kind, amount,
  -- free_shipping, lines: [{line_id, amount}]}] (promotions decides; the cart shows them).
  discounts jsonb NOT NULL DEFAULT '[]',
  merged_into_cart_id text REFERENCES carts(id),
  order_id text,
  completed_at timestamptz,
  -- Last change + the expiry period (30 days by default).
  expires_at timestamptz NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
-- A signed-in customer has at most one active cart: the one an anonymous cart merges into.
CREATE UNIQUE INDEX carts_one_active_per_customer ON carts (store_id, customer_id)
  WHERE status = 'active' AND customer_id IS NOT NULL;
CREATE INDEX carts_store_idx ON carts (store_id, id);
CREATE INDEX carts_store_updated_idx ON carts (store_id, updated_at DESC, id DESC);
CREATE INDEX carts_expiry_idx ON carts (expires_at) WHERE status = 'active';
SELECT carton_enable_tenant_rls('carts');

-- One line per variant per cart. The price and the display fields are snapshots taken at the
-- last change (re-validated on every change); no foreign key to the catalog, so deleting a
-- variant never fails because some cart holds it (the cart drops the line at its next change).
CREATE TABLE cart_lines (
  id text PRIMARY KEY,
  store_id text NOT NULL REFERENCES stores(id),
  cart_id text NOT NULL REFERENCES carts(id) ON DELETE CASCADE,
  variant_id text NOT NULL,
  product_id text NOT NULL,
  quantity int NOT NULL CHECK (quantity > 0),
  unit_price bigint NOT NULL CHECK (unit_price >= 0),
  compare_at_price bigint,
  -- What produced the unit price (pricing's PriceQuote.source): {kind, id, name}.
  price_source jsonb NOT NULL,
  product_title text NOT NULL,
  variant_title text NOT NULL DEFAULT '',
  sku text NOT NULL DEFAULT '',
  image_url text,
  weight_grams int,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (cart_id, variant_id)
);
SELECT carton_enable_tenant_rls('cart_lines');

GRANT SELECT, INSERT, UPDATE, DELETE ON carts, cart_lines TO carton_app;
