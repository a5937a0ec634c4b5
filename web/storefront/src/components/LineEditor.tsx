import { useQuery } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { productByIdQuery, type Cart } from '../api.ts';
import { useCartActions } from '../cart.ts';
import { useI18n, type Translate } from '../i18n.ts';
import { ApiError, useShop } from '../shop.ts';
import { RECIPIENT_EMAIL, RECIPIENT_MESSAGE, RECIPIENT_NAME } from './LineProperties.tsx';

type Line = Cart['lines'][number];

/** The longest text a line property takes (the server's limit). */
const PROPERTY_MAX = 500;

/** One field of the form: a property's name, and what the product asks of it when known. */
interface DetailField {
  name: string;
  required: boolean;
  maxLength: number;
}

/**
 * The fields to edit a line's properties with: the product's personalization fields (when the
 * product is known), then the line's other properties (a gift card's recipient, a field the
 * product no longer asks for), in the order they are kept.
 */
function detailFields(
  properties: Record<string, string>,
  personalization: { name: string; required: boolean; max_length: number }[] | undefined,
): DetailField[] {
  const asked = (personalization ?? []).map((f) => ({
    name: f.name,
    required: f.required,
    maxLength: f.max_length,
  }));
  const rest = Object.keys(properties)
    .filter((name) => !asked.some((f) => f.name === name))
    .map((name) => ({ name, required: false, maxLength: PROPERTY_MAX }));
  return [...asked, ...rest];
}

/** The answers as the line's properties: trimmed, empty ones left out (the server drops them too). */
function propertiesFrom(fields: DetailField[], values: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of fields) {
    const text = (values[f.name] ?? '').trim();
    if (text) out[f.name] = text;
  }
  return out;
}

/** A property's label: a gift card's recipient in the shopper's language, else its name. */
function labelOf(t: Translate, name: string, giftCard: boolean): string {
  if (!giftCard) return name;
  if (name === RECIPIENT_EMAIL) return t('product.recipient_address');
  if (name === RECIPIENT_NAME) return t('product.recipient_name');
  if (name === RECIPIENT_MESSAGE) return t('product.recipient_message');
  return name;
}

/** The server's refusal by property name (`body.properties.Engraving`), in the shopper's words where known. */
function errorsOf(
  err: unknown,
  fields: DetailField[],
  values: Record<string, string>,
  t: Translate,
): { byField: Record<string, string>; other: string | null } {
  const byField: Record<string, string> = {};
  if (!(err instanceof ApiError)) return { byField, other: t('error.generic') };
  const prefix = 'body.properties.';
  for (const e of err.problem.errors ?? []) {
    if (!e.path.startsWith(prefix)) continue;
    const name = e.path.slice(prefix.length);
    const field = fields.find((f) => f.name === name);
    const answer = (values[name] ?? '').trim();
    byField[name] =
      name === RECIPIENT_EMAIL
        ? t('product.recipient_invalid')
        : field?.required && !answer
          ? t('product.field_required')
          : field && answer.length > field.maxLength
            ? t('product.field_too_long', { max: field.maxLength })
            : e.message;
  }
  // A refusal no field shows (the quantity limit of a merge, a cart gone…): said under the form.
  const shown = Object.keys(byField).length > 0;
  return { byField, other: shown ? null : err.message || t('cart.details_failed') };
}

/**
 * "Edit details" under a cart line that has properties or whose product asks for some: an inline
 * form (the product's personalization fields, else the line's own property names), Save and
 * Cancel, the server's refusals beside their field, and the cart updated from the answer. Told the
 * same as another line of the item, the two lines become one (the cart page says so).
 */
export function LineDetailsEditor({ line, onMerged }: { line: Line; onMerged?: () => void }) {
  const { t } = useI18n();
  const { api, locale, currency } = useShop();
  const { setProperties } = useCartActions();
  const product = useQuery(productByIdQuery(api, line.product_id, locale, currency));
  const personalization = product.data?.personalization;
  const hasProperties = Object.keys(line.properties).length > 0;
  const [open, setOpen] = useState(false);
  const [values, setValues] = useState<Record<string, string>>({});
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [other, setOther] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  const firstRef = useRef<HTMLInputElement | HTMLTextAreaElement | null>(null);
  const toggleRef = useRef<HTMLButtonElement>(null);
  const formId = `line-details-${line.id}`;

  // Open: the first field takes the focus; a refusal: the first refused field does.
  useEffect(() => {
    if (open) firstRef.current?.focus();
  }, [open]);

  if (!hasProperties && !personalization?.length) return null;
  const fields = detailFields(line.properties, personalization);

  const start = () => {
    setValues({ ...line.properties });
    setErrors({});
    setOther(null);
    setSaved(false);
    setOpen(true);
  };
  const close = () => {
    setOpen(false);
    setErrors({});
    setOther(null);
    // Back to the button that opened the form.
    requestAnimationFrame(() => toggleRef.current?.focus());
  };
  const save = () => {
    setErrors({});
    setOther(null);
    setSaved(false);
    // A promise, not the mutation's callbacks: a merged line is gone (unmounted) by the answer.
    void setProperties.mutateAsync({ lineId: line.id, properties: propertiesFrom(fields, values) }).then(
      (cart) => {
        // The line is no more: told the same as another line of the item, the two became one.
        if (!cart.lines.some((l) => l.id === line.id)) return onMerged?.();
        setSaved(true);
        close();
      },
      (err: unknown) => {
        const refused = errorsOf(err, fields, values, t);
        setErrors(refused.byField);
        setOther(refused.other);
        const first = fields.findIndex((f) => refused.byField[f.name]);
        if (first >= 0) {
          requestAnimationFrame(() => document.getElementById(`${formId}-${first}`)?.focus());
        }
      },
    );
  };

  if (!open) {
    return (
      <div className="flex flex-wrap items-center gap-3 text-sm">
        <button
          ref={toggleRef}
          type="button"
          onClick={start}
          aria-expanded={false}
          aria-label={t('cart.edit_details_of', { title: line.product_title })}
          className="min-h-11 text-left text-stone-800 underline"
        >
          {t('cart.edit_details')}
        </button>
        {saved ? (
          <span role="status" className="text-green-800">
            {t('cart.details_saved')}
          </span>
        ) : null}
      </div>
    );
  }

  return (
    <form
      id={formId}
      noValidate
      aria-label={t('cart.details_of', { title: line.product_title })}
      className="flex w-full min-w-0 flex-col gap-3 rounded-lg border border-stone-200 bg-stone-50 p-3"
      data-testid="line-details-form"
      onSubmit={(e) => {
        e.preventDefault();
        save();
      }}
    >
      {fields.map((f, i) => {
        const id = `${formId}-${i}`;
        const error = errors[f.name];
        const multiline = line.gift_card && f.name === RECIPIENT_MESSAGE;
        const describedBy = [`${id}-hint`, error ? `${id}-error` : null].filter(Boolean).join(' ');
        const props = {
          id,
          name: f.name,
          maxLength: f.maxLength,
          required: f.required,
          value: values[f.name] ?? '',
          autoComplete: 'off',
          'aria-invalid': error ? true : undefined,
          'aria-describedby': describedBy,
          className: `w-full min-w-0 rounded-lg border bg-white px-3 py-2 text-base ${error ? 'border-red-700' : 'border-stone-300'}`,
        } as const;
        const change = (text: string) => setValues((now) => ({ ...now, [f.name]: text }));
        return (
          <div key={f.name} className="flex flex-col gap-1">
            <label htmlFor={id} className="text-sm font-medium break-words">
              {labelOf(t, f.name, line.gift_card)}{' '}
              <span className="font-normal text-stone-600">
                ({f.required ? t('product.required') : t('product.optional')})
              </span>
            </label>
            {multiline ? (
              <textarea
                {...props}
                ref={i === 0 ? (el) => void (firstRef.current = el) : undefined}
                rows={3}
                onChange={(e) => change(e.target.value)}
              />
            ) : (
              <input
                {...props}
                ref={i === 0 ? (el) => void (firstRef.current = el) : undefined}
                type={line.gift_card && f.name === RECIPIENT_EMAIL ? 'email' : 'text'}
                onChange={(e) => change(e.target.value)}
              />
            )}
            <p id={`${id}-hint`} className="text-xs text-stone-600">
              {t('product.max_chars', { max: f.maxLength })}
            </p>
            {error ? (
              <p id={`${id}-error`} className="text-sm text-red-700" data-testid="field-error">
                {error}
              </p>
            ) : null}
          </div>
        );
      })}
      {other ? (
        <p role="alert" className="text-sm text-red-700">
          {other}
        </p>
      ) : null}
      <div className="flex flex-wrap gap-2">
        <button
          type="submit"
          disabled={setProperties.isPending}
          className="min-h-11 rounded-lg bg-stone-900 px-4 py-2 font-semibold text-white disabled:opacity-60"
        >
          {setProperties.isPending ? t('cart.saving_details') : t('cart.save_details')}
        </button>
        <button
          type="button"
          onClick={close}
          className="min-h-11 rounded-lg border border-stone-400 px-4 py-2"
        >
          {t('cart.cancel_edit')}
        </button>
      </div>
    </form>
  );
}
