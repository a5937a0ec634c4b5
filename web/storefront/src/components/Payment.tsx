import { useQuery } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { useEffect, useRef, useState } from 'react';
import type { Problem } from '@carton/client';
import type { Checkout } from '../api.ts';
import { formatMoney, useI18n, type MessageKey } from '../i18n.ts';
import { ApiError, unwrap, useShop } from '../shop.ts';

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

/** What `POST …/complete` takes: the cart's checkout and a draft order's payment link alike. */
interface CompleteBody {
  payment_method?: string;
  return_url: string;
  expected_total: number;
  /** Gift card codes, spent first in this order. */
  gift_cards?: string[];
  /** The signed-in shopper's own gift cards, by id: spent after the codes. */
  gift_card_ids?: string[];
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
}

/**
 * Paying for a cart or a draft order: the method chosen (a test card or a manual method the
 * store offers), the attempt started and followed to its end — an order (then its page, with the
 * order's access token), a bank challenge (3-D Secure), or a readable failure.
 */
export function usePayment(o: PaymentOptions) {
  const { api } = useShop();
  const { t } = useI18n();
  const navigate = useNavigate();
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
  const [message, setMessage] = useState<PaymentMessage | null>(null);
  const [challenge, setChallenge] = useState<string | null>(null);
  const [returning, setReturning] = useState(!!o.resumeFrom);

  const finished = (checkout: Checkout) => {
    const order = checkout.order!;
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
    return problem?.detail ?? t('error.generic');
  };

  /**
   * Pay `total` (what the shopper sees): the gift cards first, then `due` (what they leave) with
   * the way to pay chosen. Nothing left to pay needs no card.
   */
  const pay = async (total: number, giftCards: GiftCardTender = NO_GIFT_CARDS, due = total) => {
    setBusy(true);
    setMessage(null);
    setChallenge(null);
    const body: CompleteBody = {
      // An order that costs nothing (or that gift cards cover) needs no card.
      ...(due > 0 ? { payment_method: card } : {}),
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
    busy,
    setBusy,
    message,
    setMessage,
    challenge,
    returning,
    pay,
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
  const { methods, card, setCard, busy, manual } = flow;
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
      <button
        type="submit"
        disabled={busy}
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
