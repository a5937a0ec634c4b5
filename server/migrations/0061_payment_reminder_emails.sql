-- A bank transfer not yet paid gets one reminder e-mail halfway through its store's window
-- (orders/unpaid.ts), before the order is cancelled.
ALTER TABLE order_notifications DROP CONSTRAINT order_notifications_kind_check;
ALTER TABLE order_notifications
  ADD CONSTRAINT order_notifications_kind_check
  CHECK (kind IN ('confirmation', 'shipment', 'cancellation', 'return', 'payment_reminder'));
