import { Link } from '@tanstack/react-router';
import { useI18n } from '../../i18n/I18n.tsx';
import { formatMoney } from '../../lib/format.ts';
import { maskedCode, orderGiftCardPayment, signedMoney } from '../gift-cards/gift-cards.ts';
import type { AdminOrder } from './order-actions.tsx';

/**
 * In the order's payment card: the gift cards that paid part or all of it (each linked to its
 * page, with what was spent and what a refund gave back to it), and what the payment covered.
 * Nothing for an order paid without one.
 */
export function GiftCardPayments({ order }: { order: AdminOrder }) {
  const { t, locale } = useI18n();
  const { cards, paid, rest } = orderGiftCardPayment(order);
  if (cards.length === 0) return null;
  const money = (n: number) => formatMoney(n, order.currency, locale);
  return (
    <div className="mb-4 border-b border-slate-200 pb-4" data-testid="order-gift-cards">
      <h3 className="mb-2 text-sm font-semibold">{t('orders.giftCards')}</h3>
      <ul className="space-y-1 text-sm">
        {cards.map((c) => (
          <li key={c.gift_card_id} className="flex flex-wrap items-baseline justify-between gap-x-3">
            <Link
              to="/gift-cards/$giftCardId"
              params={{ giftCardId: c.gift_card_id }}
              className="text-indigo-800 underline"
            >
              {t('orders.giftCard', { code: maskedCode(c.last_characters) })}
            </Link>
            <span className="whitespace-nowrap">
              {signedMoney(-c.amount, order.currency, locale)}
              {c.refunded > 0 && (
                <span className="ml-1 text-slate-600">
                  {t('orders.giftCardRefunded', { amount: money(c.refunded) })}
                </span>
              )}
            </span>
          </li>
        ))}
      </ul>
      <p className="mt-2 text-sm text-slate-700">
        {rest > 0
          ? t('orders.giftCardsRest', {
              paid: money(paid),
              total: money(order.totals.total),
              rest: money(rest),
            })
          : t('orders.giftCardsAll', { total: money(order.totals.total) })}
      </p>
    </div>
  );
}
