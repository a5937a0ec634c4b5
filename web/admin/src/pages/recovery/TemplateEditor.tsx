import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate, useParams } from '@tanstack/react-router';
import { useEffect, useState, type FormEvent } from 'react';
import { api, type Answer } from '../../api/client.ts';
import { isApiError } from '../../api/errors.ts';
import { useT } from '../../i18n/I18n.tsx';
import { useCan } from '../../lib/me.ts';
import { Button } from '../../ui/Button.tsx';
import { ErrorMessage, Loading, useToast } from '../../ui/feedback.tsx';
import { SelectField, TextAreaField, TextField } from '../../ui/form.tsx';
import { Card, Page } from '../../ui/layout.tsx';
import { CHANNELS } from './Templates.tsx';
import { useDebounced } from './useDebounced.ts';

type Template = Answer<'/admin/v1/messaging/templates/{templateId}', 'get'>;
type Channel = (typeof CHANNELS)[number];

interface Draft {
  channel: Channel;
  handle: string;
  locale: string;
  name: string;
  subject: string;
  body: string;
  text_body: string;
  url: string;
}

const STARTERS: Record<Channel, Pick<Draft, 'subject' | 'body' | 'url'>> = {
  email: {
    subject: '{{ customer.first_name | default: "Hi" }}, your cart is waiting',
    body: '<mjml>\n  <mj-body>\n    <mj-section>\n      <mj-column>\n        <mj-text>Your cart at {{ store.name }} is saved.</mj-text>\n        <mj-button href="{{ cart.recovery_url }}">Return to your cart</mj-button>\n      </mj-column>\n    </mj-section>\n  </mj-body>\n</mjml>\n',
    url: '',
  },
  sms: { subject: '', body: '{{ store.name }}: your cart is saved. {{ cart.recovery_url }}', url: '' },
  push: {
    subject: 'Your cart is waiting',
    body: 'Come back to {{ store.name }}',
    url: '{{ cart.recovery_url }}',
  },
};

const draftOf = (tpl: Template): Draft => ({
  channel: tpl.channel,
  handle: tpl.handle,
  locale: tpl.locale,
  name: tpl.name,
  subject: tpl.subject ?? '',
  body: tpl.body,
  text_body: tpl.text_body ?? '',
  url: tpl.url ?? '',
});

/** The fields a channel uses, as the API takes them (empty optional parts left out). */
function partsOf(d: Draft) {
  return {
    name: d.name.trim() || d.handle,
    handle: d.handle,
    locale: d.locale,
    subject: d.channel === 'sms' ? null : d.subject || null,
    body: d.body,
    text_body: d.channel === 'email' ? d.text_body || null : null,
    url: d.channel === 'push' ? d.url || null : null,
  };
}

/** The variables the API says the template does not know (its 422 names them). */
function unknownVariables(error: unknown): string[] {
  if (!isApiError(error)) return [];
  const ext =
    error.body.unknown_variables ??
    (error.body.extensions as Record<string, unknown> | undefined)?.unknown_variables;
  return Array.isArray(ext) ? ext.map(String) : [];
}

/**
 * Edit a recovery template — subject, MJML body, text part, SMS text, push fields — with a live
 * preview: the draft is rendered by the API with sample cart data a moment after typing stops,
 * shown in a sandboxed frame (no scripts, no same-origin access). An unknown variable is the API's
 * clear error, with line and column.
 */
export function TemplateEditorPage() {
  const t = useT();
  const can = useCan();
  const toast = useToast();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const { templateId } = useParams({ strict: false }) as { templateId?: string };
  const isNew = !templateId;
  const template = useQuery({
    queryKey: ['templates', 'one', templateId],
    queryFn: () =>
      api.get('/admin/v1/messaging/templates/{templateId}', { path: { templateId: templateId! } }),
    enabled: !isNew,
  });
  const variables = useQuery({
    queryKey: ['templates', 'variables'],
    queryFn: () => api.get('/admin/v1/messaging/variables'),
    staleTime: Infinity,
  });
  const [draft, setDraft] = useState<Draft | null>(
    isNew ? { channel: 'email', handle: '', locale: 'en', name: '', text_body: '', ...STARTERS.email } : null,
  );
  useEffect(() => {
    if (template.data && !draft) setDraft(draftOf(template.data));
  }, [template.data, draft]);

  const settled = useDebounced(draft, 400);
  const preview = useQuery({
    queryKey: ['templates', 'preview', settled],
    queryFn: () =>
      api.post('/admin/v1/messaging/templates/preview', {
        body: {
          template: {
            channel: settled!.channel,
            purpose: 'recovery',
            ...partsOf({ ...settled!, handle: settled!.handle || 'preview' }),
          },
        },
      }),
    enabled: !!settled?.body,
    placeholderData: keepPreviousData,
    retry: false,
  });

  const save = useMutation({
    mutationFn: async (d: Draft) => {
      if (isNew)
        return api.post('/admin/v1/messaging/templates', {
          body: { channel: d.channel, purpose: 'recovery', ...partsOf(d) },
        });
      return api.patch('/admin/v1/messaging/templates/{templateId}', {
        path: { templateId: templateId! },
        body: partsOf(d),
      });
    },
    onSuccess: async (saved) => {
      await queryClient.invalidateQueries({ queryKey: ['templates'] });
      toast(t('templates.saved'));
      if (isNew) await navigate({ to: '/recovery/templates/$templateId', params: { templateId: saved.id } });
      else setDraft(draftOf(saved));
    },
  });

  const back = (
    <Link to="/recovery/templates" className="text-indigo-800 underline">
      ← {t('nav.templates')}
    </Link>
  );
  if (!isNew && template.isPending) return <Loading />;
  if (!draft)
    return (
      <Page title={t('nav.templates')} back={back}>
        <ErrorMessage error={template.error} />
      </Page>
    );

  const set = (k: keyof Draft) => (e: { target: { value: string } }) =>
    setDraft((d) => (d ? { ...d, [k]: e.target.value } : d));
  const readOnly = !can('messaging.manage');
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate(draft);
  };
  const unknown = unknownVariables(preview.error ?? save.error);
  const fieldError = (field: string) => {
    const err = save.error ?? preview.error;
    return isApiError(err) ? (err.fieldError(`template.${field}`) ?? err.fieldError(field)) : undefined;
  };
  const p = preview.data;

  return (
    <Page title={isNew ? t('templates.new') : draft.name || draft.handle} back={back}>
      <div className="grid grid-cols-1 gap-6 xl:grid-cols-2">
        <Card title={t('templates.edit')}>
          <form onSubmit={submit} className="space-y-4" aria-label={t('templates.edit')}>
            {isNew && (
              <div className="grid grid-cols-1 gap-3 sm:grid-cols-3">
                <SelectField
                  label={t('templates.channel')}
                  value={draft.channel}
                  onChange={(e) => {
                    const channel = e.target.value as Channel;
                    setDraft((d) => (d ? { ...d, channel, ...STARTERS[channel] } : d));
                  }}
                >
                  {CHANNELS.map((c) => (
                    <option key={c} value={c}>
                      {t(`templates.channel.${c}`)}
                    </option>
                  ))}
                </SelectField>
                <TextField
                  label={t('templates.handle')}
                  hint={t('templates.handleHint')}
                  value={draft.handle}
                  onChange={set('handle')}
                  required
                  pattern="[a-z0-9][a-z0-9-]{0,63}"
                  error={save.error ? fieldError('handle') : undefined}
                />
                <SelectField label={t('templates.locale')} value={draft.locale} onChange={set('locale')}>
                  <option value="en">English (en)</option>
                  <option value="vi">Tiếng Việt (vi)</option>
                </SelectField>
              </div>
            )}
            {!isNew && (
              <p className="text-sm text-slate-600">
                {t(`templates.channel.${draft.channel}`)} · {draft.locale} ·{' '}
                <span className="font-mono text-xs">{draft.handle}</span>
              </p>
            )}
            <TextField
              label={t('templates.name')}
              value={draft.name}
              onChange={set('name')}
              readOnly={readOnly}
              error={fieldError('name')}
            />
            {draft.channel !== 'sms' && (
              <TextField
                label={draft.channel === 'email' ? t('templates.subject') : t('templates.pushTitle')}
                value={draft.subject}
                onChange={set('subject')}
                readOnly={readOnly}
                error={fieldError('subject')}
              />
            )}
            <TextAreaField
              label={
                draft.channel === 'email'
                  ? t('templates.mjml')
                  : draft.channel === 'sms'
                    ? t('templates.smsBody')
                    : t('templates.pushBody')
              }
              rows={draft.channel === 'email' ? 16 : 4}
              spellCheck={false}
              className="[&_textarea]:font-mono"
              value={draft.body}
              onChange={set('body')}
              readOnly={readOnly}
              error={fieldError('body')}
            />
            {draft.channel === 'email' && (
              <TextAreaField
                label={t('templates.textBody')}
                hint={t('templates.textBodyHint')}
                rows={5}
                value={draft.text_body}
                onChange={set('text_body')}
                readOnly={readOnly}
                error={fieldError('text_body')}
              />
            )}
            {draft.channel === 'push' && (
              <TextField
                label={t('templates.pushUrl')}
                value={draft.url}
                onChange={set('url')}
                readOnly={readOnly}
                error={fieldError('url')}
              />
            )}
            <ErrorMessage error={save.error} />
            {!readOnly && (
              <Button type="submit" variant="primary" busy={save.isPending}>
                {isNew ? t('templates.create') : t('common.save')}
              </Button>
            )}
          </form>
          {variables.data && (
            <details className="mt-4 text-sm">
              <summary className="cursor-pointer font-medium text-slate-800">
                {t('templates.variables')}
              </summary>
              <ul className="mt-2 flex flex-wrap gap-1.5">
                {variables.data.recovery.map((v) => (
                  <li key={v} className="rounded bg-slate-100 px-1.5 py-0.5 font-mono text-xs text-slate-800">
                    {`{{ ${v} }}`}
                  </li>
                ))}
              </ul>
            </details>
          )}
        </Card>
        <Card
          title={t('templates.preview')}
          actions={
            preview.isFetching ? (
              <span role="status" className="text-xs text-slate-600">
                {t('templates.rendering')}
              </span>
            ) : undefined
          }
        >
          <div aria-live="polite">
            {preview.error ? (
              <div className="space-y-2">
                {unknown.length > 0 && (
                  <p className="text-sm font-medium text-red-900">
                    {t('templates.unknownVariables', { names: unknown.join(', ') })}
                  </p>
                )}
                <ErrorMessage error={preview.error} />
              </div>
            ) : null}
          </div>
          {p && (
            <div className={`space-y-3 ${preview.error ? 'opacity-50' : ''}`}>
              <p className="text-xs text-slate-600">{t('templates.sampleData')}</p>
              {p.subject !== null && (
                <p className="text-sm">
                  <span className="text-slate-600">
                    {p.channel === 'push' ? t('templates.pushTitle') : t('templates.subject')}:
                  </span>{' '}
                  <strong data-testid="preview-subject">{p.subject}</strong>
                </p>
              )}
              {p.html ? (
                <iframe
                  title={t('templates.previewFrame')}
                  sandbox=""
                  srcDoc={p.html}
                  className="h-[32rem] w-full rounded border border-slate-200 bg-white"
                />
              ) : (
                <pre
                  data-testid="preview-text"
                  className="rounded bg-slate-50 p-3 text-sm whitespace-pre-wrap text-slate-900"
                >
                  {p.text}
                </pre>
              )}
              {p.channel === 'sms' && (
                <p className="text-xs text-slate-600">{t('templates.smsLength', { chars: p.text.length })}</p>
              )}
              {p.url && (
                <p className="text-sm break-all">
                  <span className="text-slate-600">{t('templates.pushUrl')}:</span> {p.url}
                </p>
              )}
              {p.html && (
                <details className="text-sm">
                  <summary className="cursor-pointer font-medium text-slate-800">
                    {t('templates.textPart')}
                  </summary>
                  <pre className="mt-2 rounded bg-slate-50 p-3 text-xs whitespace-pre-wrap">{p.text}</pre>
                </details>
              )}
            </div>
          )}
        </Card>
      </div>
    </Page>
  );
}
