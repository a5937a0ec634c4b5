-- Staff told by e-mail of every new order (settings.orders.new_order_emails): one notice per
-- order and address, sent by the orders mail sender once the shopper's confirmation went out.
ALTER TABLE order_notifications DROP CONSTRAINT order_notifications_kind_check;
ALTER TABLE order_notifications
  ADD CONSTRAINT order_notifications_kind_check
  CHECK (kind IN ('confirmation', 'shipment', 'cancellation', 'return', 'payment_reminder', 'items_cancelled', 'refund', 'new_order'));
