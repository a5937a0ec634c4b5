import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { withStore, type Db, type DbOrTx, type Tx } from '../../platform/db/database.ts';
import { AppError } from '../../platform/errors.ts';
import { parseInput } from '../../platform/validation.ts';
import { findShopperByEmail, isRegistered, requireShopper } from './identity-port.ts';
import { emitCustomerEvent, inStore } from './shared.ts';
import { iso, type ProfileView, type TaxExemptionView } from './views.ts';

export interface ProfileRow {
  [column: string]: unknown;
  customer_id: string;
  store_id: string;
  phone: string | null;
  locale: string | null;
  registered_at: Date | string | null;
  was_guest: boolean;
  erased_at: Date | string | null;
  erased_by_type: string | null;
  erased_by_id: string | null;
  erased_modules: string[];
  tax_exempt: boolean;
  tax_exemption_reference: string | null;
  tax_exemption_updated_at: Date | string | null;
  /** `YYYY-MM-DD`: the last day the exemption applies (UTC); null: until staff end it. */
  tax_exemption_expires_on: Date | string | null;
  /** Staff's own: never shown to the shopper (their GDPR export has it). */
  note: string | null;
  tags: string[];
  created_at: Date | string;
  updated_at: Date | string;
}

/** Today's date in UTC (`YYYY-MM-DD`), the calendar an exemption's last day is in. */
export const today = () => new Date().toISOString().slice(0, 10);

/** A `date` column as `YYYY-MM-DD` (the driver reads one as a Date at local midnight). */
export function dayOf(v: Date | string | null): string | null {
  if (v === null || typeof v === 'string') return v;
  const two = (n: number) => String(n).padStart(2, '0');
  return `${v.getFullYear()}-${two(v.getMonth() + 1)}-${two(v.getDate())}`;
}

/** An exemption applies today when it is set and its last day (if any) has not passed. */
export const exemptionActive = (exempt: boolean, expiresOn: string | null): boolean =>
  exempt && (expiresOn === null || expiresOn >= today());

export function taxExemptionView(row: ProfileRow | null): TaxExemptionView {
  const exempt = row?.tax_exempt === true;
  const expiresOn = dayOf(row?.tax_exemption_expires_on ?? null);
  return {
    exempt,
    reference: row?.tax_exemption_reference ?? null,
    expires_on: expiresOn,
    active: exemptionActive(exempt, expiresOn),
    updated_at: row ? iso(row.tax_exemption_updated_at) : null,
  };
}

export const profileView = (r: ProfileRow): ProfileView => ({
  customer_id: r.customer_id,
  phone: r.phone,
  locale: r.locale,
  registered_at: iso(r.registered_at),
  was_guest: r.was_guest,
  erased_at: iso(r.erased_at),
  tax_exemption: taxExemptionView(r),
});

/** What a shopper without a profile row yet looks like. */
export const emptyProfile = (customerId: string): ProfileView => ({
  customer_id: customerId,
  phone: null,
  locale: null,
  registered_at: null,
  was_guest: false,
  erased_at: null,
  tax_exemption: taxExemptionView(null),
});

export const erasedError = (customerId: string) =>
  new AppError('CONFLICT', `The personal data of customer ${customerId} has been erased.`);

/**
 * The shopper's profile row, created on first use and row-locked until the transaction ends:
 * every change to one shopper's address book, wish list, consent or erasure takes this lock
 * first, so concurrent changes run one after another (exactly one default address, limits that
 * hold). An unknown shopper (or another store's) is a 404; an erased one a 409 unless allowed.
 */
export async function lockProfile(
  tx: Tx,
  storeId: string,
  customerId: string,
  options: { allowErased?: boolean } = {},
): Promise<ProfileRow> {
  const select = () =>
    tx.execute<ProfileRow>(
      sql`SELECT * FROM customer_profiles WHERE store_id = ${storeId} AND customer_id = ${customerId} FOR UPDATE`,
    );
  let row = (await select()).rows[0];
  if (!row) {
    // The foreign key is checked without row-level security: make sure the shopper is this store's.
    await requireShopper(tx, storeId, customerId);
    await tx.execute(sql`
      INSERT INTO customer_profiles (customer_id, store_id) VALUES (${customerId}, ${storeId})
      ON CONFLICT (customer_id) DO NOTHING`);
    row = (await select()).rows[0]!;
  }
  if (row.erased_at && !options.allowErased) throw erasedError(customerId);
  return row;
}

/** The profile row without locking or creating it (null when the shopper has none yet). */
export async function readProfile(
  tx: DbOrTx,
  storeId: string,
  customerId: string,
): Promise<ProfileRow | null> {
  const { rows } = await tx.execute<ProfileRow>(
    sql`SELECT * FROM customer_profiles WHERE store_id = ${storeId} AND customer_id = ${customerId}`,
  );
  return rows[0] ?? null;
}

export async function getProfile(
  db: Db,
  options: { storeId: string; customerId: string },
): Promise<ProfileView> {
  return withStore(db, options.storeId, async (tx) => {
    const row = await readProfile(tx, options.storeId, options.customerId);
    if (row) return profileView(row);
    await requireShopper(tx, options.storeId, options.customerId);
    return emptyProfile(options.customerId);
  });
}

export const Phone = z
  .string()
  .trim()
  .regex(/^\+?[0-9 ()-]{6,20}$/, 'A phone number has 6–20 digits, spaces, dashes or brackets.');
export const Locale = z
  .string()
  .trim()
  .regex(/^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8})*$/, 'A language tag such as en, vi or pt-BR.');

/** The profile details identity does not keep (it keeps e-mail and names). Null clears one. */
export const ProfilePatch = z.strictObject({
  phone: Phone.nullable().optional(),
  locale: Locale.nullable().optional(),
});
export type ProfilePatch = z.input<typeof ProfilePatch>;

/** Change a shopper's phone or locale; emits `customer.profile_updated` naming the fields changed. */
export async function updateProfile(
  db: Db,
  options: { storeId: string; customerId: string; patch: ProfilePatch },
): Promise<ProfileView> {
  const patch = parseInput(ProfilePatch, options.patch);
  const { storeId, customerId } = options;
  return withStore(db, storeId, async (tx) => {
    const before = await lockProfile(tx, storeId, customerId);
    const changed = (['phone', 'locale'] as const).filter(
      (f) => patch[f] !== undefined && patch[f] !== before[f],
    );
    if (changed.length === 0) return profileView(before);
    const { rows } = await tx.execute<ProfileRow>(sql`
      UPDATE customer_profiles SET
        phone = ${changed.includes('phone') ? patch.phone! : before.phone},
        locale = ${changed.includes('locale') ? patch.locale! : before.locale},
        updated_at = now()
      WHERE store_id = ${storeId} AND customer_id = ${customerId}
      RETURNING *`);
    await emitCustomerEvent(tx, storeId, customerId, 'customer.profile_updated', { fields: changed });
    return profileView(rows[0]!);
  });
}

/**
 * Remember that a shopper registered (from `customer.registered`): when, and whether they had
 * been a guest. Idempotent: a redelivered event changes nothing.
 */
export async function recordRegistration(
  tx: Tx,
  options: { storeId: string; customerId: string; registeredAt: Date; claimedGuest: boolean },
): Promise<void> {
  await tx.execute(sql`
    INSERT INTO customer_profiles (customer_id, store_id, registered_at, was_guest)
    VALUES (${options.customerId}, ${options.storeId}, ${options.registeredAt.toISOString()}, ${options.claimedGuest})
    ON CONFLICT (customer_id) DO UPDATE SET
      registered_at = COALESCE(customer_profiles.registered_at, EXCLUDED.registered_at),
      was_guest = customer_profiles.was_guest OR EXCLUDED.was_guest`);
}

/**
 * The id of the shopper account registered with this e-mail address (case-insensitive), or null
 * when there is none — no shopper, only a guest record made at checkout, or an erased one. For
 * orders: a guest order placed with this e-mail belongs to that account. Pass a store-scoped
 * transaction to read in it, or the Db.
 */
export async function customerIdForEmail(
  db: DbOrTx,
  options: { storeId: string; email: string },
): Promise<string | null> {
  const email = options.email.trim().toLowerCase();
  if (!email) return null;
  return inStore(db, options.storeId, async (tx) => {
    const shopper = await findShopperByEmail(tx, options.storeId, email);
    return shopper && isRegistered(shopper) && shopper.status === 'active' ? shopper.id : null;
  });
}
