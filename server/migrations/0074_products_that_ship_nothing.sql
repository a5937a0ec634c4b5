-- Products that ship nothing: digital goods, services, licences, bookings. A cart holding only such
-- products needs no shipping address or method (its tax follows the billing address), and the
-- order it becomes has no shipping address. Lines keep the flag as it was when the shopper added
-- them, as they keep the title and the weight.
ALTER TABLE products ADD COLUMN requires_shipping boolean NOT NULL DEFAULT true;
ALTER TABLE cart_lines ADD COLUMN requires_shipping boolean NOT NULL DEFAULT true;
ALTER TABLE order_lines ADD COLUMN requires_shipping boolean NOT NULL DEFAULT true;
ALTER TABLE orders ALTER COLUMN shipping_address DROP NOT NULL;
