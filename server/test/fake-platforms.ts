import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';

/**
 * Local HTTP servers (127.0.0.1, random port) that answer as the commerce platforms' REST APIs
 * document, for what Carton's integrations read:
 *
 * - BigCommerce: `GET /stores/{hash}/v3/carts/{id}`, `GET /stores/{hash}/v2/orders/{id}`,
 *   `GET /stores/{hash}/v3/customers?id:in={id}`; `X-Auth-Token`; 404 problem documents; 429 with
 *   `X-Rate-Limit-Time-Reset-Ms`.
 * - WooCommerce: `GET /wp-json/wc/v3/orders?modified_after=&dates_are_gmt=&orderby=modified&order=asc
 *   &per_page=&page=`; HTTP Basic with the consumer key and secret; `X-WP-Total`, `X-WP-TotalPages`;
 *   `modified_after` is exclusive, as WordPress's date queries are.
 * - Magento: `GET /rest/V1/carts/search` and `GET /rest/V1/orders` with `searchCriteria` (one
 *   `updated_at` filter with `gteq`, sorted ascending, `pageSize`, `currentPage`); Bearer token;
 *   `{ items, search_criteria, total_count }`; a page past the last answers the last page again,
 *   as Magento does.
 *
 * Each records its requests and can be told to fail the next requests (`failNext`) with a status
 * and headers (429 + Retry-After, 503…).
 */

export interface RecordedRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
}

interface Failure {
  status: number;
  headers: Record<string, string>;
  body: unknown;
}

interface Answer {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

export interface FakePlatform {
  url: string;
  requests: RecordedRequest[];
  /** The next `count` requests answer `status` (default body: a platform-style error). */
  failNext(count: number, status: number, headers?: Record<string, string>): void;
  /** Answer every request only after `ms` (a slow platform). */
  delayAnswers(ms: number): void;
  close(): Promise<void>;
}

async function startServer(
  handle: (req: RecordedRequest) => Answer,
): Promise<FakePlatform & { server: Server }> {
  const requests: RecordedRequest[] = [];
  const failures: Failure[] = [];
  let delay = 0;
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const recorded = {
      method: req.method ?? 'GET',
      path: url.pathname,
      query: url.searchParams,
      headers: req.headers,
    };
    requests.push(recorded);
    req.resume();
    req.on('end', () => {
      const failure = failures.shift();
      const answer: Answer = failure ?? handle(recorded);
      setTimeout(() => {
        res.writeHead(answer.status, { 'content-type': 'application/json', ...(answer.headers ?? {}) });
        res.end(JSON.stringify(answer.body));
      }, delay);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    server,
    url: `http://127.0.0.1:${port}`,
    requests,
    failNext(count, status, headers = {}) {
      for (let i = 0; i < count; i++)
        failures.push({ status, headers, body: { status, title: 'Failing on purpose' } });
    },
    delayAnswers(ms) {
      delay = ms;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

// --- BigCommerce ----------------------------------------------------------------------------------

export interface FakeBigCommerce extends FakePlatform {
  storeHash: string;
  accessToken: string;
  carts: Map<string, unknown>;
  orders: Map<string, unknown>;
  customers: Map<string, unknown>;
}

const bcProblem = (status: number, title: string): Answer => ({
  status,
  body: {
    status,
    title,
    type: 'https://developer.bigcommerce.com/api-docs/getting-started/api-status-codes',
    errors: {},
  },
});

export async function startFakeBigCommerce(
  o: { storeHash?: string; accessToken?: string } = {},
): Promise<FakeBigCommerce> {
  const storeHash = o.storeHash ?? '7mxa9b3q2s';
  const accessToken = o.accessToken ?? 'bc_access_token_0123456789abcdef';
  const carts = new Map<string, unknown>();
  const orders = new Map<string, unknown>();
  const customers = new Map<string, unknown>();
  const fake = await startServer((req) => {
    if (req.headers['x-auth-token'] !== accessToken) return bcProblem(401, 'Unauthorized');
    const prefix = `/stores/${storeHash}`;
    if (!req.path.startsWith(prefix)) return bcProblem(404, 'Not Found');
    const path = req.path.slice(prefix.length);
    let m = /^\/v3\/carts\/([^/]+)$/.exec(path);
    if (m) {
      const cart = carts.get(decodeURIComponent(m[1]!));
      return cart ? { status: 200, body: { data: cart, meta: {} } } : bcProblem(404, 'Cart not found');
    }
    m = /^\/v2\/orders\/(\d+)$/.exec(path);
    if (m) {
      const order = orders.get(m[1]!);
      // V2 answers a missing order with a list of errors.
      return order
        ? { status: 200, body: order }
        : { status: 404, body: [{ status: 404, message: 'The requested resource was not found.' }] };
    }
    if (path === '/v3/customers') {
      const ids = (req.query.get('id:in') ?? '').split(',').filter(Boolean);
      const data = ids.map((id) => customers.get(id)).filter(Boolean);
      return {
        status: 200,
        body: {
          data,
          meta: {
            pagination: {
              total: data.length,
              count: data.length,
              per_page: 50,
              current_page: 1,
              total_pages: 1,
            },
          },
        },
      };
    }
    return bcProblem(404, 'Not Found');
  });
  return { ...fake, storeHash, accessToken, carts, orders, customers };
}

// --- WooCommerce ----------------------------------------------------------------------------------

export interface FakeWooCommerce extends FakePlatform {
  consumerKey: string;
  consumerSecret: string;
  /** Orders as the REST API shows them (date_modified_gmt decides the order and the filter). */
  orders: Record<string, unknown>[];
}

export async function startFakeWooCommerce(
  o: { consumerKey?: string; consumerSecret?: string } = {},
): Promise<FakeWooCommerce> {
  const consumerKey = o.consumerKey ?? 'ck_0123456789abcdef0123456789abcdef01234567';
  const consumerSecret = o.consumerSecret ?? 'cs_0123456789abcdef0123456789abcdef01234567';
  const orders: Record<string, unknown>[] = [];
  const expected = `Basic ${Buffer.from(`${consumerKey}:${consumerSecret}`).toString('base64')}`;
  const fake = await startServer((req) => {
    if (req.path !== '/wp-json/wc/v3/orders') {
      return {
        status: 404,
        body: {
          code: 'rest_no_route',
          message: 'No route was found matching the URL and request method.',
          data: { status: 404 },
        },
      };
    }
    if (req.headers.authorization !== expected) {
      return {
        status: 401,
        body: {
          code: 'woocommerce_rest_cannot_view',
          message: 'Sorry, you cannot list resources.',
          data: { status: 401 },
        },
      };
    }
    const q = req.query;
    if (q.get('orderby') !== 'modified' || q.get('order') !== 'asc' || q.get('dates_are_gmt') !== 'true') {
      return {
        status: 400,
        body: { code: 'rest_invalid_param', message: 'Invalid parameter(s)', data: { status: 400 } },
      };
    }
    const after = q.get('modified_after');
    const afterMs = after ? Date.parse(`${after}Z`) : -Infinity;
    const perPage = Number(q.get('per_page') ?? 10);
    const page = Number(q.get('page') ?? 1);
    const modified = (x: Record<string, unknown>) => Date.parse(`${x.date_modified_gmt as string}Z`);
    const matching = orders
      .filter((x) => modified(x) > afterMs)
      .sort((a, b) => modified(a) - modified(b) || Number(a.id) - Number(b.id));
    const pages = Math.max(1, Math.ceil(matching.length / perPage));
    return {
      status: 200,
      body: matching.slice((page - 1) * perPage, page * perPage),
      headers: { 'x-wp-total': String(matching.length), 'x-wp-totalpages': String(pages) },
    };
  });
  return { ...fake, consumerKey, consumerSecret, orders };
}

// --- Magento --------------------------------------------------------------------------------------

export interface FakeMagento extends FakePlatform {
  accessToken: string;
  carts: Record<string, unknown>[];
  orders: Record<string, unknown>[];
}

export async function startFakeMagento(o: { accessToken?: string } = {}): Promise<FakeMagento> {
  const accessToken = o.accessToken ?? 'mag_integration_token_0123456789';
  const carts: Record<string, unknown>[] = [];
  const orders: Record<string, unknown>[] = [];
  const fake = await startServer((req) => {
    const list =
      req.path === '/rest/V1/carts/search' ? carts : req.path === '/rest/V1/orders' ? orders : null;
    if (!list) return { status: 404, body: { message: 'Request does not match any route.' } };
    if (req.headers.authorization !== `Bearer ${accessToken}`) {
      return {
        status: 401,
        body: {
          message: "The consumer isn't authorized to access %resources.",
          parameters: { resources: 'Magento_Cart::manage' },
        },
      };
    }
    const q = req.query;
    const f = 'searchCriteria[filter_groups][0][filters][0]';
    const field = q.get(`${f}[field]`);
    const condition = q.get(`${f}[condition_type]`);
    const value = q.get(`${f}[value]`);
    if (field !== 'updated_at' || condition !== 'gteq' || !value) {
      return { status: 400, body: { message: 'Unexpected searchCriteria in this fake.' } };
    }
    const pageSize = Number(q.get('searchCriteria[pageSize]') ?? 20);
    const currentPage = Number(q.get('searchCriteria[currentPage]') ?? 1);
    const at = (x: Record<string, unknown>) => Date.parse(`${(x.updated_at as string).replace(' ', 'T')}Z`);
    const from = Date.parse(`${value.replace(' ', 'T')}Z`);
    const matching = list.filter((x) => at(x) >= from).sort((a, b) => at(a) - at(b));
    const lastPage = Math.max(1, Math.ceil(matching.length / pageSize));
    // Magento answers a page past the last with the last page.
    const page = Math.min(currentPage, lastPage);
    return {
      status: 200,
      body: {
        items: matching.slice((page - 1) * pageSize, page * pageSize),
        search_criteria: {
          filter_groups: [{ filters: [{ field, value, condition_type: condition }] }],
          sort_orders: [{ field: 'updated_at', direction: 'ASC' }],
          page_size: pageSize,
          current_page: currentPage,
        },
        total_count: matching.length,
      },
    };
  });
  return { ...fake, accessToken, carts, orders };
}
