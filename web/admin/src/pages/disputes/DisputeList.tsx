import { useQuery } from '@tanstack/react-query';
import { Link, useNavigate, useSearch } from '@tanstack/react-router';
import { api } from '../../api/client.ts';
import { useI18n } from '../../i18n/I18n.tsx';
import { formatDateTime } from '../../lib/format.ts';
import { useCan } from '../../lib/me.ts';
import { useCursorList } from '../../lib/paging.ts';
import { CursorTable } from '../../ui/CursorTable.tsx';
import { SelectField } from '../../ui/form.tsx';
import { Card, Page } from '../../ui/layout.tsx';
import { DateTime, Money } from '../../ui/values.tsx';
import {
  DISPUTE_FILTERS,
  deadlineWording,
  disputeFilterOf,
  reasonLabel,
  type DisputeFilter,
} from './disputes.ts';
import { DisputeStatusBadge } from './DisputeStatusBadge.tsx';

export interface DisputeFilters {
  status?: DisputeFilter | undefined;
}

/** The order a dispute is about, by its number once the page's orders are read. */
function OrderLink({ orderId, number }: { orderId: string; number: string | undefined }) {
  const { t } = useI18n();
  return (
    <Link
      to="/orders/$orderId"
      params={{ orderId }}
      className="font-medium break-all text-indigo-800 underline"
    >
      {number ? t('orders.orderNumber', { number }) : t('disputes.viewOrder')}
    </Link>
  );
}

/**
 * The store's payment disputes (chargebacks), newest first: open ones by default (waiting for an
 * answer or a decision), or those closed, or all; each with its order, amount, reason, status and
 * the deadline for evidence (red under 3 days).
 */
export function DisputeListPage() {
  const { t, locale } = useI18n();
  const filters = useSearch({ from: '/app/disputes' });
  const navigate = useNavigate({ from: '/disputes' });
  const status = filters.status ?? 'open';
  const list = useCursorList(['disputes', 'list', status], (cursor) =>
    api.get('/admin/v1/payment-disputes', {
      query: { limit: 25, cursor, ...(status === 'all' ? {} : { status }) },
    }),
  );
  // The orders' numbers, for every row shown, in one request.
  const can = useCan();
  const orderIds = [...new Set(list.rows.flatMap((d) => (d.order_id ? [d.order_id] : [])))].sort();
  const orders = useQuery({
    queryKey: ['orders', 'by-ids', orderIds],
    queryFn: () => api.get('/admin/v1/orders', { query: { ids: orderIds, limit: 100 } }),
    enabled: can('orders.read') && orderIds.length > 0 && orderIds.length <= 100,
    staleTime: 60_000,
  });
  const numbers = new Map((orders.data?.data ?? []).map((o) => [o.id, o.display_number]));
  const now = new Date();
  return (
    <Page title={t('nav.disputes')}>
      <p className="text-sm text-slate-700">{t('disputes.intro')}</p>
      <Card>
        <div className="max-w-xs">
          <SelectField
            label={t('disputes.filter')}
            value={status}
            onChange={(e) =>
              void navigate({
                search: { status: e.target.value === 'open' ? undefined : disputeFilterOf(e.target.value) },
              })
            }
          >
            {DISPUTE_FILTERS.map((f) => (
              <option key={f} value={f}>
                {t(`disputes.filter.${f}`)}
              </option>
            ))}
          </SelectField>
        </div>
      </Card>
      <Card>
        <CursorTable
          list={list}
          caption={t('nav.disputes')}
          rowKey={(d) => d.id}
          empty={t(`disputes.none.${status}`)}
          columns={[
            {
              header: t('disputes.order'),
              cell: (d) =>
                d.order_id ? (
                  <OrderLink orderId={d.order_id} number={numbers.get(d.order_id)} />
                ) : (
                  <span className="text-slate-600">{t('disputes.noOrder')}</span>
                ),
            },
            {
              header: t('disputes.amount'),
              cell: (d) => <Money amount={d.amount} currency={d.currency} />,
              align: 'right',
            },
            { header: t('disputes.reason'), cell: (d) => reasonLabel(d.reason, t) },
            { header: t('common.status'), cell: (d) => <DisputeStatusBadge status={d.status} /> },
            {
              header: t('disputes.respondByColumn'),
              cell: (d) => {
                if (!d.needs_response || !d.evidence_due_by) return '—';
                const left = deadlineWording(d.evidence_due_by, now);
                return (
                  <span className={left.urgent ? 'font-semibold text-red-800' : ''}>
                    {formatDateTime(d.evidence_due_by, locale)}
                    <span className="block text-xs">{t(left.key, left.vars)}</span>
                  </span>
                );
              },
            },
            { header: t('disputes.opened'), cell: (d) => <DateTime value={d.created_at} />, wide: true },
          ]}
        />
      </Card>
    </Page>
  );
}
