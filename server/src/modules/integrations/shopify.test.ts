/**
 * Shopify's webhooks, pure: the HMAC over the raw body, the delivery's identity, and the mapping
 * of Shopify's documented sample payloads (checkout, completed checkout, order, customer).
 */
import { describe, expect, it } from 'vitest';
import { AppError } from '../../platform/errors.ts';
import { jsonBody } from './payloads.ts';
import { mapShopify, shopifyDeliveryOf, verifyShopifySignature } from './shopify.ts';
import { sampleBytes, sampleWith, shopifyHeaders } from './testing.ts';
import { ExternalCart } from './types.ts';

const SECRET = 'shpss_0123456789abcdef0123456789abcdef';
const STORE = 'store_01JTESTSTORE0000000000000';

const map = (topic: string, body: Buffer) => mapShopify(topic, jsonBody(body), STORE);

function payloadError(fn: () => unknown): AppError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe('INTEGRATION_PAYLOAD_INVALID');
    return err as AppError;
  }
  throw new Error('expected a 422');
}

describe('X-Shopify-Hmac-Sha256', () => {
  const body = sampleBytes('shopify-checkout-create');
  const headers = shopifyHeaders(body, SECRET, { topic: 'checkouts/create', shop: 'acme.myshopify.com' });

  it('accepts the base64 HMAC-SHA256 of the exact bytes', () => {
    expect(verifyShopifySignature(body, headers, SECRET)).toBe(true);
  });

  it('refuses another secret, an altered body, a missing or mangled header', () => {
    expect(verifyShopifySignature(body, headers, 'shpss_another_secret_00000000000000')).toBe(false);
    const altered = Buffer.from(body.toString('utf8').replace('"398.00"', '"3.98"'));
    expect(verifyShopifySignature(altered, headers, SECRET)).toBe(false);
    // One changed byte anywhere (even whitespace the JSON would not notice).
    expect(verifyShopifySignature(Buffer.concat([body, Buffer.from(' ')]), headers, SECRET)).toBe(false);
    expect(verifyShopifySignature(body, { ...headers, 'x-shopify-hmac-sha256': undefined }, SECRET)).toBe(
      false,
    );
    expect(verifyShopifySignature(body, { ...headers, 'x-shopify-hmac-sha256': 'bm9wZQ==' }, SECRET)).toBe(
      false,
    );
  });
});

describe('delivery identity', () => {
  it('is the topic and X-Shopify-Event-Id, else X-Shopify-Webhook-Id', () => {
    const body = Buffer.from('{}');
    const withEvent = shopifyHeaders(body, SECRET, {
      topic: 'orders/create',
      shop: 'Acme.myshopify.com',
      eventId: '98880550-7158-44d4-b7cd-2c97c8a091b5',
      webhookId: 'b54557e4-bdd9-4b37-8a5f-bf7d70bcd043',
      triggeredAt: '2023-03-29T18:00:27.877041743Z',
    });
    expect(shopifyDeliveryOf(withEvent)).toEqual({
      topic: 'orders/create',
      deliveryKey: 'orders/create:98880550-7158-44d4-b7cd-2c97c8a091b5',
      triggeredAt: '2023-03-29T18:00:27.877Z',
      shopDomain: 'acme.myshopify.com',
    });
    const withoutEvent = { ...withEvent, 'x-shopify-event-id': undefined };
    expect(shopifyDeliveryOf(withoutEvent).deliveryKey).toBe(
      'orders/create:b54557e4-bdd9-4b37-8a5f-bf7d70bcd043',
    );
  });

  it('is a 422 without a topic, without any id, or with a time that is not one', () => {
    const h = shopifyHeaders(Buffer.from('{}'), SECRET, {
      topic: 'orders/create',
      shop: 'acme.myshopify.com',
    });
    expect(payloadError(() => shopifyDeliveryOf({ ...h, 'x-shopify-topic': undefined })).errors).toEqual([
      { path: 'headers.x-shopify-topic', message: 'required' },
    ]);
    expect(
      payloadError(() => shopifyDeliveryOf({ ...h, 'x-shopify-webhook-id': undefined })).errors?.[0]?.path,
    ).toBe('headers.x-shopify-event-id');
    expect(
      payloadError(() => shopifyDeliveryOf({ ...h, 'x-shopify-triggered-at': 'yesterday' })).errors?.[0]
        ?.path,
    ).toBe('headers.x-shopify-triggered-at');
  });
});

describe('mapping the documented samples', () => {
  it('checkouts/create → a cart: token as id, money in minor units, contact, recovery URL', () => {
    const mapped = map('checkouts/create', sampleBytes('shopify-checkout-create'))!;
    expect(mapped.purchases).toEqual([]);
    expect(mapped.contacts).toEqual([]);
    expect(mapped.carts).toEqual([
      {
        storeId: STORE,
        source: 'shopify',
        externalId: '123123123',
        contact: {
          email: 'example@email.com',
          phone: '555-555-BILL',
          firstName: 'John',
          acceptsMarketing: false,
          // Beyond 2^53: kept digit for digit.
          externalCustomerId: '603851970716743426',
        },
        currency: 'USD',
        value: 39800,
        items: [
          {
            externalProductId: '632910392',
            sku: 'IPOD2008PINK',
            title: 'IPod Nano - 8GB',
            variantTitle: 'Pink',
            quantity: 1,
            unitPrice: 19900,
          },
          {
            externalProductId: '921728736',
            sku: 'IPOD2009BLACK',
            title: 'IPod Touch 8GB',
            variantTitle: 'Black',
            quantity: 2,
            unitPrice: 9950,
          },
        ],
        recoveryUrl: 'https://checkout.local/548380009/checkouts/123123123/recover?key=example-secret-token',
        updatedAt: '2022-01-01T00:00:00.000Z',
      },
    ]);
    expect(ExternalCart.safeParse(mapped.carts[0]).success).toBe(true);
  });

  it('checkouts/update with completed_at → the cart, completed (a purchase by the port’s contract)', () => {
    const [cart] = map('checkouts/update', sampleBytes('shopify-checkout-update-completed'))!.carts;
    expect(cart).toMatchObject({
      externalId: '123123123',
      updatedAt: '2022-01-01T14:14:27.000Z',
      completedAt: '2022-01-01T14:14:27.000Z',
    });
  });

  it('orders/create → a purchase of the checkout it came from', () => {
    const mapped = map('orders/create', sampleBytes('shopify-order-create'))!;
    expect(mapped.carts).toEqual([]);
    expect(mapped.purchases).toEqual([
      {
        storeId: STORE,
        source: 'shopify',
        externalOrderId: '820982911946154508',
        externalCartId: '123123123',
        email: 'jon@example.com',
        currency: 'USD',
        total: 40300,
        placedAt: '2022-01-01T14:14:29.000Z',
      },
    ]);
  });

  it('customers/update → a contact with e-mail consent granted and SMS consent withdrawn, when and how', () => {
    const mapped = map('customers/update', sampleBytes('shopify-customer-update'))!;
    expect(mapped.contacts).toEqual([
      {
        storeId: STORE,
        source: 'shopify',
        externalCustomerId: '706405506930370084',
        email: 'bob@biller.com',
        phone: '+16135551111',
        firstName: 'Bob',
        lastName: 'Biller',
        consent: [
          {
            channel: 'email',
            status: 'granted',
            source: 'shopify',
            occurredAt: '2022-01-02T16:29:47.000Z',
            detail: 'subscribed/confirmed_opt_in',
          },
          {
            channel: 'sms',
            status: 'withdrawn',
            source: 'shopify',
            occurredAt: '2022-01-02T16:29:50.000Z',
            detail: 'unsubscribed/single_opt_in',
          },
        ],
        updatedAt: '2022-01-02T16:30:00.000Z',
      },
    ]);
  });

  it('states that grant nothing make no statement; the pre-2022 accepts_marketing still counts', () => {
    const notSubscribed = sampleWith('shopify-customer-update', (c) => {
      c.email_marketing_consent = { state: 'not_subscribed', opt_in_level: null, consent_updated_at: null };
      c.sms_marketing_consent = {
        state: 'pending',
        opt_in_level: 'confirmed_opt_in',
        consent_updated_at: null,
      };
    });
    expect(map('customers/create', notSubscribed)!.contacts[0]!.consent).toEqual([]);
    const legacy = sampleWith('shopify-customer-update', (c) => {
      delete c.email_marketing_consent;
      delete c.sms_marketing_consent;
      c.accepts_marketing = true;
      c.accepts_marketing_updated_at = '2021-06-01T10:00:00-04:00';
    });
    expect(map('customers/create', legacy)!.contacts[0]!.consent).toEqual([
      {
        channel: 'email',
        status: 'granted',
        source: 'shopify',
        occurredAt: '2021-06-01T14:00:00.000Z',
        detail: 'accepts_marketing',
      },
    ]);
  });

  it('a topic Carton does not take maps to nothing', () => {
    expect(map('products/update', Buffer.from('{"id": 1}'))).toBeNull();
    expect(map('app/uninstalled', Buffer.from('{}'))).toBeNull();
  });
});

describe('malformed payloads', () => {
  it('are a 422 naming each field that is not as Shopify documents it', () => {
    const bad = sampleWith('shopify-checkout-create', (c) => {
      delete c.token;
      (c.line_items as Record<string, unknown>[])[1]!.quantity = 0;
      c.total_price = 'three hundred';
    });
    const err = payloadError(() => map('checkouts/update', bad));
    expect(err.status).toBe(422);
    expect(err.errors?.map((e) => e.path).sort()).toEqual([
      'body.line_items.1.quantity',
      'body.token',
      'body.total_price',
    ]);
  });

  it('a body that is not JSON is a 422 at body', () => {
    expect(payloadError(() => map('orders/create', Buffer.from('{"id": '))).errors).toEqual([
      { path: 'body', message: 'not valid JSON' },
    ]);
  });
});
