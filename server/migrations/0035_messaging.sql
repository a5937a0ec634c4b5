-- Messaging: templates, per-store channel settings (credentials encrypted), messages with their
-- delivery events, consent per channel and address with its append-only history, and the
-- frequency-cap ledger. Every table is a tenant table under row-level security.
--
-- A contact is known per channel by an address key: a lower-case e-mail address, an E.164 phone
-- number, or `push:<sha256 of the subscription endpoint>` (the subscription itself is kept
-- encrypted on the message).

-- Per-store settings: frequency caps (seconds per channel) and whether the default templates
-- were created (once: a merchant who deletes one does not get it back).
CREATE TABLE messaging_settings (
  store_id text PRIMARY KEY REFERENCES stores(id),
  email_cap_seconds integer NOT NULL DEFAULT 57600 CHECK (email_cap_seconds >= 0),
  sms_cap_seconds integer NOT NULL DEFAULT 86400 CHECK (sms_cap_seconds >= 0),
  push_cap_seconds integer NOT NULL DEFAULT 86400 CHECK (push_cap_seconds >= 0),
  defaults_created_at timestamptz,
  updated_at timestamptz NOT NULL DEFAULT now()
);
SELECT carton_enable_tenant_rls('messaging_settings');

-- Templates: Liquid in every part; an e-mail body is MJML. (handle, locale) names a template
-- per channel, so a campaign can ask for "recovery-reminder" in the shopper's language.
CREATE TABLE messaging_templates (
  id text PRIMARY KEY,
  store_id text NOT NULL REFERENCES stores(id),
  channel text NOT NULL CHECK (channel IN ('email', 'sms', 'push')),
  purpose text NOT NULL CHECK (purpose IN ('recovery', 'transactional')),
  handle text NOT NULL CHECK (handle ~ '^[a-z0-9][a-z0-9-]{0,63}$'),
  locale text NOT NULL,
  name text NOT NULL,
  -- E-mail subject, or push title.
  subject text,
  -- E-mail: MJML; SMS: the text; push: the notification body.
  body text NOT NULL,
  -- E-mail plain-text part (generated from the HTML when null).
  text_body text,
  -- Push: where a click on the notification leads.
  url text,
  version integer NOT NULL DEFAULT 1,
  is_default boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT messaging_templates_handle_key UNIQUE (store_id, channel, handle, locale)
);
SELECT carton_enable_tenant_rls('messaging_templates');

-- Which provider sends each channel for a store, its settings, and its secrets (AES-256-GCM,
-- bound to store and channel; never returned by the API, only a hint).
CREATE TABLE messaging_channel_settings (
  store_id text NOT NULL REFERENCES stores(id),
  channel text NOT NULL CHECK (channel IN ('email', 'sms', 'push')),
  provider text NOT NULL CHECK (provider IN ('log', 'smtp', 'sendgrid', 'twilio', 'webpush')),
  config jsonb NOT NULL DEFAULT '{}',
  credentials_ciphertext text,
  credential_hints jsonb NOT NULL DEFAULT '{}',
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (store_id, channel)
);
SELECT carton_enable_tenant_rls('messaging_channel_settings');

CREATE TABLE messaging_messages (
  id text PRIMARY KEY,
  store_id text NOT NULL REFERENCES stores(id),
  channel text NOT NULL CHECK (channel IN ('email', 'sms', 'push')),
  purpose text NOT NULL CHECK (purpose IN ('recovery', 'transactional')),
  -- The caller's key: one message per key, however often it is asked for.
  idempotency_key text NOT NULL,
  -- SHA-256 of the request, so a key reused for a different message is refused.
  request_hash text NOT NULL,
  status text NOT NULL CHECK (status IN (
    'queued', 'sending', 'deferred', 'sent', 'delivered', 'bounced', 'failed', 'opened', 'clicked',
    'suppressed', 'cancelled')),
  suppressed_reason text,
  address_key text NOT NULL,
  -- Push only: the subscription (endpoint and keys), encrypted.
  push_subscription_ciphertext text,
  customer_id text,
  campaign_ref text,
  template_id text,
  locale text,
  time_zone text,
  provider text,
  provider_message_id text,
  -- What was (or will be) sent: { subject?, text, html?, url? }.
  content jsonb,
  -- The rendering input, kept until the message leaves (deferred and retried messages need it).
  data jsonb,
  attempts integer NOT NULL DEFAULT 0,
  -- deferred: not before; queued: the next attempt; sending: the lease of whoever sends it.
  due_at timestamptz,
  last_error text,
  open_count integer NOT NULL DEFAULT 0,
  click_count integer NOT NULL DEFAULT 0,
  created_at timestamptz NOT NULL DEFAULT now(),
  sent_at timestamptz,
  delivered_at timestamptz,
  opened_at timestamptz,
  clicked_at timestamptz,
  bounced_at timestamptz,
  failed_at timestamptz,
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT messaging_messages_idempotency_key UNIQUE (store_id, idempotency_key)
);
CREATE INDEX messaging_messages_list_idx ON messaging_messages (store_id, id DESC);
CREATE INDEX messaging_messages_address_idx ON messaging_messages (store_id, address_key);
CREATE INDEX messaging_messages_campaign_idx ON messaging_messages (store_id, campaign_ref)
  WHERE campaign_ref IS NOT NULL;
CREATE INDEX messaging_messages_provider_idx ON messaging_messages (store_id, provider_message_id)
  WHERE provider_message_id IS NOT NULL;
-- What the worker's sweep picks up: deferred messages come due, retries, lost leases.
CREATE INDEX messaging_messages_due_idx ON messaging_messages (due_at)
  WHERE status IN ('queued', 'sending', 'deferred');
SELECT carton_enable_tenant_rls('messaging_messages');

-- Everything that happened to a message (provider webhooks, opens, clicks). `dedupe_key` makes a
-- redelivered webhook (or a repeated open of the same second) a no-op.
CREATE TABLE messaging_message_events (
  id text PRIMARY KEY,
  store_id text NOT NULL REFERENCES stores(id),
  message_id text NOT NULL REFERENCES messaging_messages(id) ON DELETE CASCADE,
  type text NOT NULL,
  source text NOT NULL CHECK (source IN ('provider', 'tracking', 'system')),
  dedupe_key text NOT NULL,
  detail jsonb NOT NULL DEFAULT '{}',
  occurred_at timestamptz NOT NULL,
  recorded_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT messaging_message_events_dedupe_key UNIQUE (store_id, dedupe_key)
);
CREATE INDEX messaging_message_events_message_idx ON messaging_message_events (store_id, message_id, id);
SELECT carton_enable_tenant_rls('messaging_message_events');

-- Consent as it stands, per channel, address and category (marketing or transactional).
CREATE TABLE messaging_consents (
  id text PRIMARY KEY,
  store_id text NOT NULL REFERENCES stores(id),
  channel text NOT NULL CHECK (channel IN ('email', 'sms', 'push')),
  address_key text NOT NULL,
  category text NOT NULL CHECK (category IN ('marketing', 'transactional')),
  status text NOT NULL CHECK (status IN ('granted', 'withdrawn')),
  source text NOT NULL,
  changed_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT messaging_consents_key UNIQUE (store_id, channel, address_key, category)
);
SELECT carton_enable_tenant_rls('messaging_consents');

-- Every statement of consent: the evidence. Append-only except that erasure removes the address.
CREATE TABLE messaging_consent_history (
  id text PRIMARY KEY,
  store_id text NOT NULL REFERENCES stores(id),
  channel text NOT NULL,
  address_key text,
  category text NOT NULL,
  status text NOT NULL,
  source text NOT NULL,
  message_id text,
  occurred_at timestamptz NOT NULL,
  recorded_at timestamptz NOT NULL DEFAULT now(),
  actor_type text,
  actor_id text
);
CREATE INDEX messaging_consent_history_address_idx ON messaging_consent_history (store_id, address_key, id)
  WHERE address_key IS NOT NULL;
SELECT carton_enable_tenant_rls('messaging_consent_history');

CREATE FUNCTION carton_messaging_consent_history_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    RAISE EXCEPTION 'messaging_consent_history is append-only' USING ERRCODE = 'restrict_violation';
  END IF;
  IF NEW.id <> OLD.id OR NEW.store_id <> OLD.store_id OR NEW.channel <> OLD.channel
     OR NEW.category <> OLD.category OR NEW.status <> OLD.status OR NEW.source <> OLD.source
     OR NEW.occurred_at <> OLD.occurred_at OR NEW.recorded_at <> OLD.recorded_at
     OR NEW.message_id IS DISTINCT FROM OLD.message_id
     OR NEW.actor_type IS DISTINCT FROM OLD.actor_type OR NEW.actor_id IS DISTINCT FROM OLD.actor_id
     -- Only erasure may change a row: it removes the address.
     OR (NEW.address_key IS NOT NULL AND NEW.address_key IS DISTINCT FROM OLD.address_key) THEN
    RAISE EXCEPTION 'messaging_consent_history is append-only' USING ERRCODE = 'restrict_violation';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER messaging_consent_history_append_only
  BEFORE UPDATE OR DELETE ON messaging_consent_history
  FOR EACH ROW EXECUTE FUNCTION carton_messaging_consent_history_append_only();

-- The frequency-cap ledger: when a contact last got a marketing message on a channel. A send
-- claims the slot with one conditional upsert (only if the last one is older than the cap), so of
-- two sends racing for one contact exactly one wins; a send that fails gives the slot back.
CREATE TABLE messaging_contact_sends (
  store_id text NOT NULL REFERENCES stores(id),
  channel text NOT NULL,
  address_key text NOT NULL,
  last_sent_at timestamptz NOT NULL,
  last_message_id text NOT NULL,
  previous_sent_at timestamptz,
  previous_message_id text,
  PRIMARY KEY (store_id, channel, address_key)
);
SELECT carton_enable_tenant_rls('messaging_contact_sends');
