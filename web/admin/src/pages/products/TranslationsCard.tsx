import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api } from '../../api/client.ts';
import { useI18n } from '../../i18n/I18n.tsx';
import { Button } from '../../ui/Button.tsx';
import { ErrorMessage, useToast } from '../../ui/feedback.tsx';
import { SelectField, TextAreaField, TextField } from '../../ui/form.tsx';
import { Card } from '../../ui/layout.tsx';

const SUGGESTED = ['vi', 'en', 'fr', 'de', 'es', 'ja', 'zh'];

interface Text {
  title: string;
  description: string;
  seo_title: string;
  seo_description: string;
}
const EMPTY: Text = { title: '', description: '', seo_title: '', seo_description: '' };
const orNull = (s: string) => (s.trim() ? s : null);

/** The product's text in other languages; an empty field falls back to the product's own text. */
export function TranslationsCard({ productId, readOnly }: { productId: string; readOnly: boolean }) {
  const { t, locale: uiLocale } = useI18n();
  const names = (() => {
    try {
      return new Intl.DisplayNames([uiLocale], { type: 'language' });
    } catch {
      return null;
    }
  })();
  const nameOf = (code: string) => {
    try {
      return names?.of(code) ?? code;
    } catch {
      return code;
    }
  };
  const toast = useToast();
  const queryClient = useQueryClient();
  const [locale, setLocale] = useState('vi');
  const [custom, setCustom] = useState('');
  const [text, setText] = useState<Record<string, Text>>({});
  const list = useQuery({
    queryKey: ['product', productId, 'translations'],
    queryFn: () => api.get('/admin/v1/products/{productId}/translations', { path: { productId } }),
  });
  const saved = list.data?.data.find((x) => x.locale === locale);
  const current: Text =
    text[locale] ??
    (saved
      ? {
          title: saved.title ?? '',
          description: saved.description ?? '',
          seo_title: saved.seo_title ?? '',
          seo_description: saved.seo_description ?? '',
        }
      : EMPTY);
  const locales = [...new Set([...SUGGESTED, ...(list.data?.data.map((x) => x.locale) ?? [])])];
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['product', productId, 'translations'] });

  const save = useMutation({
    mutationFn: () =>
      api.put('/admin/v1/products/{productId}/translations/{locale}', {
        path: { productId, locale },
        body: {
          title: orNull(current.title),
          description: orNull(current.description),
          seo_title: orNull(current.seo_title),
          seo_description: orNull(current.seo_description),
        },
      }),
    onSuccess: async () => {
      await refresh();
      toast(t('products.translationSaved'));
    },
  });
  const remove = useMutation({
    mutationFn: () =>
      api.delete('/admin/v1/products/{productId}/translations/{locale}', { path: { productId, locale } }),
    onSuccess: async () => {
      setText((all) => ({ ...all, [locale]: EMPTY }));
      await refresh();
    },
  });
  const edit = (patch: Partial<Text>) => setText((all) => ({ ...all, [locale]: { ...current, ...patch } }));

  return (
    <Card title={t('products.translations')}>
      <div className="grid grid-cols-1 gap-4 sm:grid-cols-2">
        <SelectField
          label={t('products.language')}
          value={locale}
          onChange={(e) => setLocale(e.target.value)}
        >
          {locales.map((l) => (
            <option key={l} value={l}>
              {nameOf(l)} ({l}){list.data?.data.some((x) => x.locale === l) ? ' ✓' : ''}
            </option>
          ))}
        </SelectField>
        <form
          className="flex items-end gap-2"
          onSubmit={(e) => {
            e.preventDefault();
            if (/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})?$/.test(custom.trim())) {
              setLocale(custom.trim());
              setCustom('');
            }
          }}
        >
          <TextField
            label={t('products.otherLanguage')}
            placeholder="pt-BR"
            value={custom}
            onChange={(e) => setCustom(e.target.value)}
          />
          <Button type="submit" className="mb-0.5">
            {t('common.add')}
          </Button>
        </form>
        <fieldset disabled={readOnly} className="contents">
          <TextField
            className="sm:col-span-2"
            label={t('products.title')}
            value={current.title}
            onChange={(e) => edit({ title: e.target.value })}
            lang={locale}
          />
          <TextAreaField
            className="sm:col-span-2"
            label={t('products.description')}
            value={current.description}
            onChange={(e) => edit({ description: e.target.value })}
            lang={locale}
          />
          <TextField
            label={t('products.seoTitle')}
            value={current.seo_title}
            onChange={(e) => edit({ seo_title: e.target.value })}
            lang={locale}
          />
          <TextField
            label={t('products.seoDescription')}
            value={current.seo_description}
            onChange={(e) => edit({ seo_description: e.target.value })}
            lang={locale}
          />
        </fieldset>
      </div>
      <ErrorMessage error={save.error ?? remove.error} className="mt-3" />
      {!readOnly && (
        <div className="mt-4 flex gap-2">
          <Button variant="primary" busy={save.isPending} onClick={() => save.mutate()}>
            {t('products.saveTranslation', { locale: nameOf(locale) })}
          </Button>
          {saved && (
            <Button variant="ghost" busy={remove.isPending} onClick={() => remove.mutate()}>
              {t('products.removeTranslation')}
            </Button>
          )}
        </div>
      )}
    </Card>
  );
}
