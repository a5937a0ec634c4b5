import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState, type FormEvent } from 'react';
import { api, type Answer, type Body } from '../../api/client.ts';
import { isApiError } from '../../api/errors.ts';
import type { MessageKey } from '../../i18n/catalog.ts';
import { useT } from '../../i18n/I18n.tsx';
import { useCan } from '../../lib/me.ts';
import { Button } from '../../ui/Button.tsx';
import { ErrorMessage, Loading, useToast } from '../../ui/feedback.tsx';
import { Checkbox, SelectField, TextAreaField, TextField } from '../../ui/form.tsx';
import { Card, Page } from '../../ui/layout.tsx';
import {
  capsBody,
  capsDraft,
  channelBody,
  channelDraft,
  CHANNEL_PROVIDERS,
  CONFIG_FIELDS,
  SECRET_FIELDS,
  type Channel,
  type ChannelDraft,
  type ChannelView,
} from './channel-draft.ts';

type TestAnswer = Answer<'/admin/v1/messaging/channels/{channel}/test', 'post'>;
type TestBody = Body<'/admin/v1/messaging/channels/{channel}/test', 'post'>;

/** The API's message for a field of the body (`config.from_email`), if it named one. */
const apiFieldError = (error: unknown, path: string) =>
  isApiError(error) ? error.fieldErrorWithin(path) : undefined;

/** Send one fixed message through the channel as saved, and say what the provider answered. */
function TestMessage({ channel, disabled }: { channel: Channel; disabled: boolean }) {
  const t = useT();
  const [to, setTo] = useState('');
  const [result, setResult] = useState<TestAnswer | null>(null);
  const send = useMutation({
    mutationFn: () => {
      setResult(null);
      let body: TestBody;
      if (channel === 'push') {
        let subscription: unknown;
        try {
          subscription = JSON.parse(to);
        } catch {
          throw new Error(t('channels.subscriptionJson'));
        }
        body = { push_subscription: subscription as NonNullable<TestBody['push_subscription']> };
      } else body = { to: to.trim() };
      return api.post('/admin/v1/messaging/channels/{channel}/test', { path: { channel }, body });
    },
    onSuccess: setResult,
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    send.mutate();
  };
  const label = t(`channels.testTo.${channel}` as MessageKey);
  return (
    <form
      onSubmit={submit}
      className="mt-4 space-y-3 border-t border-slate-200 pt-4"
      aria-label={t('channels.testForm', { channel: t(`templates.channel.${channel}` as MessageKey) })}
    >
      <div className="flex flex-col gap-3 sm:flex-row sm:items-end">
        {channel === 'push' ? (
          <TextAreaField
            className="flex-1"
            label={label}
            rows={3}
            value={to}
            onChange={(e) => setTo(e.target.value)}
            error={apiFieldError(send.error, 'push_subscription')}
            disabled={disabled}
          />
        ) : (
          <TextField
            className="flex-1"
            label={label}
            type={channel === 'email' ? 'email' : 'tel'}
            autoComplete="off"
            value={to}
            onChange={(e) => setTo(e.target.value)}
            error={apiFieldError(send.error, 'to')}
            disabled={disabled}
          />
        )}
        <Button type="submit" busy={send.isPending} disabled={disabled || !to.trim()}>
          {t(`channels.sendTest.${channel}` as MessageKey)}
        </Button>
      </div>
      <div role="status">
        {result?.status === 'sent' && (
          <p className="text-sm text-emerald-800">
            {t('channels.testSent', { provider: t(`channels.provider.${result.provider}` as MessageKey) })}
          </p>
        )}
        {result?.status === 'failed' && (
          <p className="text-sm text-red-800">
            {t('channels.testFailed', {
              code: result.error?.code ?? '',
              message: result.error?.message ?? '',
            })}
          </p>
        )}
      </div>
      <ErrorMessage error={send.error} />
    </form>
  );
}

/** One channel: its provider, the provider's settings, its write-only secrets, a test message. */
function ChannelCard({ view, canManage }: { view: ChannelView; canManage: boolean }) {
  const t = useT();
  const toast = useToast();
  const queryClient = useQueryClient();
  const channel = view.channel;
  const [draft, setDraft] = useState<ChannelDraft>(() => channelDraft(view));
  const [dirty, setDirty] = useState(false);
  useEffect(() => {
    if (!dirty) setDraft(channelDraft(view));
  }, [view, dirty]);
  const save = useMutation({
    mutationFn: (d: ChannelDraft) =>
      api.put('/admin/v1/messaging/channels/{channel}', { path: { channel }, body: channelBody(d) }),
    onSuccess: async (saved) => {
      setDirty(false);
      setDraft(channelDraft(saved));
      await queryClient.invalidateQueries({ queryKey: ['messaging', 'channels'] });
      toast(t('channels.saved', { channel: t(`templates.channel.${channel}` as MessageKey) }));
    },
  });
  const update = (next: Partial<ChannelDraft>) => {
    setDraft((d) => ({ ...d, ...next }));
    setDirty(true);
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate(draft);
  };
  const channelName = t(`templates.channel.${channel}` as MessageKey);
  const sameProvider = draft.provider === view.provider;
  const webhooks = sameProvider ? Object.entries(view.webhook_urls) : [];

  return (
    <Card title={channelName}>
      <form onSubmit={submit} aria-label={t('channels.formOf', { channel: channelName })} noValidate>
        <fieldset disabled={!canManage} className="grid grid-cols-1 gap-4 sm:grid-cols-2">
          <legend className="sr-only">{channelName}</legend>
          <SelectField
            label={t(`channels.providerOf.${channel}` as MessageKey)}
            value={draft.provider}
            onChange={(e) => update({ provider: e.target.value as ChannelDraft['provider'] })}
            error={apiFieldError(save.error, 'provider')}
            hint={view.configured ? undefined : t('channels.notConfigured')}
          >
            {CHANNEL_PROVIDERS[channel].map((p) => (
              <option key={p} value={p}>
                {t(`channels.provider.${p}` as MessageKey)}
              </option>
            ))}
          </SelectField>
          <p className="text-sm text-slate-700 sm:self-center">
            {t(`channels.providerHint.${draft.provider}` as MessageKey)}
          </p>
          {CONFIG_FIELDS[draft.provider].map((f) =>
            f.kind === 'boolean' ? (
              <Checkbox
                key={f.name}
                label={t(`channels.field.${f.name}` as MessageKey)}
                checked={draft.config[f.name] === 'true'}
                onChange={(e) => update({ config: { ...draft.config, [f.name]: String(e.target.checked) } })}
              />
            ) : f.kind === 'long' ? (
              <TextAreaField
                key={f.name}
                className="sm:col-span-2"
                label={t(`channels.field.${f.name}` as MessageKey)}
                rows={3}
                value={draft.config[f.name] ?? ''}
                onChange={(e) => update({ config: { ...draft.config, [f.name]: e.target.value } })}
                error={apiFieldError(save.error, `config.${f.name}`)}
              />
            ) : (
              <TextField
                key={f.name}
                label={t(`channels.field.${f.name}` as MessageKey)}
                type={f.kind === 'email' ? 'email' : 'text'}
                inputMode={f.kind === 'number' ? 'numeric' : undefined}
                autoComplete="off"
                value={draft.config[f.name] ?? ''}
                onChange={(e) => update({ config: { ...draft.config, [f.name]: e.target.value } })}
                error={apiFieldError(save.error, `config.${f.name}`)}
              />
            ),
          )}
          {SECRET_FIELDS[draft.provider].map((name) => {
            const held = sameProvider ? view.credentials[name] : undefined;
            return (
              <TextField
                key={name}
                label={t(`channels.secret.${name}` as MessageKey)}
                type="password"
                autoComplete="new-password"
                value={draft.secrets[name] ?? ''}
                onChange={(e) => update({ secrets: { ...draft.secrets, [name]: e.target.value } })}
                error={apiFieldError(save.error, `credentials.${name}`)}
                hint={held ? t('channels.secretSet', { hint: held.hint }) : t('channels.secretNotSet')}
              />
            );
          })}
        </fieldset>
        {draft.provider === 'webpush' && sameProvider && view.vapid_public_key && (
          <div className="mt-4 text-sm">
            <p className="font-medium text-slate-800">{t('channels.vapidPublicKey')}</p>
            <p className="mt-1 font-mono text-xs break-all text-slate-700">{view.vapid_public_key}</p>
          </div>
        )}
        {webhooks.length > 0 && (
          <div className="mt-4 text-sm">
            <p className="font-medium text-slate-800">{t('channels.webhooks')}</p>
            <dl className="mt-1 space-y-1">
              {webhooks.map(([name, url]) => (
                <div key={name}>
                  <dt className="text-slate-600">{t(`channels.webhook.${name}` as MessageKey)}</dt>
                  <dd className="font-mono text-xs break-all text-slate-800">{url}</dd>
                </div>
              ))}
            </dl>
          </div>
        )}
        <ErrorMessage error={save.error} className="mt-4" />
        {canManage && (
          <div className="mt-4 flex flex-wrap items-center gap-3">
            <Button type="submit" variant="primary" busy={save.isPending}>
              {t(`channels.save.${channel}` as MessageKey)}
            </Button>
            {dirty && <span className="text-sm text-slate-600">{t('campaigns.unsaved')}</span>}
          </div>
        )}
      </form>
      {canManage && <TestMessage channel={channel} disabled={dirty} />}
      {canManage && dirty && <p className="mt-2 text-xs text-slate-600">{t('channels.saveBeforeTest')}</p>}
    </Card>
  );
}

/** Frequency caps: the least time between two recovery messages to one contact, per channel. */
function FrequencyCaps({ canManage }: { canManage: boolean }) {
  const t = useT();
  const toast = useToast();
  const queryClient = useQueryClient();
  const caps = useQuery({
    queryKey: ['messaging', 'settings'],
    queryFn: () => api.get('/admin/v1/messaging/settings'),
  });
  const [draft, setDraft] = useState<Record<Channel, string> | null>(null);
  const [errors, setErrors] = useState<Partial<Record<Channel, string>>>({});
  useEffect(() => {
    if (caps.data && !draft) setDraft(capsDraft(caps.data));
  }, [caps.data, draft]);
  const save = useMutation({
    mutationFn: (d: Record<Channel, string>) => {
      const out = capsBody(d, caps.data ? capsDraft(caps.data) : d, t('channels.capRange'));
      if ('errors' in out) {
        setErrors(out.errors);
        throw new Error(t('campaigns.fixFields'));
      }
      setErrors({});
      return api.patch('/admin/v1/messaging/settings', { body: out.body });
    },
    onSuccess: (saved) => {
      queryClient.setQueryData(['messaging', 'settings'], saved);
      setDraft(capsDraft(saved));
      toast(t('channels.capsSaved'));
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (draft) save.mutate(draft);
  };
  return (
    <Card title={t('channels.caps')}>
      {!draft ? (
        <>
          <ErrorMessage error={caps.error} />
          {caps.isPending && <Loading />}
        </>
      ) : (
        <form onSubmit={submit} aria-label={t('channels.caps')} noValidate>
          <p className="mb-3 text-sm text-slate-700">{t('channels.capsHint')}</p>
          <fieldset disabled={!canManage} className="grid grid-cols-1 gap-4 sm:grid-cols-3">
            <legend className="sr-only">{t('channels.caps')}</legend>
            {(['email', 'sms', 'push'] as const).map((c) => (
              <TextField
                key={c}
                label={t(`channels.capOf.${c}` as MessageKey)}
                inputMode="decimal"
                value={draft[c]}
                onChange={(e) => setDraft({ ...draft, [c]: e.target.value })}
                error={errors[c] ?? apiFieldError(save.error, `frequency_caps.${c}`)}
              />
            ))}
          </fieldset>
          <ErrorMessage error={save.error} className="mt-4" />
          {canManage && (
            <Button type="submit" className="mt-4" busy={save.isPending}>
              {t('channels.saveCaps')}
            </Button>
          )}
        </form>
      )}
    </Card>
  );
}

/**
 * The messaging channels: which provider sends e-mail, SMS and push, with their sender identity
 * and write-only credentials (shown only as set, with a hint), a test message for each, the
 * frequency caps, and the fixed SMS quiet hours.
 */
export function MessagingChannelsPage() {
  const t = useT();
  const can = useCan();
  const channels = useQuery({
    queryKey: ['messaging', 'channels'],
    queryFn: () => api.get('/admin/v1/messaging/channels'),
  });
  const canManage = can('messaging.settings.manage');
  return (
    <Page title={t('nav.channels')}>
      {!canManage && <p className="text-sm text-slate-700">{t('channels.readOnly')}</p>}
      <ErrorMessage error={channels.error} />
      {channels.isPending && <Loading />}
      {channels.data?.data.map((view) => (
        <ChannelCard key={view.channel} view={view} canManage={canManage} />
      ))}
      <FrequencyCaps canManage={canManage} />
      <Card title={t('channels.quietHours')}>
        <p className="text-sm text-slate-700">{t('channels.quietHoursText')}</p>
      </Card>
    </Page>
  );
}
