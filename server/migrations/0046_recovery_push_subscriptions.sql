-- Web push for abandoned carts: a shopper's push subscription, tied to the tracker's visitor
-- and/or a Carton cart, so a campaign's push step has somewhere to go. The subscription (endpoint
-- and keys: credentials to the shopper's browser) is kept encrypted (AES-256-GCM, bound to the
-- store and the address key); it is found by messaging's address key, `push:<sha256 of the
-- endpoint>`, the same key its consent is kept under.
CREATE TABLE recovery_push_subscriptions (
  id text PRIMARY KEY,
  store_id text NOT NULL REFERENCES stores(id),
  address_key text NOT NULL,
  -- Who it reaches: the snippet's visitor, a Carton cart, and the contact either led to.
  anonymous_id text,
  cart_id text,
  contact_id text REFERENCES recovery_contacts(id),
  subscription_encrypted text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK (anonymous_id IS NOT NULL OR cart_id IS NOT NULL)
);
CREATE UNIQUE INDEX recovery_push_subscriptions_address_key ON recovery_push_subscriptions (store_id, address_key);
CREATE INDEX recovery_push_subscriptions_visitor_idx ON recovery_push_subscriptions (store_id, anonymous_id)
  WHERE anonymous_id IS NOT NULL;
CREATE INDEX recovery_push_subscriptions_cart_idx ON recovery_push_subscriptions (store_id, cart_id)
  WHERE cart_id IS NOT NULL;
CREATE INDEX recovery_push_subscriptions_contact_idx ON recovery_push_subscriptions (store_id, contact_id)
  WHERE contact_id IS NOT NULL;
SELECT carton_enable_tenant_rls('recovery_push_subscriptions');

-- The subscription a push step chose, so a retried step sends to the same one.
ALTER TABLE recovery_campaign_run_steps ADD COLUMN push_subscription_id text;

GRANT SELECT, INSERT, UPDATE, DELETE ON recovery_push_subscriptions TO carton_app;
