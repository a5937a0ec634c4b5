import { useMutation } from '@tanstack/react-query';
import { useId, useState, type FormEvent } from 'react';
import { api, type Body } from '../../api/client.ts';
import { isApiError } from '../../api/errors.ts';
import { useI18n } from '../../i18n/I18n.tsx';
import { AddressFields, addressDraftOf, addressOf, type AddressDraft } from '../../ui/AddressFields.tsx';
import { Button } from '../../ui/Button.tsx';
import { Dialog } from '../../ui/Dialog.tsx';
import { ErrorMessage, useToast } from '../../ui/feedback.tsx';
import { Checkbox, TextField } from '../../ui/form.tsx';
import { useOrderChanged, type AdminOrder } from './order-actions.tsx';

type DetailsBody = Body<'/admin/v1/orders/{orderId}', 'patch'>;

/** While units are still to ship, the shipping address may be corrected (the server says so too). */
const shippingAddressMayChange = (o: AdminOrder) => o.status === 'confirmed' || o.status === 'processing';

const same = (a: AddressDraft, b: AddressDraft) =>
  JSON.stringify(addressOf(a)) === JSON.stringify(addressOf(b));

/**
 * Correct an order's contact and addresses after it was placed: the e-mail the shopper mistyped,
 * the street, or a billing address of its own ("same as shipping" clears it). The shipping address
 * is offered only while the order is confirmed or processing, and — unless the order is picked up,
 * so taxed at its pickup point — must stay in the country and region it was taxed and priced for:
 * the server's refusals show under their fields. Only what
 * changed is sent; nothing is re-priced. An order that ships nothing (digital goods, services) has
 * no shipping address: only its billing address is offered.
 */
export function OrderDetailsDialog({ order, onClose }: { order: AdminOrder; onClose: () => void }) {
  const { t } = useI18n();
  const toast = useToast();
  const changed = useOrderChanged(order.id);
  const formId = useId();
  const nothingShips = order.shipping_address === null;
  const shippingOpen = !nothingShips && shippingAddressMayChange(order);
  const shippingBefore = addressDraftOf(order.shipping_address);
  const billingBefore = order.billing_address ? addressDraftOf(order.billing_address) : null;
  const [email, setEmail] = useState(order.email);
  const [shipping, setShipping] = useState<AddressDraft>(shippingBefore);
  const [sameAsShipping, setSameAsShipping] = useState(!nothingShips && !order.billing_address);
  const [billing, setBilling] = useState<AddressDraft>(billingBefore ?? shippingBefore);

  const save = useMutation({
    mutationFn: (body: DetailsBody) =>
      api.patch('/admin/v1/orders/{orderId}', { path: { orderId: order.id }, body }),
    onSuccess: async () => {
      await changed();
      toast(t('orders.detailsSaved'));
      onClose();
    },
  });
  const err = isApiError(save.error) ? save.error : null;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const body: DetailsBody = {};
    if (email.trim() !== order.email) body.email = email.trim();
    if (shippingOpen && !same(shipping, shippingBefore)) body.shipping_address = addressOf(shipping);
    // An order that ships nothing and has no billing address yet: one is sent once something is typed.
    if (sameAsShipping) {
      if (billingBefore) body.billing_address = null;
    } else if (
      billingBefore ? !same(billing, billingBefore) : !nothingShips || !same(billing, shippingBefore)
    ) {
      body.billing_address = addressOf(billing);
    }
    if (Object.keys(body).length === 0) {
      save.reset();
      toast(t('orders.detailsUnchanged'), 'info');
      onClose();
      return;
    }
    save.mutate(body);
  };

  const pickup = !!order.shipping?.pickup;
  return (
    <Dialog
      open
      onClose={onClose}
      title={t('orders.editDetailsTitle', { number: order.display_number })}
      footer={
        <>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button type="submit" form={formId} variant="primary" busy={save.isPending}>
            {t('common.save')}
          </Button>
        </>
      }
    >
      <form id={formId} onSubmit={submit} className="space-y-5" noValidate>
        {/* First: a refusal (the order shipped meanwhile) is seen without scrolling. */}
        <ErrorMessage error={save.error} />
        <TextField
          label={t('orders.email')}
          type="email"
          autoComplete="off"
          value={email}
          onChange={(e) => setEmail(e.target.value)}
          error={err?.fieldErrorWithin('email')}
          hint={t('orders.emailHint')}
        />
        <fieldset className="space-y-2">
          <legend className="mb-1 text-sm font-semibold text-slate-900">
            {t(pickup ? 'orders.customerAddress' : 'orders.shippingAddress')}
          </legend>
          {nothingShips ? (
            <p className="text-sm text-slate-700">{t('digital.nothingToShip')}</p>
          ) : shippingOpen ? (
            <>
              {/* A pickup order was taxed at its pickup point: the customer's address may move anywhere. */}
              {!pickup && <p className="text-xs text-slate-600">{t('orders.shippingAddressStays')}</p>}
              <AddressFields
                value={shipping}
                onChange={setShipping}
                errorOf={(f) => err?.fieldErrorWithin(`shipping_address.${f}`)}
              />
            </>
          ) : (
            <p className="text-sm text-slate-700">
              {t('orders.shippingAddressLocked', { status: t(`status.${order.status}`) })}
            </p>
          )}
        </fieldset>
        <fieldset className="space-y-2">
          <legend className="mb-1 text-sm font-semibold text-slate-900">{t('orders.billingAddress')}</legend>
          {!nothingShips && (
            <Checkbox
              label={t(pickup ? 'orders.billingSameAsCustomer' : 'orders.sameAsShipping')}
              checked={sameAsShipping}
              onChange={(e) => setSameAsShipping(e.target.checked)}
            />
          )}
          {!sameAsShipping && (
            <AddressFields
              value={billing}
              onChange={setBilling}
              errorOf={(f) => err?.fieldErrorWithin(`billing_address.${f}`)}
            />
          )}
        </fieldset>
      </form>
    </Dialog>
  );
}
