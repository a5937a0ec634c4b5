import type { Answer, Body } from '../../api/client.ts';
import type { FieldError } from '../../api/errors.ts';

/** The store's order policy (`GET /admin/v1/order-settings`) and the form that edits it. */
export type OrderPolicy = Answer<'/admin/v1/order-settings', 'get'>;
export type OrderPolicyBody = Body<'/admin/v1/order-settings', 'patch'>;
export type PolicyField = keyof OrderPolicy;
/** The values that are whole numbers (all but the staff addresses). */
export type NumberField = Exclude<PolicyField, 'new_order_emails'>;

/** At most this many staff addresses hear of each new order. */
export const MAX_NEW_ORDER_EMAILS = 5;

/** The numbers in the order the page shows them, each with the range the API accepts. */
export const POLICY_FIELDS: { field: NumberField; min: number; max: number }[] = [
  { field: 'shopper_cancel_minutes', min: 0, max: 10_080 },
  { field: 'unpaid_cancel_days', min: 0, max: 90 },
  { field: 'return_window_days', min: 0, max: 365 },
];

/** The form as typed: each number as text, the staff addresses one a line. */
export type PolicyDraft = Record<NumberField, string> & { new_order_emails: string };

export const policyDraftOf = (p: OrderPolicy): PolicyDraft => ({
  shopper_cancel_minutes: String(p.shopper_cancel_minutes),
  unpaid_cancel_days: String(p.unpaid_cancel_days),
  return_window_days: String(p.return_window_days),
  new_order_emails: p.new_order_emails.join('\n'),
});

/**
 * The addresses typed, one a line or separated by commas, each with the line (from 1) it is on —
 * for telling which line the API refused. Blanks are skipped; the API checks and lower-cases.
 */
export function parseEmails(text: string): { address: string; line: number }[] {
  return text.split('\n').flatMap((row, i) =>
    row
      .split(/[,;]/)
      .map((address) => address.trim())
      .filter(Boolean)
      .map((address) => ({ address, line: i + 1 })),
  );
}

interface PolicyMessages {
  /** A number out of its range, or not a whole number. */
  range: (min: number, max: number) => string;
  /** More staff addresses than the API takes. */
  tooManyEmails: (max: number) => string;
}

/**
 * What to send: only the values that changed (`body` null when none did), with, for the staff
 * addresses, the line each one sent came from (`emailLines`, by its place in the list); or, when a
 * value is not a whole number in its range or there are too many addresses, that field's message
 * and nothing to send.
 */
export function policyChanges(
  saved: OrderPolicy,
  draft: PolicyDraft,
  messages: PolicyMessages,
): { body: OrderPolicyBody | null; emailLines: number[] } | { errors: Partial<Record<PolicyField, string>> } {
  const errors: Partial<Record<PolicyField, string>> = {};
  const body: OrderPolicyBody = {};
  for (const { field, min, max } of POLICY_FIELDS) {
    const text = draft[field].trim();
    const n = /^\d+$/.test(text) ? Number(text) : NaN;
    if (!(n >= min && n <= max)) errors[field] = messages.range(min, max);
    else if (n !== saved[field]) body[field] = n;
  }
  const emails = parseEmails(draft.new_order_emails);
  const addresses = emails.map((e) => e.address);
  if (addresses.length > MAX_NEW_ORDER_EMAILS)
    errors.new_order_emails = messages.tooManyEmails(MAX_NEW_ORDER_EMAILS);
  else if (addresses.map((a) => a.toLowerCase()).join('\n') !== saved.new_order_emails.join('\n'))
    body.new_order_emails = addresses;
  if (Object.keys(errors).length) return { errors };
  return { body: Object.keys(body).length ? body : null, emailLines: emails.map((e) => e.line) };
}

/**
 * The API's refusals of the staff addresses, as one message: `body.new_order_emails.N` told by the
 * line the N-th address came from (`line(n, message)`), a refusal of the list as a whole as it is.
 */
export function emailsError(
  errors: FieldError[],
  emailLines: number[],
  line: (n: number, message: string) => string,
): string | undefined {
  const messages = errors.flatMap(({ path, message }) => {
    if (path === 'body.new_order_emails') return [message];
    const index = /^body\.new_order_emails\.(\d+)$/.exec(path)?.[1];
    if (index === undefined) return [];
    return [line(emailLines[Number(index)] ?? Number(index) + 1, message)];
  });
  return messages.length ? [...new Set(messages)].join('; ') : undefined;
}
