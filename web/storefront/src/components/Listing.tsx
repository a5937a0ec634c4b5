import { useQuery } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { searchQuery, type ListingFilters, type SearchAnswer } from '../api.ts';
import { formatMoney, useI18n } from '../i18n.ts';
import { useShop } from '../shop.ts';
import { ProductGrid } from './ProductCard.tsx';

type Facets = SearchAnswer['facets'];

function toggle(list: string[] | undefined, value: string): string[] {
  const set = new Set(list ?? []);
  if (set.has(value)) set.delete(value);
  else set.add(value);
  return [...set];
}

/**
 * A product listing with facet filters (brand, price, options, stock) and sorting, all kept in the
 * URL: a filtered page can be shared, and the server renders the same listing.
 */
export function Listing(props: {
  filters: ListingFilters;
  categoryId?: string;
  heading: string;
  searching?: boolean;
}) {
  const { api, currency } = useShop();
  const { t, locale } = useI18n();
  const navigate = useNavigate();
  const { filters, categoryId } = props;
  const answer = useQuery(searchQuery(api, currency, filters, categoryId));
  const set = (change: Partial<ListingFilters>) =>
    void navigate({
      to: '.',
      search: (prev: ListingFilters) => ({ ...prev, ...change, limit: undefined }),
      replace: true,
    });
  const data = answer.data;
  const facets: Facets | undefined = data?.facets;
  const active = !!filters.brand?.length || !!filters.option?.length || !!filters.price || !!filters.in_stock;
  const sorts = ['relevance', 'newest', 'price_asc', 'price_desc', 'title'] as const;

  return (
    <div className="flex flex-col gap-4">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <h1 className="text-2xl font-bold">{props.heading}</h1>
          {data ? (
            <p className="text-sm text-stone-600" aria-live="polite">
              {props.searching && filters.q
                ? t('search.results', { count: data.total, q: filters.q })
                : t('listing.products', { count: data.total })}
            </p>
          ) : null}
        </div>
        <label className="flex items-center gap-2 text-sm">
          {t('listing.sort')}
          <select
            value={filters.sort ?? (filters.q ? 'relevance' : 'newest')}
            onChange={(e) => set({ sort: e.target.value as ListingFilters['sort'] })}
            className="rounded border border-stone-300 bg-white px-2 py-1"
          >
            {sorts
              .filter((s) => s !== 'relevance' || filters.q)
              .map((s) => (
                <option key={s} value={s}>
                  {t(`sort.${s}`)}
                </option>
              ))}
          </select>
        </label>
      </div>
      <div className="grid gap-6 md:grid-cols-[14rem_1fr]">
        <details
          className="group rounded-lg border border-stone-200 bg-white p-3 md:open:block"
          open={active || undefined}
        >
          <summary className="cursor-pointer font-semibold md:cursor-default">{t('listing.filters')}</summary>
          {facets ? (
            <div className="mt-3 flex flex-col gap-4 text-sm">
              {active ? (
                <button
                  type="button"
                  className="self-start text-amber-800 underline"
                  onClick={() =>
                    set({ brand: undefined, option: undefined, price: undefined, in_stock: undefined })
                  }
                >
                  {t('listing.clear')}
                </button>
              ) : null}
              <fieldset>
                <legend className="mb-1 font-medium">{t('facet.availability')}</legend>
                <label className="flex items-center gap-2">
                  <input
                    type="checkbox"
                    checked={!!filters.in_stock}
                    onChange={(e) => set({ in_stock: e.target.checked || undefined })}
                  />
                  {t('facet.in_stock')} ({facets.in_stock.in_stock})
                </label>
              </fieldset>
              {facets.brands.length ? (
                <fieldset>
                  <legend className="mb-1 font-medium">{t('facet.brand')}</legend>
                  <ul className="max-h-48 overflow-y-auto">
                    {facets.brands.slice(0, 30).map((b) => (
                      <li key={b.value}>
                        <label className="flex items-center gap-2">
                          <input
                            type="checkbox"
                            checked={filters.brand?.includes(b.value) ?? false}
                            onChange={() => set({ brand: toggle(filters.brand, b.value) })}
                          />
                          {b.value} ({b.count})
                        </label>
                      </li>
                    ))}
                  </ul>
                </fieldset>
              ) : null}
              {facets.prices.length ? (
                <fieldset>
                  <legend className="mb-1 font-medium">{t('facet.price')}</legend>
                  <ul>
                    {facets.prices.map((p) => {
                      const value = `${p.min}-${p.max ?? ''}`;
                      return (
                        <li key={value}>
                          <label className="flex items-center gap-2">
                            <input
                              type="radio"
                              name="price"
                              checked={filters.price === value}
                              onChange={() => set({ price: value })}
                            />
                            {formatMoney(p.min, currency, locale)}
                            {p.max !== null ? ` – ${formatMoney(p.max, currency, locale)}` : '+'} ({p.count})
                          </label>
                        </li>
                      );
                    })}
                  </ul>
                </fieldset>
              ) : null}
              {facets.options.map((o) => (
                <fieldset key={o.name}>
                  <legend className="mb-1 font-medium">{o.name}</legend>
                  <ul className="flex flex-wrap gap-1">
                    {o.values.map((v) => {
                      const value = `${o.name}:${v.value}`;
                      const on = filters.option?.includes(value) ?? false;
                      return (
                        <li key={value}>
                          <button
                            type="button"
                            aria-pressed={on}
                            onClick={() => set({ option: toggle(filters.option, value) })}
                            className={`rounded border px-2 py-1 ${on ? 'border-stone-900 bg-stone-900 text-white' : 'border-stone-300 bg-white'}`}
                          >
                            {v.value} ({v.count})
                          </button>
                        </li>
                      );
                    })}
                  </ul>
                </fieldset>
              ))}
            </div>
          ) : null}
        </details>
        <section aria-label={props.heading}>
          {data && data.data.length === 0 ? (
            <p className="rounded-lg bg-white p-6 text-center">
              {props.searching && filters.q && !active
                ? t('search.none', { q: filters.q })
                : t('listing.empty')}
            </p>
          ) : null}
          {data ? <ProductGrid products={data.data} eager={2} /> : <p>{t('loading')}</p>}
          {data && data.total > data.data.length && (filters.limit ?? 24) < 96 ? (
            <div className="mt-6 text-center">
              <button
                type="button"
                onClick={() =>
                  void navigate({
                    to: '.',
                    search: (prev: ListingFilters) => ({ ...prev, limit: (filters.limit ?? 24) + 24 }),
                    replace: true,
                    resetScroll: false,
                  })
                }
                className="rounded-lg border border-stone-300 bg-white px-4 py-2 font-medium"
              >
                {t('listing.more')}
              </button>
            </div>
          ) : null}
        </section>
      </div>
    </div>
  );
}
