import { useState } from 'react';
import { api } from '../../api/client.ts';
import { useT } from '../../i18n/I18n.tsx';
import { useStore } from '../../lib/me.ts';
import { useCursorList } from '../../lib/paging.ts';
import { Button } from '../../ui/Button.tsx';
import { CursorTable } from '../../ui/CursorTable.tsx';
import { Card } from '../../ui/layout.tsx';
import { DateTime } from '../../ui/values.tsx';
import { GiftCardBalance, GiftCardLink, GiftCardStatusBadge } from '../gift-cards/GiftCardLabels.tsx';
import { IssueGiftCardDialog } from '../gift-cards/IssueGiftCardDialog.tsx';
import { customerName } from './CustomerList.tsx';

/**
 * The gift cards a customer holds, newest first: those staff issued for them and the store credit
 * their returns were refunded as. Staff who may manage gift cards issue one for them here, e-mailed
 * to their address unless changed. The list follows the live feed (`gift_card.*` marks
 * `['gift-cards', …]` stale), so a card spent or adjusted elsewhere shows its balance now.
 */
export function CustomerGiftCardsCard({
  customer,
  canManage,
}: {
  customer: {
    id: string;
    email: string;
    first_name: string | null;
    last_name: string | null;
    erased: boolean;
  };
  canManage: boolean;
}) {
  const t = useT();
  const store = useStore();
  const [issuing, setIssuing] = useState(false);
  const list = useCursorList(['gift-cards', 'customer', customer.id], (cursor) =>
    api.get('/admin/v1/gift-cards', { query: { customer_id: customer.id, limit: 10, cursor } }),
  );
  return (
    <Card
      title={t('giftCards.customerTitle')}
      actions={
        canManage &&
        !customer.erased && (
          <Button small onClick={() => setIssuing(true)}>
            {t('giftCards.issue')}
          </Button>
        )
      }
    >
      <div data-testid="customer-gift-cards">
        <CursorTable
          list={list}
          caption={t('giftCards.customerTitle')}
          rowKey={(c) => c.id}
          empty={t('giftCards.customerNone')}
          columns={[
            {
              header: t('giftCards.card'),
              cell: (c) => <GiftCardLink card={c} />,
            },
            {
              header: t('giftCards.balanceOfValue'),
              cell: (c) => <GiftCardBalance card={c} />,
              align: 'right',
            },
            { header: t('common.status'), cell: (c) => <GiftCardStatusBadge status={c.status} /> },
            {
              header: t('giftCards.expires'),
              cell: (c) => (c.expires_at ? <DateTime value={c.expires_at} /> : t('giftCards.never')),
            },
            {
              // "Store credit for return #1001-R1", or what staff wrote when they issued it.
              header: t('giftCards.note'),
              cell: (c) => <span className="break-words whitespace-pre-line">{c.note ?? '—'}</span>,
              wide: true,
            },
            { header: t('giftCards.created'), cell: (c) => <DateTime value={c.created_at} />, wide: true },
          ]}
        />
      </div>
      {issuing && (
        <IssueGiftCardDialog
          storeCurrency={store.data?.currency ?? 'USD'}
          customer={{ id: customer.id, name: customerName(customer), email: customer.email }}
          onClose={() => setIssuing(false)}
        />
      )}
    </Card>
  );
}
