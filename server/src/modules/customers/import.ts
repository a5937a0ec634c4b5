import { z } from 'zod';
import type { Platform } from '../../platform/context.ts';
import { parseCsv } from '../../platform/csv-parse.ts';
import { withStore } from '../../platform/db/database.ts';
import { AppError, isAppError } from '../../platform/errors.ts';
import { addCustomerInTx, NewCustomerInput } from './management.ts';
import { audit, type Actor } from './shared.ts';

/**
 * Customers from a CSV file — a merchant moving from another platform, a list kept in a
 * spreadsheet. Reads Carton's own export and Shopify's customer export (their column names, the
 * "Default Address …" ones included). Each row is added as staff would add it (no password; the
 * consent it states recorded with source `import`), in its own transaction: a bad row is reported
 * with its row number and the rest go on; an e-mail the store has already is skipped, never
 * overwritten. Nobody is e-mailed.
 */

export const MAX_CUSTOMER_IMPORT_ROWS = 1000;
const MAX_REPORTED = 200;

/** A column's name as the file says it → the field it fills (lower case, spaces for _ and -). */
const COLUMNS: Record<string, string> = {
  email: 'email',
  'e mail': 'email',
  'first name': 'first_name',
  'last name': 'last_name',
  phone: 'phone',
  locale: 'locale',
  language: 'locale',
  tags: 'tags',
  note: 'note',
  'accepts email marketing': 'email_marketing',
  'accepts sms marketing': 'sms_marketing',
  company: 'company',
  address1: 'line1',
  address2: 'line2',
  city: 'city',
  region: 'region',
  'province code': 'region',
  'postal code': 'postal_code',
  zip: 'postal_code',
  country: 'country',
  'country code': 'country',
  'address phone': 'address_phone',
};

const columnOf = (header: string): string | undefined => {
  const name = header
    .trim()
    .toLowerCase()
    .replace(/[\s_-]+/g, ' ')
    .replace(/^default address (phone)$/, 'address $1')
    .replace(/^default address /, '');
  return COLUMNS[name];
};

export const CustomerImportView = z.object({
  rows: z.number().int().describe('Customer rows read (the header not counted)'),
  created: z.number().int(),
  skipped: z.number().int().describe('Rows whose e-mail the store has already (left as they are)'),
  failed: z.number().int().describe('Rows that could not be read or were not valid'),
  problems: z
    .array(
      z.object({
        row: z.number().int().describe('As a spreadsheet numbers it (the header is row 1)'),
        email: z.string().nullable(),
        outcome: z.enum(['skipped', 'failed']),
        message: z.string(),
      }),
    )
    .describe(`The rows not created, at most ${MAX_REPORTED}`),
});
export type CustomerImportView = z.infer<typeof CustomerImportView>;

/** A cell an export defused (`'+84…`, `'=…`: see platform/csv.ts) as it was. */
const undefused = (v: string | undefined) => (v && /^'[=+\-@]/.test(v) ? v.slice(1) : v);
const yes = (v: string | undefined) => /^(yes|true|1|y|subscribed)$/i.test(v?.trim() ?? '');
const present = (v: string | undefined) => (v?.trim() ? v.trim() : undefined);

/** One row as the input staff would give (unchecked: NewCustomerInput checks it). */
function inputOf(cells: Record<string, string | undefined>): Record<string, unknown> {
  const address =
    present(cells.line1) || present(cells.city)
      ? {
          first_name: present(cells.first_name),
          last_name: present(cells.last_name),
          company: present(cells.company),
          line1: present(cells.line1),
          line2: present(cells.line2),
          city: present(cells.city),
          region: present(cells.region),
          postal_code: present(cells.postal_code),
          country: present(cells.country)?.toUpperCase(),
          phone: present(cells.address_phone),
        }
      : undefined;
  return {
    email: present(cells.email),
    first_name: present(cells.first_name),
    last_name: present(cells.last_name),
    phone: present(cells.phone),
    locale: present(cells.locale),
    note: present(cells.note),
    tags: present(cells.tags)
      ?.split(',')
      .map((t) => t.trim())
      .filter(Boolean),
    address: address && Object.fromEntries(Object.entries(address).filter(([, v]) => v !== undefined)),
    marketing_consent: [
      ...(yes(cells.email_marketing) ? ['email'] : []),
      ...(yes(cells.sms_marketing) ? ['sms'] : []),
    ],
  };
}

/** Import the customers of a CSV text; 400 when it is not a customer CSV at all or too long. */
export async function importCustomers(
  platform: Platform,
  o: { storeId: string; csv: string; actor?: Actor },
): Promise<CustomerImportView> {
  const parsed = parseCsv(o.csv);
  const [header, ...records] = parsed.records;
  const columns = (header?.fields ?? []).map(columnOf);
  if (!columns.includes('email')) {
    throw new AppError('VALIDATION_FAILED', 'The file needs an Email column (and a header row).', {
      errors: [{ path: 'body', message: 'no Email column' }],
    });
  }
  const rows = records.length + parsed.errors.length;
  if (rows > MAX_CUSTOMER_IMPORT_ROWS) {
    throw new AppError(
      'VALIDATION_FAILED',
      `A file holds at most ${MAX_CUSTOMER_IMPORT_ROWS} customers; split it.`,
      { errors: [{ path: 'body', message: `${rows} rows` }] },
    );
  }
  const view: CustomerImportView = { rows, created: 0, skipped: 0, failed: 0, problems: [] };
  const report = (p: CustomerImportView['problems'][number]) => {
    view[p.outcome]++;
    if (view.problems.length < MAX_REPORTED) view.problems.push(p);
  };
  for (const e of parsed.errors) report({ row: e.row, email: null, outcome: 'failed', message: e.message });

  for (const record of records) {
    const cells: Record<string, string | undefined> = {};
    columns.forEach((field, i) => {
      if (field && cells[field] === undefined) cells[field] = undefused(record.fields[i]);
    });
    const email = present(cells.email) ?? null;
    const input = NewCustomerInput.safeParse(inputOf(cells));
    if (!input.success) {
      const message = input.error.issues.map((i) => `${i.path.join('.') || 'row'}: ${i.message}`).join('; ');
      report({ row: record.row, email, outcome: 'failed', message });
      continue;
    }
    try {
      await withStore(platform.db, o.storeId, (tx) =>
        addCustomerInTx(tx, {
          storeId: o.storeId,
          input: input.data,
          consentSource: 'import',
          actor: o.actor,
        }),
      );
      view.created++;
    } catch (err) {
      if (!isAppError(err)) throw err;
      const outcome = err.code === 'ALREADY_EXISTS' ? 'skipped' : 'failed';
      report({ row: record.row, email, outcome, message: err.message });
    }
  }
  await withStore(platform.db, o.storeId, (tx) =>
    audit(tx, o.actor, {
      storeId: o.storeId,
      action: 'customer.imported',
      entityType: 'customer',
      entityId: 'import',
      after: { rows, created: view.created, skipped: view.skipped, failed: view.failed },
    }),
  );
  return view;
}
