import { createHash } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { Platform } from '../../platform/context.ts';
import { withStore, type DbOrTx, type Tx } from '../../platform/db/database.ts';
import { emitEvent } from '../../platform/events/outbox.ts';
import { auditAs, type Actor } from '../audit/service.ts';
import { registerPersonalDataHandler } from '../customers/service.ts';
import { consentHistoryOf, consentStanding } from './consent.ts';
import { addressKeyOf, type Channel } from './contacts.ts';
import { messageView } from './messages.ts';
import type { MessageRow } from './send.ts';

/**
 * GDPR export and erasure of what messaging holds about a contact: their messages (with what
 * was sent and what happened to them), their consent and its history, their frequency-cap
 * ledger. By address (`exportContact` / `eraseContact`, for contacts without an account, and
 * for phone numbers and push subscriptions), and as a personal-data handler of the customers
 * module, so erasing a shopper erases their messages too (by customer id and e-mail address).
 *
 * Erasure deletes messages, consent and the ledger; the consent history stays, without the
 * address, as the record of what was agreed.
 */

export interface ContactRef {
  storeId: string;
  channel: Channel;
  address: string;
}

async function contactMessages(tx: DbOrTx, storeId: string, where: ReturnType<typeof sql>) {
  const { rows } = await tx.execute<MessageRow>(
    sql`SELECT * FROM messaging_messages WHERE store_id = ${storeId} AND ${where} ORDER BY id`,
  );
  return rows.map((r) => ({ ...messageView(r), to: r.address_key, content: r.content }));
}

async function exportOf(tx: DbOrTx, storeId: string, channel: Channel, addressKey: string) {
  const standing = await consentStanding(tx, storeId, channel, addressKey);
  return {
    channel,
    address: addressKey,
    consent: [standing.marketing, standing.transactional],
    consent_history: await consentHistoryOf(tx, storeId, channel, addressKey),
  };
}

async function eraseOf(
  tx: Tx,
  storeId: string,
  keys: { channel?: Channel; addressKey?: string; customerId?: string },
) {
  const byAddress = keys.addressKey ? sql`address_key = ${keys.addressKey}` : sql`false`;
  const byCustomer = keys.customerId ? sql`customer_id = ${keys.customerId}` : sql`false`;
  const messages = await tx.execute(
    sql`DELETE FROM messaging_messages WHERE store_id = ${storeId} AND (${byAddress} OR ${byCustomer})`,
  );
  let consents = 0;
  let history = 0;
  if (keys.addressKey) {
    consents =
      (
        await tx.execute(
          sql`DELETE FROM messaging_consents WHERE store_id = ${storeId} AND address_key = ${keys.addressKey}`,
        )
      ).rowCount ?? 0;
    await tx.execute(
      sql`DELETE FROM messaging_contact_sends WHERE store_id = ${storeId} AND address_key = ${keys.addressKey}`,
    );
    history =
      (
        await tx.execute(
          sql`UPDATE messaging_consent_history SET address_key = NULL WHERE store_id = ${storeId} AND address_key = ${keys.addressKey}`,
        )
      ).rowCount ?? 0;
  }
  return {
    messages_deleted: messages.rowCount ?? 0,
    consents_deleted: consents,
    consent_history_anonymised: history,
  };
}

/** Everything held about one address. */
export async function exportContact(platform: Pick<Platform, 'db'>, o: ContactRef & { actor?: Actor }) {
  const addressKey = addressKeyOf(o.channel, o.address);
  return withStore(platform.db, o.storeId, async (tx) => {
    await tx.execute(sql`SET TRANSACTION ISOLATION LEVEL REPEATABLE READ`);
    const out = {
      format: 'carton.messaging-contact-export.v1' as const,
      store_id: o.storeId,
      ...(await exportOf(tx, o.storeId, o.channel, addressKey)),
      messages: await contactMessages(
        tx,
        o.storeId,
        sql`channel = ${o.channel} AND address_key = ${addressKey}`,
      ),
      exported_at: new Date().toISOString(),
    };
    await auditAs(tx, o.actor, {
      storeId: o.storeId,
      action: 'messaging_contact.exported',
      entityType: 'messaging_contact',
      entityId: contactId(addressKey),
      after: { channel: o.channel, messages: out.messages.length },
    });
    return out;
  });
}

/** An id for a contact that does not reveal the address (audit entries, event aggregates). */
const contactId = (addressKey: string) =>
  `mcontact_${createHash('sha256').update(addressKey).digest('hex').slice(0, 24)}`;

/** Erase one address's messages and consent. Idempotent; emits `messaging_contact.erased`; audited without the address. */
export async function eraseContact(platform: Pick<Platform, 'db'>, o: ContactRef & { actor?: Actor }) {
  const addressKey = addressKeyOf(o.channel, o.address);
  return withStore(platform.db, o.storeId, async (tx) => {
    const summary = await eraseOf(tx, o.storeId, { channel: o.channel, addressKey });
    const id = contactId(addressKey);
    await emitEvent(tx, {
      storeId: o.storeId,
      type: 'messaging_contact.erased',
      aggregateType: 'messaging_contact',
      aggregateId: id,
      payload: {
        contact: id,
        channel: o.channel,
        messages: summary.messages_deleted,
        consents: summary.consents_deleted,
      },
    });
    await auditAs(tx, o.actor, {
      storeId: o.storeId,
      action: 'messaging_contact.erased',
      entityType: 'messaging_contact',
      entityId: id,
      after: { channel: o.channel, ...summary },
    });
    return { contact: id, ...summary };
  });
}

/** A shopper's part in the customers module's GDPR export and erasure. */
export const messagingPersonalData = registerPersonalDataHandler({
  name: 'messaging',
  async export(tx, s) {
    return {
      messages: await contactMessages(
        tx,
        s.storeId,
        sql`(customer_id = ${s.customerId} OR (channel = 'email' AND address_key = ${s.email}))`,
      ),
      email: await exportOf(tx, s.storeId, 'email', s.email),
    };
  },
  async erase(tx, s) {
    return eraseOf(tx, s.storeId, { channel: 'email', addressKey: s.email, customerId: s.customerId });
  },
});
