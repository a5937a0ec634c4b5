import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api, type Answer } from '../../api/client.ts';
import { isApiError } from '../../api/errors.ts';
import { useI18n } from '../../i18n/I18n.tsx';
import { formatMoney, moneyInput, parseMoney } from '../../lib/format.ts';
import { Button } from '../../ui/Button.tsx';
import { Dialog } from '../../ui/Dialog.tsx';
import { ErrorMessage, useToast } from '../../ui/feedback.tsx';
import { Checkbox, Input, TextAreaField, TextField } from '../../ui/form.tsx';
import { propertiesInline } from './line-properties.ts';
import { NoShippingTag } from './NoShippingTag.tsx';
import { itemsEstimate, refundableUnits, shippingRefundable } from './order-refunds.ts';
import { shipsNothing } from './ships-nothing.ts';

export type AdminOrder = Answer<'/admin/v1/orders/{orderId}', 'get'>;
type Line = AdminOrder['lines'][number];

/** After any change to an order: refetch it, the lists and the dashboard. */
export function useOrderChanged(orderId: string) {
  const queryClient = useQueryClient();
  return () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: ['order', orderId] }),
      queryClient.invalidateQueries({ queryKey: ['orders'] }),
      queryClient.invalidateQueries({ queryKey: ['reports'] }),
    ]);
}

/**
 * Quantities per order line, editable, each between 0 and its maximum; with `tagNoShipping`, the
 * lines that ship nothing say so.
 */
function LineQuantities({
  lines,
  max,
  values,
  onChange,
  tagNoShipping,
  errors,
}: {
  lines: Line[];
  max: (l: Line) => number;
  values: Record<string, number>;
  onChange: (v: Record<string, number>) => void;
  tagNoShipping?: boolean;
  /** The server's message for a line's quantity, by line id. */
  errors?: Record<string, string>;
}) {
  const { t } = useI18n();
  return (
    <table className="w-full text-sm">
      <caption className="sr-only">{t('orders.lines')}</caption>
      <thead>
        <tr>
          <th scope="col" className="py-1 text-left font-medium text-slate-700">
            {t('orders.item')}
          </th>
          <th scope="col" className="w-28 py-1 text-right font-medium text-slate-700">
            {t('orders.quantity')}
          </th>
        </tr>
      </thead>
      <tbody>
        {lines
          .filter((l) => max(l) > 0)
          .map((l) => (
            <tr key={l.id}>
              <td className="py-1 pr-2">
                {l.title}
                {l.variant_title ? ` — ${l.variant_title}` : ''}
                {tagNoShipping && !l.requires_shipping && (
                  <>
                    {' '}
                    <NoShippingTag giftCard={l.gift_card} />
                  </>
                )}
                {propertiesInline(l.properties) && (
                  <span className="block text-xs text-slate-600 wrap-anywhere">
                    {propertiesInline(l.properties)}
                  </span>
                )}
                <span className="block text-xs text-slate-600">{t('orders.upTo', { n: max(l) })}</span>
              </td>
              <td className="py-1">
                <Input
                  type="number"
                  min={0}
                  max={max(l)}
                  aria-label={t('orders.quantityOf', { item: l.title })}
                  aria-invalid={errors?.[l.id] ? true : undefined}
                  aria-describedby={errors?.[l.id] ? `qty-error-${l.id}` : undefined}
                  value={values[l.id] ?? 0}
                  onChange={(e) =>
                    onChange({
                      ...values,
                      [l.id]: Math.max(0, Math.min(max(l), Number(e.target.value) || 0)),
                    })
                  }
                  className="text-right"
                />
                {errors?.[l.id] && (
                  <p id={`qty-error-${l.id}`} className="mt-1 text-sm text-red-800">
                    {errors[l.id]}
                  </p>
                )}
              </td>
            </tr>
          ))}
      </tbody>
    </table>
  );
}

/** Units of a line neither shipped nor cancelled: what can still be shipped or cancelled. */
export const unitsLeft = (l: Line) => l.quantity - l.fulfilled_quantity - l.cancelled_quantity;

const chosen = (values: Record<string, number>) =>
  Object.entries(values)
    .filter(([, q]) => q > 0)
    .map(([order_line_id, quantity]) => ({ order_line_id, quantity }));

/**
 * "Mark shipped": a fulfilment of the remaining units (all by default) with carrier and tracking.
 * For a pickup order it is "Ready for pickup": the same fulfilment, without a carrier, and the
 * customer is told to come and collect. When nothing left ships (digital goods, services), it is
 * "Mark fulfilled": the same fulfilment, without carrier or tracking (a licence key sent, a
 * service done).
 */
export function FulfilDialog({
  order,
  open,
  onClose,
}: {
  order: AdminOrder;
  open: boolean;
  onClose: () => void;
}) {
  const { t } = useI18n();
  const toast = useToast();
  const changed = useOrderChanged(order.id);
  const remaining = unitsLeft;
  const [values, setValues] = useState<Record<string, number>>(() =>
    Object.fromEntries(order.lines.map((l) => [l.id, remaining(l)])),
  );
  const [carrier, setCarrier] = useState('');
  const [tracking, setTracking] = useState('');
  const [trackingUrl, setTrackingUrl] = useState('');
  const [notify, setNotify] = useState(true);
  const pickup = !!order.shipping?.pickup;
  const left = order.lines.filter((l) => remaining(l) > 0);
  const digital = !pickup && shipsNothing(left);
  const someShipNothing = !pickup && !digital && left.some((l) => !l.requires_shipping);
  const title = t(
    pickup ? 'orders.readyForPickup' : digital ? 'digital.markFulfilled' : 'orders.markShipped',
  );
  const ship = useMutation({
    mutationFn: () =>
      api.post('/admin/v1/orders/{orderId}/fulfilments', {
        path: { orderId: order.id },
        body: {
          lines: chosen(values),
          notify_customer: notify,
          ...(carrier.trim() ? { carrier: carrier.trim() } : {}),
          ...(tracking.trim() ? { tracking_number: tracking.trim() } : {}),
          ...(trackingUrl.trim() ? { tracking_url: trackingUrl.trim() } : {}),
        },
      }),
    onSuccess: async () => {
      await changed();
      toast(
        t(pickup ? 'orders.readyForPickupToast' : digital ? 'digital.fulfilledToast' : 'orders.shippedToast'),
      );
      onClose();
    },
  });
  const err = isApiError(ship.error) ? ship.error : null;
  return (
    <Dialog
      open={open}
      onClose={onClose}
      title={title}
      footer={
        <>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button
            variant="primary"
            busy={ship.isPending}
            onClick={() => ship.mutate()}
            disabled={chosen(values).length === 0}
          >
            {title}
          </Button>
        </>
      }
    >
      <LineQuantities
        lines={order.lines}
        max={remaining}
        values={values}
        onChange={setValues}
        tagNoShipping={!pickup}
      />
      {pickup ? (
        <p className="text-sm text-slate-700">
          {t('orders.readyForPickupExplain', { location: order.shipping!.pickup!.name })}
        </p>
      ) : digital ? (
        <p className="text-sm text-slate-700">{t('digital.fulfilExplain')}</p>
      ) : (
        <>
          {someShipNothing && <p className="text-sm text-slate-700">{t('digital.fulfilMixedExplain')}</p>}
          <TextField
            label={t('orders.carrier')}
            value={carrier}
            onChange={(e) => setCarrier(e.target.value)}
            error={err?.fieldError('carrier')}
          />
          <TextField
            label={t('orders.trackingNumber')}
            value={tracking}
            onChange={(e) => setTracking(e.target.value)}
            error={err?.fieldError('tracking_number')}
          />
          <TextField
            label={t('orders.trackingUrl')}
            hint={t('orders.trackingUrlHint')}
            type="url"
            placeholder="https://"
            value={trackingUrl}
            onChange={(e) => setTrackingUrl(e.target.value)}
            error={err?.fieldError('tracking_url')}
          />
        </>
      )}
      <Checkbox
        label={t(
          pickup
            ? 'orders.notifyReadyForPickup'
            : digital
              ? 'digital.notifyFulfilled'
              : 'orders.notifyCustomer',
        )}
        checked={notify}
        onChange={(e) => setNotify(e.target.checked)}
      />
      <ErrorMessage error={ship.error} />
    </Dialog>
  );
}

/** Cancel an order that has not shipped: its stock goes back, its payment is voided or refunded. */
export function CancelDialog({
  order,
  open,
  onClose,
}: {
  order: AdminOrder;
  open: boolean;
  onClose: () => void;
}) {
  const { t } = useI18n();
  const toast = useToast();
  const changed = useOrderChanged(order.id);
  const [reason, setReason] = useState('');
  const cancel = useMutation({
    mutationFn: () =>
      api.post('/admin/v1/orders/{orderId}/cancel', {
        path: { orderId: order.id },
        body: reason.trim() ? { reason: reason.trim() } : {},
      }),
    onSuccess: async () => {
      await changed();
      toast(t('orders.cancelledToast'));
      onClose();
    },
  });
  return (
    <Dialog
      open={open}
      onClose={onClose}
      title={t('orders.cancelTitle', { number: order.display_number })}
      footer={
        <>
          <Button onClick={onClose}>{t('common.back')}</Button>
          <Button variant="danger" busy={cancel.isPending} onClick={() => cancel.mutate()}>
            {t('orders.cancelOrder')}
          </Button>
        </>
      }
    >
      <p className="text-sm text-slate-700">{t('orders.cancelExplain')}</p>
      <TextAreaField
        label={t('orders.reason')}
        rows={2}
        value={reason}
        onChange={(e) => setReason(e.target.value)}
      />
      <ErrorMessage error={cancel.error} />
    </Dialog>
  );
}

/**
 * Cancel some units that have not shipped (none by default): their stock goes back unless the
 * units are damaged or lost, the customer is told, and what they were paid for is refunded or
 * left uncaptured. `onRefundProblem` hears why a refund has not gone through yet (the server retries it).
 */
export function CancelItemsDialog({
  order,
  open,
  onClose,
  onRefundProblem,
}: {
  order: AdminOrder;
  open: boolean;
  onClose: () => void;
  onRefundProblem: (problem: string | null) => void;
}) {
  const { t } = useI18n();
  const toast = useToast();
  const changed = useOrderChanged(order.id);
  const [values, setValues] = useState<Record<string, number>>({});
  const [reason, setReason] = useState('');
  const [restock, setRestock] = useState(true);
  const [notify, setNotify] = useState(true);
  const cancel = useMutation({
    mutationFn: () =>
      api.post('/admin/v1/orders/{orderId}/cancel-items', {
        path: { orderId: order.id },
        body: {
          lines: chosen(values),
          restock,
          notify_customer: notify,
          ...(reason.trim() ? { reason: reason.trim() } : {}),
        },
      }),
    onSuccess: async (answer) => {
      await changed();
      // Every unit left, nothing shipped: the server cancelled the whole order instead.
      toast(t(answer.cancellation ? 'orders.itemsCancelledToast' : 'orders.cancelledToast'));
      onRefundProblem(answer.refund_problem);
      onClose();
    },
  });
  return (
    <Dialog
      open={open}
      onClose={onClose}
      title={t('orders.cancelItems')}
      footer={
        <>
          <Button onClick={onClose}>{t('common.back')}</Button>
          <Button
            variant="danger"
            busy={cancel.isPending}
            disabled={chosen(values).length === 0}
            onClick={() => cancel.mutate()}
          >
            {t('orders.cancelItems')}
          </Button>
        </>
      }
    >
      <p className="text-sm text-slate-700">{t('orders.cancelItemsExplain')}</p>
      <LineQuantities lines={order.lines} max={unitsLeft} values={values} onChange={setValues} />
      <TextAreaField
        label={t('orders.reason')}
        hint={t('orders.cancelItemsReasonHint')}
        rows={2}
        maxLength={500}
        value={reason}
        onChange={(e) => setReason(e.target.value)}
      />
      <Checkbox
        label={t('orders.restock')}
        checked={restock}
        onChange={(e) => setRestock(e.target.checked)}
      />
      <Checkbox
        label={t('orders.notifyItemsCancelled')}
        checked={notify}
        onChange={(e) => setNotify(e.target.checked)}
      />
      <ErrorMessage error={cancel.error} />
    </Dialog>
  );
}

/**
 * Refund without a return, as Shopify's "Refund" does: shipped units the customer keeps (valued
 * by the server at what they were paid for), the shipping, and/or an amount on top. The order's
 * gift cards get their part first, the payment the rest; the customer is told unless staff say no.
 */
export function RefundDialog({
  order,
  open,
  onClose,
}: {
  order: AdminOrder;
  open: boolean;
  onClose: () => void;
}) {
  const { t, locale } = useI18n();
  const toast = useToast();
  const changed = useOrderChanged(order.id);
  const money = (n: number) => formatMoney(n, order.currency, locale);
  const [values, setValues] = useState<Record<string, number>>({});
  const [shipping, setShipping] = useState('');
  const [extra, setExtra] = useState('');
  const [reason, setReason] = useState('');
  const [notify, setNotify] = useState(true);
  const [storeCredit, setStoreCredit] = useState(false);
  const maxUnits = (l: Line) => refundableUnits(order, l);
  const shippingMax = shippingRefundable(order);
  // Empty is zero; anything else must read as an amount.
  const minorOf = (text: string) => (text.trim() ? parseMoney(text, order.currency) : 0);
  const shippingMinor = minorOf(shipping);
  const extraMinor = minorOf(extra);
  const lines = chosen(values);
  // An estimate of the items: each unit at its share of what the line was paid for (the server
  // values them exactly, from the first units not yet returned or refunded).
  const itemsValue = itemsEstimate(order, order.lines, lines);
  const total = itemsValue + (shippingMinor ?? 0) + (extraMinor ?? 0);
  const invalid = shippingMinor === null || extraMinor === null || shippingMinor > shippingMax || total === 0;
  const refund = useMutation({
    mutationFn: (body: {
      lines: { order_line_id: string; quantity: number }[];
      shipping_amount: number;
      amount: number;
      notify_customer: boolean;
      to: 'payment' | 'store_credit';
      reason?: string;
    }) => api.post('/admin/v1/orders/{orderId}/refunds', { path: { orderId: order.id }, body }),
    onSuccess: async (answer) => {
      await changed();
      toast(
        t(answer.refund.status === 'pending' ? 'orderRefunds.pendingToast' : 'orderRefunds.refundedToast', {
          number: answer.refund.display_number,
        }),
      );
      onClose();
    },
    // The provider refused: the refund is recorded failed, the Refunds card shows it.
    onError: async (e) => {
      if (isApiError(e) && e.code === 'PAYMENT_PROVIDER_ERROR') await changed();
    },
  });
  const err = isApiError(refund.error) ? refund.error : null;
  // The server's messages beside their fields: a line's quantity by the index it was sent at.
  const lineErrors: Record<string, string> = {};
  const mapped = new Set<string>();
  for (const e of err?.errors ?? []) {
    const m = /^body\.lines\.(\d+)\.(quantity|order_line_id)$/.exec(e.path);
    const sent = m ? refund.variables?.lines[Number(m[1])] : undefined;
    if (sent) {
      lineErrors[sent.order_line_id] = e.message;
      mapped.add(e.path);
    }
  }
  const shippingError = err?.errors.find((e) => e.path === 'body.shipping_amount')?.message;
  const extraError = err?.errors.find((e) => e.path === 'body.amount')?.message;
  if (shippingError) mapped.add('body.shipping_amount');
  if (extraError) mapped.add('body.amount');
  const unmapped = !err || err.errors.length === 0 || err.errors.some((e) => !mapped.has(e.path));
  const refundableLines = order.lines.filter((l) => maxUnits(l) > 0);
  return (
    <Dialog
      open={open}
      onClose={onClose}
      title={t('orders.refund')}
      footer={
        <>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button
            variant="danger"
            busy={refund.isPending}
            disabled={invalid}
            onClick={() =>
              refund.mutate({
                lines,
                shipping_amount: shippingMinor ?? 0,
                amount: extraMinor ?? 0,
                notify_customer: notify,
                to: storeCredit ? 'store_credit' : 'payment',
                ...(reason.trim() ? { reason: reason.trim() } : {}),
              })
            }
          >
            {t('orders.refund')}
          </Button>
        </>
      }
    >
      <p className="text-sm text-slate-700">{t('orderRefunds.explain')}</p>
      {refundableLines.length > 0 ? (
        <LineQuantities
          lines={order.lines}
          max={maxUnits}
          values={values}
          onChange={setValues}
          errors={lineErrors}
        />
      ) : (
        <p className="text-sm text-slate-600">{t('orderRefunds.noItems')}</p>
      )}
      <TextField
        label={t('orderRefunds.shipping', { currency: order.currency })}
        inputMode="decimal"
        placeholder={moneyInput(0, order.currency)}
        value={shipping}
        onChange={(e) => setShipping(e.target.value)}
        hint={t('orderRefunds.shippingHint', { amount: money(shippingMax) })}
        error={
          shippingMinor === null
            ? t('orderRefunds.amountInvalid')
            : shippingMinor > shippingMax
              ? t('orderRefunds.shippingTooMuch', { max: money(shippingMax) })
              : shippingError
        }
      />
      <TextField
        label={t('orderRefunds.extra', { currency: order.currency })}
        inputMode="decimal"
        placeholder={moneyInput(0, order.currency)}
        value={extra}
        onChange={(e) => setExtra(e.target.value)}
        hint={t('orderRefunds.extraHint')}
        error={extraMinor === null ? t('orderRefunds.amountInvalid') : extraError}
      />
      <TextAreaField
        label={t('orders.reason')}
        hint={t('creditNotes.reasonHint')}
        rows={2}
        maxLength={500}
        value={reason}
        onChange={(e) => setReason(e.target.value)}
      />
      <Checkbox
        label={t('orderRefunds.storeCredit')}
        hint={t('orderRefunds.storeCreditHint')}
        checked={storeCredit}
        onChange={(e) => setStoreCredit(e.target.checked)}
      />
      <Checkbox
        label={t('orderRefunds.notify')}
        checked={notify}
        onChange={(e) => setNotify(e.target.checked)}
      />
      <div className="rounded-md bg-slate-50 p-3 text-sm" data-testid="refund-total">
        <p className="flex flex-wrap justify-between gap-x-3 font-medium">
          <span>{t('orderRefunds.total')}</span>
          <span>
            {itemsValue > 0 ? '≈ ' : ''}
            {money(total)}
          </span>
        </p>
        {itemsValue > 0 && (
          <p className="mt-1 text-xs text-slate-600">
            {t('orderRefunds.itemsEstimate', { amount: money(itemsValue) })}
          </p>
        )}
        <p className="mt-1 text-xs text-slate-600">{t('orderRefunds.giftCardsFirst')}</p>
      </div>
      {unmapped && <ErrorMessage error={refund.error} />}
    </Dialog>
  );
}

/** Open a return for shipped units that are not already coming back (never a gift card bought). */
export function ReturnDialog({
  order,
  open,
  onClose,
}: {
  order: AdminOrder;
  open: boolean;
  onClose: () => void;
}) {
  const { t } = useI18n();
  const toast = useToast();
  const changed = useOrderChanged(order.id);
  const inOpenReturns = (lineId: string) =>
    order.returns
      .filter((r) => r.status !== 'rejected')
      .flatMap((r) => r.lines)
      .filter((l) => l.order_line_id === lineId)
      .reduce((n, l) => n + (l.received_quantity || l.quantity), 0);
  // A gift card bought cannot be returned (staff disable it and refund instead).
  const returnable = (l: Line) => (l.gift_card ? 0 : Math.max(0, l.fulfilled_quantity - inOpenReturns(l.id)));
  const giftCardsBought = order.lines.some((l) => l.gift_card && l.fulfilled_quantity > 0);
  const [values, setValues] = useState<Record<string, number>>({});
  const [reason, setReason] = useState('');
  const open_ = useMutation({
    mutationFn: () =>
      api.post('/admin/v1/orders/{orderId}/returns', {
        path: { orderId: order.id },
        body: { lines: chosen(values), ...(reason.trim() ? { reason: reason.trim() } : {}) },
      }),
    onSuccess: async () => {
      await changed();
      toast(t('orders.returnOpenedToast'));
      onClose();
    },
  });
  return (
    <Dialog
      open={open}
      onClose={onClose}
      title={t('orders.openReturn')}
      footer={
        <>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button
            variant="primary"
            busy={open_.isPending}
            disabled={chosen(values).length === 0}
            onClick={() => open_.mutate()}
          >
            {t('orders.openReturn')}
          </Button>
        </>
      }
    >
      <LineQuantities lines={order.lines} max={returnable} values={values} onChange={setValues} />
      {giftCardsBought && <p className="text-sm text-slate-600">{t('giftCardProducts.notReturnable')}</p>}
      <TextAreaField
        label={t('orders.reason')}
        rows={2}
        value={reason}
        onChange={(e) => setReason(e.target.value)}
      />
      <ErrorMessage error={open_.error} />
    </Dialog>
  );
}
