import { useMutation, useQuery } from '@tanstack/react-query';
import { useNavigate, useSearch } from '@tanstack/react-router';
import { useState, type FormEvent } from 'react';
import { api, download } from '../../api/client.ts';
import { useI18n } from '../../i18n/I18n.tsx';
import { formatMoney, formatNumber, formatPercent } from '../../lib/format.ts';
import { useStore } from '../../lib/me.ts';
import { Button } from '../../ui/Button.tsx';
import { ErrorMessage, Loading } from '../../ui/feedback.tsx';
import { TextField } from '../../ui/form.tsx';
import { Card, Page } from '../../ui/layout.tsx';
import { Table } from '../../ui/table.tsx';
import { DailyBarChart } from './BarChart.tsx';
import { useCampaignNames } from './campaign-names.ts';
import { daysBefore, daysBetween, formatDuration, todayIn } from './dates.ts';

export interface AnalyticsRange {
  from?: string | undefined;
  to?: string | undefined;
}

type Amounts = { currency: string; amount: number }[];

const PRESETS = [7, 30, 90] as const;

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
 * Recovery figures for a date range (days in the store's time zone): cards, daily charts, one row
 * per campaign, and the CSV export. The range lives in the URL.
 */
export function RecoveryAnalyticsPage() {
  const { t, locale } = useI18n();
  const store = useStore();
  const search = useSearch({ from: '/app/recovery/analytics' });
  const navigate = useNavigate({ from: '/recovery/analytics' });
  const today = todayIn(store.data?.timezone);
  const from = search.from ?? daysBefore(today, 29);
  const to = search.to ?? today;
  const [draft, setDraft] = useState<Required<AnalyticsRange>>({ from, to });
  const campaignNames = useCampaignNames();

  const report = useQuery({
    queryKey: ['recovery', 'analytics', from, to],
    queryFn: () => api.get('/admin/v1/recovery/analytics', { query: { from, to } }),
  });
  const exportCsv = useMutation({
    mutationFn: () =>
      download(
        `/admin/v1/recovery/analytics.csv?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`,
        `recovery-${from}-${to}.csv`,
      ),
  });

  const currency = store.data?.currency ?? 'USD';
  const money = (amounts: Amounts) => {
    const main = amounts.find((a) => a.currency === currency)?.amount ?? 0;
    const others = amounts.filter((a) => a.currency !== currency && a.amount > 0);
    return {
      value: formatMoney(main, currency, locale),
      sub: others.map((o) => formatMoney(o.amount, o.currency, locale)).join(' · ') || undefined,
    };
  };
  const rate = (r: number | null) => (r === null ? '—' : formatPercent(r, locale));
  const duration = (s: number | null) =>
    s === null
      ? '—'
      : formatDuration(s, {
          d: t('recovery.unit.d'),
          h: t('recovery.unit.h'),
          min: t('recovery.unit.min'),
          s: t('recovery.unit.s'),
        });
  const num = (n: number) => formatNumber(n, locale);

  const apply = (e: FormEvent) => {
    e.preventDefault();
    void navigate({ search: draft });
  };
  const preset = (days: number) => {
    const next = { from: daysBefore(today, days - 1), to: today };
    setDraft(next);
    void navigate({ search: next });
  };

  const r = report.data;
  const revenue = r ? money(r.totals.revenue_recovered) : null;
  // Every day of the range on the charts, quiet ones as zeros (the API lists days with figures).
  const byDay = new Map(r?.days.map((d) => [d.day, d]));
  const days = r ? daysBetween(r.from, r.to) : [];
  const onDay = (pick: (d: NonNullable<typeof r>['days'][number]) => number) =>
    days.map((day) => {
      const d = byDay.get(day);
      return d ? pick(d) : 0;
    });
  return (
    <Page
      title={t('nav.recoveryAnalytics')}
      actions={
        <Button onClick={() => exportCsv.mutate()} busy={exportCsv.isPending}>
          {t('recovery.exportCsv')}
        </Button>
      }
    >
      <Card>
        <form
          onSubmit={apply}
          className="flex flex-wrap items-end gap-3"
          aria-label={t('recovery.dateRange')}
        >
          <TextField
            label={t('recovery.from')}
            type="date"
            value={draft.from}
            max={draft.to}
            onChange={(e) => setDraft((d) => ({ ...d, from: e.target.value }))}
          />
          <TextField
            label={t('recovery.to')}
            type="date"
            value={draft.to}
            min={draft.from}
            onChange={(e) => setDraft((d) => ({ ...d, to: e.target.value }))}
          />
          <Button type="submit" variant="primary">
            {t('recovery.show')}
          </Button>
          <div className="flex flex-wrap gap-2" role="group" aria-label={t('recovery.presets')}>
            {PRESETS.map((days) => (
              <Button
                key={days}
                small
                variant="ghost"
                aria-pressed={from === daysBefore(today, days - 1) && to === today}
                onClick={() => preset(days)}
              >
                {t('recovery.lastDays', { days })}
              </Button>
            ))}
          </div>
        </form>
      </Card>
      <ErrorMessage error={report.error ?? exportCsv.error} />
      {report.isPending && <Loading />}
      {r && revenue && (
        <>
          <section aria-label={t('recovery.totals')} className="grid grid-cols-2 gap-3 lg:grid-cols-4">
            <Figure label={t('recovery.cartsAbandoned')} value={num(r.totals.carts_abandoned)} />
            <Figure label={t('recovery.cartsRecovered')} value={num(r.totals.carts_recovered)} />
            <Figure label={t('recovery.recoveryRate')} value={rate(r.totals.recovery_rate)} />
            <Figure label={t('recovery.revenueRecovered')} value={revenue.value} sub={revenue.sub} />
            <Figure label={t('recovery.messagesSent')} value={num(r.totals.messages_sent)} />
            <Figure
              label={t('recovery.messagesOpened')}
              value={num(r.totals.messages_opened)}
              sub={
                r.totals.messages_sent ? rate(r.totals.messages_opened / r.totals.messages_sent) : undefined
              }
            />
            <Figure
              label={t('recovery.messagesClicked')}
              value={num(r.totals.messages_clicked)}
              sub={
                r.totals.messages_sent ? rate(r.totals.messages_clicked / r.totals.messages_sent) : undefined
              }
            />
            <Figure
              label={t('recovery.timeToRecovery')}
              value={duration(r.totals.average_time_to_recovery_seconds)}
            />
          </section>
          <Card title={t('recovery.chartCarts')}>
            <DailyBarChart
              title={t('recovery.chartCarts')}
              days={days}
              format={num}
              series={[
                {
                  label: t('recovery.cartsAbandoned'),
                  colour: '#b45309',
                  values: onDay((d) => d.carts_abandoned),
                },
                {
                  label: t('recovery.cartsRecovered'),
                  colour: '#047857',
                  values: onDay((d) => d.carts_recovered),
                },
              ]}
            />
          </Card>
          <Card title={t('recovery.chartRevenue', { currency })}>
            <DailyBarChart
              title={t('recovery.chartRevenue', { currency })}
              days={days}
              format={(n) => formatMoney(n, currency, locale)}
              series={[
                {
                  label: t('recovery.revenueRecovered'),
                  colour: '#4338ca',
                  values: onDay((d) => d.revenue_recovered.find((a) => a.currency === currency)?.amount ?? 0),
                },
              ]}
            />
            <p className="mt-2 text-xs text-slate-600">{t('dashboard.timeZone', { zone: r.timezone })}</p>
          </Card>
          <Card title={t('recovery.perCampaign')}>
            <Table
              caption={t('recovery.perCampaign')}
              rows={r.campaigns}
              rowKey={(c) => c.campaign_id ?? '-'}
              empty={t('recovery.noCampaignFigures')}
              columns={[
                {
                  header: t('recovery.campaign'),
                  cell: (c) =>
                    c.campaign_id
                      ? (campaignNames.get(c.campaign_id) ?? c.campaign_id)
                      : t('recovery.noCampaign'),
                },
                { header: t('recovery.cartsMessaged'), cell: (c) => num(c.carts_messaged), align: 'right' },
                { header: t('recovery.sent'), cell: (c) => num(c.messages_sent), align: 'right', wide: true },
                {
                  header: t('recovery.opened'),
                  cell: (c) => num(c.messages_opened),
                  align: 'right',
                  wide: true,
                },
                {
                  header: t('recovery.clicked'),
                  cell: (c) => num(c.messages_clicked),
                  align: 'right',
                  wide: true,
                },
                { header: t('recovery.recovered'), cell: (c) => num(c.carts_recovered), align: 'right' },
                {
                  header: t('recovery.rate'),
                  cell: (c) => rate(c.recovery_rate),
                  align: 'right',
                  wide: true,
                },
                {
                  header: t('recovery.revenue'),
                  cell: (c) => money(c.revenue_recovered).value,
                  align: 'right',
                },
              ]}
            />
          </Card>
        </>
      )}
    </Page>
  );
}
