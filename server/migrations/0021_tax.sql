-- Tax: a store's tax settings (prices with or without tax, which provider calculates) and its
-- tax rates per country, region and postcode pattern, per tax class. Tenant tables under RLS.

-- One row per store; a store without one has prices without tax and the `table` provider.
CREATE TABLE tax_settings (
  store_id text PRIMARY KEY REFERENCES stores(id),
  -- true: catalog prices and shipping rates are gross (tax is extracted); false: tax is added.
  prices_include_tax boolean NOT NULL DEFAULT false,
  provider text NOT NULL DEFAULT 'table',
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
SELECT carton_enable_tenant_rls('tax_settings');

CREATE TABLE tax_rates (
  id text PRIMARY KEY,
  store_id text NOT NULL REFERENCES stores(id),
  name text NOT NULL,
  country text NOT NULL CHECK (country ~ '^[A-Z]{2}$'),
  -- Null: the whole country. Otherwise a region code or name, compared case-insensitively.
  region text,
  -- Null: every postcode. Otherwise one range, wildcard or exact postcode (as for shipping zones).
  postcode_pattern text,
  tax_class text NOT NULL DEFAULT 'standard' CHECK (tax_class ~ '^[a-z][a-z0-9_]{0,39}$'),
  -- Parts per million of the taxed amount: 10 % = 100000, 8.875 % = 88750. Never a float.
  rate_ppm int NOT NULL CHECK (rate_ppm BETWEEN 0 AND 1000000),
  -- Whether shipping is taxed (at this rate) where this rate applies; read on standard-class rates.
  shipping_taxable boolean NOT NULL DEFAULT true,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
-- One rate per place and class: two would leave the calculation to chance.
CREATE UNIQUE INDEX tax_rates_place_class_idx
  ON tax_rates (store_id, country, upper(coalesce(region, '')), coalesce(postcode_pattern, ''), tax_class);
SELECT carton_enable_tenant_rls('tax_rates');
