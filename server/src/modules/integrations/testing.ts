import { generateKeyPairSync, randomUUID, sign } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { hmacSha256Base64 } from './payloads.ts';

/**
 * Test support: the platforms' documented sample payloads (`samples/*.json`, read as the exact
 * bytes a platform would send) and deliveries signed as each platform signs them.
 */

export type SampleName =
  | 'shopify-checkout-create'
  | 'shopify-checkout-update-completed'
  | 'shopify-order-create'
  | 'shopify-customer-update'
  | 'woocommerce-order-pending'
  | 'woocommerce-order-processing'
  | 'woocommerce-customer'
  | 'bigcommerce-webhook-cart-updated'
  | 'bigcommerce-webhook-order-created'
  | 'bigcommerce-cart'
  | 'bigcommerce-order'
  | 'bigcommerce-customers'
  | 'magento-carts-search'
  | 'magento-orders-search'
  | 'magento-webhook-quote'
  | 'magento-webhook-order';

/** A sample's bytes, as the platform sends them. */
export function sampleBytes(name: SampleName): Buffer {
  return readFileSync(new URL(`./samples/${name}.json`, import.meta.url));
}

/** A sample as a JSON value (ids beyond 2^53 lose digits here: for edits, not for id assertions). */
export function sampleJson<T = Record<string, unknown>>(name: SampleName): T {
  return JSON.parse(sampleBytes(name).toString('utf8')) as T;
}

/** A body with the sample's fields changed (for JSON whose ids fit in a number). */
export function sampleWith(name: SampleName, change: (json: Record<string, unknown>) => void): Buffer {
  const json = sampleJson(name);
  change(json);
  return Buffer.from(JSON.stringify(json));
}

/** Headers of a Shopify webhook delivery, signed with `secret`. */
export function shopifyHeaders(
  body: Buffer,
  secret: string,
  o: { topic: string; shop: string; eventId?: string; webhookId?: string; triggeredAt?: string },
): Record<string, string> {
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    'x-shopify-topic': o.topic,
    'x-shopify-hmac-sha256': hmacSha256Base64(secret, body),
    'x-shopify-shop-domain': o.shop,
    'x-shopify-api-version': '2024-01',
    'x-shopify-webhook-id': o.webhookId ?? randomUUID(),
    'x-shopify-triggered-at': o.triggeredAt ?? new Date().toISOString(),
  };
  if (o.eventId !== undefined) headers['x-shopify-event-id'] = o.eventId;
  return headers;
}

/** Headers of a WooCommerce webhook delivery, signed with `secret`. */
export function wooCommerceHeaders(
  body: Buffer,
  secret: string,
  o: { topic: string; deliveryId?: string; source?: string },
): Record<string, string> {
  const [resource, event] = o.topic.split('.');
  return {
    'content-type': 'application/json',
    'user-agent': 'WooCommerce/8.6.1 Hookshot (WordPress/6.4.3)',
    'x-wc-webhook-source': o.source ?? 'https://example.com/',
    'x-wc-webhook-topic': o.topic,
    'x-wc-webhook-resource': resource ?? '',
    'x-wc-webhook-event': event ?? '',
    'x-wc-webhook-signature': hmacSha256Base64(secret, body),
    'x-wc-webhook-id': '12',
    'x-wc-webhook-delivery-id': o.deliveryId ?? randomUUID(),
  };
}

/** A BigCommerce webhook body for `scope` and id, sent now (or at `createdAt`, unix seconds). */
export function bigCommerceWebhook(
  storeHash: string,
  o: { scope: string; id: string | number; hash?: string; createdAt?: number; orderId?: number },
): Buffer {
  const type = o.scope.split('/')[1];
  return Buffer.from(
    JSON.stringify({
      created_at: o.createdAt ?? Math.floor(Date.now() / 1000),
      store_id: '1025646',
      producer: `stores/${storeHash}`,
      scope: o.scope,
      hash: o.hash ?? randomUUID().replaceAll('-', ''),
      data: { type, id: o.id, ...(o.orderId !== undefined ? { orderId: o.orderId } : {}) },
    }),
  );
}

/** An RSA key pair as Adobe Commerce makes one for webhook signatures (PEM). */
export function magentoKeyPair(): { publicKey: string; privateKey: string } {
  return generateKeyPairSync('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
}

/** Headers of an Adobe Commerce webhook call, signed with the store's private key. */
export function magentoHeaders(body: Buffer, privateKey: string): Record<string, string> {
  return {
    'content-type': 'application/json',
    'x-adobe-commerce-webhook-signature': sign('sha256', body, privateKey).toString('base64'),
  };
}
