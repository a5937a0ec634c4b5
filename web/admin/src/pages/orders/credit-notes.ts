/**
 * Credit notes on the order page: the server issues one for every refund that succeeded, a moment
 * after it (an event subscriber), so for a while a refund can be there without its note. Refunds
 * made before credit notes existed never get one: only a recent refund is waited for.
 */

interface Refund {
  id: string;
  status: string;
  created_at: string;
}

/** How long after a refund the page waits (and asks again) for its credit note. */
const AWAIT_NOTE_MS = 60_000;

/** Refunds that succeeded within the last minute and have no credit note yet. */
export function refundsAwaitingNote<R extends Refund>(
  order: { refunds: R[]; credit_notes: { refund_id: string }[] },
  now = Date.now(),
): R[] {
  const noted = new Set(order.credit_notes.map((n) => n.refund_id));
  return order.refunds.filter(
    (r) => r.status === 'succeeded' && !noted.has(r.id) && now - Date.parse(r.created_at) < AWAIT_NOTE_MS,
  );
}

/**
 * Whether the order page should ask for the order again soon: a recent refund still waits for its
 * credit note (the live feed's `order.credit_note_issued` usually refreshes the page first).
 */
export function awaitingCreditNote(
  order: { refunds: Refund[]; credit_notes: { refund_id: string }[] } | undefined,
  now = Date.now(),
): boolean {
  return !!order && refundsAwaitingNote(order, now).length > 0;
}
