import { getRouteApi, Link } from '@tanstack/react-router';
import { Listing } from '../components/Listing.tsx';
import { useI18n } from '../i18n.ts';

const route = getRouteApi('/categories/$handle');

export function CategoryPage() {
  const { category, path } = route.useLoaderData();
  const filters = route.useSearch();
  const { t } = useI18n();
  return (
    <div className="flex flex-col gap-3">
      <nav aria-label="Breadcrumb" className="text-sm text-stone-600">
        <ol className="flex flex-wrap gap-1">
          <li>
            <Link to="/" className="hover:underline">
              {t('nav.home')}
            </Link>
          </li>
          {path.map((c) => (
            <li key={c.id} className="before:mr-1 before:content-['/']">
              {c.id === category.id ? (
                <span aria-current="page">{c.name}</span>
              ) : (
                <Link to="/categories/$handle" params={{ handle: c.handle }} className="hover:underline">
                  {c.name}
                </Link>
              )}
            </li>
          ))}
        </ol>
      </nav>
      {category.children?.length ? (
        <ul className="flex flex-wrap gap-2">
          {category.children.map((c) => (
            <li key={c.id}>
              <Link
                to="/categories/$handle"
                params={{ handle: c.handle }}
                className="inline-block rounded-full border border-stone-300 bg-white px-3 py-1 text-sm hover:border-stone-500"
              >
                {c.name}
              </Link>
            </li>
          ))}
        </ul>
      ) : null}
      <Listing filters={filters} categoryId={category.id} heading={category.name} />
    </div>
  );
}
