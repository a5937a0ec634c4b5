import { useQuery, useQueryClient } from '@tanstack/react-query';
import { getRouteApi, Link } from '@tanstack/react-router';
import { useEffect, useRef, useState } from 'react';
import { freshSession } from '../account.ts';
import { addressBody, EMAIL, EMPTY_ADDRESS, validateAddress, type AddressFields } from '../address.ts';
import { cartQuery, type Cart, type Checkout } from '../api.ts';
import { useCartActions } from '../cart.ts';
import { AddressForm } from '../components/AddressForm.tsx';
import { GiftCardsAndPayment, payableByGiftCards, useGiftCards } from '../components/GiftCards.tsx';
import { PaymentNotice, usePayment } from '../components/Payment.tsx';
import { PickupDetails } from '../components/Pickup.tsx';
import { formatMoney, useI18n, type MessageKey } from '../i18n.ts';
import { useHydrated, useShopperState } from '../session.ts';
import { ApiError, unwrap, useShop } from '../shop.ts';
import { CartLines, CouponForm, Totals } from './Cart.tsx';

const route = getRouteApi('/checkout');

/** Field errors of a problem, keyed by the last part of their path (`shipping_address.city` → city). */
function fieldErrors(err: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (err instanceof ApiError)
    for (const e of err.problem.errors ?? []) out[e.path.split('.').at(-1) ?? e.path] = e.message;
  return out;
}

/** An address as the API gives it (optional parts null or absent), as the form's fields. */
function fieldsOf(a: Record<string, string | null | undefined> | null | undefined): AddressFields {
  if (!a) return EMPTY_ADDRESS;
  return {
    ...EMPTY_ADDRESS,
    ...Object.fromEntries(Object.entries(a).map(([k, v]) => [k, v ?? ''])),
  } as AddressFields;
}

const addressOf = (cart: Cart | null | undefined) => fieldsOf(cart?.shipping_address);

type Stage = 'details' | 'shipping' | 'payment';

/** How the shopper gets the order: delivered to their address, or collected at a pickup point. */
type Fulfilment = 'ship' | 'pickup';

/**
 * A cart collected without the shopper's address: something in it ships, yet it has no shipping
 * address, a pickup point or billing address.
 */
const collecting = (cart: Cart) =>
  cart.requires_shipping !== false &&
  !cart.shipping_address &&
  (!!cart.shipping_method?.pickup || !!cart.billing_address);

/** Nothing in the cart ships (digital goods, services): no shipping address or method, a billing address. */
const shipsNothing = (cart: Cart | null | undefined) => cart?.requires_shipping === false;

export function CheckoutPage() {
  const hydrated = useHydrated();
  const { t } = useI18n();
  if (!hydrated) return <p>{t('loading')}</p>;
  return <CheckoutFlow />;
}

function CheckoutFlow() {
  const { api } = useShop();
  const { t, locale } = useI18n();
  const queryClient = useQueryClient();
  const search = route.useSearch();
  const { cartId: storedCartId, session } = useShopperState();
  const cartId = search.cart ?? storedCartId;
  const cart = useQuery({ ...cartQuery(api, cartId), enabled: !!cartId });
  const { remember } = useCartActions();

  const [email, setEmail] = useState(session?.customer.email ?? '');
  const [note, setNote] = useState('');
  // "Send me news and offers": unticked until the shopper ticks it (or their cart says so).
  const [optIn, setOptIn] = useState(false);
  const [address, setAddress] = useState<AddressFields>(EMPTY_ADDRESS);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [stage, setStage] = useState<Stage>('details');
  const [method, setMethod] = useState<string | null>(null);
  // "Ship to me" or "Pick up in store" (offered when the store has pickup points for this cart).
  const [fulfilment, setFulfilment] = useState<Fulfilment>('ship');
  // Nothing in the cart ships: neither; the shopper gives their billing address only.
  const billingOnly = shipsNothing(cart.data);
  const pickingUp = fulfilment === 'pickup' && !billingOnly;
  // The form holds the billing address (collecting at a shop, or nothing to ship), else where to ship.
  const billing = pickingUp || billingOnly;
  // Gift cards applied to this order: they pay first; their codes stay in this page's state only.
  // A signed-in shopper's own cards (store credit) are offered too, used without their codes.
  const gift = useGiftCards({
    total: cart.data?.totals.total ?? 0,
    // Gift cards never pay for gift cards: they pay what the cart's other lines cost.
    payable: payableByGiftCards(cart.data),
    currency: cart.data?.currency ?? '',
    signedIn: !!session,
  });
  // Paying: the way to pay, the attempt followed to its end (also back from the bank's page).
  const payment = usePayment({
    complete: (body) =>
      unwrap(
        api.POST('/store/v1/carts/{cartId}/complete', { params: { path: { cartId: cart.data!.id } }, body }),
      ) as Promise<Checkout>,
    attempt: (id) =>
      unwrap(api.GET('/store/v1/carts/{cartId}/checkout', { params: { path: { cartId: id } } })),
    refresh: () => cart.refetch(),
    returnUrl: () => `${location.origin}/checkout?cart=${encodeURIComponent(cart.data!.id)}`,
    resumeFrom: search.cart,
    onPlaced: () => {
      void queryClient.invalidateQueries({ queryKey: ['cart'] });
      // What the shopper's own cards hold now.
      void queryClient.invalidateQueries({ queryKey: ['me', 'gift-cards'] });
    },
    refused: gift.refused,
    // Their saved cards offered first; a new one may be kept for next time.
    signedIn: !!session,
  });
  const { busy, setBusy, message, setMessage, returning } = payment;
  // A signed-in shopper's address book: pick an address instead of typing it.
  const saved = useQuery({
    queryKey: ['me', 'addresses'],
    queryFn: async () => (await freshSession(api), unwrap(api.GET('/store/v1/customers/me/addresses'))),
    enabled: !!session,
  });
  const [savedId, setSavedId] = useState('');
  // A signed-in shopper already subscribed (their account's e-mail) is not asked again at checkout.
  const consent = useQuery({
    queryKey: ['me', 'consent'],
    queryFn: async () => (await freshSession(api), unwrap(api.GET('/store/v1/customers/me/consent'))),
    enabled: !!session,
  });
  const subscribed =
    !!session &&
    !optIn &&
    email.trim().toLowerCase() === session.customer.email.toLowerCase() &&
    consent.data?.data.find((c) => c.channel === 'email')?.status === 'granted';
  // Start from what the cart already knows (a shopper coming back, or back from the bank's page).
  useEffect(() => {
    if (!cart.data) return;
    if (cart.data.email && !email) setEmail(cart.data.email);
    if (cart.data.shipping_address && address === EMPTY_ADDRESS) setAddress(addressOf(cart.data));
    // Nothing ships: the form holds the billing address the shopper gave (else the shipping address).
    if (shipsNothing(cart.data) && cart.data.billing_address && address === EMPTY_ADDRESS)
      setAddress(fieldsOf(cart.data.billing_address));
    // Collecting at a shop: the form holds the billing address (the shopper's own).
    if (collecting(cart.data)) {
      setFulfilment('pickup');
      if (address === EMPTY_ADDRESS) setAddress(fieldsOf(cart.data.billing_address));
    }
    if (cart.data.note && !note) setNote(cart.data.note);
    setOptIn(cart.data.marketing_opt_in);
    if (cart.data.shipping_method) setMethod(cart.data.shipping_method.id);
  }, [cart.data?.id]);
  // A cart without an address yet starts from the shopper's default shipping address (their default
  // billing address first when nothing ships), once: a shopper who then chose "a new address" keeps
  // the empty form.
  const prefilled = useRef(false);
  useEffect(() => {
    const book = saved.data?.data ?? [];
    const preferred =
      (shipsNothing(cart.data) ? book.find((a) => a.is_default_billing) : undefined) ??
      book.find((a) => a.is_default_shipping);
    if (prefilled.current || !preferred || !cart.data) return;
    if (cart.data.shipping_address || cart.data.billing_address) return;
    prefilled.current = true;
    if (address !== EMPTY_ADDRESS) return;
    setSavedId(preferred.id);
    setAddress(fieldsOf(preferred.address));
  }, [saved.data, cart.data?.id]);

  // The cart's options; asked while the shopper gives their details too: a cart without an address
  // is offered the store's pickup points, and any pickup point is what offers "Pick up in store".
  const options = useQuery({
    queryKey: ['shipping-options', cartId, cart.data?.version],
    queryFn: () =>
      unwrap(api.GET('/store/v1/carts/{cartId}/shipping-options', { params: { path: { cartId: cartId! } } })),
    enabled: !!cartId && !billingOnly && (stage !== 'details' || (cart.data?.lines.length ?? 0) > 0),
    retry: false,
  });
  // Once offered, the choice stays for this visit (an address outside the pickup points' zone,
  // given since, does not take it away).
  const [pickupOffered, setPickupOffered] = useState(false);
  useEffect(() => {
    if (options.data?.data.some((o) => o.pickup)) setPickupOffered(true);
    // Taken for collecting (a billing address, no shipping address: the cart shipped nothing
    // before), yet no shop can hold it: shipped, then.
    else if (options.data && !pickupOffered && !cart.data?.shipping_method?.pickup) setFulfilment('ship');
  }, [options.data]);

  // Whether anything ships is the cart's to say (its lines): when that changes while the shopper is
  // here (the last line that ships removed, or one added), the details are asked again — a billing
  // address instead of a shipping address and method, or the other way round.
  const ships = cart.data ? !shipsNothing(cart.data) : null;
  const shipped = useRef(ships);
  useEffect(() => {
    const before = shipped.current;
    shipped.current = ships;
    if (ships === null || before === null || before === ships) return;
    setMethod(null);
    setStage('details');
    setMessage({ kind: 'info', text: t(ships ? 'checkout.now_ships' : 'checkout.now_ships_nothing') });
  }, [ships]);

  if (cart.isPending && cartId) return <p>{t('loading')}</p>;
  const data = cart.data;
  if (returning) {
    return (
      <div className="py-12 text-center" role="status">
        {message?.text ?? t('checkout.waiting')}
      </div>
    );
  }
  if (!data || data.status !== 'active' || data.lines.length === 0) {
    return (
      <div className="py-12 text-center">
        <p>{t('cart.empty')}</p>
        <Link to="/" className="mt-4 inline-block underline">
          {t('cart.continue')}
        </Link>
      </div>
    );
  }

  const saveDetails = async () => {
    const local = validateAddress(address, t);
    if (!EMAIL.test(email.trim())) local.email = t('checkout.invalid_email');
    setErrors(local);
    if (Object.keys(local).length) return;
    setBusy(true);
    setMessage(null);
    try {
      const updated = await unwrap(
        api.PATCH('/store/v1/carts/{cartId}', {
          params: { path: { cartId: data.id } },
          body: {
            email: email.trim(),
            // Collected at a shop: no shipping address (the pickup point's stands in for it on the
            // order), the shopper's billing address instead: the name the order is kept in. Nothing
            // to ship: the billing address alone (the invoice's, and the tax's), none to ship to.
            ...(billing
              ? { shipping_address: null, billing_address: addressBody(address) }
              : { shipping_address: addressBody(address) }),
            locale,
            note: note.trim() || null,
            // The shopper's marketing consent for this e-mail (a change only: the server records ticks and unticks).
            marketing_opt_in: optIn,
          },
        }),
      );
      remember(updated);
      // Delivered now, after choosing to collect: a method is chosen again (the cart may keep the
      // pickup point where the address's zone has it), rather than paid for unseen.
      if (!billing && collecting(data)) setMethod(null);
      // Nothing to ship: no method to choose, straight to paying.
      setStage(shipsNothing(updated) ? 'payment' : 'shipping');
    } catch (err) {
      setErrors(fieldErrors(err));
      setMessage({ kind: 'error', text: err instanceof ApiError ? err.message : t('error.generic') });
    } finally {
      setBusy(false);
    }
  };

  const chooseMethod = async (id: string) => {
    setMethod(id);
    setBusy(true);
    try {
      remember(
        await unwrap(
          api.PUT('/store/v1/carts/{cartId}/shipping-method', {
            params: { path: { cartId: data.id } },
            body: { method_id: id },
          }),
        ),
      );
      setStage('payment');
    } catch (err) {
      setMessage({ kind: 'error', text: err instanceof ApiError ? err.message : t('error.generic') });
    } finally {
      setBusy(false);
    }
  };

  // The cart's method as the shopper chose it on this page (one the cart kept from collecting,
  // after they chose "Ship to me", waits for them to choose again).
  const chosen = data.shipping_method && method === data.shipping_method.id ? data.shipping_method : null;
  const section = 'rounded-xl border border-stone-200 bg-white p-4';
  return (
    <div className="grid gap-6 md:grid-cols-[1fr_20rem]">
      <div className="flex flex-col gap-4">
        <h1 className="text-2xl font-bold">{t('checkout.title')}</h1>
        <PaymentNotice flow={payment} />

        <section className={section} aria-labelledby="co-details">
          <div className="flex items-center justify-between">
            <h2 id="co-details" className="text-lg font-semibold">
              {t('checkout.contact')} · {t(billing ? 'checkout.billing_address' : 'checkout.address')}
            </h2>
            {stage !== 'details' ? (
              <button type="button" className="text-sm underline" onClick={() => setStage('details')}>
                {t('checkout.edit')}
              </button>
            ) : null}
          </div>
          {stage === 'details' ? (
            <form
              noValidate
              className="mt-3 flex flex-col gap-3"
              onSubmit={(e) => {
                e.preventDefault();
                void saveDetails();
              }}
            >
              {billingOnly ? (
                <p className="rounded-lg bg-stone-100 px-3 py-2 text-sm" data-testid="checkout-ships-nothing">
                  {t('checkout.ships_nothing')}
                </p>
              ) : pickupOffered || pickingUp ? (
                <FulfilmentChoice value={fulfilment} onChange={setFulfilment} disabled={busy} />
              ) : null}
              {session ? (
                <p className="text-sm">{t('checkout.signed_in_as', { email: session.customer.email })}</p>
              ) : (
                <Link to="/account" className="text-sm underline">
                  {t('checkout.sign_in')}
                </Link>
              )}
              <div className="flex flex-col gap-1">
                <label htmlFor="co-email" className="text-sm font-medium">
                  {t('checkout.email')}
                </label>
                <input
                  id="co-email"
                  name="email"
                  type="email"
                  autoComplete="email"
                  required
                  aria-invalid={errors.email ? true : undefined}
                  aria-describedby={errors.email ? 'co-email-error' : undefined}
                  value={email}
                  onChange={(e) => setEmail(e.target.value)}
                  className={`rounded-lg border bg-white px-3 py-2 ${errors.email ? 'border-red-700' : 'border-stone-300'}`}
                />
                {errors.email ? (
                  <p id="co-email-error" className="text-sm text-red-700">
                    {errors.email}
                  </p>
                ) : null}
              </div>
              {subscribed ? (
                <p className="text-sm text-stone-700">{t('checkout.already_subscribed')}</p>
              ) : (
                <div className="flex items-start gap-3">
                  <input
                    id="co-marketing"
                    type="checkbox"
                    checked={optIn}
                    onChange={(e) => setOptIn(e.target.checked)}
                    aria-describedby="co-marketing-hint"
                    className="mt-0.5 h-5 w-5 shrink-0 accent-stone-900"
                  />
                  <div className="flex flex-col">
                    <label htmlFor="co-marketing" className="text-sm">
                      {t('checkout.marketing_opt_in')}
                    </label>
                    <span id="co-marketing-hint" className="text-xs text-stone-600">
                      {t('checkout.marketing_hint')}
                    </span>
                  </div>
                </div>
              )}
              {saved.data?.data.length ? (
                <div className="flex flex-col gap-1">
                  <label htmlFor="co-saved" className="text-sm font-medium">
                    {t(billing ? 'checkout.saved_billing' : 'checkout.saved_address')}
                  </label>
                  <select
                    id="co-saved"
                    value={savedId}
                    onChange={(e) => {
                      const chosen = saved.data.data.find((a) => a.id === e.target.value);
                      setSavedId(e.target.value);
                      setAddress(chosen ? fieldsOf(chosen.address) : EMPTY_ADDRESS);
                    }}
                    className="rounded-lg border border-stone-300 bg-white px-3 py-2"
                  >
                    <option value="">{t('checkout.new_address')}</option>
                    {saved.data.data.map((a) => (
                      <option key={a.id} value={a.id}>
                        {[
                          [a.address.first_name, a.address.last_name].filter(Boolean).join(' '),
                          a.address.line1,
                          a.address.city,
                          a.address.country,
                        ]
                          .filter(Boolean)
                          .join(', ')}
                      </option>
                    ))}
                  </select>
                </div>
              ) : null}
              {billing ? (
                <div>
                  <h3 className="font-semibold">{t('checkout.billing_address')}</h3>
                  <p className="text-sm text-stone-600">
                    {t(billingOnly ? 'checkout.ships_nothing_hint' : 'checkout.billing_hint')}
                  </p>
                </div>
              ) : null}
              <AddressForm
                value={address}
                onChange={(next) => {
                  setSavedId('');
                  setAddress(next);
                }}
                errors={errors}
                idPrefix={billing ? 'bill' : 'ship'}
              />
              <label className="flex flex-col gap-1 text-sm">
                <span className="font-medium">{t('checkout.note')}</span>
                <textarea
                  value={note}
                  onChange={(e) => setNote(e.target.value)}
                  maxLength={500}
                  rows={2}
                  aria-invalid={errors.note ? true : undefined}
                  className="rounded-lg border border-stone-300 px-3 py-2"
                />
                {errors.note ? <span className="text-red-700">{errors.note}</span> : null}
              </label>
              <button
                type="submit"
                disabled={busy}
                className="rounded-lg bg-stone-900 px-4 py-3 font-semibold text-white disabled:bg-stone-400"
              >
                {t(
                  billingOnly
                    ? 'checkout.continue_payment'
                    : pickingUp
                      ? 'checkout.continue_pickup'
                      : 'checkout.continue',
                )}
              </button>
            </form>
          ) : (
            <p className="mt-2 text-sm break-words text-stone-700">
              {data.email} — {/* Collected at the shop: where, rather than the shopper's own address. */}
              {chosen?.pickup
                ? t('checkout.pickup_at', { name: chosen.pickup.name })
                : pickingUp
                  ? t('checkout.pick_up')
                  : [address.line1, address.city, address.postal_code, address.country]
                      .filter(Boolean)
                      .join(', ')}
            </p>
          )}
        </section>

        {/* Nothing to ship: no shipping method (nor pickup point) to choose. */}
        {billingOnly ? null : (
          <section className={section} aria-labelledby="co-shipping">
            <h2 id="co-shipping" className="text-lg font-semibold">
              {t(pickingUp ? 'checkout.pickup_where' : 'checkout.shipping')}
            </h2>
            {stage !== 'details' ? (
              options.isPending ? (
                <p className="mt-2">{t('loading')}</p>
              ) : options.error ? (
                <p role="alert" className="mt-2 text-red-700">
                  {options.error instanceof ApiError &&
                  options.error.problem.code === 'NO_SHIPPING_TO_ADDRESS'
                    ? t('checkout.no_shipping')
                    : options.error.message}
                </p>
              ) : options.data?.data.length === 0 ? (
                <p role="alert" className="mt-2 text-red-700">
                  {t(pickingUp ? 'checkout.no_pickup' : 'checkout.no_shipping')}
                </p>
              ) : (
                <fieldset className="mt-3 flex flex-col gap-2">
                  <legend className="sr-only">
                    {t(pickingUp ? 'checkout.pickup_where' : 'checkout.shipping')}
                  </legend>
                  {(options.data?.data ?? []).map((o) => (
                    <label
                      key={o.id}
                      className="flex cursor-pointer items-center gap-3 rounded-lg border border-stone-300 p-3 has-checked:border-stone-900"
                    >
                      <input
                        type="radio"
                        name="shipping"
                        value={o.id}
                        checked={method === o.id}
                        disabled={busy}
                        onChange={() => void chooseMethod(o.id)}
                      />
                      {o.pickup ? (
                        <span className="min-w-0 flex-1" data-testid="pickup-option">
                          {t('checkout.pickup_at', { name: o.pickup.name })}
                          <PickupDetails pickup={o.pickup} estimate={o.estimate} />
                        </span>
                      ) : (
                        <span className="min-w-0 flex-1">
                          {o.name}
                          {o.estimate ? (
                            <span className="block text-sm text-stone-600">
                              {t('checkout.days', { min: o.estimate.min_days, max: o.estimate.max_days })}
                            </span>
                          ) : null}
                        </span>
                      )}
                      <span className="font-medium">
                        {o.amount === 0 ? t('checkout.free') : formatMoney(o.amount, o.currency, locale)}
                      </span>
                    </label>
                  ))}
                </fieldset>
              )
            ) : null}
          </section>
        )}

        <section className={section} aria-labelledby="co-payment">
          <h2 id="co-payment" className="text-lg font-semibold">
            {t('checkout.payment')}
          </h2>
          {stage !== 'details' && (chosen || billingOnly) ? (
            <GiftCardsAndPayment
              gift={gift}
              flow={payment}
              total={data.totals.total}
              currency={data.currency}
            />
          ) : null}
        </section>
      </div>
      <aside className="flex min-w-0 flex-col gap-4 self-start">
        <CartLines cart={data} editable={false} />
        {chosen?.pickup ? (
          <div
            className="rounded-xl border border-stone-200 bg-white p-4 text-sm"
            data-testid="pickup-summary"
          >
            <p className="font-semibold">{t('checkout.pickup_at', { name: chosen.pickup.name })}</p>
            <PickupDetails pickup={chosen.pickup} estimate={chosen.estimate} />
          </div>
        ) : null}
        <div className="flex flex-col gap-4 rounded-xl border border-stone-200 bg-white p-4">
          <Totals cart={data} />
          <CouponForm />
        </div>
      </aside>
    </div>
  );
}

/**
 * "Ship to me" or "Pick up in store": native radios in a fieldset, so a phone's tap, the arrow keys
 * and screen readers all know them as one choice.
 */
function FulfilmentChoice(props: {
  value: Fulfilment;
  onChange: (next: Fulfilment) => void;
  disabled: boolean;
}) {
  const { t } = useI18n();
  const choices: [Fulfilment, MessageKey, MessageKey][] = [
    ['ship', 'checkout.ship_to_me', 'checkout.ship_to_me_hint'],
    ['pickup', 'checkout.pick_up', 'checkout.pick_up_hint'],
  ];
  return (
    <fieldset className="flex flex-col gap-2" data-testid="fulfilment-choice">
      <legend className="mb-2 text-sm font-medium">{t('checkout.how')}</legend>
      <div className="grid gap-2 sm:grid-cols-2">
        {choices.map(([value, label, hint]) => (
          <label
            key={value}
            className="flex cursor-pointer items-start gap-3 rounded-lg border border-stone-300 p-3 has-checked:border-stone-900 has-checked:bg-stone-50"
          >
            {/* Named by the choice alone; the line under it describes it. */}
            <input
              type="radio"
              name="fulfilment"
              value={value}
              checked={props.value === value}
              disabled={props.disabled}
              onChange={() => props.onChange(value)}
              aria-labelledby={`co-fulfilment-${value}`}
              aria-describedby={`co-fulfilment-${value}-hint`}
              className="mt-1 h-4 w-4 shrink-0 accent-stone-900"
            />
            <span className="flex flex-col">
              <span id={`co-fulfilment-${value}`} className="font-medium">
                {t(label)}
              </span>
              <span id={`co-fulfilment-${value}-hint`} className="text-sm text-stone-600">
                {t(hint)}
              </span>
            </span>
          </label>
        ))}
      </div>
    </fieldset>
  );
}
