import { Link, useNavigate, useSearch } from '@tanstack/react-router';
import { useState, type FormEvent } from 'react';
import { useMutation } from '@tanstack/react-query';
import { api, buildUrl, download, type Answer } from '../../api/client.ts';
import { useT } from '../../i18n/I18n.tsx';
import { useCan } from '../../lib/me.ts';
import { useCursorList } from '../../lib/paging.ts';
import { StatusBadge } from '../../ui/Badge.tsx';
import { Button } from '../../ui/Button.tsx';
import { CursorTable } from '../../ui/CursorTable.tsx';
import { SelectField, TextField } from '../../ui/form.tsx';
import { ErrorMessage } from '../../ui/feedback.tsx';
import { Card, Page } from '../../ui/layout.tsx';
import { DateTime, Money } from '../../ui/values.tsx';
import {
  BulkActionBar,
  BulkReportPanel,
  RowCheckbox,
  type BulkReport,
  type Selection,
} from './BulkActions.tsx';
import { OrderStatusBadge } from './OrderStatusBadge.tsx';

export interface OrderFilters {
  q?: string | undefined;
  status?: string | undefined;
  payment_status?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
  tag?: string | undefined;
}

export const ORDER_STATUSES = [
  'pending',
  'confirmed',
  'processing',
  'shipped',
  'delivered',
  'cancelled',
  'returned',
  'refunded',
] as const;
export const PAYMENT_STATUSES = [
  'pending',
  'authorized',
  'captured',
  'partially_refunded',
  'refunded',
  'voided',
] as const;

/** The day after a YYYY-MM-DD date: "to" includes the whole day chosen. */
const dayAfter = (date: string) => {
  const d = new Date(`${date}T00:00:00`);
  d.setDate(d.getDate() + 1);
  return d.toISOString();
};

type OrderRow = Answer<'/admin/v1/orders', 'get'>['data'][number];
const NONE: Selection = new Map();

/**
 * Orders, newest first, with filters and search in the URL; new orders appear as they are placed.
 * Ticked orders get the bulk actions' bar; the selection belongs to the filters it was made under.
 */
export function OrderListPage() {
  const t = useT();
  const can = useCan();
  const filters = useSearch({ from: '/app/orders' });
  const navigate = useNavigate({ from: '/orders' });
  const [draft, setDraft] = useState<OrderFilters>(filters);
  // On a phone the filters beyond search fold away until asked for.
  const [more, setMore] = useState(
    !!(filters.status || filters.payment_status || filters.from || filters.to || filters.tag),
  );

  // The filters as the API takes them, for the list and its CSV export.
  const query = {
    q: filters.q,
    status: filters.status,
    payment_status: filters.payment_status,
    created_from: filters.from ? new Date(`${filters.from}T00:00:00`).toISOString() : undefined,
    created_to: filters.to ? dayAfter(filters.to) : undefined,
    tag: filters.tag,
  };
  const list = useCursorList(['orders', 'list', filters], (cursor) =>
    api.get('/admin/v1/orders', { query: { ...query, limit: 25, cursor } }),
  );

  // Ticked orders (id → number). Other filters start a new selection: what is ticked is on screen.
  const filterKey = JSON.stringify(filters);
  const [picked, setPicked] = useState({ key: filterKey, orders: NONE });
  const selection = picked.key === filterKey ? picked.orders : NONE;
  const select = (change: (current: Map<string, string>) => void) =>
    setPicked((p) => {
      const next = new Map(p.key === filterKey ? p.orders : NONE);
      change(next);
      return { key: filterKey, orders: next };
    });
  const [report, setReport] = useState<BulkReport | null>(null);
  const toggle = (o: OrderRow) =>
    select((s) => {
      if (s.has(o.id)) s.delete(o.id);
      else s.set(o.id, o.display_number);
    });
  const allOnPage = list.rows.length > 0 && list.rows.every((o) => selection.has(o.id));
  const someOnPage = list.rows.some((o) => selection.has(o.id));
  const togglePage = () =>
    select((s) => {
      for (const o of list.rows) {
        if (allOnPage) s.delete(o.id);
        else s.set(o.id, o.display_number);
      }
    });
  // One row per order, or one per line item (what sold, by SKU).
  const exportCsv = useMutation({
    mutationFn: (rows: 'orders' | 'lines') =>
      download(
        buildUrl('/admin/v1/orders/export.csv', undefined, { ...query, rows }),
        `${rows === 'lines' ? 'order-lines' : 'orders'}-${new Date().toISOString().slice(0, 10)}.csv`,
      ),
  });

  const apply = (e: FormEvent) => {
    e.preventDefault();
    void navigate({ search: draft });
  };
  const set = (k: keyof OrderFilters) => (e: { target: { value: string } }) =>
    setDraft((d) => ({ ...d, [k]: e.target.value || undefined }));

  return (
    <Page
      title={t('nav.orders')}
      actions={
        <>
          <Button
            busy={exportCsv.isPending && exportCsv.variables === 'orders'}
            onClick={() => exportCsv.mutate('orders')}
          >
            {t('orders.exportCsv')}
          </Button>
          <Button
            busy={exportCsv.isPending && exportCsv.variables === 'lines'}
            onClick={() => exportCsv.mutate('lines')}
          >
            {t('orders.exportLinesCsv')}
          </Button>
        </>
      }
    >
      <ErrorMessage error={exportCsv.error} />
      <Card>
        <form onSubmit={apply} className="grid grid-cols-1 gap-3 sm:grid-cols-2 lg:grid-cols-7" role="search">
          <TextField
            className="lg:col-span-2"
            label={t('orders.search')}
            hint={t('orders.searchHint')}
            type="search"
            value={draft.q ?? ''}
            onChange={set('q')}
          />
          <div className={`${more ? 'contents' : 'hidden sm:contents'}`}>
            <SelectField label={t('orders.status')} value={draft.status ?? ''} onChange={set('status')}>
              <option value="">{t('common.all')}</option>
              {ORDER_STATUSES.map((s) => (
                <option key={s} value={s}>
                  {t(`status.${s}`)}
                </option>
              ))}
            </SelectField>
            <SelectField
              label={t('orders.payment')}
              value={draft.payment_status ?? ''}
              onChange={set('payment_status')}
            >
              <option value="">{t('common.all')}</option>
              {PAYMENT_STATUSES.map((s) => (
                <option key={s} value={s}>
                  {t(`status.${s}`)}
                </option>
              ))}
            </SelectField>
            <TextField label={t('orders.from')} type="date" value={draft.from ?? ''} onChange={set('from')} />
            <TextField label={t('orders.to')} type="date" value={draft.to ?? ''} onChange={set('to')} />
            <TextField label={t('orders.tag')} value={draft.tag ?? ''} onChange={set('tag')} />
          </div>
          <div className="flex items-end gap-2 lg:col-span-7">
            <Button type="submit" variant="primary">
              {t('common.filter')}
            </Button>
            <Button className="sm:hidden" aria-expanded={more} onClick={() => setMore((m) => !m)}>
              {more ? t('orders.fewerFilters') : t('orders.moreFilters')}
            </Button>
            <Button
              onClick={() => {
                setDraft({});
                void navigate({ search: {} });
              }}
            >
              {t('common.clear')}
            </Button>
          </div>
        </form>
      </Card>
      <Card>
        {selection.size > 0 && (
          <BulkActionBar
            selection={selection}
            canManage={can('orders.manage')}
            canCapture={can('orders.manage') && can('payments.manage')}
            onClear={() => select((s) => s.clear())}
            onDone={(r) => {
              setReport(r);
              select((s) => s.clear());
            }}
          />
        )}
        <div aria-live="polite">
          {report && <BulkReportPanel className="mb-4" report={report} onDismiss={() => setReport(null)} />}
        </div>
        <CursorTable
          list={list}
          caption={t('nav.orders')}
          rowKey={(o) => o.id}
          empty={t('orders.none')}
          columns={[
            {
              // Narrow, so that a phone still shows the total beside it.
              className: 'w-px pr-1 pl-0',
              header: (
                <RowCheckbox
                  label={t('orders.bulk.selectPage')}
                  checked={allOnPage}
                  indeterminate={someOnPage && !allOnPage}
                  onChange={togglePage}
                />
              ),
              cell: (o) => (
                <RowCheckbox
                  label={t('orders.bulk.select', { number: o.display_number })}
                  checked={selection.has(o.id)}
                  onChange={() => toggle(o)}
                />
              ),
            },
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
            { header: t('orders.placed'), cell: (o) => <DateTime value={o.created_at} />, wide: true },
            { header: t('orders.customer'), cell: (o) => <span className="break-all">{o.email}</span> },
            { header: t('orders.status'), cell: (o) => <OrderStatusBadge order={o} /> },
            {
              header: t('orders.payment'),
              cell: (o) => <StatusBadge status={o.payment_status} />,
              wide: true,
            },
            {
              header: t('orders.fulfilment'),
              cell: (o) => <StatusBadge status={o.fulfilment_status} />,
              wide: true,
            },
            {
              header: t('orders.total'),
              cell: (o) => <Money amount={o.totals.total} currency={o.currency} />,
              align: 'right',
              className: 'pr-0 sm:pr-3',
            },
          ]}
        />
      </Card>
    </Page>
  );
}
