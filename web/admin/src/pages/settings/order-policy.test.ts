import { describe, expect, it } from 'vitest';
import { emailsError, parseEmails, policyChanges, policyDraftOf, type OrderPolicy } from './order-policy.ts';

/** The "Orders & returns" form ↔ the API's order policy, without a browser. */

const saved: OrderPolicy = {
  shopper_cancel_minutes: 60,
  unpaid_cancel_days: 7,
  return_window_days: 30,
  new_order_emails: ['owner@shop.test'],
};
const messages = {
  range: (min: number, max: number) => `${min}-${max}`,
  tooManyEmails: (max: number) => `at most ${max}`,
};
const lines = [1, 2];

describe('order policy form', () => {
  it('sends only what changed, and nothing when nothing did', () => {
    expect(policyChanges(saved, policyDraftOf(saved), messages)).toEqual({ body: null, emailLines: [1] });
    const draft = { ...policyDraftOf(saved), return_window_days: ' 14 ' };
    expect(policyChanges(saved, draft, messages)).toEqual({
      body: { return_window_days: 14 },
      emailLines: [1],
    });
    const zeros = {
      shopper_cancel_minutes: '0',
      unpaid_cancel_days: '0',
      return_window_days: '0',
      new_order_emails: '',
    };
    expect(policyChanges(saved, zeros, messages)).toEqual({
      body: { shopper_cancel_minutes: 0, unpaid_cancel_days: 0, return_window_days: 0, new_order_emails: [] },
      emailLines: [],
    });
  });

  it('names each value outside its range, or not a whole number, and sends nothing', () => {
    const draft = {
      shopper_cancel_minutes: '10081',
      unpaid_cancel_days: '2.5',
      return_window_days: '',
      new_order_emails: '',
    };
    expect(policyChanges(saved, draft, messages)).toEqual({
      errors: { shopper_cancel_minutes: '0-10080', unpaid_cancel_days: '0-90', return_window_days: '0-365' },
    });
    const oneBad = { ...policyDraftOf(saved), unpaid_cancel_days: '91', return_window_days: '365' };
    expect(policyChanges(saved, oneBad, messages)).toEqual({ errors: { unpaid_cancel_days: '0-90' } });
    expect(policyChanges(saved, { ...policyDraftOf(saved), return_window_days: '-1' }, messages)).toEqual({
      errors: { return_window_days: '0-365' },
    });
  });

  it('reads staff addresses one a line or comma-separated, sends them only when changed', () => {
    expect(parseEmails(' a@shop.test \n\nb@shop.test, c@shop.test\n')).toEqual([
      { address: 'a@shop.test', line: 1 },
      { address: 'b@shop.test', line: 3 },
      { address: 'c@shop.test', line: 3 },
    ]);
    const draft = (new_order_emails: string) => ({ ...policyDraftOf(saved), new_order_emails });
    // The API lower-cases: the same address in capitals is no change.
    expect(policyChanges(saved, draft('Owner@Shop.test\n'), messages)).toEqual({
      body: null,
      emailLines: [1],
    });
    expect(policyChanges(saved, draft('owner@shop.test\n\nNot An Address'), messages)).toEqual({
      body: { new_order_emails: ['owner@shop.test', 'Not An Address'] },
      emailLines: [1, 3],
    });
    expect(
      policyChanges(saved, draft('a@x.test,b@x.test,c@x.test,d@x.test,e@x.test\nf@x.test'), messages),
    ).toEqual({
      errors: { new_order_emails: 'at most 5' },
    });
  });

  it("tells the API's refusal of an address by its line, and of the list as it is", () => {
    const line = (n: number, message: string) => `Line ${n}: ${message}`;
    const error = (path: string, message = 'an e-mail address') => ({ path, message });
    expect(emailsError([error('body.new_order_emails.1')], lines, line)).toBe('Line 2: an e-mail address');
    expect(emailsError([error('body.new_order_emails.0')], [3], line)).toBe('Line 3: an e-mail address');
    expect(
      emailsError([error('body.new_order_emails.0'), error('body.new_order_emails.1')], lines, line),
    ).toBe('Line 1: an e-mail address; Line 2: an e-mail address');
    expect(emailsError([error('body.new_order_emails', 'each address once')], lines, line)).toBe(
      'each address once',
    );
    expect(emailsError([error('body.return_window_days', 'too big')], lines, line)).toBeUndefined();
    expect(emailsError([], lines, line)).toBeUndefined();
  });
});
