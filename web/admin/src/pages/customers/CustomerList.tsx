import { Link, useNavigate, useSearch } from '@tanstack/react-router';
import { useState, type FormEvent } from 'react';
import { api } from '../../api/client.ts';
import { useT } from '../../i18n/I18n.tsx';
import { useCursorList } from '../../lib/paging.ts';
import { StatusBadge } from '../../ui/Badge.tsx';
import { Button } from '../../ui/Button.tsx';
import { CursorTable } from '../../ui/CursorTable.tsx';
import { Checkbox, TextField } from '../../ui/form.tsx';
import { Card, Page } from '../../ui/layout.tsx';
import { DateTime } from '../../ui/values.tsx';

export const customerName = (c: { first_name: string | null; last_name: string | null; email: string }) =>
  [c.first_name, c.last_name].filter(Boolean).join(' ') || c.email;

/** A customer's name (or e-mail), linking to their page. */
export function CustomerLink({
  customer,
}: {
  customer: { id: string; first_name: string | null; last_name: string | null; email: string };
}) {
  return (
    <Link
      to="/customers/$customerId"
      params={{ customerId: customer.id }}
      className="font-medium text-indigo-800 underline"
    >
      {customerName(customer)}
    </Link>
  );
}

/** Customers, newest first, searched by e-mail or name; or only the tax-exempt ones (for a tax audit). */
export function CustomerListPage() {
  const t = useT();
  const search = useSearch({ from: '/app/customers' });
  const navigate = useNavigate({ from: '/customers' });
  const [q, setQ] = useState(search.q ?? '');
  const [exempt, setExempt] = useState(search.tax_exempt === 'true');
  const list = useCursorList(['customers', search.q, search.tax_exempt], (cursor) =>
    api.get('/admin/v1/customers', {
      query: { limit: 25, cursor, q: search.q, tax_exempt: search.tax_exempt },
    }),
  );
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void navigate({ search: { q: q || undefined, tax_exempt: exempt ? 'true' : undefined } });
  };
  return (
    <Page title={t('nav.customers')}>
      <Card>
        <form onSubmit={submit} role="search" className="flex flex-wrap items-end gap-2">
          <TextField
            className="min-w-64 flex-1"
            label={t('customers.search')}
            type="search"
            value={q}
            onChange={(e) => setQ(e.target.value)}
          />
          <div className="mb-2">
            <Checkbox
              label={t('customers.onlyTaxExempt')}
              checked={exempt}
              onChange={(e) => setExempt(e.target.checked)}
            />
          </div>
          <Button type="submit" variant="primary">
            {t('common.search')}
          </Button>
        </form>
      </Card>
      <Card>
        <CursorTable
          list={list}
          caption={t('nav.customers')}
          rowKey={(c) => c.id}
          empty={t('customers.none')}
          columns={[
            {
              header: t('customers.name'),
              cell: (c) => <CustomerLink customer={c} />,
            },
            {
              header: t('customers.email'),
              cell: (c) => <span className="break-all">{c.email}</span>,
              wide: true,
            },
            {
              header: t('customers.account'),
              cell: (c) =>
                c.erased ? (
                  <StatusBadge status="erased" />
                ) : c.registered ? (
                  t('customers.registered')
                ) : (
                  t('customers.guest')
                ),
            },
            { header: t('customers.since'), cell: (c) => <DateTime value={c.created_at} />, wide: true },
          ]}
        />
      </Card>
    </Page>
  );
}
