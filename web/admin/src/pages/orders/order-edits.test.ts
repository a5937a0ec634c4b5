import { describe, expect, it } from 'vitest';
import { editBody, editLineLabels, lineName, paymentOutcomeKey, removeErrors } from './order-edits.ts';

const lines = [
  { id: 'ol_1', title: 'Shirt', variant_title: 'Size M' },
  { id: 'ol_2', title: 'Shirt', variant_title: 'Size L' },
  { id: 'ol_3', title: 'Gift wrap', variant_title: null },
];
const parse = (text: string) => (/^\d+(\.\d{1,2})?$/.test(text) ? Math.round(Number(text) * 100) : null);
const options = { reason: '', restock: true, notify: true };

describe('order edits on the order page', () => {
  it('names lines with their variant, and lists what an edit added then took out', () => {
    expect(lineName(lines, 'ol_3')).toBe('Gift wrap');
    expect(lineName(lines, 'ol_9')).toBe('ol_9');
    expect(
      editLineLabels(lines, {
        added: [{ order_line_id: 'ol_2', quantity: 1 }],
        removed: [{ order_line_id: 'ol_1', quantity: 2 }],
      }),
    ).toEqual(['+1 × Shirt — Size L', '−2 × Shirt — Size M']);
  });

  it('says what the payment does for each outcome', () => {
    expect(paymentOutcomeKey('nothing')).toBe('orderEdits.payment.nothing');
    expect(paymentOutcomeKey('not_covered')).toBe('orderEdits.payment.not_covered');
  });

  it('builds the body: zero units and empty lists left out, a price only when typed, an unreadable price refused', () => {
    const add = [
      { variantId: 'var_1', name: 'Shirt — Size L', quantity: 1, price: '' },
      { variantId: 'var_2', name: 'Socks', quantity: 2, price: '4.50' },
      { variantId: 'var_3', name: 'Hat', quantity: 0, price: '' },
    ];
    expect(editBody({ ol_1: 1, ol_2: 0 }, add, { ...options, reason: ' Size up ' }, parse)).toEqual({
      add: [
        { variant_id: 'var_1', quantity: 1 },
        { variant_id: 'var_2', quantity: 2, unit_price: 450 },
      ],
      remove: [{ order_line_id: 'ol_1', quantity: 1 }],
      reason: 'Size up',
      restock: true,
      notify_customer: true,
    });
    expect(editBody({}, [{ ...add[0]!, price: 'abc' }], options, parse)).toBeNull();
    expect(editBody({ ol_1: 0 }, [], { ...options, restock: false, notify: false }, parse)).toEqual({
      restock: false,
      notify_customer: false,
    });
  });

  it('puts the server’s messages beside the lines they were sent for', () => {
    const sent = [{ order_line_id: 'ol_2' }, { order_line_id: 'ol_1' }];
    expect(
      removeErrors(
        [
          { path: 'body.remove.1.quantity', message: 'At most 1' },
          { path: 'body.add.0.variant_id', message: 'Not for sale' },
        ],
        sent,
      ),
    ).toEqual({ ol_1: 'At most 1' });
  });
});
