import { useQuery } from '@tanstack/react-query';
import { api } from '../../api/client.ts';
import { useT } from '../../i18n/I18n.tsx';
import { SelectField } from '../../ui/form.tsx';

/** The store's recovery templates, loaded once for every picker on the page. */
export function useRecoveryTemplates() {
  return useQuery({
    queryKey: ['templates', 'list', 'all'],
    queryFn: () => api.get('/admin/v1/messaging/templates', { query: { purpose: 'recovery', limit: 200 } }),
    staleTime: 30_000,
  });
}

/**
 * A step's template: by handle (sent in the shopper's language, else the store's) or one exact
 * template. Only templates of the step's channel are offered.
 */
export function TemplatePicker({
  channel,
  value,
  onChange,
  label,
  error,
  disabled,
}: {
  channel: string;
  value: string;
  onChange: (value: string) => void;
  label: string;
  error?: string | undefined;
  disabled?: boolean | undefined;
}) {
  const t = useT();
  const templates = useRecoveryTemplates();
  const mine = (templates.data?.data ?? []).filter((tpl) => tpl.channel === channel);
  const handles = [...new Set(mine.map((tpl) => tpl.handle))].sort();
  const known =
    value === '' ||
    handles.some((h) => `handle:${h}` === value) ||
    mine.some((tpl) => `id:${tpl.id}` === value);
  return (
    <SelectField
      label={label}
      value={value}
      onChange={(e) => onChange(e.target.value)}
      error={error}
      disabled={disabled}
    >
      <option value="">{t('campaigns.chooseTemplate')}</option>
      {!known && <option value={value}>{value.replace(/^(id|handle):/, '')}</option>}
      <optgroup label={t('campaigns.byHandle')}>
        {handles.map((h) => (
          <option key={h} value={`handle:${h}`}>
            {h}
          </option>
        ))}
      </optgroup>
      <optgroup label={t('campaigns.exactTemplate')}>
        {mine.map((tpl) => (
          <option key={tpl.id} value={`id:${tpl.id}`}>
            {tpl.name} ({tpl.locale})
          </option>
        ))}
      </optgroup>
    </SelectField>
  );
}
