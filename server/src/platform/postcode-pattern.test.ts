import { describe, expect, it } from 'vitest';
import { compilePostcodePattern, postcodeMatches, postcodePatternError } from './postcode-pattern.ts';

const matches = (pattern: string, postcode: string | undefined) =>
  postcodeMatches(compilePostcodePattern(pattern), postcode);

describe('postcode patterns', () => {
  it('ranges compare the leading digits, ends included', () => {
    expect(matches('700000-709999', '700000')).toBe(true);
    expect(matches('700000-709999', '709999')).toBe(true);
    expect(matches('700000-709999', '705123')).toBe(true);
    expect(matches('700000-709999', '699999')).toBe(false);
    expect(matches('700000-709999', '710000')).toBe(false);
    // US ZIP+4: the first five digits decide.
    expect(matches('10000-14999', '10001-1234')).toBe(true);
    expect(matches('10000-14999', '15001-1234')).toBe(false);
    // Too short or not digits: outside.
    expect(matches('10000-14999', '1000')).toBe(false);
    expect(matches('1000-1999', 'SW1A 1AA')).toBe(false);
  });

  it('wildcards: * any run, ? one character; case, spaces and dashes do not matter', () => {
    expect(matches('70*', '70123')).toBe(true);
    expect(matches('70*', '71123')).toBe(false);
    expect(matches('sw1a*', 'SW1A 1AA')).toBe(true);
    expect(matches('M?V*', 'M5V 2T6')).toBe(true);
    expect(matches('M?V*', 'M55V 2T6')).toBe(false);
    expect(matches('100-*', '100-0001')).toBe(true);
  });

  it('an exact postcode is the whole postcode', () => {
    expect(matches('10001', '10001')).toBe(true);
    expect(matches('10001', '10001-1234')).toBe(false);
    expect(matches('10001*', '10001-1234')).toBe(true);
    expect(matches('SW1A1AA', 'SW1A 1AA')).toBe(true);
    expect(matches('1000-100', '1000-100')).toBe(true); // Portugal: different lengths, not a range
    expect(matches('10001', undefined)).toBe(false);
  });

  it('refuses what is not a pattern', () => {
    expect(postcodePatternError('')).toMatch(/empty/);
    expect(postcodePatternError('  ')).toMatch(/empty/);
    expect(postcodePatternError('70[0-9]')).toMatch(/letters, digits/);
    expect(postcodePatternError('^70.*$')).toMatch(/letters, digits/);
    expect(postcodePatternError('709999-700000')).toMatch(/start is after its end/);
    expect(postcodePatternError('*')).toMatch(/every postcode/);
    expect(postcodePatternError('x'.repeat(41))).toMatch(/40 characters/);
    for (const ok of ['70*', '700000-709999', 'SW1A *', '10001', 'M?V*'])
      expect(postcodePatternError(ok)).toBeUndefined();
  });
});
