import { useI18n } from '../../i18n/I18n.tsx';
import { formatMoney } from '../../lib/format.ts';
import { Card } from '../../ui/layout.tsx';
import { DateTime } from '../../ui/values.tsx';
import type { AdminOrder } from './order-actions.tsx';
import { editLineLabels, paymentOutcomeKey } from './order-edits.ts';

/** Staff edits of the order (#1001-E1), oldest first: what was added and taken out, and what the payment did. */
export function EditsCard({ order }: { order: AdminOrder }) {
  const { t, locale } = useI18n();
  if (order.edits.length === 0) return null;
  const money = (n: number) => formatMoney(n, order.currency, locale);
  return (
    <Card title={t('orderEdits.edits')}>
      <ul className="space-y-3">
        {order.edits.map((e) => (
          <li key={e.id} className="rounded-md border border-slate-200 p-3 text-sm">
            <div className="flex flex-wrap items-center justify-between gap-2">
              <p className="font-medium">{e.display_number}</p>
              <p className="text-xs text-slate-600">
                <DateTime value={e.created_at} />
              </p>
            </div>
            <ul className="mt-2">
              {editLineLabels(order.lines, e).map((label, i) => (
                <li key={i} className="wrap-anywhere">
                  {label}
                </li>
              ))}
            </ul>
            {e.reason && <p className="mt-1 text-slate-700">{t('orders.reasonIs', { reason: e.reason })}</p>}
            <p className="mt-1 text-slate-700">
              {t('orderEdits.amounts', { added: money(e.added_amount), removed: money(e.removed_amount) })}
            </p>
            <p className="mt-1 text-slate-700">
              {t(paymentOutcomeKey(e.payment.outcome), { amount: money(e.payment.amount) })}
            </p>
          </li>
        ))}
      </ul>
    </Card>
  );
}
