import { describe, expect, it } from 'vitest';
import { AppError } from '../../platform/errors.ts';
import { canMoveOrder, nextOrderStatus, ORDER_STATUSES, orderStatusesAfter } from './order-states.ts';
import { canMoveReturn, nextReturnStatus, RETURN_STATUSES, returnStatusesAfter } from './return-states.ts';

const ORDER_TABLE: Record<string, string[]> = {
  pending: ['confirmed', 'cancelled'],
  confirmed: ['processing', 'cancelled'],
  processing: ['shipped', 'cancelled'],
  shipped: ['delivered', 'returned'],
  delivered: ['returned'],
  cancelled: ['refunded'],
  returned: ['refunded'],
  refunded: [],
};

const RETURN_TABLE: Record<string, string[]> = {
  requested: ['approved', 'rejected'],
  approved: ['received', 'rejected'],
  received: ['refunded'],
  refunded: [],
  rejected: [],
};

describe('order state machine', () => {
  it('allows exactly the transitions of the table', () => {
    for (const from of ORDER_STATUSES) {
      expect([...orderStatusesAfter(from)].sort()).toEqual([...ORDER_TABLE[from]!].sort());
      for (const to of ORDER_STATUSES) {
        const legal = ORDER_TABLE[from]!.includes(to);
        expect(canMoveOrder(from, to), `${from} → ${to}`).toBe(legal);
        if (legal) expect(nextOrderStatus(from, to, 'ord_x')).toBe(to);
        else {
          const err = (() => {
            try {
              nextOrderStatus(from, to, 'ord_x');
            } catch (e) {
              return e;
            }
          })() as AppError;
          expect(err).toBeInstanceOf(AppError);
          expect(err.code).toBe('INVALID_STATE_TRANSITION');
          expect(err.status).toBe(409);
          expect(err.message).toContain(`is ${from}`);
        }
      }
    }
  });
});

describe('return state machine', () => {
  it('allows exactly the transitions of the table', () => {
    for (const from of RETURN_STATUSES) {
      expect([...returnStatusesAfter(from)].sort()).toEqual([...RETURN_TABLE[from]!].sort());
      for (const to of RETURN_STATUSES) {
        const legal = RETURN_TABLE[from]!.includes(to);
        expect(canMoveReturn(from, to), `${from} → ${to}`).toBe(legal);
        if (legal) expect(nextReturnStatus(from, to, 'ret_x')).toBe(to);
        else expect(() => nextReturnStatus(from, to, 'ret_x')).toThrow(/cannot be/);
      }
    }
  });
});
