import type { Config } from '../../platform/config.ts';
import type { BigCommerceResource } from './bigcommerce.ts';
import { getJson, PlatformUnavailableError, type FetchPolicy } from './http-client.ts';
import { parsePayload } from './payloads.ts';
import { MagentoCartSearch } from './magento.ts';

/**
 * The platforms' REST APIs, as Carton reads them (GET only): BigCommerce's carts, orders and
 * customers for its id-only webhooks; WooCommerce's and Magento's orders and carts for polling.
 * Each speaks the platform's documented HTTP protocol; tests run them against local servers that
 * answer the same way.
 */

/** How hard to try: a webhook fetches once (the platform is waiting for our answer); the worker retries. */
export function fetchPolicy(config: Config, mode: 'webhook' | 'worker'): FetchPolicy {
  return {
    timeoutMs: config.INTEGRATIONS_HTTP_TIMEOUT_MS,
    attempts: mode === 'webhook' ? 1 : config.INTEGRATIONS_RETRY_ATTEMPTS,
    baseDelayMs: config.INTEGRATIONS_RETRY_BASE_MS,
    maxDelayMs: config.INTEGRATIONS_RETRY_MAX_DELAY_MS,
    allowPrivateNetworks:
      (config.INTEGRATIONS_ALLOW_PRIVATE_NETWORKS ??
        (config.NODE_ENV === 'production' ? 'false' : 'true')) === 'true',
  };
}

// --- BigCommerce --------------------------------------------------------------------------------

export interface BigCommerceAccount {
  apiBase: string;
  storeHash: string;
  accessToken: string;
  clientId?: string | undefined;
}

/**
 * The resource a webhook named, as BigCommerce's API answers it; null when it no longer exists
 * (a cart converted or deleted since). `X-Auth-Token` authenticates (an API account's token).
 */
export async function fetchBigCommerceResource(
  account: BigCommerceAccount,
  resource: BigCommerceResource,
  policy: FetchPolicy,
): Promise<unknown | null> {
  const base = `${account.apiBase.replace(/\/+$/, '')}/stores/${encodeURIComponent(account.storeHash)}`;
  const id = encodeURIComponent(resource.id);
  const path =
    resource.type === 'cart'
      ? `/v3/carts/${id}?include=line_items.physical_items.options,line_items.digital_items.options`
      : resource.type === 'order'
        ? `/v2/orders/${id}`
        : `/v3/customers?id:in=${id}`;
  const headers: Record<string, string> = { 'x-auth-token': account.accessToken };
  if (account.clientId) headers['x-auth-client'] = account.clientId;
  const answer = await getJson(`${base}${path}`, headers, policy);
  return answer.status === 404 ? null : answer.body;
}

// --- WooCommerce --------------------------------------------------------------------------------

export interface WooCommerceAccount {
  siteUrl: string;
  consumerKey: string;
  consumerSecret: string;
}

/** WooCommerce's REST API takes a time without zone; with `dates_are_gmt=true` it means UTC. */
const wooTime = (d: Date) => d.toISOString().slice(0, 19);

/**
 * One page of orders modified after `since`, oldest change first:
 * `GET /wp-json/wc/v3/orders?modified_after=…&dates_are_gmt=true&orderby=modified&order=asc&per_page=…&page=…`,
 * HTTP Basic with the consumer key and secret. `X-WP-TotalPages` tells whether more follow.
 */
export async function listWooCommerceOrders(
  account: WooCommerceAccount,
  o: { since: Date; page: number; pageSize: number },
  policy: FetchPolicy,
): Promise<{ items: unknown[]; more: boolean }> {
  const query = new URLSearchParams({
    modified_after: wooTime(o.since),
    dates_are_gmt: 'true',
    orderby: 'modified',
    order: 'asc',
    per_page: String(o.pageSize),
    page: String(o.page),
  });
  const basic = Buffer.from(`${account.consumerKey}:${account.consumerSecret}`).toString('base64');
  const answer = await getJson(
    `${account.siteUrl}/wp-json/wc/v3/orders?${query}`,
    { authorization: `Basic ${basic}` },
    policy,
  );
  if (answer.status === 404) {
    throw new PlatformUnavailableError('WooCommerce REST API not found at this site URL (404)', 404, null);
  }
  if (!Array.isArray(answer.body)) {
    throw new PlatformUnavailableError(
      'WooCommerce answered its order list without a JSON array',
      answer.status,
      null,
    );
  }
  const pagesHeader = answer.headers['x-wp-totalpages'];
  const totalPages = Number(Array.isArray(pagesHeader) ? pagesHeader[0] : pagesHeader);
  const more = Number.isFinite(totalPages) ? o.page < totalPages : answer.body.length >= o.pageSize;
  return { items: answer.body, more };
}

// --- Magento ------------------------------------------------------------------------------------

export interface MagentoAccount {
  baseUrl: string;
  accessToken: string;
}

/** Magento's time format in search criteria: `2024-03-05 10:11:12`, UTC. */
const magentoTime = (d: Date) => d.toISOString().slice(0, 19).replace('T', ' ');

/**
 * One page of carts (quotes) or orders updated at or after `since`, oldest first:
 * `GET /rest/V1/carts/search` or `/rest/V1/orders`, with `searchCriteria` filtering `updated_at`
 * (`gteq`), sorted by it, `pageSize` and `currentPage` (1-based); Bearer token. Magento answers a
 * page past the last with the last page again, so `total_count` decides whether more follow.
 */
export async function searchMagento(
  account: MagentoAccount,
  o: { resource: 'carts' | 'orders'; since: Date; page: number; pageSize: number },
  policy: FetchPolicy,
): Promise<{ items: unknown[]; more: boolean }> {
  const c = 'searchCriteria';
  const f = `${c}[filter_groups][0][filters][0]`;
  const query = new URLSearchParams({
    [`${f}[field]`]: 'updated_at',
    [`${f}[value]`]: magentoTime(o.since),
    [`${f}[condition_type]`]: 'gteq',
    [`${c}[sortOrders][0][field]`]: 'updated_at',
    [`${c}[sortOrders][0][direction]`]: 'ASC',
    [`${c}[pageSize]`]: String(o.pageSize),
    [`${c}[currentPage]`]: String(o.page),
  });
  const path = o.resource === 'carts' ? '/rest/V1/carts/search' : '/rest/V1/orders';
  const answer = await getJson(
    `${account.baseUrl}${path}?${query}`,
    { authorization: `Bearer ${account.accessToken}` },
    policy,
  );
  if (answer.status === 404) {
    throw new PlatformUnavailableError('Magento REST API not found at this base URL (404)', 404, null);
  }
  const result = parsePayload(MagentoCartSearch, answer.body, 'answer');
  return { items: result.items, more: o.page * o.pageSize < result.total_count };
}
