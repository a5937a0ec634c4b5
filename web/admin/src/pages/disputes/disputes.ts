import type { Answer } from '../../api/client.ts';
import { en, type MessageKey } from '../../i18n/catalog.ts';
import { lineName } from '../orders/order-edits.ts';

/** A dispute (chargeback) as the API shows it. */
export type Dispute = Answer<'/admin/v1/payment-disputes/{disputeId}', 'get'>;
export type DisputeStatus = Dispute['status'];

/** The list's filter: waiting for an answer or a decision, decided, or every dispute. */
export const DISPUTE_FILTERS = ['open', 'closed', 'all'] as const;
export type DisputeFilter = (typeof DISPUTE_FILTERS)[number];
export const disputeFilterOf = (v: unknown): DisputeFilter | undefined =>
  DISPUTE_FILTERS.find((f) => f === v);

/** The card network's reason as people read it: `disputes.reason.<reason>`, else the words of the code. */
export function reasonLabel(reason: string, t: (key: MessageKey) => string): string {
  const key = `disputes.reason.${reason}`;
  if (key in en) return t(key as MessageKey);
  const words = reason.replace(/_/g, ' ').trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** The message key naming a dispute's status. */
export const statusKey = (status: DisputeStatus): MessageKey => `disputes.status.${status}`;

/** The colour of a dispute's status: won green, lost red, waiting for the merchant amber. */
export function statusTone(status: DisputeStatus): 'green' | 'red' | 'amber' | 'blue' | 'grey' {
  if (status === 'won') return 'green';
  if (status === 'lost') return 'red';
  if (status === 'needs_response' || status === 'warning_needs_response') return 'amber';
  if (status === 'under_review' || status === 'warning_under_review') return 'blue';
  return 'grey';
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/**
 * How long is left to answer, as words to fill: "in 6 days", "in 1 day", "in 5 hours", or past the
 * deadline. Whole days rounded down (never more time than there is); `urgent` under 3 days.
 */
export function deadlineWording(
  dueBy: string,
  now: Date,
): { key: MessageKey; vars: { n: number }; urgent: boolean } {
  const left = new Date(dueBy).getTime() - now.getTime();
  if (left <= 0) return { key: 'disputes.deadlinePassed', vars: { n: 0 }, urgent: true };
  const urgent = left < 3 * DAY;
  const days = Math.floor(left / DAY);
  if (days >= 2) return { key: 'disputes.inDays', vars: { n: days }, urgent };
  if (days === 1) return { key: 'disputes.inOneDay', vars: { n: 1 }, urgent };
  const hours = Math.max(1, Math.ceil(left / HOUR));
  return { key: hours === 1 ? 'disputes.inOneHour' : 'disputes.inHours', vars: { n: hours }, urgent };
}

/**
 * The open disputes in brief, for the dashboard: how many, and the nearest deadline — the earliest
 * `evidence_due_by` of those waiting for an answer (null when none waits).
 */
export function openDisputesSummary(
  disputes: readonly Pick<Dispute, 'needs_response' | 'evidence_due_by'>[],
): { count: number; nextDueBy: string | null } {
  let next: string | null = null;
  for (const d of disputes) {
    if (!d.needs_response || !d.evidence_due_by) continue;
    if (next === null || new Date(d.evidence_due_by).getTime() < new Date(next).getTime()) {
      next = d.evidence_due_by;
    }
  }
  return { count: disputes.length, nextDueBy: next };
}

/** The evidence fields Carton offers, in the order the dialog and the card show them. */
export const EVIDENCE_FIELDS = [
  'customer_name',
  'customer_email_address',
  'product_description',
  'shipping_carrier',
  'shipping_tracking_number',
  'shipping_date',
  'uncategorized_text',
] as const;
export type EvidenceField = (typeof EVIDENCE_FIELDS)[number];
export type Evidence = Record<EvidenceField, string>;

/** The label of an evidence field (no "mail" in it: the customer's address is "Customer contact"). */
export const evidenceLabelKey = (field: EvidenceField): MessageKey => `disputes.field.${field}`;

type Name = { first_name?: string; last_name?: string } | null;
/** What of an order the evidence starts from. */
export interface OrderForEvidence {
  email: string;
  billing_address: Name;
  shipping_address: Name;
  lines: {
    id: string;
    title: string;
    variant_title: string | null;
    quantity: number;
    cancelled_quantity: number;
  }[];
  fulfilments: { carrier: string | null; tracking_number: string | null; shipped_at: string }[];
}

const fullName = (a: Name) =>
  [a?.first_name, a?.last_name]
    .filter((p) => p?.trim())
    .join(' ')
    .trim();

/**
 * The evidence filled from the order: the customer's name (billing address, else shipping), their
 * e-mail, what was sold ("2 × Shirt — Size M", units cancelled left out), the first fulfilment's
 * carrier, tracking number and day; "Anything else" empty.
 */
export function evidenceFromOrder(order: OrderForEvidence): Evidence {
  const first = order.fulfilments[0];
  return {
    customer_name: fullName(order.billing_address) || fullName(order.shipping_address),
    customer_email_address: order.email,
    product_description: order.lines
      .map((l) => ({ l, n: l.quantity - l.cancelled_quantity }))
      .filter(({ n }) => n > 0)
      .map(({ l, n }) => `${n} × ${lineName(order.lines, l.id)}`)
      .join(', ')
      .slice(0, 5000),
    shipping_carrier: first?.carrier ?? '',
    shipping_tracking_number: first?.tracking_number ?? '',
    shipping_date: first ? first.shipped_at.slice(0, 10) : '',
    uncategorized_text: '',
  };
}

/** The body of the answer: each field trimmed, the empty ones left out; null when nothing is left. */
export function evidenceBody(evidence: Evidence): Partial<Evidence> | null {
  const body: Partial<Evidence> = {};
  for (const field of EVIDENCE_FIELDS) {
    const value = evidence[field].trim();
    if (value) body[field] = value;
  }
  return Object.keys(body).length > 0 ? body : null;
}

/** The server's messages by evidence field (`body.customer_email_address` → that field). */
export function evidenceErrors(errors: { path: string; message: string }[]): Partial<Evidence> {
  const out: Partial<Evidence> = {};
  for (const e of errors) {
    const field = EVIDENCE_FIELDS.find((f) => e.path === `body.${f}` || e.path === f);
    if (field && !out[field]) out[field] = e.message;
  }
  return out;
}

/** What was submitted, in the fields' order, as label key and text (unknown fields left out). */
export function submittedEvidence(evidence: Record<string, string> | null): [EvidenceField, string][] {
  if (!evidence) return [];
  return EVIDENCE_FIELDS.filter((f) => evidence[f]).map((f) => [f, evidence[f]!]);
}
