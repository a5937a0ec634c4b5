-- Confirmed orders still awaiting payment: only those paid by a manual method (a card is
-- authorized when the order is placed). The worker looks for bank transfers never paid within
-- their store's window (orders/unpaid.ts) every 10 minutes; this keeps that look small.
CREATE INDEX orders_unpaid_idx ON orders (created_at) WHERE status = 'confirmed' AND payment_status = 'pending';
