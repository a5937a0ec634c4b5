import { useQuery } from '@tanstack/react-query';
import { Link, useNavigate, useSearch } from '@tanstack/react-router';
import { useState, type FormEvent } from 'react';
import { api } from '../../api/client.ts';
import { useT } from '../../i18n/I18n.tsx';
import { useCan } from '../../lib/me.ts';
import { Button } from '../../ui/Button.tsx';
import { ErrorMessage, Loading } from '../../ui/feedback.tsx';
import { TextField } from '../../ui/form.tsx';
import { Card, Page } from '../../ui/layout.tsx';
import { AdjustDialog, type AdjustTarget } from './AdjustDialog.tsx';
import { LocationsCard } from './Locations.tsx';
import { MovementsCard } from './Movements.tsx';

/** Stock per location: pick a product, see each variant at each location, adjust or count. */
export function InventoryPage() {
  const t = useT();
  const can = useCan();
  const search = useSearch({ from: '/app/inventory' });
  const navigate = useNavigate({ from: '/inventory' });
  const [q, setQ] = useState(search.q ?? '');
  const [target, setTarget] = useState<AdjustTarget | null>(null);
  const manage = can('inventory.manage');

  const locations = useQuery({
    queryKey: ['inventory', 'locations'],
    queryFn: () => api.get('/admin/v1/stock-locations', { query: { limit: 200 } }),
  });
  const products = useQuery({
    queryKey: ['products', 'inventory-search', search.q],
    queryFn: () => api.get('/admin/v1/products', { query: { limit: 10, query: search.q } }),
  });
  const product = useQuery({
    queryKey: ['product', search.product, 'inventory'],
    queryFn: () => api.get('/admin/v1/products/{productId}', { path: { productId: search.product! } }),
    enabled: !!search.product,
  });
  const variantIds = product.data?.variants.map((v) => v.id) ?? [];
  const levels = useQuery({
    queryKey: ['inventory', 'levels', variantIds.join(',')],
    queryFn: () =>
      api.get('/admin/v1/inventory-levels', { query: { variant_ids: variantIds.join(','), limit: 200 } }),
    enabled: variantIds.length > 0,
  });

  const submit = (e: FormEvent) => {
    e.preventDefault();
    void navigate({ search: { q: q || undefined, product: search.product } });
  };
  const locs = locations.data?.data ?? [];
  const levelOf = (variantId: string, locationId: string) =>
    levels.data?.data.find((l) => l.variant_id === variantId && l.location_id === locationId);

  return (
    <Page title={t('nav.inventory')}>
      <ErrorMessage error={locations.error} />
      <div className="grid gap-6 lg:grid-cols-3">
        <Card title={t('inventory.findProduct')} className="lg:col-span-1">
          <form onSubmit={submit} role="search" className="flex items-end gap-2">
            <TextField
              className="flex-1"
              label={t('products.search')}
              type="search"
              value={q}
              onChange={(e) => setQ(e.target.value)}
            />
            <Button type="submit">{t('common.search')}</Button>
          </form>
          {products.isPending ? (
            <Loading />
          ) : (
            <ul className="mt-3 divide-y divide-slate-100">
              {products.data?.data.map((p) => (
                <li key={p.id}>
                  <Link
                    to="/inventory"
                    search={{ q: search.q, product: p.id }}
                    className="block px-2 py-2 text-sm hover:bg-slate-50"
                    activeProps={{ 'aria-current': 'true' }}
                  >
                    <span
                      className={
                        search.product === p.id
                          ? 'font-semibold text-indigo-900'
                          : 'text-indigo-800 underline'
                      }
                    >
                      {p.title}
                    </span>
                  </Link>
                </li>
              ))}
            </ul>
          )}
        </Card>
        <Card
          title={
            product.data ? t('inventory.stockOf', { product: product.data.title }) : t('inventory.stock')
          }
          className="lg:col-span-2"
        >
          {!search.product && <p className="text-sm text-slate-600">{t('inventory.pickProduct')}</p>}
          <ErrorMessage error={product.error ?? levels.error} />
          {product.data && (
            <div className="overflow-x-auto">
              <table className="min-w-full text-sm">
                <caption className="sr-only">
                  {t('inventory.stockOf', { product: product.data.title })}
                </caption>
                <thead>
                  <tr>
                    <th scope="col" className="px-2 py-2 text-left font-medium text-slate-700">
                      {t('inventory.variant')}
                    </th>
                    {locs.map((l) => (
                      <th key={l.id} scope="col" className="px-2 py-2 text-left font-medium text-slate-700">
                        {l.name}
                      </th>
                    ))}
                  </tr>
                </thead>
                <tbody className="divide-y divide-slate-100">
                  {product.data.variants.map((v) => (
                    <tr key={v.id}>
                      <th scope="row" className="px-2 py-2 text-left font-normal">
                        <span className="block font-medium">{v.title || t('products.defaultVariant')}</span>
                        <span className="font-mono text-xs text-slate-600">{v.sku}</span>
                      </th>
                      {locs.map((l) => {
                        const level = levelOf(v.id, l.id);
                        return (
                          <td key={l.id} className="px-2 py-2 align-top">
                            <p>
                              {t('inventory.levelLine', {
                                onHand: level?.on_hand ?? 0,
                                available: level?.available ?? 0,
                              })}
                            </p>
                            {(level?.reserved ?? 0) > 0 && (
                              <p className="text-xs text-slate-600">
                                {t('inventory.reserved', { n: level!.reserved })}
                              </p>
                            )}
                            {(level?.damaged ?? 0) > 0 && (
                              <p className="text-xs text-slate-600">
                                {t('inventory.damaged', { n: level!.damaged })}
                              </p>
                            )}
                            {level?.low_stock && (
                              <p className="text-xs font-medium text-amber-800">{t('inventory.lowStock')}</p>
                            )}
                            {manage && (
                              <Button
                                small
                                variant="ghost"
                                className="mt-1 -ml-2"
                                aria-label={t('inventory.adjustLabel', {
                                  variant: v.title || v.sku,
                                  location: l.name,
                                })}
                                onClick={() =>
                                  setTarget({
                                    variantId: v.id,
                                    variantName: `${product.data!.title} — ${v.title || v.sku}`,
                                    locationId: l.id,
                                    locationName: l.name,
                                    onHand: level?.on_hand ?? 0,
                                  })
                                }
                              >
                                {t('inventory.adjust')}
                              </Button>
                            )}
                          </td>
                        );
                      })}
                    </tr>
                  ))}
                </tbody>
              </table>
              {locs.length === 0 && (
                <p className="mt-2 text-sm text-slate-600">{t('inventory.noLocations')}</p>
              )}
            </div>
          )}
        </Card>
      </div>
      {product.data && (
        <MovementsCard variantIds={variantIds} locations={locs} variants={product.data.variants} />
      )}
      <LocationsCard locations={locs} canManage={manage} />
      {target && <AdjustDialog target={target} onClose={() => setTarget(null)} />}
    </Page>
  );
}
