-- Order e-mails leave the event dispatcher's transaction: the subscriber records the notification
-- as pending (claimed once per order, kind and fulfilment, as before), and the orders worker's
-- mail sender sends it and marks it sent. An SMTP conversation (tens of milliseconds, hundreds on
-- a busy process) no longer holds up every other delivery of its dispatcher pass.
ALTER TABLE order_notifications
  ADD COLUMN status text NOT NULL DEFAULT 'sent' CHECK (status IN ('pending', 'sent', 'failed')),
  ADD COLUMN attempts int NOT NULL DEFAULT 0,
  ADD COLUMN next_attempt_at timestamptz,
  ADD COLUMN last_error text;
ALTER TABLE order_notifications
  ALTER COLUMN status SET DEFAULT 'pending',
  ALTER COLUMN sent_at DROP NOT NULL,
  ALTER COLUMN sent_at DROP DEFAULT;
CREATE INDEX order_notifications_due_idx ON order_notifications (next_attempt_at) WHERE status = 'pending';
