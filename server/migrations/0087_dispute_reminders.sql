-- A dispute still unanswered two days before its deadline reminds the store's owners once
-- (orders/dispute-reminders.ts, every 10 minutes): when they were reminded.
ALTER TABLE payment_disputes ADD COLUMN reminded_at timestamptz;
