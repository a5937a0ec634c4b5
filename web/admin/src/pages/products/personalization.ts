import type { ApiError } from '../../api/errors.ts';
import type { MessageKey } from '../../i18n/catalog.ts';
import { newKey, type PersonalizationDraft } from './draft.ts';

/** What the API keeps: at most 5 fields a product, names ≤ 50 characters, answers 1–500 long (100 unless said). */
export const MAX_FIELDS = 5;
export const MAX_FIELD_NAME = 50;
export const LONGEST_ANSWER = 500;
export const DEFAULT_MAX_LENGTH = 100;

export const emptyField = (): PersonalizationDraft => ({
  key: newKey(),
  name: '',
  required: false,
  maxLength: String(DEFAULT_MAX_LENGTH),
});

/**
 * What is wrong with each field before anything is sent, per row key and input: a name missing or
 * used by an earlier row, a longest answer that is no whole number from 1 to 500.
 */
export function fieldProblems(
  fields: PersonalizationDraft[],
): Record<string, Partial<Record<'name' | 'maxLength', MessageKey>>> {
  const problems: Record<string, Partial<Record<'name' | 'maxLength', MessageKey>>> = {};
  fields.forEach((f, i) => {
    const p: Partial<Record<'name' | 'maxLength', MessageKey>> = {};
    const name = f.name.trim();
    if (!name) p.name = 'form.required';
    else if (fields.slice(0, i).some((o) => o.name.trim() === name)) p.name = 'personalization.nameTwice';
    const longest = f.maxLength.trim();
    if (!/^\d+$/.test(longest) || Number(longest) < 1 || Number(longest) > LONGEST_ANSWER)
      p.maxLength = 'personalization.longestRange';
    if (Object.keys(p).length) problems[f.key] = p;
  });
  return problems;
}

/**
 * The API's word on one row (`body.personalization.1.name`) for its name, its longest answer, or the
 * row as a whole (`body.personalization.1`, e.g. a key it does not know).
 */
export function fieldApiError(
  error: ApiError | null,
  index: number,
  input: 'name' | 'required' | 'max_length' | null,
): string | undefined {
  if (!error) return undefined;
  const path = `body.personalization.${index}${input ? `.${input}` : ''}`;
  return error.errors.find((e) => e.path === path)?.message;
}

/** The API's word on the list itself (`body.personalization`: two fields with one name, more than 5). */
export function listApiError(error: ApiError | null): string | undefined {
  return error?.errors.find((e) => e.path === 'body.personalization')?.message;
}
