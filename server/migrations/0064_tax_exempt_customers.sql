-- Tax-exempt customers (resale certificates, non-profits, government buyers): their carts and
-- orders carry no tax. In a store whose prices include tax, the tax inside the prices is taken off
-- (`tax_exemption`), so the exempt buyer pays the price without it.
ALTER TABLE customer_profiles
  ADD COLUMN tax_exempt boolean NOT NULL DEFAULT false,
  -- What the exemption rests on, for the merchant's records (a certificate number).
  ADD COLUMN tax_exemption_reference text,
  ADD COLUMN tax_exemption_updated_at timestamptz;

-- A draft order's exemption, chosen by staff (it starts as its customer's). A shopper's own cart
-- follows their account's exemption at every change instead.
ALTER TABLE carts ADD COLUMN tax_exempt boolean NOT NULL DEFAULT false;

ALTER TABLE orders
  ADD COLUMN tax_exempt boolean NOT NULL DEFAULT false,
  ADD COLUMN tax_exemption bigint NOT NULL DEFAULT 0 CHECK (tax_exemption >= 0);
