import { Link } from '@tanstack/react-router';
import type { SearchHit } from '../api.ts';
import { useI18n } from '../i18n.ts';
import { Price } from './Price.tsx';

export function ProductCard({ product, eager = false }: { product: SearchHit; eager?: boolean }) {
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
            {product.price ? (
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
  return (
    <ul className="grid grid-cols-2 gap-3 sm:grid-cols-3 lg:grid-cols-4">
      {products.map((p, i) => (
        <ProductCard key={p.id} product={p} eager={i < eager} />
      ))}
    </ul>
  );
}
