import { z } from 'zod';
import { AppError, type FieldError } from './errors.ts';

/**
 * Postal addresses, shared by carts, checkout, shipping, tax, orders and customers. Countries are
 * ISO 3166-1 alpha-2 codes; a postcode is checked against its country's format where one is known.
 */

// ISO 3166-1 alpha-2, every officially assigned code.
const COUNTRY_CODES = new Set(
  (
    'AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT BV BW ' +
    'BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE EG EH ER ES ET FI ' +
    'FJ FK FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN ' +
    'IO IQ IR IS IT JE JM JO JP KE KG KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME ' +
    'MF MG MH MK ML MM MN MO MP MQ MR MS MT MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF ' +
    'PG PH PK PL PM PN PR PS PT PW PY QA RE RO RS RU RW SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV ' +
    'SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI VN VU WF WS YE ' +
    'YT ZA ZM ZW'
  ).split(' '),
);

/**
 * Postcode formats (after normalization: upper case, single spaces). Countries not listed accept
 * any postcode; those in NO_POSTCODE have none, and one given there is ignored.
 */
const POSTCODE_FORMATS: Record<string, RegExp> = {
  US: /^\d{5}(-\d{4})?$/,
  CA: /^[ABCEGHJ-NPRSTVXY]\d[ABCEGHJ-NPRSTV-Z] ?\d[ABCEGHJ-NPRSTV-Z]\d$/,
  GB: /^([A-Z]{1,2}\d[A-Z\d]?|GIR) ?\d[A-Z]{2}$/,
  VN: /^\d{5,6}$/,
  DE: /^\d{5}$/,
  FR: /^\d{5}$/,
  IT: /^\d{5}$/,
  ES: /^\d{5}$/,
  NL: /^\d{4} ?[A-Z]{2}$/,
  BE: /^\d{4}$/,
  AT: /^\d{4}$/,
  CH: /^\d{4}$/,
  DK: /^\d{4}$/,
  NO: /^\d{4}$/,
  SE: /^\d{3} ?\d{2}$/,
  FI: /^\d{5}$/,
  PL: /^\d{2}-\d{3}$/,
  PT: /^\d{4}-\d{3}$/,
  IE: /^[A-Z\d]{3} ?[A-Z\d]{4}$/,
  AU: /^\d{4}$/,
  NZ: /^\d{4}$/,
  JP: /^\d{3}-?\d{4}$/,
  KR: /^\d{5}$/,
  CN: /^\d{6}$/,
  IN: /^\d{6}$/,
  SG: /^\d{6}$/,
  TH: /^\d{5}$/,
  MY: /^\d{5}$/,
  ID: /^\d{5}$/,
  PH: /^\d{4}$/,
  TW: /^\d{3}(\d{2,3})?$/,
  BR: /^\d{5}-?\d{3}$/,
  MX: /^\d{5}$/,
  ZA: /^\d{4}$/,
};
const NO_POSTCODE = new Set(['HK', 'AE', 'QA', 'AO', 'AG', 'BS', 'BZ', 'FJ', 'GD', 'JM', 'PA']);

export const CountryCode = z
  .string()
  .transform((c) => c.trim().toUpperCase())
  .refine((c) => COUNTRY_CODES.has(c), {
    message: 'Unknown country: use an ISO 3166-1 alpha-2 code, e.g. VN.',
  });

const line = (max: number) => z.string().trim().min(1).max(max);

/** An address as clients send it and Carton stores it (snake_case, like the rest of the API). */
export const AddressInput = z
  .object({
    first_name: line(100).optional(),
    last_name: line(100).optional(),
    company: line(200).optional(),
    line1: line(200),
    line2: line(200).optional(),
    city: line(100),
    /** ISO 3166-2 subdivision code without the country (e.g. `CA` for California) or its name. */
    region: line(100).optional(),
    postal_code: z.string().trim().max(20).optional(),
    country: CountryCode,
    phone: z
      .string()
      .trim()
      .regex(/^\+?[0-9 ()-]{6,20}$/, 'A phone number has 6–20 digits, spaces, dashes or brackets.')
      .optional(),
  })
  .strict()
  .superRefine((a, ctx) => {
    const error = postcodeError(a.country, a.postal_code);
    if (error) ctx.addIssue({ code: 'custom', path: ['postal_code'], message: error });
  })
  .transform((a) => ({ ...a, postal_code: normalizePostcode(a.country, a.postal_code) }));

export type Address = z.output<typeof AddressInput>;

function normalizePostcode(country: string, postcode: string | undefined): string | undefined {
  if (NO_POSTCODE.has(country) || !postcode) return undefined;
  return postcode.toUpperCase().replace(/\s+/g, ' ');
}

/** Why `postcode` is not valid in `country`, or undefined when it is. */
export function postcodeError(country: string, postcode: string | undefined): string | undefined {
  if (NO_POSTCODE.has(country)) return undefined;
  const format = POSTCODE_FORMATS[country];
  const normalized = normalizePostcode(country, postcode);
  if (!normalized) return format ? `A postcode is required in ${country}.` : undefined;
  if (format && !format.test(normalized)) return `"${postcode}" is not a valid postcode in ${country}.`;
  return undefined;
}

/** Parse an address from a service's input; errors name fields under `at` (e.g. `body.shipping_address`). */
export function parseAddress(value: unknown, at: string): Address {
  const result = AddressInput.safeParse(value);
  if (result.success) return result.data;
  const errors: FieldError[] = result.error.issues.map((i) => ({
    path: [at, ...i.path.map(String)].join('.'),
    message: i.message,
  }));
  throw new AppError('VALIDATION_FAILED', 'The address is not valid.', { errors });
}

export function isCountryCode(code: string): boolean {
  return COUNTRY_CODES.has(code);
}

/** A postal address as the API shows it (carts, orders, the address book). */
export const AddressView = z.object({
  first_name: z.string().optional(),
  last_name: z.string().optional(),
  company: z.string().optional(),
  line1: z.string(),
  line2: z.string().optional(),
  city: z.string(),
  region: z.string().optional(),
  postal_code: z.string().optional(),
  country: z.string().describe('ISO 3166-1 alpha-2'),
  phone: z.string().optional(),
});
