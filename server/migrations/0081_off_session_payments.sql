-- A payment staff take from a customer's saved card (a draft order charged for them): the customer
-- is not there to answer a 3-D Secure challenge, so the provider is told it is off-session (Stripe's
-- off_session=true) and a card that needs one fails with authentication_required.
ALTER TABLE payment_intents ADD COLUMN off_session boolean NOT NULL DEFAULT false;
