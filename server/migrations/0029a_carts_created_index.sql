-- The admin dashboard counts carts created per day (reports module, through cart's
-- dailyCartsCreated); without this index that is a scan of every cart the store ever had.
CREATE INDEX carts_created_idx ON carts (store_id, created_at);
