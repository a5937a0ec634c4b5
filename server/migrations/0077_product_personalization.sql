-- What a product asks the shopper to tell about the item they buy (an engraving, initials, a
-- name to print): fields with a name, whether they are required, and a longest length. A cart
-- line keeps the answers as its properties; storefronts render the fields from the product.
ALTER TABLE products ADD COLUMN personalization jsonb NOT NULL DEFAULT '[]';
