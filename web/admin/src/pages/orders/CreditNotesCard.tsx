import { useMutation } from '@tanstack/react-query';
import { download } from '../../api/client.ts';
import { useI18n } from '../../i18n/I18n.tsx';
import { formatMoney } from '../../lib/format.ts';
import { Button } from '../../ui/Button.tsx';
import { ErrorMessage } from '../../ui/feedback.tsx';
import { Card } from '../../ui/layout.tsx';
import { DateTime, Money } from '../../ui/values.tsx';
import { refundsAwaitingNote } from './credit-notes.ts';
import type { AdminOrder } from './order-actions.tsx';

type CreditNote = AdminOrder['credit_notes'][number];

/**
 * The order's credit notes, one per refund that succeeded (CN-1, CN-2…, oldest first): number,
 * what it credits, date, amount and the tax inside it, staff's reason, and the PDF (fetched with the staff's token, then
 * downloaded). A refund of the last minute whose note is not issued yet says it comes.
 */
export function CreditNotesCard({ order }: { order: AdminOrder }) {
  const { t, locale } = useI18n();
  const pdf = useMutation({
    mutationFn: (note: CreditNote) =>
      download(
        `/admin/v1/orders/${encodeURIComponent(order.id)}/credit-notes/${encodeURIComponent(note.id)}.pdf`,
        `credit-note-${note.number}.pdf`,
      ),
  });
  // What a note credits: a return (by its number), units cancelled, the order cancelled, or a
  // refund staff made (their words below).
  const creditFor = (n: CreditNote) => {
    if (n.kind !== 'return') return t(`creditNotes.for.${n.kind}`);
    const ret = order.returns.find((r) => r.id === n.return_id);
    return `${t('creditNotes.for.return')}${ret ? ` ${ret.display_number}` : ''}`;
  };
  const waiting = refundsAwaitingNote(order);
  if (order.credit_notes.length === 0 && waiting.length === 0) return null;
  return (
    <Card title={t('creditNotes.title')}>
      {order.credit_notes.length > 0 && (
        <ul className="space-y-3">
          {order.credit_notes.map((n) => (
            <li key={n.id} className="rounded-md border border-slate-200 p-3 text-sm">
              <div className="flex flex-wrap items-center justify-between gap-2">
                <p className="font-medium">
                  {n.display_number} · {creditFor(n)}
                </p>
                <p className="text-xs text-slate-600">
                  <DateTime value={n.issued_at} />
                </p>
              </div>
              <p className="mt-1 text-slate-700">
                {t('creditNotes.amount')}: <Money amount={n.amount} currency={n.currency} />
                {' · '}
                {t('creditNotes.tax')}: <Money amount={n.tax} currency={n.currency} />
              </p>
              {n.reason && (
                <p className="mt-1 text-slate-700">{t('orders.reasonIs', { reason: n.reason })}</p>
              )}
              <Button
                small
                className="mt-2"
                busy={pdf.isPending && pdf.variables?.id === n.id}
                onClick={() => pdf.mutate(n)}
              >
                {t('creditNotes.download', { number: n.display_number })}
              </Button>
            </li>
          ))}
        </ul>
      )}
      {waiting.map((r) => (
        <p key={r.id} className="mt-2 text-sm text-slate-600">
          {t('creditNotes.pending', { amount: formatMoney(r.amount, r.currency, locale) })}
        </p>
      ))}
      <ErrorMessage error={pdf.error} />
    </Card>
  );
}
