-- Disputes (chargebacks) of payments (payments/disputes.ts): the cardholder's bank takes the
-- money back and asks the merchant for evidence by a deadline. Reported by the provider (Stripe's
-- charge.dispute.* webhooks; the test processor's own), answered by staff with evidence, or
-- accepted. Carton keeps what staff need to act in time and what they answered.

CREATE TABLE payment_disputes (
  id text PRIMARY KEY,
  store_id text NOT NULL REFERENCES stores(id),
  intent_id text NOT NULL REFERENCES payment_intents(id),
  provider text NOT NULL,
  provider_reference text NOT NULL,
  amount bigint NOT NULL CHECK (amount > 0),
  currency text NOT NULL,
  reason text NOT NULL,
  status text NOT NULL CHECK (status IN ('warning_needs_response', 'warning_under_review', 'warning_closed',
                                         'needs_response', 'under_review', 'won', 'lost')),
  evidence_due_by timestamptz,
  -- What staff answered (the evidence fields, text only), and when it went to the provider.
  evidence jsonb,
  evidence_submitted_at timestamptz,
  accepted_at timestamptz,
  closed_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (store_id, provider, provider_reference)
);
CREATE INDEX payment_disputes_intent_idx ON payment_disputes (intent_id);
-- Open disputes, soonest deadline first (the admin's list).
CREATE INDEX payment_disputes_open_idx ON payment_disputes (store_id, evidence_due_by)
  WHERE status IN ('warning_needs_response', 'needs_response', 'warning_under_review', 'under_review');
SELECT carton_enable_tenant_rls('payment_disputes');
