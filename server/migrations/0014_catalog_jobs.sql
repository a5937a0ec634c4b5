-- Catalog CSV imports: the job (its file, progress and counts), its per-row error report, and
-- the prices and stock levels read from the file (handed to the pricing and inventory modules).

CREATE TABLE catalog_import_jobs (
  id text PRIMARY KEY,
  store_id text NOT NULL REFERENCES stores(id),
  status text NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'running', 'completed', 'failed')),
  file_name text,
  -- The uploaded file, kept until the job is done so a resumed worker reads the same rows.
  source text,
  currency char(3) NOT NULL,
  total_rows int NOT NULL DEFAULT 0,
  processed_rows int NOT NULL DEFAULT 0,
  products_created int NOT NULL DEFAULT 0,
  products_updated int NOT NULL DEFAULT 0,
  products_failed int NOT NULL DEFAULT 0,
  error_count int NOT NULL DEFAULT 0,
  failure text,
  created_by_type text NOT NULL,
  created_by_id text,
  created_at timestamptz NOT NULL DEFAULT now(),
  started_at timestamptz,
  finished_at timestamptz,
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX catalog_import_jobs_store_idx ON catalog_import_jobs (store_id, id DESC);
SELECT carton_enable_tenant_rls('catalog_import_jobs');

CREATE TABLE catalog_import_errors (
  store_id text NOT NULL REFERENCES stores(id),
  job_id text NOT NULL REFERENCES catalog_import_jobs(id) ON DELETE CASCADE,
  seq int NOT NULL,
  row_number int NOT NULL,
  column_name text,
  handle text,
  message text NOT NULL,
  PRIMARY KEY (job_id, seq)
);
CREATE INDEX catalog_import_errors_row_idx ON catalog_import_errors (job_id, row_number);
SELECT carton_enable_tenant_rls('catalog_import_errors');

-- What the file said about each imported variant's price and stock, and whether it reached the
-- pricing and inventory modules.
CREATE TABLE catalog_import_values (
  store_id text NOT NULL REFERENCES stores(id),
  job_id text NOT NULL REFERENCES catalog_import_jobs(id) ON DELETE CASCADE,
  variant_id text NOT NULL,
  sku text NOT NULL,
  row_number int NOT NULL,
  currency char(3) NOT NULL,
  price bigint CHECK (price >= 0),
  compare_at_price bigint CHECK (compare_at_price >= 0),
  inventory_qty int CHECK (inventory_qty >= 0),
  price_applied boolean NOT NULL DEFAULT false,
  stock_applied boolean NOT NULL DEFAULT false,
  PRIMARY KEY (job_id, variant_id)
);
SELECT carton_enable_tenant_rls('catalog_import_values');
