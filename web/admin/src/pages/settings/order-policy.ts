import type { Answer, Body } from '../../api/client.ts';

/** The store's order policy (`GET /admin/v1/order-settings`) and the form that edits it. */
export type OrderPolicy = Answer<'/admin/v1/order-settings', 'get'>;
export type OrderPolicyBody = Body<'/admin/v1/order-settings', 'patch'>;
export type PolicyField = keyof OrderPolicy;

/** The fields in the order the page shows them, each with the range the API accepts. */
export const POLICY_FIELDS: { field: PolicyField; min: number; max: number }[] = [
  { field: 'shopper_cancel_minutes', min: 0, max: 10_080 },
  { field: 'unpaid_cancel_days', min: 0, max: 90 },
  { field: 'return_window_days', min: 0, max: 365 },
];

/** The form as typed: each number as text. */
export type PolicyDraft = Record<PolicyField, string>;

export const policyDraftOf = (p: OrderPolicy): PolicyDraft => ({
  shopper_cancel_minutes: String(p.shopper_cancel_minutes),
  unpaid_cancel_days: String(p.unpaid_cancel_days),
  return_window_days: String(p.return_window_days),
});

/**
 * What to send: only the values that changed (`body` null when none did), or, when a value is
 * not a whole number in its range, that field's message (`range(min, max)`) and nothing to send.
 */
export function policyChanges(
  saved: OrderPolicy,
  draft: PolicyDraft,
  range: (min: number, max: number) => string,
): { body: OrderPolicyBody | null } | { errors: Partial<Record<PolicyField, string>> } {
  const errors: Partial<Record<PolicyField, string>> = {};
  const body: OrderPolicyBody = {};
  for (const { field, min, max } of POLICY_FIELDS) {
    const text = draft[field].trim();
    const n = /^\d+$/.test(text) ? Number(text) : NaN;
    if (!(n >= min && n <= max)) errors[field] = range(min, max);
    else if (n !== saved[field]) body[field] = n;
  }
  if (Object.keys(errors).length) return { errors };
  return { body: Object.keys(body).length ? body : null };
}
