import { useEffect, useRef, useState } from 'react';
import type { Problem } from '@carton/client';
import type { GiftCardBalance } from '../api.ts';
import { formatDate, formatMoney, useI18n, type Translate } from '../i18n.ts';
import { ApiError, unwrap, useShop } from '../shop.ts';

/**
 * Gift cards at checkout: codes checked with the balance endpoint, applied in the order given,
 * each paying up to its balance, and sent as `gift_cards` when the cart is completed. The codes are
 * bearer secrets: they live in this page's state only (never in storage, the URL or the query cache).
 */

/** The most cards one order takes (the server's `MAX_GIFT_CARDS_PER_ORDER`). */
export const MAX_GIFT_CARDS = 5;

/** What the server takes as a code (8–40 letters, digits, spaces and dashes). */
const CODE = /^[A-Za-z0-9 -]{8,40}$/;

/** A code as the shop keeps it: upper case, without spaces and dashes (two spellings, one card). */
const normalise = (typed: string) => typed.toUpperCase().replace(/[\s-]/g, '');

/** A card the shopper applied, with what it held when checked. */
export interface AppliedGiftCard {
  code: string;
  last: string;
  balance: number;
}

/** What each card pays of `total`, in the order applied, each up to its balance; and what is left. */
export function coverOf(cards: AppliedGiftCard[], total: number): { amounts: number[]; left: number } {
  let left = Math.max(0, total);
  const amounts = cards.map((c) => {
    const amount = Math.min(Math.max(0, c.balance), left);
    left -= amount;
    return amount;
  });
  return { amounts, left };
}

/** Why a card cannot pay for an order in `currency`, in the shopper's words; null when it can. */
function refusalOf(t: Translate, card: GiftCardBalance, currency: string | null): string | null {
  const last = card.last_characters;
  if (card.status === 'expired') return t('gift_card.expired', { last });
  if (card.status === 'disabled') return t('gift_card.disabled', { last });
  if (card.status === 'used_up' || card.balance <= 0) return t('gift_card.used_up', { last });
  if (currency && card.currency !== currency) {
    return t('gift_card.currency', { last, currency: card.currency, order: currency });
  }
  return null;
}

/** A refusal of the balance check, in the shopper's words. */
function checkError(t: Translate, err: unknown): string {
  if (!(err instanceof ApiError)) return t('error.generic');
  if (err.problem.code === 'GIFT_CARD_INVALID' || err.status === 400) return t('gift_card.invalid');
  if (err.status === 0) return t('error.network');
  return err.message || t('error.generic');
}

function useBalanceCheck() {
  const { api } = useShop();
  return (code: string) => unwrap(api.POST('/store/v1/gift-cards/balance', { body: { code } }));
}

/** The cards applied to an order costing `total` in `currency`: apply, remove, and refusals of the checkout. */
export function useGiftCards(o: { total: number; currency: string }) {
  const { t } = useI18n();
  const balanceOf = useBalanceCheck();
  const [cards, setCards] = useState<AppliedGiftCard[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const { amounts, left } = coverOf(cards, o.total);

  /** Check a code and apply it; false (and the reason beside the field) when it cannot pay. */
  const apply = async (typed: string): Promise<boolean> => {
    const code = typed.trim();
    const refuse = (reason: string) => (setError(reason), false);
    setError(null);
    if (!code) return refuse(t('gift_card.empty'));
    if (!CODE.test(code)) return refuse(t('gift_card.invalid'));
    if (cards.some((c) => normalise(c.code) === normalise(code))) return refuse(t('gift_card.twice'));
    if (cards.length >= MAX_GIFT_CARDS) return refuse(t('gift_card.too_many', { max: MAX_GIFT_CARDS }));
    if (cards.length > 0 && left === 0) return refuse(t('gift_card.enough'));
    setBusy(true);
    try {
      const card = await balanceOf(code);
      const refusal = refusalOf(t, card, o.currency);
      if (refusal) return refuse(refusal);
      setCards((now) => [...now, { code, last: card.last_characters, balance: card.balance }]);
      return true;
    } catch (err) {
      return refuse(checkError(t, err));
    } finally {
      setBusy(false);
    }
  };

  const remove = (code: string) => {
    setCards((now) => now.filter((c) => c.code !== code));
    setError(null);
  };

  /**
   * The checkout refused the cards (422 GIFT_CARD_INVALID / GIFT_CARD_EXPIRED at `body.gift_cards.N`,
   * 409 GIFT_CARD_BALANCE_CHANGED): nothing was charged. Every card is checked again: those that
   * cannot pay any more are taken off, the others keep their balance as it is now, and the reason
   * is said beside the field. True when the problem was the cards'.
   */
  const refused = async (problem: Problem): Promise<boolean> => {
    if (!String(problem.code ?? '').startsWith('GIFT_CARD_')) return false;
    const now = await Promise.all(
      cards.map(async (c): Promise<GiftCardBalance | 'unknown' | null> => {
        try {
          return await balanceOf(c.code);
        } catch (err) {
          // Unknown now; a failed look keeps the card as it was.
          return err instanceof ApiError && err.problem.code === 'GIFT_CARD_INVALID' ? 'unknown' : null;
        }
      }),
    );
    const reasons: string[] = [];
    const kept: AppliedGiftCard[] = [];
    cards.forEach((card, i) => {
      const fresh = now[i];
      if (fresh === 'unknown') reasons.push(t('gift_card.invalid'));
      else if (!fresh) kept.push(card);
      else {
        const reason = refusalOf(t, fresh, o.currency);
        if (reason) reasons.push(reason);
        else kept.push({ ...card, balance: fresh.balance });
      }
    });
    setCards(kept);
    if (problem.code === 'GIFT_CARD_BALANCE_CHANGED') {
      setError([t('gift_card.changed'), ...reasons].join(' '));
    } else if (reasons.length) {
      setError(t('gift_card.taken_off', { reason: reasons.join(' ') }));
    } else {
      setError(problem.errors?.[0]?.message ?? problem.detail ?? t('error.generic'));
    }
    return true;
  };

  return {
    cards,
    amounts,
    left,
    /** The codes to send: the cards that pay something, in the order applied. */
    codes: cards.filter((_, i) => amounts[i]! > 0).map((c) => c.code),
    error,
    busy,
    apply,
    remove,
    refused,
  };
}

export type GiftCardsState = ReturnType<typeof useGiftCards>;

/** The "Gift card" field at checkout: a code and Apply, the cards applied, and what is left to pay. */
export function GiftCardField({ gift, currency }: { gift: GiftCardsState; currency: string }) {
  const { t, locale } = useI18n();
  const [code, setCode] = useState('');
  const errorRef = useRef<HTMLParagraphElement>(null);
  const m = (n: number) => formatMoney(n, currency, locale);
  // A refusal of the checkout appears here, above the button just pressed: bring it into view.
  useEffect(() => {
    if (gift.error) errorRef.current?.scrollIntoView({ block: 'center', behavior: 'smooth' });
  }, [gift.error]);
  return (
    <div className="mt-3 flex flex-col gap-2" data-testid="gift-cards">
      <form
        noValidate
        className="flex flex-col gap-1 text-sm"
        onSubmit={(e) => {
          e.preventDefault();
          void gift.apply(code).then((applied) => {
            if (applied) setCode('');
          });
        }}
      >
        <label htmlFor="gift-card-code" className="font-medium">
          {t('gift_card.label')}
        </label>
        <p id="gift-card-hint" className="text-xs text-stone-600">
          {t('gift_card.hint')}
        </p>
        <div className="flex gap-2">
          <input
            id="gift-card-code"
            name="gift-card-code"
            type="text"
            inputMode="text"
            autoComplete="off"
            autoCapitalize="characters"
            autoCorrect="off"
            spellCheck={false}
            enterKeyHint="done"
            maxLength={40}
            value={code}
            onChange={(e) => setCode(e.target.value)}
            aria-invalid={gift.error ? true : undefined}
            aria-describedby={gift.error ? 'gift-card-hint gift-card-error' : 'gift-card-hint'}
            className={`min-w-0 flex-1 rounded-lg border bg-white px-3 py-2 font-mono tracking-wide uppercase ${gift.error ? 'border-red-700' : 'border-stone-300'}`}
          />
          <button
            type="submit"
            disabled={gift.busy}
            aria-label={t('gift_card.apply_label')}
            className="rounded-lg border border-stone-400 px-4 py-2 font-medium disabled:opacity-60"
          >
            {t('gift_card.apply')}
          </button>
        </div>
        {gift.busy ? (
          <p role="status" className="text-stone-600">
            {t('gift_card.checking')}
          </p>
        ) : null}
        {gift.error ? (
          <p ref={errorRef} id="gift-card-error" role="alert" className="text-red-700">
            {gift.error}
          </p>
        ) : null}
      </form>
      {gift.cards.length ? (
        <>
          <ul className="flex flex-col gap-2 text-sm" data-testid="applied-gift-cards">
            {gift.cards.map((c, i) => (
              <li
                key={c.code}
                className="flex items-center justify-between gap-2 rounded-lg bg-stone-50 px-3 py-2"
              >
                <span className="min-w-0">
                  <span className="block font-medium">
                    {t('gift_card.applied', { last: c.last, amount: m(gift.amounts[i]!) })}
                  </span>
                  <span className="block text-xs text-stone-600">
                    {t('gift_card.balance', { amount: m(c.balance) })}
                  </span>
                </span>
                <button
                  type="button"
                  onClick={() => gift.remove(c.code)}
                  aria-label={t('gift_card.remove_label', { last: c.last })}
                  className="shrink-0 px-2 py-2 text-red-800 underline"
                >
                  {t('gift_card.remove')}
                </button>
              </li>
            ))}
          </ul>
          <dl className="flex justify-between border-t border-stone-200 pt-2 font-semibold">
            <dt>{t('gift_card.left_to_pay')}</dt>
            <dd data-testid="left-to-pay">{m(gift.left)}</dd>
          </dl>
        </>
      ) : null}
    </div>
  );
}

/** "Check a gift card balance": what is left on a card, for whoever holds its code. */
export function GiftCardBalanceCheck() {
  const { t, locale } = useI18n();
  const balanceOf = useBalanceCheck();
  const [code, setCode] = useState('');
  const [busy, setBusy] = useState(false);
  const [answer, setAnswer] = useState<{ ok: boolean; text: string } | null>(null);
  const check = async () => {
    setAnswer(null);
    const typed = code.trim();
    if (!typed) return setAnswer({ ok: false, text: t('gift_card.empty') });
    if (!CODE.test(typed)) return setAnswer({ ok: false, text: t('gift_card.invalid') });
    setBusy(true);
    try {
      const card = await balanceOf(typed);
      const refusal = refusalOf(t, card, null);
      const until = card.expires_at
        ? ` ${t('gift_card.valid_until', { date: formatDate(card.expires_at, locale) })}`
        : '';
      setAnswer(
        refusal
          ? { ok: false, text: refusal }
          : {
              ok: true,
              text:
                t('gift_card.balance_left', {
                  last: card.last_characters,
                  amount: formatMoney(card.balance, card.currency, locale),
                }) + until,
            },
      );
    } catch (err) {
      setAnswer({ ok: false, text: checkError(t, err) });
    } finally {
      setBusy(false);
    }
  };
  return (
    <form
      noValidate
      className="flex flex-col gap-2 text-sm"
      onSubmit={(e) => {
        e.preventDefault();
        void check();
      }}
    >
      <label htmlFor="gift-card-check" className="font-medium">
        {t('gift_card.label')}
      </label>
      <div className="flex gap-2">
        <input
          id="gift-card-check"
          name="gift-card-check"
          type="text"
          autoComplete="off"
          autoCapitalize="characters"
          autoCorrect="off"
          spellCheck={false}
          enterKeyHint="done"
          maxLength={40}
          value={code}
          onChange={(e) => setCode(e.target.value)}
          aria-invalid={answer && !answer.ok ? true : undefined}
          aria-describedby={answer ? 'gift-card-check-answer' : undefined}
          className="min-w-0 flex-1 rounded-lg border border-stone-300 bg-white px-3 py-2 font-mono tracking-wide uppercase"
        />
        <button
          type="submit"
          disabled={busy}
          className="rounded-lg border border-stone-400 px-3 py-2 font-medium disabled:opacity-60"
        >
          {t('gift_card.check')}
        </button>
      </div>
      {answer ? (
        <p
          id="gift-card-check-answer"
          role={answer.ok ? 'status' : 'alert'}
          className={answer.ok ? 'text-green-800' : 'text-red-700'}
        >
          {answer.text}
        </p>
      ) : null}
    </form>
  );
}
