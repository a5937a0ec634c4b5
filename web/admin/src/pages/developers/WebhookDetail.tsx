import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate, useParams } from '@tanstack/react-router';
import { useState } from 'react';
import { api, type Answer } from '../../api/client.ts';
import { useT } from '../../i18n/I18n.tsx';
import { useCan } from '../../lib/me.ts';
import { useCursorList } from '../../lib/paging.ts';
import { StatusBadge } from '../../ui/Badge.tsx';
import { Button, LoadMore } from '../../ui/Button.tsx';
import { ErrorMessage, Loading, useToast } from '../../ui/feedback.tsx';
import { Card, Facts, Page } from '../../ui/layout.tsx';
import { DateTime } from '../../ui/values.tsx';

type Delivery = Answer<'/admin/v1/webhook-endpoints/{endpointId}/deliveries', 'get'>['data'][number];

function DeliveryRow({
  delivery,
  onReplay,
  canManage,
}: {
  delivery: Delivery;
  onReplay: () => void;
  canManage: boolean;
}) {
  const t = useT();
  return (
    <li className="py-3">
      <details>
        <summary className="flex cursor-pointer flex-wrap items-center gap-2 text-sm">
          <StatusBadge status={delivery.status} />
          <span className="font-mono">{delivery.event_type}</span>
          <span className="text-slate-600">
            <DateTime value={delivery.created_at} />
          </span>
          <span className="text-slate-600">
            {t('webhooks.attempts', { n: delivery.attempt_count })}
            {delivery.last_status_code ? ` · HTTP ${delivery.last_status_code}` : ''}
          </span>
        </summary>
        <div className="mt-2 space-y-2 pl-2 text-sm">
          {delivery.last_error && <p className="text-red-800">{delivery.last_error}</p>}
          <ol className="space-y-1">
            {delivery.attempts.map((a) => (
              <li key={a.id}>
                #{a.attempt_number} · <DateTime value={a.started_at} /> · {a.status_code ?? '—'} ·{' '}
                {a.duration_ms} ms
                {a.error && <span className="text-red-800"> · {a.error}</span>}
              </li>
            ))}
          </ol>
          <pre className="max-h-48 overflow-auto rounded bg-slate-100 p-2 text-xs">
            {JSON.stringify(delivery.payload, null, 2)}
          </pre>
          {canManage && (
            <Button small onClick={onReplay}>
              {t('webhooks.replay')}
            </Button>
          )}
        </div>
      </details>
    </li>
  );
}

/** One endpoint: its secret, enable/disable, a test event, and its delivery log with every attempt. */
export function WebhookDetailPage() {
  const t = useT();
  const toast = useToast();
  const can = useCan();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const { endpointId } = useParams({ from: '/app/webhooks/$endpointId' });
  const [secret, setSecret] = useState<string | null>(null);
  const endpoint = useQuery({
    queryKey: ['webhooks', endpointId],
    queryFn: () => api.get('/admin/v1/webhook-endpoints/{endpointId}', { path: { endpointId } }),
  });
  const deliveries = useCursorList(['webhooks', endpointId, 'deliveries'], (cursor) =>
    api.get('/admin/v1/webhook-endpoints/{endpointId}/deliveries', {
      path: { endpointId },
      query: { limit: 25, cursor },
    }),
  );
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['webhooks'] });
  const act = useMutation({
    mutationFn: async (op: {
      kind: 'reveal' | 'rotate' | 'test' | 'toggle' | 'delete' | 'replay';
      deliveryId?: string;
    }) => {
      const path = { endpointId };
      switch (op.kind) {
        case 'reveal':
          setSecret(
            (await api.post('/admin/v1/webhook-endpoints/{endpointId}/secret/reveal', { path })).secret,
          );
          return;
        case 'rotate':
          setSecret(
            (await api.post('/admin/v1/webhook-endpoints/{endpointId}/secret/rotate', { path })).secret,
          );
          return;
        case 'test':
          await api.post('/admin/v1/webhook-endpoints/{endpointId}/test', { path });
          toast(t('webhooks.testSent'));
          return;
        case 'toggle':
          await api.patch('/admin/v1/webhook-endpoints/{endpointId}', {
            path,
            body: { enabled: !endpoint.data?.enabled },
          });
          return;
        case 'delete':
          await api.delete('/admin/v1/webhook-endpoints/{endpointId}', { path });
          await navigate({ to: '/webhooks' });
          return;
        case 'replay':
          await api.post('/admin/v1/webhook-endpoints/{endpointId}/deliveries/{deliveryId}/replay', {
            path: { endpointId, deliveryId: op.deliveryId! },
          });
          toast(t('webhooks.replayed'));
          return;
      }
    },
    onSuccess: () => refresh(),
  });
  if (endpoint.isPending) return <Loading />;
  if (!endpoint.data)
    return (
      <Page title={t('nav.webhooks')}>
        <ErrorMessage error={endpoint.error} />
      </Page>
    );
  const e = endpoint.data;
  const manage = can('webhooks.manage');
  return (
    <Page
      title={<span className="break-all">{e.url}</span>}
      back={
        <Link to="/webhooks" className="text-indigo-800 underline">
          ← {t('nav.webhooks')}
        </Link>
      }
      actions={
        manage && (
          <>
            <Button onClick={() => act.mutate({ kind: 'test' })}>{t('webhooks.sendTest')}</Button>
            <Button onClick={() => act.mutate({ kind: 'toggle' })}>
              {e.enabled ? t('webhooks.disable') : t('webhooks.enable')}
            </Button>
            <Button variant="danger" onClick={() => act.mutate({ kind: 'delete' })}>
              {t('common.delete')}
            </Button>
          </>
        )
      }
    >
      <ErrorMessage error={act.error} />
      <Card title={t('webhooks.endpoint')}>
        <Facts
          items={[
            [t('common.status'), <StatusBadge key="s" status={e.enabled ? 'enabled' : 'disabled'} />],
            [t('webhooks.description'), e.description || '—'],
            [
              t('webhooks.events'),
              e.event_types.includes('*') ? t('webhooks.allEvents') : e.event_types.join(', '),
            ],
            [
              t('webhooks.disabledReason'),
              e.disabled_reason ? t(`webhooks.disabled.${e.disabled_reason}`) : '—',
            ],
          ]}
        />
        {manage && (
          <div className="mt-4 space-y-2">
            <div className="flex flex-wrap gap-2">
              <Button small onClick={() => act.mutate({ kind: 'reveal' })}>
                {t('webhooks.revealSecret')}
              </Button>
              <Button small onClick={() => act.mutate({ kind: 'rotate' })}>
                {t('webhooks.rotateSecret')}
              </Button>
            </div>
            {secret && <p className="rounded bg-slate-100 p-2 font-mono text-sm break-all">{secret}</p>}
          </div>
        )}
      </Card>
      <Card
        title={t('webhooks.deliveries')}
        actions={
          <Button small onClick={() => void deliveries.refetch()}>
            {t('common.refresh')}
          </Button>
        }
      >
        <ErrorMessage error={deliveries.error} />
        {deliveries.isPending ? (
          <Loading />
        ) : deliveries.rows.length === 0 ? (
          <p className="text-sm text-slate-600">{t('webhooks.noDeliveries')}</p>
        ) : (
          <ul className="divide-y divide-slate-100">
            {deliveries.rows.map((d) => (
              <DeliveryRow
                key={d.id}
                delivery={d}
                canManage={manage}
                onReplay={() => act.mutate({ kind: 'replay', deliveryId: d.id })}
              />
            ))}
          </ul>
        )}
        <LoadMore
          hasMore={!!deliveries.hasNextPage}
          loading={deliveries.isFetchingNextPage}
          onClick={() => void deliveries.fetchNextPage()}
          label={t('common.loadMore')}
        />
      </Card>
    </Page>
  );
}
