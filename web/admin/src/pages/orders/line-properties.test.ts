import { describe, expect, it } from 'vitest';
import { propertiesInline, titleWithProperties } from './line-properties.ts';

describe('propertiesInline', () => {
  it('joins "Name: text" with " · ", on one line', () => {
    expect(propertiesInline({ Engraving: 'A & B', Message: 'Happy\nbirthday!' })).toBe(
      'Engraving: A & B · Message: Happy birthday!',
    );
  });
  it('is empty without properties', () => {
    expect(propertiesInline({})).toBe('');
    expect(propertiesInline(undefined)).toBe('');
  });
});

describe('titleWithProperties', () => {
  it('adds the properties in brackets', () => {
    expect(titleWithProperties('Ring', { Engraving: 'For Ada' })).toBe('Ring (Engraving: For Ada)');
  });
  it('is the title alone without properties', () => {
    expect(titleWithProperties('Ring', {})).toBe('Ring');
  });
});
