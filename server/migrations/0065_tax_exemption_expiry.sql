-- A tax exemption rests on a certificate, and certificates lapse: the exemption applies through
-- `tax_exemption_expires_on` (UTC) when set. The merchant's list of exempt customers (for a tax
-- audit) reads this small partial index.
ALTER TABLE customer_profiles ADD COLUMN tax_exemption_expires_on date;
CREATE INDEX customer_profiles_tax_exempt_idx ON customer_profiles (store_id, customer_id) WHERE tax_exempt;
