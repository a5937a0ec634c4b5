-- The shopper's note for the shop (delivery instructions, a gift message), written on the cart at
-- checkout and kept on the order for the staff who prepare it. Personal data: erased with the
-- shopper's other details.
ALTER TABLE carts ADD COLUMN note text;
ALTER TABLE orders ADD COLUMN customer_note text;
