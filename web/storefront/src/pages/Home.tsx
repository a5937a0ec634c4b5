import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { categoriesQuery, searchQuery } from '../api.ts';
import { ProductGrid } from '../components/ProductCard.tsx';
import { useI18n } from '../i18n.ts';
import { useShop } from '../shop.ts';

export function HomePage() {
  const { api, currency } = useShop();
  const { t } = useI18n();
  const categories = useQuery(categoriesQuery(api));
  const newest = useQuery(searchQuery(api, currency, { sort: 'newest', limit: 8 }));
  return (
    <div className="flex flex-col gap-10">
      <section className="rounded-2xl bg-gradient-to-br from-amber-100 to-stone-200 px-6 py-10 sm:px-10">
        <h1 className="text-3xl font-bold tracking-tight sm:text-4xl">{t('home.title')}</h1>
        <p className="mt-3 max-w-xl text-lg text-stone-800">{t('home.lead')}</p>
      </section>
      <section aria-labelledby="home-categories">
        <h2 id="home-categories" className="mb-3 text-xl font-semibold">
          {t('home.shop')}
        </h2>
        <ul className="grid grid-cols-2 gap-3 sm:grid-cols-4">
          {(categories.data?.data ?? []).map((c) => (
            <li key={c.id}>
              <Link
                to="/categories/$handle"
                params={{ handle: c.handle }}
                className="flex h-full flex-col rounded-xl border border-stone-200 bg-white p-4 hover:border-stone-400"
              >
                <span className="font-medium">{c.name}</span>
                <span className="text-sm text-stone-600">
                  {t('listing.products', { count: c.product_count })}
                </span>
              </Link>
            </li>
          ))}
        </ul>
      </section>
      <section aria-labelledby="home-new">
        <h2 id="home-new" className="mb-3 text-xl font-semibold">
          {t('home.new')}
        </h2>
        {newest.data ? <ProductGrid products={newest.data.data} eager={2} /> : null}
      </section>
    </div>
  );
}
