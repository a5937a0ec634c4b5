-- Search: a denormalized document per product, kept fresh from catalog, pricing and inventory
-- events, plus search analytics. Every table is a tenant table under row-level security.

CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE EXTENSION IF NOT EXISTS unaccent;
CREATE EXTENSION IF NOT EXISTS btree_gist;

-- unaccent() is STABLE (its dictionary could change), so it cannot appear in an index expression
-- or a generated column; this wrapper names the dictionary explicitly and is declared IMMUTABLE.
-- Vietnamese: "Áo sơ mi đỏ" -> "ao so mi do" (unaccent.rules maps đ/Đ to d/D).
CREATE OR REPLACE FUNCTION carton_unaccent(text) RETURNS text
  LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
  AS $$ SELECT public.unaccent('public.unaccent'::regdictionary, $1) $$;

-- Lowercased, unaccented, whitespace-collapsed: how queries and suggestion labels are compared.
CREATE OR REPLACE FUNCTION carton_search_normalize(text) RETURNS text
  LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
  AS $$ SELECT btrim(regexp_replace(lower(carton_unaccent($1)), '\s+', ' ', 'g')) $$;

-- One row per product (any status: the status column filters shoppers to active ones). Kept
-- narrow (the description lives only in the tsvector) so the working set stays in memory.
--
-- Reads: search and autocomplete query these tables WITHOUT the carton_app role, with an explicit
-- store filter in every clause (server/src/modules/search/search.ts). Under row-level security
-- PostgreSQL refuses to use an index for a non-LEAKPROOF operator (tsvector @@, pg_trgm %, <->),
-- so every search became a sequential scan (see docs/search.md for the measurements). Writes
-- (the indexer) stay under RLS.
CREATE TABLE search_documents (
  store_id text NOT NULL REFERENCES stores(id),
  product_id text NOT NULL,
  handle text NOT NULL,
  title text NOT NULL,
  title_norm text NOT NULL,
  brand text,
  vendor text,
  tags text[] NOT NULL DEFAULT '{}',
  -- Lowercased, for exact SKU matches.
  skus text[] NOT NULL DEFAULT '{}',
  -- The product's categories and all their ancestors, so a category filter covers descendants.
  category_ids text[] NOT NULL DEFAULT '{}',
  -- "option name\x1fvalue" pairs, as the variants carry them (name and value as written).
  option_values text[] NOT NULL DEFAULT '{}',
  -- Manual collections the product is in: collection id -> its position there.
  collections jsonb NOT NULL DEFAULT '{}',
  -- True until inventory says otherwise (a store without inventory tracking sells everything).
  in_stock boolean NOT NULL DEFAULT true,
  -- Price range over the variants per currency, in minor units: {"USD": [min, max], …}. On the
  -- row (not a side table) so a search reads one row per product.
  prices jsonb NOT NULL DEFAULT '{}',
  status text NOT NULL,
  popularity int NOT NULL DEFAULT 0,
  image_url text,
  product_created_at timestamptz NOT NULL,
  indexed_at timestamptz NOT NULL DEFAULT now(),
  search_vector tsvector NOT NULL,
  PRIMARY KEY (store_id, product_id)
);
CREATE INDEX search_documents_vector_idx ON search_documents USING gin (search_vector);
CREATE INDEX search_documents_skus_idx ON search_documents USING gin (skus);
CREATE INDEX search_documents_categories_idx ON search_documents USING gin (category_ids);
CREATE INDEX search_documents_collections_idx ON search_documents USING gin (collections);
CREATE INDEX search_documents_options_idx ON search_documents USING gin (option_values);
CREATE INDEX search_documents_title_trgm_idx ON search_documents USING gin (title_norm gin_trgm_ops);
CREATE INDEX search_documents_newest_idx ON search_documents (store_id, status, product_created_at DESC, product_id DESC);
CREATE INDEX search_documents_title_idx ON search_documents (store_id, status, title_norm, product_id);
SELECT carton_enable_tenant_rls('search_documents');


-- Autocomplete dictionary: the distinct words of product titles and category names, normalized.
-- Typo-tolerant matching runs over these few thousand words, not over every title; the
-- products are then found through the full-text index. Words are added as products are indexed
-- and pruned by a full reindex.
CREATE TABLE search_terms (
  store_id text NOT NULL REFERENCES stores(id),
  term text NOT NULL,
  PRIMARY KEY (store_id, term)
);
-- GiST: nearest terms by trigram distance (`<->`, typos) and LIKE prefixes, within one store.
CREATE INDEX search_terms_trgm_idx ON search_terms USING gist (store_id, term gist_trgm_ops);
SELECT carton_enable_tenant_rls('search_terms');

-- Categories for autocomplete.
CREATE TABLE search_categories (
  store_id text NOT NULL REFERENCES stores(id),
  category_id text NOT NULL,
  handle text NOT NULL,
  name text NOT NULL,
  name_norm text NOT NULL,
  PRIMARY KEY (store_id, category_id)
);
CREATE INDEX search_categories_name_trgm_idx ON search_categories USING gin (name_norm gin_trgm_ops);
SELECT carton_enable_tenant_rls('search_categories');

-- Analytics: one row per search (written in batches, off the request path) and per click.
CREATE TABLE search_queries (
  id text PRIMARY KEY,
  store_id text NOT NULL REFERENCES stores(id),
  query_norm text NOT NULL,
  result_count int NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX search_queries_store_time_idx ON search_queries (store_id, created_at);
SELECT carton_enable_tenant_rls('search_queries');

CREATE TABLE search_clicks (
  id text PRIMARY KEY,
  store_id text NOT NULL REFERENCES stores(id),
  -- The search the click came from (the response's search_id); no FK: searches are written in batches.
  search_id text NOT NULL,
  product_id text NOT NULL,
  position int,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX search_clicks_store_time_idx ON search_clicks (store_id, created_at);
CREATE INDEX search_clicks_search_idx ON search_clicks (search_id);
SELECT carton_enable_tenant_rls('search_clicks');
