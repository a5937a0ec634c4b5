import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { useEffect, useRef, useState } from 'react';
import type { Problem } from '@carton/client';
import { freshSession } from '../account.ts';
import { paymentMethodsQuery, type Checkout, type SavedCard } from '../api.ts';
import { formatMoney, useI18n, type MessageKey, type Translate } from '../i18n.ts';
import { ApiError, unwrap, useShop } from '../shop.ts';
import { StripeCardField, stripeConfigOf, type StripeCard } from './StripeCard.tsx';

/** The test processor's tokens (docs/payments.md): how the "card" will answer. */
export const TEST_CARDS = [
  { token: 'tok_visa', label: 'Visa •••• 4242 — approved' },
  { token: 'tok_threeDSecureRequired', label: 'Visa •••• 3155 — asks for 3-D Secure' },
  { token: 'tok_chargeDeclinedInsufficientFunds', label: 'Visa •••• 9995 — declined, insufficient funds' },
  { token: 'tok_chargeDeclined', label: 'Visa •••• 0002 — declined' },
  { token: 'tok_chargeDeclinedExpiredCard', label: 'Visa •••• 0069 — expired card' },
];

/** Methods paid outside the shop; the order is placed unpaid. */
const MANUAL = ['cash_on_delivery', 'bank_transfer'];

/** The way to pay "a new card typed into Stripe's card element" (the card itself: a pm_… made on paying). */
const STRIPE_CARD = 'stripe_card';

/** What `POST …/complete` takes: the cart's checkout and a draft order's payment link alike. */
interface CompleteBody {
  payment_method?: string;
  return_url: string;
  expected_total: number;
  /** Gift card codes, spent first in this order. */
  gift_cards?: string[];
  /** The signed-in shopper's own gift cards, by id: spent after the codes. */
  gift_card_ids?: string[];
  /** Signed-in shoppers: keep the card behind the token for next time (saved, then charged). */
  save_payment_method?: boolean;
}

const BRANDS: Record<string, string> = {
  visa: 'Visa',
  mastercard: 'Mastercard',
  amex: 'American Express',
  discover: 'Discover',
  jcb: 'JCB',
  diners: 'Diners Club',
  unionpay: 'UnionPay',
};

/** A card brand as written on the card (visa → Visa). */
export const brandName = (brand: string) =>
  BRANDS[brand] ?? (brand ? brand[0]!.toUpperCase() + brand.slice(1) : '');

/** A saved card's expiry as printed on it: MM/YY. */
export const expiryOf = (card: Pick<SavedCard, 'exp_month' | 'exp_year'>) =>
  `${String(card.exp_month).padStart(2, '0')}/${String(card.exp_year % 100).padStart(2, '0')}`;

/** "Visa •••• 4242, expires 12/28" (or "expired 03/24"). */
export const savedCardLabel = (t: Translate, card: SavedCard) =>
  t(card.expired ? 'saved_card.label_expired' : 'saved_card.label', {
    brand: brandName(card.brand),
    last4: card.last4,
    expiry: expiryOf(card),
  });

/** What the store takes: cards through its provider (or none), and its manual methods. */
export function usePaymentMethods() {
  const { api } = useShop();
  return useQuery(paymentMethodsQuery(api));
}

/** The signed-in shopper's saved cards, the last used first (the account page and the checkout share it). */
export function useSavedCards(enabled: boolean) {
  const { api } = useShop();
  return useQuery({
    queryKey: ['me', 'payment-methods'],
    queryFn: async () => (await freshSession(api), unwrap(api.GET('/store/v1/customers/me/payment-methods'))),
    enabled,
  });
}

/**
 * Why the server would not take a card (saved, or paid with): the bank's message when it declined
 * the card, else the field's (too many cards, expired, not this shopper's), else the problem's.
 */
export function cardRefusal(problem: Problem | null, fallback: string): string {
  if (problem?.code === 'PAYMENT_DECLINED' && problem.detail) return problem.detail;
  const field = problem?.errors?.find((e) => e.path === 'body.payment_method')?.message;
  return field ?? problem?.detail ?? fallback;
}

/**
 * The test processor's cards as radios: which token the "card" gives (the checkout's way to pay,
 * and the account page's "Add a card"). A real provider's card form would stand here.
 */
export function TestCardChoice(props: {
  name: string;
  value: string;
  onChange: (token: string) => void;
  disabled?: boolean;
}) {
  return TEST_CARDS.map((c) => (
    <label key={c.token} className="flex items-center gap-2 text-sm">
      <input
        type="radio"
        name={props.name}
        value={c.token}
        checked={props.value === c.token}
        disabled={props.disabled}
        onChange={() => props.onChange(c.token)}
      />
      {c.label}
    </label>
  ));
}

/** The gift cards paying first: codes, then the signed-in shopper's own cards by id (the server's order). */
export interface GiftCardTender {
  codes: string[];
  ids: string[];
}

const NO_GIFT_CARDS: GiftCardTender = { codes: [], ids: [] };

interface PaymentMessage {
  kind: 'error' | 'info';
  text: string;
}

interface PaymentOptions {
  /** Start the attempt (`POST …/complete`). */
  complete: (body: CompleteBody) => Promise<Checkout>;
  /** The attempt as it is now (`GET …/checkout`), for the cart the attempt names. */
  attempt: (cartId: string) => Promise<Checkout>;
  /** Read the cart (or draft) again after a failure: what it costs now. */
  refresh: () => Promise<unknown>;
  /** Where the bank's page sends the shopper back after 3-D Secure. */
  returnUrl: () => string;
  /** Back from the bank's page: the cart whose attempt to follow to its end. */
  resumeFrom: string | undefined;
  /** Said when the card is declined ({message}) and when the total changed meanwhile. */
  declined?: MessageKey;
  changed?: MessageKey;
  /** Before going to the order's page. */
  onPlaced?: () => void;
  /** A refusal the page says itself, beside what it concerns (the gift cards): true when it did. */
  refused?: (problem: Problem, sent: CompleteBody) => Promise<boolean>;
  /** A signed-in shopper: their saved cards offered first, and "Save this card for next time". */
  signedIn?: boolean;
}

/**
 * Paying for a cart or a draft order: the method chosen (a test card or a manual method the
 * store offers), the attempt started and followed to its end — an order (then its page, with the
 * order's access token), a bank challenge (3-D Secure), or a readable failure.
 */
export function usePayment(o: PaymentOptions) {
  const { t } = useI18n();
  const navigate = useNavigate();
  // A test card's token, or a manual method the store offers (cash_on_delivery, bank_transfer).
  const [card, setCard] = useState(TEST_CARDS[0]!.token);
  const methods = usePaymentMethods();
  // A store that takes no cards (only cash on delivery, bank transfer) starts on its first method.
  // Cards through Stripe: typed into Stripe's element, unless the shop has not set its key yet.
  const stripe = stripeConfigOf(methods.data?.card);
  const stripeKey = stripe?.publishableKey ?? null;
  const cardsUnavailable = !!stripe && !stripeKey;
  const stripeCard = useRef<StripeCard | null>(null);
  const [cardError, setCardError] = useState<string | null>(null);
  const firstManual =
    methods.data?.card === null || cardsUnavailable ? methods.data?.manual[0]?.method : undefined;
  useEffect(() => {
    if (firstManual && !MANUAL.includes(card)) setCard(firstManual);
  }, [firstManual]);
  // With Stripe the new card is Stripe's element, not a test token.
  useEffect(() => {
    if (stripeKey && !MANUAL.includes(card)) setCard(STRIPE_CARD);
    if (!stripe && card === STRIPE_CARD) setCard(TEST_CARDS[0]!.token);
  }, [stripeKey, !!stripe]);
  // A signed-in shopper's saved cards through the store's provider (another's would be refused):
  // the last used one that has not expired is chosen at first; null is "Use another card".
  const queryClient = useQueryClient();
  const saved = useSavedCards(!!o.signedIn);
  const provider = methods.data?.card?.provider;
  const savedCards = (provider && saved.data?.data.filter((c) => c.provider === provider)) || [];
  const [savedId, setSavedId] = useState<string | null>(null);
  const [saveCard, setSaveCard] = useState(false);
  const preselected = useRef(false);
  useEffect(() => {
    if (preselected.current || !saved.data || !provider) return;
    preselected.current = true;
    setSavedId(savedCards.find((c) => !c.expired)?.id ?? null);
  }, [saved.data, provider]);
  const usingSaved = !!savedId && savedCards.some((c) => c.id === savedId && !c.expired);
  const manual = !usingSaved && MANUAL.includes(card);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<PaymentMessage | null>(null);
  const [challenge, setChallenge] = useState<string | null>(null);
  const [returning, setReturning] = useState(!!o.resumeFrom);

  const finished = (checkout: Checkout) => {
    const order = checkout.order!;
    // A card saved (or paid with: the last used first) changes the shopper's list.
    if (o.signedIn) void queryClient.invalidateQueries({ queryKey: ['me', 'payment-methods'] });
    o.onPlaced?.();
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
        text: t(o.declined ?? 'checkout.declined', {
          message: checkout.failure?.message ?? t('checkout.failed'),
        }),
      });
      await o.refresh();
      return;
    }
    // Still running (or the bank's answer not seen yet): ask again shortly.
    await new Promise((r) => setTimeout(r, 750));
    return settle(await o.attempt(checkout.cart_id), backFromBank, asked + 1);
  };

  // Back from the 3-D Secure page (return_url): follow the attempt to its end.
  useEffect(() => {
    if (!o.resumeFrom) return;
    setMessage({ kind: 'info', text: t('checkout.waiting') });
    o.attempt(o.resumeFrom)
      .then((checkout) => settle(checkout, true))
      .catch(() => {
        setReturning(false);
        setMessage({ kind: 'error', text: t('error.generic') });
      });
  }, [o.resumeFrom]);

  /** Why the attempt was refused, in the shopper's words. */
  const failureText = (problem: Problem | null): string => {
    if (problem?.code === 'PAYMENT_DECLINED')
      return t(o.declined ?? 'checkout.declined', { message: problem.detail ?? '' });
    if (problem?.code === 'CART_CHANGED' || problem?.code === 'CHECKOUT_TOTAL_CHANGED')
      return t(o.changed ?? 'checkout.changed');
    if (problem?.code === 'NO_SHIPPING_TO_ADDRESS') return t('checkout.no_shipping');
    // A saved card refused (expired, removed meanwhile, another provider's): the field's reason.
    return cardRefusal(problem, t('error.generic'));
  };

  /**
   * Pay `total` (what the shopper sees): the gift cards first, then `due` (what they leave) with
   * the way to pay chosen. Nothing left to pay needs no card.
   */
  const pay = async (total: number, giftCards: GiftCardTender = NO_GIFT_CARDS, due = total) => {
    setBusy(true);
    setMessage(null);
    setChallenge(null);
    setCardError(null);
    let method = usingSaved ? savedId! : card;
    // A new card through Stripe: Stripe.js sends it to Stripe, which gives back a PaymentMethod.
    if (due > 0 && !usingSaved && card === STRIPE_CARD) {
      const typed = stripeCard.current;
      if (!typed) {
        setCardError(t('card.not_ready'));
        setBusy(false);
        return;
      }
      const made = await typed.stripe
        .createPaymentMethod({ type: 'card', card: typed.element })
        .catch(() => ({ paymentMethod: undefined, error: undefined }));
      if (!made.paymentMethod) {
        setCardError(made.error?.message ?? t('error.generic'));
        setBusy(false);
        return;
      }
      method = made.paymentMethod.id;
    }
    const body: CompleteBody = {
      // An order that costs nothing (or that gift cards cover) needs no card.
      ...(due > 0 ? { payment_method: method } : {}),
      // A new card kept for next time (signed-in shoppers; not a manual method).
      ...(due > 0 && o.signedIn && !usingSaved && !manual && saveCard ? { save_payment_method: true } : {}),
      ...(giftCards.codes.length ? { gift_cards: giftCards.codes } : {}),
      ...(giftCards.ids.length ? { gift_card_ids: giftCards.ids } : {}),
      return_url: o.returnUrl(),
      expected_total: total,
    };
    try {
      await settle(await o.complete(body));
    } catch (err) {
      const problem = err instanceof ApiError ? err.problem : null;
      // A refusal of the gift cards is said beside their field; any other above the form.
      if (!(problem && (await o.refused?.(problem, body))))
        setMessage({ kind: 'error', text: failureText(problem) });
      // A saved card refused may have expired or gone meanwhile: the list as it is now.
      if (o.signedIn && problem?.errors?.some((e) => e.path === 'body.payment_method')) void saved.refetch();
      await o.refresh();
    } finally {
      setBusy(false);
    }
  };

  return {
    card,
    setCard,
    methods,
    manual,
    signedIn: !!o.signedIn,
    savedCards,
    savedId: usingSaved ? savedId : null,
    setSavedId,
    saveCard,
    setSaveCard,
    busy,
    setBusy,
    message,
    setMessage,
    challenge,
    returning,
    pay,
    /** Cards through Stripe (its key, Stripe.js's URL), else null. */
    stripe,
    /** The store takes cards through Stripe but has not given its publishable key yet. */
    cardsUnavailable,
    stripeCard,
    cardError,
    setCardError,
  };
}

export type PaymentFlow = ReturnType<typeof usePayment>;

/** What the payment (or the form above it) came to, brought into view; the bank's page when it asks. */
export function PaymentNotice({ flow }: { flow: PaymentFlow }) {
  const { t } = useI18n();
  const ref = useRef<HTMLDivElement>(null);
  const { message, challenge } = flow;
  // A message appears above the form the shopper just used: bring it into view.
  useEffect(() => {
    if (message) ref.current?.scrollIntoView({ block: 'center', behavior: 'smooth' });
  }, [message]);
  if (!message) return null;
  return (
    <div
      ref={ref}
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
  );
}

/**
 * The way to pay (test cards, the store's manual methods) and the Pay button. With gift cards
 * applied, the way to pay is asked only for what they leave (`due`); none when they cover it all.
 */
export function PaymentForm({
  flow,
  total,
  currency,
  giftCards = NO_GIFT_CARDS,
  due = total,
}: {
  flow: PaymentFlow;
  total: number;
  currency: string;
  giftCards?: GiftCardTender;
  due?: number;
}) {
  const { t, locale } = useI18n();
  const { methods, card, setCard, busy, manual, savedCards, savedId, stripe, cardsUnavailable } = flow;
  // Nothing to pay with: Stripe not set up, no manual method, no saved card.
  const noWay = due > 0 && !savedId && cardsUnavailable && !manual;
  return (
    <form
      className="mt-3 flex flex-col gap-3"
      onSubmit={(e) => {
        e.preventDefault();
        void flow.pay(total, giftCards, due);
      }}
    >
      {due === 0 ? (
        <p className="text-sm text-stone-700" data-testid="nothing-to-pay">
          {t(
            total > 0 && giftCards.codes.length + giftCards.ids.length
              ? 'gift_card.covered'
              : 'checkout.nothing_to_pay',
          )}
        </p>
      ) : (
        <>
          {savedCards.length ? <SavedCardChoice flow={flow} /> : null}
          {/* A new card (or a manual method): shown when no saved card is chosen. */}
          {savedId ? null : (
            <fieldset className="flex flex-col gap-2">
              <legend className="mb-1 text-sm text-stone-700">
                {methods.data?.card === null || stripe ? t('checkout.pay_with') : t('checkout.test_cards')}
              </legend>
              {stripe ? (
                <StripeChoice flow={flow} />
              ) : (
                methods.data?.card !== null && <TestCardChoice name="card" value={card} onChange={setCard} />
              )}
              {methods.data?.manual.map((m) => (
                <label key={m.method} className="flex items-start gap-2 text-sm">
                  <input
                    type="radio"
                    name="card"
                    value={m.method}
                    checked={card === m.method}
                    onChange={() => setCard(m.method)}
                    className="mt-1"
                  />
                  <span>
                    <span className="font-medium">{t(`payment.${m.method}`)}</span>
                    <br />
                    <span className="text-stone-600">{t(`checkout.${m.method}_hint`)}</span>
                  </span>
                </label>
              ))}
            </fieldset>
          )}
          {/* Signed in, paying with a new card: keep it for next time. */}
          {flow.signedIn && !savedId && !manual && methods.data?.card && !cardsUnavailable ? (
            <label className="flex items-center gap-3 text-sm">
              <input
                type="checkbox"
                checked={flow.saveCard}
                onChange={(e) => flow.setSaveCard(e.target.checked)}
                className="h-5 w-5 shrink-0 accent-stone-900"
              />
              {t('saved_card.save_for_next_time')}
            </label>
          ) : null}
        </>
      )}
      <button
        type="submit"
        disabled={busy || noWay}
        className="rounded-lg bg-amber-600 px-4 py-3 text-lg font-semibold text-stone-950 hover:bg-amber-500 disabled:bg-stone-300"
      >
        {busy
          ? t('checkout.paying')
          : due === 0 || manual
            ? t('checkout.place_order')
            : t('checkout.pay', { amount: formatMoney(due, currency, locale) })}
      </button>
    </form>
  );
}

/**
 * A new card through Stripe: Stripe's card element (a radio beside the manual methods, when the
 * store has any), or — the shop has not given its publishable key yet — word that cards cannot be
 * taken, the manual methods still there.
 */
function StripeChoice({ flow }: { flow: PaymentFlow }) {
  const { t } = useI18n();
  const { stripe, card, setCard, methods, busy } = flow;
  if (!stripe) return null;
  if (!stripe.publishableKey)
    return (
      <p role="status" data-testid="cards-unavailable" className="text-sm text-stone-700">
        {t('card.not_set_up')}
      </p>
    );
  const field = (
    <StripeCardField
      config={{ ...stripe, publishableKey: stripe.publishableKey }}
      holder={flow.stripeCard}
      error={flow.cardError}
      onChange={() => flow.setCardError(null)}
    />
  );
  // Only cards: the card form alone.
  if (!methods.data?.manual.length) return field;
  return (
    <>
      <label className="flex items-center gap-2 text-sm">
        <input
          type="radio"
          name="card"
          value={STRIPE_CARD}
          checked={card === STRIPE_CARD}
          disabled={busy}
          onChange={() => setCard(STRIPE_CARD)}
        />
        <span className="font-medium">{t('checkout.card')}</span>
      </label>
      {card === STRIPE_CARD ? field : null}
    </>
  );
}

/**
 * A signed-in shopper's saved cards, offered first (an expired one shown, not chosen), and "Use
 * another card" for a new one.
 */
function SavedCardChoice({ flow }: { flow: PaymentFlow }) {
  const { t } = useI18n();
  const { savedCards, savedId, setSavedId } = flow;
  return (
    <fieldset className="flex flex-col gap-2" data-testid="saved-cards">
      <legend className="mb-1 text-sm font-medium">{t('saved_card.pay_with')}</legend>
      {savedCards.map((c) => (
        <label
          key={c.id}
          className={`flex items-center gap-2 rounded-lg border border-stone-300 p-3 text-sm has-checked:border-stone-900 ${c.expired ? 'text-stone-500' : 'cursor-pointer'}`}
        >
          <input
            type="radio"
            name="saved-card"
            value={c.id}
            checked={savedId === c.id}
            disabled={c.expired}
            onChange={() => setSavedId(c.id)}
          />
          {savedCardLabel(t, c)}
        </label>
      ))}
      <label className="flex cursor-pointer items-center gap-2 rounded-lg border border-stone-300 p-3 text-sm has-checked:border-stone-900">
        <input type="radio" name="saved-card" value="" checked={!savedId} onChange={() => setSavedId(null)} />
        {t('saved_card.use_another')}
      </label>
    </fieldset>
  );
}
