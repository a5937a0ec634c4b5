import { z } from 'zod';
import { minorUnitExponent } from '../../platform/money.ts';
import type { Purpose } from './contacts.ts';

/**
 * The variables a template may use, declared per purpose. Templates are checked against these
 * when saved (an unknown variable is refused, see `liquid.ts`); the caller's `data` is checked
 * against the matching input schema when a message is sent, and turned into these variables
 * (money formatted in the recipient's language). Messaging adds `store` and `unsubscribe_url`.
 */

/** What a variable is: a value, an object with named fields, or a list of one kind of thing. */
export type Shape =
  { kind: 'value' } | { kind: 'object'; fields: Record<string, Shape> } | { kind: 'list'; of: Shape };

const value: Shape = { kind: 'value' };
const object = (fields: Record<string, Shape>): Shape => ({ kind: 'object', fields });
const list = (of: Shape): Shape => ({ kind: 'list', of });
const values = (...names: string[]) => object(Object.fromEntries(names.map((n) => [n, value])));

const storeShape = values('name', 'url');
const customerShape = values('first_name', 'last_name', 'email');
const cartShape = object({
  id: value,
  recovery_url: value,
  currency: value,
  subtotal: value,
  total: value,
  item_count: value,
  items: list(values('title', 'variant_title', 'quantity', 'price', 'line_total', 'image_url', 'url')),
});

export const VARIABLES: Record<Purpose, Shape> = {
  recovery: object({
    store: storeShape,
    customer: customerShape,
    cart: cartShape,
    discount: values('code', 'description', 'expires_at'),
    unsubscribe_url: value,
  }),
  transactional: object({
    store: storeShape,
    customer: customerShape,
    cart: cartShape,
    order: values('number', 'total', 'url'),
    gift_card: values('code', 'value', 'expires', 'return_number', 'sender', 'recipient_name', 'message'),
    action_url: value,
    unsubscribe_url: value,
  }),
};

/** Every variable path a purpose declares, for error messages and the API (`cart.items[].title`). */
export function variablePaths(shape: Shape, prefix = ''): string[] {
  if (shape.kind === 'value') return [prefix];
  if (shape.kind === 'list') return variablePaths(shape.of, `${prefix}[]`);
  return Object.entries(shape.fields).flatMap(([k, s]) => variablePaths(s, prefix ? `${prefix}.${k}` : k));
}

// --- the caller's data -------------------------------------------------------------------------

const Text = (max = 500) => z.string().max(max);
const Url = z.url().max(2048);
const Minor = z.number().int().min(0).max(1e13);
const Currency = z.string().regex(/^[A-Z]{3}$/, 'an ISO 4217 code');

const CustomerData = z
  .object({
    first_name: Text(200).nullish(),
    last_name: Text(200).nullish(),
    email: z.email().max(254).nullish(),
  })
  .strict();

const CartData = z
  .object({
    id: Text(64),
    recovery_url: Url,
    currency: Currency,
    subtotal: Minor,
    total: Minor,
    items: z
      .array(
        z
          .object({
            title: Text(),
            variant_title: Text().nullish(),
            quantity: z.number().int().min(1).max(1_000_000),
            unit_price: Minor,
            image_url: Url.nullish(),
            url: Url.nullish(),
          })
          .strict(),
      )
      .max(100),
  })
  .strict();

export const MessageData = {
  recovery: z
    .object({
      customer: CustomerData.nullish(),
      cart: CartData,
      discount: z
        .object({ code: Text(100), description: Text().nullish(), expires_at: z.iso.datetime().nullish() })
        .strict()
        .nullish(),
    })
    .strict(),
  transactional: z
    .object({
      customer: CustomerData.nullish(),
      cart: CartData.nullish(),
      order: z
        .object({ number: Text(64), total: Minor, currency: Currency, url: Url.nullish() })
        .strict()
        .nullish(),
      /** A gift card given to the recipient (its code: the message is how it reaches them). */
      gift_card: z
        .object({
          code: Text(40),
          value: Minor,
          currency: Currency,
          expires: Text(100).nullish().describe('Already worded in the recipient’s language'),
          return_number: Text(64)
            .nullish()
            .describe('The return or refund this is store credit for (#1001-R1, #1001-RF1)'),
          sender: Text(200).nullish().describe('Who bought it for the recipient (a gift card sent)'),
          recipient_name: Text(200).nullish(),
          message: Text(500).nullish().describe('The buyer’s message to the recipient'),
        })
        .strict()
        .nullish(),
      action_url: Url.nullish(),
    })
    .strict(),
} as const;
export type MessageData =
  z.input<(typeof MessageData)['recovery']> | z.input<(typeof MessageData)['transactional']>;

export function formatMoney(amount: number, currency: string, locale: string): string {
  const exp = minorUnitExponent(currency);
  const digits = String(Math.abs(amount)).padStart(exp + 1, '0');
  const decimal = `${amount < 0 ? '-' : ''}${exp ? `${digits.slice(0, -exp)}.${digits.slice(-exp)}` : digits}`;
  let format: Intl.NumberFormat;
  try {
    format = new Intl.NumberFormat(locale, {
      style: 'currency',
      currency,
      minimumFractionDigits: exp,
      maximumFractionDigits: exp,
    });
  } catch {
    format = new Intl.NumberFormat('en', { style: 'currency', currency });
  }
  // Intl formats a decimal string exactly (no float in between).
  return format.format(decimal as unknown as number);
}

type CartInput = z.output<typeof CartData>;

function cartView(cart: CartInput, locale: string) {
  const money = (n: number) => formatMoney(n, cart.currency, locale);
  return {
    id: cart.id,
    recovery_url: cart.recovery_url,
    currency: cart.currency,
    subtotal: money(cart.subtotal),
    total: money(cart.total),
    item_count: cart.items.reduce((n, i) => n + i.quantity, 0),
    items: cart.items.map((i) => ({
      title: i.title,
      variant_title: i.variant_title ?? null,
      quantity: i.quantity,
      price: money(i.unit_price),
      line_total: money(i.unit_price * i.quantity),
      image_url: i.image_url ?? null,
      url: i.url ?? null,
    })),
  };
}

const customerView = (c: z.output<typeof CustomerData> | null | undefined) => ({
  first_name: c?.first_name ?? null,
  last_name: c?.last_name ?? null,
  email: c?.email ?? null,
});

export interface Surroundings {
  store: { name: string; url: string };
  unsubscribeUrl: string;
  locale: string;
}

/** The template variables of a message: the caller's data (already parsed) and what messaging adds. */
export function templateVariables(
  purpose: Purpose,
  data: Record<string, unknown>,
  s: Surroundings,
): Record<string, unknown> {
  const common = { store: s.store, unsubscribe_url: s.unsubscribeUrl };
  if (purpose === 'recovery') {
    const d = data as z.output<(typeof MessageData)['recovery']>;
    return {
      ...common,
      customer: customerView(d.customer),
      cart: cartView(d.cart, s.locale),
      discount: d.discount
        ? {
            code: d.discount.code,
            description: d.discount.description ?? null,
            expires_at: d.discount.expires_at ?? null,
          }
        : null,
    };
  }
  const d = data as z.output<(typeof MessageData)['transactional']>;
  return {
    ...common,
    customer: customerView(d.customer),
    cart: d.cart ? cartView(d.cart, s.locale) : null,
    order: d.order
      ? {
          number: d.order.number,
          total: formatMoney(d.order.total, d.order.currency, s.locale),
          url: d.order.url ?? null,
        }
      : null,
    gift_card: d.gift_card
      ? {
          code: d.gift_card.code,
          value: formatMoney(d.gift_card.value, d.gift_card.currency, s.locale),
          expires: d.gift_card.expires ?? null,
          return_number: d.gift_card.return_number ?? null,
          sender: d.gift_card.sender ?? null,
          recipient_name: d.gift_card.recipient_name ?? null,
          message: d.gift_card.message ?? null,
        }
      : null,
    action_url: d.action_url ?? null,
  };
}

/** Sample data for previews: a cart of two things, a discount, a named shopper. */
export function sampleData(purpose: Purpose, currency: string): Record<string, unknown> {
  const exp = minorUnitExponent(currency);
  const m = (major: number) => major * 10 ** exp;
  const cart = {
    id: 'cart_01SAMPLE0000000000000000000',
    recovery_url: 'https://shop.example/cart/recover/sample',
    currency,
    subtotal: m(85),
    total: m(85),
    items: [
      {
        title: 'Linen shirt',
        variant_title: 'Blue / M',
        quantity: 1,
        unit_price: m(45),
        image_url: 'https://shop.example/images/linen-shirt.jpg',
        url: 'https://shop.example/products/linen-shirt',
      },
      {
        title: 'Canvas tote',
        variant_title: null,
        quantity: 2,
        unit_price: m(20),
        image_url: null,
        url: 'https://shop.example/products/canvas-tote',
      },
    ],
  };
  const customer = { first_name: 'Linh', last_name: 'Nguyen', email: 'linh@example.com' };
  if (purpose === 'recovery') {
    return {
      customer,
      cart,
      discount: { code: 'COMEBACK10', description: '10% off your order', expires_at: null },
    };
  }
  return {
    customer,
    cart,
    order: { number: '#1001', total: m(85), currency, url: 'https://shop.example/orders/1001' },
    action_url: 'https://shop.example/account',
  };
}
