import { useQuery } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import type { Problem } from '@carton/client';
import { freshSession } from '../account.ts';
import type { GiftCardBalance, OwnGiftCard } from '../api.ts';
import { formatDate, formatMoney, useI18n, type Translate } from '../i18n.ts';
import { ApiError, unwrap, useShop } from '../shop.ts';
import { giftCardKey, isApplied, notApplied } from './gift-card-keys.ts';
import { PaymentForm, type PaymentFlow } from './Payment.tsx';

/**
 * Gift cards at checkout: codes checked with the balance endpoint, applied in the order given,
 * each paying up to its balance, and sent as `gift_cards` when the cart is completed. The codes are
 * bearer secrets: they live in this page's state only (never in storage, the URL or the query cache).
 * A signed-in shopper's own cards (store credit, or issued to them) are offered without a code and
 * sent by id as `gift_card_ids`: the server spends them after the codes, so they are counted so.
 */

/** The most cards one order takes (the server's `MAX_GIFT_CARDS_PER_ORDER`). */
export const MAX_GIFT_CARDS = 5;

/** What the server takes as a code (8–40 letters, digits, spaces and dashes). */
const CODE = /^[A-Za-z0-9 -]{8,40}$/;

/**
 * A card the shopper applied, with what it held when checked: by its code (typed), or one of their
 * own by its id (no code).
 */
export type AppliedGiftCard = { last: string; balance: number } &
  // By code: `cardId`, the card the balance check said it is (one of the shopper's own, maybe).
  ({ code: string; id?: never; cardId?: string } | { id: string; code?: never; cardId?: never });

/** One applied card's key: its id, or its code — never its last characters (cards may end alike). */
const keyOf = (c: AppliedGiftCard): string => giftCardKey(c);

/** The query of the signed-in shopper's own gift cards (the account page and the checkout share it). */
export function useOwnGiftCards(enabled: boolean) {
  const { api } = useShop();
  return useQuery({
    queryKey: ['me', 'gift-cards'],
    queryFn: async () => (await freshSession(api), unwrap(api.GET('/store/v1/customers/me/gift-cards'))),
    enabled,
  });
}

/**
 * What gift cards may pay of an order (a cart, a draft order): its total less the gift cards it
 * buys — gift cards never pay for gift cards (no coupon or tax falls on those lines, so their total
 * is what they cost).
 */
export function payableByGiftCards(
  order: { totals: { total: number }; lines: { gift_card: boolean; total: number }[] } | null | undefined,
): number {
  if (!order) return 0;
  const bought = order.lines.reduce((sum, l) => sum + (l.gift_card ? l.total : 0), 0);
  return Math.max(0, order.totals.total - bought);
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
function refusalOf(
  t: Translate,
  card: GiftCardBalance | OwnGiftCard,
  currency: string | null,
): string | null {
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

/**
 * The cards applied to an order costing `total` in `currency`, of which they may pay `payable` (the
 * total less the gift cards it buys; all of it by default): apply a code, use one of the signed-in
 * shopper's own cards, remove, and refusals of the checkout.
 */
export function useGiftCards(o: { total: number; payable?: number; currency: string; signedIn: boolean }) {
  const { t } = useI18n();
  const balanceOf = useBalanceCheck();
  const own = useOwnGiftCards(o.signedIn);
  // Codes first, then the shopper's own cards: the order in which the server spends them.
  const [byCode, setByCode] = useState<AppliedGiftCard[]>([]);
  const [byId, setById] = useState<AppliedGiftCard[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const cards = [...byCode, ...byId];
  // Gift cards pay what the order's gift cards bought leave; the way to pay chosen, the rest.
  const payable = Math.min(o.total, o.payable ?? o.total);
  const { amounts, left: uncovered } = coverOf(cards, payable);
  const left = o.total - (payable - uncovered);
  const paying = (list: AppliedGiftCard[], offset: number) => list.filter((_, i) => amounts[offset + i]! > 0);

  /** Refusals shared by a code and an own card, before either is looked at. */
  const roomFor = (): string | null => {
    if (cards.length >= MAX_GIFT_CARDS) return t('gift_card.too_many', { max: MAX_GIFT_CARDS });
    if (cards.length > 0 && uncovered === 0)
      return t(payable < o.total ? 'gift_card.enough_but_gift_cards' : 'gift_card.enough');
    return null;
  };

  /** Check a code and apply it; false (and the reason beside the field) when it cannot pay. */
  const apply = async (typed: string): Promise<boolean> => {
    const code = typed.trim();
    const refuse = (reason: string) => (setError(reason), false);
    setError(null);
    if (!code) return refuse(t('gift_card.empty'));
    if (!CODE.test(code)) return refuse(t('gift_card.invalid'));
    if (isApplied(byCode, { code })) return refuse(t('gift_card.twice'));
    const full = roomFor();
    if (full) return refuse(full);
    setBusy(true);
    try {
      const card = await balanceOf(code);
      // One of the shopper's own cards applied already, now typed by its code: the same card.
      if (byId.some((c) => c.id === card.id)) return refuse(t('gift_card.twice'));
      const refusal = refusalOf(t, card, o.currency);
      if (refusal) return refuse(refusal);
      // Known by its code: a card ending like another one applied (by code or id) is another card.
      setByCode((now) => [
        ...now,
        { code, cardId: card.id, last: card.last_characters, balance: card.balance },
      ]);
      return true;
    } catch (err) {
      return refuse(checkError(t, err));
    } finally {
      setBusy(false);
    }
  };

  /**
   * The shopper's own cards that could pay for this order and are not applied yet (by their id, or
   * by a code the balance check said is that card): spendable and in its currency. One that only
   * ends like a card applied by its code is still offered: two cards may end alike.
   */
  const offers = notApplied(own.data?.data ?? [], byId, byCode).filter((c) => !refusalOf(t, c, o.currency));

  /** Use one of the shopper's own cards, by its id; false (and the reason) when it cannot pay. */
  const applyOwn = (card: OwnGiftCard): boolean => {
    setError(null);
    const refusal =
      (isApplied(byId, { id: card.id }) || byCode.some((c) => c.cardId === card.id)
        ? t('gift_card.twice')
        : null) ??
      roomFor() ??
      refusalOf(t, card, o.currency);
    if (refusal) return (setError(refusal), false);
    setById((now) => [...now, { id: card.id, last: card.last_characters, balance: card.balance }]);
    return true;
  };

  const remove = (key: string) => {
    setByCode((now) => now.filter((c) => keyOf(c) !== key));
    setById((now) => now.filter((c) => keyOf(c) !== key));
    setError(null);
  };

  /**
   * The checkout refused the cards (422 GIFT_CARD_INVALID / GIFT_CARD_EXPIRED at `body.gift_cards.N`
   * or `body.gift_card_ids.N`, 409 GIFT_CARD_BALANCE_CHANGED): nothing was charged. Every card is
   * checked again (codes with the balance check, own cards with the account's list): those that
   * cannot pay any more are taken off, the others keep their balance as it is now, and the reason is
   * said beside the field. An own card the server named is taken off whatever the fresh look says.
   * True when the problem was the cards'.
   */
  const refused = async (problem: Problem, sent: { gift_card_ids?: string[] }): Promise<boolean> => {
    if (!String(problem.code ?? '').startsWith('GIFT_CARD_')) return false;
    type Fresh = GiftCardBalance | OwnGiftCard | 'unknown' | null;
    const [codesNow, ownNow] = await Promise.all([
      Promise.all(
        byCode.map(async (c): Promise<Fresh> => {
          try {
            return await balanceOf(c.code!);
          } catch (err) {
            // Unknown now; a failed look keeps the card as it was.
            return err instanceof ApiError && err.problem.code === 'GIFT_CARD_INVALID' ? 'unknown' : null;
          }
        }),
      ),
      // A failed look keeps the cards as they were.
      byId.length ? own.refetch().then((r) => (r.isSuccess ? r.data.data : null)) : Promise.resolve(null),
    ]);
    const idsNow: Fresh[] = byId.map((c) =>
      ownNow ? (ownNow.find((n) => n.id === c.id) ?? 'unknown') : null,
    );
    // The own card the server refused, by its place in what was sent.
    const named = problem.errors
      ?.map((e) => /^body\.gift_card_ids\.(\d+)$/.exec(e.path))
      .map((m) => (m ? sent.gift_card_ids?.[Number(m[1])] : undefined))
      .find(Boolean);
    const reasons: string[] = [];
    const keep = (list: AppliedGiftCard[], now: Fresh[]) =>
      list.flatMap((card, i): AppliedGiftCard[] => {
        const fresh = now[i] ?? null;
        if (fresh === 'unknown') {
          reasons.push(card.id ? t('gift_card.not_yours', { last: card.last }) : t('gift_card.invalid'));
          return [];
        }
        const reason = fresh ? refusalOf(t, fresh, o.currency) : null;
        if (reason) return (reasons.push(reason), []);
        if (card.id && card.id === named) {
          const said = problem.errors?.find((e) => e.path.startsWith('body.gift_card_ids.'))?.message;
          return (reasons.push(said ?? t('gift_card.disabled', { last: card.last })), []);
        }
        return [fresh ? { ...card, balance: fresh.balance } : card];
      });
    setByCode(keep(byCode, codesNow));
    setById(keep(byId, idsNow));
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
    /** What the cards may pay: the order's total less the gift cards it buys. */
    payable,
    /** Whether another card may be applied (fewer than the most, and something left to pay). */
    room: roomFor() === null,
    /** What to send: the cards that pay something — codes, then own cards' ids — in the order applied. */
    tender: {
      codes: paying(byCode, 0).map((c) => c.code!),
      ids: paying(byId, byCode.length).map((c) => c.id!),
    },
    offers,
    error,
    busy,
    apply,
    applyOwn,
    remove,
    refused,
  };
}

export type GiftCardsState = ReturnType<typeof useGiftCards>;

/**
 * The "Gift card" field at checkout: a code and Apply, the cards applied, and what is left to pay.
 * An order that buys gift cards too says how much of it the cards may pay.
 */
function GiftCardField({ gift, total, currency }: { gift: GiftCardsState; total: number; currency: string }) {
  const { t, locale } = useI18n();
  const [code, setCode] = useState('');
  const errorRef = useRef<HTMLParagraphElement>(null);
  const m = (n: number) => formatMoney(n, currency, locale);
  // A refusal of the checkout appears here, above the button just pressed: bring it into view.
  useEffect(() => {
    if (gift.error) errorRef.current?.scrollIntoView({ block: 'center', behavior: 'smooth' });
  }, [gift.error]);
  const limited = gift.payable < total;
  const described = ['gift-card-hint', limited ? 'gift-card-limit' : '', gift.error ? 'gift-card-error' : '']
    .filter(Boolean)
    .join(' ');
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
        {limited ? (
          <p id="gift-card-limit" className="text-xs text-stone-700" data-testid="gift-card-limit">
            {t('gift_card.limit', { amount: m(gift.payable) })}
          </p>
        ) : null}
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
            aria-describedby={described}
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
      {gift.offers.length && gift.room ? (
        <div
          role="group"
          aria-labelledby="own-gift-cards-title"
          className="flex flex-col gap-2 text-sm"
          data-testid="own-gift-cards"
        >
          <p id="own-gift-cards-title" className="font-medium">
            {t('gift_card.own_title')}
          </p>
          <ul className="flex flex-col gap-2">
            {gift.offers.map((c) => (
              <li key={c.id}>
                <button
                  type="button"
                  disabled={gift.busy}
                  onClick={() => gift.applyOwn(c)}
                  className="min-h-11 w-full rounded-lg border border-dashed border-stone-400 bg-white px-3 py-2 text-left font-medium disabled:opacity-60"
                >
                  {t('gift_card.use_own', { last: c.last_characters, amount: m(c.balance) })}
                </button>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      {gift.cards.length ? (
        <>
          <ul className="flex flex-col gap-2 text-sm" data-testid="applied-gift-cards">
            {gift.cards.map((c, i) => (
              <li
                key={keyOf(c)}
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
                  onClick={() => gift.remove(keyOf(c))}
                  aria-label={
                    t('gift_card.remove_label', { last: c.last }) +
                    // Two cards ending alike: which of them, by its place in the list.
                    (gift.cards.filter((o) => o.last === c.last).length > 1 ? ` (${i + 1})` : '')
                  }
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

/**
 * The payment section's body, at checkout and on a draft order's payment link: the gift card
 * field (not for an order that costs nothing: nothing for a card to pay; nor for one that buys
 * only gift cards: gift cards never pay for gift cards), then the way to pay what the cards leave.
 */
export function GiftCardsAndPayment({
  gift,
  flow,
  total,
  currency,
}: {
  gift: GiftCardsState;
  flow: PaymentFlow;
  total: number;
  currency: string;
}) {
  const { t } = useI18n();
  return (
    <>
      {total > 0 && gift.payable === 0 ? (
        <p
          className="mt-3 rounded-lg bg-stone-100 px-3 py-2 text-sm"
          data-testid="gift-cards-not-for-gift-cards"
        >
          {t('gift_card.not_for_gift_cards')}
        </p>
      ) : total > 0 || gift.cards.length ? (
        <GiftCardField gift={gift} total={total} currency={currency} />
      ) : null}
      <PaymentForm flow={flow} total={total} currency={currency} giftCards={gift.tender} due={gift.left} />
    </>
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
