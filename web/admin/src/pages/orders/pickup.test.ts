import { describe, expect, it } from 'vitest';
import { placedWithoutAddress } from './pickup.ts';

const shop = { line1: '500 Congress Ave', city: 'Austin', postal_code: '78701', country: 'US' };

describe('placedWithoutAddress', () => {
  it('is true when the order’s address is the pickup point’s (in the shopper’s name)', () => {
    expect(placedWithoutAddress({ ...shop, first_name: 'Cy' } as typeof shop, shop)).toBe(true);
  });
  it('is false for an address the shopper gave', () => {
    expect(placedWithoutAddress({ ...shop, line1: '1 Main St', postal_code: '73301' }, shop)).toBe(false);
  });
});
