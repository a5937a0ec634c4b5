-- Identity and access: staff users, memberships, sessions and refresh tokens, single-use tokens,
-- MFA recovery codes, API keys, shopper accounts.

-- Staff users, for the operator and for merchants. Global (a person may work for several stores).
CREATE TABLE users (
  id text PRIMARY KEY,
  email text NOT NULL,
  name text,
  -- argon2id PHC string; null until an invited user accepts.
  password_hash text,
  status text NOT NULL DEFAULT 'invited' CHECK (status IN ('invited', 'active', 'disabled')),
  operator_role text CHECK (operator_role IN ('admin', 'account_executive', 'implementation_consultant', 'support', 'read_only')),
  -- TOTP secret, AES-256-GCM under a key derived from CARTON_SECRET.
  mfa_secret text,
  mfa_enabled_at timestamptz,
  -- The last TOTP time step accepted, so a code is never accepted twice.
  mfa_last_step bigint,
  last_login_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX users_email_key ON users (lower(email));
CREATE INDEX users_operator_idx ON users (id) WHERE operator_role IS NOT NULL;

-- A staff user's role in one store.
CREATE TABLE memberships (
  id text PRIMARY KEY,
  store_id text NOT NULL REFERENCES stores(id),
  user_id text NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  role text NOT NULL CHECK (role IN ('owner', 'admin', 'staff', 'read_only')),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (store_id, user_id)
);
CREATE INDEX memberships_user_idx ON memberships (user_id, created_at);
SELECT carton_enable_tenant_rls('memberships');

CREATE TABLE mfa_recovery_codes (
  id text PRIMARY KEY,
  user_id text NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  code_hash text NOT NULL,
  used_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX mfa_recovery_codes_user_idx ON mfa_recovery_codes (user_id);

-- Shopper accounts, one set per store. Guest shoppers (no password yet) may exist too.
CREATE TABLE customers (
  id text PRIMARY KEY,
  store_id text NOT NULL REFERENCES stores(id),
  email text NOT NULL,
  password_hash text,
  first_name text,
  last_name text,
  status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'disabled')),
  last_login_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX customers_store_email_key ON customers (store_id, lower(email));
SELECT carton_enable_tenant_rls('customers');

-- A sign-in session: one refresh-token family. Staff sessions belong to no store (store_id null,
-- invisible under row-level security); active_store_id is the store the staff member acts in.
-- Customer sessions belong to the customer's store.
CREATE TABLE auth_sessions (
  id text PRIMARY KEY,
  subject_kind text NOT NULL CHECK (subject_kind IN ('staff', 'customer')),
  user_id text REFERENCES users(id) ON DELETE CASCADE,
  customer_id text REFERENCES customers(id) ON DELETE CASCADE,
  store_id text REFERENCES stores(id),
  active_store_id text REFERENCES stores(id),
  mfa_verified boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now(),
  refreshed_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  revoked_at timestamptz,
  revoked_reason text,
  CHECK (
    (subject_kind = 'staff' AND user_id IS NOT NULL AND customer_id IS NULL AND store_id IS NULL)
    OR (subject_kind = 'customer' AND customer_id IS NOT NULL AND user_id IS NULL AND store_id IS NOT NULL)
  )
);
CREATE INDEX auth_sessions_user_idx ON auth_sessions (user_id) WHERE user_id IS NOT NULL;
CREATE INDEX auth_sessions_customer_idx ON auth_sessions (customer_id) WHERE customer_id IS NOT NULL;
SELECT carton_enable_tenant_rls('auth_sessions');

-- Every refresh token ever issued in a family, hashed; a used one presented again means theft.
CREATE TABLE auth_refresh_tokens (
  token_hash text PRIMARY KEY,
  session_id text NOT NULL REFERENCES auth_sessions(id) ON DELETE CASCADE,
  store_id text REFERENCES stores(id),
  created_at timestamptz NOT NULL DEFAULT now(),
  used_at timestamptz
);
CREATE INDEX auth_refresh_tokens_session_idx ON auth_refresh_tokens (session_id);
SELECT carton_enable_tenant_rls('auth_refresh_tokens');

-- Single-use, expiring tokens sent by e-mail: invitations and password resets.
CREATE TABLE auth_tokens (
  token_hash text PRIMARY KEY,
  purpose text NOT NULL CHECK (purpose IN ('invite', 'password_reset')),
  user_id text REFERENCES users(id) ON DELETE CASCADE,
  customer_id text REFERENCES customers(id) ON DELETE CASCADE,
  store_id text REFERENCES stores(id),
  expires_at timestamptz NOT NULL,
  used_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  CHECK ((user_id IS NOT NULL) <> (customer_id IS NOT NULL))
);
CREATE INDEX auth_tokens_user_idx ON auth_tokens (user_id) WHERE user_id IS NOT NULL;
CREATE INDEX auth_tokens_customer_idx ON auth_tokens (customer_id) WHERE customer_id IS NOT NULL;
SELECT carton_enable_tenant_rls('auth_tokens');

-- Store API keys: publishable (pk_, storefront) and secret (sk_, server to server).
CREATE TABLE api_keys (
  id text PRIMARY KEY,
  store_id text NOT NULL REFERENCES stores(id),
  kind text NOT NULL CHECK (kind IN ('publishable', 'secret')),
  name text NOT NULL,
  -- The first characters of the key, shown in lists so people can tell keys apart.
  prefix text NOT NULL,
  token_hash text NOT NULL UNIQUE,
  -- The store role a secret key acts with; null for publishable keys.
  role text CHECK (role IN ('admin', 'staff', 'read_only')),
  created_by text,
  created_at timestamptz NOT NULL DEFAULT now(),
  last_used_at timestamptz,
  revoked_at timestamptz,
  CHECK ((kind = 'secret') = (role IS NOT NULL))
);
CREATE INDEX api_keys_store_idx ON api_keys (store_id, id);
SELECT carton_enable_tenant_rls('api_keys');
