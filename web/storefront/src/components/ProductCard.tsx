import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { freshSession } from '../account.ts';
import type { SearchHit } from '../api.ts';
import { useI18n } from '../i18n.ts';
import { useShopperState } from '../session.ts';
import { unwrap, useShop } from '../shop.ts';
import { Price } from './Price.tsx';

type MyRange = { currency: string; min: number | null; max: number | null; public_min: number | null };

/**
 * A signed-in shopper's own price ranges (their customer groups' prices) for the products listed,
 * where they differ from the public ones. Listings stay the same for everyone; this asks after
 * hydration, as the product page does for its variants.
 */
function useMyRanges(products: SearchHit[]): Map<string, MyRange> {
  const { api, currency } = useShop();
  const { session } = useShopperState();
  const ids = products.map((p) => p.id).join(',');
  const { data } = useQuery({
    queryKey: ['my-product-prices', session?.customer.id ?? null, currency, ids],
    enabled: Boolean(session && ids),
    staleTime: 60_000,
    queryFn: async () => {
      await freshSession(api);
      return unwrap(
        api.GET('/store/v1/customers/me/product-prices', {
          params: { query: { product_ids: ids, currency } },
        }),
      );
    },
  });
  return new Map(
    (session ? (data?.data ?? []) : [])
      .filter((p) => p.group_price && p.min !== null)
      .map((p) => [p.product_id, p]),
  );
}

export function ProductCard({
  product,
  eager = false,
  mine,
}: {
  product: SearchHit;
  eager?: boolean;
  /** The signed-in shopper's own range, when their groups price it differently. */
  mine?: MyRange | undefined;
}) {
  const { t } = useI18n();
  return (
    <li className="group flex flex-col overflow-hidden rounded-xl border border-stone-200 bg-white">
      <Link to="/products/$handle" params={{ handle: product.handle }} className="flex flex-1 flex-col">
        <div className="aspect-square bg-stone-100">
          {product.image_url ? (
            <img
              src={product.image_url}
              alt=""
              width={400}
              height={400}
              loading={eager ? 'eager' : 'lazy'}
              decoding="async"
              className="h-full w-full object-cover transition group-hover:scale-[1.02]"
            />
          ) : null}
        </div>
        <div className="flex flex-1 flex-col gap-1 p-3">
          {product.brand ? (
            <span className="text-xs uppercase tracking-wide text-stone-600">{product.brand}</span>
          ) : null}
          <span className="text-sm font-medium leading-snug group-hover:underline">{product.title}</span>
          <span className="mt-auto pt-1 text-sm">
            {mine ? (
              <>
                <span
                  className="mr-1 rounded bg-emerald-100 px-1.5 py-0.5 text-xs text-emerald-900"
                  data-testid="your-price"
                >
                  {t('product.your_price')}
                </span>
                <Price
                  amount={mine.min!}
                  max={mine.max ?? undefined}
                  currency={mine.currency}
                  compareAt={mine.public_min !== null && mine.public_min > mine.min! ? mine.public_min : null}
                />
              </>
            ) : product.price ? (
              <Price amount={product.price.min} max={product.price.max} currency={product.price.currency} />
            ) : null}
          </span>
          {!product.in_stock ? (
            <span className="text-xs text-red-700">{t('product.out_of_stock')}</span>
          ) : null}
        </div>
      </Link>
    </li>
  );
}

export function ProductGrid({ products, eager = 0 }: { products: SearchHit[]; eager?: number }) {
  const mine = useMyRanges(products);
  return (
    <ul className="grid grid-cols-2 gap-3 sm:grid-cols-3 lg:grid-cols-4">
      {products.map((p, i) => (
        <ProductCard key={p.id} product={p} eager={i < eager} mine={mine.get(p.id)} />
      ))}
    </ul>
  );
}
