-- Inventory: stock locations (warehouses), stock levels per variant per location, reservations
-- held by carts and checkouts, and the movement ledger. Every table is a tenant table under RLS.

CREATE TABLE stock_locations (
  id text PRIMARY KEY,
  store_id text NOT NULL REFERENCES stores(id),
  name text NOT NULL,
  code text NOT NULL,
  address jsonb NOT NULL DEFAULT '{}',
  active boolean NOT NULL DEFAULT true,
  -- Allocation order: reservations draw from the lowest priority number first.
  priority int NOT NULL DEFAULT 0,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (store_id, code)
);
SELECT carton_enable_tenant_rls('stock_locations');

-- How much of one variant one location holds. available = on_hand - reserved - damaged; it goes
-- negative only for variants whose backorder policy allows it (enforced by the service's
-- locked updates, since the policy lives with the variant).
CREATE TABLE inventory_levels (
  id text PRIMARY KEY,
  store_id text NOT NULL REFERENCES stores(id),
  -- No cascade: a variant that has stock records cannot be deleted (the catalog answers 409; archive it).
  variant_id text NOT NULL REFERENCES variants(id),
  location_id text NOT NULL REFERENCES stock_locations(id),
  -- Units physically held (negative only while backordered units owed to orders exceed it).
  on_hand int NOT NULL DEFAULT 0,
  reserved int NOT NULL DEFAULT 0 CHECK (reserved >= 0),
  damaged int NOT NULL DEFAULT 0 CHECK (damaged >= 0),
  available int GENERATED ALWAYS AS (on_hand - reserved - damaged) STORED,
  -- Emit inventory.low_stock when available drops below this; null: no reorder point.
  reorder_point int CHECK (reorder_point >= 0),
  -- Whether available is below the reorder point right now, so the event fires once per crossing.
  low_stock boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (variant_id, location_id)
);
CREATE INDEX inventory_levels_store_location_idx ON inventory_levels (store_id, location_id, variant_id);
SELECT carton_enable_tenant_rls('inventory_levels');

-- Stock held for a cart or checkout until it is committed (order placed), released, or expires.
CREATE TABLE inventory_reservations (
  id text PRIMARY KEY,
  store_id text NOT NULL REFERENCES stores(id),
  -- The caller's idempotency key: a retried checkout gets the same reservation back.
  key text NOT NULL,
  -- Who holds it: cart_…, chk_…
  owner_ref text NOT NULL,
  status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'released', 'committed', 'expired')),
  expires_at timestamptz NOT NULL,
  order_ref text,
  released_at timestamptz,
  committed_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (store_id, key)
);
CREATE INDEX inventory_reservations_expiry_idx ON inventory_reservations (expires_at) WHERE status = 'active';
CREATE INDEX inventory_reservations_owner_idx ON inventory_reservations (store_id, owner_ref, id);
CREATE INDEX inventory_reservations_store_idx ON inventory_reservations (store_id, id);
SELECT carton_enable_tenant_rls('inventory_reservations');

-- One allocation of a reservation: a quantity of one variant held at one location. A requested
-- line split across locations has one row per location.
CREATE TABLE inventory_reservation_lines (
  id text PRIMARY KEY,
  store_id text NOT NULL REFERENCES stores(id),
  reservation_id text NOT NULL REFERENCES inventory_reservations(id) ON DELETE CASCADE,
  level_id text NOT NULL REFERENCES inventory_levels(id) ON DELETE CASCADE,
  variant_id text NOT NULL,
  location_id text NOT NULL,
  quantity int NOT NULL CHECK (quantity > 0)
);
CREATE INDEX inventory_reservation_lines_reservation_idx ON inventory_reservation_lines (reservation_id);
SELECT carton_enable_tenant_rls('inventory_reservation_lines');

-- The ledger: every change of on-hand or damaged units, with why. Append-only.
CREATE TABLE inventory_movements (
  id text PRIMARY KEY,
  store_id text NOT NULL REFERENCES stores(id),
  variant_id text NOT NULL,
  location_id text NOT NULL REFERENCES stock_locations(id),
  -- adjustment (with a reason), transfer_out, transfer_in, committed (an order took the units).
  kind text NOT NULL CHECK (kind IN ('adjustment', 'transfer_out', 'transfer_in', 'committed')),
  reason text,
  on_hand_delta int NOT NULL DEFAULT 0,
  damaged_delta int NOT NULL DEFAULT 0,
  -- The transfer (trf_…) or reservation (res_…) the movement belongs to.
  reference text,
  note text,
  actor_type text,
  actor_id text,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX inventory_movements_store_idx ON inventory_movements (store_id, id);
CREATE INDEX inventory_movements_variant_idx ON inventory_movements (store_id, variant_id, id);
SELECT carton_enable_tenant_rls('inventory_movements');
