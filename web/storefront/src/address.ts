import type { Translate } from './i18n.ts';

/** The address form's fields, as the API names them. */
export interface AddressFields {
  first_name: string;
  last_name: string;
  line1: string;
  line2: string;
  city: string;
  region: string;
  postal_code: string;
  country: string;
  phone: string;
}

export const EMPTY_ADDRESS: AddressFields = {
  first_name: '',
  last_name: '',
  line1: '',
  line2: '',
  city: '',
  region: '',
  postal_code: '',
  country: 'US',
  phone: '',
};

export const COUNTRIES: Record<string, string> = {
  US: 'United States',
  CA: 'Canada',
  GB: 'United Kingdom',
  VN: 'Việt Nam',
  DE: 'Deutschland',
  FR: 'France',
  AU: 'Australia',
  JP: '日本',
};

// The same formats the server checks (platform/address.ts), so mistakes show before a round trip.
const POSTCODES: Record<string, RegExp> = {
  US: /^\d{5}(-\d{4})?$/,
  CA: /^[A-Z]\d[A-Z] ?\d[A-Z]\d$/i,
  GB: /^([A-Z]{1,2}\d[A-Z\d]?|GIR) ?\d[A-Z]{2}$/i,
  VN: /^\d{5,6}$/,
  DE: /^\d{5}$/,
  FR: /^\d{5}$/,
  AU: /^\d{4}$/,
  JP: /^\d{3}-?\d{4}$/,
};

export const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Field errors of an address before it is sent (required fields, postcode format). */
export function validateAddress(a: AddressFields, t: Translate): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const key of ['first_name', 'last_name', 'line1', 'city', 'country'] as const) {
    if (!a[key].trim()) errors[key] = t('checkout.required');
  }
  const format = POSTCODES[a.country];
  if (format && !a.postal_code.trim()) errors.postal_code = t('checkout.required');
  else if (format && !format.test(a.postal_code.trim()))
    errors.postal_code = `${t('checkout.postal_code')}: ${a.postal_code}?`;
  return errors;
}

/** The address as the API takes it: optional fields left out when empty. */
export function addressBody(a: AddressFields) {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(a)) if (v.trim()) out[k] = v.trim();
  return out as { line1: string; city: string; country: string } & Partial<
    Record<keyof AddressFields, string>
  >;
}

/** A shop's or warehouse's address on one line ("500 Congress Ave, Austin TX 78701, US"). */
export function addressLine(a: Record<string, string | undefined>): string {
  return [a.line1, a.line2, [a.city, a.region, a.postal_code].filter(Boolean).join(' '), a.country]
    .filter(Boolean)
    .join(', ');
}
