/**
 * WooCommerce's webhooks, pure: the signature, the ping, the delivery id, and the mapping of its
 * documented order and customer payloads by order status.
 */
import { describe, expect, it } from 'vitest';
import { AppError } from '../../platform/errors.ts';
import { jsonBody } from './payloads.ts';
import { sampleBytes, sampleWith, wooCommerceHeaders } from './testing.ts';
import {
  decodeEntities,
  isWooCommercePing,
  mapWooCommerce,
  verifyWooCommerceSignature,
  wooCommerceDeliveryOf,
} from './woocommerce.ts';

const SECRET = 'wc-webhook-secret-0123456789';
const STORE = 'store_01JTESTSTORE0000000000000';
const map = (topic: string, body: Buffer) => mapWooCommerce(topic, jsonBody(body), STORE);

describe('X-WC-Webhook-Signature', () => {
  const body = sampleBytes('woocommerce-order-pending');
  const headers = wooCommerceHeaders(body, SECRET, { topic: 'order.created' });

  it('accepts the base64 HMAC-SHA256 of the body with the webhook secret, and nothing else', () => {
    expect(verifyWooCommerceSignature(body, headers, SECRET)).toBe(true);
    expect(verifyWooCommerceSignature(body, headers, 'another-secret-0000')).toBe(false);
    expect(
      verifyWooCommerceSignature(Buffer.from(body.toString().replace('29.35', '2.35')), headers, SECRET),
    ).toBe(false);
    expect(
      verifyWooCommerceSignature(body, { ...headers, 'x-wc-webhook-signature': undefined }, SECRET),
    ).toBe(false);
  });

  it('knows the unsigned ping sent when a webhook is saved', () => {
    expect(
      isWooCommercePing(Buffer.from('webhook_id=12'), {
        'content-type': 'application/x-www-form-urlencoded',
      }),
    ).toBe(true);
    expect(isWooCommercePing(body, headers)).toBe(false);
    expect(isWooCommercePing(Buffer.from('webhook_id=12'), { 'x-wc-webhook-topic': 'order.created' })).toBe(
      false,
    );
  });

  it('identifies a delivery by topic and X-WC-Webhook-Delivery-ID; 422 without them', () => {
    const h = wooCommerceHeaders(body, SECRET, { topic: 'order.updated', deliveryId: 'a1b2c3' });
    expect(wooCommerceDeliveryOf(h)).toEqual({ topic: 'order.updated', deliveryKey: 'order.updated:a1b2c3' });
    expect(() => wooCommerceDeliveryOf({ ...h, 'x-wc-webhook-delivery-id': undefined })).toThrow(AppError);
  });
});

describe('mapping the documented samples', () => {
  it('a pending order → a cart whose recovery link is the order’s payment page', () => {
    const mapped = map('order.created', sampleBytes('woocommerce-order-pending'))!;
    expect(mapped.purchases).toEqual([]);
    expect(mapped.carts).toEqual([
      {
        storeId: STORE,
        source: 'woocommerce',
        externalId: 'order:727',
        contact: { email: 'john.doe@example.com', phone: '(555) 555-5555', firstName: 'John' },
        currency: 'USD',
        value: 2935,
        items: [
          { externalProductId: '93', title: 'Woo Single #1', quantity: 2, unitPrice: 300 },
          {
            externalProductId: '22',
            sku: 'Bar3',
            title: 'Ship Your Idea',
            variantTitle: 'Color: Black, Size: M Test',
            quantity: 1,
            unitPrice: 1200,
            imageUrl: 'https://example.com/wp-content/uploads/2024/03/ship-your-idea-black.jpg',
          },
        ],
        recoveryUrl:
          'https://example.com/checkout/order-pay/727/?pay_for_order=true&key=wc_order_58d2d042d1d',
        updatedAt: '2024-03-05T10:04:37.000Z',
      },
    ]);
  });

  it('the same order paid (processing) → a purchase of that cart, placed when paid', () => {
    const mapped = map('order.updated', sampleBytes('woocommerce-order-processing'))!;
    expect(mapped.carts).toEqual([]);
    expect(mapped.purchases).toEqual([
      {
        storeId: STORE,
        source: 'woocommerce',
        externalOrderId: '727',
        externalCartId: 'order:727',
        email: 'john.doe@example.com',
        phone: '(555) 555-5555',
        currency: 'USD',
        total: 2935,
        placedAt: '2024-03-05T10:09:01.000Z',
      },
    ]);
  });

  it('on-hold and completed are purchases; cancelled, refunded and trash are nothing', () => {
    for (const status of ['on-hold', 'completed']) {
      const body = sampleWith('woocommerce-order-processing', (o) => (o.status = status));
      expect(map('order.updated', body)!.purchases).toHaveLength(1);
    }
    for (const status of ['cancelled', 'refunded', 'trash']) {
      const mapped = map(
        'order.updated',
        sampleWith('woocommerce-order-processing', (o) => (o.status = status)),
      )!;
      expect(mapped).toEqual({ carts: [], purchases: [], contacts: [] });
    }
    for (const status of ['failed', 'checkout-draft']) {
      const body = sampleWith('woocommerce-order-pending', (o) => (o.status = status));
      expect(map('order.updated', body)!.carts).toHaveLength(1);
    }
  });

  it('customer.updated → a contact; WooCommerce keeps no marketing consent, so none is stated', () => {
    expect(map('customer.updated', sampleBytes('woocommerce-customer'))!.contacts).toEqual([
      {
        storeId: STORE,
        source: 'woocommerce',
        externalCustomerId: '25',
        email: 'john.doe@example.com',
        phone: '(555) 555-5555',
        firstName: 'John',
        lastName: 'Doe',
        consent: [],
        updatedAt: '2024-03-05T09:40:03.000Z',
      },
    ]);
  });

  it('other topics map to nothing (WooCommerce has no cart topic)', () => {
    expect(map('product.updated', Buffer.from('{}'))).toBeNull();
    expect(map('coupon.created', Buffer.from('{}'))).toBeNull();
  });

  it('a malformed order is a 422 with the paths', () => {
    const bad = sampleWith('woocommerce-order-pending', (o) => {
      o.currency = 'dollars';
      (o.line_items as Record<string, unknown>[])[0]!.price = 'free';
      delete o.date_modified_gmt;
    });
    try {
      map('order.created', bad);
      throw new Error('expected a 422');
    } catch (err) {
      expect((err as AppError).code).toBe('INTEGRATION_PAYLOAD_INVALID');
      expect((err as AppError).errors?.map((e) => e.path).sort()).toEqual([
        'body.currency',
        'body.date_modified_gmt',
        'body.line_items.0.price',
      ]);
    }
  });

  it('decodes the HTML entities WordPress leaves in names', () => {
    expect(decodeEntities('Ship Your Idea &ndash; Black &amp; White &#8220;Pro&#8221; &#x2019;24')).toBe(
      'Ship Your Idea – Black & White “Pro” ’24',
    );
  });
});
