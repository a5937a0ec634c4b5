import { useId } from 'react';
import { useI18n } from './i18n/I18n.tsx';
import type { Locale } from './i18n/catalog.ts';

export function LanguageSwitch({ dark = false }: { dark?: boolean }) {
  const { locale, setLocale, t } = useI18n();
  const id = useId();
  return (
    <div className="flex items-center gap-2 text-sm">
      <label htmlFor={id} className={dark ? 'text-indigo-100' : 'text-slate-700'}>
        {t('common.language')}
      </label>
      <select
        id={id}
        value={locale}
        onChange={(e) => setLocale(e.target.value as Locale)}
        className={`rounded border px-2 py-1 ${dark ? 'border-indigo-400 bg-indigo-900 text-white' : 'border-slate-400 bg-white text-slate-900'}`}
      >
        <option value="en">English</option>
        <option value="vi" lang="vi">
          Tiếng Việt
        </option>
      </select>
    </div>
  );
}
