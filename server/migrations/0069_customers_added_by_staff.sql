-- A shopper record staff added holds what staff entered (an address book, a phone number): it
-- becomes an account only through the e-mailed invitation, never by someone registering with its
-- address (which would hand them that data without proving the address is theirs).
ALTER TABLE customers ADD COLUMN added_by_staff boolean NOT NULL DEFAULT false;
