-- Click and collect: a shipping method may be a pickup at one of the store's stock locations
-- (shipping/methods.ts). The checkout reserves the stock there, tax follows the location's address,
-- and the order is "ready for pickup" rather than shipped (docs/shipping.md).
ALTER TABLE shipping_methods
  ADD COLUMN pickup_location_id text REFERENCES stock_locations(id),
  ADD COLUMN pickup_instructions text CHECK (char_length(pickup_instructions) <= 1000);
