import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { useState } from 'react';
import { api } from '../../api/client.ts';
import { isApiError } from '../../api/errors.ts';
import { useI18n } from '../../i18n/I18n.tsx';
import { formatMoney, parseMoney } from '../../lib/format.ts';
import { Button } from '../../ui/Button.tsx';
import { Dialog } from '../../ui/Dialog.tsx';
import { ErrorMessage, useToast } from '../../ui/feedback.tsx';
import { Checkbox, Input, TextAreaField } from '../../ui/form.tsx';
import { draftKey } from '../draft-orders/draft.ts';
import { VariantPicker } from '../draft-orders/DraftLines.tsx';
import { useDebounced } from '../recovery/useDebounced.ts';
import { unitsLeft, useOrderChanged, type AdminOrder } from './order-actions.tsx';
import { editBody, lineName, paymentOutcomeKey, removeErrors, type AddedItem } from './order-edits.ts';

/**
 * Shopify's "Edit order" before it ships: units taken out (at most what has neither shipped nor
 * been cancelled), items added (the catalog's price unless staff type one), with the server's
 * preview of the new total and what the payment does as staff change it. An edit costing more than
 * a card payment covers cannot be saved: the extra items go into a draft order instead — the
 * order's customer and addresses, only the items added here — which opens in the draft editor.
 */
export function EditOrderDialog({
  order,
  onClose,
  onRefundProblem,
}: {
  order: AdminOrder;
  onClose: () => void;
  onRefundProblem: (problem: string | null) => void;
}) {
  const { t, locale } = useI18n();
  const toast = useToast();
  const changed = useOrderChanged(order.id);
  const money = (n: number) => formatMoney(n, order.currency, locale);
  const [remove, setRemove] = useState<Record<string, number>>({});
  const [add, setAdd] = useState<AddedItem[]>([]);
  const [reason, setReason] = useState('');
  const [restock, setRestock] = useState(true);
  const [notify, setNotify] = useState(true);
  const body = editBody(remove, add, { reason, restock, notify }, (text) => parseMoney(text, order.currency));
  const changes = !!body && (!!body.add || !!body.remove);
  // The preview follows the staff's typing, not every key.
  const settled = useDebounced(changes ? JSON.stringify(body) : null, 300);
  const preview = useQuery({
    queryKey: ['order-edit-preview', order.id, settled],
    queryFn: () =>
      api.post('/admin/v1/orders/{orderId}/edits/preview', {
        path: { orderId: order.id },
        body: JSON.parse(settled!) as NonNullable<typeof body>,
      }),
    enabled: settled !== null,
    placeholderData: keepPreviousData,
    retry: false,
  });
  const save = useMutation({
    mutationFn: (sent: NonNullable<typeof body>) =>
      api.post('/admin/v1/orders/{orderId}/edits', { path: { orderId: order.id }, body: sent }),
    onSuccess: async (answer) => {
      await changed();
      toast(t('orderEdits.savedToast', { number: answer.edit.display_number }));
      onRefundProblem(answer.refund_problem);
      onClose();
    },
  });
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const draft = useMutation({
    mutationFn: (lines: { variant_id: string; quantity: number }[]) =>
      api.post('/admin/v1/draft-orders', { body: { from_order_id: order.id, lines } }),
    onSuccess: async (made) => {
      void queryClient.invalidateQueries({ queryKey: ['draft-orders', 'list'] });
      queryClient.setQueryData(draftKey(made.id), made);
      onClose();
      await navigate({ to: '/draft-orders/$draftId', params: { draftId: made.id } });
    },
  });
  const err = isApiError(save.error) ? save.error : isApiError(preview.error) ? preview.error : null;
  const lineErrors = removeErrors(err?.errors ?? [], save.error ? save.variables?.remove : body?.remove);
  const current = changes && settled === JSON.stringify(body) ? preview.data : undefined;
  const notCovered = current?.payment.outcome === 'not_covered';
  const removable = order.lines.filter((l) => unitsLeft(l) > 0);
  const title = t('orderEdits.title', { number: order.display_number });

  return (
    <Dialog
      open
      onClose={onClose}
      title={title}
      footer={
        <>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button
            variant="primary"
            busy={save.isPending}
            disabled={!body || !changes || !current || notCovered || preview.isFetching}
            onClick={() => body && save.mutate(body)}
          >
            {t('orderEdits.save')}
          </Button>
        </>
      }
    >
      <p className="text-sm text-slate-700">{t('orderEdits.explain')}</p>
      {removable.length > 0 && (
        <table className="w-full text-sm">
          <caption className="sr-only">{t('orders.lines')}</caption>
          <thead>
            <tr>
              <th scope="col" className="py-1 text-left font-medium text-slate-700">
                {t('orders.item')}
              </th>
              <th scope="col" className="w-24 py-1 text-right font-medium text-slate-700">
                {t('orderEdits.removeHeader')}
              </th>
            </tr>
          </thead>
          <tbody>
            {removable.map((l) => {
              const name = lineName(order.lines, l.id);
              const max = unitsLeft(l);
              return (
                <tr key={l.id}>
                  <td className="py-1 pr-2 wrap-anywhere">
                    {name}
                    <span className="block text-xs text-slate-600">{t('orderEdits.upTo', { n: max })}</span>
                  </td>
                  <td className="py-1">
                    <Input
                      type="number"
                      min={0}
                      max={max}
                      inputMode="numeric"
                      aria-label={t('orderEdits.removeOf', { item: name })}
                      aria-invalid={lineErrors[l.id] ? true : undefined}
                      aria-describedby={lineErrors[l.id] ? `edit-remove-error-${l.id}` : undefined}
                      value={remove[l.id] ?? 0}
                      onChange={(e) =>
                        setRemove({
                          ...remove,
                          [l.id]: Math.max(0, Math.min(max, Math.trunc(Number(e.target.value)) || 0)),
                        })
                      }
                      className="text-right"
                    />
                    {lineErrors[l.id] && (
                      <p id={`edit-remove-error-${l.id}`} className="mt-1 text-sm text-red-800">
                        {lineErrors[l.id]}
                      </p>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      {add.length > 0 && (
        <div>
          <h3 className="text-sm font-medium text-slate-800">{t('orderEdits.added')}</h3>
          <ul className="mt-1 space-y-2">
            {add.map((a, i) => {
              const priceInvalid = a.price.trim() !== '' && parseMoney(a.price, order.currency) === null;
              const update = (patch: Partial<AddedItem>) =>
                setAdd(add.map((x, j) => (j === i ? { ...x, ...patch } : x)));
              return (
                <li key={`${a.variantId}:${i}`} className="rounded-md border border-slate-200 p-2 text-sm">
                  <div className="flex flex-wrap items-center justify-between gap-2">
                    <span className="font-medium wrap-anywhere">{a.name}</span>
                    <Button
                      small
                      variant="ghost"
                      aria-label={t('orderEdits.dropAdded', { item: a.name })}
                      onClick={() => setAdd(add.filter((_, j) => j !== i))}
                    >
                      {t('common.remove')}
                    </Button>
                  </div>
                  <div className="mt-1 flex flex-wrap gap-2">
                    <label className="flex items-center gap-1 text-xs text-slate-700">
                      {t('orders.quantity')}
                      <Input
                        type="number"
                        min={1}
                        inputMode="numeric"
                        aria-label={t('orderEdits.quantityToAdd', { item: a.name })}
                        value={a.quantity}
                        onChange={(e) =>
                          update({ quantity: Math.max(1, Math.trunc(Number(e.target.value)) || 1) })
                        }
                        className="w-20 text-right"
                      />
                    </label>
                    <label className="flex items-center gap-1 text-xs text-slate-700">
                      {t('orders.unitPrice')}
                      <Input
                        inputMode="decimal"
                        aria-label={t('orderEdits.priceOf', { item: a.name, currency: order.currency })}
                        aria-invalid={priceInvalid ? true : undefined}
                        placeholder={t('orderEdits.pricePlaceholder')}
                        value={a.price}
                        onChange={(e) => update({ price: e.target.value })}
                        className="w-32 text-right"
                      />
                    </label>
                  </div>
                  {priceInvalid && (
                    <p className="mt-1 text-sm text-red-800">{t('orderEdits.priceInvalid')}</p>
                  )}
                </li>
              );
            })}
          </ul>
        </div>
      )}
      <VariantPicker
        busy={false}
        label={t('orderEdits.addItem')}
        onAdd={(variantId, name) => setAdd([...add, { variantId, name, quantity: 1, price: '' }])}
      />
      <TextAreaField
        label={t('orders.reason')}
        hint={t('orderEdits.reasonHint')}
        rows={2}
        maxLength={500}
        value={reason}
        onChange={(e) => setReason(e.target.value)}
      />
      <Checkbox
        label={t('orderEdits.restock')}
        checked={restock}
        onChange={(e) => setRestock(e.target.checked)}
      />
      <Checkbox
        label={t('orderEdits.notify')}
        checked={notify}
        onChange={(e) => setNotify(e.target.checked)}
      />
      <section
        aria-label={t('orderEdits.preview')}
        aria-live="polite"
        className="rounded-md bg-slate-50 p-3 text-sm"
        data-testid="edit-preview"
      >
        {!changes ? (
          <p className="text-slate-600">{t('orderEdits.nothingYet')}</p>
        ) : !current ? (
          <p className="text-slate-600">{preview.error ? null : t('orderEdits.previewing')}</p>
        ) : (
          <>
            {current.added.length > 0 && (
              <ul className="mb-2 space-y-1">
                {current.added.map((a, i) => (
                  <li key={`${a.variant_id}:${i}`}>
                    {t('orderEdits.addedLine', {
                      quantity: a.quantity,
                      item: [a.title, a.variant_title].filter(Boolean).join(' — '),
                      amount: money(a.amount),
                    })}
                  </li>
                ))}
              </ul>
            )}
            {current.removed_amount > 0 && (
              <p>{t('orderEdits.removedAmount', { amount: money(current.removed_amount) })}</p>
            )}
            <p className="flex flex-wrap gap-x-2 font-medium">
              <span>
                {t('orderEdits.totalBefore')} {money(current.total_before)}
              </span>
              <span aria-hidden="true">→</span>
              <span>
                {t('orderEdits.totalAfter')} {money(current.total_after)}
              </span>
            </p>
            {current.gift_card_refund > 0 && (
              <p className="mt-1">
                {t('orderEdits.giftCardRefund', { amount: money(current.gift_card_refund) })}
              </p>
            )}
            {notCovered ? (
              <div
                role="alert"
                className="mt-2 rounded-md border border-amber-300 bg-amber-50 p-3 text-amber-950"
              >
                <p>{t(paymentOutcomeKey('not_covered'), { amount: money(current.payment.amount) })}</p>
                <Button
                  small
                  className="mt-2"
                  busy={draft.isPending}
                  onClick={() =>
                    draft.mutate(add.map((a) => ({ variant_id: a.variantId, quantity: a.quantity })))
                  }
                >
                  {t('orderEdits.createDraft')}
                </Button>
              </div>
            ) : (
              <p className="mt-1">
                {t(paymentOutcomeKey(current.payment.outcome), { amount: money(current.payment.amount) })}
              </p>
            )}
          </>
        )}
      </section>
      <ErrorMessage error={save.error ?? draft.error ?? preview.error} />
    </Dialog>
  );
}
