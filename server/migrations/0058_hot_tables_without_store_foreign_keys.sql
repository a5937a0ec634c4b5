-- The tables a shopper's cart and checkout write on every request keep no foreign key to `stores`.
--
-- Each insert into such a table ran a key-share lock of the store's row (`SELECT 1 FROM stores …
-- FOR KEY SHARE`): 54 per checkout, every shopper of a store locking the same row, so each lock
-- wrote a new multixact and a heap lock record for that row (checkout bench, round fifteen: 12
-- lock records and 14 multixacts per checkout). What the key guarded holds without it: a row's
-- `store_id` can only be the scope of the transaction that writes it (row-level security's WITH
-- CHECK), the scope comes from an authenticated store's key, and stores are never deleted.
-- Tables staff write now and then (catalog, settings, campaigns…) keep theirs.
DO $$
DECLARE r record;
BEGIN
  FOR r IN
    SELECT c.conrelid::regclass AS tbl, c.conname
    FROM pg_constraint c
    WHERE c.contype = 'f' AND c.confrelid = 'stores'::regclass
      AND c.conrelid::regclass::text = ANY (ARRAY[
        'carts', 'cart_lines', 'cart_coupons', 'coupon_redemptions', 'checkouts',
        'inventory_reservations', 'inventory_reservation_lines', 'inventory_movements',
        'payment_intents', 'payment_operations', 'payment_refunds', 'payment_webhook_events',
        'test_processor_payments', 'test_processor_requests',
        'orders', 'order_lines', 'order_status_history', 'order_notifications',
        'fulfilments', 'fulfilment_lines', 'order_returns', 'order_return_lines',
        'recovery_visitors', 'recovery_contacts', 'recovery_carts', 'recovery_tracker_events',
        'recovery_purchases', 'recovery_touches', 'recovery_link_clicks',
        'messaging_messages', 'messaging_message_events', 'messaging_contact_sends',
        'search_queries', 'search_clicks'
      ])
  LOOP
    EXECUTE format('ALTER TABLE %s DROP CONSTRAINT %I', r.tbl, r.conname);
  END LOOP;
END $$;
