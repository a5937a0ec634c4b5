-- Saved cards (payments/saved-cards.ts): a signed-in customer keeps a card with the store's card
-- provider and pays with it later without typing it again. Carton keeps only what the provider
-- gave back — its references, the brand, the last four digits, the expiry and a fingerprint —
-- never the card's number.

-- The customer as the provider knows them (Stripe's cus_…): one per customer and provider. Kept
-- after an erasure until the provider has been told to forget them (forget_requested_at; the
-- payments sweep asks and then deletes the row).
CREATE TABLE payment_customers (
  store_id text NOT NULL REFERENCES stores(id),
  customer_id text NOT NULL,
  provider text NOT NULL CHECK (provider IN ('test', 'stripe')),
  reference text NOT NULL,
  forget_requested_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (store_id, customer_id, provider)
);
CREATE INDEX payment_customers_forget_idx ON payment_customers (forget_requested_at)
  WHERE forget_requested_at IS NOT NULL;
SELECT carton_enable_tenant_rls('payment_customers');

CREATE TABLE saved_cards (
  id text PRIMARY KEY,
  store_id text NOT NULL REFERENCES stores(id),
  customer_id text NOT NULL,
  provider text NOT NULL CHECK (provider IN ('test', 'stripe')),
  -- The provider's payment method (pm_…), attached to the provider's customer.
  reference text NOT NULL,
  -- The provider's fingerprint of the card number: the same card saved twice is one saved card.
  fingerprint text NOT NULL,
  brand text NOT NULL,
  last4 text NOT NULL CHECK (last4 ~ '^[0-9]{4}$'),
  exp_month int NOT NULL CHECK (exp_month BETWEEN 1 AND 12),
  exp_year int NOT NULL CHECK (exp_year BETWEEN 2000 AND 2200),
  created_at timestamptz NOT NULL DEFAULT now(),
  last_used_at timestamptz,
  UNIQUE (store_id, customer_id, provider, fingerprint)
);
CREATE INDEX saved_cards_customer_idx ON saved_cards (store_id, customer_id);
SELECT carton_enable_tenant_rls('saved_cards');

-- The test processor's saved cards, standing in for a processor's vault: which test token each
-- stands for, whose it is, and whether it was detached.
CREATE TABLE test_processor_cards (
  id text PRIMARY KEY,
  store_id text NOT NULL REFERENCES stores(id),
  customer_reference text NOT NULL,
  token text NOT NULL,
  detached_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX test_processor_cards_customer_idx ON test_processor_cards (store_id, customer_reference);
SELECT carton_enable_tenant_rls('test_processor_cards');
