import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { api, type Answer } from '../../api/client.ts';
import { useT } from '../../i18n/I18n.tsx';
import { Button } from '../../ui/Button.tsx';
import { TextField } from '../../ui/form.tsx';
import { customerName } from '../customers/CustomerList.tsx';
import { useDebounced } from '../recovery/useDebounced.ts';

export type FoundCustomer = Answer<'/admin/v1/customers', 'get'>['data'][number];

/** Find an active registered customer by name or e-mail, for a draft order to be theirs. */
export function CustomerSearch({ onChoose }: { onChoose: (customer: FoundCustomer) => void }) {
  const t = useT();
  const [query, setQuery] = useState('');
  const settled = useDebounced(query.trim(), 250);
  const found = useQuery({
    queryKey: ['customers', 'draft-search', settled],
    queryFn: () => api.get('/admin/v1/customers', { query: { q: settled, limit: 8 } }),
    enabled: settled.length > 0,
    staleTime: 30_000,
  });
  const results = (found.data?.data ?? []).filter((c) => !c.erased && c.status === 'active');
  return (
    <div>
      <TextField
        label={t('drafts.findCustomer')}
        hint={t('drafts.findCustomerHint')}
        type="search"
        value={query}
        autoComplete="off"
        onChange={(e) => setQuery(e.target.value)}
      />
      {settled && (
        <ul className="mt-2 space-y-1" aria-label={t('drafts.customerResults')}>
          {found.isPending && <li className="text-sm text-slate-600">{t('common.loading')}</li>}
          {found.data && results.length === 0 && (
            <li className="text-sm text-slate-600">{t('drafts.noCustomerFound')}</li>
          )}
          {results.map((c) => (
            <li key={c.id}>
              <Button
                small
                variant="ghost"
                className="text-left"
                onClick={() => {
                  onChoose(c);
                  setQuery('');
                }}
              >
                {t('drafts.chooseCustomer', { name: customerName(c), email: c.email })}
              </Button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
