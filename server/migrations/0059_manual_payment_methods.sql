-- Manual payment methods: cash on delivery and bank transfer. The shopper places the order
-- without paying online; staff mark it paid when the money arrives. A store turns each on in its
-- payment settings, with the instructions the shopper reads (the bank account, the reference).
ALTER TABLE payment_settings
  ADD COLUMN manual_methods jsonb NOT NULL DEFAULT '{}'::jsonb;

-- Such a payment is an intent of provider 'manual': accepted ("authorized") at placement and
-- captured only by staff ("mark as paid"), never by the store's automatic capture.
ALTER TABLE payment_intents DROP CONSTRAINT payment_intents_provider_check;
ALTER TABLE payment_intents ADD CONSTRAINT payment_intents_provider_check
  CHECK (provider IN ('test', 'stripe', 'none', 'manual'));
ALTER TABLE payment_intents DROP CONSTRAINT payment_intents_capture_mode_check;
ALTER TABLE payment_intents ADD CONSTRAINT payment_intents_capture_mode_check
  CHECK (capture_mode IN ('on_placement', 'on_fulfilment', 'manual'));
