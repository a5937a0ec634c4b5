-- Gift cards sold as products: each variant a value (its price is the card's value). A gift card
-- ships nothing, is not discounted by coupons, carries no tax (tax is due when it is spent) and
-- cannot be paid with another gift card. Once the order's payment is captured, each unit becomes
-- a card e-mailed to the buyer; `order_line_id` + `order_unit` make that happen once per unit.
ALTER TABLE products ADD COLUMN gift_card boolean NOT NULL DEFAULT false;
ALTER TABLE products ADD CONSTRAINT products_gift_card_ships_nothing CHECK (NOT gift_card OR NOT requires_shipping);
ALTER TABLE cart_lines ADD COLUMN gift_card boolean NOT NULL DEFAULT false;
ALTER TABLE order_lines ADD COLUMN gift_card boolean NOT NULL DEFAULT false;
ALTER TABLE gift_cards ADD COLUMN order_id text;
ALTER TABLE gift_cards ADD COLUMN order_line_id text;
ALTER TABLE gift_cards ADD COLUMN order_unit int;
CREATE UNIQUE INDEX gift_cards_purchase_idx ON gift_cards (store_id, order_line_id, order_unit)
  WHERE order_line_id IS NOT NULL;
CREATE INDEX gift_cards_order_idx ON gift_cards (store_id, order_id) WHERE order_id IS NOT NULL;
-- What the order's gift cards bought cost: its events say so, so that only such orders are looked
-- at for cards to issue.
ALTER TABLE orders ADD COLUMN gift_cards_bought bigint NOT NULL DEFAULT 0;
