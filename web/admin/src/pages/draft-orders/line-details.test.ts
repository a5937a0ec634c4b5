import { describe, expect, it } from 'vitest';
import { ApiError } from '../../api/errors.ts';
import { askedFieldOf, detailRow, propertiesOf, propertyError, rowProblems, rowsOf } from './line-details.ts';

describe('rowsOf', () => {
  it('is one row a property', () => {
    expect(rowsOf({ Engraving: 'A & B', 'Gift wrap': 'Yes' }).map((r) => [r.name, r.text])).toEqual([
      ['Engraving', 'A & B'],
      ['Gift wrap', 'Yes'],
    ]);
  });
  it('is one empty row without properties, to start typing in', () => {
    expect(rowsOf({}).map((r) => [r.name, r.text])).toEqual([['', '']]);
  });
  it('puts first the fields the product asks for, with the answers given, then the other properties', () => {
    const asked = [
      { name: 'Engraving', required: true, max_length: 12 },
      { name: 'Gift note', required: false, max_length: 100 },
    ];
    expect(rowsOf({ 'Gift wrap': 'Yes', Engraving: 'For Ada' }, asked).map((r) => [r.name, r.text])).toEqual([
      ['Engraving', 'For Ada'],
      ['Gift note', ''],
      ['Gift wrap', 'Yes'],
    ]);
    expect(askedFieldOf(asked, ' Engraving ')).toEqual(asked[0]);
    expect(askedFieldOf(asked, 'Gift wrap')).toBeUndefined();
    expect(askedFieldOf(undefined, 'Engraving')).toBeUndefined();
  });
  it('gives each row its own key', () => {
    const [a, b] = rowsOf({ A: '1', B: '2' });
    expect(a!.key).not.toBe(b!.key);
  });
});

describe('propertiesOf', () => {
  it('trims names and texts, leaves blank rows out, and keeps a name without text (the API drops it)', () => {
    expect(
      propertiesOf([detailRow(' Engraving ', ' For Ada '), detailRow('', ' '), detailRow('Gift wrap', '')]),
    ).toEqual({ Engraving: 'For Ada', 'Gift wrap': '' });
  });
});

describe('rowProblems', () => {
  it('asks a name for a text, and refuses a name used twice', () => {
    expect(
      rowProblems([
        detailRow('Engraving', 'A'),
        detailRow('', 'B'),
        detailRow(' Engraving', 'C'),
        detailRow('', ''),
      ]),
    ).toEqual([null, 'lineProperties.nameNeeded', 'lineProperties.nameTwice', null]);
  });
});

describe('propertyError', () => {
  const refusal = new ApiError(400, {
    code: 'VALIDATION_FAILED',
    errors: [
      { path: 'body.properties.Recipient email', message: 'must be an e-mail address' },
      { path: 'body.properties.a.b', message: 'at most 500 characters' },
    ],
  });
  it("finds the API's message for a property by its name", () => {
    expect(propertyError(refusal, ' Recipient email ')).toBe('must be an e-mail address');
    expect(propertyError(refusal, 'a/b')).toBe('at most 500 characters');
    expect(propertyError(refusal, 'Engraving')).toBeUndefined();
    expect(propertyError(new Error('offline'), 'Recipient email')).toBeUndefined();
  });
});
