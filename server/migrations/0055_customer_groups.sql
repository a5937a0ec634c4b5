-- Customer groups: the merchant sorts shoppers into groups (wholesale, VIP, staff), and price lists
-- and rules limited to a group (`customer_group_ids`) price the carts of that group's members.
CREATE TABLE customer_groups (
  id text PRIMARY KEY,
  store_id text NOT NULL REFERENCES stores(id),
  name text NOT NULL,
  description text,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
-- One name per store, whatever its case: staff pick groups by name.
CREATE UNIQUE INDEX customer_groups_name_key ON customer_groups (store_id, lower(name));
SELECT carton_enable_tenant_rls('customer_groups');

CREATE TABLE customer_group_members (
  group_id text NOT NULL REFERENCES customer_groups(id) ON DELETE CASCADE,
  customer_id text NOT NULL REFERENCES customers(id),
  store_id text NOT NULL REFERENCES stores(id),
  added_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (group_id, customer_id)
);
-- A cart's pricing asks which groups its shopper is in.
CREATE INDEX customer_group_members_customer_idx ON customer_group_members (store_id, customer_id);
SELECT carton_enable_tenant_rls('customer_group_members');
