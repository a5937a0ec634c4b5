import { isIP } from 'node:net';
import { z } from 'zod';

const DURATION_UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** `5s,30s,2m` → milliseconds. */
function durationList(value: string, ctx: z.core.$RefinementCtx<string>): number[] {
  const out: number[] = [];
  for (const part of value.split(',').map((p) => p.trim())) {
    const m = /^(\d+)(ms|s|m|h|d)$/.exec(part);
    if (!m) {
      ctx.addIssue({
        code: 'custom',
        message: `"${part}" is not a duration such as 500ms, 5s, 2m, 1h or 1d`,
      });
      return z.NEVER;
    }
    out.push(Number(m[1]) * DURATION_UNITS[m[2]!]!);
  }
  return out;
}

/** Address ranges proxy-addr (Fastify's trustProxy) knows by name. */
const NAMED_RANGES = new Set(['loopback', 'linklocal', 'uniquelocal']);

/** Which proxies Fastify believes about the client address: Fastify's `trustProxy` option. */
export type TrustProxy = boolean | string[];

/**
 * `TRUST_PROXY`: unset, empty or `false` trusts nothing (the client address is the TCP peer, and
 * X-Forwarded-For is ignored); `true` trusts every hop (only when every request comes through a
 * proxy that overwrites the header); otherwise a comma-separated list of proxy addresses, CIDR
 * ranges, or `loopback` / `linklocal` / `uniquelocal` — the client address is then the rightmost
 * X-Forwarded-For entry that is not one of them.
 *
 * A hop count is refused: Fastify (5.12) no longer honours one — it cannot check that the
 * immediate peer is a proxy, so a client reaching Carton directly could still pick its address —
 * and silently treats it as "trust nothing". Name the proxies instead.
 */
function trustProxy(value: string | undefined, ctx: z.core.$RefinementCtx<string | undefined>): TrustProxy {
  const text = (value ?? '').trim();
  if (text === '' || text.toLowerCase() === 'false') return false;
  if (text.toLowerCase() === 'true') return true;
  if (/^\d+$/.test(text)) {
    ctx.addIssue({
      code: 'custom',
      message:
        'a hop count cannot tell a proxy from a client (Fastify no longer accepts one); list the ' +
        "proxies' addresses or CIDR ranges, e.g. TRUST_PROXY=10.0.0.0/8, or use true",
    });
    return z.NEVER;
  }
  const entries = text.split(',').map((e) => e.trim());
  for (const entry of entries) {
    if (NAMED_RANGES.has(entry)) continue;
    const [address = '', bits, extra] = entry.split('/');
    const family = isIP(address);
    const max = family === 4 ? 32 : 128;
    const badBits = bits !== undefined && (!/^\d+$/.test(bits) || Number(bits) > max);
    if (!family || badBits || extra !== undefined) {
      ctx.addIssue({
        code: 'custom',
        message:
          `"${entry}" is not an IP address or CIDR range; TRUST_PROXY is true, false, a hop count, or ` +
          'comma-separated addresses/CIDRs (or loopback, linklocal, uniquelocal)',
      });
      return z.NEVER;
    }
  }
  return entries;
}

/** Every setting Carton reads from the environment, parsed once at boot. */
const ConfigSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  DATABASE_URL: z.url().optional(),
  CARTON_DATA_DIR: z.string().default('.carton'),
  EMBEDDED_PG_PORT: z.coerce.number().int().min(1).max(65535).default(54329),
  HOST: z.string().default('127.0.0.1'),
  PORT: z.coerce.number().int().min(0).max(65535).default(9000),
  PUBLIC_URL: z.url().optional(),
  CARTON_SECRET: z.string().min(32, 'CARTON_SECRET must be at least 32 characters').optional(),
  REDIS_URL: z.url().optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  BOOTSTRAP_ADMIN_EMAIL: z.email().default('admin@carton.local'),
  BOOTSTRAP_ADMIN_PASSWORD: z.string().min(12).optional(),
  SMTP_URL: z.string().optional(),
  MAIL_FROM: z.string().default('Carton <no-reply@carton.local>'),
  CORS_ORIGINS: z.string().default('*'),
  BODY_LIMIT_BYTES: z.coerce.number().int().positive().default(1_048_576),
  RATE_LIMIT_PER_MINUTE: z.coerce.number().int().positive().default(6000),
  /**
   * Which reverse proxies to believe about the client address (X-Forwarded-For), for per-IP rate
   * limits, sign-in lockouts and the audit log. Default: none — trusting every hop would let any
   * client choose its own address.
   */
  TRUST_PROXY: z.string().optional().transform(trustProxy),
  /** Largest product CSV accepted by POST /admin/v1/products/import (the JSON body limit is smaller). */
  CATALOG_IMPORT_MAX_BYTES: z.coerce
    .number()
    .int()
    .positive()
    .default(64 * 1_048_576),
  /** How long an API process reuses a search or autocomplete answer while the store's index is unchanged; 0: never. */
  SEARCH_CACHE_TTL_SECONDS: z.coerce.number().int().min(0).max(3600).default(60),
  /** Most addresses one shopper may keep in their address book. */
  CUSTOMER_MAX_ADDRESSES: z.coerce.number().int().min(1).max(1000).default(20),
  /** Most items one shopper may keep on their wish list. */
  CUSTOMER_MAX_WISHLIST_ITEMS: z.coerce.number().int().min(1).max(10_000).default(200),
  /** A cart not changed for this many days expires (refused with 410 CART_EXPIRED, then marked expired). */
  CART_EXPIRY_DAYS: z.coerce.number().int().min(1).max(365).default(30),
  /** Most units of one variant a cart line may hold, unless the store's settings say otherwise. */
  CART_MAX_LINE_QUANTITY: z.coerce.number().int().min(1).max(1_000_000).default(100),
  /** Most lines (distinct variants) a cart may hold, unless the store's settings say otherwise. */
  CART_MAX_LINES: z.coerce.number().int().min(1).max(1000).default(100),
  /** Failed sign-ins of one account, and from one IP, before further attempts are refused for the window. */
  LOGIN_MAX_FAILURES_PER_ACCOUNT: z.coerce.number().int().positive().default(5),
  LOGIN_MAX_FAILURES_PER_IP: z.coerce.number().int().positive().default(50),
  LOGIN_LOCKOUT_SECONDS: z.coerce.number().int().positive().default(900),
  DB_POOL_SIZE: z.coerce.number().int().positive().default(20),
  /** Connections for store-scoped reads (`readInStore`), on top of DB_POOL_SIZE. */
  DB_READ_POOL_SIZE: z.coerce.number().int().positive().default(10),
  OTEL_EXPORTER_OTLP_ENDPOINT: z.url().optional(),
  /** Name of this process in traces. */
  OTEL_SERVICE_NAME: z.string().default('carton'),
  /** When set, GET /metrics requires `Authorization: Bearer <token>`. */
  METRICS_TOKEN: z.string().min(16).optional(),
  /** Stable id of a worker process: a restarted worker resumes the workflows it was running. */
  CARTON_WORKER_ID: z.string().min(1).default('local'),
  /** Comma-separated queues this worker dispatches (default: all). */
  CARTON_WORKER_QUEUES: z.string().optional(),
  /** On shutdown, how long a worker lets running workflows finish before leaving them to recovery. */
  WORKER_SHUTDOWN_GRACE_MS: z.coerce.number().int().min(0).default(10_000),
  /** Event dispatch: the safety-net poll for when a NOTIFY is missed. */
  EVENTS_POLL_INTERVAL_MS: z.coerce.number().int().positive().default(5000),
  /**
   * Event dispatch: passes each worker runs at once (each on a connection of its own), so that
   * deliveries keep up with a busy shop instead of queueing behind one pass's round trips.
   */
  EVENTS_DISPATCH_CONCURRENCY: z.coerce.number().int().min(1).max(16).default(4),
  /** Event dispatch: events fanned out and deliveries claimed per pass. */
  EVENTS_DISPATCH_BATCH: z.coerce.number().int().min(1).max(1000).default(100),
  /** Delays between webhook attempts (`500ms`, `5s`, `2m`, `1h`, `1d`); one attempt more than entries. */
  WEBHOOK_RETRY_SCHEDULE: z.string().default('5s,30s,2m,10m,1h,6h,12h,24h').transform(durationList),
  /** How long a webhook receiver has to answer. */
  WEBHOOK_TIMEOUT_MS: z.coerce.number().int().positive().default(10_000),
  /** An endpoint is disabled after this many consecutive failed attempts spanning at least WEBHOOK_DISABLE_AFTER_MS. */
  WEBHOOK_DISABLE_AFTER_FAILURES: z.coerce.number().int().positive().default(10),
  WEBHOOK_DISABLE_AFTER_MS: z.coerce.number().int().min(0).default(86_400_000),
  /** Let webhooks reach loopback and private addresses (default: true outside production). */
  WEBHOOK_ALLOW_PRIVATE_NETWORKS: z.enum(['true', 'false']).optional(),
  /** Where uploaded files (product images) are kept: local disk under CARTON_DATA_DIR/files, or an S3-compatible bucket. */
  FILE_STORAGE: z.enum(['local', 's3']).default('local'),
  /** URL path at which Carton serves locally stored files. */
  FILES_PUBLIC_PATH: z.string().startsWith('/').default('/files'),
  /** Largest accepted image upload. */
  IMAGE_MAX_BYTES: z.coerce.number().int().positive().default(10_485_760),
  S3_ENDPOINT: z.url().optional(),
  S3_REGION: z.string().default('us-east-1'),
  S3_BUCKET: z.string().optional(),
  S3_ACCESS_KEY_ID: z.string().optional(),
  S3_SECRET_ACCESS_KEY: z.string().optional(),
  /** `true` for path-style URLs (MinIO and most self-hosted stores). */
  S3_FORCE_PATH_STYLE: z.enum(['true', 'false']).default('false'),
  /** Base URL files are served from (a CDN in front of the bucket); default: the object URL. */
  S3_PUBLIC_URL: z.url().optional(),
  /** Stripe's API, for the `stripe` payment provider (a local stand-in in tests). */
  STRIPE_API_BASE: z.url().default('https://api.stripe.com'),
  /** Stripe.js, which the storefront loads to collect cards (a local stand-in in tests). */
  STRIPE_JS_URL: z.url().default('https://js.stripe.com/v3/'),
  /** How long a payment provider has to answer before the outcome counts as unknown (retried with the same key). */
  PAYMENTS_PROVIDER_TIMEOUT_MS: z.coerce.number().int().positive().default(20_000),
  /** Oldest Stripe webhook signature timestamp accepted, in seconds either side of now. */
  STRIPE_WEBHOOK_MAX_AGE_SECONDS: z.coerce.number().int().positive().default(300),
  /**
   * The built-in `test` processor (fake cards, no money moves): `on` by default except when
   * NODE_ENV=production, where a store must set up a real provider unless this says `on`.
   */
  PAYMENTS_TEST_PROCESSOR: z.enum(['on', 'off']).optional(),
  /** A payment left `processing` (or a refund `pending`) this long is retried by the worker's sweep. */
  PAYMENTS_RETRY_AFTER_SECONDS: z.coerce.number().int().positive().default(60),
  /** How long a guest's order-status link (and the token the checkout hands out) stays valid. */
  ORDER_ACCESS_TOKEN_TTL_SECONDS: z.coerce
    .number()
    .int()
    .positive()
    .default(30 * 24 * 60 * 60),
  /** A cancelled order's payment (or a return's refund) still unsettled this long is retried by the worker's sweep. */
  ORDERS_SETTLE_AFTER_SECONDS: z.coerce.number().int().positive().default(60),
  /** How long `POST …/complete` waits for the checkout's outcome before answering 202 (the shopper's page polls). */
  CHECKOUT_WAIT_MS: z.coerce.number().int().positive().default(20_000),
  /** Longest wait for a 3-D Secure challenge before the checkout gives up (voids, releases stock). */
  CHECKOUT_ACTION_TIMEOUT_SECONDS: z.coerce.number().int().positive().default(900),
  /** How often a checkout waiting for a challenge asks the provider (the shopper's return wakes it sooner). */
  CHECKOUT_ACTION_POLL_SECONDS: z.coerce.number().int().positive().default(10),
  /** SendGrid's API, for stores whose e-mail goes through the `sendgrid` provider (a local stand-in in tests). */
  SENDGRID_API_BASE: z.url().default('https://api.sendgrid.com'),
  /** Twilio's API, for stores whose SMS go through the `twilio` provider (a local stand-in in tests). */
  TWILIO_API_BASE: z.url().default('https://api.twilio.com'),
  /** How long a messaging provider (SMTP, SendGrid, Twilio, a push service) has to answer. */
  MESSAGING_PROVIDER_TIMEOUT_MS: z.coerce.number().int().positive().default(10_000),
  /** How long the open pixel and click links of a message keep working. */
  MESSAGING_LINK_TTL_DAYS: z.coerce.number().int().min(1).max(3650).default(60),
  /** How long the unsubscribe link of a message keeps working. */
  MESSAGING_UNSUBSCRIBE_TTL_DAYS: z.coerce.number().int().min(1).max(3650).default(365),
  /** Oldest (or newest) signed SendGrid event webhook accepted, in seconds either side of now. */
  SENDGRID_EVENTS_MAX_AGE_SECONDS: z.coerce.number().int().positive().default(600),
  /** Attempts at a message whose provider was unavailable before it counts as failed. */
  MESSAGING_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(50).default(8),
  /** Webhooks whose platform-stated event time (Shopify, BigCommerce) is further from now than this are not applied. */
  INTEGRATIONS_REPLAY_WINDOW_SECONDS: z.coerce.number().int().positive().default(300),
  /** How long a platform's REST API (BigCommerce, WooCommerce, Magento) has to answer one request. */
  INTEGRATIONS_HTTP_TIMEOUT_MS: z.coerce.number().int().positive().default(15_000),
  /** Attempts per request when the worker calls a platform (429, 5xx and no answer are retried). */
  INTEGRATIONS_RETRY_ATTEMPTS: z.coerce.number().int().min(1).max(20).default(4),
  /** First backoff between those attempts; it doubles each time. */
  INTEGRATIONS_RETRY_BASE_MS: z.coerce.number().int().min(0).default(1000),
  /** Longest wait between attempts; a longer Retry-After ends the sync, which comes back after it. */
  INTEGRATIONS_RETRY_MAX_DELAY_MS: z.coerce.number().int().min(0).default(30_000),
  /** Fetches of a BigCommerce webhook's cart or order before the delivery is given up (`failed`). */
  INTEGRATIONS_FETCH_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(100).default(12),
  /** Items asked per page when polling (WooCommerce allows at most 100). */
  INTEGRATIONS_POLL_PAGE_SIZE: z.coerce.number().int().min(1).max(100).default(100),
  /** Let platform API calls reach loopback and private addresses (default: true outside production). */
  INTEGRATIONS_ALLOW_PRIVATE_NETWORKS: z.enum(['true', 'false']).optional(),
  /** BigCommerce's API, for its webhooks' fetches (a local stand-in in tests). */
  BIGCOMMERCE_API_BASE: z.url().default('https://api.bigcommerce.com'),
  /** Handle of the store whose shop Carton serves at `/` (web/storefront). */
  STOREFRONT_STORE: z.string().default('demo'),
  /** How long a recovery link (in abandoned-cart messages) restores its cart. */
  RECOVERY_LINK_TTL_SECONDS: z.coerce
    .number()
    .int()
    .positive()
    .default(30 * 24 * 60 * 60),
  /** Most events in one tracker batch (`POST /ingest/v1/carts/track`). */
  RECOVERY_TRACK_MAX_EVENTS: z.coerce.number().int().min(1).max(1000).default(100),
  /** Folded tracker events are kept this long (duplicate deliveries within it are recognised), then deleted. */
  RECOVERY_EVENTS_KEEP_DAYS: z.coerce.number().int().positive().default(7),
  /** How long a campaign step's "minute" lasts, in ms (60000; tests shorten it to run whole campaigns). */
  RECOVERY_CAMPAIGN_MINUTE_MS: z.coerce.number().int().positive().default(60_000),
  /** Campaign steps a worker sends at once (each a message handed to its provider). */
  RECOVERY_CAMPAIGN_CONCURRENCY: z.coerce.number().int().min(1).max(256).default(16),
  /** Due campaign steps a worker claims per pass (FOR UPDATE SKIP LOCKED). */
  RECOVERY_CAMPAIGN_BATCH: z.coerce.number().int().min(1).max(5000).default(500),
  /** A claimed step not finished within this many seconds (a worker died) is taken again. */
  RECOVERY_CAMPAIGN_LEASE_SECONDS: z.coerce.number().int().min(5).max(3600).default(120),
});

export type Config = z.infer<typeof ConfigSchema> & { CARTON_SECRET: string };

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = ConfigSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`Invalid configuration:\n${lines.join('\n')}`);
  }
  return { ...parsed.data, CARTON_SECRET: parsed.data.CARTON_SECRET ?? '' };
}
