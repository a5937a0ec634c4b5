-- The card a payment was made with, as its provider described it (brand and last four digits):
-- what staff and the customer read ("Visa •••• 4242") instead of a token or a saved card's id.
-- Four digits at most: the truncated number PCI DSS lets a merchant show, never more.
ALTER TABLE payment_intents
  ADD COLUMN card_brand text,
  ADD COLUMN card_last4 text CHECK (card_last4 ~ '^[0-9]{4}$');
