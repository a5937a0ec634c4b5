/** Reading platform values: exact ids beyond 2^53, decimal amounts in minor units, each platform's times. */
import { describe, expect, it } from 'vitest';
import { emailOf, parseJsonKeepingIds, toInstant, toMinorUnits, urlOf } from './wire.ts';

describe('wire', () => {
  it('keeps ids beyond 2^53 digit for digit, and every other number as a number', () => {
    expect(parseJsonKeepingIds('{"id": 981820079255243537, "n": [1, 2.5, -3, 9007199254740991]}')).toEqual({
      id: '981820079255243537',
      n: [1, 2.5, -3, 9007199254740991],
    });
    expect(() => parseJsonKeepingIds('{"id": ')).toThrow(SyntaxError);
  });

  it('turns decimal amounts into minor units exactly, rounding half up past the exponent', () => {
    expect(toMinorUnits('19.99', 'USD')).toBe(1999);
    expect(toMinorUnits(19.99, 'USD')).toBe(1999);
    expect(toMinorUnits(0.1 + 0.2, 'USD')).toBe(30);
    expect(toMinorUnits('108.0000', 'USD')).toBe(10800);
    expect(toMinorUnits(39.9833, 'USD')).toBe(3998);
    expect(toMinorUnits('0.005', 'USD')).toBe(1);
    expect(toMinorUnits('1500', 'JPY')).toBe(1500);
    expect(toMinorUnits('12.345', 'KWD')).toBe(12345);
    expect(toMinorUnits(1e-7, 'USD')).toBe(0);
    expect(toMinorUnits('-5.50', 'USD')).toBe(-550);
  });

  it("reads each platform's times as UTC", () => {
    expect(toInstant('2021-12-31T19:00:00-05:00')).toBe('2022-01-01T00:00:00.000Z');
    expect(toInstant('2024-03-05T10:04:37')).toBe('2024-03-05T10:04:37.000Z');
    expect(toInstant('2024-03-05 10:04:37')).toBe('2024-03-05T10:04:37.000Z');
    expect(toInstant('Tue, 25 Jun 2019 17:16:30 +0000')).toBe('2019-06-25T17:16:30.000Z');
    expect(toInstant(1561482670)).toBe('2019-06-25T17:11:10.000Z');
    expect(toInstant('soon')).toBeNull();
    expect(toInstant('')).toBeNull();
  });

  it('keeps only e-mail addresses and web URLs that are ones', () => {
    expect(emailOf('  Ann@Example.COM ')).toBe('ann@example.com');
    expect(emailOf('not an email')).toBeUndefined();
    expect(urlOf('https://shop.example.com/cart?x=1')).toBe('https://shop.example.com/cart?x=1');
    expect(urlOf('javascript:alert(1)')).toBeUndefined();
    expect(urlOf('')).toBeUndefined();
  });
});
