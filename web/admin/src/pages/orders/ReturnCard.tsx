import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate } from '@tanstack/react-router';
import { useId, useState } from 'react';
import { api } from '../../api/client.ts';
import { isApiError } from '../../api/errors.ts';
import { draftKey } from '../draft-orders/draft.ts';
import { useI18n } from '../../i18n/I18n.tsx';
import { formatMoney, moneyInput, parseMoney } from '../../lib/format.ts';
import { StatusBadge } from '../../ui/Badge.tsx';
import { Button } from '../../ui/Button.tsx';
import { ErrorMessage, useToast } from '../../ui/feedback.tsx';
import { Input } from '../../ui/form.tsx';
import { DateTime, Money } from '../../ui/values.tsx';
import { titleWithProperties } from './line-properties.ts';
import { useOrderChanged, type AdminOrder } from './order-actions.tsx';

type Return = AdminOrder['returns'][number];
type RefundTo = 'payment' | 'store_credit';

/**
 * One return of an order and the step it waits for: approve or reject, receive, refund — to the
 * original payment or as store credit (a new gift card whose code is e-mailed to the customer).
 * Refunded as store credit to a registered customer (the card is theirs), it offers an exchange:
 * a draft order started from this order, which its place dialog lets the store credit pay first.
 */
export function ReturnCard({
  order,
  ret,
  canManage,
}: {
  order: AdminOrder;
  ret: Return;
  canManage: boolean;
}) {
  const { t, locale } = useI18n();
  const toast = useToast();
  const changed = useOrderChanged(order.id);
  const [amount, setAmount] = useState(() => moneyInput(ret.received_value, order.currency));
  // The default follows what the received units are worth: 0 until they arrive, which may happen
  // on this page (marked received here, or live) without the card being mounted again.
  const [defaultFor, setDefaultFor] = useState(ret.received_value);
  if (defaultFor !== ret.received_value) {
    setDefaultFor(ret.received_value);
    setAmount(moneyInput(ret.received_value, order.currency));
  }
  const [refundTo, setRefundTo] = useState<RefundTo>('payment');
  const ids = useId();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  // The server refuses an empty `lines` (at least one line), so the draft starts with the order's
  // items, which staff change in the editor where this lands. The note is the customer's to read,
  // in the store's words as the server's own "Follows order #1001".
  const exchange = useMutation({
    mutationFn: () =>
      api.post('/admin/v1/draft-orders', {
        body: {
          from_order_id: order.id,
          note: `Exchange for ${order.display_number} (return ${ret.display_number})`,
        },
      }),
    onSuccess: async (draft) => {
      void queryClient.invalidateQueries({ queryKey: ['draft-orders', 'list'] });
      queryClient.setQueryData(draftKey(draft.id), draft);
      await navigate({ to: '/draft-orders/$draftId', params: { draftId: draft.id } });
    },
  });
  const canExchange = canManage && !!ret.store_credit_gift_card_id && !!order.customer_id;
  const titleOf = (lineId: string) => {
    const line = order.lines.find((l) => l.id === lineId);
    return line ? titleWithProperties(line.title, line.properties) : lineId;
  };
  const step = useMutation({
    mutationFn: async (action: 'approve' | 'reject' | 'receive' | 'refund') => {
      const path = { returnId: ret.id };
      if (action === 'approve') return api.post('/admin/v1/returns/{returnId}/approve', { path });
      if (action === 'reject') return api.post('/admin/v1/returns/{returnId}/reject', { path, body: {} });
      if (action === 'receive') return api.post('/admin/v1/returns/{returnId}/receive', { path, body: {} });
      const minor = parseMoney(amount, order.currency);
      return api.post('/admin/v1/returns/{returnId}/refund', {
        path,
        body: {
          ...(minor === null ? {} : { amount: minor }),
          ...(refundTo === 'store_credit' ? { to: 'store_credit' as const } : {}),
        },
      });
    },
    onSuccess: async (_answer, action) => {
      await changed();
      toast(
        t(
          action === 'refund' && refundTo === 'store_credit'
            ? 'orders.storeCreditIssuedToast'
            : 'orders.returnUpdatedToast',
        ),
      );
    },
  });
  const busy = step.isPending;
  // The server's word on the amount (422: more store credit than the received units were worth).
  const serverAmountError = isApiError(step.error) ? step.error.fieldError('amount') : undefined;
  const amountError =
    serverAmountError &&
    (refundTo === 'store_credit' && isApiError(step.error) && step.error.status === 422
      ? t('orders.storeCreditTooMuch', {
          amount: formatMoney(ret.received_value, order.currency, locale),
        })
      : serverAmountError);
  return (
    <div className="rounded-md border border-slate-200 p-3">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <p className="font-medium">
          {ret.display_number} <StatusBadge status={ret.status} />
        </p>
        <p className="text-xs text-slate-600">
          <DateTime value={ret.created_at} />
        </p>
      </div>
      <ul className="mt-2 text-sm">
        {ret.lines.map((l) => (
          <li key={l.id}>
            {t('orders.returnLine', {
              n: l.quantity,
              item: titleOf(l.order_line_id),
              received: l.received_quantity,
            })}
          </li>
        ))}
      </ul>
      {ret.reason && (
        <p className="mt-1 text-sm text-slate-700">{t('orders.reasonIs', { reason: ret.reason })}</p>
      )}
      {ret.status !== 'requested' && ret.status !== 'rejected' && (
        <p className="mt-1 text-sm text-slate-700">
          {t('orders.receivedValue')}: <Money amount={ret.received_value} currency={order.currency} />
          {ret.refunded_amount > 0 && (
            <>
              {' · '}
              {t(ret.store_credit_gift_card_id ? 'orders.refundedAsStoreCredit' : 'orders.refunded')}:{' '}
              <Money amount={ret.refunded_amount} currency={order.currency} />
            </>
          )}
          {ret.store_credit_gift_card_id && (
            <>
              {' · '}
              <Link
                to="/gift-cards/$giftCardId"
                params={{ giftCardId: ret.store_credit_gift_card_id }}
                className="text-indigo-800 underline"
              >
                {t('orders.viewStoreCreditCard')}
              </Link>
            </>
          )}
        </p>
      )}
      {canManage && (
        <div className="mt-3 flex flex-wrap items-end gap-2">
          {ret.status === 'requested' && (
            <>
              <Button small variant="primary" busy={busy} onClick={() => step.mutate('approve')}>
                {t('orders.approveReturn')}
              </Button>
              <Button small variant="danger" busy={busy} onClick={() => step.mutate('reject')}>
                {t('orders.rejectReturn')}
              </Button>
            </>
          )}
          {ret.status === 'approved' && (
            <Button small variant="primary" busy={busy} onClick={() => step.mutate('receive')}>
              {t('orders.receiveReturn')}
            </Button>
          )}
          {ret.status === 'received' && (
            <div className="w-full space-y-2">
              <fieldset>
                <legend className="mb-1 text-sm font-medium text-slate-800">{t('orders.refundTo')}</legend>
                <div className="space-y-1">
                  {(['payment', 'store_credit'] as const).map((to) => (
                    <label key={to} className="flex items-center gap-2 text-sm text-slate-800">
                      <input
                        type="radio"
                        name={`${ids}-refund-to`}
                        value={to}
                        checked={refundTo === to}
                        onChange={() => {
                          setRefundTo(to);
                          step.reset();
                        }}
                        className="h-4 w-4 shrink-0 accent-indigo-700"
                      />
                      {t(to === 'payment' ? 'orders.refundToPayment' : 'orders.refundToStoreCredit')}
                    </label>
                  ))}
                </div>
              </fieldset>
              <div className="flex flex-wrap items-end gap-2">
                <div className="w-32">
                  <Input
                    inputMode="decimal"
                    aria-label={t('orders.amount', { currency: order.currency })}
                    aria-invalid={amountError ? true : undefined}
                    aria-describedby={amountError ? `${ids}-amount-error` : undefined}
                    value={amount}
                    onChange={(e) => setAmount(e.target.value)}
                  />
                </div>
                <Button small variant="danger" busy={busy} onClick={() => step.mutate('refund')}>
                  {t(
                    refundTo === 'store_credit' ? 'orders.refundReturnAsStoreCredit' : 'orders.refundReturn',
                    {
                      amount: formatMoney(parseMoney(amount, order.currency) ?? 0, order.currency, locale),
                    },
                  )}
                </Button>
              </div>
              {amountError && (
                <p id={`${ids}-amount-error`} className="text-sm text-red-800">
                  {amountError}
                </p>
              )}
            </div>
          )}
        </div>
      )}
      {canExchange && (
        <div className="mt-3">
          <Button small busy={exchange.isPending} onClick={() => exchange.mutate()}>
            {t('orders.createExchange')}
          </Button>
          <p className="mt-1 text-xs text-slate-600">{t('orders.createExchangeHint')}</p>
          <ErrorMessage error={exchange.error} className="mt-2" />
        </div>
      )}
      {!amountError && <ErrorMessage error={step.error} className="mt-2" />}
    </div>
  );
}
