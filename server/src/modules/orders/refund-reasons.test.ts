import { describe, expect, it } from 'vitest';
import { newId } from '../../platform/ids.ts';
import { kindOfRefund, refundReasons } from './refund-reasons.ts';

describe('kindOfRefund', () => {
  it('reads back the reasons the orders module gives its refunds', () => {
    const ret = newId('ret');
    const ord = newId('ord');
    expect(kindOfRefund(refundReasons.returned(ret, ord))).toEqual({ kind: 'return', returnId: ret });
    expect(kindOfRefund(refundReasons.itemsCancelled(ord)).kind).toBe('cancelled_items');
    expect(kindOfRefund(refundReasons.orderCancelled(ord)).kind).toBe('cancelled_order');
  });
  it('takes staff’s words for what they are, even when they look alike', () => {
    expect(kindOfRefund('Order 1001 cancelled').kind).toBe('refund');
    expect(kindOfRefund('Return R1 of order 1001')).toEqual({ kind: 'refund', returnId: null });
    expect(kindOfRefund(null).kind).toBe('refund');
  });
});
