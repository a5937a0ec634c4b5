import { useQuery, useQueryClient } from '@tanstack/react-query';
import { getRouteApi, Link, useNavigate } from '@tanstack/react-router';
import { useEffect, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { freshSession, signedIn, signOut } from '../account.ts';
import { addressBody, EMAIL, EMPTY_ADDRESS, validateAddress, type AddressFields } from '../address.ts';
import { AddressForm } from '../components/AddressForm.tsx';
import type { OwnGiftCard } from '../api.ts';
import { GiftCardBalanceCheck, useOwnGiftCards } from '../components/GiftCards.tsx';
import {
  brandName,
  cardRefusal,
  expiryOf,
  savedCardLabel,
  TEST_CARDS,
  TestCardChoice,
  usePaymentMethods,
  useSavedCards,
} from '../components/Payment.tsx';
import { Outcome } from '../components/Outcome.tsx';
import { StripeCardField, stripeConfigOf, type StripeCard } from '../components/StripeCard.tsx';
import { formatDate, formatMoney, orderStatusLabel, useI18n, type MessageKey } from '../i18n.ts';
import { useHydrated, useShopperState } from '../session.ts';
import { ApiError, unwrap, useShop } from '../shop.ts';

const resetRoute = getRouteApi('/account/reset-password');
const activateRoute = getRouteApi('/account/activate');
const verifyRoute = getRouteApi('/account/verify-email');

function problemText(err: unknown, fallback: string): string {
  if (err instanceof ApiError) {
    const fields = err.problem.errors?.map((e) => e.message).join(' ');
    return fields ? `${err.message} ${fields}` : err.message;
  }
  return fallback;
}

function Field(props: {
  id: string;
  label: string;
  type?: string;
  autoComplete: string;
  value: string;
  onChange: (v: string) => void;
  hint?: string;
}) {
  return (
    <div className="flex flex-col gap-1">
      <label htmlFor={props.id} className="text-sm font-medium">
        {props.label}
      </label>
      <input
        id={props.id}
        type={props.type ?? 'text'}
        autoComplete={props.autoComplete}
        required
        value={props.value}
        aria-describedby={props.hint ? `${props.id}-hint` : undefined}
        onChange={(e) => props.onChange(e.target.value)}
        className="rounded-lg border border-stone-300 bg-white px-3 py-2"
      />
      {props.hint ? (
        <p id={`${props.id}-hint`} className="text-xs text-stone-600">
          {props.hint}
        </p>
      ) : null}
    </div>
  );
}

function Card({ title, children }: { title: string; children: ReactNode }) {
  const id = `card-${title.replace(/\W+/g, '-')}`;
  return (
    <section
      aria-labelledby={id}
      className="flex flex-col gap-3 rounded-xl border border-stone-200 bg-white p-4"
    >
      <h2 id={id} className="text-lg font-semibold">
        {title}
      </h2>
      {children}
    </section>
  );
}

/** A form's refusal, read out when it appears. */
function FormError({ error }: { error: string | null }) {
  return error ? (
    <p role="alert" className="text-sm text-red-700">
      {error}
    </p>
  ) : null;
}

/** A new password with its hint, the form's error and its button: how register, reset and activate end. */
function NewPasswordEnd(props: {
  id: string;
  label: string;
  value: string;
  onChange: (v: string) => void;
  error: string | null;
  busy: boolean;
  submit: string;
}) {
  const { t } = useI18n();
  return (
    <>
      <Field
        id={props.id}
        label={props.label}
        type="password"
        autoComplete="new-password"
        value={props.value}
        onChange={props.onChange}
        hint={t('account.password_hint')}
      />
      <FormError error={props.error} />
      <button
        disabled={props.busy}
        className="rounded-lg bg-stone-900 px-4 py-2 font-semibold text-white disabled:bg-stone-400"
      >
        {props.submit}
      </button>
    </>
  );
}

function useSubmit() {
  const { t } = useI18n();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const run = (work: () => Promise<void>) => async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await work();
    } catch (err) {
      setError(problemText(err, t('error.generic')));
    } finally {
      setBusy(false);
    }
  };
  return { busy, error, run };
}

function SignIn() {
  const { api } = useShop();
  const { t } = useI18n();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const { busy, error, run } = useSubmit();
  return (
    <Card title={t('account.sign_in')}>
      <form
        className="flex flex-col gap-3"
        onSubmit={run(async () => {
          await signedIn(
            api,
            await unwrap(api.POST('/store/v1/customers/login', { body: { email, password } })),
          );
        })}
      >
        <Field
          id="login-email"
          label={t('checkout.email')}
          type="email"
          autoComplete="email"
          value={email}
          onChange={setEmail}
        />
        <Field
          id="login-password"
          label={t('account.password')}
          type="password"
          autoComplete="current-password"
          value={password}
          onChange={setPassword}
        />
        <FormError error={error} />
        <button
          disabled={busy}
          className="rounded-lg bg-stone-900 px-4 py-2 font-semibold text-white disabled:bg-stone-400"
        >
          {t('account.sign_in')}
        </button>
      </form>
    </Card>
  );
}

function Register() {
  const { api } = useShop();
  const { t } = useI18n();
  const [form, setForm] = useState({ first_name: '', last_name: '', email: '', password: '' });
  const { busy, error, run } = useSubmit();
  const set = (k: keyof typeof form) => (v: string) => setForm({ ...form, [k]: v });
  return (
    <Card title={t('account.register')}>
      <form
        className="flex flex-col gap-3"
        onSubmit={run(async () => {
          if (!EMAIL.test(form.email))
            throw new ApiError({ status: 400, detail: t('checkout.invalid_email') });
          await signedIn(api, await unwrap(api.POST('/store/v1/customers/register', { body: form })));
        })}
      >
        <div className="grid gap-3 sm:grid-cols-2">
          <Field
            id="reg-first"
            label={t('checkout.first_name')}
            autoComplete="given-name"
            value={form.first_name}
            onChange={set('first_name')}
          />
          <Field
            id="reg-last"
            label={t('checkout.last_name')}
            autoComplete="family-name"
            value={form.last_name}
            onChange={set('last_name')}
          />
        </div>
        <Field
          id="reg-email"
          label={t('checkout.email')}
          type="email"
          autoComplete="email"
          value={form.email}
          onChange={set('email')}
        />
        <NewPasswordEnd
          id="reg-password"
          label={t('account.password')}
          value={form.password}
          onChange={set('password')}
          error={error}
          busy={busy}
          submit={t('account.register')}
        />
      </form>
    </Card>
  );
}

function Forgot() {
  const { api } = useShop();
  const { t } = useI18n();
  const [email, setEmail] = useState('');
  const [sent, setSent] = useState(false);
  const { busy, error, run } = useSubmit();
  return (
    <Card title={t('account.forgot')}>
      <form
        className="flex flex-col gap-3"
        onSubmit={run(async () => {
          await unwrap(api.POST('/store/v1/customers/password/forgot', { body: { email } }));
          setSent(true);
        })}
      >
        <Field
          id="forgot-email"
          label={t('checkout.email')}
          type="email"
          autoComplete="email"
          value={email}
          onChange={setEmail}
        />
        {sent ? (
          <p role="status" className="text-sm text-green-800">
            {t('account.forgot_sent', { email })}
          </p>
        ) : null}
        <FormError error={error} />
        <button disabled={busy} className="rounded-lg border border-stone-400 px-4 py-2 font-semibold">
          {t('account.send_link')}
        </button>
      </form>
    </Card>
  );
}

/** A tax-exempt buyer's account says so (staff set it; their carts are charged no tax). */
function TaxExemption() {
  const { api } = useShop();
  const { t, locale } = useI18n();
  const profile = useQuery({
    queryKey: ['me', 'profile'],
    queryFn: async () => (await freshSession(api), unwrap(api.GET('/store/v1/customers/me/profile'))),
  });
  const exemption = profile.data?.tax_exemption;
  if (!exemption?.active) return null;
  return (
    <p role="note" className="rounded-lg border border-emerald-300 bg-emerald-50 p-3 text-sm">
      <strong>{t('account.tax_exempt')}</strong>
      {exemption.reference ? ` ${t('account.tax_exempt_reference', { reference: exemption.reference })}` : ''}
      {exemption.expires_on
        ? ` · ${t('account.tax_exempt_until', { date: formatDate(`${exemption.expires_on}T12:00:00Z`, locale) })}`
        : ''}
    </p>
  );
}

function Orders() {
  const { api } = useShop();
  const { t, locale } = useI18n();
  const orders = useQuery({
    queryKey: ['me', 'orders'],
    queryFn: async () => (
      await freshSession(api),
      unwrap(api.GET('/store/v1/customers/me/orders', { params: { query: { limit: 20 } } }))
    ),
  });
  return (
    <Card title={t('account.orders')}>
      {orders.isPending ? <p>{t('loading')}</p> : null}
      {orders.data?.data.length === 0 ? <p>{t('account.no_orders')}</p> : null}
      <ul className="divide-y divide-stone-200">
        {orders.data?.data.map((o) => (
          <li key={o.id} className="flex flex-wrap items-center justify-between gap-2 py-2 text-sm">
            <Link
              to="/orders/$orderId"
              params={{ orderId: o.id }}
              search={{ token: undefined }}
              className="font-medium underline"
            >
              {o.display_number}
            </Link>
            <span>{t('account.placed', { date: formatDate(o.created_at, locale) })}</span>
            <span className="rounded bg-stone-100 px-2 py-0.5">
              {orderStatusLabel(t, o.status, !!o.shipping?.pickup, !o.shipping_address)}
            </span>
            <span>{formatMoney(o.totals.total, o.currency, locale)}</span>
          </li>
        ))}
      </ul>
    </Card>
  );
}

function Addresses() {
  const { api } = useShop();
  const { t } = useI18n();
  const queryClient = useQueryClient();
  const [draft, setDraft] = useState<AddressFields>(EMPTY_ADDRESS);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [adding, setAdding] = useState(false);
  const { busy, error, run } = useSubmit();
  const addresses = useQuery({
    queryKey: ['me', 'addresses'],
    queryFn: async () => (await freshSession(api), unwrap(api.GET('/store/v1/customers/me/addresses'))),
  });
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['me', 'addresses'] });
  return (
    <Card title={t('account.addresses')}>
      {addresses.data?.data.length === 0 ? <p>{t('account.no_addresses')}</p> : null}
      <ul className="flex flex-col gap-2">
        {addresses.data?.data.map((a) => (
          <li
            key={a.id}
            className="flex items-start justify-between gap-2 rounded-lg border border-stone-200 p-3 text-sm"
          >
            <span>
              {[a.address.first_name, a.address.last_name].filter(Boolean).join(' ')}
              <br />
              {a.address.line1}, {a.address.city} {a.address.postal_code} {a.address.country}
              {a.is_default_shipping ? (
                <span className="ml-2 rounded bg-stone-100 px-1">{t('account.default')}</span>
              ) : null}
            </span>
            <button
              type="button"
              className="text-red-800 underline"
              onClick={async () => {
                await api.DELETE('/store/v1/customers/me/addresses/{addressId}', {
                  params: { path: { addressId: a.id } },
                });
                await refresh();
              }}
            >
              {t('account.delete')}
            </button>
          </li>
        ))}
      </ul>
      {adding ? (
        <form
          noValidate
          className="flex flex-col gap-3"
          onSubmit={run(async () => {
            const local = validateAddress(draft, t);
            setErrors(local);
            if (Object.keys(local).length) return;
            await unwrap(
              api.POST('/store/v1/customers/me/addresses', {
                body: { address: addressBody(draft), default_shipping: true },
              }),
            );
            setDraft(EMPTY_ADDRESS);
            setAdding(false);
            await refresh();
          })}
        >
          <AddressForm value={draft} onChange={setDraft} errors={errors} idPrefix="book" />
          <FormError error={error} />
          <button
            disabled={busy}
            className="self-start rounded-lg bg-stone-900 px-4 py-2 font-semibold text-white"
          >
            {t('account.save')}
          </button>
        </form>
      ) : (
        <button
          type="button"
          onClick={() => setAdding(true)}
          className="self-start rounded-lg border border-stone-400 px-3 py-2"
        >
          {t('account.add_address')}
        </button>
      )}
    </Card>
  );
}

function Wishlist() {
  const { api } = useShop();
  const { t } = useI18n();
  const queryClient = useQueryClient();
  const items = useQuery({
    queryKey: ['me', 'wishlist'],
    queryFn: async () => (await freshSession(api), unwrap(api.GET('/store/v1/customers/me/wishlist'))),
  });
  return (
    <Card title={t('account.wishlist')}>
      {items.data?.data.length === 0 ? <p>{t('account.no_wishlist')}</p> : null}
      <ul className="divide-y divide-stone-200">
        {items.data?.data.map((i) => (
          <li key={i.id} className="flex items-center justify-between gap-2 py-2 text-sm">
            {i.product ? (
              <Link to="/products/$handle" params={{ handle: i.product.handle }} className="underline">
                {i.product.title}
                {i.variant ? ` — ${i.variant.title}` : ''}
              </Link>
            ) : (
              <span>{i.product_id}</span>
            )}
            {!i.available ? <span className="text-red-700">{t('product.out_of_stock')}</span> : null}
            <button
              type="button"
              className="text-red-800 underline"
              onClick={async () => {
                await api.DELETE('/store/v1/customers/me/wishlist/{itemId}', {
                  params: { path: { itemId: i.id } },
                });
                await queryClient.invalidateQueries({ queryKey: ['me', 'wishlist'] });
              }}
            >
              {t('cart.remove')}
            </button>
          </li>
        ))}
      </ul>
    </Card>
  );
}

/** A guest who lost the confirmation e-mail asks for the link to their order again. */
function FindOrder() {
  const { api } = useShop();
  const { t } = useI18n();
  const [form, setForm] = useState({ email: '', number: '' });
  const [sent, setSent] = useState(false);
  const { busy, error, run } = useSubmit();
  return (
    <Card title={t('account.find_order')}>
      <form
        className="flex flex-col gap-3"
        onSubmit={run(async () => {
          if (!EMAIL.test(form.email))
            throw new ApiError({ status: 400, detail: t('checkout.invalid_email') });
          await unwrap(api.POST('/store/v1/orders/lookup', { body: form }));
          setSent(true);
        })}
      >
        <p className="text-sm text-stone-700">{t('account.find_order_hint')}</p>
        <Field
          id="find-email"
          label={t('checkout.email')}
          type="email"
          autoComplete="email"
          value={form.email}
          onChange={(email) => setForm({ ...form, email })}
        />
        <Field
          id="find-number"
          label={t('account.order_number')}
          autoComplete="off"
          value={form.number}
          onChange={(number) => setForm({ ...form, number })}
        />
        {sent ? (
          <p role="status" className="text-sm text-green-800">
            {t('account.find_order_sent', { email: form.email })}
          </p>
        ) : null}
        <FormError error={error} />
        <button disabled={busy} className="rounded-lg border border-stone-400 px-4 py-2 font-semibold">
          {t('account.send_order_link')}
        </button>
      </form>
    </Card>
  );
}

/** What is left on a gift card: for whoever holds its code, signed in or not. */
function GiftCardBalance() {
  const { t } = useI18n();
  return (
    <Card title={t('gift_card.check_title')}>
      <GiftCardBalanceCheck />
    </Card>
  );
}

const GIFT_CARD_STATUS: Record<OwnGiftCard['status'], MessageKey> = {
  active: 'gift_card.status_active',
  used_up: 'gift_card.status_used_up',
  expired: 'gift_card.status_expired',
  disabled: 'gift_card.status_disabled',
};

/**
 * The signed-in shopper's saved cards (kept by the payment provider; the last used first): each
 * with its expiry, removed with one tap; a card added with the same choice the checkout offers.
 * The bank's refusal (a declined card) or the server's (too many cards) is said beside the form.
 */
function SavedCards() {
  const { api } = useShop();
  const { t } = useI18n();
  const queryClient = useQueryClient();
  const cards = useSavedCards(true);
  const methods = usePaymentMethods();
  const [adding, setAdding] = useState(false);
  const [token, setToken] = useState(TEST_CARDS[0]!.token);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [added, setAdded] = useState<string | null>(null);
  // The card whose removal failed, and why.
  const [removeError, setRemoveError] = useState<string | null>(null);
  const [removing, setRemoving] = useState<string | null>(null);
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['me', 'payment-methods'] });
  // Cards through Stripe: typed into Stripe's element and set up with Stripe (the number never comes here).
  const stripe = stripeConfigOf(methods.data?.card);
  const stripeCard = useRef<StripeCard | null>(null);
  const list = cards.data?.data ?? [];
  // A store that takes no cards: nothing to add (cards saved before are still listed, to remove).
  const takesCards = !!methods.data?.card;
  if (!takesCards && !list.length) return null;

  /**
   * What to save: the test processor's token as chosen; with Stripe, the PaymentMethod Stripe.js
   * sets up through a SetupIntent (the bank may ask the shopper to verify now). Null when Stripe
   * refused the card (said beside the form).
   */
  const cardToSave = async (): Promise<string | null> => {
    if (!stripe) return token;
    const typed = stripeCard.current;
    if (!typed) {
      setError(t('card.not_ready'));
      return null;
    }
    const setup = await unwrap(api.POST('/store/v1/customers/me/payment-methods/setup'));
    const confirmed = setup.client_secret
      ? await typed.stripe.confirmCardSetup(setup.client_secret, { payment_method: { card: typed.element } })
      : await typed.stripe.createPaymentMethod({ type: 'card', card: typed.element }).then((r) => ({
          error: r.error,
          setupIntent: r.paymentMethod && { payment_method: r.paymentMethod.id },
        }));
    const method = confirmed.setupIntent?.payment_method;
    if (!method) {
      setError(confirmed.error?.message ?? t('error.generic'));
      return null;
    }
    return method;
  };

  const add = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    setAdded(null);
    try {
      await freshSession(api);
      const method = await cardToSave();
      if (!method) return;
      const card = await unwrap(
        api.POST('/store/v1/customers/me/payment-methods', { body: { payment_method: method } }),
      );
      setAdded(t('saved_card.added', { card: savedCardLabel(t, card) }));
      setAdding(false);
      await refresh();
    } catch (err) {
      setError(cardRefusal(err instanceof ApiError ? err.problem : null, t('error.generic')));
    } finally {
      setBusy(false);
    }
  };

  const remove = async (id: string, label: string) => {
    setRemoving(id);
    setRemoveError(null);
    setAdded(null);
    try {
      await freshSession(api);
      await unwrap(
        api.DELETE('/store/v1/customers/me/payment-methods/{cardId}', { params: { path: { cardId: id } } }),
      );
      await refresh();
    } catch (err) {
      setRemoveError(
        t('saved_card.remove_failed', { card: label, message: problemText(err, t('error.generic')) }),
      );
    } finally {
      setRemoving(null);
    }
  };

  return (
    <Card title={t('saved_card.title')}>
      {cards.isSuccess && !list.length ? <p className="text-sm">{t('saved_card.none')}</p> : null}
      {list.length ? (
        <ul className="divide-y divide-stone-200" data-testid="saved-card-list">
          {list.map((c) => {
            const label = savedCardLabel(t, c);
            return (
              <li key={c.id} className="flex flex-wrap items-center gap-x-3 gap-y-1 py-2 text-sm">
                <span className="font-medium">
                  {brandName(c.brand)} •••• {c.last4}
                </span>
                <span className="text-stone-600">{t('saved_card.expires', { expiry: expiryOf(c) })}</span>
                {c.expired ? (
                  <span className="rounded bg-red-50 px-2 py-0.5 text-red-900">
                    {t('saved_card.expired')}
                  </span>
                ) : null}
                <button
                  type="button"
                  disabled={removing === c.id}
                  aria-label={t('saved_card.remove_label', { card: label })}
                  className="ml-auto py-1 text-red-800 underline disabled:text-stone-400"
                  onClick={() => void remove(c.id, label)}
                >
                  {t('saved_card.remove')}
                </button>
              </li>
            );
          })}
        </ul>
      ) : null}
      <FormError error={removeError} />
      {added ? (
        <p role="status" className="text-sm text-emerald-900">
          {added}
        </p>
      ) : null}
      {!takesCards ? null : stripe && !stripe.publishableKey ? (
        // The shop has not finished setting up Stripe: no card can be added yet.
        <p role="status" data-testid="cards-unavailable" className="text-sm text-stone-700">
          {t('card.not_set_up')}
        </p>
      ) : adding ? (
        <form className="flex flex-col gap-3" onSubmit={add} aria-label={t('saved_card.add')}>
          {stripe?.publishableKey ? (
            <StripeCardField
              config={{ ...stripe, publishableKey: stripe.publishableKey }}
              holder={stripeCard}
              error={error}
              onChange={() => setError(null)}
            />
          ) : (
            <fieldset className="flex flex-col gap-2">
              <legend className="mb-1 text-sm text-stone-700">{t('checkout.test_cards')}</legend>
              <TestCardChoice name="new-card" value={token} onChange={setToken} disabled={busy} />
            </fieldset>
          )}
          <p className="text-xs text-stone-600">{t('saved_card.add_hint')}</p>
          {stripe ? null : <FormError error={error} />}
          <div className="flex flex-wrap gap-2">
            <button
              disabled={busy}
              className="rounded-lg bg-stone-900 px-4 py-2 font-semibold text-white disabled:bg-stone-400"
            >
              {t('saved_card.add_submit')}
            </button>
            <button
              type="button"
              className="rounded-lg border border-stone-400 px-3 py-2"
              onClick={() => {
                setAdding(false);
                setError(null);
              }}
            >
              {t('saved_card.add_cancel')}
            </button>
          </div>
        </form>
      ) : (
        <button
          type="button"
          onClick={() => {
            setAdding(true);
            setAdded(null);
          }}
          className="self-start rounded-lg border border-stone-400 px-3 py-2"
        >
          {t('saved_card.add')}
        </button>
      )}
    </Card>
  );
}

/**
 * The signed-in shopper's own gift cards (store credit for a return, or issued to them by the shop):
 * what each holds of its value, whether it can be spent and until when. Spent at checkout without
 * the code (they are offered there). Nothing shown for a shopper who has none.
 */
function OwnGiftCards() {
  const { t, locale } = useI18n();
  const own = useOwnGiftCards(true);
  const cards = own.data?.data ?? [];
  if (!cards.length) return null;
  return (
    <Card title={t('gift_card.account_title')}>
      <p className="text-sm text-stone-700">{t('gift_card.account_hint')}</p>
      <ul className="divide-y divide-stone-200" data-testid="own-gift-card-list">
        {cards.map((c) => {
          const m = (n: number) => formatMoney(n, c.currency, locale);
          const active = c.status === 'active';
          return (
            <li
              key={c.id}
              className="flex flex-wrap items-center justify-between gap-x-3 gap-y-1 py-2 text-sm"
            >
              <span className="font-medium">••••{c.last_characters}</span>
              <span className={active ? 'font-medium' : 'text-stone-600'}>
                {t('gift_card.of_value', { balance: m(c.balance), value: m(c.initial_value) })}
              </span>
              <span
                className={`rounded px-2 py-0.5 ${active ? 'bg-emerald-50 text-emerald-900' : 'bg-stone-100 text-stone-700'}`}
              >
                {t(GIFT_CARD_STATUS[c.status])}
              </span>
              {c.expires_at ? (
                <span className="basis-full text-xs text-stone-600">
                  {t(c.status === 'expired' ? 'gift_card.expired_on' : 'gift_card.expires', {
                    date: formatDate(c.expires_at, locale),
                  })}
                </span>
              ) : null}
            </li>
          );
        })}
      </ul>
    </Card>
  );
}

/**
 * Registered but not yet proved the address: orders placed with it as a guest join the account only
 * once the e-mailed link is opened. Read fresh from the server (the stored session may predate it).
 */
function EmailVerification() {
  const { api } = useShop();
  const { t } = useI18n();
  const me = useQuery({
    queryKey: ['me', 'customer'],
    queryFn: async () => (await freshSession(api), unwrap(api.GET('/store/v1/customers/me'))),
  });
  const [sent, setSent] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  if (!me.data || me.data.email_verified) return null;
  return (
    <div
      role="note"
      aria-label={t('verify.title')}
      className="flex flex-col gap-2 rounded-lg border border-amber-300 bg-amber-50 p-3 text-sm sm:flex-row sm:items-center sm:justify-between"
    >
      <p className="break-words">{t('verify.notice', { email: me.data.email })}</p>
      {sent ? (
        <p role="status" className="font-medium">
          {t('verify.resent')}
        </p>
      ) : (
        <button
          type="button"
          disabled={busy}
          className="shrink-0 rounded-lg border border-stone-400 bg-white px-3 py-2 font-semibold"
          onClick={async () => {
            setBusy(true);
            setError(null);
            try {
              await freshSession(api);
              await unwrap(api.POST('/store/v1/customers/me/verify-email'));
              setSent(true);
            } catch (err) {
              setError(problemText(err, t('error.generic')));
            } finally {
              setBusy(false);
            }
          }}
        >
          {t('verify.resend')}
        </button>
      )}
      <FormError error={error} />
    </div>
  );
}

/**
 * E-mail news and offers: where the shopper's consent stands, and subscribing or unsubscribing
 * (`PUT …/consent/email`). Under the shop's double opt-in a subscription waits for the link
 * e-mailed to them: "check your inbox", with the day it was asked and the link sent again on request.
 */
function Newsletter({ email }: { email: string }) {
  const { api } = useShop();
  const { t, locale } = useI18n();
  const queryClient = useQueryClient();
  const key = ['me', 'consent'];
  const consent = useQuery({
    queryKey: key,
    queryFn: async () => (await freshSession(api), unwrap(api.GET('/store/v1/customers/me/consent'))),
  });
  const [busy, setBusy] = useState(false);
  const [resent, setResent] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const mail = consent.data?.data.find((c) => c.channel === 'email');
  const change =
    (status: 'granted' | 'withdrawn', again = false) =>
    async () => {
      setBusy(true);
      setError(null);
      setResent(false);
      try {
        await freshSession(api);
        const view = await unwrap(
          api.PUT('/store/v1/customers/me/consent/{channel}', {
            params: { path: { channel: 'email' } },
            body: { status },
          }),
        );
        queryClient.setQueryData(key, (old: typeof consent.data) =>
          old ? { ...old, data: old.data.map((c) => (c.channel === view.channel ? view : c)) } : old,
        );
        setResent(again);
      } catch (err) {
        setError(problemText(err, t('error.generic')));
      } finally {
        setBusy(false);
      }
    };
  const button = (label: string, onClick: () => Promise<void>, primary = false) => (
    <button
      key={label}
      type="button"
      disabled={busy}
      onClick={() => void onClick()}
      className={
        primary
          ? 'self-start rounded-lg bg-stone-900 px-4 py-2 font-semibold text-white disabled:bg-stone-400'
          : 'self-start rounded-lg border border-stone-400 px-4 py-2 font-semibold disabled:text-stone-400'
      }
    >
      {label}
    </button>
  );
  const subscribed = mail?.status === 'granted';
  const awaiting = !subscribed ? mail?.awaiting_confirmation_since : null;
  return (
    <Card title={t('newsletter.title')}>
      {consent.isPending ? <p>{t('loading')}</p> : null}
      {mail ? (
        <>
          <p role="status" className="text-sm break-words">
            {subscribed
              ? t('newsletter.subscribed', { email })
              : awaiting
                ? t('newsletter.awaiting', { email, date: formatDate(awaiting, locale) })
                : t('newsletter.not_subscribed')}
          </p>
          {resent ? <p className="text-sm font-medium">{t('verify.resent')}</p> : null}
          <div className="flex flex-wrap gap-2">
            {subscribed
              ? button(t('newsletter.unsubscribe'), change('withdrawn'))
              : awaiting
                ? // Waiting for the link: send it again, or take the request back.
                  [
                    button(t('newsletter.resend'), change('granted', true)),
                    button(t('newsletter.unsubscribe'), change('withdrawn')),
                  ]
                : button(t('newsletter.subscribe'), change('granted'), true)}
          </div>
        </>
      ) : null}
      <FormError error={error ?? (consent.error ? problemText(consent.error, t('error.generic')) : null)} />
    </Card>
  );
}

export function AccountPage() {
  const hydrated = useHydrated();
  const { api } = useShop();
  const { t } = useI18n();
  const { session } = useShopperState();
  const queryClient = useQueryClient();
  if (!hydrated) return <p>{t('loading')}</p>;
  if (!session) {
    return (
      <div className="flex flex-col gap-4">
        <h1 className="text-2xl font-bold">{t('account.title')}</h1>
        <div className="grid gap-4 md:grid-cols-2">
          <div className="flex flex-col gap-4">
            <SignIn />
            <Forgot />
          </div>
          <div className="flex flex-col gap-4">
            <Register />
            <FindOrder />
            <GiftCardBalance />
          </div>
        </div>
      </div>
    );
  }
  const name = [session.customer.first_name, session.customer.last_name].filter(Boolean).join(' ');
  return (
    <div className="flex flex-col gap-4">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h1 className="text-2xl font-bold">{t('account.title')}</h1>
        <button
          type="button"
          className="rounded-lg border border-stone-400 px-3 py-2"
          onClick={async () => {
            await signOut(api);
            queryClient.removeQueries({ queryKey: ['me'] });
          }}
        >
          {t('account.sign_out')}
        </button>
      </div>
      <p>
        {name ? `${name} · ` : ''}
        {session.customer.email}
      </p>
      <EmailVerification />
      <TaxExemption />
      <Orders />
      <div className="grid gap-4 md:grid-cols-2">
        <Addresses />
        <Wishlist />
      </div>
      <Newsletter email={session.customer.email} />
      <SavedCards />
      <OwnGiftCards />
      <GiftCardBalance />
    </div>
  );
}

export function ResetPasswordPage() {
  const { api } = useShop();
  const { t } = useI18n();
  const { token } = resetRoute.useSearch();
  const [password, setPassword] = useState('');
  const [done, setDone] = useState(false);
  const { busy, error, run } = useSubmit();
  const title: MessageKey = 'account.reset';
  return (
    <div className="mx-auto max-w-md">
      <Card title={t(title)}>
        {done ? (
          <p role="status">
            {t('account.reset_done')}{' '}
            <Link to="/account" className="underline">
              {t('account.sign_in')}
            </Link>
          </p>
        ) : (
          <form
            className="flex flex-col gap-3"
            onSubmit={run(async () => {
              await unwrap(
                api.POST('/store/v1/customers/password/reset', { body: { token: token ?? '', password } }),
              );
              setDone(true);
            })}
          >
            <NewPasswordEnd
              id="reset-password"
              label={t('account.new_password')}
              value={password}
              onChange={setPassword}
              error={error}
              busy={busy}
              submit={t('account.save')}
            />
          </form>
        )}
      </Card>
    </div>
  );
}

/** Why an invitation link opens no account: run out (ask the shop again), or spent, replaced or not the shop's. */
type DeadInvitation = 'expired' | 'invalid';

function DeadInvitationMessage({ why }: { why: DeadInvitation }) {
  const { t } = useI18n();
  return (
    <Outcome ok={false} title={why === 'expired' ? t('activate.expired') : t('activate.invalid')}>
      <p className="text-sm">
        {t('activate.already')}{' '}
        <Link to="/account" className="underline">
          {t('activate.sign_in_or_reset')}
        </Link>
      </p>
      {why === 'invalid' ? <p className="text-sm">{t('activate.newer')}</p> : null}
    </Outcome>
  );
}

/**
 * A customer the shop added opens the e-mailed invitation (`/account/activate?token=…`), chooses a
 * password and is signed in as after registering, then lands on their account. The API cannot say
 * whether a link still works before it is used: a spent or expired one is told on submitting.
 */
export function ActivateAccountPage() {
  const { api, shop, queryClient } = useShop();
  const { t } = useI18n();
  const navigate = useNavigate();
  const { token } = activateRoute.useSearch();
  const { session } = useShopperState();
  const [password, setPassword] = useState('');
  const [dead, setDead] = useState<DeadInvitation | null>(token ? null : 'invalid');
  const { busy, error, run } = useSubmit();
  return (
    <div className="mx-auto flex w-full max-w-md flex-col gap-4">
      <h1 className="text-2xl font-bold">{t('activate.title')}</h1>
      {dead ? (
        <DeadInvitationMessage why={dead} />
      ) : (
        <section className="flex flex-col gap-3 rounded-xl border border-stone-200 bg-white p-4">
          <p>{t('activate.lead', { shop: shop.storeName })}</p>
          {session ? (
            <p role="note" className="text-sm text-stone-700">
              {t('activate.signed_in_as', { email: session.customer.email })}
            </p>
          ) : null}
          <form
            className="flex flex-col gap-3"
            onSubmit={run(async () => {
              let answer;
              try {
                answer = await unwrap(
                  api.POST('/store/v1/customers/activate', { body: { token: token ?? '', password } }),
                );
              } catch (err) {
                // 401: spent, expired, replaced or another shop's; 400 on the token: cut short or mangled.
                const badToken =
                  err instanceof ApiError &&
                  (err.status === 401 ||
                    (err.status === 400 && !!err.problem.errors?.some((e) => e.path === 'body.token')));
                if (badToken) {
                  setDead(err.problem.code === 'TOKEN_EXPIRED' ? 'expired' : 'invalid');
                  return;
                }
                throw err;
              }
              // Someone else's session in this browser ends first: its cart is not the new account's.
              if (session) await signOut(api);
              queryClient.removeQueries({ queryKey: ['me'] });
              await signedIn(api, answer);
              await navigate({ to: '/account' });
            })}
          >
            <NewPasswordEnd
              id="activate-password"
              label={t('account.password')}
              value={password}
              onChange={setPassword}
              error={error}
              busy={busy}
              submit={t('account.register')}
            />
          </form>
        </section>
      )}
    </div>
  );
}

type VerifyState = 'working' | 'done' | 'expired' | 'invalid';

/**
 * The link e-mailed at registration (`/account/verify-email?token=…`) proves the address: opened,
 * it is spent at once (in the browser, once), and the orders placed with the address as a guest
 * join the account (the server does so in the background, within a second or two).
 */
export function VerifyEmailPage() {
  const { api, queryClient } = useShop();
  const { t } = useI18n();
  const { token } = verifyRoute.useSearch();
  const [state, setState] = useState<VerifyState>(token ? 'working' : 'invalid');
  const started = useRef(false);
  useEffect(() => {
    if (!token || started.current) return;
    started.current = true;
    void (async () => {
      try {
        await unwrap(api.POST('/store/v1/customers/verify-email', { body: { token } }));
        setState('done');
        // Signed in: the account's cached answers are stale; the guest orders land shortly after.
        await queryClient.invalidateQueries({ queryKey: ['me'] });
        // (Harmless if the page is gone by then: the cache outlives it.)
        setTimeout(() => void queryClient.invalidateQueries({ queryKey: ['me', 'orders'] }), 2000);
      } catch (err) {
        setState(err instanceof ApiError && err.problem.code === 'TOKEN_EXPIRED' ? 'expired' : 'invalid');
      }
    })();
  }, [api, queryClient, token]);
  return (
    <div className="mx-auto flex w-full max-w-md flex-col gap-4">
      <h1 className="text-2xl font-bold">{t('verify.title')}</h1>
      {state === 'working' ? <p role="status">{t('verify.working')}</p> : null}
      {state === 'done' || state === 'expired' || state === 'invalid' ? (
        <Outcome
          ok={state === 'done'}
          title={t(
            state === 'done' ? 'verify.done' : state === 'expired' ? 'verify.expired' : 'verify.invalid',
          )}
        >
          <Link to="/account" className="underline">
            {t('verify.to_account')}
          </Link>
        </Outcome>
      ) : null}
    </div>
  );
}
