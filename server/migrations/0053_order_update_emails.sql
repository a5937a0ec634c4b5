-- The shopper also hears when their order is cancelled and when a return is approved, declined or
-- refunded: two more kinds of order e-mail. A return's notices are one per return and status
-- (`ref` = '<return id>:<status>'), claimed once like the others.
ALTER TABLE order_notifications DROP CONSTRAINT order_notifications_kind_check;
ALTER TABLE order_notifications
  ADD CONSTRAINT order_notifications_kind_check CHECK (kind IN ('confirmation', 'shipment', 'cancellation', 'return'));
