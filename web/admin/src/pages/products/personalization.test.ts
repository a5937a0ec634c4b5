import { describe, expect, it } from 'vitest';
import { ApiError } from '../../api/errors.ts';
import { emptyDraft, productFields, type PersonalizationDraft } from './draft.ts';
import { emptyField, fieldApiError, fieldProblems, listApiError } from './personalization.ts';

const field = (name: string, maxLength = '100', required = false): PersonalizationDraft => ({
  ...emptyField(),
  name,
  maxLength,
  required,
});

describe('fieldProblems', () => {
  it('finds nothing wrong with named fields of a sensible length', () => {
    expect(fieldProblems([field('Engraving', '12', true), field('Gift note', '500')])).toEqual({});
  });
  it('asks a name, and refuses a name an earlier field has (trimmed)', () => {
    const rows = [field('Engraving'), field(' '), field(' Engraving ')];
    expect(fieldProblems(rows)).toEqual({
      [rows[1]!.key]: { name: 'form.required' },
      [rows[2]!.key]: { name: 'personalization.nameTwice' },
    });
  });
  it('wants the longest answer a whole number from 1 to 500', () => {
    const rows = ['0', '501', '2.5', '', 'ten', '1', '500'].map((n, i) => field(`F${i}`, n));
    expect(Object.keys(fieldProblems(rows))).toEqual(rows.slice(0, 5).map((r) => r.key));
  });
  it('starts a new field at 100 characters, not required', () => {
    expect(emptyField()).toMatchObject({ name: '', required: false, maxLength: '100' });
    expect(emptyField().key).not.toBe(emptyField().key);
  });
});

describe('productFields', () => {
  it('sends every field, trimmed, with its longest answer as a number', () => {
    const d = { ...emptyDraft(), personalization: [field(' Engraving ', ' 12 ', true), field('Initials')] };
    expect(productFields(d).personalization).toEqual([
      { name: 'Engraving', required: true, max_length: 12 },
      { name: 'Initials', required: false, max_length: 100 },
    ]);
  });
  it('sends an empty list when nothing is asked (the API then asks nothing)', () => {
    expect(productFields(emptyDraft()).personalization).toEqual([]);
  });
});

describe('the API refusals', () => {
  const refusal = new ApiError(400, {
    code: 'VALIDATION_FAILED',
    errors: [
      { path: 'body.personalization.1.name', message: 'Too big' },
      { path: 'body.personalization.2.max_length', message: 'Too small' },
      { path: 'body.personalization', message: 'each field needs its own name' },
    ],
  });
  it('name the row and input they are about', () => {
    expect(fieldApiError(refusal, 1, 'name')).toBe('Too big');
    expect(fieldApiError(refusal, 0, 'name')).toBeUndefined();
    expect(fieldApiError(refusal, 2, 'max_length')).toBe('Too small');
    expect(fieldApiError(refusal, 2, null)).toBeUndefined();
    expect(fieldApiError(null, 1, 'name')).toBeUndefined();
  });
  it('or the list as a whole', () => {
    expect(listApiError(refusal)).toBe('each field needs its own name');
    expect(listApiError(new ApiError(400, { errors: [] }))).toBeUndefined();
  });
});
