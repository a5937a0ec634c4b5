import { describe, expect, it } from 'vitest';
import { awaitingCreditNote, refundsAwaitingNote } from './credit-notes.ts';

const now = Date.parse('2026-12-03T12:00:00Z');
const refund = (id: string, status: string, secondsAgo: number) => ({
  id,
  amount: 500,
  currency: 'USD',
  status,
  created_at: new Date(now - secondsAgo * 1000).toISOString(),
});

describe('credit notes awaited on the order page', () => {
  it('a refund that just succeeded and has no note waits for one; a failed or pending one does not', () => {
    const order = {
      refunds: [refund('re_1', 'succeeded', 5), refund('re_2', 'failed', 5), refund('re_3', 'pending', 5)],
      credit_notes: [],
    };
    expect(refundsAwaitingNote(order, now).map((r) => r.id)).toEqual(['re_1']);
    expect(awaitingCreditNote(order, now)).toBe(true);
  });

  it('a refund with its note waits for nothing', () => {
    const order = { refunds: [refund('re_1', 'succeeded', 5)], credit_notes: [{ refund_id: 're_1' }] };
    expect(refundsAwaitingNote(order, now)).toEqual([]);
    expect(awaitingCreditNote(order, now)).toBe(false);
  });

  it('only a refund of the last minute is waited for (older ones, from before credit notes, never get one)', () => {
    const order = { refunds: [refund('re_1', 'succeeded', 61)], credit_notes: [] };
    expect(refundsAwaitingNote(order, now)).toEqual([]);
    expect(awaitingCreditNote(order, now)).toBe(false);
    expect(awaitingCreditNote(undefined, now)).toBe(false);
  });
});
