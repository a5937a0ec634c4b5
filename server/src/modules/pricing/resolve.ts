import { minorUnitExponent } from '../../platform/money.ts';

/**
 * Price resolution as a pure function of the facts loaded for a variant and its store, so the
 * cache can keep facts (not answers) and the answer is always right for the moment asked about —
 * a sale window that opens between two calls needs no invalidation.
 */

export interface BasePriceFact {
  id: string;
  currency: string;
  amount: number;
  compareAtAmount: number | null;
}

export interface PriceListEntryFact extends BasePriceFact {
  priceListId: string;
  minQuantity: number;
  locationId: string | null;
}

/** What pricing needs to know about one variant: its catalog facts (for rules) and its prices. */
export interface VariantPricingFacts {
  variantId: string;
  productId: string;
  brand: string | null;
  tags: string[];
  /** Materialized category paths ("/root/child/") of the product's categories. */
  categoryPaths: string[];
  prices: BasePriceFact[];
  entries: PriceListEntryFact[];
}

interface Windowed {
  id: string;
  name: string;
  status: 'active' | 'draft';
  priority: number;
  startsAt: Date | null;
  endsAt: Date | null;
  customerGroupIds: string[];
}

export type PriceListFact = Windowed;

export type RuleTargetKind = 'all' | 'products' | 'variants' | 'categories' | 'tags' | 'brands';
export type AdjustmentKind = 'percentage_off' | 'amount_off';

export interface PriceRuleFact extends Windowed {
  targetKind: RuleTargetKind;
  targetValues: string[];
  adjustmentKind: AdjustmentKind;
  /** Basis points for percentage_off, minor units of `currency` for amount_off. */
  adjustmentValue: number;
  currency: string | null;
}

export interface ExchangeRateFact {
  id: string;
  baseCurrency: string;
  quoteCurrency: string;
  /** Decimal string, exactly as stored (numeric). */
  rate: string;
}

/** Store-wide pricing facts: small, loaded once per store and cached. */
export interface StorePricingBook {
  storeCurrency: string;
  lists: Map<string, PriceListFact>;
  rules: PriceRuleFact[];
  rates: ExchangeRateFact[];
}

export interface PriceContext {
  currency: string;
  quantity: number;
  customerGroupIds: readonly string[];
  locationId: string | null;
  at: Date;
}

export type PriceSourceKind = 'base' | 'price_list' | 'rule' | 'exchange_rate';

export interface PriceSource {
  kind: PriceSourceKind;
  id: string;
  name: string;
}

/** One step of how a price came about, in order; the last step is the `source`. */
export interface PriceStep {
  kind: PriceSourceKind;
  id: string;
  name: string;
  amount: number;
  currency: string;
  detail: string;
}

export interface PriceQuote {
  variantId: string;
  amount: number;
  currency: string;
  /** The "was" price, only when it is above `amount`. */
  compareAtAmount: number | null;
  source: PriceSource;
  steps: PriceStep[];
}

interface Resolved {
  amount: number;
  currency: string;
  compareAtAmount: number | null;
  steps: PriceStep[];
}

function applies(w: Windowed, ctx: PriceContext): boolean {
  if (w.status !== 'active') return false;
  const t = ctx.at.getTime();
  if (w.startsAt && t < w.startsAt.getTime()) return false;
  if (w.endsAt && t >= w.endsAt.getTime()) return false;
  if (w.customerGroupIds.length > 0 && !w.customerGroupIds.some((g) => ctx.customerGroupIds.includes(g))) {
    return false;
  }
  return true;
}

/** The variant's price in `currency` from its own prices and price lists, before rules; null when it has none. */
function resolveInCurrency(
  facts: VariantPricingFacts,
  book: StorePricingBook,
  ctx: PriceContext,
  currency: string,
): Resolved | null {
  const base = facts.prices.find((p) => p.currency === currency) ?? null;
  let best: { entry: PriceListEntryFact; list: PriceListFact } | null = null;
  for (const entry of facts.entries) {
    if (entry.currency !== currency || entry.minQuantity > ctx.quantity) continue;
    if (entry.locationId !== null && entry.locationId !== ctx.locationId) continue;
    const list = book.lists.get(entry.priceListId);
    if (!list || !applies(list, ctx)) continue;
    if (!best || entryBeats(entry, list, best.entry, best.list)) best = { entry, list };
  }
  if (best) {
    const { entry, list } = best;
    const wasPrice = base && base.amount > entry.amount ? base.amount : null;
    const tier = entry.minQuantity > 1 ? ` from ${entry.minQuantity} units` : '';
    const at = entry.locationId ? ` at location ${entry.locationId}` : '';
    return {
      amount: entry.amount,
      currency,
      compareAtAmount: entry.compareAtAmount ?? wasPrice,
      steps: [
        {
          kind: 'price_list',
          id: list.id,
          name: list.name,
          amount: entry.amount,
          currency,
          detail: `price list "${list.name}" (priority ${list.priority})${tier}${at}`,
        },
      ],
    };
  }
  if (!base) return null;
  return {
    amount: base.amount,
    currency,
    compareAtAmount: base.compareAtAmount,
    steps: [
      {
        kind: 'base',
        id: base.id,
        name: 'base price',
        amount: base.amount,
        currency,
        detail: 'the variant price',
      },
    ],
  };
}

/** Higher list priority, then a location-specific entry, then the highest tier reached, then the lower amount. */
function entryBeats(
  a: PriceListEntryFact,
  al: PriceListFact,
  b: PriceListEntryFact,
  bl: PriceListFact,
): boolean {
  if (al.priority !== bl.priority) return al.priority > bl.priority;
  const aLoc = a.locationId !== null ? 1 : 0;
  const bLoc = b.locationId !== null ? 1 : 0;
  if (aLoc !== bLoc) return aLoc > bLoc;
  if (a.minQuantity !== b.minQuantity) return a.minQuantity > b.minQuantity;
  if (a.amount !== b.amount) return a.amount < b.amount;
  return a.id < b.id;
}

/**
 * Convert minor units of `from` to minor units of `to` at `rate` (1 from = rate to), exactly
 * (BigInt), rounding half up (away from zero) to the target currency's minor unit.
 */
export function convertMinorUnits(amount: number, from: string, to: string, rate: string): number {
  const m = /^(\d+)(?:\.(\d+))?$/.exec(rate.trim());
  if (!m) throw new RangeError(`Invalid rate ${rate}`);
  const frac = m[2] ?? '';
  const rateUnits = BigInt(m[1]! + frac);
  const num = BigInt(amount) * rateUnits * 10n ** BigInt(minorUnitExponent(to));
  const den = 10n ** BigInt(frac.length) * 10n ** BigInt(minorUnitExponent(from));
  let q = num / den;
  if ((num % den) * 2n >= den) q += 1n;
  return Number(q);
}

function ruleTargets(rule: PriceRuleFact, facts: VariantPricingFacts): boolean {
  const values = rule.targetValues;
  switch (rule.targetKind) {
    case 'all':
      return true;
    case 'products':
      return values.includes(facts.productId);
    case 'variants':
      return values.includes(facts.variantId);
    case 'categories':
      // A category selects its whole subtree: its id appears in every descendant's path.
      return facts.categoryPaths.some((path) => values.some((id) => path.includes(`/${id}/`)));
    case 'tags': {
      const tags = new Set(facts.tags.map((t) => t.toLowerCase()));
      return values.some((v) => tags.has(v.toLowerCase()));
    }
    case 'brands':
      return facts.brand !== null && values.some((v) => v.toLowerCase() === facts.brand!.toLowerCase());
  }
}

function adjusted(rule: PriceRuleFact, amount: number, currency: string): number | null {
  if (rule.adjustmentKind === 'percentage_off') {
    // Half up on the amount taken off, so 15 % of 999 takes 150 off.
    const off = Number((BigInt(amount) * BigInt(rule.adjustmentValue) * 2n + 10000n) / 20000n);
    return Math.max(0, amount - off);
  }
  if (rule.currency !== currency) return null;
  return Math.max(0, amount - rule.adjustmentValue);
}

/** The price of one variant in a context, with the steps that produced it; null when it has no price. */
export function resolvePrice(
  facts: VariantPricingFacts,
  book: StorePricingBook,
  ctx: PriceContext,
): PriceQuote | null {
  let resolved = resolveInCurrency(facts, book, ctx, ctx.currency);
  if (!resolved) resolved = resolveByExchangeRate(facts, book, ctx);
  if (!resolved) return null;

  let bestRule: { rule: PriceRuleFact; amount: number } | null = null;
  for (const rule of book.rules) {
    if (!applies(rule, ctx) || !ruleTargets(rule, facts)) continue;
    const amount = adjusted(rule, resolved.amount, resolved.currency);
    if (amount === null || amount >= resolved.amount) continue;
    // The rule best for the shopper wins; equal outcomes go to the higher priority.
    if (
      !bestRule ||
      amount < bestRule.amount ||
      (amount === bestRule.amount && rule.priority > bestRule.rule.priority)
    ) {
      bestRule = { rule, amount };
    }
  }
  if (bestRule) {
    const { rule, amount } = bestRule;
    const what =
      rule.adjustmentKind === 'percentage_off'
        ? `${rule.adjustmentValue / 100}% off`
        : `${rule.adjustmentValue} ${rule.currency} minor units off`;
    resolved = {
      amount,
      currency: resolved.currency,
      compareAtAmount: resolved.compareAtAmount ?? resolved.amount,
      steps: [
        ...resolved.steps,
        {
          kind: 'rule',
          id: rule.id,
          name: rule.name,
          amount,
          currency: resolved.currency,
          detail: `rule "${rule.name}": ${what} (${rule.targetKind})`,
        },
      ],
    };
  }
  const last = resolved.steps[resolved.steps.length - 1]!;
  return {
    variantId: facts.variantId,
    amount: resolved.amount,
    currency: resolved.currency,
    compareAtAmount:
      resolved.compareAtAmount !== null && resolved.compareAtAmount > resolved.amount
        ? resolved.compareAtAmount
        : null,
    source: { kind: last.kind, id: last.id, name: last.name },
    steps: resolved.steps,
  };
}

/**
 * No price in the requested currency: convert the variant's price from a currency that has a
 * rate to it — the store's own currency first, then others alphabetically.
 */
function resolveByExchangeRate(
  facts: VariantPricingFacts,
  book: StorePricingBook,
  ctx: PriceContext,
): Resolved | null {
  const rates = book.rates
    .filter((r) => r.quoteCurrency === ctx.currency)
    .sort((a, b) => {
      const aStore = a.baseCurrency === book.storeCurrency ? 0 : 1;
      const bStore = b.baseCurrency === book.storeCurrency ? 0 : 1;
      return aStore - bStore || a.baseCurrency.localeCompare(b.baseCurrency);
    });
  for (const rate of rates) {
    const inBase = resolveInCurrency(facts, book, ctx, rate.baseCurrency);
    if (!inBase) continue;
    const convert = (n: number) => convertMinorUnits(n, rate.baseCurrency, ctx.currency, rate.rate);
    const amount = convert(inBase.amount);
    const name = `${rate.baseCurrency}→${rate.quoteCurrency}`;
    return {
      amount,
      currency: ctx.currency,
      compareAtAmount: inBase.compareAtAmount === null ? null : convert(inBase.compareAtAmount),
      steps: [
        ...inBase.steps,
        {
          kind: 'exchange_rate',
          id: rate.id,
          name,
          amount,
          currency: ctx.currency,
          detail: `converted at ${name} ${rate.rate}, rounded half up to the minor unit`,
        },
      ],
    };
  }
  return null;
}
