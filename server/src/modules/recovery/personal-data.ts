import { sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Platform } from '../../platform/context.ts';
import { withStore, type DbOrTx, type Tx } from '../../platform/db/database.ts';
import { emitEvent } from '../../platform/events/outbox.ts';
import { parseInput } from '../../platform/validation.ts';
import { auditAs, type Actor } from '../audit/service.ts';
import { registerPersonalDataHandler } from '../customers/service.ts';
import { contactOf, emailHash, normalizeEmail, normalizePhone, phoneHash } from './contacts.ts';
import { erasePushSubscriptionsInTx, pushSubscriptionsOf } from './push-subscriptions.ts';
import { recoveryPlatform } from './runtime.ts';
import { trackedCartView } from './views.ts';
import { foldLockKey } from './fold.ts';
import type { TrackedCartRow } from './tracked-carts.ts';

/**
 * GDPR export and erasure of a recovery contact, by e-mail address and/or phone number (contacts
 * need not be Carton shoppers: most come from the snippet or a platform). Also registered with the
 * customers module's registry, so erasing a Carton shopper erases their recovery data too.
 *
 * Erasure: the contact's e-mail, phone and their hashes are removed (the row stays, marked erased,
 * so the erasure is on record); their carts lose every link to them (contact, visitor id,
 * customer) and can no longer be abandoned; their visitors, raw tracker events and push subscriptions are deleted.
 * Carts, purchases and touches stay, anonymous, so the store's figures do not change.
 */

export const ContactSubject = z
  .strictObject({ email: z.string().max(320).optional(), phone: z.string().max(32).optional() })
  .refine((s) => normalizeEmail(s.email) || normalizePhone(s.phone), {
    message: 'an e-mail address or a phone number is required',
    path: ['email'],
  });
export type ContactSubject = z.input<typeof ContactSubject>;

type ContactRow = {
  id: string;
  store_id: string;
  email_hash: string | null;
  email_encrypted: string | null;
  phone_hash: string | null;
  phone_encrypted: string | null;
  customer_id: string | null;
  erased_at: Date | null;
  created_at: Date;
};

async function contactsOf(
  db: DbOrTx,
  secret: string,
  storeId: string,
  who: { email?: string | null; phone?: string | null; customerId?: string | null },
  lock = false,
): Promise<ContactRow[]> {
  const email = normalizeEmail(who.email);
  const phone = normalizePhone(who.phone);
  const { rows } = await db.execute<ContactRow>(sql`
    SELECT * FROM recovery_contacts WHERE store_id = ${storeId}
      AND (email_hash = ${email ? emailHash(secret, storeId, email) : null}
           OR phone_hash = ${phone ? phoneHash(secret, storeId, phone) : null}
           OR customer_id = ${who.customerId ?? null})
    ORDER BY id ${lock ? sql`FOR UPDATE` : sql``}`);
  return rows;
}

async function exportContacts(db: DbOrTx, secret: string, storeId: string, contacts: ContactRow[]) {
  const ids = contacts.map((c) => c.id);
  const { rows: carts } = await db.execute<TrackedCartRow>(sql`
    SELECT * FROM recovery_carts WHERE store_id = ${storeId} AND contact_id = ANY(${sql.param(ids)}::text[]) ORDER BY id`);
  const cartIds = carts.map((c) => c.id);
  const { rows: visitors } = await db.execute<{ anonymous_id: string }>(sql`
    SELECT anonymous_id, device, first_seen_at, last_seen_at FROM recovery_visitors
    WHERE store_id = ${storeId} AND contact_id = ANY(${sql.param(ids)}::text[]) ORDER BY anonymous_id`);
  const { rows: touches } = await db.execute(sql`
    SELECT tracked_cart_id, message_id, campaign_id, kind, occurred_at FROM recovery_touches
    WHERE store_id = ${storeId} AND tracked_cart_id = ANY(${sql.param(cartIds)}::text[]) ORDER BY occurred_at, id`);
  const { rows: clicks } = await db.execute(sql`
    SELECT tracked_cart_id, message_id, outcome, restored_cart_id, device, clicked_at FROM recovery_link_clicks
    WHERE store_id = ${storeId} AND tracked_cart_id = ANY(${sql.param(cartIds)}::text[]) ORDER BY clicked_at, id`);
  return {
    contacts: contacts.map((c) => ({
      ...contactOf(secret, c),
      createdAt: new Date(c.created_at).toISOString(),
    })),
    visitors,
    carts: carts.map((c) => trackedCartView(c, null)),
    touches,
    link_clicks: clicks,
    // Their address keys only: the endpoint and keys are credentials to the browser.
    push_subscriptions: await pushSubscriptionsOf(db, storeId, {
      contactIds: ids,
      anonymousIds: visitors.map((v) => v.anonymous_id),
    }),
  };
}

async function eraseContacts(tx: Tx, storeId: string, contacts: ContactRow[]) {
  const ids = contacts.filter((c) => !c.erased_at).map((c) => c.id);
  if (!ids.length) return { contacts: 0, carts: 0, visitors: 0, tracker_events: 0, push_subscriptions: 0 };
  // Not while a fold pass of the store runs: it could re-create what this erases from events it read.
  await tx.execute(sql`SELECT pg_advisory_xact_lock(hashtext(${foldLockKey(storeId)}))`);
  const { rows: linked } = await tx.execute<{ anonymous_id: string }>(sql`
    SELECT anonymous_id FROM recovery_visitors WHERE store_id = ${storeId} AND contact_id = ANY(${sql.param(ids)}::text[])`);
  const pushSubscriptions = await erasePushSubscriptionsInTx(tx, storeId, {
    contactIds: ids,
    anonymousIds: linked.map((v) => v.anonymous_id),
  });
  const { rows: visitors } = await tx.execute<{ anonymous_id: string }>(sql`
    DELETE FROM recovery_visitors WHERE store_id = ${storeId} AND contact_id = ANY(${sql.param(ids)}::text[])
    RETURNING anonymous_id`);
  const { rows: carts } = await tx.execute<{ id: string; anonymous_id: string | null }>(sql`
    UPDATE recovery_carts SET contact_id = NULL, anonymous_id = NULL, customer_id = NULL, abandon_due_at = NULL,
      version = version + 1, updated_at = now()
    WHERE store_id = ${storeId} AND contact_id = ANY(${sql.param(ids)}::text[])
    RETURNING id, anonymous_id`);
  const anonymous = [...new Set(visitors.map((v) => v.anonymous_id))];
  const { rowCount: events } = await tx.execute(sql`
    DELETE FROM recovery_tracker_events WHERE store_id = ${storeId} AND anonymous_id = ANY(${sql.param(anonymous)}::text[])`);
  await tx.execute(sql`
    UPDATE recovery_contacts SET email_hash = NULL, email_encrypted = NULL, phone_hash = NULL, phone_encrypted = NULL,
      customer_id = NULL, erased_at = now(), updated_at = now()
    WHERE store_id = ${storeId} AND id = ANY(${sql.param(ids)}::text[])`);
  for (const contactId of ids) {
    await emitEvent(tx, {
      storeId,
      type: 'recovery_contact.erased',
      aggregateType: 'recovery_contact',
      aggregateId: contactId,
      payload: { contactId, carts: carts.length },
    });
  }
  return {
    contacts: ids.length,
    carts: carts.length,
    visitors: visitors.length,
    tracker_events: events ?? 0,
    push_subscriptions: pushSubscriptions,
  };
}

/** Everything recovery holds about a contact (found by e-mail and/or phone), in one snapshot. Audited. */
export async function exportRecoveryContact(
  platform: Platform,
  options: { storeId: string; subject: ContactSubject; actor?: Actor },
) {
  const subject = parseInput(ContactSubject, options.subject);
  const { storeId } = options;
  const secret = platform.config.CARTON_SECRET;
  return withStore(platform.db, storeId, async (tx) => {
    await tx.execute(sql`SET TRANSACTION ISOLATION LEVEL REPEATABLE READ`);
    const contacts = await contactsOf(tx, secret, storeId, subject);
    const data = await exportContacts(tx, secret, storeId, contacts);
    await auditAs(tx, options.actor, {
      storeId,
      action: 'recovery_contact.exported',
      entityType: 'recovery_contact',
      entityId: contacts.map((c) => c.id).join(',') || 'none',
      after: { contacts: contacts.length, carts: data.carts.length },
    });
    return {
      format: 'carton.recovery-contact-export.v1',
      store_id: storeId,
      exported_at: new Date().toISOString(),
      ...data,
    };
  });
}

/**
 * Erase a contact (found by e-mail and/or phone) from every recovery table, in one transaction.
 * Idempotent: erasing again finds nothing left to erase. Emits `recovery_contact.erased`; audited
 * with counts only.
 */
export async function eraseRecoveryContact(
  platform: Platform,
  options: { storeId: string; subject: ContactSubject; actor?: Actor },
): Promise<{
  contacts: number;
  carts: number;
  visitors: number;
  tracker_events: number;
  push_subscriptions: number;
}> {
  const subject = parseInput(ContactSubject, options.subject);
  const { storeId } = options;
  return withStore(platform.db, storeId, async (tx) => {
    const contacts = await contactsOf(tx, platform.config.CARTON_SECRET, storeId, subject, true);
    const counts = await eraseContacts(tx, storeId, contacts);
    await auditAs(tx, options.actor, {
      storeId,
      action: 'recovery_contact.erased',
      entityType: 'recovery_contact',
      entityId: contacts.map((c) => c.id).join(',') || 'none',
      after: counts,
    });
    return counts;
  });
}

/** A Carton shopper's recovery data, for the customers module's GDPR export and erasure. */
export const recoveryPersonalData = registerPersonalDataHandler({
  name: 'recovery',
  async export(db, s) {
    const secret = recoveryPlatform().config.CARTON_SECRET;
    const contacts = await contactsOf(db, secret, s.storeId, { email: s.email, customerId: s.customerId });
    return exportContacts(db, secret, s.storeId, contacts);
  },
  async erase(tx, s) {
    const secret = recoveryPlatform().config.CARTON_SECRET;
    const contacts = await contactsOf(
      tx,
      secret,
      s.storeId,
      { email: s.email, customerId: s.customerId },
      true,
    );
    return eraseContacts(tx, s.storeId, contacts);
  },
});
