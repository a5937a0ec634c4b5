import { describe, expect, it } from 'vitest';
import { AddressInput, parseAddress, postcodeError } from './address.ts';
import { AppError } from './errors.ts';

const base = { line1: '12 Lý Thái Tổ', city: 'Hà Nội', country: 'vn', postal_code: '100000' };

describe('addresses', () => {
  it('normalizes the country and postcode', () => {
    const a = parseAddress({ ...base, country: ' gb ', postal_code: 'sw1a   1aa' }, 'body.address');
    expect(a.country).toBe('GB');
    expect(a.postal_code).toBe('SW1A 1AA');
  });

  it('refuses unknown countries and malformed postcodes, naming the field', () => {
    expect(AddressInput.safeParse({ ...base, country: 'XX' }).success).toBe(false);
    expect(postcodeError('US', '1234')).toMatch(/not a valid postcode/);
    expect(postcodeError('US', undefined)).toMatch(/required/);
    expect(postcodeError('US', '94105-1234')).toBeUndefined();
    try {
      parseAddress({ ...base, country: 'US', postal_code: 'ABCDE' }, 'body.shipping_address');
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(AppError);
      expect((err as AppError).errors).toEqual([
        { path: 'body.shipping_address.postal_code', message: '"ABCDE" is not a valid postcode in US.' },
      ]);
    }
  });

  it('accepts any postcode where no format is known, and drops one where none exists', () => {
    expect(parseAddress({ ...base, country: 'KE', postal_code: '00100' }, 'a').postal_code).toBe('00100');
    expect(parseAddress({ ...base, country: 'HK', postal_code: '999077' }, 'a').postal_code).toBeUndefined();
  });

  it('refuses unknown fields', () => {
    expect(AddressInput.safeParse({ ...base, zip: '1' }).success).toBe(false);
  });
});
