-- Catalog: products, their options and variants, nested categories, manual collections, images
-- and translations. Every table is a tenant table under row-level security.

CREATE EXTENSION IF NOT EXISTS pg_trgm;

CREATE TABLE products (
  id text PRIMARY KEY,
  store_id text NOT NULL REFERENCES stores(id),
  handle text NOT NULL,
  title text NOT NULL,
  -- Markdown.
  description text NOT NULL DEFAULT '',
  status text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'active', 'archived')),
  brand text,
  vendor text,
  product_type text,
  tags text[] NOT NULL DEFAULT '{}',
  seo_title text,
  seo_description text,
  metadata jsonb NOT NULL DEFAULT '{}',
  published_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (store_id, handle)
);
CREATE INDEX products_store_status_idx ON products (store_id, status, id);
SELECT carton_enable_tenant_rls('products');

-- A product's options (Size, Colour, …) in display order, with their allowed values.
CREATE TABLE product_options (
  id text PRIMARY KEY,
  store_id text NOT NULL REFERENCES stores(id),
  product_id text NOT NULL REFERENCES products(id) ON DELETE CASCADE,
  name text NOT NULL,
  position int NOT NULL,
  "values" text[] NOT NULL DEFAULT '{}',
  UNIQUE (product_id, name),
  UNIQUE (product_id, position)
);
SELECT carton_enable_tenant_rls('product_options');

CREATE TABLE variants (
  id text PRIMARY KEY,
  store_id text NOT NULL REFERENCES stores(id),
  product_id text NOT NULL REFERENCES products(id) ON DELETE CASCADE,
  sku text NOT NULL,
  barcode text,
  title text NOT NULL DEFAULT '',
  -- Option name -> value, e.g. {"Size": "M", "Colour": "Red"}; values must be among the product's options.
  option_values jsonb NOT NULL DEFAULT '{}',
  position int NOT NULL DEFAULT 0,
  weight_grams int CHECK (weight_grams >= 0),
  length_mm int CHECK (length_mm >= 0),
  width_mm int CHECK (width_mm >= 0),
  height_mm int CHECK (height_mm >= 0),
  -- What happens when stock runs out: deny further sales, or allow backorders.
  backorder_policy text NOT NULL DEFAULT 'deny' CHECK (backorder_policy IN ('deny', 'allow')),
  metadata jsonb NOT NULL DEFAULT '{}',
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (store_id, sku)
);
CREATE INDEX variants_product_idx ON variants (product_id, position);
SELECT carton_enable_tenant_rls('variants');

-- Nested categories: a tree by parent_id, with a materialized path of ids ("/a/b/c/") so a
-- subtree is one prefix match and cycles can be refused cheaply.
CREATE TABLE categories (
  id text PRIMARY KEY,
  store_id text NOT NULL REFERENCES stores(id),
  parent_id text REFERENCES categories(id),
  handle text NOT NULL,
  name text NOT NULL,
  description text NOT NULL DEFAULT '',
  path text NOT NULL,
  position int NOT NULL DEFAULT 0,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (store_id, handle)
);
CREATE INDEX categories_path_idx ON categories (store_id, path text_pattern_ops);
CREATE INDEX categories_parent_idx ON categories (store_id, parent_id, position);
SELECT carton_enable_tenant_rls('categories');

CREATE TABLE product_categories (
  store_id text NOT NULL REFERENCES stores(id),
  product_id text NOT NULL REFERENCES products(id) ON DELETE CASCADE,
  category_id text NOT NULL REFERENCES categories(id) ON DELETE CASCADE,
  PRIMARY KEY (product_id, category_id)
);
CREATE INDEX product_categories_category_idx ON product_categories (category_id, product_id);
SELECT carton_enable_tenant_rls('product_categories');

-- Manual collections: a curated, ordered list of products.
CREATE TABLE collections (
  id text PRIMARY KEY,
  store_id text NOT NULL REFERENCES stores(id),
  handle text NOT NULL,
  title text NOT NULL,
  description text NOT NULL DEFAULT '',
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (store_id, handle)
);
SELECT carton_enable_tenant_rls('collections');

CREATE TABLE collection_products (
  store_id text NOT NULL REFERENCES stores(id),
  collection_id text NOT NULL REFERENCES collections(id) ON DELETE CASCADE,
  product_id text NOT NULL REFERENCES products(id) ON DELETE CASCADE,
  position int NOT NULL DEFAULT 0,
  PRIMARY KEY (collection_id, product_id)
);
SELECT carton_enable_tenant_rls('collection_products');

-- Images live in file storage (local disk or S3-compatible); this row is the catalog's record of one.
CREATE TABLE product_images (
  id text PRIMARY KEY,
  store_id text NOT NULL REFERENCES stores(id),
  product_id text NOT NULL REFERENCES products(id) ON DELETE CASCADE,
  variant_id text REFERENCES variants(id) ON DELETE SET NULL,
  storage_key text NOT NULL,
  url text NOT NULL,
  alt text NOT NULL DEFAULT '',
  position int NOT NULL DEFAULT 0,
  is_primary boolean NOT NULL DEFAULT false,
  width int,
  height int,
  content_type text NOT NULL,
  byte_size int NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX product_images_product_idx ON product_images (product_id, position);
CREATE UNIQUE INDEX product_images_one_primary ON product_images (product_id) WHERE is_primary;
SELECT carton_enable_tenant_rls('product_images');

-- Per-locale overrides of a product's text; the product row holds the store's default locale.
CREATE TABLE product_translations (
  store_id text NOT NULL REFERENCES stores(id),
  product_id text NOT NULL REFERENCES products(id) ON DELETE CASCADE,
  locale text NOT NULL,
  title text,
  description text,
  seo_title text,
  seo_description text,
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (product_id, locale)
);
SELECT carton_enable_tenant_rls('product_translations');
