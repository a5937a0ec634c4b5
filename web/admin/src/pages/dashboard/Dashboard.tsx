import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { api } from '../../api/client.ts';
import { useI18n } from '../../i18n/I18n.tsx';
import { formatDateTime, formatMoney, formatNumber, formatPercent } from '../../lib/format.ts';
import { useCan } from '../../lib/me.ts';
import { ErrorMessage, Loading } from '../../ui/feedback.tsx';
import { Card, Page } from '../../ui/layout.tsx';
import { Table } from '../../ui/table.tsx';
import { DateTime, Money } from '../../ui/values.tsx';
import { deadlineWording, openDisputesSummary } from '../disputes/disputes.ts';
import { OrderStatusBadge } from '../orders/OrderStatusBadge.tsx';
import { SalesChart } from './SalesChart.tsx';

function Figure({ label, value, sub }: { label: string; value: string; sub?: string | undefined }) {
  return (
    <div className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
      <p className="text-sm text-slate-600">{label}</p>
      <p className="mt-1 text-2xl font-semibold text-slate-900">{value}</p>
      {sub && <p className="mt-1 text-xs text-slate-600">{sub}</p>}
    </div>
  );
}

/**
 * The store's open chargebacks, for staff who may see payments: how many and when the next must be
 * answered, linked to the Disputes page; red under 3 days, nothing when there are none. Its key
 * starts with 'disputes' so a `payment_dispute.*` event refreshes it.
 */
function OpenDisputesNotice() {
  const { t, locale } = useI18n();
  const can = useCan();
  const open = useQuery({
    queryKey: ['disputes', 'open', 'dashboard'],
    queryFn: () => api.get('/admin/v1/payment-disputes', { query: { status: 'open', limit: 100 } }),
    enabled: can('payments.read'),
  });
  if (!can('payments.read') || !open.data) return null;
  const { count, nextDueBy } = openDisputesSummary(open.data.data);
  if (count === 0) return null;
  const left = nextDueBy ? deadlineWording(nextDueBy, new Date()) : null;
  return (
    <p
      className={`rounded-md border p-3 text-sm ${left?.urgent ? 'border-red-300 bg-red-50 text-red-900' : 'border-amber-300 bg-amber-50 text-amber-950'}`}
    >
      <Link to="/disputes" className={`underline ${left?.urgent ? 'font-semibold' : 'font-medium'}`}>
        {count === 1 ? t('disputes.dashboard.one') : t('disputes.dashboard.other', { n: count })}
        {nextDueBy &&
          left &&
          t('disputes.dashboard.next', {
            date: formatDateTime(nextDueBy, locale),
            left: t(left.key, left.vars),
          })}
      </Link>
    </p>
  );
}

/** Open chargebacks, today's sales, orders and conversion, the last 14 days as a chart, and the latest orders; kept live. */
export function DashboardPage() {
  const { t, locale } = useI18n();
  const can = useCan();
  const report = useQuery({
    queryKey: ['reports', 'sales', 14],
    queryFn: () => api.get('/admin/v1/reports/sales', { query: { days: 14 } }),
  });
  const recent = useQuery({
    queryKey: ['orders', 'recent'],
    queryFn: () => api.get('/admin/v1/orders', { query: { limit: 5 } }),
    enabled: can('orders.read'),
  });

  const r = report.data;
  const main = r?.today.sales.find((s) => s.currency === r.currency);
  const others = r?.today.sales.filter((s) => s.currency !== r.currency && s.amount > 0) ?? [];
  const aov = r?.today.average_order_value.find((s) => s.currency === r.currency);

  return (
    <Page title={t('nav.dashboard')}>
      <OpenDisputesNotice />
      <ErrorMessage error={report.error} />
      {report.isPending && <Loading />}
      {r && (
        <>
          <section aria-label={t('dashboard.today')} className="grid grid-cols-2 gap-3 lg:grid-cols-4">
            <Figure
              label={t('dashboard.salesToday')}
              value={formatMoney(main?.amount ?? 0, r.currency, locale)}
              sub={others.map((o) => formatMoney(o.amount, o.currency, locale)).join(' · ') || undefined}
            />
            <Figure label={t('dashboard.ordersToday')} value={formatNumber(r.today.orders, locale)} />
            <Figure
              label={t('dashboard.conversion')}
              value={r.today.conversion_rate === null ? '—' : formatPercent(r.today.conversion_rate, locale)}
              sub={t('dashboard.conversionExplain', { carts: r.today.carts })}
            />
            <Figure
              label={t('dashboard.averageOrder')}
              value={aov ? formatMoney(aov.amount, aov.currency, locale) : '—'}
            />
          </section>
          <Card title={t('dashboard.chartTitle', { days: r.days.length })}>
            <SalesChart
              currency={r.currency}
              days={r.days.map((d) => ({
                date: d.date,
                orders: d.orders,
                amount: d.sales.find((s) => s.currency === r.currency)?.amount ?? 0,
              }))}
            />
            <p className="mt-2 text-xs text-slate-600">{t('dashboard.timeZone', { zone: r.time_zone })}</p>
          </Card>
        </>
      )}
      {can('orders.read') && (
        <Card
          title={t('dashboard.latestOrders')}
          actions={
            <Link to="/orders" className="text-sm text-indigo-800 underline">
              {t('dashboard.allOrders')}
            </Link>
          }
        >
          {recent.isPending ? (
            <Loading />
          ) : (
            <Table
              caption={t('dashboard.latestOrders')}
              rows={recent.data?.data ?? []}
              rowKey={(o) => o.id}
              empty={t('orders.none')}
              columns={[
                {
                  header: t('orders.number'),
                  cell: (o) => (
                    <Link
                      to="/orders/$orderId"
                      params={{ orderId: o.id }}
                      className="font-medium text-indigo-800 underline"
                    >
                      {o.display_number}
                    </Link>
                  ),
                },
                { header: t('orders.customer'), cell: (o) => o.email, wide: true },
                { header: t('orders.status'), cell: (o) => <OrderStatusBadge order={o} /> },
                { header: t('orders.placed'), cell: (o) => <DateTime value={o.created_at} />, wide: true },
                {
                  header: t('orders.total'),
                  cell: (o) => <Money amount={o.totals.total} currency={o.currency} />,
                  align: 'right',
                },
              ]}
            />
          )}
        </Card>
      )}
    </Page>
  );
}
