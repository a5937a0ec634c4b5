import { useQuery, useQueryClient } from '@tanstack/react-query';
import { getRouteApi, Link, useNavigate } from '@tanstack/react-router';
import { useEffect, useRef, useState } from 'react';
import { freshSession } from '../account.ts';
import { addressBody, EMAIL, EMPTY_ADDRESS, validateAddress, type AddressFields } from '../address.ts';
import { cartQuery, type Cart, type Checkout } from '../api.ts';
import { useCartActions } from '../cart.ts';
import { AddressForm } from '../components/AddressForm.tsx';
import { formatMoney, useI18n } from '../i18n.ts';
import { useHydrated, useShopperState } from '../session.ts';
import { ApiError, unwrap, useShop } from '../shop.ts';
import { CartLines, CouponForm, Totals } from './Cart.tsx';

const route = getRouteApi('/checkout');

/** The test processor's tokens (docs/payments.md): how the "card" will answer. */
const TEST_CARDS = [
  { token: 'tok_visa', label: 'Visa •••• 4242 — approved' },
  { token: 'tok_threeDSecureRequired', label: 'Visa •••• 3155 — asks for 3-D Secure' },
  { token: 'tok_chargeDeclinedInsufficientFunds', label: 'Visa •••• 9995 — declined, insufficient funds' },
  { token: 'tok_chargeDeclined', label: 'Visa •••• 0002 — declined' },
  { token: 'tok_chargeDeclinedExpiredCard', label: 'Visa •••• 0069 — expired card' },
];

/** Methods paid outside the shop; the order is placed unpaid. */
const MANUAL = ['cash_on_delivery', 'bank_transfer'];

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

export function CheckoutPage() {
  const hydrated = useHydrated();
  const { t } = useI18n();
  if (!hydrated) return <p>{t('loading')}</p>;
  return <CheckoutFlow />;
}

function CheckoutFlow() {
  const { api } = useShop();
  const { t, locale } = useI18n();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const search = route.useSearch();
  const { cartId: storedCartId, session } = useShopperState();
  const cartId = search.cart ?? storedCartId;
  const cart = useQuery({ ...cartQuery(api, cartId), enabled: !!cartId });
  const { remember } = useCartActions();

  const [email, setEmail] = useState(session?.customer.email ?? '');
  const [note, setNote] = useState('');
  const [address, setAddress] = useState<AddressFields>(EMPTY_ADDRESS);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [stage, setStage] = useState<Stage>('details');
  const [method, setMethod] = useState<string | null>(null);
  // A test card's token, or a manual method the store offers (cash_on_delivery, bank_transfer).
  const [card, setCard] = useState(TEST_CARDS[0]!.token);
  const methods = useQuery({
    queryKey: ['payment-methods'],
    queryFn: () => unwrap(api.GET('/store/v1/payment-methods')),
    staleTime: 60_000,
  });
  // A store that takes no cards (only cash on delivery, bank transfer) starts on its first method.
  const firstManual = methods.data?.card === null ? methods.data.manual[0]?.method : undefined;
  useEffect(() => {
    if (firstManual && !MANUAL.includes(card)) setCard(firstManual);
  }, [firstManual]);
  const manual = MANUAL.includes(card);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ kind: 'error' | 'info'; text: string } | null>(null);
  const [challenge, setChallenge] = useState<string | null>(null);
  const [returning, setReturning] = useState(!!search.cart);
  // A signed-in shopper's address book: pick an address instead of typing it.
  const saved = useQuery({
    queryKey: ['me', 'addresses'],
    queryFn: async () => (await freshSession(api), unwrap(api.GET('/store/v1/customers/me/addresses'))),
    enabled: !!session,
  });
  const [savedId, setSavedId] = useState('');
  const messageRef = useRef<HTMLDivElement>(null);
  // A message appears above the form the shopper just used: bring it into view.
  useEffect(() => {
    if (message) messageRef.current?.scrollIntoView({ block: 'center', behavior: 'smooth' });
  }, [message]);

  // Start from what the cart already knows (a shopper coming back, or back from the bank's page).
  useEffect(() => {
    if (!cart.data) return;
    if (cart.data.email && !email) setEmail(cart.data.email);
    if (cart.data.shipping_address && address === EMPTY_ADDRESS) setAddress(addressOf(cart.data));
    if (cart.data.note && !note) setNote(cart.data.note);
    if (cart.data.shipping_method) setMethod(cart.data.shipping_method.id);
  }, [cart.data?.id]);
  // A cart without an address yet starts from the shopper's default shipping address (once: a
  // shopper who then chose "a new address" keeps the empty form).
  const prefilled = useRef(false);
  useEffect(() => {
    const preferred = saved.data?.data.find((a) => a.is_default_shipping);
    if (prefilled.current || !preferred || !cart.data || cart.data.shipping_address) return;
    prefilled.current = true;
    if (address !== EMPTY_ADDRESS) return;
    setSavedId(preferred.id);
    setAddress(fieldsOf(preferred.address));
  }, [saved.data, cart.data?.id]);

  const finished = (checkout: Checkout) => {
    const order = checkout.order!;
    void queryClient.invalidateQueries({ queryKey: ['cart'] });
    void navigate({
      to: '/orders/$orderId',
      params: { orderId: order.id },
      search: { token: order.access_token ?? undefined },
    });
  };

  /**
   * What an attempt came to: an order, a bank challenge, still working, or a readable failure.
   * Back from the bank's page the attempt may still say `requires_action` for a moment (each
   * look wakes the checkout), so then it is asked again rather than sending the shopper back.
   */
  const settle = async (checkout: Checkout, backFromBank = false, asked = 0): Promise<void> => {
    if (checkout.status === 'completed' && checkout.order) return finished(checkout);
    const waitingForBank = checkout.status === 'requires_action' && checkout.payment.next_action;
    if (waitingForBank && (!backFromBank || asked >= 40)) {
      setReturning(false);
      setChallenge(checkout.payment.next_action!.url);
      setMessage({ kind: 'info', text: t('checkout.challenge') });
      return;
    }
    if (checkout.status === 'failed') {
      setReturning(false);
      setMessage({
        kind: 'error',
        text: t('checkout.declined', { message: checkout.failure?.message ?? t('checkout.failed') }),
      });
      await cart.refetch();
      return;
    }
    // Still running (or the bank's answer not seen yet): ask again shortly.
    await new Promise((r) => setTimeout(r, 750));
    const next = await unwrap(
      api.GET('/store/v1/carts/{cartId}/checkout', { params: { path: { cartId: checkout.cart_id } } }),
    );
    return settle(next, backFromBank, asked + 1);
  };

  // Back from the 3-D Secure page (return_url): follow the attempt to its end.
  useEffect(() => {
    if (!search.cart) return;
    setMessage({ kind: 'info', text: t('checkout.waiting') });
    unwrap(api.GET('/store/v1/carts/{cartId}/checkout', { params: { path: { cartId: search.cart } } }))
      .then((checkout) => settle(checkout, true))
      .catch(() => {
        setReturning(false);
        setMessage({ kind: 'error', text: t('error.generic') });
      });
  }, [search.cart]);

  const options = useQuery({
    queryKey: ['shipping-options', cartId, cart.data?.version],
    queryFn: () =>
      unwrap(api.GET('/store/v1/carts/{cartId}/shipping-options', { params: { path: { cartId: cartId! } } })),
    enabled: !!cartId && stage !== 'details',
    retry: false,
  });

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
            shipping_address: addressBody(address),
            locale,
            note: note.trim() || null,
          },
        }),
      );
      remember(updated);
      setStage('shipping');
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

  const pay = async () => {
    setBusy(true);
    setMessage(null);
    setChallenge(null);
    try {
      const result = await unwrap(
        api.POST('/store/v1/carts/{cartId}/complete', {
          params: { path: { cartId: data.id } },
          body: {
            // An order that costs nothing needs no card.
            ...(data.totals.total > 0 ? { payment_method: card } : {}),
            return_url: `${location.origin}/checkout?cart=${encodeURIComponent(data.id)}`,
            expected_total: data.totals.total,
          },
        }),
      );
      await settle(result as Checkout);
    } catch (err) {
      const problem = err instanceof ApiError ? err.problem : null;
      if (problem?.code === 'PAYMENT_DECLINED') {
        setMessage({ kind: 'error', text: t('checkout.declined', { message: problem.detail ?? '' }) });
      } else if (problem?.code === 'CART_CHANGED' || problem?.code === 'CHECKOUT_TOTAL_CHANGED') {
        setMessage({ kind: 'error', text: t('checkout.changed') });
      } else if (problem?.code === 'NO_SHIPPING_TO_ADDRESS') {
        setMessage({ kind: 'error', text: t('checkout.no_shipping') });
      } else {
        setMessage({ kind: 'error', text: problem?.detail ?? t('error.generic') });
      }
      await cart.refetch();
    } finally {
      setBusy(false);
    }
  };

  const section = 'rounded-xl border border-stone-200 bg-white p-4';
  return (
    <div className="grid gap-6 md:grid-cols-[1fr_20rem]">
      <div className="flex flex-col gap-4">
        <h1 className="text-2xl font-bold">{t('checkout.title')}</h1>
        {message ? (
          <div
            ref={messageRef}
            role={message.kind === 'error' ? 'alert' : 'status'}
            data-testid="checkout-message"
            className={`rounded-lg p-3 ${message.kind === 'error' ? 'bg-red-50 text-red-900' : 'bg-amber-50 text-amber-950'}`}
          >
            {message.text}
            {challenge ? (
              <a href={challenge} className="ml-2 font-semibold underline">
                {t('checkout.challenge_go')}
              </a>
            ) : null}
          </div>
        ) : null}

        <section className={section} aria-labelledby="co-details">
          <div className="flex items-center justify-between">
            <h2 id="co-details" className="text-lg font-semibold">
              {t('checkout.contact')} · {t('checkout.address')}
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
              {saved.data?.data.length ? (
                <div className="flex flex-col gap-1">
                  <label htmlFor="co-saved" className="text-sm font-medium">
                    {t('checkout.saved_address')}
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
              <AddressForm
                value={address}
                onChange={(next) => {
                  setSavedId('');
                  setAddress(next);
                }}
                errors={errors}
                idPrefix="ship"
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
                {t('checkout.continue')}
              </button>
            </form>
          ) : (
            <p className="mt-2 text-sm text-stone-700">
              {data.email} —{' '}
              {[address.line1, address.city, address.postal_code, address.country].filter(Boolean).join(', ')}
            </p>
          )}
        </section>

        <section className={section} aria-labelledby="co-shipping">
          <h2 id="co-shipping" className="text-lg font-semibold">
            {t('checkout.shipping')}
          </h2>
          {stage !== 'details' ? (
            options.isPending ? (
              <p className="mt-2">{t('loading')}</p>
            ) : options.error ? (
              <p role="alert" className="mt-2 text-red-700">
                {options.error instanceof ApiError && options.error.problem.code === 'NO_SHIPPING_TO_ADDRESS'
                  ? t('checkout.no_shipping')
                  : options.error.message}
              </p>
            ) : options.data?.data.length === 0 ? (
              <p role="alert" className="mt-2 text-red-700">
                {t('checkout.no_shipping')}
              </p>
            ) : (
              <fieldset className="mt-3 flex flex-col gap-2">
                <legend className="sr-only">{t('checkout.shipping')}</legend>
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
                    <span className="flex-1">
                      {o.name}
                      {o.estimate ? (
                        <span className="block text-sm text-stone-600">
                          {t('checkout.days', { min: o.estimate.min_days, max: o.estimate.max_days })}
                        </span>
                      ) : null}
                    </span>
                    <span className="font-medium">
                      {o.amount === 0 ? t('checkout.free') : formatMoney(o.amount, o.currency, locale)}
                    </span>
                  </label>
                ))}
              </fieldset>
            )
          ) : null}
        </section>

        <section className={section} aria-labelledby="co-payment">
          <h2 id="co-payment" className="text-lg font-semibold">
            {t('checkout.payment')}
          </h2>
          {stage !== 'details' && data.shipping_method ? (
            <form
              className="mt-3 flex flex-col gap-3"
              onSubmit={(e) => {
                e.preventDefault();
                void pay();
              }}
            >
              {data.totals.total === 0 ? (
                <p className="text-sm text-stone-700">{t('checkout.nothing_to_pay')}</p>
              ) : (
                <fieldset className="flex flex-col gap-2">
                  <legend className="mb-1 text-sm text-stone-700">
                    {methods.data?.card === null ? t('checkout.pay_with') : t('checkout.test_cards')}
                  </legend>
                  {methods.data?.card !== null &&
                    TEST_CARDS.map((c) => (
                      <label key={c.token} className="flex items-center gap-2 text-sm">
                        <input
                          type="radio"
                          name="card"
                          value={c.token}
                          checked={card === c.token}
                          onChange={() => setCard(c.token)}
                        />
                        {c.label}
                      </label>
                    ))}
                  {methods.data?.manual.map((o) => (
                    <label key={o.method} className="flex items-start gap-2 text-sm">
                      <input
                        type="radio"
                        name="card"
                        value={o.method}
                        checked={card === o.method}
                        onChange={() => setCard(o.method)}
                        className="mt-1"
                      />
                      <span>
                        <span className="font-medium">{t(`payment.${o.method}`)}</span>
                        <br />
                        <span className="text-stone-600">{t(`checkout.${o.method}_hint`)}</span>
                      </span>
                    </label>
                  ))}
                </fieldset>
              )}
              <button
                type="submit"
                disabled={busy}
                className="rounded-lg bg-amber-600 px-4 py-3 text-lg font-semibold text-stone-950 hover:bg-amber-500 disabled:bg-stone-300"
              >
                {busy
                  ? t('checkout.paying')
                  : data.totals.total === 0 || manual
                    ? t('checkout.place_order')
                    : t('checkout.pay', { amount: formatMoney(data.totals.total, data.currency, locale) })}
              </button>
            </form>
          ) : null}
        </section>
      </div>
      <aside className="flex flex-col gap-4 self-start">
        <CartLines cart={data} editable={false} />
        <div className="flex flex-col gap-4 rounded-xl border border-stone-200 bg-white p-4">
          <Totals cart={data} />
          <CouponForm />
        </div>
      </aside>
    </div>
  );
}
