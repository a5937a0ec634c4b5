import { useT } from '../../i18n/I18n.tsx';
import { Checkbox } from '../../ui/form.tsx';

/** Which events an endpoint receives; none ticked means all of them. */
export function EventTypePicker({
  all,
  selected,
  onChange,
}: {
  all: { type: string; description: string }[];
  selected: string[];
  onChange: (types: string[]) => void;
}) {
  const t = useT();
  return (
    <fieldset>
      <legend className="mb-1 text-sm font-medium text-slate-800">{t('webhooks.events')}</legend>
      <p className="mb-2 text-xs text-slate-600">{t('webhooks.eventsHint')}</p>
      <div className="grid max-h-56 grid-cols-1 gap-1 overflow-y-auto rounded border border-slate-200 p-2 sm:grid-cols-2">
        {all.map((e) => (
          <div key={e.type} title={e.description}>
            <Checkbox
              label={<span className="font-mono text-xs">{e.type}</span>}
              checked={selected.includes(e.type)}
              onChange={(ev) =>
                onChange(ev.target.checked ? [...selected, e.type] : selected.filter((x) => x !== e.type))
              }
            />
          </div>
        ))}
      </div>
    </fieldset>
  );
}
