import { loadStoreBook, loadVariantFacts } from '../pricing/price-for.ts';
import { resolvePrice } from '../pricing/resolve.ts';
import { availabilityFor } from '../inventory/levels.ts';
import { registerSearchSignalSources, type VariantPrice } from './signals.ts';

/**
 * The real signal sources: the pricing module's facts, read in the indexer's own transaction (so
 * a price change is seen as committed, whatever the state of pricing's in-process cache), resolved
 * for an anonymous shopper buying one unit now — the price a listing shows. Currencies: the
 * store's own, every currency the variant has an explicit price in, and every currency an exchange
 * rate converts to (so a shop showing euros lists euro prices too). Stock: the inventory
 * module's availability summed over active locations (backorders allowed count as in stock).
 */
registerSearchSignalSources({
  async prices(tx, storeId, variantIds) {
    const book = await loadStoreBook(tx, storeId);
    const facts = await loadVariantFacts(tx, storeId, variantIds);
    const at = new Date();
    const out = new Map<string, VariantPrice[]>();
    for (const f of facts) {
      const currencies = new Set([
        book.storeCurrency,
        ...f.prices.map((p) => p.currency),
        ...book.rates.map((r) => r.quoteCurrency),
      ]);
      const list: VariantPrice[] = [];
      for (const currency of currencies) {
        const quote = resolvePrice(f, book, {
          currency,
          quantity: 1,
          customerGroupIds: [],
          locationId: null,
          at,
        });
        if (quote) list.push({ currency, amount: quote.amount });
      }
      out.set(f.variantId, list);
    }
    return out;
  },
  async availability(tx, storeId, variantIds, policies) {
    const views = await availabilityFor(tx, storeId, variantIds, policies);
    return new Map(views.map((v) => [v.variant_id, v.in_stock]));
  },
});
