-- Pricing: a variant's prices per currency, price lists (sale windows, customer groups, quantity
-- tiers, per-location prices), rule-based adjustments and exchange rates. Amounts are integer
-- minor units of their currency. Every table is a tenant table under row-level security.

-- The variant's own price in one currency ("base" price).
CREATE TABLE prices (
  id text PRIMARY KEY,
  store_id text NOT NULL REFERENCES stores(id),
  variant_id text NOT NULL REFERENCES variants(id) ON DELETE CASCADE,
  currency text NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
  amount bigint NOT NULL CHECK (amount >= 0),
  -- The "was" price shown struck through; null when there is none.
  compare_at_amount bigint CHECK (compare_at_amount >= 0),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (store_id, variant_id, currency)
);
CREATE INDEX prices_variant_idx ON prices (variant_id);
SELECT carton_enable_tenant_rls('prices');

CREATE TABLE price_lists (
  id text PRIMARY KEY,
  store_id text NOT NULL REFERENCES stores(id),
  name text NOT NULL,
  description text NOT NULL DEFAULT '',
  status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'draft')),
  -- Higher wins when several lists apply.
  priority int NOT NULL DEFAULT 0,
  starts_at timestamptz,
  ends_at timestamptz,
  -- Empty: every shopper. Otherwise the list applies only to shoppers in one of these groups.
  customer_group_ids text[] NOT NULL DEFAULT '{}',
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (store_id, name),
  CHECK (starts_at IS NULL OR ends_at IS NULL OR ends_at > starts_at)
);
SELECT carton_enable_tenant_rls('price_lists');

-- One price of a list: for a variant, a currency, from a quantity on, optionally at one stock location.
CREATE TABLE price_list_entries (
  id text PRIMARY KEY,
  store_id text NOT NULL REFERENCES stores(id),
  price_list_id text NOT NULL REFERENCES price_lists(id) ON DELETE CASCADE,
  variant_id text NOT NULL REFERENCES variants(id) ON DELETE CASCADE,
  currency text NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
  amount bigint NOT NULL CHECK (amount >= 0),
  compare_at_amount bigint CHECK (compare_at_amount >= 0),
  min_quantity int NOT NULL DEFAULT 1 CHECK (min_quantity >= 1),
  -- A stock location (warehouse) id; null: any location. Not a foreign key: locations belong to inventory.
  location_id text,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE NULLS NOT DISTINCT (price_list_id, variant_id, currency, min_quantity, location_id)
);
CREATE INDEX price_list_entries_variant_idx ON price_list_entries (variant_id);
SELECT carton_enable_tenant_rls('price_list_entries');

-- An adjustment (percentage or fixed amount off) for the variants a target selects, within a window.
CREATE TABLE price_rules (
  id text PRIMARY KEY,
  store_id text NOT NULL REFERENCES stores(id),
  name text NOT NULL,
  status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'draft')),
  priority int NOT NULL DEFAULT 0,
  starts_at timestamptz,
  ends_at timestamptz,
  customer_group_ids text[] NOT NULL DEFAULT '{}',
  target_kind text NOT NULL CHECK (target_kind IN ('all', 'products', 'variants', 'categories', 'tags', 'brands')),
  target_values text[] NOT NULL DEFAULT '{}',
  adjustment_kind text NOT NULL CHECK (adjustment_kind IN ('percentage_off', 'amount_off')),
  -- percentage_off: basis points (1500 = 15 %). amount_off: minor units of `currency`.
  adjustment_value bigint NOT NULL CHECK (adjustment_value > 0),
  currency text CHECK (currency ~ '^[A-Z]{3}$'),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (store_id, name),
  CHECK (starts_at IS NULL OR ends_at IS NULL OR ends_at > starts_at),
  CHECK (adjustment_kind <> 'percentage_off' OR (adjustment_value <= 10000 AND currency IS NULL)),
  CHECK (adjustment_kind <> 'amount_off' OR currency IS NOT NULL)
);
SELECT carton_enable_tenant_rls('price_rules');

-- 1 unit of base_currency = rate units of quote_currency.
CREATE TABLE exchange_rates (
  id text PRIMARY KEY,
  store_id text NOT NULL REFERENCES stores(id),
  base_currency text NOT NULL CHECK (base_currency ~ '^[A-Z]{3}$'),
  quote_currency text NOT NULL CHECK (quote_currency ~ '^[A-Z]{3}$'),
  rate numeric(24, 12) NOT NULL CHECK (rate > 0),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (store_id, base_currency, quote_currency),
  CHECK (base_currency <> quote_currency)
);
SELECT carton_enable_tenant_rls('exchange_rates');
