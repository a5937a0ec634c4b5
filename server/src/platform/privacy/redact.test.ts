import { describe, expect, it } from 'vitest';
import { mentionPatterns, redactJson } from './redact.ts';

const r = { needles: ['Ann@Example.com', 'cus_1'], replacement: 'erased+cus_1@invalid' };

describe('redactJson', () => {
  it('nulls personal fields, replaces the e-mail wherever it appears, keeps the rest', () => {
    const payload = {
      cartId: 'cart_1',
      customerId: 'cus_1',
      email: 'ann@example.com',
      value: 1200,
      note: 'from ANN@example.com',
      shipping_address: { line1: '1 Main St', city: 'Austin', country: 'US' },
      lines: [{ sku: 'TEE', title: 'Tee', quantity: 1 }],
      contact: { first_name: 'Ann', last_name: 'Lee', phone: '+1555' },
    };
    expect(redactJson(payload, r)).toEqual({
      cartId: 'cart_1',
      customerId: 'cus_1',
      email: 'erased+cus_1@invalid',
      value: 1200,
      note: 'erased+cus_1@invalid',
      shipping_address: null,
      lines: [{ sku: 'TEE', title: 'Tee', quantity: 1 }],
      contact: { first_name: null, last_name: null, phone: null },
    });
  });

  it('returns the same object when there is nothing to redact', () => {
    const payload = { orderId: 'ord_1', lines: [{ sku: 'A' }], email: null };
    expect(redactJson(payload, r)).toBe(payload);
  });

  it('escapes LIKE wildcards in the patterns', () => {
    expect(mentionPatterns(['a_b%c@x.io', ''])).toEqual(['%a\\_b\\%c@x.io%']);
  });
});
