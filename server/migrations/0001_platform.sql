-- Platform kernel: the tenant-restricted role, the RLS helper, organizations and stores.

-- carton_app is the role tenant-scoped transactions switch to; row-level security applies to it.
DO $$
BEGIN
  CREATE ROLE carton_app NOLOGIN;
EXCEPTION WHEN duplicate_object THEN NULL;
END $$;
DO $$
BEGIN
  EXECUTE format('GRANT carton_app TO %I', current_user);
EXCEPTION WHEN others THEN NULL; -- already a member, or a superuser who needs no grant
END $$;

GRANT USAGE ON SCHEMA public TO carton_app;
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO carton_app;
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO carton_app;

-- Turn on row-level security for a tenant table: carton_app sees and writes only the rows of
-- the store named by the transaction-local setting app.store_id.
CREATE FUNCTION carton_enable_tenant_rls(tbl regclass) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  EXECUTE format('ALTER TABLE %s ENABLE ROW LEVEL SECURITY', tbl);
  EXECUTE format(
    'CREATE POLICY tenant_isolation ON %s USING (store_id = current_setting(''app.store_id'', true)) '
    'WITH CHECK (store_id = current_setting(''app.store_id'', true))', tbl);
END $$;

CREATE TABLE organizations (
  id text PRIMARY KEY,
  name text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE stores (
  id text PRIMARY KEY,
  organization_id text NOT NULL REFERENCES organizations(id),
  name text NOT NULL,
  handle text NOT NULL UNIQUE,
  currency char(3) NOT NULL,
  timezone text NOT NULL DEFAULT 'UTC',
  locale text NOT NULL DEFAULT 'en',
  settings jsonb NOT NULL DEFAULT '{}',
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX stores_organization_idx ON stores (organization_id);
-- A store's own row is visible to carton_app only inside that store's scope.
ALTER TABLE stores ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON stores USING (id = current_setting('app.store_id', true));
