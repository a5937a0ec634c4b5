import { useMutation, useQuery } from '@tanstack/react-query';
import { Link, useParams } from '@tanstack/react-router';
import { useState } from 'react';
import { api, download } from '../../api/client.ts';
import { hasMessage, useI18n } from '../../i18n/I18n.tsx';
import { addressLines } from '../../lib/address.ts';
import { useCan } from '../../lib/me.ts';
import { StatusBadge } from '../../ui/Badge.tsx';
import { Button } from '../../ui/Button.tsx';
import { ErrorMessage, Loading, useToast } from '../../ui/feedback.tsx';
import { Card, Facts, Page } from '../../ui/layout.tsx';
import { Table } from '../../ui/table.tsx';
import { AddressBlock, DateTime, Money, TotalsList } from '../../ui/values.tsx';
import { DraftFromOrderDialog } from '../draft-orders/DraftFromOrderDialog.tsx';
import { CancellationsCard } from './CancellationsCard.tsx';
import { boughtGiftCards } from './bought-gift-cards.ts';
import { BoughtGiftCardsCard } from './BoughtGiftCardsCard.tsx';
import { awaitingCreditNote } from './credit-notes.ts';
import { CreditNotesCard } from './CreditNotesCard.tsx';
import { DisputesCard, SimulateDispute } from './DisputesCard.tsx';
import { EditOrderDialog } from './EditOrderDialog.tsx';
import { EditsCard } from './EditsCard.tsx';
import { GiftCardPayments } from './GiftCardPayments.tsx';
import { titleWithProperties } from './line-properties.ts';
import { LineProperties } from './LineProperties.tsx';
import { NoShippingTag } from './NoShippingTag.tsx';
import {
  CancelDialog,
  CancelItemsDialog,
  FulfilDialog,
  RefundDialog,
  ReturnDialog,
  unitsLeft,
  useOrderChanged,
} from './order-actions.tsx';
import { OrderDetailsDialog } from './OrderDetailsDialog.tsx';
import { OrderEmailsCard } from './OrderEmailsCard.tsx';
import { OrderNotesCard } from './OrderNotesCard.tsx';
import { REFUNDABLE_ORDER_STATUSES } from './order-refunds.ts';
import { OrderRefundsCard } from './OrderRefundsCard.tsx';
import { OrderStatusBadge } from './OrderStatusBadge.tsx';
import { OrderTags } from './OrderTags.tsx';
import { placedWithoutAddress } from './pickup.ts';
import { ReturnCard } from './ReturnCard.tsx';
import { shipsNothing } from './ships-nothing.ts';
import { brandName } from '../../lib/cards.ts';

type DialogName =
  'ship' | 'cancel' | 'cancelItems' | 'edit' | 'refund' | 'return' | 'details' | 'draft' | null;

/** A pickup location's address as the display helper takes it (its parts are all optional). */
const pickupAddress = (a: Record<string, string>) => ({
  ...a,
  line1: a.line1 ?? '',
  city: a.city ?? '',
  country: a.country ?? '',
});

/** One order: lines, totals, the gift cards it bought, customer, payment (with the gift cards that paid part of it), credit notes, shipments, returns, history, and what can be done next. */
export function OrderDetailPage() {
  const { t } = useI18n();
  const { orderId } = useParams({ from: '/app/orders/$orderId' });
  const can = useCan();
  const toast = useToast();
  const changed = useOrderChanged(orderId);
  const [dialog, setDialog] = useState<DialogName>(null);
  // Why the refund of units just cancelled has not gone through yet (the server retries it).
  const [refundProblem, setRefundProblem] = useState<string | null>(null);
  const order = useQuery({
    queryKey: ['order', orderId],
    queryFn: () => api.get('/admin/v1/orders/{orderId}', { path: { orderId } }),
    // A refund's credit note is issued a moment after it: asked again until it is there (within a
    // minute of the refund; the live feed usually brings it sooner).
    refetchInterval: (q) => (awaitingCreditNote(q.state.data) ? 2000 : false),
  });
  const act = useMutation({
    mutationFn: async (action: 'process' | 'deliver' | 'capture' | 'invoice' | 'packingSlip') => {
      const o = order.data!;
      if (action === 'process') await api.post('/admin/v1/orders/{orderId}/process', { path: { orderId } });
      if (action === 'deliver') await api.post('/admin/v1/orders/{orderId}/deliver', { path: { orderId } });
      // Units cancelled before payment: capture (or record as paid) only what is still owed.
      if (action === 'capture')
        await api.post('/admin/v1/payment-intents/{intentId}/capture', {
          path: { intentId: o.payment_intent_id },
          body: o.cancelled_amount > 0 ? { amount: o.totals.total - o.cancelled_amount } : {},
        });
      if (action === 'invoice')
        await download(
          `/admin/v1/orders/${encodeURIComponent(orderId)}/invoice.pdf`,
          `invoice-${o.number}.pdf`,
        );
      if (action === 'packingSlip')
        await download(
          `/admin/v1/orders/${encodeURIComponent(orderId)}/packing-slip.pdf`,
          `packing-slip-${o.number}.pdf`,
        );
      return action;
    },
    onSuccess: async (action) => {
      if (action === 'invoice' || action === 'packingSlip') return;
      await changed();
      const markedPaid = action === 'capture' && order.data?.payment?.provider === 'manual';
      const pickedUp = action === 'deliver' && !!order.data?.shipping?.pickup;
      toast(
        t(markedPaid ? 'orders.markPaidToast' : pickedUp ? 'orders.pickedUpToast' : `orders.${action}Toast`),
      );
    },
  });

  if (order.isPending) return <Loading />;
  if (order.error || !order.data)
    return (
      <Page title={t('orders.order')}>
        <ErrorMessage error={order.error} />
      </Page>
    );
  const o = order.data;
  const manage = can('orders.manage');
  const payments = can('payments.manage');
  // Units neither shipped nor cancelled: what can still be shipped, or cancelled.
  const unshipped = o.lines.some((l) => unitsLeft(l) > 0);
  const shippedUnits = o.lines.some((l) => l.fulfilled_quantity > 0);
  const canShip = manage && ['confirmed', 'processing'].includes(o.status) && unshipped;
  const canCancelItems = manage && ['confirmed', 'processing'].includes(o.status) && unshipped;
  // Items added, swapped or taken out before the order ships.
  const canEdit = manage && ['confirmed', 'processing'].includes(o.status);
  const canCancel = manage && ['confirmed', 'processing'].includes(o.status) && !shippedUnits;
  // Gift cards bought cannot be returned: an order of only those opens no return.
  const canReturn =
    manage && ['shipped', 'delivered', 'returned'].includes(o.status) && o.lines.some((l) => !l.gift_card);
  const canCapture = payments && o.payment?.status === 'authorized';
  // Cash on delivery, bank transfer: the money arrives outside Carton, staff say when it has.
  const manualPayment = o.payment?.provider === 'manual';
  const methodKey = `orders.paymentMethod.${o.payment?.payment_method ?? ''}`;
  // A card as people read it ("Visa •••• 4242"), not the token or saved card's id it was paid with.
  const card = o.payment?.card;
  const method =
    manualPayment && hasMessage(methodKey)
      ? t(methodKey)
      : card
        ? `${brandName(card.brand)} •••• ${card.last4}`
        : (o.payment?.payment_method ?? '—');
  // A refund without a return (items kept, shipping, goodwill): while the payment or the gift
  // cards that paid the order have something left to give back.
  const canRefund =
    manage &&
    REFUNDABLE_ORDER_STATUSES.includes(o.status) &&
    ((o.payment?.refundable_amount ?? 0) > 0 || o.gift_cards.some((c) => c.amount > c.refunded));
  const busy = act.isPending;
  // Click and collect: "shipped" means ready for pickup, "delivered" means collected.
  const pickup = o.shipping?.pickup ?? null;
  // Digital goods, services: what is left to fulfil ships nothing, so it is "fulfilled", not shipped.
  const fulfilNotShip = shipsNothing(o.lines.filter((l) => unitsLeft(l) > 0));
  // Nothing in the order ships: no parcel, so no packing slip, and fulfilments have no carrier.
  const nothingShips = o.shipping_address === null;
  // A replacement or an exchange: a draft order starting from this one (drafts need orders.manage);
  // a cancelled order has no units left to start from.
  const canDuplicate = manage && o.status !== 'cancelled';

  return (
    <Page
      title={
        <span className="flex flex-wrap items-center gap-2">
          {t('orders.orderNumber', { number: o.display_number })}
          <OrderStatusBadge order={o} />
        </span>
      }
      back={
        <Link to="/orders" className="text-indigo-800 underline">
          ← {t('nav.orders')}
        </Link>
      }
      actions={
        <>
          {manage && o.status === 'confirmed' && (
            <Button busy={busy} onClick={() => act.mutate('process')}>
              {t('orders.process')}
            </Button>
          )}
          {canShip && (
            <Button variant="primary" onClick={() => setDialog('ship')}>
              {t(
                pickup
                  ? 'orders.readyForPickup'
                  : fulfilNotShip
                    ? 'digital.markFulfilled'
                    : 'orders.markShipped',
              )}
            </Button>
          )}
          {manage && o.status === 'shipped' && (
            <Button busy={busy} onClick={() => act.mutate('deliver')}>
              {t(pickup ? 'orders.pickedUp' : 'orders.markDelivered')}
            </Button>
          )}
          {canCapture && (
            <Button busy={busy} onClick={() => act.mutate('capture')}>
              {manualPayment ? t('orders.markPaid') : t('orders.capture')}
            </Button>
          )}
          {canRefund && <Button onClick={() => setDialog('refund')}>{t('orders.refund')}</Button>}
          {canReturn && <Button onClick={() => setDialog('return')}>{t('orders.openReturn')}</Button>}
          {canEdit && <Button onClick={() => setDialog('edit')}>{t('orderEdits.editOrder')}</Button>}
          {canDuplicate && <Button onClick={() => setDialog('draft')}>{t('drafts.fromOrder')}</Button>}
          {canCancelItems && (
            <Button onClick={() => setDialog('cancelItems')}>{t('orders.cancelItems')}</Button>
          )}
          {canCancel && (
            <Button variant="danger" onClick={() => setDialog('cancel')}>
              {t('orders.cancelOrder')}
            </Button>
          )}
          <Button busy={busy && act.variables === 'invoice'} onClick={() => act.mutate('invoice')}>
            {t('orders.invoice')}
          </Button>
          {!nothingShips && (
            <Button busy={busy && act.variables === 'packingSlip'} onClick={() => act.mutate('packingSlip')}>
              {t('orders.packingSlip')}
            </Button>
          )}
        </>
      }
    >
      <ErrorMessage error={act.error} />
      {refundProblem && (
        <div
          role="status"
          className="rounded-md border border-amber-300 bg-amber-50 p-3 text-sm text-amber-950"
        >
          <p className="font-medium">{t('orders.refundPending')}</p>
          <p className="mt-1">{refundProblem}</p>
          <Button small variant="ghost" className="mt-2" onClick={() => setRefundProblem(null)}>
            {t('orders.dismiss')}
          </Button>
        </div>
      )}
      <div className="grid gap-6 lg:grid-cols-3">
        <div className="space-y-6 lg:col-span-2">
          {/* Chargebacks first: an open one has a deadline. */}
          <DisputesCard order={o} />

          <Card title={t('orders.lines')}>
            <Table
              caption={t('orders.lines')}
              rows={o.lines}
              rowKey={(l) => l.id}
              columns={[
                {
                  header: t('orders.item'),
                  cell: (l) => (
                    <div className="flex items-start gap-3">
                      {l.image_url && (
                        <img src={l.image_url} alt="" className="h-10 w-10 rounded object-cover" />
                      )}
                      <div>
                        <p className="font-medium">{l.title}</p>
                        <p className="text-xs text-slate-600">
                          {[l.variant_title, l.sku].filter(Boolean).join(' · ')}
                        </p>
                        <LineProperties properties={l.properties} />
                        {!l.requires_shipping && (
                          <p className="mt-1">
                            <NoShippingTag giftCard={l.gift_card} />
                          </p>
                        )}
                      </div>
                    </div>
                  ),
                },
                {
                  header: t('orders.quantity'),
                  cell: (l) => (
                    <>
                      {l.quantity}
                      {l.cancelled_quantity > 0 && (
                        <span className="block text-xs text-red-800">
                          {t('orders.nCancelled', { n: l.cancelled_quantity })}
                        </span>
                      )}
                      {l.refunded_quantity > 0 && (
                        <span className="block text-xs text-slate-600">
                          {t('orderRefunds.nRefunded', { n: l.refunded_quantity })}
                        </span>
                      )}
                    </>
                  ),
                  align: 'right',
                },
                {
                  header: t('orders.shipped'),
                  cell: (l) => l.fulfilled_quantity,
                  align: 'right',
                  wide: true,
                },
                {
                  header: t('orders.returned'),
                  cell: (l) => l.returned_quantity,
                  align: 'right',
                  wide: true,
                },
                {
                  header: t('orders.unitPrice'),
                  cell: (l) => <Money amount={l.unit_price} currency={o.currency} />,
                  align: 'right',
                  wide: true,
                },
                {
                  header: t('orders.total'),
                  cell: (l) => <Money amount={l.total} currency={o.currency} />,
                  align: 'right',
                },
              ]}
            />
            <TotalsList
              className="mt-4 ml-auto max-w-xs"
              currency={o.currency}
              subtotal={o.totals.subtotal}
              discount={o.totals.discount}
              taxExemption={o.totals.tax_exemption}
              shipping={o.totals.shipping}
              tax={o.totals.tax}
              taxInclusive={o.tax_inclusive}
              taxExempt={o.tax_exempt}
              total={o.totals.total}
              cancelled={o.cancelled_amount}
            />
          </Card>

          {/* Gift cards sold as products: the cards the order's gift card lines became. */}
          {boughtGiftCards(o.lines) && can('gift_cards.read') && <BoughtGiftCardsCard order={o} />}

          <CancellationsCard order={o} />

          <EditsCard order={o} />

          <Card title={t('orders.shipments')}>
            {o.fulfilments.length === 0 ? (
              <p className="text-sm text-slate-600">{t('orders.noShipments')}</p>
            ) : (
              <ul className="space-y-3">
                {o.fulfilments.map((f) => (
                  <li key={f.id} className="text-sm">
                    <p className="font-medium">
                      <DateTime value={f.shipped_at} /> ·{' '}
                      {pickup && !f.carrier
                        ? t('orders.readyForPickup')
                        : nothingShips && !f.carrier
                          ? t('status.fulfilled')
                          : (f.carrier ?? t('orders.noCarrier'))}
                      {f.tracking_number && ` · ${f.tracking_number}`}
                    </p>
                    {pickup && f.delivered_at && (
                      <p className="text-slate-600">
                        {t('orders.pickedUp')} · <DateTime value={f.delivered_at} />
                      </p>
                    )}
                    {f.tracking_url && (
                      <a
                        href={f.tracking_url}
                        className="text-indigo-800 underline"
                        rel="noreferrer"
                        target="_blank"
                      >
                        {t('orders.track')}
                      </a>
                    )}
                    <p className="text-slate-600">
                      {f.lines
                        .map((fl) => {
                          const line = o.lines.find((l) => l.id === fl.order_line_id);
                          return `${fl.quantity} × ${line ? titleWithProperties(line.title, line.properties) : ''}`;
                        })
                        .join(', ')}
                    </p>
                  </li>
                ))}
              </ul>
            )}
          </Card>

          {o.returns.length > 0 && (
            <Card title={t('orders.returns')}>
              <div className="space-y-3">
                {o.returns.map((r) => (
                  <ReturnCard key={r.id} order={o} ret={r} canManage={manage} />
                ))}
              </div>
            </Card>
          )}

          <OrderEmailsCard orderId={orderId} canManage={manage} />
          <OrderNotesCard orderId={orderId} canManage={manage} />

          <Card title={t('orders.history')}>
            <ol className="space-y-2 text-sm">
              {[...o.history].reverse().map((h) => (
                <li key={h.id} className="flex flex-wrap gap-x-2">
                  <DateTime value={h.at} />
                  <span>
                    {h.from_status ? `${t(`status.${h.from_status}`)} → ` : ''}
                    {t(`status.${h.to_status}`)}
                  </span>
                  <span className="text-slate-600">
                    ({t(`actor.${h.actor.type}` as 'actor.staff')}){h.reason ? ` — ${h.reason}` : ''}
                  </span>
                </li>
              ))}
            </ol>
          </Card>
        </div>

        <div className="space-y-6">
          <Card
            title={t('orders.customer')}
            actions={
              manage && (
                <Button small onClick={() => setDialog('details')} aria-label={t('orders.editDetails')}>
                  {t('common.edit')}
                </Button>
              )
            }
          >
            <p className="text-sm break-all">{o.email}</p>
            {o.customer_note && (
              <blockquote
                className="mt-2 rounded border-l-4 border-amber-400 bg-amber-50 px-3 py-2 text-sm whitespace-pre-line"
                data-testid="customer-note"
              >
                <span className="block text-xs font-semibold text-amber-900">{t('orders.customerNote')}</span>
                {o.customer_note}
              </blockquote>
            )}
            {o.customer_id ? (
              <Link
                to="/customers/$customerId"
                params={{ customerId: o.customer_id }}
                className="text-sm text-indigo-800 underline"
              >
                {t('orders.viewCustomer')}
              </Link>
            ) : (
              <p className="text-sm text-slate-600">{t('orders.guest')}</p>
            )}
            {pickup && (
              <div
                className="mt-4 rounded-md border border-violet-200 bg-violet-50 px-3 py-2"
                data-testid="pickup-location"
              >
                <h3 className="mb-1 text-sm font-semibold text-violet-950">{t('orders.pickUpAt')}</h3>
                <p className="text-sm font-medium">{pickup.name}</p>
                <AddressBlock lines={addressLines(pickupAddress(pickup.address))} />
                {pickup.instructions && (
                  <p className="mt-1 text-sm whitespace-pre-line text-slate-700">{pickup.instructions}</p>
                )}
                {o.shipping && <p className="mt-1 text-sm text-slate-600">{o.shipping.name}</p>}
              </div>
            )}
            <h3 className="mt-4 mb-1 text-sm font-semibold">
              {t(pickup ? 'orders.customerAddress' : 'orders.shippingAddress')}
            </h3>
            {/* Digital goods, services: nothing in the order ships, so it has no shipping address. */}
            {o.shipping_address === null ? (
              <p className="text-sm text-slate-600" data-testid="nothing-to-ship">
                {t('digital.nothingToShip')}
              </p>
            ) : pickup && placedWithoutAddress(o.shipping_address, pickup.address) ? (
              <p className="text-sm text-slate-600">{t('orders.noCustomerAddress')}</p>
            ) : (
              <AddressBlock lines={addressLines(o.shipping_address)} />
            )}
            {o.shipping && !pickup && <p className="mt-1 text-sm text-slate-600">{o.shipping.name}</p>}
            <h3 className="mt-4 mb-1 text-sm font-semibold">{t('orders.billingAddress')}</h3>
            {o.billing_address ? (
              <AddressBlock lines={addressLines(o.billing_address)} />
            ) : nothingShips ? (
              <p className="text-sm text-slate-600">—</p>
            ) : (
              <p className="text-sm text-slate-600">
                {t(pickup ? 'orders.billingSameAsCustomer' : 'orders.sameAsShipping')}
              </p>
            )}
          </Card>

          <Card title={t('orders.payment')}>
            <GiftCardPayments order={o} />
            <Facts
              items={[
                [t('orders.paymentStatus'), <StatusBadge key="s" status={o.payment_status} />],
                [t('orders.captured'), <Money key="c" amount={o.captured_amount} currency={o.currency} />],
                [t('orders.refunded'), <Money key="r" amount={o.refunded_amount} currency={o.currency} />],
                [t('orders.method'), method],
                [
                  t('orders.captureMode'),
                  o.payment ? t(`orders.captureMode.${o.payment.capture_mode}`) : '—',
                ],
              ]}
            />
            {o.refunds.length > 0 && (
              <ul className="mt-3 space-y-1 text-sm">
                {o.refunds.map((r) => (
                  <li key={r.id}>
                    <Money amount={r.amount} currency={r.currency} /> <StatusBadge status={r.status} />{' '}
                    {r.reason && <span className="text-slate-600">— {r.reason}</span>}
                  </li>
                ))}
              </ul>
            )}
            <SimulateDispute order={o} />
          </Card>

          <OrderRefundsCard order={o} />

          <CreditNotesCard order={o} />

          <Card title={t('orders.details')}>
            <Facts
              items={[
                [t('orders.placed'), <DateTime key="p" value={o.created_at} />],
                [t('orders.fulfilment'), <StatusBadge key="f" status={o.fulfilment_status} />],
                [t('orders.coupons'), o.coupon_codes.join(', ') || '—'],
                ...(o.cancel_reason
                  ? ([[t('orders.cancelReason'), o.cancel_reason]] as [string, string][])
                  : []),
              ]}
            />
            <div className="mt-4">
              <OrderTags key={o.tags.join(',')} orderId={orderId} tags={o.tags} canManage={manage} />
            </div>
          </Card>
        </div>
      </div>

      {dialog === 'ship' && <FulfilDialog order={o} open onClose={() => setDialog(null)} />}
      {dialog === 'details' && <OrderDetailsDialog order={o} onClose={() => setDialog(null)} />}
      {dialog === 'cancel' && <CancelDialog order={o} open onClose={() => setDialog(null)} />}
      {dialog === 'cancelItems' && (
        <CancelItemsDialog
          order={o}
          open
          onClose={() => setDialog(null)}
          onRefundProblem={setRefundProblem}
        />
      )}
      {dialog === 'edit' && (
        <EditOrderDialog order={o} onClose={() => setDialog(null)} onRefundProblem={setRefundProblem} />
      )}
      {dialog === 'refund' && <RefundDialog order={o} open onClose={() => setDialog(null)} />}
      {dialog === 'return' && <ReturnDialog order={o} open onClose={() => setDialog(null)} />}
      {dialog === 'draft' && <DraftFromOrderDialog order={o} onClose={() => setDialog(null)} />}
    </Page>
  );
}
