-- The store's owners hear of a dispute (chargeback) of an order's payment, with its deadline
-- (orders/subscribers.ts, kind `dispute`, ref '<dispute id>:<owner address>').
ALTER TABLE order_notifications DROP CONSTRAINT order_notifications_kind_check;
ALTER TABLE order_notifications
  ADD CONSTRAINT order_notifications_kind_check
  CHECK (kind IN ('confirmation', 'shipment', 'cancellation', 'return', 'payment_reminder', 'items_cancelled', 'refund', 'new_order', 'order_edited', 'dispute'));
