import type { QueryClient } from '@tanstack/react-query';
import { createContext, useContext } from 'react';
import { asProblem, type CartonClient, type Problem } from '@carton/client';
import type { Locale } from './i18n.ts';

/** What the server tells the page about the shop it serves (also embedded in the HTML). */
export interface ShopConfig {
  storeName: string;
  publishableKey: string;
  /** The store's own currency; the shopper may pick another from `currencies`. */
  storeCurrency: string;
  currencies: string[];
  /** The site's origin for canonical links (PUBLIC_URL or the request's). */
  origin: string;
}

/** Everything routes and pages share: the API client, the query cache, the shop and the shopper's choices. */
export interface ShopContext {
  api: CartonClient;
  queryClient: QueryClient;
  shop: ShopConfig;
  locale: Locale;
  currency: string;
}

export const ShopReactContext = createContext<ShopContext | null>(null);

export function useShop(): ShopContext {
  const ctx = useContext(ShopReactContext);
  if (!ctx) throw new Error('useShop outside the shop');
  return ctx;
}

/** An API answer that is a problem (4xx/5xx), thrown so queries and mutations see it as an error. */
export class ApiError extends Error {
  readonly problem: Problem;
  constructor(problem: Problem) {
    super(problem.detail ?? problem.title ?? `HTTP ${problem.status}`);
    this.problem = problem;
  }
  get status(): number {
    return this.problem.status;
  }
}

/** The data of an openapi-fetch answer, or an ApiError. */
export async function unwrap<T>(
  call: Promise<{ data?: T; error?: unknown; response: Response }>,
): Promise<T> {
  let result: { data?: T; error?: unknown; response: Response };
  try {
    result = await call;
  } catch (err) {
    throw new ApiError(asProblem(err, 0));
  }
  if (result.error !== undefined || !result.response.ok) {
    throw new ApiError(asProblem(result.error ?? { status: result.response.status }, result.response.status));
  }
  return result.data as T;
}
