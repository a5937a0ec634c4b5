-- Staff can send an order e-mail again (the shopper lost it, or it failed for good). Each resend
-- gets its own Message-ID, so mail clients do not fold it into the first one.
ALTER TABLE order_notifications ADD COLUMN resends int NOT NULL DEFAULT 0;
