import { queryOptions } from '@tanstack/react-query';
import type { CartonClient, paths } from '@carton/client';
import { unwrap } from './shop.ts';

type Json<P extends keyof paths, M extends 'get' | 'post'> = paths[P][M] extends {
  responses: { 200: { content: { 'application/json': infer T } } };
}
  ? T
  : never;

export type Product = Json<'/store/v1/products/handle/{handle}', 'get'>;
export type SearchAnswer = Json<'/store/v1/search', 'get'>;
export type SearchHit = SearchAnswer['data'][number];
export type Category = Json<'/store/v1/categories', 'get'>['data'][number];
export type Cart = Json<'/store/v1/carts/{cartId}', 'get'>;
export type Checkout = Json<'/store/v1/carts/{cartId}/checkout', 'get'>;
export type ShopperOrder = Json<'/store/v1/customers/me/orders/{orderId}', 'get'>;
/** A draft order staff prepared, as its payment link opens it (a cart's shape). */
export type DraftOrder = Json<'/store/v1/draft-orders/{draftId}', 'get'>;
/** What is left on a gift card, as its code's holder may learn it. */
export type GiftCardBalance = Json<'/store/v1/gift-cards/balance', 'post'>;
/** A signed-in shopper's own gift card (store credit, or issued to them): spent by its id, no code. */
export type OwnGiftCard = Json<'/store/v1/customers/me/gift-cards', 'get'>['data'][number];
/** A card the payment provider keeps for the signed-in shopper: paid with by its id (cpm_…). */
export type SavedCard = Json<'/store/v1/customers/me/payment-methods', 'get'>['data'][number];

/** Search and category filters, as they appear in the page's URL. */
export interface ListingFilters {
  q?: string;
  brand?: string[];
  price?: string;
  option?: string[];
  in_stock?: boolean;
  sort?: 'relevance' | 'newest' | 'price_asc' | 'price_desc' | 'title';
  limit?: number;
}

const MINUTE = 60_000;

export const categoriesQuery = (api: CartonClient) =>
  queryOptions({
    queryKey: ['categories'],
    queryFn: () => unwrap(api.GET('/store/v1/categories')),
    staleTime: 5 * MINUTE,
  });

/** What the store takes: cards through its provider (or none), and its manual methods. */
export const paymentMethodsQuery = (api: CartonClient) =>
  queryOptions({
    queryKey: ['payment-methods'],
    queryFn: () => unwrap(api.GET('/store/v1/payment-methods')),
    staleTime: 60_000,
  });

export const productQuery = (api: CartonClient, handle: string, locale: string, currency: string) =>
  queryOptions({
    queryKey: ['product', handle, locale, currency],
    queryFn: () =>
      unwrap(
        api.GET('/store/v1/products/handle/{handle}', {
          params: { path: { handle }, query: { locale, currency } },
        }),
      ),
    staleTime: 30_000,
  });

/** A product by its id (a cart line's `product_id`): what it asks the shopper to fill in. */
export const productByIdQuery = (api: CartonClient, id: string, locale: string, currency: string) =>
  queryOptions({
    queryKey: ['product-by-id', id, locale, currency],
    queryFn: () =>
      unwrap(
        api.GET('/store/v1/products/{id}', {
          params: { path: { id }, query: { locale, currency } },
        }),
      ),
    staleTime: 5 * MINUTE,
    retry: false,
  });

export const searchQuery = (
  api: CartonClient,
  currency: string,
  filters: ListingFilters,
  category?: string,
) =>
  queryOptions({
    queryKey: ['search', currency, category ?? null, filters],
    queryFn: () =>
      unwrap(
        api.GET('/store/v1/search', {
          params: {
            query: {
              q: filters.q || undefined,
              currency,
              category: category ? [category] : undefined,
              brand: filters.brand?.length ? filters.brand : undefined,
              price: filters.price || undefined,
              option: filters.option?.length ? filters.option : undefined,
              in_stock: filters.in_stock ? 'true' : undefined,
              sort: filters.sort,
              limit: filters.limit ?? 24,
            } as never,
          },
        }),
      ),
    staleTime: 30_000,
  });

export const cartQuery = (api: CartonClient, cartId: string | null) =>
  queryOptions({
    queryKey: ['cart', cartId],
    queryFn: () =>
      cartId ? unwrap(api.GET('/store/v1/carts/{cartId}', { params: { path: { cartId } } })) : null,
    staleTime: 0,
    retry: false,
  });

/** Every category of the tree, flattened, with the path of names that leads to it. */
export function flattenCategories(tree: Category[]): { category: Category; path: Category[] }[] {
  const out: { category: Category; path: Category[] }[] = [];
  const walk = (nodes: Category[], path: Category[]) => {
    for (const c of nodes) {
      out.push({ category: c, path: [...path, c] });
      walk((c.children ?? []) as Category[], [...path, c]);
    }
  };
  walk(tree, []);
  return out;
}
