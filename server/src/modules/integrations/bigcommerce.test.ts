/**
 * BigCommerce, pure: the per-connection token header, the webhook envelope and what it asks to
 * fetch, and the mapping of BigCommerce's documented API answers (cart, order, customers).
 */
import { describe, expect, it } from 'vitest';
import type { AppError } from '../../platform/errors.ts';
import {
  BigCommerceWebhook,
  mapBigCommerce,
  resourceOfWebhook,
  verifyBigCommerceToken,
} from './bigcommerce.ts';
import { jsonBody, parsePayload } from './payloads.ts';
import { sampleBytes, sampleJson } from './testing.ts';

const STORE = 'store_01JTESTSTORE0000000000000';
const TOKEN = 'bc-webhook-token-0123456789abcdef';
const hookOf = (body: unknown) => parsePayload(BigCommerceWebhook, body);

describe('X-Carton-Webhook-Token', () => {
  it("accepts the connection's token only", () => {
    expect(verifyBigCommerceToken({ 'x-carton-webhook-token': TOKEN }, TOKEN)).toBe(true);
    expect(verifyBigCommerceToken({ 'x-carton-webhook-token': `${TOKEN}x` }, TOKEN)).toBe(false);
    expect(verifyBigCommerceToken({ 'x-carton-webhook-token': 'short' }, TOKEN)).toBe(false);
    expect(verifyBigCommerceToken({}, TOKEN)).toBe(false);
  });
});

describe('the webhook envelope', () => {
  it('names the resource to fetch for each scope Carton takes', () => {
    const cart = hookOf(jsonBody(sampleBytes('bigcommerce-webhook-cart-updated')));
    expect(cart).toMatchObject({
      scope: 'store/cart/updated',
      hash: '352e4afc6dd3fc85ea26bfdf3f91852604d57528',
    });
    expect(resourceOfWebhook(cart)).toEqual({ type: 'cart', id: '09346904-4175-44fd-be53-f7e598531b6c' });
    const order = hookOf(jsonBody(sampleBytes('bigcommerce-webhook-order-created')));
    expect(resourceOfWebhook(order)).toEqual({ type: 'order', id: '250' });

    const envelope = sampleJson('bigcommerce-webhook-cart-updated');
    const withScope = (scope: string, data: Record<string, unknown> = { type: 'x', id: 7 }) =>
      resourceOfWebhook(hookOf({ ...envelope, scope, data }));
    expect(withScope('store/cart/abandoned')).toEqual({ type: 'cart', id: '7' });
    expect(withScope('store/cart/converted', { type: 'cart', id: 'c-1', orderId: 251 })).toEqual({
      type: 'order',
      id: '251',
    });
    expect(withScope('store/order/statusUpdated')).toEqual({ type: 'order', id: '7' });
    expect(withScope('store/customer/updated')).toEqual({ type: 'customer', id: '7' });
    expect(withScope('store/product/updated')).toBeNull();
    expect(withScope('store/cart/deleted')).toBeNull();
    expect(withScope('store/cart/lineItem/created')).toBeNull();
  });

  it('is a 422 when it lacks what BigCommerce documents', () => {
    const envelope = sampleJson('bigcommerce-webhook-cart-updated');
    delete envelope.hash;
    envelope.created_at = 'today';
    try {
      hookOf(envelope);
      throw new Error('expected a 422');
    } catch (err) {
      expect((err as AppError).code).toBe('INTEGRATION_PAYLOAD_INVALID');
      expect((err as AppError).errors?.map((e) => e.path).sort()).toEqual(['body.created_at', 'body.hash']);
    }
  });
});

describe('mapping the documented API answers', () => {
  it('GET /v3/carts/{id} → a cart with option names, sale prices in minor units, images and links', () => {
    const mapped = mapBigCommerce(
      { type: 'cart', id: '09346904-4175-44fd-be53-f7e598531b6c' },
      jsonBody(sampleBytes('bigcommerce-cart')),
      STORE,
    );
    expect(mapped.carts).toEqual([
      {
        storeId: STORE,
        source: 'bigcommerce',
        externalId: '09346904-4175-44fd-be53-f7e598531b6c',
        contact: { email: 'janedoe@example.com', externalCustomerId: '11' },
        currency: 'USD',
        value: 34495,
        items: [
          {
            externalProductId: '158',
            sku: 'ABS-BLK',
            title: '[Sample] Able Brewing System',
            variantTitle: 'Color: Black',
            quantity: 1,
            unitPrice: 22500,
            imageUrl:
              'https://cdn11.bigcommerce.com/s-7mxa9b3q2s/products/158/images/522/ablebrewingsystem4.1651591863.220.290.jpg?c=1',
            url: 'https://store-7mxa9b3q2s.mybigcommerce.com/able-brewing-system/',
          },
          {
            externalProductId: '77',
            sku: 'SLCTBS',
            title: '[Sample] Fog Linen Chambray Towel - Beige Stripe',
            quantity: 3,
            // 39.9833 a unit: rounded to the cent.
            unitPrice: 3998,
            imageUrl:
              'https://cdn11.bigcommerce.com/s-7mxa9b3q2s/products/77/images/266/foglinenbeigestripetowel1b.1651591863.220.290.jpg?c=1',
            url: 'https://store-7mxa9b3q2s.mybigcommerce.com/fog-linen-chambray-towel-beige-stripe/',
          },
        ],
        updatedAt: '2019-06-25T17:11:10.000Z',
      },
    ]);
  });

  it('GET /v2/orders/{id} → a purchase of its cart (RFC 2822 date, amounts as strings)', () => {
    const mapped = mapBigCommerce(
      { type: 'order', id: '250' },
      jsonBody(sampleBytes('bigcommerce-order')),
      STORE,
    );
    expect(mapped.purchases).toEqual([
      {
        storeId: STORE,
        source: 'bigcommerce',
        externalOrderId: '250',
        externalCartId: '09346904-4175-44fd-be53-f7e598531b6c',
        email: 'janedoe@example.com',
        currency: 'USD',
        total: 34495,
        placedAt: '2019-06-25T17:16:30.000Z',
      },
    ]);
  });

  it('incomplete, cancelled and declined orders are no purchase', () => {
    for (const status_id of [0, 5, 6]) {
      const order = { ...sampleJson('bigcommerce-order'), status_id };
      expect(mapBigCommerce({ type: 'order', id: '250' }, order, STORE).purchases).toEqual([]);
    }
    const awaitingPayment = { ...sampleJson('bigcommerce-order'), status_id: 7 };
    expect(mapBigCommerce({ type: 'order', id: '250' }, awaitingPayment, STORE).purchases).toHaveLength(1);
  });

  it('GET /v3/customers?id:in={id} → a contact whose abandoned-cart e-mail flag is their consent', () => {
    const mapped = mapBigCommerce(
      { type: 'customer', id: '11' },
      jsonBody(sampleBytes('bigcommerce-customers')),
      STORE,
    );
    expect(mapped.contacts).toEqual([
      {
        storeId: STORE,
        source: 'bigcommerce',
        externalCustomerId: '11',
        email: 'janedoe@example.com',
        phone: '+1 512 555 0199',
        firstName: 'Jane',
        lastName: 'Doe',
        consent: [
          {
            channel: 'email',
            status: 'granted',
            source: 'bigcommerce',
            occurredAt: '2019-06-25T17:20:02.000Z',
            detail: 'accepts_product_review_abandoned_cart_emails=true',
          },
        ],
        updatedAt: '2019-06-25T17:20:02.000Z',
      },
    ]);
    expect(mapBigCommerce({ type: 'customer', id: '12' }, { data: [] }, STORE).contacts).toEqual([]);
  });

  it('an answer not shaped as documented is a 422 at answer.…', () => {
    const cart = sampleJson<{ data: Record<string, unknown> }>('bigcommerce-cart');
    cart.data.currency = { code: 12 };
    try {
      mapBigCommerce({ type: 'cart', id: 'x' }, cart, STORE);
      throw new Error('expected a 422');
    } catch (err) {
      expect((err as AppError).errors?.[0]?.path).toBe('answer.data.currency.code');
    }
  });
});
