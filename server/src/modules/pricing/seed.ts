import type { Db } from '../../platform/db/database.ts';
import { listExchangeRates, setExchangeRate } from './service.ts';

/** Rates the demo store starts with, so its shop can show prices in euros and đồng too. */
const DEMO_RATES: Record<string, string> = { EUR: '0.92', VND: '25400' };

/** Give a store demo exchange rates from its currency, unless it has rates already. */
export async function seedDemoExchangeRates(
  db: Db,
  options: { storeId: string; baseCurrency: string },
): Promise<{ created: boolean }> {
  const existing = await listExchangeRates(db, { storeId: options.storeId, query: { limit: 1 } });
  if (existing.data.length > 0) return { created: false };
  for (const [quote, rate] of Object.entries(DEMO_RATES)) {
    if (quote === options.baseCurrency) continue;
    await setExchangeRate(db, {
      storeId: options.storeId,
      input: { base_currency: options.baseCurrency, quote_currency: quote, rate },
    });
  }
  return { created: true };
}

/** The currencies a store can quote: its own, and every one an exchange rate from it reaches. */
export async function quotableCurrencies(
  db: Db,
  options: { storeId: string; baseCurrency: string },
): Promise<string[]> {
  const rates = await listExchangeRates(db, { storeId: options.storeId, query: { limit: 100 } });
  const out = new Set([options.baseCurrency]);
  for (const r of rates.data) if (r.baseCurrency === options.baseCurrency) out.add(r.quoteCurrency);
  return [...out];
}
