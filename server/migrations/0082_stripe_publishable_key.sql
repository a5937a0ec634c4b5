-- The store's Stripe publishable key (pk_…): public by design — the storefront gives it to
-- Stripe.js, which collects the card in the shopper's browser so its number never reaches Carton.
ALTER TABLE payment_settings ADD COLUMN stripe_publishable_key text;
