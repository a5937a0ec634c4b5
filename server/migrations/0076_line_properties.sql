-- A line's properties: what the shopper tells about the item they buy (an engraving, a gift
-- message, the recipient of a gift card), as name → text. The same variant with other properties
-- is another line. Kept on the order line as the shopper gave them.
ALTER TABLE cart_lines ADD COLUMN properties jsonb NOT NULL DEFAULT '{}';
ALTER TABLE order_lines ADD COLUMN properties jsonb NOT NULL DEFAULT '{}';
-- So one cart may hold a variant on several lines: the unique pair becomes a plain index (what
-- reads a cart's lines, and what finds a variant's lines, use it as before).
ALTER TABLE cart_lines DROP CONSTRAINT cart_lines_cart_id_variant_id_key;
CREATE INDEX cart_lines_cart_variant_idx ON cart_lines (cart_id, variant_id);
