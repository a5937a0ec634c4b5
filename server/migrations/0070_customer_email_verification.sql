-- A shopper proves their e-mail address (a link e-mailed at registration, an invitation accepted, a
-- password reset) before the guest orders placed with it join their account: registering with
-- someone else's address must not show that person's orders. Accounts made before this are taken
-- as proven, as they were treated until now.
ALTER TABLE customers ADD COLUMN email_verified_at timestamptz;
UPDATE customers SET email_verified_at = created_at WHERE password_hash IS NOT NULL;

ALTER TABLE auth_tokens DROP CONSTRAINT auth_tokens_purpose_check;
ALTER TABLE auth_tokens ADD CONSTRAINT auth_tokens_purpose_check
  CHECK (purpose IN ('invite', 'password_reset', 'account_invite', 'email_verify'));
