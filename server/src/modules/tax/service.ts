import { sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { parseAddress, type Address } from '../../platform/address.ts';
import type { DbOrTx } from '../../platform/db/database.ts';
import { preparedReadAhead, type ReadAhead } from '../../platform/db/read-ahead.ts';
import { AppError } from '../../platform/errors.ts';
import { parseInput } from '../../platform/validation.ts';
import { CurrencyCode } from '../tenancy/service.ts';
import {
  DEFAULT_TAX_TIMEOUT_MS,
  TABLE_TAX_PROVIDER,
  taxProvider,
  type TaxProviderRequest,
  type TaxProviderResult,
} from './providers.ts';
import { TaxClass } from './rates.ts';
import type { TaxRateFact } from './resolve.ts';
import { readRows } from './shared.ts';

/**
 * Tax for a document (a cart, a checkout, an order): what the cart and checkout call. Admin CRUD
 * of rates and settings is in rates.ts and settings.ts (re-exported below).
 */

export * from './rates.ts';
export * from './settings.ts';
export {
  registerTaxProvider,
  taxProviderCodes,
  type TaxProvider,
  type TaxProviderRequest,
  type TaxProviderResult,
} from './providers.ts';
export type { TaxRateFact } from './resolve.ts';

export interface TaxRequest {
  storeId: string;
  currency: string;
  address: Address;
  /** Line amounts after discounts, minor units (gross when the store's prices include tax). */
  lines: { id: string; amount: number; taxClass?: string | null }[];
  shipping: number;
  /** The buyer is tax exempt (a resale certificate, a non-profit): no tax is charged. */
  exempt?: boolean;
}

/**
 * The tax an exempt buyer does not pay that the prices had in them (a store whose prices include
 * tax): taken off each line's and the shipping's price. All zero when prices exclude tax.
 */
export interface TaxExemption {
  lines: { id: string; amount: number }[];
  shipping: number;
  /** = Σ lines.amount + shipping. */
  total: number;
}

export interface TaxResult {
  inclusive: boolean;
  /** Calculated for an exempt buyer: every tax below is 0 and `exemption` says what was taken off. */
  exempt?: boolean;
  exemption?: TaxExemption;
  lines: { id: string; tax: number; rate: number /* basis points */ }[];
  shippingTax: number;
  /** Total tax. */
  total: number;
  /** Basis points shipping was taxed at (0: not taxed). */
  shippingRate?: number;
  /** The provider that calculated it. */
  provider?: string;
}

const MinorUnits = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);

const TaxRequestShape = z.object({
  storeId: z.string().min(1).max(64),
  currency: CurrencyCode,
  address: z.unknown(),
  lines: z
    .array(
      z.object({
        id: z.string().min(1).max(100),
        amount: MinorUnits,
        taxClass: TaxClass.nullable().optional(),
      }),
    )
    .max(1000)
    .superRefine((lines, ctx) => {
      const seen = new Set<string>();
      lines.forEach((l, i) => {
        if (seen.has(l.id))
          ctx.addIssue({ code: 'custom', path: [i, 'id'], message: 'line ids must be unique' });
        seen.add(l.id);
      });
    }),
  shipping: MinorUnits,
  exempt: z.boolean().optional(),
});

interface SettingsAndRateRow extends Record<string, unknown> {
  prices_include_tax: boolean | null;
  provider: string | null;
  id: string | null;
  country: string | null;
  region: string | null;
  postcode_pattern: string | null;
  tax_class: string | null;
  rate_ppm: number | null;
  shipping_taxable: boolean | null;
}

function taxFactsQuery(storeId: string, country: string): SQL {
  return sql`SELECT s.prices_include_tax, s.provider, r.id, r.country, r.region, r.postcode_pattern, r.tax_class,
               r.rate_ppm, r.shipping_taxable
          FROM (SELECT 1) AS one
          LEFT JOIN tax_settings s ON s.store_id = ${storeId}
          LEFT JOIN tax_rates r ON r.store_id = ${storeId} AND r.country = ${country}
         ORDER BY r.id`;
}

/**
 * What tax calculation for an address in `country` reads, as a read to send ahead in a
 * transaction (`read-ahead.ts`): the cart sends it with its lock when the address is known.
 */
export function taxFactsAhead(storeId: string, country: string): ReadAhead {
  return taxFactsRead(taxFactsQuery(storeId, country));
}
const taxFactsRead = preparedReadAhead('tax_facts', taxFactsQuery('', ''));

/** The store's settings and its rates for one country: one read. */
async function taxFacts(
  db: DbOrTx,
  storeId: string,
  country: string,
): Promise<{ inclusive: boolean; provider: string; rates: TaxRateFact[] }> {
  const rows = await readRows<SettingsAndRateRow>(db, storeId, taxFactsQuery(storeId, country));
  const first = rows[0];
  return {
    inclusive: first?.prices_include_tax ?? false,
    provider: first?.provider ?? TABLE_TAX_PROVIDER,
    rates: rows.flatMap((r) =>
      r.id === null
        ? []
        : [
            {
              id: r.id,
              country: r.country!,
              region: r.region,
              postcodePattern: r.postcode_pattern,
              taxClass: r.tax_class!,
              ratePpm: r.rate_ppm!,
              shippingTaxable: r.shipping_taxable!,
            },
          ],
    ),
  };
}

function withTimeout<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not answer within ${ms} ms`)), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

/** A provider's answer must account for every line, in whole non-negative minor units. */
function checkProviderResult(request: TaxProviderRequest, result: TaxProviderResult): string | null {
  const amount = (n: unknown) => Number.isSafeInteger(n) && (n as number) >= 0;
  if (!Array.isArray(result?.lines) || result.lines.length !== request.lines.length) return 'a tax per line';
  for (let i = 0; i < request.lines.length; i++) {
    const line = result.lines[i]!;
    if (line.id !== request.lines[i]!.id) return 'the lines in request order';
    if (!amount(line.tax) || !Number.isFinite(line.rate) || line.rate < 0)
      return 'whole, non-negative amounts';
  }
  if (!amount(result.shippingTax)) return 'whole, non-negative amounts';
  return null;
}

/**
 * The tax of a document at the store's provider (default `table`: the store's rates, see
 * resolve.ts and math.ts). Exclusive stores add it; inclusive stores extract it from the amounts.
 * Line taxes and shipping tax sum exactly to `total`.
 *
 * For an exempt buyer every tax is 0. Where prices include tax the provider still calculates the
 * tax inside them, which becomes the `exemption` taken off the prices; where they exclude it no
 * provider is asked.
 */
export async function calculateTax(db: DbOrTx, req: TaxRequest): Promise<TaxResult> {
  const { exempt = false, ...parsed } = parseInput(TaxRequestShape, req);
  const address = parseAddress(req.address, 'body.address');
  const facts = await taxFacts(db, parsed.storeId, address.country);
  if (exempt && !facts.inclusive) {
    return exemptResult(false, {
      lines: parsed.lines.map((l) => ({ id: l.id, tax: 0, rate: 0 })),
      shippingTax: 0,
    });
  }
  const request: TaxProviderRequest = { ...parsed, address, inclusive: facts.inclusive, rates: facts.rates };
  const provider = taxProvider(facts.provider);
  if (!provider) {
    throw new AppError('UNAVAILABLE', `The store's tax provider "${facts.provider}" is not installed.`);
  }
  let result: TaxProviderResult;
  try {
    result = await withTimeout(
      provider.calculate(request),
      provider.timeoutMs ?? DEFAULT_TAX_TIMEOUT_MS,
      `Tax provider ${provider.code}`,
    );
  } catch (err) {
    if (err instanceof AppError) throw err;
    throw new AppError(
      'UNAVAILABLE',
      `The tax provider "${provider.code}" failed: ${(err as Error).message}`,
      {
        cause: err,
      },
    );
  }
  const problem = checkProviderResult(request, result);
  if (problem) {
    throw new AppError('UNAVAILABLE', `The tax provider "${provider.code}" did not answer with ${problem}.`);
  }
  if (exempt) return { ...exemptResult(true, result), provider: provider.code };
  const lines = result.lines.map((l) => ({ id: l.id, tax: l.tax, rate: l.rate }));
  return {
    inclusive: facts.inclusive,
    lines,
    shippingTax: result.shippingTax,
    total: lines.reduce((sum, l) => sum + l.tax, result.shippingTax),
    shippingRate: result.shippingRate ?? 0,
    provider: provider.code,
  };
}

/** No tax for an exempt buyer; in an inclusive store the tax `calculated` inside the prices comes off them. */
function exemptResult(inclusive: boolean, calculated: TaxProviderResult): TaxResult {
  const lines = calculated.lines.map((l) => ({ id: l.id, amount: inclusive ? l.tax : 0 }));
  const shipping = inclusive ? calculated.shippingTax : 0;
  return {
    inclusive,
    exempt: true,
    lines: calculated.lines.map((l) => ({ id: l.id, tax: 0, rate: 0 })),
    shippingTax: 0,
    total: 0,
    shippingRate: 0,
    exemption: { lines, shipping, total: lines.reduce((sum, l) => sum + l.amount, shipping) },
  };
}
