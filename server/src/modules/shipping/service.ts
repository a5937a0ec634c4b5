import { sql, type SQL } from 'drizzle-orm';
import { PgTransaction } from 'drizzle-orm/pg-core';
import { z } from 'zod';
import { parseAddress, type Address } from '../../platform/address.ts';
import type { DbOrTx } from '../../platform/db/database.ts';
import { preparedReadAhead, type ReadAhead } from '../../platform/db/read-ahead.ts';
import { AppError } from '../../platform/errors.ts';
import { parseInput } from '../../platform/validation.ts';
import { CurrencyCode } from '../tenancy/service.ts';
import {
  carrierRateProvider,
  DEFAULT_CARRIER_TIMEOUT_MS,
  TABLE_PROVIDER,
  tableQuotes,
  type CarrierMethod,
  type CarrierQuote,
  type CarrierRateRequest,
  type DeliveryEstimate,
} from './carriers.ts';
import { EVERY_COUNTRY, mostSpecificZone } from './matching.ts';
import type { RateBand, RateType } from './schema.ts';
import { readRows } from './shared.ts';

/**
 * Shipping rates for a basket going to an address: what the cart, checkout and storefront call.
 * Admin CRUD of zones and methods is in zones.ts and methods.ts (re-exported below).
 */

export * from './zones.ts';
export { PickupPointView, pickupPointView } from './views.ts';
export * from './methods.ts';
export {
  registerCarrierRateProvider,
  carrierRateProviderCodes,
  type CarrierRateProvider,
  type CarrierRateRequest,
  type CarrierQuote,
  type CarrierMethod,
} from './carriers.ts';

export interface ShippingRateRequest {
  storeId: string;
  currency: string;
  address: Address;
  lines: { variantId: string; quantity: number; unitPrice: number; weightGrams: number | null }[];
  /** After discounts, minor units. */
  subtotal: number;
}

export interface ShippingRate {
  methodId: string;
  name: string;
  amount: number;
  currency: string;
  provider: string;
  estimate: { minDays: number; maxDays: number } | null;
  freeShippingApplied: boolean;
  /** The zone that serves the address. */
  zoneId?: string;
  /** A pickup method: the location the shopper collects from (its address for tax and for them). */
  pickup: PickupPoint | null;
}

/** Where a pickup method's shopper collects their order. */
export interface PickupPoint {
  locationId: string;
  name: string;
  address: Partial<Address>;
  instructions: string | null;
}

const MinorUnits = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);

const RateRequestShape = z.object({
  storeId: z.string().min(1).max(64),
  currency: CurrencyCode,
  address: z.unknown(),
  lines: z
    .array(
      z.object({
        variantId: z.string().min(1).max(100),
        quantity: z.number().int().min(1).max(1_000_000),
        unitPrice: MinorUnits,
        weightGrams: z.number().int().min(0).max(100_000_000).nullable(),
      }),
    )
    .max(1000),
  subtotal: MinorUnits,
});

function parseRateRequest(req: ShippingRateRequest): ShippingRateRequest {
  const parsed = parseInput(RateRequestShape, req);
  return { ...parsed, address: parseAddress(req.address, 'body.address') };
}

/** A zone that covers the country, and its methods (the zone is kept even when it has none). */
interface ZoneRow extends Record<string, unknown> {
  zone_id: string;
  countries: string[];
  regions: string[];
  postcode_patterns: string[];
  method_id: string | null;
  name: string | null;
  currency: string | null;
  rate_type: RateType | null;
  flat_amount: number | null;
  bands: RateBand[] | null;
  free_shipping_threshold: number | null;
  min_days: number | null;
  max_days: number | null;
  active: boolean | null;
  provider: string | null;
  provider_service: string | null;
  pickup_location_id: string | null;
  pickup_instructions: string | null;
  pickup_name: string | null;
  pickup_address: Partial<Address> | null;
  pickup_active: boolean | null;
}

interface ZoneFacts {
  id: string;
  countries: string[];
  regions: string[];
  postcodePatterns: string[];
  methods: MethodFacts[];
}

interface MethodFacts extends CarrierMethod {
  zoneId: string;
  active: boolean;
  provider: string;
  freeShippingThreshold: number | null;
  pickup: PickupPoint | null;
  /** False when its pickup location was made inactive: not offered. */
  pickupOpen: boolean;
}

/**
 * Zones already read in a transaction: a cart change that checks the chosen method and then
 * re-quotes it after re-pricing asks twice for the same zones; once is enough.
 */
const zonesInTransaction = new WeakMap<object, Map<string, Promise<ZoneFacts[]>>>();

/** The store's zones that could cover `country`, with their methods: one read (per transaction). */
function zonesFor(db: DbOrTx, storeId: string, country: string): Promise<ZoneFacts[]> {
  if (!(db instanceof PgTransaction)) return readZones(db, storeId, country);
  let known = zonesInTransaction.get(db);
  if (!known) zonesInTransaction.set(db, (known = new Map()));
  const key = `${storeId}\u0000${country}`;
  let zones = known.get(key);
  if (!zones) {
    known.set(key, (zones = readZones(db, storeId, country)));
    zones.catch(() => known.delete(key)); // a failed read is not remembered
  }
  return zones;
}

/** A zone, one of its methods and the pickup location it collects from (aliases z, m, l): a `ZoneRow`. */
const ZONE_METHOD_COLUMNS = sql.raw(`z.id AS zone_id, z.countries, z.regions, z.postcode_patterns,
  m.id AS method_id, m.name, m.currency, m.rate_type, m.flat_amount, m.bands,
  m.free_shipping_threshold, m.min_days, m.max_days, m.active, m.provider, m.provider_service,
  m.pickup_location_id, m.pickup_instructions,
  l.name AS pickup_name, l.address AS pickup_address, l.active AS pickup_active`);

function zonesQuery(storeId: string, country: string): SQL {
  return sql`SELECT ${ZONE_METHOD_COLUMNS}
          FROM shipping_zones z
          LEFT JOIN shipping_methods m ON m.zone_id = z.id AND m.store_id = z.store_id
          LEFT JOIN stock_locations l ON l.id = m.pickup_location_id AND l.store_id = m.store_id
         WHERE z.store_id = ${storeId} AND z.countries && ARRAY[${country}, ${EVERY_COUNTRY}]::text[]
         ORDER BY z.id, m.id`;
}

/**
 * What quoting shipping to `country` reads, as a read to send ahead in a transaction
 * (`read-ahead.ts`): the cart sends it with its lock when it will quote its chosen method.
 */
export function shippingZonesAhead(storeId: string, country: string): ReadAhead {
  return zonesRead(zonesQuery(storeId, country));
}
const zonesRead = preparedReadAhead('shipping_zones_for_country', zonesQuery('', ''));

async function readZones(db: DbOrTx, storeId: string, country: string): Promise<ZoneFacts[]> {
  const rows = await readRows<ZoneRow>(db, storeId, zonesQuery(storeId, country));
  const zones = new Map<string, ZoneFacts>();
  for (const r of rows) {
    let zone = zones.get(r.zone_id);
    if (!zone) {
      zone = {
        id: r.zone_id,
        countries: r.countries,
        regions: r.regions,
        postcodePatterns: r.postcode_patterns,
        methods: [],
      };
      zones.set(r.zone_id, zone);
    }
    if (r.method_id === null) continue;
    zone.methods.push(methodOf(r));
  }
  return [...zones.values()];
}

function methodOf(r: ZoneRow): MethodFacts {
  return {
    id: r.method_id!,
    zoneId: r.zone_id,
    name: r.name!,
    currency: r.currency!,
    rateType: r.rate_type!,
    flatAmount: r.flat_amount,
    bands: r.bands ?? [],
    freeShippingThreshold: r.free_shipping_threshold,
    estimate:
      r.min_days === null || r.max_days === null ? null : { minDays: r.min_days, maxDays: r.max_days },
    active: r.active!,
    provider: r.provider!,
    providerService: r.provider_service,
    pickup: r.pickup_location_id
      ? {
          locationId: r.pickup_location_id,
          name: r.pickup_name ?? '',
          address: r.pickup_address ?? {},
          instructions: r.pickup_instructions,
        }
      : null,
    pickupOpen: !r.pickup_location_id || r.pickup_active === true,
  };
}

/** Where carrier failures are reported (the module sets the process logger). */
let reportCarrierFailure: (provider: string, err: unknown) => void = () => {};
export function onCarrierFailure(report: (provider: string, err: unknown) => void): void {
  reportCarrierFailure = report;
}

function withTimeout<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not answer within ${ms} ms`)), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

const isEstimate = (e: unknown): e is DeliveryEstimate =>
  !!e &&
  Number.isInteger((e as DeliveryEstimate).minDays) &&
  Number.isInteger((e as DeliveryEstimate).maxDays) &&
  (e as DeliveryEstimate).minDays >= 0 &&
  (e as DeliveryEstimate).maxDays >= (e as DeliveryEstimate).minDays;

/**
 * Price methods with their providers. A carrier that throws, times out or answers with a quote
 * that is not a whole, non-negative amount in the method's currency does not lose the sale: its
 * methods are priced from their own rate tables instead. A method a carrier leaves out (it does
 * not serve the address) is not offered.
 */
async function priceMethods(
  request: ShippingRateRequest,
  zoneId: string,
  methods: MethodFacts[],
): Promise<ShippingRate[]> {
  const weightGrams = request.lines.reduce((sum, l) => sum + l.quantity * (l.weightGrams ?? 0), 0);
  const base: Omit<CarrierRateRequest, 'methods'> = {
    storeId: request.storeId,
    currency: request.currency,
    address: request.address,
    lines: request.lines,
    subtotal: request.subtotal,
    weightGrams,
  };
  const byProvider = new Map<string, MethodFacts[]>();
  for (const m of methods) {
    const code = carrierRateProvider(m.provider) ? m.provider : TABLE_PROVIDER;
    byProvider.set(code, [...(byProvider.get(code) ?? []), m]);
  }
  const priced = await Promise.all(
    [...byProvider].map(async ([code, group]): Promise<{ quote: CarrierQuote; provider: string }[]> => {
      const table = () =>
        tableQuotes({ ...base, methods: group }).map((quote) => ({ quote, provider: TABLE_PROVIDER }));
      if (code === TABLE_PROVIDER) return table();
      const provider = carrierRateProvider(code)!;
      try {
        const quotes = await withTimeout(
          provider.quote({ ...base, methods: group }),
          provider.timeoutMs ?? DEFAULT_CARRIER_TIMEOUT_MS,
          `Carrier ${code}`,
        );
        const byId = new Map(group.map((m) => [m.id, m]));
        const valid = quotes.filter((q) => {
          const m = byId.get(q.methodId);
          return m && Number.isSafeInteger(q.amount) && q.amount >= 0 && q.currency === m.currency;
        });
        if (valid.length !== quotes.length)
          throw new Error(`Carrier ${code} answered with quotes it may not give`);
        return valid.map((quote) => ({ quote, provider: code }));
      } catch (err) {
        reportCarrierFailure(code, err);
        return table();
      }
    }),
  );
  const methodById = new Map(methods.map((m) => [m.id, m]));
  const rates: ShippingRate[] = [];
  const seen = new Set<string>();
  for (const { quote, provider } of priced.flat()) {
    const m = methodById.get(quote.methodId)!;
    if (seen.has(m.id)) continue; // a carrier quoting one method twice: the first stands
    seen.add(m.id);
    const free = m.freeShippingThreshold !== null && request.subtotal >= m.freeShippingThreshold;
    rates.push({
      methodId: m.id,
      name: m.name,
      amount: free ? 0 : quote.amount,
      currency: m.currency,
      provider,
      estimate: isEstimate(quote.estimate)
        ? { minDays: quote.estimate.minDays, maxDays: quote.estimate.maxDays }
        : m.estimate,
      freeShippingApplied: free,
      zoneId,
      pickup: m.pickup,
    });
  }
  return rates.sort(
    (a, b) => a.amount - b.amount || a.name.localeCompare(b.name) || (a.methodId < b.methodId ? -1 : 1),
  );
}

/**
 * The zone serving the request's address (null when none does) and the rates of its active
 * methods in the request's currency, cheapest first. For routes that must tell "we do not ship
 * there" from "nothing fits this basket".
 */
export async function quoteShippingForAddress(
  db: DbOrTx,
  req: ShippingRateRequest,
): Promise<{ zoneId: string | null; rates: ShippingRate[] }> {
  const request = parseRateRequest(req);
  const zone = mostSpecificZone(
    await zonesFor(db, request.storeId, request.address.country),
    request.address,
  );
  if (!zone) return { zoneId: null, rates: [] };
  const offered = zone.methods.filter((m) => m.active && m.pickupOpen && m.currency === request.currency);
  return { zoneId: zone.id, rates: await priceMethods(request, zone.id, offered) };
}

/**
 * Every rate offered for this basket and address, cheapest first: the active methods, in the
 * basket's currency, of the most specific zone covering the address (see matching.ts). Empty
 * when no zone covers the address or no method fits the basket.
 */
export async function quoteShippingRates(db: DbOrTx, req: ShippingRateRequest): Promise<ShippingRate[]> {
  return (await quoteShippingForAddress(db, req)).rates;
}

/** The rate of one method for this basket, or AppError NO_SHIPPING_TO_ADDRESS / NOT_FOUND. */
export async function quoteShippingRate(
  db: DbOrTx,
  req: ShippingRateRequest & { methodId: string },
): Promise<ShippingRate> {
  const request = parseRateRequest(req);
  const methodId = parseInput(z.string().min(1).max(64), req.methodId, 'body.method_id');
  const zones = await zonesFor(db, request.storeId, request.address.country);
  const zone = mostSpecificZone(zones, request.address);
  const method = zones.flatMap((z) => z.methods).find((m) => m.id === methodId);
  if (!method) {
    const [exists] = await readRows<{ id: string }>(
      db,
      request.storeId,
      sql`SELECT id FROM shipping_methods WHERE store_id = ${request.storeId} AND id = ${methodId}`,
    );
    if (!exists) throw new AppError('NOT_FOUND', `Shipping method ${methodId} does not exist.`);
  }
  if (!zone) throw noShippingTo(request.address);
  if (!method || method.zoneId !== zone.id) {
    throw unavailable(
      `Shipping method ${methodId} does not ship to this address; choose one of the rates offered for it.`,
      'method_id',
    );
  }
  if (!method.active) throw new AppError('NOT_FOUND', `Shipping method ${methodId} is not active.`);
  if (!method.pickupOpen) {
    throw unavailable(`Shipping method ${methodId} collects from a location that is closed.`, 'method_id');
  }
  if (method.currency !== request.currency) {
    throw unavailable(
      `Shipping method ${methodId} charges in ${method.currency}; the basket is in ${request.currency}.`,
      'currency',
    );
  }
  const [rate] = await priceMethods(request, zone.id, [method]);
  if (!rate) {
    throw unavailable(
      `Shipping method ${methodId} is not offered for this basket (its weight or subtotal is outside the method's rate bands).`,
      'method_id',
    );
  }
  return rate;
}

export function noShippingTo(address: Address): AppError {
  const where = [address.postal_code, address.region, address.country].filter(Boolean).join(', ');
  return new AppError('NO_SHIPPING_TO_ADDRESS', `The store does not ship to ${where}.`, {
    errors: [{ path: 'body.address', message: 'outside every shipping zone of the store' }],
  });
}

const unavailable = (message: string, field: string) =>
  new AppError('SHIPPING_METHOD_UNAVAILABLE', message, { errors: [{ path: `body.${field}`, message }] });

// --- pickup without the shopper's address ----------------------------------------------------------

/** A basket without an address: a pickup needs none, since the goods change hands at the shop. */
export type PickupRateRequest = Omit<ShippingRateRequest, 'address'>;

/** The store's pickup methods, each with the address of the location it collects from. */
async function pickupMethods(db: DbOrTx, storeId: string): Promise<{ method: MethodFacts; at: Address }[]> {
  const rows = await readRows<ZoneRow>(
    db,
    storeId,
    sql`SELECT ${ZONE_METHOD_COLUMNS}
          FROM shipping_methods m
          JOIN shipping_zones z ON z.id = m.zone_id AND z.store_id = m.store_id
          JOIN stock_locations l ON l.id = m.pickup_location_id AND l.store_id = m.store_id
         WHERE m.store_id = ${storeId} AND m.pickup_location_id IS NOT NULL
         ORDER BY m.id`,
  );
  return rows.flatMap((r) => {
    try {
      // A location without a full address cannot be quoted (nor taxed) without the shopper's.
      return [{ method: methodOf(r), at: parseAddress(r.pickup_address ?? {}, 'pickup.address') }];
    } catch {
      return [];
    }
  });
}

/** Price one pickup method at its own location's address. */
async function pricePickup(request: PickupRateRequest, method: MethodFacts, at: Address) {
  const [rate] = await priceMethods(parseRateRequest({ ...request, address: at }), method.zoneId, [method]);
  return rate;
}

/**
 * Every pickup rate for a basket whose shopper gave no address yet, cheapest first: the store's
 * active pickup methods in the basket's currency at open locations with a full address, each
 * quoted at that address.
 */
export async function quotePickupRates(db: DbOrTx, request: PickupRateRequest): Promise<ShippingRate[]> {
  const offered = (await pickupMethods(db, request.storeId)).filter(
    ({ method: m }) => m.active && m.pickupOpen && m.currency === request.currency,
  );
  const rates = await Promise.all(offered.map(({ method, at }) => pricePickup(request, method, at)));
  return rates
    .filter((r): r is ShippingRate => r !== undefined)
    .sort((a, b) => a.amount - b.amount || a.name.localeCompare(b.name));
}

/**
 * The rate of one pickup method for a basket without an address; null when the method is not a
 * pickup one (the shopper must give an address for it). 404, 422 as `quoteShippingRate`.
 */
export async function quotePickupRate(
  db: DbOrTx,
  request: PickupRateRequest & { methodId: string },
): Promise<ShippingRate | null> {
  const found = (await pickupMethods(db, request.storeId)).find((p) => p.method.id === request.methodId);
  if (!found) return null;
  const { method, at } = found;
  if (!method.active) throw new AppError('NOT_FOUND', `Shipping method ${method.id} is not active.`);
  if (!method.pickupOpen) {
    throw unavailable(`Shipping method ${method.id} collects from a location that is closed.`, 'method_id');
  }
  if (method.currency !== request.currency) {
    throw unavailable(
      `Shipping method ${method.id} charges in ${method.currency}; the basket is in ${request.currency}.`,
      'currency',
    );
  }
  const rate = await pricePickup(request, method, at);
  if (!rate) {
    throw unavailable(`Shipping method ${method.id} is not offered for this basket.`, 'method_id');
  }
  return rate;
}
