import { sql } from 'drizzle-orm';
import { anonymiseShopper, findShopper, isRegistered, shopperSessions } from './identity-port.ts';
import { addressRows, addressView } from './addresses.ts';
import { consentRecordsOf, eraseConsentRecords } from './consent.ts';
import { groupsOf } from './groups.ts';
import { registerPersonalDataHandler } from './personal-data.ts';
import { emptyProfile, profileView, readProfile } from './profiles.ts';
import { iso, isoOf } from './views.ts';
import { wishlistOf } from './wishlist.ts';

/**
 * The personal-data handlers registered now: this module's own tables, and identity's login
 * record (through identity's exported functions — identity cannot import this module, so its
 * handler lives here). Cart and orders register theirs from their own modules.
 */

/** Profile (with its tax exemption), address book, wish list, customer groups, marketing consent and its history. */
export const customersPersonalData = registerPersonalDataHandler({
  name: 'customers',
  async export(tx, subject) {
    const profile = await readProfile(tx, subject.storeId, subject.customerId);
    return {
      profile: profile ? profileView(profile) : emptyProfile(subject.customerId),
      // What staff wrote about them is personal data too.
      staff_note: profile?.note ?? null,
      tags: profile?.tags ?? [],
      addresses: (await addressRows(tx, subject.storeId, subject.customerId)).map(addressView),
      wishlist: await wishlistOf(tx, subject.storeId, subject.customerId),
      marketing_consent: await consentRecordsOf(tx, subject.storeId, subject),
      groups: await groupsOf(tx, subject.storeId, subject.customerId),
    };
  },
  async erase(tx, subject) {
    const { storeId, customerId } = subject;
    const addresses = await tx.execute(
      sql`DELETE FROM customer_addresses WHERE store_id = ${storeId} AND customer_id = ${customerId}`,
    );
    const wishlist = await tx.execute(
      sql`DELETE FROM customer_wishlist_items WHERE store_id = ${storeId} AND customer_id = ${customerId}`,
    );
    // A group is how the merchant sorted the shopper: it goes with the rest of the profile.
    const groups = await tx.execute(
      sql`DELETE FROM customer_group_members WHERE store_id = ${storeId} AND customer_id = ${customerId}`,
    );
    const consent = await eraseConsentRecords(tx, storeId, subject);
    await tx.execute(sql`
      UPDATE customer_profiles SET phone = NULL, locale = NULL, tax_exemption_reference = NULL, note = NULL, tags = '{}',
          updated_at = now()
      WHERE store_id = ${storeId} AND customer_id = ${customerId}`);
    return {
      addresses_deleted: addresses.rowCount ?? 0,
      wishlist_items_deleted: wishlist.rowCount ?? 0,
      group_memberships_deleted: groups.rowCount ?? 0,
      ...consent,
    };
  },
});

/** Identity's shopper record: e-mail, names, account status and sign-in sessions. */
export const identityPersonalData = registerPersonalDataHandler({
  name: 'identity',
  async export(tx, subject) {
    const shopper = await findShopper(tx, subject.storeId, subject.customerId);
    if (!shopper) return null;
    const sessions = await shopperSessions(tx, subject.storeId, subject.customerId);
    return {
      account: {
        id: shopper.id,
        email: shopper.email,
        first_name: shopper.firstName,
        last_name: shopper.lastName,
        status: shopper.status,
        registered: isRegistered(shopper),
        created_at: isoOf(shopper.createdAt),
        updated_at: isoOf(shopper.updatedAt),
        last_login_at: iso(shopper.lastLoginAt),
      },
      sessions: sessions.map((s) => ({
        id: s.id,
        created_at: isoOf(s.createdAt),
        last_refreshed_at: isoOf(s.refreshedAt),
        expires_at: isoOf(s.expiresAt),
        ended_at: iso(s.revokedAt),
        ended_because: s.revokedReason,
      })),
    };
  },
  async erase(tx, subject) {
    const { anonymised, sessionsEnded } = await anonymiseShopper(tx, subject.storeId, subject.customerId);
    return { anonymised, sessions_ended: sessionsEnded.length };
  },
});
