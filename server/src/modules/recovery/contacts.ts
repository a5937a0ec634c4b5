import { sql } from 'drizzle-orm';
import { hmac } from './crypto-helpers.ts';
import { decryptSecret, encryptSecret } from '../../platform/crypto.ts';
import type { DbOrTx, Tx } from '../../platform/db/database.ts';
import { newId } from '../../platform/ids.ts';

/**
 * Contacts: the e-mail address and/or phone number behind carts. Stored encrypted (AES-256-GCM,
 * bound to store and field) and found by a keyed hash of the normalised value, so neither appears
 * in clear in the database, and none ever in a log or an event.
 */

export interface ContactDetails {
  email?: string | null;
  phone?: string | null;
  customerId?: string | null;
}

export interface RecoveryContact {
  id: string;
  storeId: string;
  email: string | null;
  phone: string | null;
  customerId: string | null;
  erasedAt: string | null;
}

const EMAIL = /^[^\s@]{1,64}@[^\s@]{1,255}\.[^\s@]{1,63}$/;

/** Lowercase, trimmed; null when it is not an e-mail address. */
export function normalizeEmail(email: string | null | undefined): string | null {
  const e = email?.trim().toLowerCase();
  return e && e.length <= 320 && EMAIL.test(e) ? e : null;
}

/** E.164-like: a leading + and 7–15 digits (spaces, dots, dashes and brackets dropped); else null. */
export function normalizePhone(phone: string | null | undefined): string | null {
  if (!phone) return null;
  const p = phone.trim().replace(/[\s().-]/g, '');
  return /^\+?[1-9]\d{6,14}$/.test(p) ? (p.startsWith('+') ? p : `+${p}`) : null;
}

export const emailHash = (secret: string, storeId: string, email: string) =>
  hmac(secret, 'recovery/contact', `${storeId}\0email\0${email}`);
export const phoneHash = (secret: string, storeId: string, phone: string) =>
  hmac(secret, 'recovery/contact', `${storeId}\0phone\0${phone}`);

const seal = (secret: string, storeId: string, field: string, value: string) =>
  encryptSecret(secret, value, `recovery_contacts:${storeId}:${field}`);
const unseal = (secret: string, storeId: string, field: string, value: string | null) =>
  value ? decryptSecret(secret, value, `recovery_contacts:${storeId}:${field}`) : null;

type ContactRow = {
  id: string;
  store_id: string;
  email_hash: string | null;
  email_encrypted: string | null;
  phone_hash: string | null;
  phone_encrypted: string | null;
  customer_id: string | null;
  erased_at: Date | string | null;
};

export function contactOf(secret: string, row: ContactRow): RecoveryContact {
  return {
    id: row.id,
    storeId: row.store_id,
    email: unseal(secret, row.store_id, 'email', row.email_encrypted),
    phone: unseal(secret, row.store_id, 'phone', row.phone_encrypted),
    customerId: row.customer_id,
    erasedAt: row.erased_at ? new Date(row.erased_at).toISOString() : null,
  };
}

/**
 * The contact for these details in the caller's transaction: found by e-mail, then phone, then
 * customer, else created; missing fields are filled in (a phone learnt later joins the e-mail's
 * contact). Concurrent callers with the same e-mail get the same contact (the unique index and
 * ON CONFLICT). Returns null when the details identify nobody.
 */
export async function resolveContact(
  tx: Tx,
  secret: string,
  storeId: string,
  details: ContactDetails,
  attempt = 1,
): Promise<string | null> {
  const email = normalizeEmail(details.email);
  const phone = normalizePhone(details.phone);
  const customerId = details.customerId ?? null;
  if (!email && !phone && !customerId) return null;
  const eh = email ? emailHash(secret, storeId, email) : null;
  const ph = phone ? phoneHash(secret, storeId, phone) : null;

  const { rows: found } = await tx.execute<ContactRow>(sql`
    SELECT * FROM recovery_contacts
    WHERE store_id = ${storeId} AND erased_at IS NULL
      AND (email_hash = ${eh} OR phone_hash = ${ph} OR customer_id = ${customerId})
    ORDER BY (email_hash = ${eh}) IS TRUE DESC, (phone_hash = ${ph}) IS TRUE DESC, id
    LIMIT 1
    FOR UPDATE`);
  const existing = found[0];
  if (existing) {
    // Fill in what the contact lacks; a value that would collide with another contact stays out.
    const setEmail = email && !existing.email_hash;
    const setPhone = phone && !existing.phone_hash;
    const setCustomer = customerId && !existing.customer_id;
    if (setEmail || setPhone || setCustomer) {
      await tx.execute(sql`
        UPDATE recovery_contacts c SET
          email_hash = CASE WHEN ${!!setEmail} AND NOT EXISTS (
              SELECT 1 FROM recovery_contacts o WHERE o.store_id = c.store_id AND o.email_hash = ${eh})
            THEN ${eh} ELSE c.email_hash END,
          email_encrypted = CASE WHEN ${!!setEmail} AND NOT EXISTS (
              SELECT 1 FROM recovery_contacts o WHERE o.store_id = c.store_id AND o.email_hash = ${eh})
            THEN ${setEmail ? seal(secret, storeId, 'email', email) : null} ELSE c.email_encrypted END,
          phone_hash = CASE WHEN ${!!setPhone} AND NOT EXISTS (
              SELECT 1 FROM recovery_contacts o WHERE o.store_id = c.store_id AND o.phone_hash = ${ph})
            THEN ${ph} ELSE c.phone_hash END,
          phone_encrypted = CASE WHEN ${!!setPhone} AND NOT EXISTS (
              SELECT 1 FROM recovery_contacts o WHERE o.store_id = c.store_id AND o.phone_hash = ${ph})
            THEN ${setPhone ? seal(secret, storeId, 'phone', phone) : null} ELSE c.phone_encrypted END,
          customer_id = COALESCE(c.customer_id, ${customerId}),
          updated_at = now()
        WHERE c.id = ${existing.id}`);
    }
    return existing.id;
  }
  const id = newId('rcon');
  // A concurrent insert of the same e-mail or phone wins (any unique index): we then take its row.
  const { rows } = await tx.execute<{ id: string }>(sql`
    INSERT INTO recovery_contacts (id, store_id, email_hash, email_encrypted, phone_hash, phone_encrypted, customer_id)
    VALUES (${id}, ${storeId}, ${eh}, ${email ? seal(secret, storeId, 'email', email) : null},
            ${ph}, ${phone ? seal(secret, storeId, 'phone', phone) : null}, ${customerId})
    ON CONFLICT DO NOTHING
    RETURNING id`);
  if (rows[0]) return rows[0].id;
  if (attempt > 2) throw new Error('recovery contact: could not settle a concurrent insert');
  return resolveContact(tx, secret, storeId, details, attempt + 1);
}

/** A contact, decrypted; null when unknown in this store. */
export async function readContact(
  db: DbOrTx,
  secret: string,
  storeId: string,
  contactId: string,
): Promise<RecoveryContact | null> {
  const { rows } = await db.execute<ContactRow>(sql`
    SELECT * FROM recovery_contacts WHERE store_id = ${storeId} AND id = ${contactId}`);
  return rows[0] ? contactOf(secret, rows[0]) : null;
}
