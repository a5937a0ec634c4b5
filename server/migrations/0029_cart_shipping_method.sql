-- The shipping method the shopper chose for a cart, and the shipping and tax quoted for the cart
-- at its last change (re-quoted by every change: lines, address, coupons), so the cart shows the
-- final total before payment. Written only by the cart module.
ALTER TABLE carts
  ADD COLUMN shipping_method_id text,
  -- {method_id, name, amount, provider, free_shipping_applied, estimate} as last quoted.
  ADD COLUMN shipping jsonb,
  -- {inclusive, lines: [{id, tax, rate}], shipping_tax, total} as last calculated.
  ADD COLUMN tax jsonb;
