import { useNavigate, useSearch } from '@tanstack/react-router';
import { useState, type FormEvent } from 'react';
import { api } from '../../api/client.ts';
import { useT } from '../../i18n/I18n.tsx';
import { useCan, useStore } from '../../lib/me.ts';
import { useCursorList } from '../../lib/paging.ts';
import { Button } from '../../ui/Button.tsx';
import { CursorTable } from '../../ui/CursorTable.tsx';
import { SelectField, TextField } from '../../ui/form.tsx';
import { Card, Page } from '../../ui/layout.tsx';
import { DateTime } from '../../ui/values.tsx';
import { GIFT_CARD_STATUSES, giftCardStatusOf, type GiftCardStatus } from './gift-cards.ts';
import { GiftCardBalance, GiftCardLink, GiftCardStatusBadge } from './GiftCardLabels.tsx';
import { IssueGiftCardBatchDialog } from './IssueGiftCardBatchDialog.tsx';
import { IssueGiftCardDialog } from './IssueGiftCardDialog.tsx';

export interface GiftCardFilters {
  status?: GiftCardStatus | undefined;
  q?: string | undefined;
}

/**
 * The store's gift cards, newest first: found by the code's last four characters or the
 * recipient's e-mail, filtered by status, with staff's note. Staff who may manage gift cards issue
 * one here (its code shown once), or several of one value at once (their codes a CSV download).
 */
export function GiftCardsPage() {
  const t = useT();
  const can = useCan();
  const store = useStore();
  const search = useSearch({ from: '/app/gift-cards' });
  const navigate = useNavigate({ from: '/gift-cards' });
  const [q, setQ] = useState(search.q ?? '');
  const [status, setStatus] = useState<string>(search.status ?? '');
  const [issuing, setIssuing] = useState<'one' | 'batch' | null>(null);
  const list = useCursorList(['gift-cards', 'list', search.status, search.q], (cursor) =>
    api.get('/admin/v1/gift-cards', { query: { limit: 25, cursor, status: search.status, q: search.q } }),
  );
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void navigate({ search: { q: q.trim() || undefined, status: giftCardStatusOf(status) } });
  };
  const filtered = !!(search.q || search.status);
  return (
    <Page
      title={t('nav.giftCards')}
      actions={
        can('gift_cards.manage') && (
          <>
            <Button onClick={() => setIssuing('batch')}>{t('giftCards.issueBatch')}</Button>
            <Button variant="primary" onClick={() => setIssuing('one')}>
              {t('giftCards.issue')}
            </Button>
          </>
        )
      }
    >
      <p className="text-sm text-slate-700">{t('giftCards.intro')}</p>
      <Card>
        <form onSubmit={submit} role="search" className="flex flex-wrap items-end gap-2">
          <TextField
            className="min-w-0 flex-[2_1_16rem]"
            label={t('giftCards.search')}
            type="search"
            autoComplete="off"
            value={q}
            onChange={(e) => setQ(e.target.value)}
          />
          <SelectField
            className="min-w-0 flex-[1_1_10rem]"
            label={t('common.status')}
            value={status}
            onChange={(e) => setStatus(e.target.value)}
          >
            <option value="">{t('giftCards.allStatuses')}</option>
            {GIFT_CARD_STATUSES.map((s) => (
              <option key={s} value={s}>
                {t(`giftCards.status.${s}`)}
              </option>
            ))}
          </SelectField>
          <Button type="submit" variant="primary">
            {t('common.search')}
          </Button>
        </form>
      </Card>
      <Card>
        <CursorTable
          list={list}
          caption={t('nav.giftCards')}
          rowKey={(c) => c.id}
          empty={t(filtered ? 'giftCards.noneFound' : 'giftCards.none')}
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
              wide: true,
            },
            {
              header: t('giftCards.recipient'),
              cell: (c) => <span className="break-all">{c.recipient_email ?? '—'}</span>,
              wide: true,
            },
            {
              header: t('giftCards.note'),
              cell: (c) => (
                <span title={c.note ?? undefined} className="line-clamp-2 max-w-56 break-words">
                  {c.note ?? '—'}
                </span>
              ),
              wide: true,
            },
            { header: t('giftCards.created'), cell: (c) => <DateTime value={c.created_at} />, wide: true },
          ]}
        />
      </Card>
      {issuing === 'one' && (
        <IssueGiftCardDialog storeCurrency={store.data?.currency ?? 'USD'} onClose={() => setIssuing(null)} />
      )}
      {issuing === 'batch' && (
        <IssueGiftCardBatchDialog
          storeCurrency={store.data?.currency ?? 'USD'}
          onClose={() => setIssuing(null)}
        />
      )}
    </Page>
  );
}
