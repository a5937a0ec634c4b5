import { useMutation, useQuery } from '@tanstack/react-query';
import { Link, useParams } from '@tanstack/react-router';
import { useState, type ReactNode } from 'react';
import { api } from '../../api/client.ts';
import { hasMessage, useI18n } from '../../i18n/I18n.tsx';
import { useCan, useMe } from '../../lib/me.ts';
import { Button } from '../../ui/Button.tsx';
import { ErrorMessage, Loading, useToast } from '../../ui/feedback.tsx';
import { Card, Facts, Page } from '../../ui/layout.tsx';
import { Table } from '../../ui/table.tsx';
import { DateTime, Money } from '../../ui/values.tsx';
import { maskedCode, signedMoney, type GiftCardTransaction } from './gift-cards.ts';
import { AdjustGiftCardDialog, EditGiftCardDialog, useGiftCardSaved } from './GiftCardDialogs.tsx';
import { GiftCardStatusBadge } from './GiftCardLabels.tsx';

/**
 * One gift card: balance and initial value, the order it was bought in (a gift card product),
 * status, expiry, recipient, customer and note, and its balance's history (issued, spent on orders,
 * given back, refunded, adjusted: by whom, why). Staff who may manage gift cards disable or enable
 * it, change its expiry and note, and adjust its balance.
 */
export function GiftCardDetailPage() {
  const { t, locale } = useI18n();
  const { giftCardId } = useParams({ from: '/app/gift-cards/$giftCardId' });
  const can = useCan();
  const me = useMe();
  const toast = useToast();
  const saved = useGiftCardSaved();
  const [dialog, setDialog] = useState<'adjust' | 'edit' | null>(null);
  const card = useQuery({
    queryKey: ['gift-card', giftCardId],
    queryFn: () => api.get('/admin/v1/gift-cards/{giftCardId}', { path: { giftCardId } }),
  });
  // A card bought as a product: its order, for its number (staff who may see orders).
  const orderId = card.data?.order_id ?? null;
  const canSeeOrders = can('orders.read');
  const order = useQuery({
    queryKey: ['order', orderId],
    queryFn: () => api.get('/admin/v1/orders/{orderId}', { path: { orderId: orderId! } }),
    enabled: !!orderId && canSeeOrders,
  });
  // Staff named in the history by name (or e-mail), for those who may see the staff list.
  const staff = useQuery({
    queryKey: ['staff', 'names'],
    queryFn: () => api.get('/admin/v1/staff', { query: { limit: 200 } }),
    enabled: can('staff.read'),
    staleTime: 5 * 60_000,
  });
  const toggle = useMutation({
    mutationFn: (disabled: boolean) =>
      api.patch('/admin/v1/gift-cards/{giftCardId}', { path: { giftCardId }, body: { disabled } }),
    onSuccess: (answer, disabled) => {
      saved(answer);
      toast(t(disabled ? 'giftCards.disabledToast' : 'giftCards.enabledToast'));
    },
  });

  if (card.isPending) return <Loading />;
  if (card.error || !card.data)
    return (
      <Page title={t('nav.giftCards')} back={<BackToList />}>
        <ErrorMessage error={card.error} />
      </Page>
    );
  const c = card.data;
  const manage = can('gift_cards.manage');
  const disabled = c.disabled_at !== null;
  const who = (actor: GiftCardTransaction['actor']) => {
    if (actor.type === 'staff' && actor.id) {
      if (actor.id === me.data?.user.id) return t('giftCards.you');
      const member = staff.data?.data.find((m) => m.user_id === actor.id);
      if (member) return member.name ?? member.email;
    }
    const key = `actor.${actor.type}`;
    return hasMessage(key) ? t(key) : actor.type;
  };

  return (
    <Page
      title={
        <span className="flex flex-wrap items-center gap-2">
          {t('giftCards.title', { code: maskedCode(c.last_characters) })}
          <GiftCardStatusBadge status={c.status} />
        </span>
      }
      back={<BackToList />}
      actions={
        manage && (
          <>
            <Button variant="primary" onClick={() => setDialog('adjust')}>
              {t('giftCards.adjust')}
            </Button>
            <Button onClick={() => setDialog('edit')}>{t('giftCards.edit')}</Button>
            <Button
              variant={disabled ? 'secondary' : 'danger'}
              busy={toggle.isPending}
              onClick={() => toggle.mutate(!disabled)}
            >
              {t(disabled ? 'giftCards.enable' : 'giftCards.disable')}
            </Button>
          </>
        )
      }
    >
      <ErrorMessage error={toggle.error} />
      {!manage && <p className="text-sm text-slate-600">{t('giftCards.readOnly')}</p>}
      {disabled && (
        <p
          role="status"
          className="rounded-md border border-red-200 bg-red-50 p-3 text-sm text-red-900"
          data-testid="gift-card-disabled"
        >
          {t('giftCards.disabledExplain')}
        </p>
      )}
      <Card>
        <div className="mb-4 flex flex-wrap items-baseline gap-x-3 gap-y-1">
          <p className="text-3xl font-semibold text-slate-900" data-testid="gift-card-balance">
            <Money amount={c.balance} currency={c.currency} />
          </p>
          <p className="text-sm text-slate-600">
            {t('giftCards.initialValue')}: <Money amount={c.initial_value} currency={c.currency} />
          </p>
        </div>
        {c.order_id && !(canSeeOrders && order.isPending) && (
          <p className="mb-4 text-sm" data-testid="gift-card-order">
            <Link
              to="/orders/$orderId"
              params={{ orderId: c.order_id }}
              className="font-medium text-indigo-800 underline"
            >
              {t('giftCardProducts.boughtIn', { number: order.data?.display_number ?? c.order_id })}
            </Link>
          </p>
        )}
        <Facts
          items={[
            [
              t('giftCards.expires'),
              c.expires_at ? <DateTime key="e" value={c.expires_at} /> : t('giftCards.never'),
            ],
            [t('giftCards.recipient'), c.recipient_email ?? '—'],
            [
              t('giftCards.customer'),
              c.customer_id ? (
                <Link
                  key="c"
                  to="/customers/$customerId"
                  params={{ customerId: c.customer_id }}
                  className="text-indigo-800 underline"
                >
                  {t('giftCards.viewCustomer')}
                </Link>
              ) : (
                '—'
              ),
            ],
            [t('giftCards.note'), c.note ? <span className="whitespace-pre-line">{c.note}</span> : '—'],
            [t('giftCards.created'), <DateTime key="i" value={c.created_at} />],
            ...(c.disabled_at
              ? [
                  [t('giftCards.disabledAt'), <DateTime key="d" value={c.disabled_at} />] as [
                    ReactNode,
                    ReactNode,
                  ],
                ]
              : []),
          ]}
        />
      </Card>

      <Card title={t('giftCards.history')}>
        <div data-testid="gift-card-history">
          <Table
            caption={t('giftCards.history')}
            rows={c.transactions}
            rowKey={(x) => x.id}
            empty={t('giftCards.historyEmpty')}
            columns={[
              { header: t('giftCards.when'), cell: (x) => <DateTime value={x.created_at} /> },
              {
                header: t('giftCards.what'),
                cell: (x) => (
                  <div>
                    <p>{t(`giftCards.kind.${x.kind}`)}</p>
                    {x.order_id && (
                      <Link
                        to="/orders/$orderId"
                        params={{ orderId: x.order_id }}
                        className="text-indigo-800 underline"
                      >
                        {t('giftCards.viewOrder')}
                      </Link>
                    )}
                  </div>
                ),
              },
              {
                header: t('giftCards.amountColumn'),
                cell: (x) => (
                  <span className={x.amount < 0 ? 'text-red-800' : 'text-emerald-800'}>
                    {signedMoney(x.amount, c.currency, locale)}
                  </span>
                ),
                align: 'right',
              },
              {
                header: t('giftCards.balanceAfter'),
                cell: (x) => <Money amount={x.balance_after} currency={c.currency} />,
                align: 'right',
              },
              {
                header: t('giftCards.reason'),
                cell: (x) => <span className="break-words whitespace-pre-line">{x.reason ?? '—'}</span>,
              },
              { header: t('giftCards.who'), cell: (x) => who(x.actor), wide: true },
            ]}
          />
        </div>
      </Card>

      {dialog === 'adjust' && <AdjustGiftCardDialog card={c} onClose={() => setDialog(null)} />}
      {dialog === 'edit' && <EditGiftCardDialog card={c} onClose={() => setDialog(null)} />}
    </Page>
  );
}

function BackToList() {
  const { t } = useI18n();
  return (
    <Link to="/gift-cards" className="text-indigo-800 underline">
      ← {t('nav.giftCards')}
    </Link>
  );
}
