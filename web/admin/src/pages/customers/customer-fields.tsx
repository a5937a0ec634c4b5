import type { Answer } from '../../api/client.ts';
import type { ApiError } from '../../api/errors.ts';
import type { Translate } from '../../i18n/I18n.tsx';
import { SelectField, TextAreaField, TextField } from '../../ui/form.tsx';

type Customer = Answer<'/admin/v1/customers/{customerId}', 'get'>;

/**
 * Pieces the customer dialogs, the customer's page and the list share: the details both dialogs
 * edit, tags typed with commas between and shown as small badges, and the language of a
 * customer's e-mails.
 */

/** Tags as typed ("VIP, wholesale"): trimmed, empty ones dropped, each once (any case). */
export function parseTags(text: string): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const raw of text.split(',')) {
    const tag = raw.trim();
    if (tag && !seen.has(tag.toLowerCase())) {
      seen.add(tag.toLowerCase());
      out.push(tag);
    }
  }
  return out;
}

/** Whether typed tags are the tags stored (the server keeps them lower-cased, once each, sorted). */
export const sameTags = (typed: string[], stored: readonly string[]) =>
  [...new Set(typed.map((t) => t.toLowerCase()))].sort().join(',') === [...stored].sort().join(',');

/** A customer's tags as small badges; nothing when they have none. */
export function TagBadges({ tags, label }: { tags: readonly string[]; label: string }) {
  if (tags.length === 0) return null;
  return (
    <ul className="flex flex-wrap gap-1" aria-label={label}>
      {tags.map((tag) => (
        <li key={tag} className="rounded bg-slate-100 px-2 py-0.5 text-xs break-all text-slate-800">
          {tag}
        </li>
      ))}
    </ul>
  );
}

/** The languages staff choose from; a customer's other tag (pt-BR, set by the storefront) is kept. */
const LANGUAGES = ['en', 'vi'] as const;

/** A language tag as staff read it: English, Vietnamese, else the tag itself. */
export function languageName(t: Translate, locale: string | null): string {
  if (!locale) return '—';
  const base = locale.toLowerCase();
  return base === 'en' || base === 'vi' ? t(`customers.locale.${base}`) : locale;
}

/** The language of a customer's e-mails: none (the store's), English, Vietnamese, or the one they have. */
export function LanguageSelect({
  t,
  value,
  onChange,
  error,
}: {
  t: Translate;
  value: string;
  onChange: (locale: string) => void;
  error?: string | undefined;
}) {
  const other = value && !(LANGUAGES as readonly string[]).includes(value) ? value : null;
  return (
    <SelectField
      label={t('customers.language')}
      hint={t('customers.localeHint')}
      value={value}
      onChange={(e) => onChange(e.target.value)}
      error={error}
    >
      <option value="">{t('customers.locale.none')}</option>
      {LANGUAGES.map((l) => (
        <option key={l} value={l}>
          {t(`customers.locale.${l}`)}
        </option>
      ))}
      {other && <option value={other}>{other}</option>}
    </SelectField>
  );
}

/** What both dialogs edit: e-mail, names, phone, language, note and tags, as typed. */
export interface Details {
  email: string;
  first_name: string;
  last_name: string;
  phone: string;
  locale: string;
  note: string;
  tags: string;
}

export const NO_DETAILS: Details = {
  email: '',
  first_name: '',
  last_name: '',
  phone: '',
  locale: '',
  note: '',
  tags: '',
};

export function detailsOf(c: Customer): Details {
  return {
    email: c.email,
    first_name: c.first_name ?? '',
    last_name: c.last_name ?? '',
    phone: c.profile.phone ?? '',
    locale: c.profile.locale ?? '',
    note: c.note ?? '',
    tags: c.tags.join(', '),
  };
}

/** The fields of `Details`, each with the server's refusal under it (`body.phone`, `body.tags.2`…). */
export function DetailsFields({
  t,
  value,
  onChange,
  error,
  emailHint,
}: {
  t: Translate;
  value: Details;
  onChange: (next: Details) => void;
  error: ApiError | null;
  emailHint: string;
}) {
  const set = (k: keyof Details) => (e: { target: { value: string } }) =>
    onChange({ ...value, [k]: e.target.value });
  const errorOf = (k: keyof Details) => error?.fieldErrorWithin(k);
  return (
    <>
      <TextField
        label={t('customers.email')}
        type="email"
        autoComplete="off"
        required
        value={value.email}
        onChange={set('email')}
        error={errorOf('email')}
        hint={emailHint}
      />
      <div className="grid gap-3 sm:grid-cols-2">
        <TextField
          label={t('customers.firstName')}
          autoComplete="off"
          maxLength={100}
          value={value.first_name}
          onChange={set('first_name')}
          error={errorOf('first_name')}
        />
        <TextField
          label={t('customers.lastName')}
          autoComplete="off"
          maxLength={100}
          value={value.last_name}
          onChange={set('last_name')}
          error={errorOf('last_name')}
        />
        <TextField
          label={t('customers.phone')}
          type="tel"
          autoComplete="off"
          value={value.phone}
          onChange={set('phone')}
          error={errorOf('phone')}
        />
        <LanguageSelect
          t={t}
          value={value.locale}
          onChange={(locale) => onChange({ ...value, locale })}
          error={errorOf('locale')}
        />
      </div>
      <TextAreaField
        label={t('customers.note')}
        hint={t('customers.noteHint')}
        rows={3}
        maxLength={5000}
        value={value.note}
        onChange={set('note')}
        error={errorOf('note')}
      />
      <TextField
        label={t('customers.tags')}
        hint={t('customers.tagsHint')}
        autoComplete="off"
        value={value.tags}
        onChange={set('tags')}
        error={errorOf('tags')}
      />
    </>
  );
}
