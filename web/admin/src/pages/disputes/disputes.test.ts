import { describe, expect, it } from 'vitest';
import { en, type MessageKey } from '../../i18n/catalog.ts';
import {
  deadlineWording,
  disputeFilterOf,
  evidenceBody,
  evidenceErrors,
  evidenceFromOrder,
  openDisputesSummary,
  reasonLabel,
  statusKey,
  statusTone,
  submittedEvidence,
  type OrderForEvidence,
} from './disputes.ts';

const t = (key: MessageKey) => en[key];
const now = new Date('2026-12-05T14:00:00Z');
const later = (ms: number) => new Date(now.getTime() + ms).toISOString();
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

const order: OrderForEvidence = {
  email: 'mai.le@example.com',
  billing_address: null,
  shipping_address: { first_name: 'Mai', last_name: 'Le' },
  lines: [
    { id: 'ol_1', title: 'Shirt', variant_title: 'Size M', quantity: 2, cancelled_quantity: 0 },
    { id: 'ol_2', title: 'Gift wrap', variant_title: null, quantity: 1, cancelled_quantity: 0 },
    { id: 'ol_3', title: 'Hat', variant_title: null, quantity: 1, cancelled_quantity: 1 },
  ],
  fulfilments: [
    { carrier: 'UPS', tracking_number: '1Z999', shipped_at: '2026-11-28T09:30:00.000Z' },
    { carrier: 'USPS', tracking_number: '9400', shipped_at: '2026-11-30T09:30:00.000Z' },
  ],
};

describe('disputes', () => {
  it('names reasons and statuses, a reason not in the catalogue by its words', () => {
    expect(reasonLabel('product_not_received', t)).toBe('Product not received');
    expect(reasonLabel('some_new_reason', t)).toBe('Some new reason');
    expect(t(statusKey('won'))).toBe('Won');
    expect(t(statusKey('warning_needs_response'))).toBe('Inquiry: needs response');
    expect([statusTone('won'), statusTone('lost'), statusTone('needs_response')]).toEqual([
      'green',
      'red',
      'amber',
    ]);
    expect(disputeFilterOf('closed')).toBe('closed');
    expect(disputeFilterOf('won')).toBeUndefined();
  });

  it('words the deadline in whole days rounded down, then hours, and is urgent under 3 days', () => {
    expect(deadlineWording(later(7 * DAY - 1000), now)).toEqual({
      key: 'disputes.inDays',
      vars: { n: 6 },
      urgent: false,
    });
    expect(deadlineWording(later(3 * DAY), now).urgent).toBe(false);
    expect(deadlineWording(later(2 * DAY + HOUR), now)).toEqual({
      key: 'disputes.inDays',
      vars: { n: 2 },
      urgent: true,
    });
    expect(deadlineWording(later(DAY + HOUR), now).key).toBe('disputes.inOneDay');
    expect(deadlineWording(later(5 * HOUR - 60_000), now)).toEqual({
      key: 'disputes.inHours',
      vars: { n: 5 },
      urgent: true,
    });
    expect(deadlineWording(later(10 * 60_000), now).key).toBe('disputes.inOneHour');
    expect(deadlineWording(later(-1), now).key).toBe('disputes.deadlinePassed');
  });

  it('counts the open disputes and finds the nearest deadline of those waiting for an answer', () => {
    expect(
      openDisputesSummary([
        { needs_response: true, evidence_due_by: '2026-12-11T23:59:59Z' },
        { needs_response: false, evidence_due_by: '2026-12-06T23:59:59Z' },
        { needs_response: true, evidence_due_by: '2026-12-09T23:59:59.000Z' },
        { needs_response: true, evidence_due_by: null },
      ]),
    ).toEqual({ count: 4, nextDueBy: '2026-12-09T23:59:59.000Z' });
    expect(openDisputesSummary([{ needs_response: false, evidence_due_by: null }])).toEqual({
      count: 1,
      nextDueBy: null,
    });
    expect(openDisputesSummary([])).toEqual({ count: 0, nextDueBy: null });
  });

  it('fills the evidence from the order: the name, the e-mail, what was sold, the first shipment', () => {
    expect(evidenceFromOrder(order)).toEqual({
      customer_name: 'Mai Le',
      customer_email_address: 'mai.le@example.com',
      product_description: '2 × Shirt — Size M, 1 × Gift wrap',
      shipping_carrier: 'UPS',
      shipping_tracking_number: '1Z999',
      shipping_date: '2026-11-28',
      uncategorized_text: '',
    });
    // The billing name first; nothing shipped leaves the shipment empty.
    const unshipped = evidenceFromOrder({
      ...order,
      billing_address: { first_name: 'Linh', last_name: 'Tran' },
      fulfilments: [],
    });
    expect(unshipped).toMatchObject({
      customer_name: 'Linh Tran',
      shipping_carrier: '',
      shipping_tracking_number: '',
      shipping_date: '',
    });
  });

  it('sends the fields trimmed, empty ones left out, nothing when all are empty', () => {
    const evidence = {
      ...evidenceFromOrder(order),
      shipping_carrier: '  ',
      uncategorized_text: ' winning_evidence ',
    };
    const body = evidenceBody(evidence);
    expect(body).toMatchObject({ uncategorized_text: 'winning_evidence', customer_name: 'Mai Le' });
    expect(body).not.toHaveProperty('shipping_carrier');
    const empty = Object.fromEntries(Object.keys(evidence).map((k) => [k, ''])) as typeof evidence;
    expect(evidenceBody(empty)).toBeNull();
  });

  it('puts the server’s messages beside their fields and lists what was submitted in order', () => {
    expect(
      evidenceErrors([
        { path: 'body.customer_email_address', message: 'Invalid email address' },
        { path: 'body', message: 'give at least one piece of evidence' },
      ]),
    ).toEqual({ customer_email_address: 'Invalid email address' });
    expect(
      submittedEvidence({ uncategorized_text: 'Signed for', customer_name: 'Mai Le', other: 'x' }),
    ).toEqual([
      ['customer_name', 'Mai Le'],
      ['uncategorized_text', 'Signed for'],
    ]);
    expect(submittedEvidence(null)).toEqual([]);
  });
});
