import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { api } from '../../api/client.ts';
import { useT } from '../../i18n/I18n.tsx';
import { ErrorMessage, Loading } from '../../ui/feedback.tsx';
import { Card } from '../../ui/layout.tsx';
import { Table } from '../../ui/table.tsx';
import { GiftCardBalance, GiftCardLink, GiftCardStatusBadge } from '../gift-cards/GiftCardLabels.tsx';
import type { GiftCard } from '../gift-cards/gift-cards.ts';
import { boughtCardsState } from './bought-gift-cards.ts';
import type { AdminOrder } from './order-actions.tsx';

/** While the cards are being issued, the list is asked for again this often… */
const ISSUING_POLL_MS = 2000;
/** …this many times at most (the live feed's `gift_card.issued` usually refreshes it first). */
const ISSUING_POLLS = 60;

/** Every card bought in the order (an order rarely buys more than a page of them). */
async function cardsBoughtIn(orderId: string): Promise<GiftCard[]> {
  const cards: GiftCard[] = [];
  let cursor: string | undefined;
  do {
    const page = await api.get('/admin/v1/gift-cards', {
      query: { order_id: orderId, limit: 200, cursor },
    });
    cards.push(...page.data);
    cursor = page.next_cursor ?? undefined;
  } while (cursor);
  return cards;
}

/**
 * On the order page of an order that bought gift cards: the cards its gift card lines became, each
 * linked to its page with its balance of its value and its status. They are issued by the server a
 * moment after the payment is captured: until then the card says when they will be, and while they
 * are being issued the list is asked for again (and follows the live feed, `gift_card.*` marking
 * `['gift-cards', …]` stale). When they arrive, the order is asked for again too: their lines are
 * fulfilled with them.
 */
export function BoughtGiftCardsCard({ order }: { order: AdminOrder }) {
  const t = useT();
  const queryClient = useQueryClient();
  const cards = useQuery({
    queryKey: ['gift-cards', 'order', order.id],
    queryFn: () => cardsBoughtIn(order.id),
    refetchInterval: (q) =>
      boughtCardsState(order, q.state.data?.length ?? 0) === 'issuing' &&
      q.state.dataUpdateCount < ISSUING_POLLS
        ? ISSUING_POLL_MS
        : false,
  });
  const listed = cards.data?.length;
  // The server fulfils the gift card lines as it issues their cards: once cards are listed while
  // the order on screen still has such lines to fulfil, it is asked for again (once per change).
  const linesOpen = order.lines.some(
    (l) => l.gift_card && l.fulfilled_quantity + l.cancelled_quantity < l.quantity,
  );
  useEffect(() => {
    if (listed && linesOpen) void queryClient.invalidateQueries({ queryKey: ['order', order.id] });
  }, [listed, linesOpen, order.id, queryClient]);

  const state = boughtCardsState(order, listed ?? 0);
  const note =
    state === 'awaiting_payment'
      ? t('giftCardProducts.awaitingPayment', { email: order.email })
      : state === 'issuing'
        ? t('giftCardProducts.issuing')
        : null;
  return (
    <Card title={t('giftCardProducts.bought')}>
      <div data-testid="order-gift-cards-bought">
        <ErrorMessage error={cards.error} />
        {cards.isPending ? (
          <Loading />
        ) : (
          <>
            {cards.data && cards.data.length > 0 && (
              <Table
                caption={t('giftCardProducts.bought')}
                rows={cards.data}
                rowKey={(c) => c.id}
                columns={[
                  { header: t('giftCards.card'), cell: (c) => <GiftCardLink card={c} /> },
                  {
                    header: t('giftCards.balanceOfValue'),
                    cell: (c) => <GiftCardBalance card={c} />,
                    align: 'right',
                  },
                  { header: t('common.status'), cell: (c) => <GiftCardStatusBadge status={c.status} /> },
                ]}
              />
            )}
            <p className="mt-2 text-sm text-slate-600" role={note ? 'status' : undefined}>
              {note ??
                (listed
                  ? t('giftCardProducts.boughtExplain', { email: order.email })
                  : t('giftCardProducts.noneIssued'))}
            </p>
          </>
        )}
      </div>
    </Card>
  );
}
