-- Staff add and edit customers (a phone order, a wholesale buyer, a corrected name): a private
-- note and tags on the profile, and the invitation that lets a customer made by staff choose
-- their password. The list's `?tag=` reads the partial index of tagged profiles.
ALTER TABLE customer_profiles
  ADD COLUMN note text CHECK (char_length(note) <= 5000),
  ADD COLUMN tags text[] NOT NULL DEFAULT '{}';
CREATE INDEX customer_profiles_tags_idx ON customer_profiles USING gin (tags) WHERE tags <> '{}';

ALTER TABLE auth_tokens DROP CONSTRAINT auth_tokens_purpose_check;
ALTER TABLE auth_tokens ADD CONSTRAINT auth_tokens_purpose_check
  CHECK (purpose IN ('invite', 'password_reset', 'account_invite'));
