import type { Address } from '../../platform/address.ts';
import { basisPointsOf, taxParts } from './math.ts';
import { rateFor, shippingRatePpm, type TaxRateFact } from './resolve.ts';

/**
 * Tax providers: who calculates a document's tax. A store names one in its tax settings
 * (default `table`). The built-in `table` provider uses the store's own tax rates; an integration
 * (Avalara, TaxJar, Stripe Tax…) registers itself with `registerTaxProvider` at start. A provider
 * that fails or answers inconsistently fails the calculation (503 UNAVAILABLE): tax is never
 * guessed.
 */

export interface TaxProviderRequest {
  storeId: string;
  currency: string;
  address: Address;
  lines: readonly { id: string; amount: number; taxClass?: string | null }[];
  shipping: number;
  /** Whether the amounts include tax (extract it) or not (add it). */
  inclusive: boolean;
  /** The store's own rates for the destination country, for the table provider (or a fallback). */
  rates: readonly TaxRateFact[];
}

export interface TaxProviderResult {
  /** One per request line, same ids: tax in minor units, rate in basis points. */
  lines: { id: string; tax: number; rate: number }[];
  shippingTax: number;
  /** Basis points shipping was taxed at. */
  shippingRate?: number;
}

export interface TaxProvider {
  /** Lowercase code a store names it by, e.g. `avalara`. */
  code: string;
  /** How long a calculation may take (default 5000 ms). */
  timeoutMs?: number;
  calculate(request: TaxProviderRequest): Promise<TaxProviderResult>;
}

export const TABLE_TAX_PROVIDER = 'table';
export const DEFAULT_TAX_TIMEOUT_MS = 5000;

/** The store's tax rates: per-line rates, the document's tax rounded once and allocated to lines. */
export const tableTaxProvider: TaxProvider = {
  code: TABLE_TAX_PROVIDER,
  async calculate(request) {
    return tableTax(request);
  },
};

export function tableTax(request: TaxProviderRequest): TaxProviderResult {
  const linePpm = request.lines.map((l) => rateFor(request.rates, request.address, l.taxClass)?.ratePpm ?? 0);
  const shippingPpm = shippingRatePpm(request.rates, request.address);
  const { parts } = taxParts(
    [
      ...request.lines.map((l, i) => ({ amount: l.amount, ratePpm: linePpm[i]! })),
      { amount: request.shipping, ratePpm: shippingPpm },
    ],
    request.inclusive,
  );
  return {
    lines: request.lines.map((l, i) => ({ id: l.id, tax: parts[i]!, rate: basisPointsOf(linePpm[i]!) })),
    shippingTax: parts[request.lines.length]!,
    shippingRate: basisPointsOf(shippingPpm),
  };
}

const providers = new Map<string, TaxProvider>([[TABLE_TAX_PROVIDER, tableTaxProvider]]);

/** Add (or replace) a provider; returns how to remove it again. */
export function registerTaxProvider(provider: TaxProvider): () => void {
  if (!/^[a-z][a-z0-9_]{0,39}$/.test(provider.code)) {
    throw new Error(`Tax provider code "${provider.code}" must be lowercase letters, digits and _`);
  }
  if (provider.code === TABLE_TAX_PROVIDER) throw new Error('The table provider is built in.');
  providers.set(provider.code, provider);
  return () => {
    if (providers.get(provider.code) === provider) providers.delete(provider.code);
  };
}

export function taxProvider(code: string): TaxProvider | undefined {
  return providers.get(code);
}

export function taxProviderCodes(): string[] {
  return [...providers.keys()].sort();
}
