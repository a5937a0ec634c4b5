/**
 * Magento (Adobe Commerce), pure: the webhook's RSA-SHA256 signature, its identity, and the
 * mapping of its webhook payloads and of the REST API's cart and order search results.
 */
import { describe, expect, it } from 'vitest';
import type { AppError } from '../../platform/errors.ts';
import {
  isRsaPublicKey,
  magentoCartOf,
  magentoDeliveryKey,
  magentoOrderOf,
  magentoTopicOf,
  MagentoWebhook,
  mapMagentoWebhook,
  verifyMagentoSignature,
} from './magento.ts';
import { jsonBody, parsePayload } from './payloads.ts';
import { magentoHeaders, magentoKeyPair, sampleBytes, sampleJson } from './testing.ts';

const STORE = 'store_01JTESTSTORE0000000000000';
const keys = magentoKeyPair();
const webhookOf = (body: Buffer) => parsePayload(MagentoWebhook, jsonBody(body));

describe('x-adobe-commerce-webhook-signature', () => {
  const body = sampleBytes('magento-webhook-quote');

  it('verifies with the public key; another key, an altered body or a bad header do not', () => {
    expect(verifyMagentoSignature(body, magentoHeaders(body, keys.privateKey), keys.publicKey)).toBe(true);
    const other = magentoKeyPair();
    expect(verifyMagentoSignature(body, magentoHeaders(body, other.privateKey), keys.publicKey)).toBe(false);
    const altered = Buffer.from(body.toString().replace('170.0000', '1.0000'));
    expect(verifyMagentoSignature(altered, magentoHeaders(body, keys.privateKey), keys.publicKey)).toBe(
      false,
    );
    expect(
      verifyMagentoSignature(body, { 'x-adobe-commerce-webhook-signature': 'not base64!' }, keys.publicKey),
    ).toBe(false);
    expect(verifyMagentoSignature(body, {}, keys.publicKey)).toBe(false);
  });

  it('accepts only RSA public keys in PEM form', () => {
    expect(isRsaPublicKey(keys.publicKey)).toBe(true);
    expect(isRsaPublicKey(keys.privateKey.replace('PRIVATE', 'PUBLIC'))).toBe(false);
    expect(isRsaPublicKey('-----BEGIN PUBLIC KEY-----\nnope\n-----END PUBLIC KEY-----')).toBe(false);
  });

  it('knows a delivery by its hook and a digest of its exact bytes', () => {
    expect(magentoDeliveryKey('observer.sales_quote_save_after', body)).toMatch(
      /^observer\.sales_quote_save_after:[0-9a-f]{64}$/,
    );
    expect(magentoDeliveryKey('x', body)).toBe(magentoDeliveryKey('x', Buffer.from(body)));
    expect(magentoDeliveryKey('x', body)).not.toBe(
      magentoDeliveryKey('x', Buffer.concat([body, Buffer.from(' ')])),
    );
  });
});

describe('webhook payloads', () => {
  it('a quote → a cart valued at its grand total, a configurable product once', () => {
    const hook = webhookOf(sampleBytes('magento-webhook-quote'));
    expect(magentoTopicOf(hook)).toBe('observer.sales_quote_save_after');
    expect(mapMagentoWebhook('observer.sales_quote_save_after', hook, STORE)!.carts).toEqual([
      {
        storeId: STORE,
        source: 'magento',
        externalId: '412',
        contact: { email: 'roni_cost@example.com', firstName: 'Veronica', externalCustomerId: '37' },
        currency: 'USD',
        value: 17000,
        items: [
          {
            externalProductId: '67',
            sku: 'MH01-XS-Black',
            title: 'Chaz Kangeroo Hoodie',
            quantity: 1,
            unitPrice: 5200,
          },
          { externalProductId: '6', sku: '24-MB02', title: 'Fusion Backpack', quantity: 2, unitPrice: 5900 },
        ],
        updatedAt: '2024-03-05T10:03:51.000Z',
      },
    ]);
  });

  it('an order → a purchase of its quote', () => {
    const hook = webhookOf(sampleBytes('magento-webhook-order'));
    expect(mapMagentoWebhook(magentoTopicOf(hook)!, hook, STORE)!.purchases).toEqual([
      {
        storeId: STORE,
        source: 'magento',
        externalOrderId: '110',
        externalCartId: '412',
        email: 'roni_cost@example.com',
        phone: '(555) 229-3326',
        currency: 'USD',
        total: 17500,
        placedAt: '2024-03-05T10:12:08.000Z',
      },
    ]);
  });

  it('without eventName, the hook is told by what data holds; other hooks map to nothing', () => {
    const { eventName: _, ...rest } = sampleJson('magento-webhook-order');
    expect(magentoTopicOf(parsePayload(MagentoWebhook, rest))).toBe('observer.sales_order_place_after');
    expect(magentoTopicOf(parsePayload(MagentoWebhook, { data: {} }))).toBeNull();
    expect(
      mapMagentoWebhook(
        'observer.catalog_product_save_after',
        parsePayload(MagentoWebhook, { data: {} }),
        STORE,
      ),
    ).toBeNull();
  });

  it('a malformed quote is a 422 at body.data.quote.…', () => {
    const hook = sampleJson<{ data: { quote: Record<string, unknown> } }>('magento-webhook-quote');
    hook.data.quote.quote_currency_code = null;
    try {
      mapMagentoWebhook('observer.sales_quote_save_after', parsePayload(MagentoWebhook, hook), STORE);
      throw new Error('expected a 422');
    } catch (err) {
      expect((err as AppError).errors?.[0]?.path).toBe('body.data.quote.quote_currency_code');
    }
  });
});

describe('REST search results', () => {
  it('GET /V1/carts/search → carts valued by their items; an inactive quote was ordered', () => {
    const { items } = sampleJson<{ items: unknown[] }>('magento-carts-search');
    const [active, ordered] = items.map((item, i) => magentoCartOf(item, STORE, `answer.items.${i}`));
    expect(active!.updatedAt).toBe('2024-03-05T10:03:51.000Z');
    expect(active!.mapped.carts).toEqual([
      {
        storeId: STORE,
        source: 'magento',
        externalId: '412',
        contact: {
          email: 'roni_cost@example.com',
          phone: '(555) 229-3326',
          firstName: 'Veronica',
          acceptsMarketing: true,
          externalCustomerId: '37',
        },
        currency: 'USD',
        value: 17000,
        items: [
          { sku: 'MH01-XS-Black', title: 'Chaz Kangeroo Hoodie', quantity: 1, unitPrice: 5200 },
          { sku: '24-MB02', title: 'Fusion Backpack', quantity: 2, unitPrice: 5900 },
        ],
        updatedAt: '2024-03-05T10:03:51.000Z',
      },
    ]);
    expect(ordered!.mapped.carts[0]).toMatchObject({
      externalId: '415',
      contact: { email: 'guest.shopper@example.com' },
      value: 1400,
      completedAt: '2024-03-05T10:07:29.000Z',
    });
  });

  it('GET /V1/orders → purchases; a canceled order is none', () => {
    const { items } = sampleJson<{ items: unknown[] }>('magento-orders-search');
    const [placed, canceled] = items.map((item, i) => magentoOrderOf(item, STORE, `answer.items.${i}`));
    expect(placed!.mapped.purchases).toEqual([
      {
        storeId: STORE,
        source: 'magento',
        externalOrderId: '108',
        externalCartId: '415',
        email: 'guest.shopper@example.com',
        phone: '512-555-0100',
        currency: 'USD',
        total: 1900,
        placedAt: '2024-03-05T10:07:28.000Z',
      },
    ]);
    expect(canceled!.updatedAt).toBe('2024-03-05T10:20:03.000Z');
    expect(canceled!.mapped.purchases).toEqual([]);
  });
});
