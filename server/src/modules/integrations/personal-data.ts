import { and, eq, sql } from 'drizzle-orm';
import type { DbOrTx, Tx } from '../../platform/db/database.ts';
import { redactJson } from '../../platform/privacy/redact.ts';
import { registerPersonalDataHandler } from '../customers/service.ts';
import { integrationInbox } from './schema.ts';
import { inboxItemView, type InboxItemView } from './views.ts';

/**
 * Integrations' part of a shopper's GDPR export and erasure: the carts, purchases and contact
 * records connected shops delivered with their e-mail address. Erasure keeps each item (its
 * amounts and ids, for recovered-revenue figures) with the person removed: e-mail replaced, names,
 * phone numbers and addresses nulled; the row's e-mail is cleared so it no longer matches.
 */

interface Subject {
  storeId: string;
  customerId: string;
  email: string;
}

const ofSubject = (s: Subject) =>
  and(eq(integrationInbox.storeId, s.storeId), eq(integrationInbox.email, s.email.trim().toLowerCase()));

export async function exportIntegrationsPersonalData(
  db: DbOrTx,
  s: Subject,
): Promise<{ inbox: InboxItemView[] }> {
  const rows = await db.select().from(integrationInbox).where(ofSubject(s)).orderBy(integrationInbox.id);
  return { inbox: rows.map(inboxItemView) };
}

export async function eraseIntegrationsPersonalData(
  tx: Tx,
  s: Subject,
): Promise<{ inbox_items_anonymised: number }> {
  const rows = await tx.select().from(integrationInbox).where(ofSubject(s)).for('update');
  const redaction = { needles: [s.email], replacement: `erased+${s.customerId}@invalid` };
  for (const row of rows) {
    await tx
      .update(integrationInbox)
      .set({ email: null, payload: sql`${JSON.stringify(redactJson(row.payload, redaction))}::jsonb` })
      .where(eq(integrationInbox.id, row.id));
  }
  return { inbox_items_anonymised: rows.length };
}

export const integrationsPersonalData = registerPersonalDataHandler({
  name: 'integrations',
  export: exportIntegrationsPersonalData,
  erase: eraseIntegrationsPersonalData,
});
