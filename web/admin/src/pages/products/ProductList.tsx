import { Link, useNavigate, useSearch } from '@tanstack/react-router';
import { useState, type FormEvent } from 'react';
import { api } from '../../api/client.ts';
import { useT } from '../../i18n/I18n.tsx';
import { useCan } from '../../lib/me.ts';
import { useCursorList } from '../../lib/paging.ts';
import { Badge, StatusBadge } from '../../ui/Badge.tsx';
import { Button, buttonClass } from '../../ui/Button.tsx';
import { CursorTable } from '../../ui/CursorTable.tsx';
import { SelectField, TextField } from '../../ui/form.tsx';
import { Card, Page } from '../../ui/layout.tsx';
import { DateTime } from '../../ui/values.tsx';

export const PRODUCT_STATUSES = ['draft', 'active', 'archived'] as const;
type ProductStatus = (typeof PRODUCT_STATUSES)[number];

/**
 * Products, newest first: search by title or SKU, filter by status; gift cards and those that ship
 * nothing say so.
 */
export function ProductListPage() {
  const t = useT();
  const can = useCan();
  const search = useSearch({ from: '/app/products' });
  const navigate = useNavigate({ from: '/products' });
  const [q, setQ] = useState(search.q ?? '');
  const [status, setStatus] = useState(search.status ?? '');
  const list = useCursorList(['products', 'list', search], (cursor) =>
    api.get('/admin/v1/products', {
      query: {
        limit: 25,
        cursor,
        query: search.q,
        status: PRODUCT_STATUSES.includes(search.status as ProductStatus)
          ? (search.status as ProductStatus)
          : undefined,
      },
    }),
  );
  const apply = (e: FormEvent) => {
    e.preventDefault();
    void navigate({ search: { q: q || undefined, status: status || undefined } });
  };

  return (
    <Page
      title={t('nav.products')}
      actions={
        can('catalog.manage') && (
          <>
            <Link to="/products/import" className={buttonClass('secondary')}>
              {t('products.import')}
            </Link>
            <Link to="/products/$productId" params={{ productId: 'new' }} className={buttonClass('primary')}>
              {t('products.new')}
            </Link>
          </>
        )
      }
    >
      <Card>
        <form onSubmit={apply} role="search" className="grid grid-cols-1 gap-3 sm:grid-cols-[1fr_12rem_auto]">
          <TextField
            label={t('products.search')}
            type="search"
            value={q}
            onChange={(e) => setQ(e.target.value)}
          />
          <SelectField
            label={t('products.status')}
            value={status}
            onChange={(e) => setStatus(e.target.value)}
          >
            <option value="">{t('common.all')}</option>
            {PRODUCT_STATUSES.map((s) => (
              <option key={s} value={s}>
                {t(`status.${s}`)}
              </option>
            ))}
          </SelectField>
          <div className="flex items-end">
            <Button type="submit" variant="primary">
              {t('common.search')}
            </Button>
          </div>
        </form>
      </Card>
      <Card>
        <CursorTable
          list={list}
          caption={t('nav.products')}
          rowKey={(p) => p.id}
          empty={t('products.none')}
          columns={[
            {
              header: t('products.title'),
              cell: (p) => (
                <span className="flex flex-wrap items-center gap-2">
                  <Link
                    to="/products/$productId"
                    params={{ productId: p.id }}
                    className="font-medium text-indigo-800 underline"
                  >
                    {p.title}
                  </Link>
                  {/* Ships nothing: a gift card, or digital goods, a service, a licence. */}
                  {p.gift_card ? (
                    <Badge tone="blue">{t('giftCardProducts.badge')}</Badge>
                  ) : (
                    !p.requires_shipping && <Badge tone="violet">{t('digital.badge')}</Badge>
                  )}
                </span>
              ),
            },
            { header: t('products.status'), cell: (p) => <StatusBadge status={p.status} /> },
            { header: t('products.vendor'), cell: (p) => p.vendor ?? '—', wide: true },
            {
              header: t('products.handle'),
              cell: (p) => <span className="font-mono text-xs">{p.handle}</span>,
              wide: true,
            },
            { header: t('products.updated'), cell: (p) => <DateTime value={p.updated_at} />, wide: true },
          ]}
        />
      </Card>
    </Page>
  );
}
