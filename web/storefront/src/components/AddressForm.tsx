import type { AddressFields } from '../address.ts';
import { COUNTRIES } from '../address.ts';
import { useI18n, type MessageKey } from '../i18n.ts';

/** An address form with an error under each field (from the browser's check or the API's). */
export function AddressForm(props: {
  value: AddressFields;
  onChange: (next: AddressFields) => void;
  errors: Record<string, string>;
  idPrefix: string;
}) {
  const { t } = useI18n();
  const { value, onChange, errors, idPrefix } = props;
  const field = (
    name: keyof AddressFields,
    label: MessageKey,
    opts: { autoComplete: string; required?: boolean; wide?: boolean; type?: string } = {
      autoComplete: 'off',
    },
  ) => {
    const id = `${idPrefix}-${name}`;
    const error = errors[name];
    return (
      <div className={`flex flex-col gap-1 ${opts.wide ? 'sm:col-span-2' : ''}`}>
        <label htmlFor={id} className="text-sm font-medium">
          {t(label)}
        </label>
        <input
          id={id}
          name={name}
          type={opts.type ?? 'text'}
          autoComplete={opts.autoComplete}
          required={opts.required}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? `${id}-error` : undefined}
          value={value[name]}
          onChange={(e) => onChange({ ...value, [name]: e.target.value })}
          className={`rounded-lg border bg-white px-3 py-2 ${error ? 'border-red-700' : 'border-stone-300'}`}
        />
        {error ? (
          <p id={`${id}-error`} className="text-sm text-red-700">
            {error}
          </p>
        ) : null}
      </div>
    );
  };
  return (
    <div className="grid gap-3 sm:grid-cols-2">
      {field('first_name', 'checkout.first_name', { autoComplete: 'given-name', required: true })}
      {field('last_name', 'checkout.last_name', { autoComplete: 'family-name', required: true })}
      {field('line1', 'checkout.line1', { autoComplete: 'address-line1', required: true, wide: true })}
      {field('line2', 'checkout.line2', { autoComplete: 'address-line2', wide: true })}
      {field('city', 'checkout.city', { autoComplete: 'address-level2', required: true })}
      {field('region', 'checkout.region', { autoComplete: 'address-level1' })}
      {field('postal_code', 'checkout.postal_code', { autoComplete: 'postal-code' })}
      <div className="flex flex-col gap-1">
        <label htmlFor={`${idPrefix}-country`} className="text-sm font-medium">
          {t('checkout.country')}
        </label>
        <select
          id={`${idPrefix}-country`}
          name="country"
          autoComplete="country"
          value={value.country}
          onChange={(e) => onChange({ ...value, country: e.target.value })}
          className="rounded-lg border border-stone-300 bg-white px-3 py-2"
        >
          {Object.entries(COUNTRIES).map(([code, name]) => (
            <option key={code} value={code}>
              {name}
            </option>
          ))}
        </select>
        {errors.country ? <p className="text-sm text-red-700">{errors.country}</p> : null}
      </div>
      {field('phone', 'checkout.phone', { autoComplete: 'tel', type: 'tel', wide: true })}
    </div>
  );
}
