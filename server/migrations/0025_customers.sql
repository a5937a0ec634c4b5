-- Customers: what a store keeps about its shoppers beyond the login record (identity's `customers`
-- table): profile details, the address book, the wish list, and marketing consent with its
-- append-only history. Every table is a tenant table under row-level security.

-- One row per shopper account that has anything here. Also the lock every change to a shopper's
-- address book, wish list and erasure takes first (SELECT … FOR UPDATE), so concurrent changes
-- of one shopper run one after another and defaults and limits hold.
CREATE TABLE customer_profiles (
  customer_id text PRIMARY KEY REFERENCES customers(id),
  store_id text NOT NULL REFERENCES stores(id),
  phone text,
  locale text,
  -- When the shopper created a password (customer.registered), and whether they had checked out
  -- as a guest before: previous guest orders with their e-mail become theirs.
  registered_at timestamptz,
  was_guest boolean NOT NULL DEFAULT false,
  -- GDPR erasure: when and by whom. The row stays, anonymised, as the record that it happened.
  erased_at timestamptz,
  erased_by_type text,
  erased_by_id text,
  -- The modules whose personal data the erasure covered (personal-data handlers, by name).
  erased_modules text[] NOT NULL DEFAULT '{}',
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX customer_profiles_store_idx ON customer_profiles (store_id, customer_id);
SELECT carton_enable_tenant_rls('customer_profiles');

-- The address book. The address itself is the shared postal address shape (platform/address.ts).
CREATE TABLE customer_addresses (
  id text PRIMARY KEY,
  store_id text NOT NULL REFERENCES stores(id),
  customer_id text NOT NULL REFERENCES customers(id),
  label text,
  address jsonb NOT NULL,
  is_default_shipping boolean NOT NULL DEFAULT false,
  is_default_billing boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX customer_addresses_customer_idx ON customer_addresses (store_id, customer_id, id);
-- At most one default of each kind per shopper, whatever races (the service keeps it exactly one).
CREATE UNIQUE INDEX customer_addresses_default_shipping_key ON customer_addresses (customer_id)
  WHERE is_default_shipping;
CREATE UNIQUE INDEX customer_addresses_default_billing_key ON customer_addresses (customer_id)
  WHERE is_default_billing;
SELECT carton_enable_tenant_rls('customer_addresses');

-- The wish list: a product, or one variant of it. No foreign key to the catalog: deleting a product
-- must not depend on wish lists; an item whose product is gone shows as unavailable.
CREATE TABLE customer_wishlist_items (
  id text PRIMARY KEY,
  store_id text NOT NULL REFERENCES stores(id),
  customer_id text NOT NULL REFERENCES customers(id),
  product_id text NOT NULL,
  variant_id text,
  created_at timestamptz NOT NULL DEFAULT now(),
  -- Adding the same thing twice is one item (NULLS NOT DISTINCT: a product-only item too).
  CONSTRAINT customer_wishlist_items_item_key UNIQUE NULLS NOT DISTINCT (customer_id, product_id, variant_id)
);
CREATE INDEX customer_wishlist_items_customer_idx ON customer_wishlist_items (store_id, customer_id, id);
SELECT carton_enable_tenant_rls('customer_wishlist_items');

-- Marketing consent as it stands: one row per subject and channel. The subject is a shopper
-- account (customer_id) or, for a guest without one, an e-mail address (lowercase); when that
-- guest registers, their rows move to the account.
CREATE TABLE marketing_consents (
  id text PRIMARY KEY,
  store_id text NOT NULL REFERENCES stores(id),
  customer_id text REFERENCES customers(id),
  email text CHECK (email = lower(email)),
  channel text NOT NULL CHECK (channel IN ('email', 'sms', 'push')),
  status text NOT NULL CHECK (status IN ('granted', 'withdrawn')),
  source text NOT NULL CHECK (source IN ('checkout', 'account', 'import', 'admin', 'recovery')),
  -- When the shopper gave or withdrew it (an import may bring older statements): the latest wins.
  changed_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK ((customer_id IS NULL) <> (email IS NULL))
);
CREATE UNIQUE INDEX marketing_consents_customer_key ON marketing_consents (store_id, customer_id, channel)
  WHERE customer_id IS NOT NULL;
CREATE UNIQUE INDEX marketing_consents_email_key ON marketing_consents (store_id, email, channel)
  WHERE customer_id IS NULL;
SELECT carton_enable_tenant_rls('marketing_consents');

-- Every statement of consent, in the order recorded: the evidence of who agreed to what, when,
-- and where. Append-only (the trigger below), with two exceptions: a guest's rows are linked to
-- the account they register (customer_id set once), and erasure removes the e-mail address.
CREATE TABLE marketing_consent_history (
  id text PRIMARY KEY,
  store_id text NOT NULL REFERENCES stores(id),
  customer_id text REFERENCES customers(id),
  email text,
  channel text NOT NULL CHECK (channel IN ('email', 'sms', 'push')),
  status text NOT NULL CHECK (status IN ('granted', 'withdrawn')),
  source text NOT NULL CHECK (source IN ('checkout', 'account', 'import', 'admin', 'recovery')),
  occurred_at timestamptz NOT NULL,
  recorded_at timestamptz NOT NULL DEFAULT now(),
  actor_type text,
  actor_id text
);
CREATE INDEX marketing_consent_history_customer_idx ON marketing_consent_history (store_id, customer_id, id)
  WHERE customer_id IS NOT NULL;
CREATE INDEX marketing_consent_history_email_idx ON marketing_consent_history (store_id, email, id)
  WHERE email IS NOT NULL;
SELECT carton_enable_tenant_rls('marketing_consent_history');

CREATE FUNCTION carton_consent_history_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    RAISE EXCEPTION 'marketing_consent_history is append-only' USING ERRCODE = 'restrict_violation';
  END IF;
  IF NEW.id <> OLD.id OR NEW.store_id <> OLD.store_id OR NEW.channel <> OLD.channel
     OR NEW.status <> OLD.status OR NEW.source <> OLD.source OR NEW.occurred_at <> OLD.occurred_at
     OR NEW.recorded_at <> OLD.recorded_at
     OR NEW.actor_type IS DISTINCT FROM OLD.actor_type OR NEW.actor_id IS DISTINCT FROM OLD.actor_id
     -- customer_id may only be set where it was empty (a guest registered)…
     OR (OLD.customer_id IS NOT NULL AND NEW.customer_id IS DISTINCT FROM OLD.customer_id)
     -- …and the e-mail may only be removed (erasure).
     OR (NEW.email IS NOT NULL AND NEW.email IS DISTINCT FROM OLD.email) THEN
    RAISE EXCEPTION 'marketing_consent_history is append-only' USING ERRCODE = 'restrict_violation';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER marketing_consent_history_append_only
  BEFORE UPDATE OR DELETE ON marketing_consent_history
  FOR EACH ROW EXECUTE FUNCTION carton_consent_history_append_only();
