import { Link, useNavigate, useSearch } from '@tanstack/react-router';
import { useState, type FormEvent } from 'react';
import { api, type Answer } from '../../api/client.ts';
import { useT } from '../../i18n/I18n.tsx';
import { moneyInput, parseMoney } from '../../lib/format.ts';
import { useStore } from '../../lib/me.ts';
import { useCursorList } from '../../lib/paging.ts';
import { StatusBadge } from '../../ui/Badge.tsx';
import { Button } from '../../ui/Button.tsx';
import { CursorTable } from '../../ui/CursorTable.tsx';
import { SelectField, TextField } from '../../ui/form.tsx';
import { Card, Page } from '../../ui/layout.tsx';
import { DateTime, Money } from '../../ui/values.tsx';
import { endOfDay, startOfDay } from './dates.ts';

export type TrackedCart = Answer<'/admin/v1/recovery/carts', 'get'>['data'][number];

export interface CartFilters {
  status?: string | undefined;
  source?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
  /** Minor units of the store's currency. */
  min?: number | undefined;
  max?: number | undefined;
}

export const CART_STATUSES = ['abandoned', 'recovered', 'active', 'purchased'] as const;
export const CART_SOURCES = [
  'carton',
  'tracker',
  'shopify',
  'woocommerce',
  'bigcommerce',
  'magento',
] as const;

/** Who the cart belongs to, as the API shows it (addresses are decrypted for staff, never searched). */
export function ContactLine({ cart }: { cart: Pick<TrackedCart, 'contact'> }) {
  const t = useT();
  const c = cart.contact;
  if (!c) return <span className="text-slate-600">{t('recovery.anonymous')}</span>;
  if (c.erased_at) return <span className="text-slate-600">{t('recovery.erased')}</span>;
  return <span className="break-all">{c.email ?? c.phone ?? t('recovery.anonymous')}</span>;
}

/**
 * Tracked carts (abandoned ones first), filtered by status, source, the day they were abandoned and
 * value; the filters live in the URL. A cart abandoned or recovered meanwhile appears without a
 * reload (the live feed's `cart.abandoned` / `cart.recovered` mark the list stale).
 */
export function AbandonedCartsPage() {
  const t = useT();
  const store = useStore();
  const currency = store.data?.currency ?? 'USD';
  const filters = useSearch({ from: '/app/recovery/carts' });
  const navigate = useNavigate({ from: '/recovery/carts' });
  const [draft, setDraft] = useState({
    status: filters.status ?? 'abandoned',
    source: filters.source ?? '',
    from: filters.from ?? '',
    to: filters.to ?? '',
    min: moneyInput(filters.min, currency),
    max: moneyInput(filters.max, currency),
  });
  const [errors, setErrors] = useState<{ min?: string; max?: string }>({});
  // An exact address finds its carts (the API compares keyed hashes); kept out of the page's URL,
  // so no address lands in browser history.
  const [contact, setContact] = useState('');
  const [contactDraft, setContactDraft] = useState('');
  const byEmail = contact.includes('@');
  const [more, setMore] = useState(
    !!(filters.source || filters.from || filters.to || filters.min || filters.max),
  );

  const list = useCursorList(['recovery', 'carts', filters, contact], (cursor) =>
    api.get('/admin/v1/recovery/carts', {
      query: {
        limit: 25,
        cursor,
        status: (filters.status ?? 'abandoned') as (typeof CART_STATUSES)[number],
        source: filters.source as (typeof CART_SOURCES)[number] | undefined,
        abandoned_from: filters.from ? startOfDay(filters.from) : undefined,
        abandoned_to: filters.to ? endOfDay(filters.to) : undefined,
        min_value: filters.min,
        max_value: filters.max,
        email: contact && byEmail ? contact : undefined,
        phone: contact && !byEmail ? contact : undefined,
      },
    }),
  );

  const apply = (e: FormEvent) => {
    e.preventDefault();
    const min = draft.min.trim() ? parseMoney(draft.min, currency) : undefined;
    const max = draft.max.trim() ? parseMoney(draft.max, currency) : undefined;
    const problems = {
      min: min === null ? t('form.money') : undefined,
      max: max === null ? t('form.money') : undefined,
    };
    setErrors(problems);
    if (problems.min || problems.max) return;
    setContact(contactDraft.trim());
    void navigate({
      search: {
        status: draft.status === 'abandoned' ? undefined : draft.status,
        source: draft.source || undefined,
        from: draft.from || undefined,
        to: draft.to || undefined,
        min: min ?? undefined,
        max: max ?? undefined,
      },
    });
  };
  const set = (k: keyof typeof draft) => (e: { target: { value: string } }) =>
    setDraft((d) => ({ ...d, [k]: e.target.value }));

  return (
    <Page title={t('nav.abandonedCarts')}>
      <Card>
        <form
          onSubmit={apply}
          className="grid grid-cols-1 gap-3 sm:grid-cols-2 lg:grid-cols-6"
          role="search"
          aria-label={t('recovery.filters')}
        >
          <SelectField label={t('common.status')} value={draft.status} onChange={set('status')}>
            {CART_STATUSES.map((s) => (
              <option key={s} value={s}>
                {t(`status.${s}`)}
              </option>
            ))}
          </SelectField>
          <div className={more ? 'contents' : 'hidden sm:contents'}>
            <SelectField label={t('recovery.source')} value={draft.source} onChange={set('source')}>
              <option value="">{t('common.all')}</option>
              {CART_SOURCES.map((s) => (
                <option key={s} value={s}>
                  {t(`recovery.source.${s}`)}
                </option>
              ))}
            </SelectField>
            <TextField
              label={t('recovery.abandonedFrom')}
              type="date"
              value={draft.from}
              onChange={set('from')}
            />
            <TextField label={t('recovery.abandonedTo')} type="date" value={draft.to} onChange={set('to')} />
            <TextField
              label={t('recovery.minValue', { currency })}
              inputMode="decimal"
              value={draft.min}
              onChange={set('min')}
              error={errors.min}
            />
            <TextField
              label={t('recovery.maxValue', { currency })}
              inputMode="decimal"
              value={draft.max}
              onChange={set('max')}
              error={errors.max}
            />
          </div>
          <TextField
            className="sm:col-span-2"
            label={t('recovery.exactContact')}
            hint={t('recovery.searchHint')}
            type="search"
            autoComplete="off"
            value={contactDraft}
            onChange={(e) => setContactDraft(e.target.value)}
          />
          <div className="flex items-end gap-2 sm:col-span-2 lg:col-span-6">
            <Button type="submit" variant="primary">
              {t('common.filter')}
            </Button>
            <Button className="sm:hidden" aria-expanded={more} onClick={() => setMore((m) => !m)}>
              {more ? t('orders.fewerFilters') : t('orders.moreFilters')}
            </Button>
            <Button
              onClick={() => {
                setDraft({ status: 'abandoned', source: '', from: '', to: '', min: '', max: '' });
                setErrors({});
                setContact('');
                setContactDraft('');
                void navigate({ search: {} });
              }}
            >
              {t('common.clear')}
            </Button>
          </div>
        </form>
      </Card>
      <Card>
        <CursorTable
          list={list}
          caption={t('nav.abandonedCarts')}
          rowKey={(c) => c.id}
          empty={t('recovery.noCarts')}
          columns={[
            {
              header: t('recovery.cart'),
              cell: (c) => (
                <Link
                  to="/recovery/carts/$trackedCartId"
                  params={{ trackedCartId: c.id }}
                  className="font-medium text-indigo-800 underline"
                  aria-label={t('recovery.openCart', { items: c.item_count, id: c.id.slice(-6) })}
                >
                  {t('recovery.items', { count: c.item_count })}
                </Link>
              ),
            },
            { header: t('recovery.contact'), cell: (c) => <ContactLine cart={c} /> },
            {
              header: t('recovery.value'),
              cell: (c) => <Money amount={c.value} currency={c.currency} />,
              align: 'right',
            },
            { header: t('common.status'), cell: (c) => <StatusBadge status={c.status} /> },
            { header: t('recovery.source'), cell: (c) => t(`recovery.source.${c.source}`), wide: true },
            {
              header: t('recovery.abandonedAt'),
              cell: (c) => <DateTime value={c.abandoned_at ?? c.last_activity_at} />,
              wide: true,
            },
            {
              header: t('recovery.recoveredValue'),
              cell: (c) =>
                c.recovered_value === null ? (
                  '—'
                ) : (
                  <Money amount={c.recovered_value} currency={c.recovered_currency ?? c.currency} />
                ),
              align: 'right',
              wide: true,
            },
          ]}
        />
      </Card>
    </Page>
  );
}
