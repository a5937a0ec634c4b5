import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState, type FormEvent } from 'react';
import { api, type Answer, type Body } from '../../api/client.ts';
import { isApiError } from '../../api/errors.ts';
import { useT } from '../../i18n/I18n.tsx';
import { useCan } from '../../lib/me.ts';
import { Button } from '../../ui/Button.tsx';
import { ErrorMessage, Loading, useToast } from '../../ui/feedback.tsx';
import { Checkbox, SelectField, TextAreaField, TextField } from '../../ui/form.tsx';
import { Card, Page } from '../../ui/layout.tsx';

type Settings = Answer<'/admin/v1/payment-settings', 'get'>;
type SettingsBody = Body<'/admin/v1/payment-settings', 'patch'>;
type ManualMethod = Settings['manual_methods'][number]['method'];

const MANUAL_METHODS: ManualMethod[] = ['cash_on_delivery', 'bank_transfer'];

/**
 * The form as typed. The Stripe secrets are write-only: empty keeps the saved one. The publishable
 * key is public and shown as saved: emptying it removes it.
 */
interface Draft {
  provider: Settings['provider'];
  captureMode: Settings['capture_mode'];
  stripePublishableKey: string;
  stripeSecretKey: string;
  stripeWebhookSecret: string;
  manual: Record<ManualMethod, { enabled: boolean; instructions: string }>;
}

const manualOf = (s: Settings, method: ManualMethod) => {
  const m = s.manual_methods.find((x) => x.method === method);
  return { enabled: m?.enabled ?? false, instructions: m?.instructions ?? '' };
};

const draftOf = (s: Settings): Draft => ({
  provider: s.provider,
  captureMode: s.capture_mode,
  stripePublishableKey: s.stripe.publishable_key ?? '',
  stripeSecretKey: '',
  stripeWebhookSecret: '',
  manual: {
    cash_on_delivery: manualOf(s, 'cash_on_delivery'),
    bank_transfer: manualOf(s, 'bank_transfer'),
  },
});

/** Only what changed, or null when nothing did. */
function changesOf(saved: Settings, d: Draft): SettingsBody | null {
  const body: SettingsBody = {};
  if (d.provider !== saved.provider) body.provider = d.provider;
  if (d.captureMode !== saved.capture_mode) body.capture_mode = d.captureMode;
  const publishableKey = d.stripePublishableKey.trim();
  if (publishableKey !== (saved.stripe.publishable_key ?? ''))
    body.stripe_publishable_key = publishableKey || null;
  if (d.stripeSecretKey.trim()) body.stripe_secret_key = d.stripeSecretKey.trim();
  if (d.stripeWebhookSecret.trim()) body.stripe_webhook_secret = d.stripeWebhookSecret.trim();
  const manual: NonNullable<SettingsBody['manual_methods']> = {};
  for (const method of MANUAL_METHODS) {
    const before = manualOf(saved, method);
    const after = d.manual[method];
    const instructions = after.instructions.trim();
    // Instructions are kept while a method is off, so an edit is saved either way.
    if (after.enabled !== before.enabled || instructions !== before.instructions.trim()) {
      manual[method] = after.enabled
        ? { enabled: true, instructions: instructions || null }
        : {
            enabled: false,
            ...(instructions !== before.instructions.trim() ? { instructions: instructions || null } : {}),
          };
    }
  }
  if (Object.keys(manual).length) body.manual_methods = manual;
  return Object.keys(body).length ? body : null;
}

/**
 * The store's payment settings: who takes card payments and when they are captured, the Stripe
 * keys — the publishable key shown as is, the secrets write-only and shown masked — with the
 * webhook URL to give Stripe, and the manual
 * methods — cash on delivery, bank transfer — with what the shopper reads after ordering.
 */
export function PaymentSettingsPage() {
  const t = useT();
  const can = useCan();
  const toast = useToast();
  const queryClient = useQueryClient();
  const settings = useQuery({
    queryKey: ['payment-settings'],
    queryFn: () => api.get('/admin/v1/payment-settings'),
  });
  const [draft, setDraft] = useState<Draft | null>(null);
  useEffect(() => {
    if (settings.data && !draft) setDraft(draftOf(settings.data));
  }, [settings.data, draft]);

  const save = useMutation({
    mutationFn: async (body: SettingsBody) => api.patch('/admin/v1/payment-settings', { body }),
    onSuccess: (saved) => {
      queryClient.setQueryData(['payment-settings'], saved);
      setDraft(draftOf(saved));
      toast(t('paymentSettings.saved'));
    },
  });

  if (settings.isPending) return <Loading />;
  if (!draft || !settings.data)
    return (
      <Page title={t('nav.paymentSettings')}>
        <ErrorMessage error={settings.error} />
      </Page>
    );

  const saved = settings.data;
  const readOnly = !can('payments.manage');
  const apiError = isApiError(save.error) ? save.error : null;
  const error = (path: string) => apiError?.fieldErrorWithin(path);
  const update = (next: Partial<Draft>) => setDraft({ ...draft, ...next });
  const updateMethod = (method: ManualMethod, next: Partial<Draft['manual'][ManualMethod]>) =>
    update({ manual: { ...draft.manual, [method]: { ...draft.manual[method], ...next } } });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const body = changesOf(saved, draft);
    if (!body) {
      save.reset();
      toast(t('paymentSettings.unchanged'), 'info');
      return;
    }
    save.mutate(body);
  };

  return (
    <Page title={t('nav.paymentSettings')}>
      {readOnly && <p className="text-sm text-slate-700">{t('paymentSettings.readOnly')}</p>}
      <form onSubmit={submit} className="space-y-6" aria-label={t('nav.paymentSettings')} noValidate>
        <Card title={t('paymentSettings.cards')}>
          <fieldset disabled={readOnly} className="grid grid-cols-1 gap-4 sm:grid-cols-2">
            <legend className="sr-only">{t('paymentSettings.cards')}</legend>
            <SelectField
              label={t('paymentSettings.provider')}
              value={draft.provider}
              onChange={(e) => update({ provider: e.target.value as Draft['provider'] })}
              error={error('provider')}
              hint={t('paymentSettings.providerHint')}
            >
              <option value="test">{t('paymentSettings.provider.test')}</option>
              <option value="stripe">{t('paymentSettings.provider.stripe')}</option>
            </SelectField>
            <SelectField
              label={t('paymentSettings.captureMode')}
              value={draft.captureMode}
              onChange={(e) => update({ captureMode: e.target.value as Draft['captureMode'] })}
              error={error('capture_mode')}
              hint={t('paymentSettings.captureModeHint')}
            >
              <option value="on_placement">{t('paymentSettings.captureMode.on_placement')}</option>
              <option value="on_fulfilment">{t('paymentSettings.captureMode.on_fulfilment')}</option>
            </SelectField>
          </fieldset>
        </Card>

        <Card title={t('paymentSettings.stripe')}>
          <fieldset disabled={readOnly} className="grid grid-cols-1 gap-4 sm:grid-cols-2">
            <legend className="sr-only">{t('paymentSettings.stripe')}</legend>
            {draft.provider === 'stripe' && !saved.stripe.publishable_key && (
              <p
                role="status"
                className="rounded-md border border-amber-300 bg-amber-50 p-3 text-sm text-amber-950 sm:col-span-2"
              >
                {t('paymentSettings.noPublishableKey')}
              </p>
            )}
            <TextField
              label={t('paymentSettings.stripePublishableKey')}
              autoComplete="off"
              spellCheck={false}
              placeholder="pk_live_…"
              value={draft.stripePublishableKey}
              onChange={(e) => update({ stripePublishableKey: e.target.value })}
              error={error('stripe_publishable_key')}
              hint={t('paymentSettings.stripePublishableKeyHint')}
              className="sm:col-span-2"
            />
            <TextField
              label={t('paymentSettings.stripeSecretKey')}
              type="password"
              autoComplete="new-password"
              placeholder="sk_live_…"
              value={draft.stripeSecretKey}
              onChange={(e) => update({ stripeSecretKey: e.target.value })}
              error={error('stripe_secret_key')}
              hint={
                saved.stripe.secret_key
                  ? t('paymentSettings.secretSet', { hint: saved.stripe.secret_key })
                  : t('paymentSettings.secretNotSet')
              }
            />
            <TextField
              label={t('paymentSettings.stripeWebhookSecret')}
              type="password"
              autoComplete="new-password"
              placeholder="whsec_…"
              value={draft.stripeWebhookSecret}
              onChange={(e) => update({ stripeWebhookSecret: e.target.value })}
              error={error('stripe_webhook_secret')}
              hint={
                saved.stripe.webhook_secret
                  ? t('paymentSettings.secretSet', { hint: saved.stripe.webhook_secret })
                  : t('paymentSettings.secretNotSet')
              }
            />
          </fieldset>
          <div className="mt-4 text-sm">
            <p className="font-medium text-slate-800">{t('paymentSettings.webhookUrl')}</p>
            <p className="mt-1 font-mono text-xs break-all text-slate-700">{saved.stripe.webhook_url}</p>
          </div>
        </Card>

        <Card title={t('paymentSettings.manual')}>
          <p className="mb-4 text-sm text-slate-700">{t('paymentSettings.manualHint')}</p>
          <div className="space-y-6">
            {MANUAL_METHODS.map((method) => (
              <fieldset key={method} disabled={readOnly} className="space-y-3">
                <legend className="mb-2 text-sm font-semibold text-slate-900">
                  {t(`paymentSettings.method.${method}`)}
                </legend>
                <Checkbox
                  label={t('paymentSettings.offer')}
                  checked={draft.manual[method].enabled}
                  onChange={(e) => updateMethod(method, { enabled: e.target.checked })}
                />
                <TextAreaField
                  label={t('paymentSettings.instructions')}
                  rows={3}
                  maxLength={2000}
                  value={draft.manual[method].instructions}
                  onChange={(e) => updateMethod(method, { instructions: e.target.value })}
                  error={error(`manual_methods.${method}`)}
                  hint={t(`paymentSettings.instructionsHint.${method}`)}
                />
              </fieldset>
            ))}
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
