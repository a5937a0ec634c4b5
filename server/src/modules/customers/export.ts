import { Readable } from 'node:stream';
import { sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { Address } from '../../platform/address.ts';
import { withStore, type Db } from '../../platform/db/database.ts';
import { csvRow } from '../../platform/csv.ts';
import { parseInput } from '../../platform/validation.ts';
import { auditAs, type Actor } from '../audit/service.ts';
import { CustomerListQuery, listCustomers } from './directory.ts';
import type { CustomerSummaryView } from './views.ts';

/**
 * The customer list as CSV — for the merchant's spreadsheets, a mailing tool, or moving to
 * another platform: one row per customer with their profile, default address, marketing consent
 * and tags, with the list's filters. Streamed a page at a time; erased customers are left out
 * (nothing personal is left to export).
 */

export const CustomerExportQuery = CustomerListQuery.omit({ limit: true, cursor: true });
export type CustomerExportQuery = z.input<typeof CustomerExportQuery>;

interface Extras {
  [column: string]: unknown;
  phone: string | null;
  locale: string | null;
  note: string | null;
  tax_exempt: boolean | null;
  email_consent: string | null;
  sms_consent: string | null;
  address: Address | null;
}
type Row = { c: CustomerSummaryView; x: Extras | undefined };

const COLUMNS: [string, (r: Row) => unknown][] = [
  ['id', (r) => r.c.id],
  ['email', (r) => r.c.email],
  ['first_name', (r) => r.c.first_name],
  ['last_name', (r) => r.c.last_name],
  ['phone', (r) => r.x?.phone],
  ['locale', (r) => r.x?.locale],
  ['account', (r) => (r.c.registered ? 'registered' : 'none')],
  ['status', (r) => r.c.status],
  ['accepts_email_marketing', (r) => (r.x?.email_consent === 'granted' ? 'yes' : 'no')],
  ['accepts_sms_marketing', (r) => (r.x?.sms_consent === 'granted' ? 'yes' : 'no')],
  ['tax_exempt', (r) => (r.x?.tax_exempt ? 'yes' : 'no')],
  ['tags', (r) => r.c.tags.join(', ')], // as Shopify writes them, and the import reads them
  ['note', (r) => r.x?.note],
  ['company', (r) => r.x?.address?.company],
  ['address1', (r) => r.x?.address?.line1],
  ['address2', (r) => r.x?.address?.line2],
  ['city', (r) => r.x?.address?.city],
  ['region', (r) => r.x?.address?.region],
  ['postal_code', (r) => r.x?.address?.postal_code],
  ['country', (r) => r.x?.address?.country],
  ['created_at', (r) => r.c.created_at],
  ['last_login_at', (r) => r.c.last_login_at],
];

/** A page's profiles, default shipping addresses and consent, in one read. */
async function extrasOf(db: Db, storeId: string, ids: string[]): Promise<Map<string, Extras>> {
  if (ids.length === 0) return new Map();
  const { rows } = await withStore(db, storeId, (tx) =>
    tx.execute<Extras & { id: string }>(sql`
      SELECT i.id, p.phone, p.locale, p.note, p.tax_exempt,
             (SELECT status FROM marketing_consents m
               WHERE m.store_id = ${storeId} AND m.customer_id = i.id AND m.channel = 'email') AS email_consent,
             (SELECT status FROM marketing_consents m
               WHERE m.store_id = ${storeId} AND m.customer_id = i.id AND m.channel = 'sms') AS sms_consent,
             (SELECT address FROM customer_addresses a
               WHERE a.store_id = ${storeId} AND a.customer_id = i.id AND a.is_default_shipping) AS address
        FROM unnest(${sql.param(ids)}::text[]) AS i(id)
        LEFT JOIN customer_profiles p ON p.store_id = ${storeId} AND p.customer_id = i.id`),
  );
  return new Map(rows.map((r) => [r.id, r]));
}

async function* csvLines(db: Db, storeId: string, query: CustomerExportQuery, pageSize: number) {
  yield csvRow(COLUMNS.map(([name]) => name));
  let cursor: string | undefined;
  do {
    const page = await listCustomers(db, { storeId, query: { ...query, limit: pageSize, cursor } });
    const shown = page.data.filter((c) => !c.erased);
    const extras = await extrasOf(
      db,
      storeId,
      shown.map((c) => c.id),
    );
    yield shown.map((c) => csvRow(COLUMNS.map(([, cell]) => cell({ c, x: extras.get(c.id) })))).join('');
    cursor = page.next_cursor ?? undefined;
  } while (cursor);
}

/**
 * The store's customers matching `query` as a CSV stream; bad filters are 400 before anything is
 * sent. Audited (`customer.list_exported`, with the filters): it holds shoppers' personal data.
 */
export async function exportCustomersCsv(
  db: Db,
  o: { storeId: string; query: CustomerExportQuery; actor?: Actor; pageSize?: number },
): Promise<Readable> {
  parseInput(CustomerExportQuery, o.query, 'querystring'); // refused here, before the first byte
  const filters = Object.fromEntries(Object.entries(o.query).filter(([, v]) => v !== undefined));
  await withStore(db, o.storeId, (tx) =>
    auditAs(tx, o.actor, {
      storeId: o.storeId,
      action: 'customer.list_exported',
      entityType: 'customer',
      entityId: 'export',
      after: { filters },
    }),
  );
  return Readable.from(csvLines(db, o.storeId, o.query, o.pageSize ?? 200));
}
