import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState, type FormEvent } from 'react';
import { api } from '../../api/client.ts';
import { isApiError } from '../../api/errors.ts';
import type { MessageKey } from '../../i18n/catalog.ts';
import { useT } from '../../i18n/I18n.tsx';
import { useCan } from '../../lib/me.ts';
import { Button } from '../../ui/Button.tsx';
import { ErrorMessage, Loading, useToast } from '../../ui/feedback.tsx';
import { TextAreaField, TextField } from '../../ui/form.tsx';
import { Card, Page } from '../../ui/layout.tsx';
import {
  emailsError,
  MAX_NEW_ORDER_EMAILS,
  POLICY_FIELDS,
  policyChanges,
  policyDraftOf,
  type NumberField,
  type OrderPolicyBody,
  type PolicyDraft,
  type PolicyField,
} from './order-policy.ts';

/** Each number's card, label and explanation. */
const TEXT: Record<NumberField, { card: MessageKey; label: MessageKey; hint: MessageKey }> = {
  shopper_cancel_minutes: {
    card: 'orderSettings.cancellation',
    label: 'orderSettings.shopperCancelMinutes',
    hint: 'orderSettings.shopperCancelMinutesHint',
  },
  unpaid_cancel_days: {
    card: 'orderSettings.unpaid',
    label: 'orderSettings.unpaidCancelDays',
    hint: 'orderSettings.unpaidCancelDaysHint',
  },
  return_window_days: {
    card: 'orderSettings.returns',
    label: 'orderSettings.returnWindowDays',
    hint: 'orderSettings.returnWindowDaysHint',
  },
};

/**
 * "Orders & returns": the store's order policy — how long shoppers may cancel themselves, how
 * long a bank transfer may stay unpaid, the return window, and the staff addresses told of each
 * new order (one a line; the API's refusal of one shows as "Line N: …" under the field). Only what
 * changed is sent; a value out of range is refused in the browser, and the API's refusals show
 * under their fields. Read-only without `store.manage`.
 */
export function OrderSettingsPage() {
  const t = useT();
  const can = useCan();
  const toast = useToast();
  const queryClient = useQueryClient();
  const settings = useQuery({
    queryKey: ['order-settings'],
    queryFn: () => api.get('/admin/v1/order-settings'),
  });
  const [draft, setDraft] = useState<PolicyDraft | null>(null);
  const [errors, setErrors] = useState<Partial<Record<PolicyField, string>>>({});
  useEffect(() => {
    if (settings.data && !draft) setDraft(policyDraftOf(settings.data));
  }, [settings.data, draft]);

  const save = useMutation({
    // `emailLines`: the line each address sent came from, to tell which one the API refused.
    mutationFn: ({ body }: { body: OrderPolicyBody; emailLines: number[] }) =>
      api.patch('/admin/v1/order-settings', { body }),
    onSuccess: (saved) => {
      queryClient.setQueryData(['order-settings'], saved);
      setDraft(policyDraftOf(saved));
      toast(t('orderSettings.saved'));
    },
  });

  if (settings.isPending) return <Loading />;
  if (!draft || !settings.data)
    return (
      <Page title={t('nav.orderSettings')}>
        <ErrorMessage error={settings.error} />
      </Page>
    );

  const saved = settings.data;
  const readOnly = !can('store.manage');
  const apiError = isApiError(save.error) ? save.error : null;
  const error = (f: NumberField) => errors[f] ?? apiError?.fieldErrorWithin(f);
  const emailsFieldError =
    errors.new_order_emails ??
    (apiError
      ? emailsError(apiError.errors, save.variables?.emailLines ?? [], (n, message) =>
          t('orderSettings.emailLine', { n, message }),
        )
      : undefined);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const out = policyChanges(saved, draft, {
      range: (min, max) => t('orderSettings.range', { min, max }),
      tooManyEmails: (max) => t('orderSettings.tooManyEmails', { max }),
    });
    save.reset();
    if ('errors' in out) {
      setErrors(out.errors);
      return;
    }
    setErrors({});
    if (!out.body) {
      toast(t('orderSettings.unchanged'), 'info');
      return;
    }
    save.mutate({ body: out.body, emailLines: out.emailLines });
  };

  return (
    <Page title={t('nav.orderSettings')}>
      <p className="max-w-3xl text-sm text-slate-700">{t('orderSettings.intro')}</p>
      {readOnly && <p className="text-sm text-slate-700">{t('orderSettings.readOnly')}</p>}
      <form onSubmit={submit} className="space-y-6" aria-label={t('nav.orderSettings')} noValidate>
        {POLICY_FIELDS.map(({ field, min, max }) => (
          <Card key={field} title={t(TEXT[field].card)}>
            <fieldset disabled={readOnly} className="max-w-md">
              <legend className="sr-only">{t(TEXT[field].card)}</legend>
              <TextField
                label={t(TEXT[field].label)}
                type="number"
                inputMode="numeric"
                min={min}
                max={max}
                step={1}
                value={draft[field]}
                onChange={(e) => setDraft({ ...draft, [field]: e.target.value })}
                error={error(field)}
                hint={t(TEXT[field].hint)}
              />
            </fieldset>
          </Card>
        ))}
        <Card title={t('orderSettings.staffNotices')}>
          <fieldset disabled={readOnly} className="max-w-md">
            <legend className="sr-only">{t('orderSettings.staffNotices')}</legend>
            <TextAreaField
              label={t('orderSettings.newOrderEmails')}
              rows={MAX_NEW_ORDER_EMAILS}
              autoComplete="off"
              spellCheck={false}
              placeholder="owner@example.com"
              value={draft.new_order_emails}
              onChange={(e) => setDraft({ ...draft, new_order_emails: e.target.value })}
              error={emailsFieldError}
              hint={t('orderSettings.newOrderEmailsHint', { max: MAX_NEW_ORDER_EMAILS })}
            />
          </fieldset>
        </Card>
        {Object.keys(errors).length > 0 && (
          <p role="alert" className="text-sm text-red-800">
            {t('orderSettings.fixFields')}
          </p>
        )}
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
