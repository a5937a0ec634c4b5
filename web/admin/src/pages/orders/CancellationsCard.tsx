import { useI18n } from '../../i18n/I18n.tsx';
import { Badge } from '../../ui/Badge.tsx';
import { Card } from '../../ui/layout.tsx';
import { DateTime, Money } from '../../ui/values.tsx';
import type { AdminOrder } from './order-actions.tsx';

/**
 * Units cancelled before they shipped, one cancellation (#1001-C1) at a time, oldest first; one an
 * edit made (units swapped or taken out) names its edit (#1001-E1).
 */
export function CancellationsCard({ order }: { order: AdminOrder }) {
  const { t } = useI18n();
  if (order.cancellations.length === 0) return null;
  const editOf = new Map(order.edits.flatMap((e) => (e.cancellation_id ? [[e.cancellation_id, e]] : [])));
  const titleOf = (lineId: string) => order.lines.find((l) => l.id === lineId)?.title ?? lineId;
  return (
    <Card title={t('orders.cancellations')}>
      <ul className="space-y-3">
        {order.cancellations.map((c) => (
          <li key={c.id} className="rounded-md border border-slate-200 p-3 text-sm">
            <div className="flex flex-wrap items-center justify-between gap-2">
              <p className="flex flex-wrap items-center gap-2 font-medium">
                {c.display_number}
                <Badge tone={c.restocked ? 'green' : 'grey'}>
                  {t(c.restocked ? 'orders.restocked' : 'orders.notRestocked')}
                </Badge>
                {editOf.has(c.id) && (
                  <Badge tone="blue">
                    {t('orderEdits.partOf', { number: editOf.get(c.id)!.display_number })}
                  </Badge>
                )}
              </p>
              <p className="text-xs text-slate-600">
                <DateTime value={c.created_at} />
              </p>
            </div>
            <ul className="mt-2">
              {c.lines.map((l) => (
                <li key={l.order_line_id}>
                  {l.quantity} × {titleOf(l.order_line_id)}
                </li>
              ))}
            </ul>
            {c.reason && <p className="mt-1 text-slate-700">{t('orders.reasonIs', { reason: c.reason })}</p>}
            <p className="mt-1 text-slate-700">
              {t('orders.amountCancelled')}: <Money amount={c.amount} currency={order.currency} />
            </p>
          </li>
        ))}
      </ul>
    </Card>
  );
}
