import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState, type FormEvent } from 'react';
import { api, type Answer, type Body } from '../../api/client.ts';
import { isApiError } from '../../api/errors.ts';
import { useT } from '../../i18n/I18n.tsx';
import { useCan } from '../../lib/me.ts';
import { Button } from '../../ui/Button.tsx';
import { ErrorMessage, Loading, useToast } from '../../ui/feedback.tsx';
import { Checkbox, TextAreaField, TextField } from '../../ui/form.tsx';
import { Card, Page } from '../../ui/layout.tsx';

type Settings = Answer<'/admin/v1/recovery/settings', 'get'>;
type SettingsBody = Body<'/admin/v1/recovery/settings', 'patch'>;

/** The form's text, as typed. */
interface SettingsDraft {
  abandonAfterMinutes: string;
  attributionWindowDays: string;
  requireConsent: boolean;
  allowedOrigins: string;
  cartUrl: string;
}

const draftOf = (s: Settings): SettingsDraft => ({
  abandonAfterMinutes: String(s.abandon_after_minutes),
  attributionWindowDays: String(s.attribution_window_days),
  requireConsent: s.require_consent,
  allowedOrigins: s.allowed_origins.join('\n'),
  cartUrl: s.cart_url ?? '',
});

type Field = 'abandon_after_minutes' | 'attribution_window_days' | 'allowed_origins' | 'cart_url';

/** The body, or the fields the browser already knows are wrong; the API checks the rest. */
function toBody(
  d: SettingsDraft,
  messages: { delay: string; window: string },
): { body: SettingsBody } | { errors: Partial<Record<Field, string>> } {
  const errors: Partial<Record<Field, string>> = {};
  const whole = (text: string, min: number, max: number, field: Field, message: string) => {
    const n = /^\d+$/.test(text.trim()) ? Number(text.trim()) : NaN;
    if (!(n >= min && n <= max)) errors[field] = message;
    return n;
  };
  const delay = whole(d.abandonAfterMinutes, 15, 43_200, 'abandon_after_minutes', messages.delay);
  const window = whole(d.attributionWindowDays, 1, 90, 'attribution_window_days', messages.window);
  if (Object.keys(errors).length) return { errors };
  return {
    body: {
      abandon_after_minutes: delay,
      attribution_window_days: window,
      require_consent: d.requireConsent,
      allowed_origins: d.allowedOrigins
        .split(/[\s,]+/)
        .map((o) => o.trim())
        .filter(Boolean),
      cart_url: d.cartUrl.trim() || null,
    },
  };
}

/**
 * The store's recovery settings: when a cart counts as abandoned, how long a message keeps the
 * credit for a purchase, consent and origins for the tracker, where a restored cart opens.
 */
export function RecoverySettingsPage() {
  const t = useT();
  const can = useCan();
  const toast = useToast();
  const queryClient = useQueryClient();
  const settings = useQuery({
    queryKey: ['recovery', 'settings'],
    queryFn: () => api.get('/admin/v1/recovery/settings'),
  });
  const [draft, setDraft] = useState<SettingsDraft | null>(null);
  const [errors, setErrors] = useState<Partial<Record<Field, string>>>({});
  useEffect(() => {
    if (settings.data && !draft) setDraft(draftOf(settings.data));
  }, [settings.data, draft]);

  const save = useMutation({
    mutationFn: async (d: SettingsDraft) => {
      const out = toBody(d, {
        delay: t('recoverySettings.delayRange'),
        window: t('recoverySettings.windowRange'),
      });
      if ('errors' in out) {
        setErrors(out.errors);
        throw new Error(t('campaigns.fixFields'));
      }
      setErrors({});
      return api.patch('/admin/v1/recovery/settings', { body: out.body });
    },
    onSuccess: (saved) => {
      queryClient.setQueryData(['recovery', 'settings'], saved);
      setDraft(draftOf(saved));
      toast(t('recoverySettings.saved'));
    },
  });

  if (settings.isPending) return <Loading />;
  if (!draft)
    return (
      <Page title={t('nav.recoverySettings')}>
        <ErrorMessage error={settings.error} />
      </Page>
    );

  const readOnly = !can('recovery.manage');
  const apiError = isApiError(save.error) ? save.error : null;
  const error = (f: Field) => errors[f] ?? apiError?.fieldErrorWithin(f);
  const update = (next: Partial<SettingsDraft>) => setDraft({ ...draft, ...next });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate(draft);
  };

  return (
    <Page title={t('nav.recoverySettings')}>
      <form onSubmit={submit} className="space-y-6" aria-label={t('nav.recoverySettings')} noValidate>
        <Card title={t('recoverySettings.abandonment')}>
          <fieldset disabled={readOnly} className="grid grid-cols-1 gap-4 sm:grid-cols-2">
            <legend className="sr-only">{t('recoverySettings.abandonment')}</legend>
            <TextField
              label={t('recoverySettings.delay')}
              inputMode="numeric"
              value={draft.abandonAfterMinutes}
              onChange={(e) => update({ abandonAfterMinutes: e.target.value })}
              error={error('abandon_after_minutes')}
              hint={t('recoverySettings.delayHint')}
            />
            <TextField
              label={t('recoverySettings.window')}
              inputMode="numeric"
              value={draft.attributionWindowDays}
              onChange={(e) => update({ attributionWindowDays: e.target.value })}
              error={error('attribution_window_days')}
              hint={t('recoverySettings.windowHint')}
            />
          </fieldset>
        </Card>
        <Card title={t('recoverySettings.tracking')}>
          <fieldset disabled={readOnly} className="space-y-4">
            <legend className="sr-only">{t('recoverySettings.tracking')}</legend>
            <div>
              <Checkbox
                label={t('recoverySettings.requireConsent')}
                checked={draft.requireConsent}
                onChange={(e) => update({ requireConsent: e.target.checked })}
              />
              <p className="mt-1 text-xs text-slate-600">{t('recoverySettings.requireConsentHint')}</p>
            </div>
            <TextAreaField
              label={t('recoverySettings.origins')}
              rows={3}
              value={draft.allowedOrigins}
              onChange={(e) => update({ allowedOrigins: e.target.value })}
              error={error('allowed_origins')}
              hint={t('recoverySettings.originsHint')}
            />
            <TextField
              label={t('recoverySettings.cartUrl')}
              type="url"
              value={draft.cartUrl}
              onChange={(e) => update({ cartUrl: e.target.value })}
              error={error('cart_url')}
              hint={t('recoverySettings.cartUrlHint')}
            />
          </fieldset>
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
