-- Shipping rates: zones (where a store ships) and the methods offered in each zone with their
-- rate tables. Amounts are integer minor units of the method's currency. Tenant tables under RLS.

-- Where a store ships: countries, optionally narrowed to regions and postcode patterns. The most
-- specific zone that covers an address is the one whose methods are offered (docs/shipping.md).
CREATE TABLE shipping_zones (
  id text PRIMARY KEY,
  store_id text NOT NULL REFERENCES stores(id),
  name text NOT NULL,
  -- ISO 3166-1 alpha-2 codes, or the single entry '*': every country (the rest of the world).
  countries text[] NOT NULL CHECK (cardinality(countries) > 0),
  -- Empty: the whole of each country. Otherwise region codes or names, compared case-insensitively.
  regions text[] NOT NULL DEFAULT '{}',
  -- Empty: every postcode. Otherwise ranges (700000-709999), wildcards (70*) or exact postcodes.
  postcode_patterns text[] NOT NULL DEFAULT '{}',
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (store_id, name)
);
SELECT carton_enable_tenant_rls('shipping_zones');

-- A way to ship in a zone, and what it costs.
CREATE TABLE shipping_methods (
  id text PRIMARY KEY,
  store_id text NOT NULL REFERENCES stores(id),
  zone_id text NOT NULL REFERENCES shipping_zones(id) ON DELETE CASCADE,
  name text NOT NULL,
  currency text NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
  rate_type text NOT NULL CHECK (rate_type IN ('flat', 'weight_band', 'price_band')),
  -- flat: the amount. Bands: null.
  flat_amount bigint CHECK (flat_amount >= 0),
  -- weight_band (grams) and price_band (subtotal in minor units): [{ "from", "to", "amount" }],
  -- sorted, non-overlapping, `from` inclusive, `to` exclusive (null: no upper bound). Checked by
  -- the service; a basket in a gap between bands is not offered the method.
  bands jsonb NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(bands) = 'array'),
  -- The method is free when the subtotal reaches this; null: never free.
  free_shipping_threshold bigint CHECK (free_shipping_threshold >= 0),
  -- Delivery estimate in business days; both null when none is given.
  min_days int CHECK (min_days >= 0),
  max_days int,
  active boolean NOT NULL DEFAULT true,
  -- The carrier-rate provider that prices the method ('table': its own rate table, which is also
  -- the fallback when a carrier fails), and the carrier's service code.
  provider text NOT NULL DEFAULT 'table',
  provider_service text,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (zone_id, name),
  CHECK ((rate_type = 'flat') = (flat_amount IS NOT NULL)),
  CHECK (rate_type = 'flat' OR jsonb_array_length(bands) > 0),
  CHECK ((min_days IS NULL) = (max_days IS NULL) AND (max_days IS NULL OR max_days >= min_days))
);
CREATE INDEX shipping_methods_store_zone_idx ON shipping_methods (store_id, zone_id);
SELECT carton_enable_tenant_rls('shipping_methods');
