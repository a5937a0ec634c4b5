-- Staff's tags on an order (wholesale, gift, priority): to sort and find orders. Only tagged
-- orders enter the index, so a checkout's order insert pays nothing for it.
ALTER TABLE orders ADD COLUMN tags text[] NOT NULL DEFAULT '{}';
CREATE INDEX orders_tags_idx ON orders USING gin (tags) WHERE tags <> '{}';
