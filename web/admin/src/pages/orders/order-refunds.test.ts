import { describe, expect, it } from 'vitest';
import { itemsEstimate, refundableUnits, shippingRefundable, unitsInReturns } from './order-refunds.ts';

const line = { id: 'ol_1', quantity: 3, fulfilled_quantity: 3, refunded_quantity: 0, total: 3000, tax: 300 };
const ret = (status: string, quantity: number, received_quantity = 0) => ({
  status,
  lines: [{ order_line_id: 'ol_1', quantity, received_quantity }],
});
const order = (o: Partial<Parameters<typeof shippingRefundable>[0]> = {}) => ({
  tax_inclusive: false,
  totals: { shipping: 1000 },
  shipping: { tax: 100 },
  returns: [],
  order_refunds: [],
  ...o,
});

describe('refunds without a return on the order page', () => {
  it('offers shipped units neither in a return (a received one by what came back) nor refunded', () => {
    expect(refundableUnits(order(), line)).toBe(3);
    const returns = [ret('requested', 1), ret('received', 2, 1), ret('rejected', 3)];
    expect(unitsInReturns(order({ returns }), 'ol_1')).toBe(2);
    expect(refundableUnits(order({ returns }), { ...line, refunded_quantity: 1 })).toBe(0);
    expect(refundableUnits(order(), { ...line, fulfilled_quantity: 1, refunded_quantity: 2 })).toBe(0);
  });

  it('offers the shipping with its tax (tax-exclusive stores) less what refunds not failed gave back', () => {
    expect(shippingRefundable(order())).toBe(1100);
    expect(shippingRefundable(order({ tax_inclusive: true }))).toBe(1000);
    expect(shippingRefundable(order({ shipping: null }))).toBe(1000);
    const refunds = [
      { status: 'refunded', shipping_amount: 400 },
      { status: 'pending', shipping_amount: 100 },
      { status: 'failed', shipping_amount: 600 },
    ];
    expect(shippingRefundable(order({ order_refunds: refunds }))).toBe(600);
    expect(shippingRefundable(order({ totals: { shipping: 0 }, order_refunds: refunds }))).toBe(0);
  });

  it('estimates units at their share of what the line was paid for', () => {
    expect(itemsEstimate({ tax_inclusive: false }, [line], [{ order_line_id: 'ol_1', quantity: 2 }])).toBe(
      2200,
    );
    expect(itemsEstimate({ tax_inclusive: true }, [line], [{ order_line_id: 'ol_1', quantity: 1 }])).toBe(
      1000,
    );
    expect(itemsEstimate({ tax_inclusive: true }, [line], [{ order_line_id: 'nope', quantity: 1 }])).toBe(0);
  });
});
