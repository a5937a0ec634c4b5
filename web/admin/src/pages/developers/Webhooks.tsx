import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useState, type FormEvent } from 'react';
import { api } from '../../api/client.ts';
import { isApiError } from '../../api/errors.ts';
import { useT } from '../../i18n/I18n.tsx';
import { useCan } from '../../lib/me.ts';
import { useCursorList } from '../../lib/paging.ts';
import { StatusBadge } from '../../ui/Badge.tsx';
import { Button } from '../../ui/Button.tsx';
import { CursorTable } from '../../ui/CursorTable.tsx';
import { Dialog } from '../../ui/Dialog.tsx';
import { ErrorMessage } from '../../ui/feedback.tsx';
import { TextField } from '../../ui/form.tsx';
import { Card, Page } from '../../ui/layout.tsx';
import { EventTypePicker } from './EventTypePicker.tsx';

/** Webhook endpoints: register one (its signing secret is shown once), see each one's state. */
export function WebhooksPage() {
  const t = useT();
  const can = useCan();
  const queryClient = useQueryClient();
  const [url, setUrl] = useState('');
  const [description, setDescription] = useState('');
  const [types, setTypes] = useState<string[]>([]);
  const [secret, setSecret] = useState<string | null>(null);
  const list = useCursorList(['webhooks'], (cursor) =>
    api.get('/admin/v1/webhook-endpoints', { query: { limit: 50, cursor } }),
  );
  const eventTypes = useQuery({
    queryKey: ['event-types'],
    queryFn: () => api.get('/admin/v1/event-types'),
    staleTime: Infinity,
  });
  const create = useMutation({
    mutationFn: () =>
      api.post('/admin/v1/webhook-endpoints', {
        body: { url: url.trim(), description: description.trim(), event_types: types.length ? types : ['*'] },
      }),
    onSuccess: async (endpoint) => {
      setSecret(endpoint.secret);
      setUrl('');
      setDescription('');
      setTypes([]);
      await queryClient.invalidateQueries({ queryKey: ['webhooks'] });
    },
  });
  const err = isApiError(create.error) ? create.error : null;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate();
  };
  return (
    <Page title={t('nav.webhooks')}>
      {can('webhooks.manage') && (
        <Card title={t('webhooks.add')}>
          <form onSubmit={submit} noValidate className="space-y-3">
            <TextField
              label={t('webhooks.url')}
              type="url"
              placeholder="https://"
              value={url}
              onChange={(e) => setUrl(e.target.value)}
              error={err?.fieldError('url')}
            />
            <TextField
              label={t('webhooks.description')}
              value={description}
              onChange={(e) => setDescription(e.target.value)}
            />
            <EventTypePicker all={eventTypes.data?.data ?? []} selected={types} onChange={setTypes} />
            <ErrorMessage error={create.error} />
            <Button type="submit" variant="primary" disabled={!url.trim()} busy={create.isPending}>
              {t('webhooks.add')}
            </Button>
          </form>
        </Card>
      )}
      <Card>
        <CursorTable
          list={list}
          caption={t('nav.webhooks')}
          rowKey={(w) => w.id}
          empty={t('webhooks.none')}
          columns={[
            {
              header: t('webhooks.url'),
              cell: (w) => (
                <Link
                  to="/webhooks/$endpointId"
                  params={{ endpointId: w.id }}
                  className="font-medium break-all text-indigo-800 underline"
                >
                  {w.url}
                </Link>
              ),
            },
            {
              header: t('webhooks.events'),
              cell: (w) => (w.event_types.includes('*') ? t('webhooks.allEvents') : w.event_types.join(', ')),
              wide: true,
            },
            {
              header: t('common.status'),
              cell: (w) => <StatusBadge status={w.enabled ? 'enabled' : 'disabled'} />,
            },
          ]}
        />
      </Card>
      <Dialog
        open={!!secret}
        onClose={() => setSecret(null)}
        title={t('webhooks.secretTitle')}
        footer={<Button onClick={() => setSecret(null)}>{t('common.done')}</Button>}
      >
        <p className="text-sm text-slate-700">{t('webhooks.secretExplain')}</p>
        <p className="rounded bg-slate-100 p-3 font-mono text-sm break-all">{secret}</p>
      </Dialog>
    </Page>
  );
}
