import { useMutation } from '@tanstack/react-query';
import { Link, useNavigate, useSearch } from '@tanstack/react-router';
import { useState, type FormEvent } from 'react';
import { api, buildUrl, download } from '../../api/client.ts';
import { useT } from '../../i18n/I18n.tsx';
import { useCan } from '../../lib/me.ts';
import { useCursorList } from '../../lib/paging.ts';
import { Badge, StatusBadge } from '../../ui/Badge.tsx';
import { Button } from '../../ui/Button.tsx';
import { CursorTable } from '../../ui/CursorTable.tsx';
import { ErrorMessage } from '../../ui/feedback.tsx';
import { Checkbox, TextField } from '../../ui/form.tsx';
import { Card, Page } from '../../ui/layout.tsx';
import { DateTime } from '../../ui/values.tsx';
import { TagBadges } from './customer-fields.tsx';
import { ImportCustomersDialog } from './ImportCustomersDialog.tsx';
import { NewCustomerDialog } from './NewCustomerDialog.tsx';

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

/**
 * Customers, newest first, searched by e-mail or name, filtered by tags (all of them), or only the
 * tax-exempt ones (for a tax audit); each with their tags. Staff who may manage customers add one
 * or import a CSV file of them; owners and admins export what the filters select as CSV.
 */
export function CustomerListPage() {
  const t = useT();
  const can = useCan();
  const search = useSearch({ from: '/app/customers' });
  const navigate = useNavigate({ from: '/customers' });
  const [q, setQ] = useState(search.q ?? '');
  const [tag, setTag] = useState(search.tag ?? '');
  const [exempt, setExempt] = useState(search.tax_exempt === 'true');
  const [adding, setAdding] = useState(false);
  const [importing, setImporting] = useState(false);
  const list = useCursorList(['customers', search.q, search.tag, search.tax_exempt], (cursor) =>
    api.get('/admin/v1/customers', {
      query: { limit: 25, cursor, q: search.q, tag: search.tag, tax_exempt: search.tax_exempt },
    }),
  );
  // What the list shows (the filters applied, not those still being typed), as a spreadsheet.
  const exportCsv = useMutation({
    mutationFn: () =>
      download(
        buildUrl('/admin/v1/customers/export.csv', undefined, {
          q: search.q,
          tag: search.tag,
          tax_exempt: search.tax_exempt,
        }),
        `customers-${new Date().toISOString().slice(0, 10)}.csv`,
      ),
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void navigate({
      search: {
        q: q.trim() || undefined,
        tag: tag.trim() || undefined,
        tax_exempt: exempt ? 'true' : undefined,
      },
    });
  };
  return (
    <Page
      title={t('nav.customers')}
      actions={
        can('customers.export') || can('customers.manage') ? (
          <>
            {can('customers.export') && (
              <Button busy={exportCsv.isPending} onClick={() => exportCsv.mutate()}>
                {t('customers.exportCsv')}
              </Button>
            )}
            {can('customers.manage') && (
              <>
                <Button onClick={() => setImporting(true)}>{t('customers.import.open')}</Button>
                <Button variant="primary" onClick={() => setAdding(true)}>
                  {t('customers.add')}
                </Button>
              </>
            )}
          </>
        ) : undefined
      }
    >
      <ErrorMessage error={exportCsv.error} />
      <Card>
        <form onSubmit={submit} role="search" className="flex flex-wrap items-end gap-2">
          <TextField
            className="min-w-0 flex-[2_1_16rem]"
            label={t('customers.search')}
            type="search"
            value={q}
            onChange={(e) => setQ(e.target.value)}
          />
          <TextField
            className="min-w-0 flex-[1_1_10rem]"
            label={t('customers.tagFilter')}
            placeholder={t('customers.tagFilterPlaceholder')}
            autoComplete="off"
            value={tag}
            onChange={(e) => setTag(e.target.value)}
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
              cell: (c) => (
                <div className="space-y-1">
                  <CustomerLink customer={c} />
                  <TagBadges tags={c.tags} label={t('customers.tags')} />
                </div>
              ),
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
                ) : (
                  <div className="space-y-1">
                    <div>
                      {c.registered ? (
                        t('customers.registered')
                      ) : c.invited_until ? (
                        <>
                          <Badge tone="amber">{t('customers.accountInvited')}</Badge>{' '}
                          <span className="text-xs text-slate-500">
                            {t('customers.inviteExpires')} <DateTime value={c.invited_until} />
                          </span>
                        </>
                      ) : (
                        t('customers.accountNone')
                      )}
                    </div>
                    {c.status === 'disabled' && (
                      <StatusBadge status="disabled" label={t('customers.status.disabled')} />
                    )}
                  </div>
                ),
            },
            { header: t('customers.since'), cell: (c) => <DateTime value={c.created_at} />, wide: true },
          ]}
        />
      </Card>
      {adding && <NewCustomerDialog onClose={() => setAdding(false)} />}
      {importing && <ImportCustomersDialog onClose={() => setImporting(false)} />}
    </Page>
  );
}
