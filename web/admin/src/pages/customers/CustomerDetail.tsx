import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate, useParams } from '@tanstack/react-router';
import { useState } from 'react';
import { api, download } from '../../api/client.ts';
import { useT } from '../../i18n/I18n.tsx';
import { useCan } from '../../lib/me.ts';
import { StatusBadge } from '../../ui/Badge.tsx';
import { Button } from '../../ui/Button.tsx';
import { Dialog } from '../../ui/Dialog.tsx';
import { ErrorMessage, Loading, useToast } from '../../ui/feedback.tsx';
import { TextField } from '../../ui/form.tsx';
import { Card, Facts, Page } from '../../ui/layout.tsx';
import { Table } from '../../ui/table.tsx';
import { DateTime, Money } from '../../ui/values.tsx';
import { AccountCard } from './AccountCard.tsx';
import { AddressBook } from './AddressBook.tsx';
import { ConsentCard } from './ConsentCard.tsx';
import { languageName, TagBadges } from './customer-fields.tsx';
import { CustomerGroupsCard } from './CustomerGroupsCard.tsx';
import { CustomerGiftCardsCard } from './CustomerGiftCardsCard.tsx';
import { customerName } from './CustomerList.tsx';
import { CustomerSavedCardsCard } from './CustomerSavedCardsCard.tsx';
import { EditCustomerDialog } from './EditCustomerDialog.tsx';
import { TaxExemptionCard } from './TaxExemptionCard.tsx';

/**
 * A customer: profile (edited in a dialog), their account (invite, disable, enable), the staff note
 * and tags, addresses, consent, groups, tax exemption, wish list, saved cards, their gift cards and
 * store credit, their orders, and the GDPR export and erasure. An erased customer's page is read-only.
 */
export function CustomerDetailPage() {
  const t = useT();
  const toast = useToast();
  const can = useCan();
  const queryClient = useQueryClient();
  const { customerId } = useParams({ from: '/app/customers/$customerId' });
  const [eraseOpen, setEraseOpen] = useState(false);
  const [editOpen, setEditOpen] = useState(false);
  const [confirm, setConfirm] = useState('');
  const customer = useQuery({
    queryKey: ['customer', customerId],
    queryFn: () => api.get('/admin/v1/customers/{customerId}', { path: { customerId } }),
  });
  const orders = useQuery({
    queryKey: ['customer-orders', customerId],
    queryFn: () => api.get('/admin/v1/orders', { query: { customer_id: customerId, limit: 20 } }),
    enabled: can('orders.read'),
  });
  const exportData = useMutation({
    mutationFn: () =>
      download(`/admin/v1/customers/${encodeURIComponent(customerId)}/export`, `customer-${customerId}.json`),
  });
  // An order taken for this customer (on the phone, a quote): a draft order, opened at once.
  const navigate = useNavigate();
  const newDraft = useMutation({
    mutationFn: () => api.post('/admin/v1/draft-orders', { body: { customer_id: customerId } }),
    onSuccess: async (draft) => {
      queryClient.setQueryData(['draft-orders', 'one', draft.id], draft);
      void queryClient.invalidateQueries({ queryKey: ['draft-orders', 'list'] });
      await navigate({ to: '/draft-orders/$draftId', params: { draftId: draft.id } });
    },
  });
  const erase = useMutation({
    mutationFn: () =>
      api.post('/admin/v1/customers/{customerId}/erase', {
        path: { customerId },
        body: { confirm_email: confirm.trim() },
      }),
    onSuccess: async () => {
      setEraseOpen(false);
      await queryClient.invalidateQueries({ queryKey: ['customer', customerId] });
      await queryClient.invalidateQueries({ queryKey: ['customers'] });
      toast(t('customers.erasedToast'));
    },
  });

  if (customer.isPending) return <Loading />;
  if (!customer.data)
    return (
      <Page title={t('nav.customers')}>
        <ErrorMessage error={customer.error} />
      </Page>
    );
  const c = customer.data;
  return (
    <Page
      title={customerName(c)}
      back={
        <Link to="/customers" className="text-indigo-800 underline">
          ← {t('nav.customers')}
        </Link>
      }
      actions={
        <>
          {can('customers.manage') && !c.erased && (
            <Button onClick={() => setEditOpen(true)} aria-label={t('customers.edit')}>
              {t('common.edit')}
            </Button>
          )}
          {can('orders.manage') && !c.erased && c.status === 'active' && (
            <Button busy={newDraft.isPending} onClick={() => newDraft.mutate()}>
              {t('drafts.new')}
            </Button>
          )}
          {can('customers.export') && (
            <Button busy={exportData.isPending} onClick={() => exportData.mutate()}>
              {t('customers.export')}
            </Button>
          )}
          {can('customers.erase') && !c.erased && (
            <Button variant="danger" onClick={() => setEraseOpen(true)}>
              {t('customers.erase')}
            </Button>
          )}
        </>
      }
    >
      <ErrorMessage error={exportData.error ?? newDraft.error} />
      <div className="grid gap-6 lg:grid-cols-2">
        <Card title={t('customers.profile')}>
          <Facts
            items={[
              [
                t('customers.email'),
                <span key="e" className="break-all">
                  {c.email}
                </span>,
              ],
              [t('customers.phone'), c.profile.phone ?? '—'],
              [t('customers.language'), languageName(t, c.profile.locale)],
              [t('customers.since'), <DateTime key="d" value={c.created_at} />],
              [
                t('customers.tags'),
                c.tags.length ? <TagBadges key="t" tags={c.tags} label={t('customers.tags')} /> : '—',
              ],
            ]}
          />
        </Card>
        <AccountCard customer={c} canManage={can('customers.manage')} />
        <Card title={t('customers.note')}>
          {c.note ? (
            <p className="text-sm break-words whitespace-pre-wrap text-slate-900" data-testid="customer-note">
              {c.note}
            </p>
          ) : (
            <p className="text-sm text-slate-600">{t('customers.noNote')}</p>
          )}
          <p className="mt-2 text-xs text-slate-600">{t('customers.noteHint')}</p>
        </Card>
        <ConsentCard customer={c} />
        <AddressBook customer={c} canManage={can('customers.manage')} />
        <CustomerGroupsCard customer={c} canManage={can('customers.manage')} />
        <TaxExemptionCard key={c.id} customer={c} canManage={can('customers.manage')} />
        <Card title={t('customers.wishlist')}>
          {c.wishlist.length === 0 ? (
            <p className="text-sm text-slate-600">{t('customers.noWishlist')}</p>
          ) : (
            <ul className="space-y-1 text-sm">
              {c.wishlist.map((w) => (
                <li key={w.id}>
                  <Link
                    to="/products/$productId"
                    params={{ productId: w.product_id }}
                    className="text-indigo-800 underline"
                  >
                    {w.product?.title ?? w.product_id}
                  </Link>
                  {w.variant && <span className="text-slate-600"> — {w.variant.title}</span>}
                </li>
              ))}
            </ul>
          )}
        </Card>
        <CustomerSavedCardsCard customer={c} canManage={can('customers.manage') && !c.erased} />
      </div>
      {can('gift_cards.read') && <CustomerGiftCardsCard customer={c} canManage={can('gift_cards.manage')} />}
      {can('orders.read') && (
        <Card title={t('customers.orders')}>
          <Table
            caption={t('customers.orders')}
            rows={orders.data?.data ?? []}
            rowKey={(o) => o.id}
            empty={orders.isPending ? t('common.loading') : t('orders.none')}
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
              { header: t('orders.placed'), cell: (o) => <DateTime value={o.created_at} />, wide: true },
              { header: t('orders.status'), cell: (o) => <StatusBadge status={o.status} /> },
              {
                header: t('orders.total'),
                cell: (o) => <Money amount={o.totals.total} currency={o.currency} />,
                align: 'right',
              },
            ]}
          />
        </Card>
      )}
      {editOpen && <EditCustomerDialog customer={c} onClose={() => setEditOpen(false)} />}
      <Dialog
        open={eraseOpen}
        onClose={() => setEraseOpen(false)}
        title={t('customers.eraseTitle')}
        footer={
          <>
            <Button onClick={() => setEraseOpen(false)}>{t('common.cancel')}</Button>
            <Button
              variant="danger"
              disabled={confirm.trim().toLowerCase() !== c.email.toLowerCase()}
              busy={erase.isPending}
              onClick={() => erase.mutate()}
            >
              {t('customers.erase')}
            </Button>
          </>
        }
      >
        <p className="text-sm text-slate-700">{t('customers.eraseExplain')}</p>
        <TextField
          label={t('customers.eraseConfirm', { email: c.email })}
          value={confirm}
          autoComplete="off"
          onChange={(e) => setConfirm(e.target.value)}
        />
        <ErrorMessage error={erase.error} />
      </Dialog>
    </Page>
  );
}
