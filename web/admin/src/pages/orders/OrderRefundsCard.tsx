import { Link } from '@tanstack/react-router';
import { useI18n } from '../../i18n/I18n.tsx';
import { formatMoney } from '../../lib/format.ts';
import { StatusBadge } from '../../ui/Badge.tsx';
import { Card } from '../../ui/layout.tsx';
import { DateTime } from '../../ui/values.tsx';
import { titleWithProperties } from './line-properties.ts';
import type { AdminOrder } from './order-actions.tsx';

/**
 * The refunds staff made on the order without a return (#1001-RF1, oldest first): status (why
 * the provider refused a failed one), what was asked and what was given back, the part that went
 * to gift cards, the items, the shipping, the amount on top, staff's reason and the date. Nothing
 * for an order without one. (The payment's own refunds stay in the payment card.)
 */
export function OrderRefundsCard({ order }: { order: AdminOrder }) {
  const { t, locale } = useI18n();
  if (order.order_refunds.length === 0) return null;
  const money = (n: number) => formatMoney(n, order.currency, locale);
  const itemsOf = (r: AdminOrder['order_refunds'][number]) =>
    r.lines
      .map((rl) => {
        const line = order.lines.find((l) => l.id === rl.order_line_id);
        return `${rl.quantity} × ${line ? titleWithProperties(line.title, line.properties) : ''}`;
      })
      .join(', ');
  return (
    <Card title={t('orderRefunds.title')}>
      <ul className="space-y-3">
        {order.order_refunds.map((r) => (
          <li
            key={r.id}
            className="rounded-md border border-slate-200 p-3 text-sm"
            data-testid="order-refund"
          >
            <div className="flex flex-wrap items-center justify-between gap-2">
              <p className="flex flex-wrap items-center gap-2 font-medium">
                <span>{r.display_number}</span> <StatusBadge status={r.status} />
              </p>
              <p className="text-xs text-slate-600">
                <DateTime value={r.refunded_at ?? r.created_at} />
              </p>
            </div>
            <p className="mt-1 text-slate-700">
              {t('orderRefunds.amount', { amount: money(r.amount) })}
              {r.status === 'refunded' &&
                ` · ${t('orderRefunds.refundedAmount', { amount: money(r.refunded_amount) })}`}
            </p>
            {r.store_credit_gift_card_id && (
              <p className="text-slate-700">
                {t('orders.refundedAsStoreCredit')}
                {' · '}
                <Link
                  to="/gift-cards/$giftCardId"
                  params={{ giftCardId: r.store_credit_gift_card_id }}
                  className="text-indigo-800 underline"
                >
                  {t('orders.viewStoreCreditCard')}
                </Link>
              </p>
            )}
            {r.gift_card_amount > 0 && (
              <p className="text-slate-700">
                {t('orderRefunds.toGiftCards', { amount: money(r.gift_card_amount) })}
              </p>
            )}
            {r.lines.length > 0 && (
              <p className="text-slate-700 wrap-anywhere">{t('orderRefunds.items', { items: itemsOf(r) })}</p>
            )}
            {r.shipping_amount > 0 && (
              <p className="text-slate-700">
                {t('orderRefunds.shippingPart', { amount: money(r.shipping_amount) })}
              </p>
            )}
            {r.extra_amount > 0 && (
              <p className="text-slate-700">
                {t('orderRefunds.extraPart', { amount: money(r.extra_amount) })}
              </p>
            )}
            {r.reason && <p className="mt-1 text-slate-700">{t('orders.reasonIs', { reason: r.reason })}</p>}
            {r.status === 'failed' && r.failure_message && (
              <p className="mt-1 text-red-800">{t('orderRefunds.failed', { message: r.failure_message })}</p>
            )}
          </li>
        ))}
      </ul>
    </Card>
  );
}
