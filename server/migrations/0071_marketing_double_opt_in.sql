-- Marketing consent, end to end: the checkout's "e-mail me news and offers" box is kept on the cart;
-- a store may ask for double opt-in, where a shopper's e-mail consent counts only once they follow
-- the link e-mailed to that address (the request and its confirmation are the evidence); and a
-- withdrawal made in messaging (an unsubscribe link, a spam report) is the customers module's too.
ALTER TABLE carts ADD COLUMN marketing_opt_in boolean NOT NULL DEFAULT false;
-- What the box's tick recorded (the consent statement, or the confirmation request): unticking
-- undoes only that, never consent the address's owner gave elsewhere.
ALTER TABLE carts ADD COLUMN marketing_consent_ref text;

ALTER TABLE marketing_consents DROP CONSTRAINT marketing_consents_source_check;
ALTER TABLE marketing_consents ADD CONSTRAINT marketing_consents_source_check
  CHECK (source IN ('checkout', 'account', 'import', 'admin', 'recovery', 'messaging'));
ALTER TABLE marketing_consent_history DROP CONSTRAINT marketing_consent_history_source_check;
ALTER TABLE marketing_consent_history ADD CONSTRAINT marketing_consent_history_source_check
  CHECK (source IN ('checkout', 'account', 'import', 'admin', 'recovery', 'messaging'));

-- A shopper's e-mail consent waiting for its confirmation (double opt-in). The link's token is an
-- HMAC of the id (nothing secret is stored); confirming records the consent, with the request's id
-- in the history as the evidence that the address's owner agreed.
CREATE TABLE marketing_consent_requests (
  id text PRIMARY KEY,
  store_id text NOT NULL REFERENCES stores(id),
  customer_id text REFERENCES customers(id),
  email text NOT NULL CHECK (email = lower(email)),
  channel text NOT NULL CHECK (channel = 'email'),
  source text NOT NULL CHECK (source IN ('checkout', 'account')),
  locale text,
  requested_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  confirmed_at timestamptz,
  cancelled_at timestamptz
);
-- At most one open request per address and channel: asking again while one is open re-sends it.
CREATE UNIQUE INDEX marketing_consent_requests_open_key ON marketing_consent_requests (store_id, email, channel)
  WHERE confirmed_at IS NULL AND cancelled_at IS NULL;
CREATE INDEX marketing_consent_requests_customer_idx ON marketing_consent_requests (store_id, customer_id)
  WHERE customer_id IS NOT NULL;
SELECT carton_enable_tenant_rls('marketing_consent_requests');

ALTER TABLE marketing_consent_history ADD COLUMN confirmation_id text;
