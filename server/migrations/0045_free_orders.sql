-- Orders with nothing to pay (a 100 % coupon and free shipping): the checkout records a payment
-- of 0 with provider 'none', captured at once — no provider is asked, and the order keeps a
-- payment like every other order. Only such a payment may be of 0.
ALTER TABLE payment_intents DROP CONSTRAINT payment_intents_provider_check;
ALTER TABLE payment_intents ADD CONSTRAINT payment_intents_provider_check
  CHECK (provider IN ('test', 'stripe', 'none'));
ALTER TABLE payment_intents DROP CONSTRAINT payment_intents_amount_check;
ALTER TABLE payment_intents ADD CONSTRAINT payment_intents_amount_check
  CHECK (amount > 0 OR (amount = 0 AND provider = 'none'));

-- A checkout of nothing to pay carries no payment method.
ALTER TABLE checkouts ALTER COLUMN payment_method DROP NOT NULL;
