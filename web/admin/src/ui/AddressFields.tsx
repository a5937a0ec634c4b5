import type { MessageKey } from '../i18n/catalog.ts';
import { useT } from '../i18n/I18n.tsx';
import { TextField } from './form.tsx';

/**
 * A postal address as a form: the same fields, labels and hints wherever staff type one (a
 * customer's address book, a draft order's shipping address, a stock location's address).
 */
export const ADDRESS_FIELDS = [
  'first_name',
  'last_name',
  'company',
  'line1',
  'line2',
  'city',
  'region',
  'postal_code',
  'country',
  'phone',
] as const;
export type AddressField = (typeof ADDRESS_FIELDS)[number];
export type AddressDraft = Record<AddressField, string>;

const LABELS: Record<AddressField, MessageKey> = {
  first_name: 'address.firstName',
  last_name: 'address.lastName',
  company: 'address.company',
  line1: 'address.line1',
  line2: 'address.line2',
  city: 'address.city',
  region: 'address.region',
  postal_code: 'address.postalCode',
  country: 'address.country',
  phone: 'address.phone',
};
/** Fields that take the whole width; the others pair up. */
const WIDE = new Set<AddressField>(['company', 'line1', 'line2', 'phone']);

export const EMPTY_ADDRESS: AddressDraft = {
  first_name: '',
  last_name: '',
  company: '',
  line1: '',
  line2: '',
  city: '',
  region: '',
  postal_code: '',
  country: '',
  phone: '',
};

/** An address as the form edits it (missing parts empty). */
export function addressDraftOf(
  a: Partial<Record<AddressField, string | null>> | null | undefined,
): AddressDraft {
  return { ...EMPTY_ADDRESS, ...Object.fromEntries(ADDRESS_FIELDS.map((f) => [f, a?.[f] ?? ''])) };
}

/** The address as the API takes it: empty optional parts left out, the country upper-cased. */
export function addressOf(d: AddressDraft) {
  const out: Record<string, string> = {};
  for (const f of ADDRESS_FIELDS)
    if (d[f].trim()) out[f] = f === 'country' ? d[f].trim().toUpperCase() : d[f].trim();
  return out as { line1: string; city: string; country: string } & Record<string, string>;
}

/** A place's address (a stock location's): no name, company or phone. */
export const PLACE_FIELDS = ['line1', 'line2', 'city', 'region', 'postal_code', 'country'] as const;

/**
 * The address fields, two to a row from small screens up; each field's error from `errorOf`.
 * `fields` picks some of them (in their usual order); `optional`: none is required.
 */
export function AddressFields({
  value,
  onChange,
  errorOf,
  disabled,
  fields = ADDRESS_FIELDS,
  optional,
}: {
  value: AddressDraft;
  onChange: (next: AddressDraft) => void;
  errorOf?: (field: AddressField) => string | undefined;
  disabled?: boolean;
  fields?: readonly AddressField[];
  optional?: boolean;
}) {
  const t = useT();
  return (
    <div className="grid gap-3 sm:grid-cols-2">
      {fields.map((f) => (
        <TextField
          key={f}
          className={WIDE.has(f) ? 'sm:col-span-2' : undefined}
          label={t(LABELS[f])}
          value={value[f]}
          disabled={disabled}
          onChange={(e) => onChange({ ...value, [f]: e.target.value })}
          error={errorOf?.(f)}
          required={!optional && (f === 'line1' || f === 'city' || f === 'country')}
          {...(f === 'country' ? { hint: t('address.countryHint'), maxLength: 2 } : {})}
          {...(f === 'phone' ? { type: 'tel' } : {})}
        />
      ))}
    </div>
  );
}
