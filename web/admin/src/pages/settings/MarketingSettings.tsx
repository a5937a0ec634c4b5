import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState, type FormEvent } from 'react';
import { api } from '../../api/client.ts';
import { isApiError } from '../../api/errors.ts';
import { useT } from '../../i18n/I18n.tsx';
import { useCan } from '../../lib/me.ts';
import { Button } from '../../ui/Button.tsx';
import { ErrorMessage, Loading, useToast } from '../../ui/feedback.tsx';
import { Checkbox } from '../../ui/form.tsx';
import { Card, Page } from '../../ui/layout.tsx';
import {
  marketingChanges,
  type MarketingSettings,
  type MarketingSettingsBody,
} from './marketing-settings.ts';

/**
 * "Marketing consent": the store's double opt-in — whether the e-mail consent a shopper gives at
 * checkout or in their account counts only once they confirm it from the link e-mailed to them —
 * and what counts at once whatever the setting. Only a change is sent; the API's refusal shows
 * under the box. Read-only without `store.manage`.
 */
export function MarketingSettingsPage() {
  const t = useT();
  const can = useCan();
  const toast = useToast();
  const queryClient = useQueryClient();
  const settings = useQuery({
    queryKey: ['marketing-settings'],
    queryFn: () => api.get('/admin/v1/marketing-consents/settings'),
  });
  const [draft, setDraft] = useState<MarketingSettings | null>(null);
  useEffect(() => {
    if (settings.data && !draft) setDraft(settings.data);
  }, [settings.data, draft]);

  const save = useMutation({
    mutationFn: (body: MarketingSettingsBody) => api.patch('/admin/v1/marketing-consents/settings', { body }),
    onSuccess: (saved) => {
      queryClient.setQueryData(['marketing-settings'], saved);
      setDraft(saved);
      toast(t('marketingSettings.saved'));
    },
  });

  if (settings.isPending) return <Loading />;
  if (!draft || !settings.data)
    return (
      <Page title={t('nav.marketingSettings')}>
        <ErrorMessage error={settings.error} />
      </Page>
    );

  const readOnly = !can('store.manage');
  const apiError = isApiError(save.error) ? save.error : null;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.reset();
    const body = marketingChanges(settings.data, draft);
    if (!body) {
      toast(t('marketingSettings.unchanged'), 'info');
      return;
    }
    save.mutate(body);
  };

  return (
    <Page title={t('nav.marketingSettings')}>
      <p className="max-w-3xl text-sm text-slate-700">{t('marketingSettings.intro')}</p>
      {readOnly && <p className="text-sm text-slate-700">{t('marketingSettings.readOnly')}</p>}
      <form onSubmit={submit} className="space-y-6" aria-label={t('nav.marketingSettings')} noValidate>
        <Card title={t('marketingSettings.doubleOptIn')}>
          <fieldset disabled={readOnly} className="max-w-3xl">
            <legend className="sr-only">{t('marketingSettings.doubleOptIn')}</legend>
            <Checkbox
              label={t('marketingSettings.doubleOptInLabel')}
              checked={draft.double_opt_in}
              onChange={(e) => setDraft({ ...draft, double_opt_in: e.target.checked })}
              hint={t('marketingSettings.doubleOptInHint')}
              error={apiError?.fieldErrorWithin('double_opt_in')}
            />
          </fieldset>
          <div className="mt-4 max-w-3xl space-y-2 border-t border-slate-200 pt-4 text-sm text-slate-700">
            <p>{t('marketingSettings.countsAtOnce')}</p>
            <ul className="list-disc space-y-1 pl-5">
              <li>{t('marketingSettings.countsStaff')}</li>
              <li>{t('marketingSettings.countsWithdrawal')}</li>
              <li>{t('marketingSettings.countsOther')}</li>
            </ul>
            <p>{t('marketingSettings.existing')}</p>
          </div>
        </Card>
        <ErrorMessage error={save.error} />
        {!readOnly && (
          <Button type="submit" variant="primary" busy={save.isPending}>
            {t('common.save')}
          </Button>
        )}
      </form>
    </Page>
  );
}
