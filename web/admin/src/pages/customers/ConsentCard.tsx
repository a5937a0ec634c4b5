import { useState } from 'react';
import { api, type Answer } from '../../api/client.ts';
import { useT } from '../../i18n/I18n.tsx';
import { useCursorList } from '../../lib/paging.ts';
import { CursorTable } from '../../ui/CursorTable.tsx';
import { Card } from '../../ui/layout.tsx';
import { DateTime } from '../../ui/values.tsx';
import { consentLine, consentSourceLabel, type ConsentStatement } from './consent.ts';

type Customer = Answer<'/admin/v1/customers/{customerId}', 'get'>;

/**
 * The customer's marketing consent: per channel where it stands, where it was stated (checkout,
 * their account, staff, an import, cart recovery, messaging — an unsubscribe link, a sign-up
 * form) and when; under double opt-in, a grant still waiting for the shopper to confirm it from
 * the link e-mailed to them, and since when. Below, every statement ever made, newest first
 * (`GET …/consent/history`, fetched when opened).
 */
export function ConsentCard({ customer }: { customer: Customer }) {
  const t = useT();
  const customerId = customer.id;
  const [historyOpen, setHistoryOpen] = useState(false);
  const history = useCursorList(
    ['customer', customerId, 'consent-history'],
    (cursor) =>
      api.get('/admin/v1/customers/{customerId}/consent/history', {
        path: { customerId },
        query: { limit: 20, cursor },
      }),
    historyOpen,
  );

  return (
    <Card title={t('customers.consent')}>
      <ul className="divide-y divide-slate-100 text-sm" data-testid="customer-consent">
        {customer.marketing_consent.map((m) => {
          const line = consentLine(m);
          return (
            <li key={m.channel} className="py-2 first:pt-0 last:pb-0">
              <div className="flex flex-wrap justify-between gap-x-2">
                <span className="font-medium text-slate-900">{t(`customers.channel.${m.channel}`)}</span>
                <span className="text-right">
                  {t(line.status)}
                  {line.source && (
                    <span className="text-slate-600">
                      {' '}
                      {t('consent.via')} {t(line.source)}
                    </span>
                  )}
                  {line.changedAt && (
                    <span className="text-slate-600">
                      {' '}
                      · <DateTime value={line.changedAt} />
                    </span>
                  )}
                </span>
              </div>
              {line.awaitingSince && (
                <div className="mt-1">
                  <p className="font-medium text-amber-900">
                    {t('consent.awaitingSince')} <DateTime value={line.awaitingSince} />
                  </p>
                  <p className="text-xs text-slate-600">{t('consent.awaitingHint')}</p>
                </div>
              )}
            </li>
          );
        })}
      </ul>
      <details
        className="mt-4 border-t border-slate-200 pt-3"
        onToggle={(e) => setHistoryOpen(e.currentTarget.open)}
      >
        <summary className="cursor-pointer text-sm font-medium text-indigo-800">
          {t('consent.history')}
        </summary>
        {historyOpen && (
          <div className="mt-2" data-testid="consent-history">
            <CursorTable<ConsentStatement>
              list={history}
              caption={t('consent.history')}
              rowKey={(s) => s.id}
              empty={t('consent.historyEmpty')}
              columns={[
                { header: t('consent.when'), cell: (s) => <DateTime value={s.occurred_at} /> },
                { header: t('consent.channel'), cell: (s) => t(`customers.channel.${s.channel}`) },
                { header: t('consent.statement'), cell: (s) => t(`customers.consent.${s.status}`) },
                { header: t('consent.source'), cell: (s) => t(consentSourceLabel(s.source)!) },
              ]}
            />
          </div>
        )}
      </details>
    </Card>
  );
}
