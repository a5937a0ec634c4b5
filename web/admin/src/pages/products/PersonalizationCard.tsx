import type { ApiError } from '../../api/errors.ts';
import { useT } from '../../i18n/I18n.tsx';
import { Button } from '../../ui/Button.tsx';
import { Checkbox, TextField } from '../../ui/form.tsx';
import { Card } from '../../ui/layout.tsx';
import type { PersonalizationDraft } from './draft.ts';
import {
  emptyField,
  fieldApiError,
  LONGEST_ANSWER,
  listApiError,
  MAX_FIELD_NAME,
  MAX_FIELDS,
} from './personalization.ts';

/**
 * What the shopper fills in when buying (an engraving, initials): up to 5 named fields, each required
 * or not, with its longest answer. Saved with the product; the answers become the order line's details.
 */
export function PersonalizationCard({
  fields,
  onChange,
  error,
  problems,
}: {
  fields: PersonalizationDraft[];
  onChange: (fields: PersonalizationDraft[]) => void;
  error: ApiError | null;
  /** Client-side problems per row key and input (`name`, `maxLength`), already in words. */
  problems: Record<string, Record<string, string>>;
}) {
  const t = useT();
  const edit = (key: string, change: Partial<PersonalizationDraft>) =>
    onChange(fields.map((f) => (f.key === key ? { ...f, ...change } : f)));
  const full = fields.length >= MAX_FIELDS;
  const listError = listApiError(error);

  return (
    <Card title={t('personalization.title')}>
      <p className="mb-3 text-sm text-slate-700">{t('personalization.hint')}</p>
      {fields.length === 0 && <p className="mb-3 text-sm text-slate-600">{t('personalization.none')}</p>}
      <div className="space-y-3">
        {fields.map((f, i) => {
          const problem = problems[f.key];
          const rowError = fieldApiError(error, i, null) ?? fieldApiError(error, i, 'required');
          return (
            <fieldset key={f.key} className="min-w-0 rounded-md border border-slate-200 px-3 pt-1 pb-3">
              <legend className="px-1 text-xs font-medium text-slate-700">
                {t('personalization.row', { n: i + 1 })}
              </legend>
              <div className="grid grid-cols-1 gap-3 sm:grid-cols-[minmax(0,1fr)_auto_10rem] sm:items-start">
                <TextField
                  label={t('personalization.name')}
                  placeholder={t('personalization.namePlaceholder')}
                  value={f.name}
                  maxLength={MAX_FIELD_NAME}
                  autoComplete="off"
                  error={problem?.name ?? fieldApiError(error, i, 'name')}
                  onChange={(e) => edit(f.key, { name: e.target.value })}
                />
                <div className="sm:pt-8">
                  <Checkbox
                    label={t('personalization.required')}
                    checked={f.required}
                    onChange={(e) => edit(f.key, { required: e.target.checked })}
                  />
                </div>
                <TextField
                  label={t('personalization.longest')}
                  type="number"
                  inputMode="numeric"
                  min={1}
                  max={LONGEST_ANSWER}
                  step={1}
                  value={f.maxLength}
                  error={problem?.maxLength ?? fieldApiError(error, i, 'max_length')}
                  onChange={(e) => edit(f.key, { maxLength: e.target.value })}
                />
              </div>
              {rowError && (
                <p role="alert" className="mt-2 text-sm text-red-800">
                  {rowError}
                </p>
              )}
              <div className="mt-2 flex justify-end">
                <Button
                  small
                  variant="ghost"
                  aria-label={t('personalization.remove', { n: i + 1 })}
                  onClick={() => onChange(fields.filter((o) => o.key !== f.key))}
                >
                  {t('common.remove')}
                </Button>
              </div>
            </fieldset>
          );
        })}
      </div>
      {listError && (
        <p role="alert" className="mt-3 text-sm text-red-800">
          {listError}
        </p>
      )}
      <div className="mt-3 flex flex-wrap items-center gap-2">
        <Button small disabled={full} onClick={() => onChange([...fields, emptyField()])}>
          {t('personalization.add')}
        </Button>
        {full && (
          <span className="text-xs text-slate-600">{t('personalization.atMost', { n: MAX_FIELDS })}</span>
        )}
      </div>
    </Card>
  );
}
