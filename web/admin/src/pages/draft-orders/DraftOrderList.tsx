import { Link, useNavigate, useSearch } from '@tanstack/react-router';
import { useState } from 'react';
import { api } from '../../api/client.ts';
import { useT } from '../../i18n/I18n.tsx';
import { useCan } from '../../lib/me.ts';
import { useCursorList } from '../../lib/paging.ts';
import { StatusBadge } from '../../ui/Badge.tsx';
import { Button } from '../../ui/Button.tsx';
import { CursorTable } from '../../ui/CursorTable.tsx';
import { SelectField } from '../../ui/form.tsx';
import { Card, Page } from '../../ui/layout.tsx';
import { DateTime, Money } from '../../ui/values.tsx';
import { DRAFT_STATUSES, type DraftStatus } from './draft.ts';
import { NewDraftDialog } from './NewDraftDialog.tsx';

export interface DraftFilters {
  status?: DraftStatus | undefined;
}

export const draftStatusOf = (v: unknown): DraftStatus | undefined => DRAFT_STATUSES.find((s) => s === v);

/**
 * Draft orders staff are building for customers (a phone order, a quote), the most recently
 * changed first: open ones by default, or those placed (with their order) or expired.
 */
export function DraftOrderListPage() {
  const t = useT();
  const can = useCan();
  const filters = useSearch({ from: '/app/draft-orders' });
  const navigate = useNavigate({ from: '/draft-orders' });
  const [creating, setCreating] = useState(false);
  const status = filters.status ?? 'active';
  const list = useCursorList(['draft-orders', 'list', status], (cursor) =>
    api.get('/admin/v1/draft-orders', { query: { status, limit: 25, cursor } }),
  );

  return (
    <Page
      title={t('nav.draftOrders')}
      actions={
        can('orders.manage') && (
          <Button variant="primary" onClick={() => setCreating(true)}>
            {t('drafts.new')}
          </Button>
        )
      }
    >
      <Card>
        <div className="max-w-xs">
          <SelectField
            label={t('common.status')}
            value={status}
            onChange={(e) =>
              void navigate({
                search: { status: e.target.value === 'active' ? undefined : draftStatusOf(e.target.value) },
              })
            }
          >
            {DRAFT_STATUSES.map((s) => (
              <option key={s} value={s}>
                {t(`status.${s}`)}
              </option>
            ))}
          </SelectField>
        </div>
      </Card>
      <Card>
        <CursorTable
          list={list}
          caption={t('nav.draftOrders')}
          rowKey={(d) => d.id}
          empty={t(`drafts.none.${status}`)}
          columns={[
            {
              header: t('drafts.customer'),
              cell: (d) => (
                <Link
                  to="/draft-orders/$draftId"
                  params={{ draftId: d.id }}
                  className="font-medium break-all text-indigo-800 underline"
                >
                  {d.email ?? t('drafts.noCustomer')}
                </Link>
              ),
            },
            { header: t('drafts.items'), cell: (d) => d.item_count, align: 'right' },
            {
              header: t('drafts.itemsTotal'),
              cell: (d) => <Money amount={d.subtotal - d.discount_total} currency={d.currency} />,
              align: 'right',
            },
            {
              header: t('drafts.lastChanged'),
              cell: (d) => <DateTime value={d.updated_at} />,
              wide: true,
            },
            {
              header: t('common.status'),
              cell: (d) =>
                d.order_id ? (
                  <span className="flex flex-wrap items-center gap-2">
                    <StatusBadge status={d.status} />
                    <Link
                      to="/orders/$orderId"
                      params={{ orderId: d.order_id }}
                      className="text-indigo-800 underline"
                    >
                      {t('drafts.viewOrder')}
                    </Link>
                  </span>
                ) : (
                  <StatusBadge status={d.status} />
                ),
            },
          ]}
        />
      </Card>
      {creating && <NewDraftDialog onClose={() => setCreating(false)} />}
    </Page>
  );
}
