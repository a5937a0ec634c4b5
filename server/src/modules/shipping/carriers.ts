import type { Address } from '../../platform/address.ts';
import { tableAmount, type RateTable } from './rate-table.ts';

/**
 * Carrier-rate providers: who prices a shipping method. Every method names one (`provider`,
 * default `table`). The built-in `table` provider prices a method from its own rate table (flat,
 * weight bands or price bands); a carrier integration (a UPS, DHL or Shippo adapter) registers
 * itself with `registerCarrierRateProvider` at start and prices the methods that name it — their
 * `provider_service` says which of its services each one is. A carrier that fails or times out
 * does not block checkout: its methods fall back to their own rate table.
 */

export interface DeliveryEstimate {
  minDays: number;
  maxDays: number;
}

/** A method as a provider sees it. */
export interface CarrierMethod extends RateTable {
  id: string;
  name: string;
  currency: string;
  providerService: string | null;
  estimate: DeliveryEstimate | null;
}

export interface CarrierRateRequest {
  storeId: string;
  currency: string;
  address: Address;
  lines: readonly { variantId: string; quantity: number; unitPrice: number; weightGrams: number | null }[];
  /** After discounts, minor units. */
  subtotal: number;
  /** Σ quantity × weight; lines of unknown weight count as 0 g. */
  weightGrams: number;
  /** The methods of the serving zone that this provider prices. */
  methods: readonly CarrierMethod[];
}

/** The price of one method. A method the provider cannot serve is simply left out. */
export interface CarrierQuote {
  methodId: string;
  amount: number;
  currency: string;
  /** The carrier's own estimate; the method's when absent. */
  estimate?: DeliveryEstimate | null;
}

export interface CarrierRateProvider {
  /** Lowercase code methods name it by, e.g. `ups`. */
  code: string;
  /** How long a quote may take before the methods fall back to their rate tables (default 5000 ms). */
  timeoutMs?: number;
  quote(request: CarrierRateRequest): Promise<CarrierQuote[]>;
}

export const TABLE_PROVIDER = 'table';
export const DEFAULT_CARRIER_TIMEOUT_MS = 5000;

/** The zone/method table itself: each method's flat or band amount for the basket. */
export const tableRateProvider: CarrierRateProvider = {
  code: TABLE_PROVIDER,
  async quote(request) {
    return tableQuotes(request);
  },
};

/** Synchronous core of the table provider (also the fallback for a failed carrier). */
export function tableQuotes(request: CarrierRateRequest): CarrierQuote[] {
  const basket = { weightGrams: request.weightGrams, subtotal: request.subtotal };
  return request.methods.flatMap((m) => {
    const amount = tableAmount(m, basket);
    return amount === null ? [] : [{ methodId: m.id, amount, currency: m.currency, estimate: m.estimate }];
  });
}

const providers = new Map<string, CarrierRateProvider>([[TABLE_PROVIDER, tableRateProvider]]);

/** Add (or replace) a provider; returns how to remove it again (tests, plugins unloading). */
export function registerCarrierRateProvider(provider: CarrierRateProvider): () => void {
  if (!/^[a-z][a-z0-9_]{0,39}$/.test(provider.code)) {
    throw new Error(`Carrier provider code "${provider.code}" must be lowercase letters, digits and _`);
  }
  if (provider.code === TABLE_PROVIDER) throw new Error('The table provider is built in.');
  providers.set(provider.code, provider);
  return () => {
    if (providers.get(provider.code) === provider) providers.delete(provider.code);
  };
}

export function carrierRateProvider(code: string): CarrierRateProvider | undefined {
  return providers.get(code);
}

export function carrierRateProviderCodes(): string[] {
  return [...providers.keys()].sort();
}
