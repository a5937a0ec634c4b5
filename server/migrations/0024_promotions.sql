-- Promotions: coupon codes, the coupons applied to carts, and redemptions by orders. Tenant
-- tables under RLS; only the promotions module writes them.

CREATE TABLE coupons (
  id text PRIMARY KEY,
  store_id text NOT NULL REFERENCES stores(id),
  -- As the merchant wrote it; unique per store regardless of case.
  code text NOT NULL,
  description text NOT NULL DEFAULT '',
  kind text NOT NULL CHECK (kind IN ('percentage', 'fixed_amount', 'free_shipping')),
  -- percentage: 1–10000 basis points (1000 = 10 % off).
  basis_points int CHECK (basis_points BETWEEN 1 AND 10000),
  -- fixed_amount: minor units off per currency, {"USD": 500}; a cart in another currency is out.
  amounts jsonb NOT NULL DEFAULT '{}',
  -- Lowest cart subtotal per currency, {"USD": 5000}; {} = no minimum. When set, a cart in a
  -- currency not listed is out.
  minimum_subtotal jsonb NOT NULL DEFAULT '{}',
  scope text NOT NULL DEFAULT 'all' CHECK (scope IN ('all', 'products', 'categories')),
  -- Product ids or category ids (a category includes its subcategories).
  scope_ids text[] NOT NULL DEFAULT '{}',
  starts_at timestamptz,
  ends_at timestamptz,
  usage_limit int CHECK (usage_limit > 0),
  per_customer_limit int CHECK (per_customer_limit > 0),
  -- Redemptions not released. Raised only under the coupon's row lock; the check makes a
  -- redemption beyond the global limit impossible even for a buggy writer.
  times_redeemed int NOT NULL DEFAULT 0 CHECK (times_redeemed >= 0),
  active boolean NOT NULL DEFAULT true,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK (usage_limit IS NULL OR times_redeemed <= usage_limit),
  CHECK (ends_at IS NULL OR starts_at IS NULL OR ends_at > starts_at)
);
CREATE UNIQUE INDEX coupons_store_code_key ON coupons (store_id, lower(code));
CREATE INDEX coupons_store_idx ON coupons (store_id, id);
SELECT carton_enable_tenant_rls('coupons');

-- Coupons a shopper applied to a cart, with the discount of the cart's last evaluation (what an
-- order placed from the cart redeems).
CREATE TABLE cart_coupons (
  store_id text NOT NULL REFERENCES stores(id),
  cart_id text NOT NULL REFERENCES carts(id) ON DELETE CASCADE,
  coupon_id text NOT NULL REFERENCES coupons(id) ON DELETE CASCADE,
  discount_amount bigint NOT NULL DEFAULT 0,
  currency text NOT NULL,
  applied_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (cart_id, coupon_id)
);
CREATE INDEX cart_coupons_coupon_idx ON cart_coupons (coupon_id);
SELECT carton_enable_tenant_rls('cart_coupons');

-- One use of a coupon by an order. Released (a cancelled checkout) redemptions no longer count.
CREATE TABLE coupon_redemptions (
  id text PRIMARY KEY,
  store_id text NOT NULL REFERENCES stores(id),
  -- No cascade: a coupon that has been redeemed cannot be deleted (deactivate it).
  coupon_id text NOT NULL REFERENCES coupons(id),
  order_id text NOT NULL,
  cart_id text,
  customer_id text,
  -- Lower-cased: the per-customer limit counts a guest by e-mail.
  email text,
  amount bigint NOT NULL DEFAULT 0,
  currency text NOT NULL,
  status text NOT NULL DEFAULT 'redeemed' CHECK (status IN ('redeemed', 'released')),
  created_at timestamptz NOT NULL DEFAULT now(),
  released_at timestamptz,
  UNIQUE (coupon_id, order_id)
);
CREATE INDEX coupon_redemptions_customer_idx ON coupon_redemptions (coupon_id, customer_id)
  WHERE status = 'redeemed';
CREATE INDEX coupon_redemptions_email_idx ON coupon_redemptions (coupon_id, email) WHERE status = 'redeemed';
CREATE INDEX coupon_redemptions_order_idx ON coupon_redemptions (store_id, order_id);
SELECT carton_enable_tenant_rls('coupon_redemptions');

GRANT SELECT, INSERT, UPDATE, DELETE ON coupons, cart_coupons, coupon_redemptions TO carton_app;
