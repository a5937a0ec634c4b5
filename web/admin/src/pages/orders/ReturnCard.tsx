import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { api } from '../../api/client.ts';
import { useI18n } from '../../i18n/I18n.tsx';
import { formatMoney, moneyInput, parseMoney } from '../../lib/format.ts';
import { StatusBadge } from '../../ui/Badge.tsx';
import { Button } from '../../ui/Button.tsx';
import { ErrorMessage, useToast } from '../../ui/feedback.tsx';
import { Input } from '../../ui/form.tsx';
import { DateTime, Money } from '../../ui/values.tsx';
import { useOrderChanged, type AdminOrder } from './order-actions.tsx';

type Return = AdminOrder['returns'][number];

/** One return of an order and the step it waits for: approve or reject, receive, refund. */
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
  const titleOf = (lineId: string) => order.lines.find((l) => l.id === lineId)?.title ?? lineId;
  const step = useMutation({
    mutationFn: async (action: 'approve' | 'reject' | 'receive' | 'refund') => {
      const path = { returnId: ret.id };
      if (action === 'approve') return api.post('/admin/v1/returns/{returnId}/approve', { path });
      if (action === 'reject') return api.post('/admin/v1/returns/{returnId}/reject', { path, body: {} });
      if (action === 'receive') return api.post('/admin/v1/returns/{returnId}/receive', { path, body: {} });
      const minor = parseMoney(amount, order.currency);
      return api.post('/admin/v1/returns/{returnId}/refund', {
        path,
        body: minor === null ? {} : { amount: minor },
      });
    },
    onSuccess: async () => {
      await changed();
      toast(t('orders.returnUpdatedToast'));
    },
  });
  const busy = step.isPending;
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
              {t('orders.refunded')}: <Money amount={ret.refunded_amount} currency={order.currency} />
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
            <>
              <div className="w-32">
                <Input
                  inputMode="decimal"
                  aria-label={t('orders.amount', { currency: order.currency })}
                  value={amount}
                  onChange={(e) => setAmount(e.target.value)}
                />
              </div>
              <Button small variant="danger" busy={busy} onClick={() => step.mutate('refund')}>
                {t('orders.refundReturn', {
                  amount: formatMoney(parseMoney(amount, order.currency) ?? 0, order.currency, locale),
                })}
              </Button>
            </>
          )}
        </div>
      )}
      <ErrorMessage error={step.error} className="mt-2" />
    </div>
  );
}
